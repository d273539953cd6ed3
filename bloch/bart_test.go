package bloch_test

import (
	"context"
	"fmt"
	"math"
	"math/cmplx"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/internal/bartsim"
	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/kspace/cfl"
)

// These tests run BART's Bloch simulator (`bart sim`, BART 0.8, Debian
// package bart) on the sequences it knows, simulate the same experiment
// built from seq events, and compare the signal of every repetition.
//
// What `bart sim` computes (src/simu/simulation.c, bloch.c and pulse.c of
// BART 0.8, checked against its output): one isochromat starting at
// M = (0, 0, 1), in float32. Each repetition starts a pulse at its time 0;
// TE and TR are counted from the pulse start. With Trf=0 the pulse is an
// instantaneous rotation. Otherwise --ROT steps through a windowed sinc
// (bartSinc) in steps of dt = 1/sampling-rate (1 µs by default): step k
// rotates by w1(t_k)·dt, w1 evaluated at t_k ≈ (k + ½)·dt, then relaxes and
// precesses over dt — so the rotation of sample k happens at k·dt. Free
// intervals are exact relaxation and precession. FLASH spoils by adding
// 10⁴ s⁻¹ to R2 from TE to TR (e⁻³⁰ or less here: ideal spoiling). IR-FLASH
// with pinv inverts perfectly at time 0 and waits isp [s] before the first
// pulse. bSSFP gives repetition k the RF phase float32(π·k), after an α/2
// pulse of phase π ppl [s] before the first α pulse. The output is Mx + iMy
// at TE times e^{iφ} for the RF phase φ, one complex64 per repetition along
// dimension 5 (TE_DIM).
//
// Conventions, found with bart sim --split-dim: a phase-0 pulse tips +z
// towards +y (90° gives Mx + iMy = i) and off=ω [rad/s] precesses as
// e^{−iωt}, as larmor does with Δf = ω/2π; bart's output is our Mx + iMy,
// unscaled (M0 = 1). The RF phase has the same meaning (from the source:
// bart rotates about (cos φ, −sin φ, 0), tipping +z to i·e^{−iφ}, as a
// larmor pulse of phase φ does), and so has the receiver's (the output is
// multiplied by e^{iφ}); bSSFP's float32(π·k) phases show the sign: with
// the opposite one the signals differ by up to 4e-5.

// bartTol is the agreement [M0] where both sides compute the same map:
// what is left is bart's float32 rounding (6e-8 per operation) over the
// tens of operations of each repetition, damped by relaxation. Measured at
// most 6e-7; 2e-6 is 1e-4 of the smallest steady-state signal compared
// (0.02, FLASH at 30°), and a flip angle off by 1e-4 of itself fails it.
const bartTol = 2e-6

// bartROTTol [M0] is for bart's default 1 µs RF steps, where float32
// rounding over 1000 steps per pulse shows: cosf of the 1e-3 rad rotation
// of one step is only ~14 float32 spacings below 1, so its rounding changes
// |M| by up to 3e-8 a step. A float32 emulation of bart's step (written
// for this test, not kept) reproduces bart's output to 1e-7, and in float64
// ours; the gap measured here is 2.2e-5.
const bartROTTol = 5e-5

