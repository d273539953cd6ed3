package seq_test

import (
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// area returns 2π·|Σ s·dwell|, the flip of a pulse whose B1 keeps one
// direction.
func area(rf *seq.RF) float64 {
	var sum complex128
	for _, v := range rf.Signal {
		sum += v
	}
	return 2 * math.Pi * cmplx.Abs(sum) * rf.Dwell
}

// TestGaussPulse checks the Gaussian envelope against its closed form
// exp(−π(BW·t)²)·window at every sample centre (the ratio to it constant to
// 1e-12), its flip (area, 1e-12), centre, slice-select amplitude
// BW/thickness (1e-12 relative) with the pulse on the flat top, and the
// non-selective form.
func TestGaussPulse(t *testing.T) {
	sys := seq.DefaultSystem()
	p := seq.GaussPulse{FlipAngle: math.Pi / 2, Duration: 4e-3, TimeBandwidth: 3, Apodization: 0.3,
		SliceThickness: 6e-3, FreqPPM: -3.45, Use: seq.Saturation}
	rf, gz, dur, err := p.Make(sys)
	if err != nil {
		t.Fatal(err)
	}
	bw := 3 / 4e-3
	var ratio float64
	for k, v := range rf.Signal {
		tk := (float64(k)+0.5)*rf.Dwell - 2e-3
		want := math.Exp(-math.Pi*bw*bw*tk*tk) * (0.7 + 0.3*math.Cos(2*math.Pi*tk/4e-3))
		if k == 0 {
			ratio = real(v) / want
		}
		if math.Abs(real(v)/want/ratio-1) > 1e-12 || imag(v) != 0 {
			t.Fatalf("sample %d: %v, not proportional to %g", k, v, want)
		}
	}
	if a := area(rf); math.Abs(a-math.Pi/2) > 1e-12 {
		t.Errorf("flip %g rad, want π/2", a)
	}
	if rf.Center != 2e-3 || rf.FreqPPM != -3.45 || rf.Use != seq.Saturation {
		t.Errorf("centre %g s, FreqPPM %g, use %v", rf.Center, rf.FreqPPM, rf.Use)
	}
	if math.Abs(gz.Amplitude/(bw/6e-3)-1) > 1e-12 {
		t.Errorf("slice-select %g Hz/m, want %g", gz.Amplitude, bw/6e-3)
	}
	if rf.Delay < gz.Delay+gz.Rise-1e-12 || rf.Delay+4e-3 > gz.Delay+gz.Rise+gz.Flat+1e-12 || dur < gz.Duration() {
		t.Errorf("pulse %g–%g s outside the flat top of %+v (block %g s)", rf.Delay, rf.Delay+4e-3, *gz, dur)
	}
	p.SliceThickness = 0
	if rf, gz, _, err := p.Make(sys); err != nil || gz != nil || rf.Delay != sys.RFDeadTime {
		t.Errorf("non-selective: gz %v, delay %v, %v", gz, rf, err)
	}
	for _, bad := range []seq.GaussPulse{{FlipAngle: 1, Duration: 0}, {FlipAngle: math.NaN(), Duration: 1e-3}, {FlipAngle: 1, Duration: 1e-3, TimeBandwidth: -1}} {
		if _, _, _, err := bad.Make(sys); err == nil || !strings.Contains(err.Error(), "gauss") {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

// TestArbitraryPulse scales a complex triangle (constant phase 0.7 rad) to
// its flip (area along its direction, 1e-12), keeps its phase, centres it
// on the peak, and refuses a zero-area shape naming the pulse.
func TestArbitraryPulse(t *testing.T) {
	sys := seq.DefaultSystem()
	sig := make([]complex128, 101)
	for k := range sig {
		sig[k] = complex(float64(50-abs(k-50)), 0) * cmplx.Exp(complex(0, 0.7))
	}
	rf, gz, _, err := seq.ArbitraryPulse{Signal: sig, Dwell: 20e-6, FlipAngle: math.Pi / 6, Bandwidth: 2000,
		SliceThickness: 5e-3, Use: seq.Excitation}.Make(sys)
	if err != nil {
		t.Fatal(err)
	}
	if a := area(rf); math.Abs(a-math.Pi/6) > 1e-12 {
		t.Errorf("flip %g rad, want π/6", a)
	}
	for k, v := range rf.Signal {
		if v != 0 && math.Abs(cmplx.Phase(v)-0.7) > 1e-12 {
			t.Fatalf("sample %d phase %g, want 0.7", k, cmplx.Phase(v))
		}
	}
	if math.Abs(rf.Center-50.5*20e-6) > 1e-15 {
		t.Errorf("centre %g s, want the peak sample's centre %g", rf.Center, 50.5*20e-6)
	}
	if math.Abs(gz.Amplitude-2000/5e-3) > 1e-6 {
		t.Errorf("slice-select %g Hz/m", gz.Amplitude)
	}
	zero := []complex128{1, -1}
	if _, _, _, err := (seq.ArbitraryPulse{Signal: zero, FlipAngle: 1}).Make(sys); err == nil || !strings.Contains(err.Error(), "arbitrary") {
		t.Errorf("zero-area shape: %v", err)
	}
	if _, _, _, err := (seq.ArbitraryPulse{Signal: sig, FlipAngle: 1, SliceThickness: 5e-3}).Make(sys); err == nil {
		t.Error("selective pulse without bandwidth accepted")
	}
}

func abs(k int) int {
	if k < 0 {
		return -k
	}
	return k
}

// TestRephaser checks that the slice-select area after the pulse centre
// plus the rephaser's area is zero (1e-9 /m) for a sinc and a Gaussian,
// integrating the trapezoid independently.
func TestRephaser(t *testing.T) {
	sys := seq.DefaultSystem()
	sinc, gzS, _, err := seq.SincPulse{FlipAngle: 1, Duration: 2e-3, TimeBandwidth: 4, SliceThickness: 5e-3}.Make(sys)
	if err != nil {
		t.Fatal(err)
	}
	gauss, gzG, _, err := seq.GaussPulse{FlipAngle: 1, Duration: 3e-3, SliceThickness: 4e-3}.Make(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		rf *seq.RF
		gz *seq.Gradient
	}{{sinc, gzS}, {gauss, gzG}} {
		r, err := seq.Rephaser(sys, c.rf, c.gz)
		if err != nil {
			t.Fatal(err)
		}
		tc := c.rf.Delay + c.rf.Center
		g := c.gz
		// Area of the flat top after tc plus the fall ramp.
		after := g.Amplitude*(g.Delay+g.Rise+g.Flat-tc) + g.Amplitude*g.Fall/2
		if d := after + r.Amplitude*(r.Rise/2+r.Flat+r.Fall/2); math.Abs(d) > 1e-9 {
			t.Errorf("net area after the pulse centre %g /m", d)
		}
	}
	if r, err := seq.Rephaser(sys, sinc, nil); r != nil || err != nil {
		t.Errorf("nil gradient: %v, %v", r, err)
	}
}

// TestRFSpoilPhase checks the quadratic phases against 117°·m(m+1)/2 mod
// 360° written out: 0°, 117°, 351°, 342°, 90°, 315°.
func TestRFSpoilPhase(t *testing.T) {
	for m, deg := range []float64{0, 117, 351, 342, 90, 315} {
		if got := seq.RFSpoilPhase(m) * 180 / math.Pi; math.Abs(got-deg) > 1e-9 {
			t.Errorf("pulse %d: %g°, want %g°", m, got, deg)
		}
	}
}
