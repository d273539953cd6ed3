package bloch_test

import (
	"context"
	"errors"
	"math"
	"math/cmplx"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// exactTol is the tolerance for closed-form results that the simulator
// reproduces without approximation (free precession, hard pulses on
// resonance): float64 rounding over a few hundred operations, stored as
// complex64 (relative precision 6e-8), with margin.
const exactTol = 1e-6

func oneSpin(x, y, z, m0, t1, t2, df float64) *phantom.Object {
	return &phantom.Object{X: []float64{x}, Y: []float64{y}, Z: []float64{z}, M0: []float64{m0},
		T1: []float64{t1}, T2: []float64{t2}, DF: []float64{df}}
}

// fidSequence is a hard pulse followed by an ADC of n samples.
func fidSequence(t *testing.T, flip, phase float64, n int, dwell float64) *seq.Sequence {
	t.Helper()
	sys := seq.DefaultSystem()
	rf, dur, err := seq.HardPulse(sys, flip, 100e-6, phase, seq.Excitation)
	if err != nil {
		t.Fatal(err)
	}
	return &seq.Sequence{System: sys, Blocks: []seq.Block{
		{Duration: dur, RF: rf},
		{Duration: float64(n) * dwell, ADC: &seq.ADC{Samples: n, Dwell: dwell}},
	}}
}

// TestFID checks a free induction decay against its closed form. With no
// relaxation, a hard pulse of flip α and phase φ turns about the axis at −φ
// from +x (the rotating-frame B1 is the conjugate of the transmitted
// envelope, see seq.RF) and gives Mxy = M0·sinα·i·e^{−iφ} exactly. With T2 and off-resonance, samples after the pulse follow
// exp(−t/T2)·exp(−i2πΔf t) relative to the first one exactly, and the first
// one's magnitude is M0·exp(−t/T2) from the pulse centre to within the tilt
// that Δf causes during the 100 µs pulse.
func TestFID(t *testing.T) {
	const (
		m0, t1, t2 = 0.7, 1.2, 0.05
		n, dwell   = 64, 100e-6
	)
	for _, tc := range []struct{ flip, phase float64 }{{math.Pi / 2, 0}, {math.Pi / 6, 0.4}, {2.5, -1.1}} {
		s := fidSequence(t, tc.flip, tc.phase, n, dwell)
		d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, m0, math.Inf(1), math.Inf(1), 0), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := complex(m0*math.Sin(tc.flip), 0) * 1i * cmplx.Exp(complex(0, -tc.phase))
		for k, v := range d.Acquisitions[0].Data {
			if cmplx.Abs(complex128(v)-want) > exactTol {
				t.Fatalf("flip %g phase %g: sample %d = %v, want %v", tc.flip, tc.phase, k, v, want)
			}
		}
	}
	const df = 37.0
	s := fidSequence(t, math.Pi/2, 0, n, dwell)
	d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, m0, t1, t2, df), bloch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pulseEnd := s.Blocks[0].RF.Delay + s.Blocks[0].RF.Duration()
	ref := d.Acquisitions[0].Data[0]
	for k, v := range d.Acquisitions[0].Data {
		tk := s.Blocks[0].Duration - pulseEnd + (float64(k)+0.5)*dwell
		t0 := s.Blocks[0].Duration - pulseEnd + 0.5*dwell
		want := complex128(ref) * complex(math.Exp(-(tk-t0)/t2), 0) * cmplx.Exp(complex(0, -2*math.Pi*df*(tk-t0)))
		if cmplx.Abs(complex128(v)-want) > exactTol {
			t.Fatalf("FID sample %d = %v, want %v", k, v, want)
		}
	}
	// B1 = 2.5 kHz for 90° in 100 µs: Δf = 37 Hz tilts the axis by
	// 37/2500 rad, changing |Mxy| by under (37/2500)²; T2 decay during the
	// pulse is referred to its centre to within (100 µs/T2)² ≈ 4e-6.
	tc := s.Blocks[0].Duration - pulseEnd + 0.5*dwell + s.Blocks[0].RF.Duration()/2
	if got, want := cmplx.Abs(complex128(ref)), m0*math.Exp(-tc/t2); math.Abs(got-want) > 3e-4*want {
		t.Errorf("first sample magnitude %g, want %g within 3e-4", got, want)
	}
}

