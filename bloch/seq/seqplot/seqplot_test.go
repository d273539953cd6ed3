package seqplot_test

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/bloch/seq/seqplot"
)

// TestDiagram draws the first TR of a spin echo and its k-space, and
// checks that the results decode as PNG pictures of the expected size.
func TestDiagram(t *testing.T) {
	s, err := seq.SE(seq.SEParams{Matrix: 32, TE: 0.03, TR: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := seqplot.Diagram(&b, s, 0, s.Params.TR); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() < 500 || r.Dy() < 500 {
		t.Errorf("diagram %v", r)
	}
	b.Reset()
	if err := seqplot.KSpace(&b, s); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&b); err != nil {
		t.Fatal(err)
	}
	if err := seqplot.Diagram(&b, s, 1, 0); err == nil {
		t.Error("an inverted window was accepted")
	}
}

// TestKSpace checks the per-sample trajectory of the spin echo: one point
// per sample, on the Cartesian grid of the field of view, centred.
func TestKSpace(t *testing.T) {
	s, err := seq.SE(seq.SEParams{Matrix: 16, FOV: 0.2, TE: 0.03, TR: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	k := s.KSpace()
	if len(k) != 16*16 {
		t.Fatalf("%d samples", len(k))
	}
	// Line 8, sample 8 is the centre.
	if c := k[8*16+8]; abs(c[0]) > 1e-6 || abs(c[1]) > 1e-6 {
		t.Errorf("centre sample at %v", c)
	}
	if c := k[0]; abs(c[0]+8/0.2) > 1e-6 || abs(c[1]+8/0.2) > 1e-6 {
		t.Errorf("first sample at %v, want (−40, −40)", c)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
