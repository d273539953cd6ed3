package bloch_test

import (
	"context"
	"math"
	"math/cmplx"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// The reference below is the steady state of the Bloch equations solved
// as a fixed point with 3×3 linear algebra written here, independently of
// the simulator: each interval is an affine map M ↦ A·M + b, the period's
// map is their composition, and the steady state solves (I − A)·M = b.

type aff struct {
	a [3][3]float64
	b [3]float64
}

func (f aff) then(g aff) aff { // g after f
	var h aff
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				h.a[i][j] += g.a[i][k] * f.a[k][j]
			}
		}
		h.b[i] = g.b[i]
		for k := range 3 {
			h.b[i] += g.a[i][k] * f.b[k]
		}
	}
	return h
}

func (f aff) apply(m [3]float64) [3]float64 {
	var r [3]float64
	for i := range 3 {
		r[i] = f.b[i]
		for k := range 3 {
			r[i] += f.a[i][k] * m[k]
		}
	}
	return r
}

// relaxPrecess is free precession by Δf over dt with T1, T2 relaxation
// towards M0 = 1: Mxy·E2·e^{−i2πΔf·dt}, Mz·E1 + 1 − E1.
func relaxPrecess(dt, t1, t2, df float64) aff {
	e1, e2 := math.Exp(-dt/t1), math.Exp(-dt/t2)
	s, c := math.Sincos(-2 * math.Pi * df * dt)
	return aff{a: [3][3]float64{{e2 * c, -e2 * s, 0}, {e2 * s, e2 * c, 0}, {0, 0, e1}}, b: [3]float64{0, 0, 1 - e1}}
}

// pulse is a constant B1 of nutation frequency b1 [Hz] and phase ph for
// dur, with off-resonance df, as a rotation about the effective field by
// 2π|B|·dur in the sense of dM/dt = 2π M × B (relaxation during the pulse
// split half before and half after).
func pulse(b1, ph, dur, t1, t2, df float64) aff {
	bx, by, bz := b1*math.Cos(ph), b1*math.Sin(ph), df
	bn := math.Sqrt(bx*bx + by*by + bz*bz)
	n := [3]float64{bx / bn, by / bn, bz / bn}
	th := -2 * math.Pi * bn * dur
	c, s := math.Cos(th), math.Sin(th)
	var r aff
	// Rodrigues: R = c·I + s·[n]× + (1 − c)·n nᵀ.
	cross := [3][3]float64{{0, -n[2], n[1]}, {n[2], 0, -n[0]}, {-n[1], n[0], 0}}
	for i := range 3 {
		for j := range 3 {
			r.a[i][j] = s*cross[i][j] + (1-c)*n[i]*n[j]
			if i == j {
				r.a[i][j] += c
			}
		}
	}
	half := relaxPrecess(dur/2, t1, t2, 0)
	return half.then(r).then(half)
}

func fixedPoint(f aff) [3]float64 {
	// Solve (I − A) m = b by Gaussian elimination with partial pivoting.
	var m [3][4]float64
	for i := range 3 {
		for j := range 3 {
			m[i][j] = -f.a[i][j]
		}
		m[i][i]++
		m[i][3] = f.b[i]
	}
	for col := range 3 {
		p := col
		for r := col + 1; r < 3; r++ {
			if math.Abs(m[r][col]) > math.Abs(m[p][col]) {
				p = r
			}
		}
		m[col], m[p] = m[p], m[col]
		for r := range 3 {
			if r != col {
				f := m[r][col] / m[col][col]
				for k := col; k < 4; k++ {
					m[r][k] -= f * m[col][k]
				}
			}
		}
	}
	return [3]float64{m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]}
}

// TestBSSFPSteadyState checks balanced SSFP (α = 60°, RF phase alternating
// 0, π; TR = 5 ms; one sample at TE = TR/2) over a sweep of off-resonance
// across one period 1/TR — the banding profile — against the fixed point
// of the two-TR map. 3000 TRs bring the transient (slowest for the
// on-resonant spin, decaying roughly as exp(−t/(2·T1·T2/(T1+T2)))) far
// below the 1e-6 tolerance, which covers float64 rounding over the
// simulation and the complex64 output.
func TestBSSFPSteadyState(t *testing.T) {
	const (
		tr, t1, t2 = 5e-3, 0.8, 0.1
		alpha, dur = math.Pi / 3, 20e-6
		nTR        = 3000
	)
	sys := seq.DefaultSystem()
	var blocks []seq.Block
	b1 := alpha / (2 * math.Pi * dur)
	for i := range nTR {
		ph := 0.0
		if i%2 == 1 {
			ph = math.Pi
		}
		rf := &seq.RF{Signal: []complex128{complex(b1, 0)}, Dwell: dur, Center: dur / 2, PhaseOffset: ph, Use: seq.Excitation}
		blocks = append(blocks, seq.Block{Duration: dur, RF: rf})
		rest := tr - dur
		b := seq.Block{Duration: rest}
		if i >= nTR-2 {
			// One sample at TE = TR/2 from the pulse centre; the receiver
			// follows the RF phase, as in a bSSFP acquisition.
			b.ADC = &seq.ADC{Samples: 1, Dwell: 2 * (tr/2 - dur/2), Delay: 0, PhaseOffset: ph}
		}
		blocks = append(blocks, b)
	}
	s := &seq.Sequence{System: sys, Blocks: blocks}
	for k := range 21 {
		df := (float64(k) - 10) / 20 / tr // −1/(2TR) .. +1/(2TR)
		d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, 1, t1, t2, df), bloch.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Reference: the map over one TR with phase ph, sampled at TR/2.
		tr1 := func(ph float64) (toTE, rest aff) {
			p := pulse(b1, ph, dur, t1, t2, df)
			half := relaxPrecess(tr/2-dur/2, t1, t2, df)
			return p.then(half), half
		}
		a0, r0 := tr1(0)
		a1, r1 := tr1(math.Pi)
		period := a0.then(r0).then(a1).then(r1) // even TR, then odd TR
		mss := fixedPoint(period)               // just before an even pulse
		// The last two TRs are even (nTR−2) and odd (nTR−1).
		mEven := a0.apply(mss)
		mOdd := a1.apply(r0.apply(mEven))
		for i, m := range [][3]float64{mEven, mOdd} {
			ph := float64(i) * math.Pi
			want := complex(m[0], m[1]) * cmplx.Exp(complex(0, -ph)) // receiver demodulation
			got := complex128(d.Acquisitions[i].Data[0])
			if cmplx.Abs(got-want) > 1e-6 {
				t.Errorf("Δf = %+.1f Hz, TR %d: signal %.6f, steady state %.6f", df, nTR-2+i, got, want)
			}
		}
	}
}