// TestSpinEcho checks that a 90°–180° pair refocuses off-resonance: the echo
// at TE has magnitude M0·exp(−TE/T2) whatever Δf, and the k-space position
// recorded by the simulator is negated by the refocusing pulse.
func TestSpinEcho(t *testing.T) {
	sys := seq.DefaultSystem()
	const te = 20e-3
	exc, d1, err := seq.HardPulse(sys, math.Pi/2, 4e-6, 0, seq.Excitation)
	if err != nil {
		t.Fatal(err)
	}
	ref, d2, err := seq.HardPulse(sys, math.Pi, 4e-6, math.Pi/2, seq.Refocusing)
	if err != nil {
		t.Fatal(err)
	}
	excC := exc.Delay + exc.Center
	refC := ref.Delay + ref.Center
	gap1 := te/2 - (d1 - excC) - refC // from end of block 1 to the refocusing centre
	gap2 := te/2 - (d2 - refC)        // from end of block 2 to the echo
	const dwell = 10e-6
	s := &seq.Sequence{System: sys, Blocks: []seq.Block{
		{Duration: d1, RF: exc},
		{Duration: gap1},
		{Duration: d2, RF: ref},
		// One sample whose time, Delay + dwell/2, is the echo.
		{Duration: gap2 + dwell, ADC: &seq.ADC{Samples: 1, Dwell: dwell, Delay: gap2 - dwell/2}},
	}}
	const m0, t2 = 1.0, 0.08
	for _, df := range []float64{0, 13, -250, 1000} {
		d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, m0, math.Inf(1), t2, df), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := cmplx.Abs(complex128(d.Acquisitions[0].Data[0]))
		want := m0 * math.Exp(-te/t2)
		// Hard pulses of 4 µs (B1 = 62.5 kHz for 90°): off-resonance during
		// a pulse tilts its axis by Δf/B1, costing at most 2(Δf/B1)² of the
		// echo (6e-4 at 1 kHz); T2 decay during the pulses is referred to
		// their centres to within 4 µs/T2 = 5e-5.
		tol := 2*(df/62500)*(df/62500) + 1e-4
		if math.Abs(got-want) > tol*want+exactTol {
			t.Errorf("Δf = %g Hz: echo magnitude %.6f, want %.6f (tol %.1e)", df, got, want, tol)
		}
	}
}

// TestInversionRecovery checks Mz(TI) = M0(1 − 2exp(−TI/T1)) read out by a
// 90° pulse, including the null at TI = T1·ln 2.
func TestInversionRecovery(t *testing.T) {
	sys := seq.DefaultSystem()
	const t1, m0 = 0.8, 1.0
	for _, ti := range []float64{0.05, t1 * math.Ln2, 1.5} {
		inv, d1, _ := seq.HardPulse(sys, math.Pi, 100e-6, 0, seq.Inversion)
		exc, d2, _ := seq.HardPulse(sys, math.Pi/2, 50e-6, 0, seq.Excitation)
		gap := ti - (d1 - inv.Delay - inv.Center) - (exc.Delay + exc.Center)
		s := &seq.Sequence{System: sys, Blocks: []seq.Block{
			{Duration: d1, RF: inv},
			{Duration: gap},
			{Duration: d2, RF: exc},
			{Duration: 20e-6, ADC: &seq.ADC{Samples: 1, Dwell: 10e-6}},
		}}
		d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, m0, t1, math.Inf(1), 0), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// After 90° phase 0, Mz becomes +My: the sample's imaginary part is Mz(TI).
		got := float64(imag(d.Acquisitions[0].Data[0]))
		// Relaxation between the pulse centres and the sample (≤ 0.2 ms of
		// T1 recovery, T2 = ∞) shifts Mz by at most 2·(0.2e-3/0.8) = 5e-4.
		want := m0 * (1 - 2*math.Exp(-ti/t1))
		if math.Abs(got-want) > 6e-4 {
			t.Errorf("TI = %g s: Mz = %.6f, want %.6f", ti, got, want)
		}
	}
}

