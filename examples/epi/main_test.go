package main

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestRun checks that the example runs for flat-top, ramp-sampled and
// multi-shot EPIs and writes two PNG pictures that decode, and that bad
// parameters give errors.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	diagram, kspace := filepath.Join(dir, "d.png"), filepath.Join(dir, "k.png")
	for _, p := range []seq.EPIParams{{Matrix: 64}, {Matrix: 64, RampSampling: true}, {Matrix: 32, Shots: 4}} {
		var out bytes.Buffer
		if err := run(p, 4, diagram, kspace, &out); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{diagram, kspace} {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() < 400 {
				t.Fatalf("%+v: %s: %v", p, f, err)
			}
		}
		if !strings.Contains(out.String(), "TE ") || !strings.Contains(out.String(), "Hz/pixel") {
			t.Errorf("%+v: output %q", p, out.String())
		}
	}
	if err := run(seq.EPIParams{Matrix: 63}, 4, diagram, kspace, &bytes.Buffer{}); err == nil {
		t.Error("an odd matrix was accepted")
	}
	if err := run(seq.EPIParams{Matrix: 64}, 0, diagram, kspace, &bytes.Buffer{}); err == nil {
		t.Error("zero readouts to show was accepted")
	}
}

// TestWindow checks by walking the blocks that the diagram's window starts
// with the excitation and ends exactly at the end of the n-th readout
// block (or the first shot's last one).
func TestWindow(t *testing.T) {
	s, err := seq.EPI(seq.EPIParams{Matrix: 16, Shots: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 3, 8, 20} {
		from, to, err := window(s, n)
		if err != nil {
			t.Fatal(err)
		}
		var tt float64
		adcs, pulses := 0, 0
		for _, b := range s.Blocks {
			if tt >= to-1e-12 {
				break
			}
			if b.RF != nil {
				pulses++
			}
			if b.ADC != nil {
				adcs++
			}
			tt += b.Duration
		}
		want := min(n, 8) // 16 lines in 2 shots: 8 readouts per shot
		if from != 0 || math.Abs(tt-to) > 1e-12 || adcs != want || pulses != 1 || s.Blocks[indexAt(s, to)-1].ADC == nil {
			t.Errorf("n = %d: window [%g, %g] s holds %d readouts and %d pulses, want %d and 1", n, from, to, adcs, pulses, want)
		}
	}
}

// indexAt returns the number of blocks that end at or before t [s].
func indexAt(s *seq.Sequence, t float64) int {
	var tt float64
	for i, b := range s.Blocks {
		tt += b.Duration
		if tt > t+1e-12 {
			return i
		}
	}
	return len(s.Blocks)
}
