package bloch_test

import (
	"context"
	"math"
	"math/cmplx"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// gaussPulse is a 16 ms Gaussian envelope (σ = 2 ms, ±4σ) scaled to a 90°
// flip for a spin on its frequency: its spectrum exp(−(2πfσ)²/2) is 0.024
// of the peak 217 Hz away, the fat–water shift at 1.5 T.
func gaussPulse() *seq.RF {
	const n, dwell, sigma = 1600, 10e-6, 2e-3
	sig := make([]complex128, n)
	area := 0.0
	for k := range sig {
		t := (float64(k)+0.5)*dwell - n*dwell/2
		v := math.Exp(-t * t / (2 * sigma * sigma))
		sig[k] = complex(v, 0)
		area += v * dwell
	}
	for k := range sig {
		sig[k] *= complex(0.25/area, 0) // 2π·∫B1 dt = π/2
	}
	return &seq.RF{Signal: sig, Dwell: dwell, Center: n * dwell / 2, Use: seq.Saturation}
}

// fatWater is one water spin (Δf = 0) and one fat spin (Δf = −3.45 ppm of
// the Larmor frequency at b0), without relaxation.
func fatWater(b0 float64) *phantom.Object {
	inf := math.Inf(1)
	return &phantom.Object{X: []float64{0, 0}, Y: []float64{0, 0}, Z: []float64{0, 0}, M0: []float64{1, 1},
		T1: []float64{inf, inf}, T2: []float64{inf, inf}, DF: []float64{0, -3.45e-6 * kspace.Gamma1H * b0}}
}

// TestPPMOffsets checks the Pulseq 1.5 offsets given in ppm of the Larmor
// frequency f0 = γ̄B0: an RF pulse and an ADC with FreqPPM and PhasePPM give
// the same samples as the same events with the offsets converted by hand
// to Hz and radians (to 1e-6 of the signal: complex64 output, and f0·ppm
// rounds differently from the hand product); the ADC's per-sample phase
// modulation turns sample n by exp(+iφ_n), as its PhaseOffset would (to
// 1e-6); a fat-saturation pulse
// at −3.45 ppm excites the fat spin fully (|Mxy| ≥ 0.99) and the water spin
// hardly (≤ 0.05: its spectrum is 0.024 of the peak there), and the same
// pulse without the offset does the opposite; an offset in ppm without B0
// is an error.
func TestPPMOffsets(t *testing.T) {
	const b0, fppm, pppm = 1.5, -3.45, 0.8
	f0 := kspace.Gamma1H * b0
	sys := seq.DefaultSystem()
	sys.B0 = b0
	build := func(rf *seq.RF, adc *seq.ADC) *seq.Sequence {
		return &seq.Sequence{System: sys, Blocks: []seq.Block{
			{Duration: rf.Duration(), RF: rf},
			{Duration: adc.Duration(), ADC: adc},
		}}
	}
	run := func(s *seq.Sequence) []complex64 {
		t.Helper()
		d, err := bloch.Simulate(context.Background(), s, fatWater(b0), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return d.Acquisitions[0].Data
	}
	const ns = 64
	phases := make([]float64, ns)
	for n := range phases {
		phases[n] = 0.3 * float64(n*n%7)
	}

	// ppm offsets against hand-converted ones.
	rfP, rfH := gaussPulse(), gaussPulse()
	rfP.FreqPPM, rfP.PhasePPM = fppm, pppm
	rfH.FreqOffset, rfH.PhaseOffset = fppm*1e-6*f0, pppm*1e-6*f0
	adcP := &seq.ADC{Samples: ns, Dwell: 20e-6, Delay: 20e-6, FreqPPM: fppm, PhasePPM: pppm}
	adcH := &seq.ADC{Samples: ns, Dwell: 20e-6, Delay: 20e-6, FreqOffset: fppm * 1e-6 * f0, PhaseOffset: pppm * 1e-6 * f0}
	a, b := run(build(rfP, adcP)), run(build(rfH, adcH))
	for n := range a {
		if d := cmplx.Abs(complex128(a[n] - b[n])); d > 1e-6 {
			t.Fatalf("sample %d: ppm offsets give %v, hand-converted %v", n, a[n], b[n])
		}
	}

	// Phase modulation.
	adcM := *adcH
	adcM.PhaseModulation = phases
	m := run(build(rfH, &adcM))
	for n := range m {
		want := complex128(b[n]) * cmplx.Exp(complex(0, phases[n]))
		if d := cmplx.Abs(complex128(m[n]) - want); d > 1e-6 {
			t.Fatalf("sample %d: modulated %v, want %v", n, m[n], want)
		}
	}

	// Fat saturation: one spin at a time, first sample (20 µs after the
	// pulse).
	for _, c := range []struct {
		ppm        float64
		fat, water bool // excited?
	}{{fppm, true, false}, {0, false, true}} {
		rf := gaussPulse()
		rf.FreqPPM = c.ppm
		s := build(rf, &seq.ADC{Samples: 1, Dwell: 20e-6, Delay: 0})
		for i, name := range []string{"water", "fat"} {
			obj := fatWater(b0)
			obj.X, obj.Y, obj.Z = obj.X[i:i+1], obj.Y[i:i+1], obj.Z[i:i+1]
			obj.M0, obj.T1, obj.T2, obj.DF = obj.M0[i:i+1], obj.T1[i:i+1], obj.T2[i:i+1], obj.DF[i:i+1]
			d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{})
			if err != nil {
				t.Fatal(err)
			}
			mxy := cmplx.Abs(complex128(d.Acquisitions[0].Data[0]))
			excited := (name == "fat" && c.fat) || (name == "water" && c.water)
			t.Logf("pulse at %g ppm: %s |Mxy| %.4f", c.ppm, name, mxy)
			if excited && mxy < 0.99 || !excited && mxy > 0.05 {
				t.Errorf("pulse at %g ppm: %s |Mxy| %.4f", c.ppm, name, mxy)
			}
		}
	}

	// No B0.
	s := build(rfP, adcH)
	s.System.B0 = 0
	if _, err := bloch.Simulate(context.Background(), s, fatWater(b0), bloch.Options{}); err == nil || !strings.Contains(err.Error(), "B0") {
		t.Errorf("FreqPPM without B0: %v", err)
	}
}

// TestFrequencyOffsetSigns pins the signs of RF and receiver frequency
// offsets to Pulseq's meaning: a slice-selective sinc with FreqOffset =
// G·z excites the slice at +z (|Mxy| ≥ 0.99 at its centre, ≤ 1e-3 at −z)
// and, with Pulseq's PhaseOffset = −2π·FreqOffset·Center, with the phase
// the unshifted pulse gives at z = 0,
// and an ADC with FreqOffset = Δf receives a spin at Δf at zero frequency
// (every sample equal to 1e-6), while without it the samples turn as
// exp(−i2πΔf·t) (the signal convention; to 1e-6).
func TestFrequencyOffsetSigns(t *testing.T) {
	sys := seq.DefaultSystem()
	rf, gz, dur, err := seq.SincPulse{FlipAngle: math.Pi / 2, Duration: 2e-3, TimeBandwidth: 4, Apodization: 0.5,
		SliceThickness: 5e-3, Use: seq.Excitation}.Make(sys)
	if err != nil {
		t.Fatal(err)
	}
	const z0 = 0.01
	rf.FreqOffset = gz.Amplitude * z0
	reph, err := seq.Rephaser(sys, rf, gz)
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(1)
	one := func(z, df float64) *phantom.Object {
		return &phantom.Object{X: []float64{0}, Y: []float64{0}, Z: []float64{z}, M0: []float64{1},
			T1: []float64{inf}, T2: []float64{inf}, DF: []float64{df}}
	}
	s := &seq.Sequence{System: sys, Blocks: []seq.Block{{Duration: dur, RF: rf, Gz: gz},
		{Duration: reph.Duration(), Gz: reph}, {Duration: 20e-6, ADC: &seq.ADC{Samples: 1, Dwell: 20e-6}}}}
	for _, c := range []struct {
		z      float64
		lo, hi float64
	}{{z0, 0.99, 1.01}, {-z0, 0, 1e-3}} {
		d, err := bloch.Simulate(context.Background(), s, one(c.z, 0), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if m := cmplx.Abs(complex128(d.Acquisitions[0].Data[0])); m < c.lo || m > c.hi {
			t.Errorf("slice at %g m: spin at z = %g m has |Mxy| %.4f, want [%g, %g]", z0, c.z, m, c.lo, c.hi)
		}
	}
	// Pulseq programs set PhaseOffset = −2π·FreqOffset·Center so that the
	// off-centre slice is excited with the phase the centred one has: the
	// transmitter's phase runs from the start of the pulse. The spin at the
	// centre of the shifted slice then ends where the spin at z = 0 does
	// under the unshifted pulse (to 1e-6: the same rotations up to rounding).
	rf.PhaseOffset = -2 * math.Pi * rf.FreqOffset * rf.Center
	shifted, err := bloch.Simulate(context.Background(), s, one(z0, 0), bloch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	centred := *rf
	centred.FreqOffset, centred.PhaseOffset = 0, 0
	s0 := &seq.Sequence{System: sys, Blocks: []seq.Block{{Duration: dur, RF: &centred, Gz: gz},
		{Duration: reph.Duration(), Gz: reph}, {Duration: 20e-6, ADC: &seq.ADC{Samples: 1, Dwell: 20e-6}}}}
	atZero, err := bloch.Simulate(context.Background(), s0, one(0, 0), bloch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := shifted.Acquisitions[0].Data[0], atZero.Acquisitions[0].Data[0]; cmplx.Abs(complex128(a-b)) > 1e-6 {
		t.Errorf("slice at %g m with Pulseq's phase compensation: %v at its centre, %v at z = 0 unshifted", z0, a, b)
	}

	const df, dwell, ns = 100.0, 100e-6, 50
	hard, hd, err := seq.HardPulse(sys, math.Pi/2, 20e-6, 0, seq.Excitation)
	if err != nil {
		t.Fatal(err)
	}
	for _, off := range []float64{df, 0} {
		s := &seq.Sequence{System: sys, Blocks: []seq.Block{{Duration: hd, RF: hard},
			{Duration: ns * dwell, ADC: &seq.ADC{Samples: ns, Dwell: dwell, FreqOffset: off}}}}
		d, err := bloch.Simulate(context.Background(), s, one(0, df), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		x := d.Acquisitions[0].Data
		for n := range x {
			want := complex128(x[0])
			if off == 0 {
				want *= cmplx.Exp(complex(0, -2*math.Pi*df*float64(n)*dwell))
			}
			if e := cmplx.Abs(complex128(x[n]) - want); e > 1e-6 {
				t.Fatalf("receiver offset %g Hz, spin at %g Hz: sample %d is %v, want %v", off, df, n, x[n], want)
			}
		}
	}
}