// TestWorkersBitIdentical checks that the result does not depend on the
// number of workers.
func TestWorkersBitIdentical(t *testing.T) {
	obj, err := phantom.SheppLogan2D(48, 0.24, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Give the spins off-resonance and two coils so that the per-spin RF
	// path and the coil sums are exercised too.
	obj.DF = make([]float64, obj.Len())
	obj.Coils = [][]complex64{make([]complex64, obj.Len()), make([]complex64, obj.Len())}
	for i := range obj.DF {
		obj.DF[i] = 5 * math.Sin(float64(i))
		obj.Coils[0][i] = complex(float32(1+obj.X[i]), 0.1)
		obj.Coils[1][i] = complex(0.5, float32(obj.Y[i]))
	}
	s, err := seq.GRE(seq.GREParams{Matrix: 48, FOV: 0.24, DummyScans: 5})
	if err != nil {
		t.Fatal(err)
	}
	var ref []complex64
	for _, w := range []int{1, 4, 3} {
		d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		var all []complex64
		for _, a := range d.Acquisitions {
			all = append(all, a.Data...)
		}
		if ref == nil {
			ref = all
			continue
		}
		for i := range all {
			if math.Float32bits(real(all[i])) != math.Float32bits(real(ref[i])) || math.Float32bits(imag(all[i])) != math.Float32bits(imag(ref[i])) {
				t.Fatalf("workers %d: sample %d = %v, with 1 worker %v", w, i, all[i], ref[i])
			}
		}
	}
}

func TestCancel(t *testing.T) {
	obj, _ := phantom.SheppLogan2D(32, 0.24, 1.5)
	s, _ := seq.GRE(seq.GREParams{Matrix: 32, FOV: 0.24})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := bloch.Simulate(ctx, s, obj, bloch.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled simulation returned %v", err)
	}
}

func TestRejects(t *testing.T) {
	s := fidSequence(t, 1, 0, 4, 1e-5)
	obj := oneSpin(0, 0, 0, 1, 1, 0.1, 0)
	obj.T2Prime = []float64{0.02}
	if _, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{}); !errors.Is(err, bloch.ErrUnsupported) {
		t.Errorf("finite T2': got %v, want ErrUnsupported", err)
	}
	bad := oneSpin(0, 0, 0, 1, -1, 0.1, 0)
	if _, err := bloch.Simulate(context.Background(), s, bad, bloch.Options{}); err == nil {
		t.Error("negative T1 accepted")
	}
	s.Blocks[1].ADC.Delay = 1 // beyond the block
	if _, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, 1, 1, 1, 0), bloch.Options{}); err == nil {
		t.Error("ADC outside its block accepted")
	}
}