// bartSim runs `bart sim` with args and returns the complex signal of
// each repetition.
func bartSim(t *testing.T, args ...string) []complex128 {
	t.Helper()
	bart := tooltest.Require(t, "bart", "bart")
	out := filepath.Join(t.TempDir(), "signal")
	cmd := exec.Command(bart, append(append([]string{"sim"}, args...), out)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bart sim %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	dims, data, err := cfl.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range dims {
		if d != 1 && i != 5 {
			t.Fatalf("bart sim wrote dims %v, want repetitions along dimension 5 only", dims)
		}
	}
	sig := make([]complex128, len(data))
	for i, v := range data {
		sig[i] = complex128(v)
	}
	return sig
}

// bartEvent is an instant of bart's timeline: the start of a pulse or a
// sample.
type bartEvent struct {
	t      float64   // [s]
	sample bool      // record Mx + iMy at t, times e^{iφ}
	flip   float64   // an instantaneous pulse [rad], when w1 is nil
	w1     []float64 // a sampled pulse: rotation w1[k]·dt [rad/s] at t + k·dt
	dt     float64   // [s] sample spacing of w1
	phase  float64   // bart's phase φ of the pulse or receiver [rad]
	use    seq.RFUse
}

// hardDwell [s] is the length of the one-sample pulse that stands for an
// instantaneous one. Centred on bart's instant, its relaxation (half before,
// half after the rotation, as the simulator splits it) is exactly bart's. Off
// resonance, one rotation about the tilted effective field differs from
// precessing half the sample, rotating, and precessing the other half by the
// third-order term of the symmetric Baker–Campbell–Hausdorff formula, a
// rotation of about α²·2πΔf·dt/12: under 1e-7 rad for every pulse here (the
// largest, the 180° inversion at 150 Hz, 8e-8), where 1 µs would give 6e-5.
const hardDwell = 1e-10

// bartSequence builds bart's timeline from seq events. Pulses become RF
// blocks whose sample k is centred on bart's rotation at t + k·dt (so a
// sampled pulse starts dt/2 before bart's); samples become one-sample ADCs
// centred on their instant. Phases change sign (see above).
func bartSequence(t *testing.T, evs []bartEvent) *seq.Sequence {
	t.Helper()
	const adcDwell = 1e-6
	s := &seq.Sequence{System: seq.DefaultSystem()}
	now := math.Inf(-1)
	for i, e := range evs {
		if e.sample {
			start := e.t - adcDwell/2
			if i == 0 || start < now-1e-12 {
				t.Fatalf("event %d: sample at %g s before the first pulse or overlapping the previous event", i, e.t)
			}
			s.Blocks = append(s.Blocks, seq.Block{Duration: e.t + adcDwell/2 - now,
				ADC: &seq.ADC{Samples: 1, Dwell: adcDwell, Delay: start - now, PhaseOffset: e.phase}})
			now = e.t + adcDwell/2
			continue
		}
		sig, dt := []complex128{complex(e.flip/(2*math.Pi*hardDwell), 0)}, hardDwell
		if e.w1 != nil {
			sig, dt = make([]complex128, len(e.w1)), e.dt
			for k, w := range e.w1 {
				sig[k] = complex(w/(2*math.Pi), 0)
			}
		}
		start := e.t - dt/2
		if i == 0 {
			now = start
		}
		if start < now-1e-12 {
			t.Fatalf("event %d: pulse at %g s overlaps the previous event", i, e.t)
		}
		if start > now {
			s.Blocks = append(s.Blocks, seq.Block{Duration: start - now})
		}
		d := float64(len(sig)) * dt
		s.Blocks = append(s.Blocks, seq.Block{Duration: d,
			RF: &seq.RF{Signal: sig, Dwell: dt, Center: d / 2, PhaseOffset: e.phase, Use: e.use}})
		now = start + d
	}
	return s
}

// simulateBART simulates one isochromat through evs and returns the
// samples in order.
func simulateBART(t *testing.T, evs []bartEvent, t1, t2, df float64, spoil bool) []complex128 {
	t.Helper()
	d, err := bloch.Simulate(context.Background(), bartSequence(t, evs), oneSpin(0, 0, 0, 1, t1, t2, df),
		bloch.Options{IdealSpoiling: spoil, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var sig []complex128
	for _, a := range d.Acquisitions {
		sig = append(sig, complex128(a.Data[0]))
	}
	return sig
}

// f32 is v as bart holds it: every option and parameter is a float.
func f32(v float64) float64 { return float64(float32(v)) }

// compareBART checks got against bart's signal, repetition by repetition,
// reporting the first few that differ by more than tol.
func compareBART(t *testing.T, name string, got, want []complex128, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d samples, bart %d", name, len(got), len(want))
	}
	var worst float64
	bad := 0
	for i := range want {
		d := cmplx.Abs(got[i] - want[i])
		worst = max(worst, d)
		if d > tol {
			if bad++; bad <= 5 {
				t.Errorf("%s: repetition %d: %.7f, bart %.7f (|Δ| = %.2g)", name, i, got[i], want[i], d)
			}
		}
	}
	t.Logf("%s: %d repetitions, max |Δ| = %.2g", name, len(want), worst)
}

// TestBARTSimIRFLASH compares an inversion-recovery FLASH train (perfect
// inversion, TI, hard 8° pulses, ideal spoiling) with bart sim --ROT
// --seq IR-FLASH,pinv, on and off resonance: the recovery through the null,
// its T1* approach to the steady state, and the phase e^{−iωTE} of the echo.
func TestBARTSimIRFLASH(t *testing.T) {
	const (
		tr, te, ti, fa = 0.008, 0.003, 0.02, 8.0
		nrep           = 400
	)
	for _, c := range []struct{ t1, t2, off float64 }{{0.9, 0.08, 0}, {1.4, 0.05, 2 * math.Pi * 37}, {0.4, 0.2, -2 * math.Pi * 150}} {
		want := bartSim(t, "--ROT", "-1", fmt.Sprintf("%g:%g:1", c.t1, c.t1), "-2", fmt.Sprintf("%g:%g:1", c.t2, c.t2),
			"--seq", fmt.Sprintf("IR-FLASH,pinv,isp=%g,TR=%g,TE=%g,FA=%g,Trf=0,Nrep=%d,off=%.9g", ti, tr, te, fa, nrep, c.off))
		evs := []bartEvent{{t: 0, flip: math.Pi, use: seq.Inversion}}
		for k := range nrep {
			t0 := f32(ti) + float64(k)*f32(tr)
			evs = append(evs, bartEvent{t: t0, flip: f32(fa) * math.Pi / 180, use: seq.Excitation},
				bartEvent{t: t0 + f32(te), sample: true})
		}
		got := simulateBART(t, evs, f32(c.t1), f32(c.t2), f32(c.off)/(2*math.Pi), true)
		compareBART(t, fmt.Sprintf("T1 %g T2 %g off %.4g rad/s", c.t1, c.t2, c.off), got, want, bartTol)
	}
}

// TestBARTSimBSSFP compares balanced SSFP (hard 50° pulses of phase 0, π,
// 0, ..., an α/2 pulse of phase π TR/2 before the first, sampled at TR/2)
// with bart sim --ROT --seq BSSFP at off-resonances across the band: the
// transient and the banding of the steady state.
func TestBARTSimBSSFP(t *testing.T) {
	const (
		tr, te, fa = 0.005, 0.0025, 50.0
		nrep       = 300
		t1, t2     = 0.8, 0.1
	)
	for _, off := range []float64{0, 2 * math.Pi * 23, -2 * math.Pi * 61, 2 * math.Pi * 95, 2 * math.Pi * 170} {
		want := bartSim(t, "--ROT", "-1", fmt.Sprintf("%g:%g:1", t1, t1), "-2", fmt.Sprintf("%g:%g:1", t2, t2),
			"--seq", fmt.Sprintf("BSSFP,TR=%g,TE=%g,FA=%g,Trf=0,ppl=%g,Nrep=%d,off=%.9g", tr, te, fa, tr/2, nrep, off))
		evs := []bartEvent{{t: 0, flip: f32(fa/2) * math.Pi / 180, phase: f32(math.Pi), use: seq.Preparation}}
		for k := range nrep {
			t0 := f32(tr/2) + float64(k)*f32(tr)
			ph := f32(math.Pi * float64(k))
			evs = append(evs, bartEvent{t: t0, flip: f32(fa) * math.Pi / 180, phase: ph, use: seq.Excitation},
				bartEvent{t: t0 + f32(te), sample: true, phase: ph})
		}
		got := simulateBART(t, evs, f32(t1), f32(t2), f32(off)/(2*math.Pi), false)
		compareBART(t, fmt.Sprintf("off %.4g rad/s", off), got, want, bartTol)
	}
}

// bartGridT returns the relaxation time nearest T for which exp(−dt/T) is
// a float32 number, so that bart's float32 factor over one RF step of dt is
// exact. With T = 0.9 s and dt = 1 µs the decay per step, 1.1e-6, is only
// 19 float32 spacings (6e-8) below 1, so rounding it would change R1 during
// pulses by up to 3%; on this grid bart relaxes at the rate we simulate.
func bartGridT(T, dt float64) float64 {
	k := math.Round(-math.Expm1(-dt/T) * (1 << 24))
	return -dt / math.Log1p(-k/(1<<24))
}

// TestBARTSimROTSincPulse compares FLASH with bart's 1 ms windowed-sinc
// pulse — the kind of workload the bart rf line of bench bloch times — with
// the same samples played by larmor's exact RF kernel, on resonance, where
// bart's rotate-then-relax step and larmor's symmetric one are the same map
// once the samples are aligned as bartSequence aligns them. T1 and T2 are
// put on bartGridT; then bart's float32 arithmetic is the whole difference,
// and it grows with the number of steps: sampled at 10 µs (100 samples) it
// stays within bartTol, and at bart's default 1 µs (1000 samples, as the
// benchmark runs it) within bartROTTol.
func TestBARTSimROTSincPulse(t *testing.T) {
	const (
		tr, te, trf = 0.005, 0.002, 0.001
		nrep        = 100
	)
	for _, c := range []struct{ t1, t2, fa, rate, tol float64 }{
		{0.9, 0.08, 30, 1e5, bartTol}, {0.3, 0.05, 60, 1e5, bartTol},
		{0.9, 0.08, 30, 1e6, bartROTTol}, {0.3, 0.05, 60, 1e6, bartROTTol},
	} {
		w1, dt := bartsim.Sinc(f32(c.fa)*math.Pi/180, f32(trf), c.rate)
		if n := int(math.Round(trf * c.rate)); len(w1) != n {
			t.Fatalf("%d pulse samples, want %d", len(w1), n)
		}
		t1, t2 := bartGridT(c.t1, dt), bartGridT(c.t2, dt)
		want := bartSim(t, "--ROT", "-1", fmt.Sprintf("%.9g:%.9g:1", t1, t1), "-2", fmt.Sprintf("%.9g:%.9g:1", t2, t2),
			"--seq", fmt.Sprintf("FLASH,TR=%g,TE=%g,FA=%g,Trf=%g,Nrep=%d", tr, te, c.fa, trf, nrep),
			"--other", fmt.Sprintf("sampling-rate=%g", c.rate))
		var evs []bartEvent
		for k := range nrep {
			t0 := float64(k) * f32(tr)
			evs = append(evs, bartEvent{t: t0, w1: w1, dt: dt, use: seq.Excitation},
				bartEvent{t: t0 + f32(te), sample: true})
		}
		got := simulateBART(t, evs, t1, t2, 0, true)
		compareBART(t, fmt.Sprintf("T1 %.4g T2 %.4g FA %g, %g samples/s", c.t1, c.t2, c.fa, c.rate), got, want, c.tol)
	}
}