// TestErnstAngleMaximises checks the ideal-spoiled GRE: the steady-state
// signal of one spin at the Ernst angle arccos(E1) exceeds that 2° either
// side, and equals M0·sinα·(1−E1)/(1−cosα·E1)·E2 there.
func TestErnstAngleMaximises(t *testing.T) {
	const t1, t2 = 0.9, 0.08
	sig := func(alpha float64) (float64, *seq.Sequence) {
		s, err := seq.GRE(seq.GREParams{Matrix: 2, TR: 0.015, FlipAngle: alpha, Excitation: seq.HardExcitation,
			RFDuration: 10e-6, DummyScans: 600})
		if err != nil {
			t.Fatal(err)
		}
		d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, 1, t1, t2, 0), bloch.Options{IdealSpoiling: true})
		if err != nil {
			t.Fatal(err)
		}
		return cmplx.Abs(complex128(d.Acquisitions[1].Data[1])), s
	}
	e1 := math.Exp(-0.015 / t1)
	ernst := math.Acos(e1)
	at, s := sig(ernst)
	lo, _ := sig(ernst - 2*math.Pi/180)
	hi, _ := sig(ernst + 2*math.Pi/180)
	if !(at > lo && at > hi) {
		t.Errorf("signal %.6f at the Ernst angle %.2f°, %.6f and %.6f 2° either side", at, ernst*180/math.Pi, lo, hi)
	}
	want := math.Sin(ernst) * (1 - e1) / (1 - math.Cos(ernst)*e1) * math.Exp(-s.Params.TE/t2)
	// A 10 µs pulse: relaxation during it is below 10e-6/T2 = 1.3e-4.
	if math.Abs(at-want) > 2e-4*want {
		t.Errorf("signal at the Ernst angle %.6f, closed form %.6f", at, want)
	}
}

// TestBSSFPBuilder simulates the seq.BSSFP builder (hard 100 µs pulses,
// 60°, TR 5 ms, α/2 preparation, 1000 dummy TRs: 5 s, over 15 times the
// approach time 1/(cos²(α/2)/T1 + sin²(α/2)/T2) = 0.29 s) on one spin on
// resonance and
// compares the echo at TE = TR/2 with the closed-form balanced steady state
// √E2·M0·(1−E1)·sinα / (1 − (E1−E2)·cosα − E1·E2) (Freeman and Hill). The
// closed form takes the pulses as instantaneous: relaxation during a
// 100 µs pulse changes it by about 100 µs/T2 = 1e-3; tolerance 2e-3.
func TestBSSFPBuilder(t *testing.T) {
	const t1, t2 = 0.8, 0.1
	s, err := seq.BSSFP(seq.BSSFPParams{Matrix: 8, TR: 5e-3, Excitation: seq.HardExcitation, DummyScans: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Params.TE-s.Params.TR/2) > 1e-12 {
		t.Fatalf("TE %g, TR %g", s.Params.TE, s.Params.TR)
	}
	d, err := bloch.Simulate(context.Background(), s, oneSpin(0, 0, 0, 1, t1, t2, 0), bloch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := math.Pi / 3
	e1, e2 := math.Exp(-s.Params.TR/t1), math.Exp(-s.Params.TR/t2)
	want := math.Sqrt(e2) * (1 - e1) * math.Sin(a) / (1 - (e1-e2)*math.Cos(a) - e1*e2)
	for _, acq := range d.Acquisitions {
		got := cmplx.Abs(complex128(acq.Data[4]))
		if math.Abs(got-want) > 2e-3 {
			t.Errorf("line %d: |echo| %.5f, steady state %.5f", acq.Idx.KSpaceEncodeStep1, got, want)
		}
	}
}
