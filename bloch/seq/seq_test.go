package seq_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// TestGRETiming checks the GRE's timing from its blocks, independently of
// the builder's own arithmetic: the time from the centre of each pulse to
// ADC sample N/2 of its line is TE, the k-space position there (the
// integral of every gradient from the pulse centre) is zero, and
// consecutive pulses are TR apart. Tolerance 1 ns (times are sums of a few
// hundred rasters in float64).
func TestGRETiming(t *testing.T) {
	for _, p := range []seq.GREParams{
		{Matrix: 64},
		{Matrix: 32, FOV: 0.2, TE: 8e-3, TR: 30e-3, Excitation: seq.HardExcitation, DummyScans: 3},
	} {
		s, err := seq.GRE(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		// The ADC samples at half dwells, so TE lands within half a block
		// raster of the value asked for; Params.TE holds the true one.
		if p.TE != 0 && math.Abs(s.Params.TE-p.TE) > s.System.BlockRaster/2+1e-12 {
			t.Errorf("TE %g, asked %g", s.Params.TE, p.TE)
		}
		n := s.Encoding.Matrix[0]
		var tStart, tCentre, lastCentre float64
		var k [3]float64
		lines := 0
		for i := range s.Blocks {
			b := &s.Blocks[i]
			if b.RF != nil {
				c := tStart + b.RF.Delay + b.RF.Center
				if lastCentre > 0 && math.Abs(c-lastCentre-s.Params.TR) > 1e-9 {
					t.Fatalf("block %d: pulse %g s after the previous, TR %g", i+1, c-lastCentre, s.Params.TR)
				}
				lastCentre, tCentre = c, c
				// k restarts at the pulse centre: integrate the rest of the block.
				for ax := range 3 {
					k[ax] = integrate(b.Grad(ax), b.RF.Delay+b.RF.Center, b.Duration)
				}
			} else if b.ADC != nil {
				ts := b.ADC.Delay + (float64(n/2)+0.5)*b.ADC.Dwell
				for ax := range 3 {
					k[ax] += integrate(b.Grad(ax), 0, ts)
				}
				if te := tStart + ts - tCentre; math.Abs(te-s.Params.TE) > 1e-9 {
					t.Fatalf("block %d: echo %g s after the pulse, TE %g", i+1, te, s.Params.TE)
				}
				line := b.Labels[0].Value
				wantKy := float64(line-n/2) / s.Encoding.FOV[1]
				if math.Abs(k[0]) > 1e-6 || math.Abs(k[1]-wantKy) > 1e-6 || math.Abs(k[2]) > 1e-6 {
					t.Fatalf("line %d: k at the echo = %v, want (0, %g, 0)", line, k, wantKy)
				}
				// Sample spacing in k is 1/FOV.
				if dk := b.Gx.Amplitude * b.ADC.Dwell; math.Abs(dk*s.Encoding.FOV[0]-1) > 1e-9 {
					t.Fatalf("Δk·FOV = %g, want 1", dk*s.Encoding.FOV[0])
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
			t.Errorf("%d lines, want %d", lines, n)
		}
	}
}

// integrate returns ∫ g over [t0, t1], integrating each linear piece of
// the corner points exactly over its overlap with [t0, t1] (the test's own
// integrator, independent of the package's moment code).
func integrate(g *seq.Gradient, t0, t1 float64) float64 {
	if g == nil || t1 <= t0 {
		return 0
	}
	tt, aa := g.Corners()
	var s float64
	for i := 1; i < len(tt); i++ {
		lo, hi := math.Max(tt[i-1], t0), math.Min(tt[i], t1)
		if hi <= lo || tt[i] <= tt[i-1] {
			continue
		}
		slope := (aa[i] - aa[i-1]) / (tt[i] - tt[i-1])
		v := func(t float64) float64 { return aa[i-1] + slope*(t-tt[i-1]) }
		s += 0.5 * (v(lo) + v(hi)) * (hi - lo)
	}
	return s
}

func TestTrapezoidArea(t *testing.T) {
	sys := seq.DefaultSystem()
	for _, area := range []float64{1, -37.5, 250, 1e4} {
		g, err := seq.TrapezoidArea(sys, area)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(g.Area()-area) > 1e-9*math.Abs(area) {
			t.Errorf("area %g: got %g", area, g.Area())
		}
		s := &seq.Sequence{System: sys, Blocks: []seq.Block{{Duration: math.Ceil(g.Duration()/1e-5-1e-6) * 1e-5, Gx: g}}}
		if err := s.Check(); err != nil {
			t.Errorf("area %g: %v", area, err)
		}
		// One raster shorter cannot reach the area: the rise would need a
		// slew or an amplitude above the limits.
		if tri := 2 * math.Sqrt(math.Abs(area)/sys.MaxSlew); g.Duration() < tri-1e-12 {
			t.Errorf("area %g: %g s is shorter than the triangle bound %g s", area, g.Duration(), tri)
		}
	}
}

func TestCheckReportsEveryViolation(t *testing.T) {
	sys := seq.DefaultSystem()
	s := &seq.Sequence{System: sys, Blocks: []seq.Block{
		{Duration: 1e-3, Gx: &seq.Gradient{Amplitude: 2 * sys.MaxGrad, Rise: 1e-4, Flat: 1e-4, Fall: 1e-4}},
		{Duration: 1e-3},
		{Duration: 1e-3, Gy: &seq.Gradient{Amplitude: sys.MaxGrad, Rise: 1e-5, Flat: 1e-4, Fall: 1e-5}},
		{Duration: 1e-4, ADC: &seq.ADC{Samples: 100, Dwell: 1e-5}},
	}}
	err := s.Check()
	var ce *seq.CheckError
	if !errors.As(err, &ce) || len(ce.Violations) != 4 {
		t.Fatalf("got %v, want 4 violations", err)
	}
	for i, want := range []string{"block 1: gradient x: amplitude", "block 3: gradient y: slew", "block 4: adc: delay", "block 4: adc: ends"} {
		if !strings.Contains(ce.Violations[i].Error(), want) {
			t.Errorf("violation %d: %q does not mention %q", i, ce.Violations[i], want)
		}
	}
}

func TestSincFlipAngle(t *testing.T) {
	sys := seq.DefaultSystem()
	rf, gz, _, err := seq.SincPulse{FlipAngle: math.Pi / 3, Duration: 3e-3, TimeBandwidth: 4, Apodization: 0.5,
		SliceThickness: 3e-3}.Make(sys)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(rf.FlipAngle()-math.Pi/3) > 1e-12 {
		t.Errorf("flip %g, want π/3", rf.FlipAngle())
	}
	// Slice thickness = bandwidth / gradient amplitude.
	if bw := 4 / 3e-3; math.Abs(gz.Amplitude-bw/3e-3) > 1e-6 {
		t.Errorf("slice-select %g Hz/m, want %g", gz.Amplitude, bw/3e-3)
	}
	if gz.Amplitude/kspace.Gamma1H > 0.04 {
		t.Errorf("slice select above 40 mT/m")
	}
}

func TestGREErrors(t *testing.T) {
	for name, p := range map[string]seq.GREParams{
		"TE too short": {TE: 1e-4},
		"TR too short": {TR: 1e-3},
		"matrix":       {Matrix: 1},
		"flip":         {FlipAngle: -1},
		"strong read":  {Dwell: 1e-7, FOV: 0.01},
	} {
		if _, err := seq.GRE(p); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "seq: gre:") {
			t.Errorf("%s: error %q lacks the builder's name", name, err)
		}
	}
}

// TestTrapezoidImplausibleLimits checks that limits in the wrong units (a
// slew rate a million times too small: a 200 s ramp) give an error at
// once instead of a search over 2e7 ramp lengths.
func TestTrapezoidImplausibleLimits(t *testing.T) {
	sys := seq.DefaultSystem()
	sys.MaxSlew /= 1e6
	if _, err := seq.TrapezoidArea(sys, 100); err == nil || !strings.Contains(err.Error(), "MaxSlew") {
		t.Errorf("error %v, want one naming MaxSlew", err)
	}
}
