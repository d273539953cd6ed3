package seq_test

import (
	"math"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestSETiming walks the blocks of the spin echo independently of the
// builder: the 180° centre is TE/2 after the 90° centre, sample N/2 of
// every line is TE after it, and the k-space position there (the gradient
// integral since the 90° centre, negated at the 180° centre) is
// (0, (j − N/2)/FOV, 0). Times to 1 ns, k to 1e-6 /m.
func TestSETiming(t *testing.T) {
	for _, p := range []seq.SEParams{{Matrix: 64}, {Matrix: 32, FOV: 0.2, TE: 0.03, TR: 0.3}, {Matrix: 32, RFDuration: 2.01e-3}} {
		s, err := seq.SE(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		if p.TE != 0 && math.Abs(s.Params.TE-p.TE) > s.System.BlockRaster*2 {
			t.Errorf("TE %g, asked %g", s.Params.TE, p.TE)
		}
		n := s.Encoding.Matrix[0]
		var tStart, t90 float64
		var k [3]float64
		lines := 0
		for i := range s.Blocks {
			b := &s.Blocks[i]
			switch {
			case b.RF != nil && b.RF.Use == seq.Excitation:
				t90 = tStart + b.RF.Delay + b.RF.Center
				for ax := range 3 {
					k[ax] = integrate(b.Grad(ax), b.RF.Delay+b.RF.Center, b.Duration)
				}
			case b.RF != nil && b.RF.Use == seq.Refocusing:
				c := b.RF.Delay + b.RF.Center
				if got := tStart + c - t90; math.Abs(got-s.Params.TE/2) > 1e-9 {
					t.Fatalf("180° centre %g s after the 90°, TE/2 = %g", got, s.Params.TE/2)
				}
				for ax := range 3 {
					k[ax] = -(k[ax] + integrate(b.Grad(ax), 0, c)) + integrate(b.Grad(ax), c, b.Duration)
				}
			case b.ADC != nil:
				ts := b.ADC.Delay + (float64(n/2)+0.5)*b.ADC.Dwell
				if te := tStart + ts - t90; math.Abs(te-s.Params.TE) > 1e-9 {
					t.Fatalf("echo %g s after the 90°, TE %g", te, s.Params.TE)
				}
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), 0, ts)
				}
				line := b.Labels[0].Value
				if want := float64(line-n/2) / s.Encoding.FOV[1]; math.Abs(k[0]) > 1e-6 || math.Abs(k[1]-want) > 1e-6 || math.Abs(k[2]) > 1e-6 {
					t.Fatalf("line %d: k at the echo %v, want (0, %g, 0)", line, k, want)
				}
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), ts, b.Duration)
				}
				lines++
			default:
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), 0, b.Duration)
				}
			}
			tStart += b.Duration
		}
		if lines != n {
			t.Errorf("%d lines, want %d", lines, n)
		}
	}
	if _, err := seq.SE(seq.SEParams{TE: 1e-3}); err == nil {
		t.Error("TE of 1 ms accepted")
	}
}

// TestBSSFPBalanced checks by walking the blocks that every TR of the
// balanced SSFP has zero net gradient area on each axis (to 1e-6 /m), that
// the echo of every line is TR/2 after its pulse centre and at
// k = (0, ky, 0), and that the α/2 pulse is TR/2 before the first α.
func TestBSSFPBalanced(t *testing.T) {
	for _, p := range []seq.BSSFPParams{{Matrix: 32}, {Matrix: 16, Excitation: seq.HardExcitation, TR: 8e-3, DummyScans: 3}} {
		s, err := seq.BSSFP(p)
		if err != nil {
			t.Fatal(err)
		}
		n := s.Encoding.Matrix[0]
		var tStart, lastCentre float64
		var k [3]float64
		started, lines := false, 0
		centres := 0
		for i := range s.Blocks {
			b := &s.Blocks[i]
			if b.RF != nil {
				c := tStart + b.RF.Delay + b.RF.Center
				if centres > 0 && math.Abs(c-lastCentre-s.Params.TR*map[bool]float64{true: 1, false: 0.5}[centres > 1]) > 1e-9 {
					t.Fatalf("pulse %d %g s after the previous", centres, c-lastCentre)
				}
				if started {
					for ax := range 3 {
						k[ax] += integrate(b.Grad(ax), 0, b.RF.Delay+b.RF.Center)
						if math.Abs(k[ax]) > 1e-6 {
							t.Fatalf("pulse %d: net area %v over the TR before it", centres, k)
						}
					}
				}
				started = centres > 0
				lastCentre = c
				centres++
				for ax := range 3 {
					k[ax] = integrate(b.Grad(ax), b.RF.Delay+b.RF.Center, b.Duration)
				}
			} else if b.ADC != nil {
				ts := b.ADC.Delay + (float64(n/2)+0.5)*b.ADC.Dwell
				if te := tStart + ts - lastCentre; math.Abs(te-s.Params.TR/2) > 1e-9 {
					t.Fatalf("echo %g s after the pulse, TR/2 = %g", te, s.Params.TR/2)
				}
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), 0, ts)
				}
				line := b.Labels[0].Value
				if want := float64(line-n/2) / s.Encoding.FOV[1]; math.Abs(k[0]) > 1e-6 || math.Abs(k[1]-want) > 1e-6 || math.Abs(k[2]) > 1e-6 {
					t.Fatalf("line %d: k at the echo %v", line, k)
				}
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), ts, b.Duration)
				}
				lines++
			} else {
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), 0, b.Duration)
				}
			}
			tStart += b.Duration
		}
		if lines != n {
			t.Errorf("%d lines", lines)
		}
	}
}