// TestLongReadoutDrift checks a 4096-sample readout on a constant gradient
// (simulated by phasor recurrence) against the exact closed form
// M·E2^k·exp(−i2π(G·x + Δf)·t_k) computed with math.Sincos per sample. The
// recurrence drifts by about k·1e-16 between re-seeds; what limits the
// comparison is the complex64 output (6e-8 relative), hence 2e-7.
func TestLongReadoutDrift(t *testing.T) {
	const (
		n, dwell = 4096, 10e-6
		g, x, df = 1e4, 0.1037, 13.0 // Hz/m, m, Hz
		t2       = 0.03
	)
	s := &seq.Sequence{System: seq.DefaultSystem(), Blocks: []seq.Block{{
		Duration: n * dwell,
		Gx:       &seq.Gradient{Waveform: []float64{g, g}, Times: []float64{0, n * dwell}},
		ADC:      &seq.ADC{Samples: n, Dwell: dwell},
	}}}
	// Start from transverse magnetisation: put the spin there with a
	// 90° pulse in a block before.
	rf, dur, _ := seq.HardPulse(s.System, math.Pi/2, 10e-6, 0, seq.Excitation)
	s.Blocks = append([]seq.Block{{Duration: dur, RF: rf}}, s.Blocks...)
	d, err := bloch.Simulate(context.Background(), s, oneSpin(x, 0, 0, 1, math.Inf(1), t2, df), bloch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := d.Acquisitions[0].Data
	ref := complex128(data[0])
	for k := 1; k < n; k++ {
		tk := float64(k) * dwell
		want := ref * complex(math.Exp(-tk/t2), 0) * cmplx.Exp(complex(0, -2*math.Pi*math.Mod((g*x+df)*tk, 1)))
		// complex64 storage limits the comparison to ~1e-7 of the value.
		if e := cmplx.Abs(complex128(data[k])-want) / cmplx.Abs(want); e > 2e-7 {
			t.Fatalf("sample %d: %v, closed form %v (relative %.1e)", k, data[k], want, e)
		}
	}
}

// TestT2Prime checks reversible dephasing modelled by phantom.ExpandT2Prime:
// the FID of 512 isochromats decays as exp(−t/T2 − t/T2') up to t = 3·T2'
// (within 3 % of M0: the finite quantile grid), and a spin echo at TE
// refocuses it to exp(−TE/T2) (the isochromats are exact; tolerance as in
// TestSpinEcho for the ±300 Hz spread during 4 µs pulses, plus the
// half-weight tails of the grid: 2e-3).
func TestT2Prime(t *testing.T) {
	const t2, t2p, k = 0.1, 0.01, 512
	obj := oneSpin(0, 0, 0, 1, math.Inf(1), t2, 0)
	obj.T2Prime = []float64{t2p}
	iso, err := phantom.ExpandT2Prime(obj, k)
	if err != nil {
		t.Fatal(err)
	}
	if iso.Len() != k {
		t.Fatalf("%d isochromats", iso.Len())
	}
	const n, dwell = 60, 0.5e-3
	s := fidSequence(t, math.Pi/2, 0, n, dwell)
	d, err := bloch.Simulate(context.Background(), s, iso, bloch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rf := s.Blocks[0].RF
	t0 := s.Blocks[0].Duration - rf.Delay - rf.Center
	for j, v := range d.Acquisitions[0].Data {
		tj := t0 + (float64(j)+0.5)*dwell
		if tj > 3*t2p {
			break
		}
		want := math.Exp(-tj/t2 - tj/t2p)
		if got := cmplx.Abs(complex128(v)); math.Abs(got-want) > 0.03 {
			t.Errorf("FID at %.2f ms: %.4f, want %.4f", tj*1e3, got, want)
		}
	}
	// Spin echo at TE = 40 ms, four T2's.
	sys := seq.DefaultSystem()
	const te = 40e-3
	exc, d1, _ := seq.HardPulse(sys, math.Pi/2, 4e-6, 0, seq.Excitation)
	ref, d2, _ := seq.HardPulse(sys, math.Pi, 4e-6, math.Pi/2, seq.Refocusing)
	gap1 := te/2 - (d1 - exc.Delay - exc.Center) - (ref.Delay + ref.Center)
	gap2 := te/2 - (d2 - ref.Delay - ref.Center)
	se := &seq.Sequence{System: sys, Blocks: []seq.Block{
		{Duration: d1, RF: exc}, {Duration: gap1}, {Duration: d2, RF: ref},
		{Duration: gap2 + 1e-5, ADC: &seq.ADC{Samples: 1, Dwell: 1e-5, Delay: gap2 - 5e-6}},
	}}
	d, err = bloch.Simulate(context.Background(), se, iso, bloch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := cmplx.Abs(complex128(d.Acquisitions[0].Data[0]))
	if want := math.Exp(-te / t2); math.Abs(got-want) > 2e-3 {
		t.Errorf("echo %.5f, want exp(−TE/T2) = %.5f", got, want)
	}
}

// TestSpinEchoSequence simulates the seq.SE builder's first line on one
// spin at the slice centre. On resonance the echo (sample N/2) is
// i·M0·exp(−TE/T2) (CPMG: the 180° about −y leaves the echo on +y), to
// the effect of relaxation during the 2 ms pulses (the closed form takes
// them as instantaneous; on resonance the magnetisation stays on +y through
// the 180°, so the effect is second order): 1e-4. Off resonance, without
// relaxation, the echo refocuses to i·M0 up to a phase 2π·Δf·δ that grows
// linearly with Δf: a large-tip sinc's effective excitation instant lies
// δ ≈ 70 µs from its centre (measured: 1.4e-3 at 3 Hz, 4.6e-3 at 10 Hz);
// tolerance 1e-2 up to 10 Hz. (With relaxation as well the closed form is
// off by ~τ/T2: magnetisation dephased along x passes through z during the
// 180° and escapes T2 decay for part of the 2 ms.)
func TestSpinEchoSequence(t *testing.T) {
	s, err := seq.SE(seq.SEParams{Matrix: 16, TE: 0.04, TR: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	const t2 = 0.08
	echo := func(t2, df float64) complex128 {
		d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, 1, math.Inf(1), t2, df), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return complex128(d.Acquisitions[0].Data[8])
	}
	if got, want := echo(t2, 0), 1i*complex(math.Exp(-s.Params.TE/t2), 0); cmplx.Abs(got-want) > 1e-4 {
		t.Errorf("on resonance: echo %.6f, want %.6f", got, want)
	}
	for _, df := range []float64{10, -10, 3} {
		got := echo(math.Inf(1), df)
		t.Logf("Δf = %g Hz: |echo − i| = %.2e", df, cmplx.Abs(got-1i))
		if cmplx.Abs(got-1i) > 1e-2 {
			t.Errorf("Δf = %g Hz: echo %.5f, want i", df, got)
		}
	}
}
