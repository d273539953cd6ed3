package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestRun checks that the example writes two decodable PNGs and lists the
// blocks of one TR: one excitation, one refocusing pulse, one ADC.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	out, kout := filepath.Join(dir, "se.png"), filepath.Join(dir, "k.png")
	var log bytes.Buffer
	if err := run(seq.SEParams{Matrix: 32, TE: 0.03, TR: 0.5}, out, kout, &log); err != nil {
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
	if err := run(seq.SEParams{Matrix: 32, TE: 0.001}, out, kout, &log); err == nil {
		t.Error("TE of 1 ms accepted")
	}
}
