package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun checks that the example writes two decodable PNGs and lists the
// blocks of one spin-echo TR: one excitation, one refocusing pulse, one
// ADC; and that every other sequence draws one repetition with at least
// one ADC.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	out, kout := filepath.Join(dir, "se.png"), filepath.Join(dir, "k.png")
	var log bytes.Buffer
	if err := run(params{name: "se", matrix: 32, fov: 0.256, te: 0.03, tr: 0.5}, out, kout, &log); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{out, kout} {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil || img.Bounds().Dx() < 100 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	text := log.String()
	for word, want := range map[string]int{"RF excitation": 1, "RF refocusing": 1, "ADC": 1} {
		if got := strings.Count(text, word); got != want {
			t.Errorf("%q appears %d times in the listing, want %d:\n%s", word, got, want, text)
		}
	}
	if err := run(params{name: "se", matrix: 32, fov: 0.256, te: 0.001}, out, kout, &log); err == nil {
		t.Error("TE of 1 ms accepted")
	}
	for _, name := range []string{"gre", "ir", "tse", "bssfp", "epi", "radial", "spiral", "gre3d"} {
		log.Reset()
		if err := run(params{name: name, matrix: 32, fov: 0.256}, out, kout, &log); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := strings.Count(log.String(), "ADC"); n < 1 {
			t.Errorf("%s: %d ADC blocks in the listed repetition:\n%s", name, n, log.String())
		}
	}
}
