package bloch_test

import (
	"context"
	"math"
	"math/cmplx"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/recon"
)

// echoes simulates obj under s and returns sample N/2 (the echo) of every
// acquisition, in order.
func echoes(t *testing.T, s *seq.Sequence, obj *phantom.Object, o bloch.Options) []complex128 {
	t.Helper()
	d, err := bloch.Simulate(context.Background(), s, obj, o)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]complex128, len(d.Acquisitions))
	for i, a := range d.Acquisitions {
		out[i] = complex128(a.Data[a.Samples/2])
	}
	return out
}

// irSignal is the closed-form echo of inversion recovery after full
// recovery: a phase-0 excitation turns Mz(TI) = M0·(1 − 2e^(−TI/T1)) into
// +y (Mxy = i·Mz·sinα), which a CPMG 180° (about −y) keeps on +y, and the
// echo has decayed by decay (e^(−TE/T2) or e^(−TE/T2*)).
func irSignal(m0, ti, t1, alpha, decay float64) complex128 {
	return 1i * complex(m0*(1-2*math.Exp(-ti/t1))*math.Sin(alpha)*decay, 0)
}

// TestIRContrast simulates IR-SE and IR-GRE (α = 60°) on single spins at
// the slice centre with T1 on both sides of the null, including
// T1 = TI/ln 2, and compares every line's echo with irSignal: the
// inversion-recovery contrast M0·(1 − 2e^(−TI/T1)) times the readout's
// factor, e^(−TE/T2) for the spin echo and sinα·e^(−TE/T2) for the
// gradient echo (one isochromat: T2* = T2). The spin at T1 = TI/ln 2
// must give no signal.
//
// With hard pulses of 20 µs the closed form's instantaneous pulses are
// exact to second order in 20 µs/T2 (4e-8, symmetric splitting), and what
// remains is the recovery TR leaves incomplete: lines after the first start
// from Mz within 2·e^(−(TR−TI−TE)/T1) ≤ 3e-5 of M0 (T1 ≤ 1.3 s, TR 15 s);
// tolerance hardTol = 5e-5 (measured 1.0e-5). With the default 2 ms sinc
// pulses, a spin at z = 0 sees an exact 180° rotation (no select
// gradient there, on resonance), but the closed form ignores relaxation
// during the pulses: the inversion sinc holds the magnetisation well away
// from z for about its 1 ms central lobe, so T2 = 80 ms shortens the
// inverted Mz by up to ~0.5 ms/T2 ≈ 6e-3 of M0, of which e^(−TI/T1) ≤ 0.75
// is left at TI; tolerance sincTol = 5e-3 (measured 2.3e-3).
func TestIRContrast(t *testing.T) {
	const (
		ti, t2, tr = 0.4, 0.08, 15
		hardTol    = 5e-5
		sincTol    = 5e-3
	)
	null := ti / math.Ln2
	for _, kind := range []seq.Pulse{seq.HardExcitation, seq.SincExcitation} {
		tol := sincTol
		p := seq.IRParams{Matrix: 4, TI: ti, TR: tr, Excitation: kind}
		if kind == seq.HardExcitation {
			p.RFDuration, tol = 20e-6, hardTol
		}
		for _, ro := range []seq.IRReadout{seq.IRSpinEcho, seq.IRGradientEcho} {
			p.Readout = ro
			alpha := math.Pi / 2
			if ro == seq.IRGradientEcho {
				alpha = math.Pi / 3
				p.FlipAngle = alpha
			}
			s, err := seq.IR(p)
			if err != nil {
				t.Fatal(err)
			}
			if s.Params.TI != ti {
				t.Fatalf("TI %g, asked %g", s.Params.TI, ti)
			}
			for _, t1 := range []float64{0.25, 0.5, null, 0.7, 1.3} {
				e := echoes(t, s, oneSpin(0, 0, 0, 1, t1, t2, 0), bloch.Options{})
				want := irSignal(1, ti, t1, alpha, math.Exp(-s.Params.TE/t2))
				worst := 0.0
				for _, v := range e {
					worst = math.Max(worst, cmplx.Abs(v-want))
				}
				if worst > tol {
					t.Errorf("%v pulses, %v readout, T1 %.3f s: echo %.6f, closed form %.6f (worst line off by %.1e > %.0e)",
						kind == seq.HardExcitation, ro, t1, e[0], want, worst, tol)
				}
				if t1 == null {
					t.Logf("%v readout, hard pulses %v: |echo| at T1 = TI/ln2: %.1e", ro, kind == seq.HardExcitation, cmplx.Abs(e[0]))
					if cmplx.Abs(e[0]) > tol {
						t.Errorf("T1 = TI/ln 2 is not nulled: |echo| %.2e", cmplx.Abs(e[0]))
					}
				}
			}
		}
	}
}

// TestIRT2Prime runs IR with TE = 10 ms on a spin with T2' = 20 ms,
// expanded into 512 Lorentzian isochromats: the gradient echo decays with
// T2* (a factor e^(−TE/T2') = 0.61 more than the spin echo), the spin
// echo refocuses T2' and keeps e^(−TE/T2). Tolerances as TestT2Prime's:
// the finite isochromat grid reproduces e^(−t/T2') within 3 % of the
// transverse magnetisation (measured here 2.3e-3 of 0.37), and the spin
// echo refocuses it to 2e-3 (measured 1.4e-4).
func TestIRT2Prime(t *testing.T) {
	const t1, t2, t2p, ti = 0.6, 0.08, 0.02, 0.1
	obj := oneSpin(0, 0, 0, 1, t1, t2, 0)
	obj.T2Prime = []float64{t2p}
	iso, err := phantom.ExpandT2Prime(obj, 512)
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []seq.IRReadout{seq.IRSpinEcho, seq.IRGradientEcho} {
		s, err := seq.IR(seq.IRParams{Matrix: 4, TI: ti, TE: 0.01, TR: 10, Readout: ro, Excitation: seq.HardExcitation, RFDuration: 20e-6})
		if err != nil {
			t.Fatal(err)
		}
		decay, tol := math.Exp(-s.Params.TE/t2), 2e-3
		if ro == seq.IRGradientEcho {
			decay *= math.Exp(-s.Params.TE / t2p)
			tol = 0.03 * cmplx.Abs(irSignal(1, ti, t1, math.Pi/2, 1))
		}
		want := irSignal(1, ti, t1, math.Pi/2, decay)
		if got := echoes(t, s, iso, bloch.Options{})[0]; cmplx.Abs(got-want) > tol {
			t.Errorf("%v readout: echo %.5f, closed form %.5f (tolerance %.1e)", ro, got, want, tol)
		}
	}
}

// TestTSEEchoDecay simulates a single-shot TSE (ETL 8, ESP 10 ms) on spins
// at the slice centre and checks every echo against the CPMG closed form
// i·M0·e^(−n·ESP/T2), n = 1..8: the 90° (phase 0) puts M on +y, every 180°
// (phase 90°, about −y) keeps it there, and off-resonance and T2' are refocused at each
// echo.
//
// Hard 20 µs pulses (B1 12.5 kHz for 90°, 25 kHz for 180°): off-resonance
// Δf tilts a pulse's axis by Δf/B1 (1.2e-3 at 30 Hz) and moves its
// effective instant by a few µs, an error of order 2πΔf·δ ≈ 1e-3 that CPMG
// keeps from accumulating along the train; the T2' = 10 ms isochromats
// (512, Lorentzian, mostly within ±1 kHz) fare the same. Tolerance 1e-3
// (measured 5.3e-4 at −30 Hz, 2.5e-4 with T2'). Default 2 ms sincs:
// on resonance M stays on the 180°s' axis, so relaxation during them
// barely matters (measured 3.2e-4; tolerance 1e-3); off resonance a sinc's
// effective rotation instant lies ~70 µs from its centre (see
// TestSpinEchoSequence), a phase 2π·Δf·70 µs ≈ 4e-3 at 10 Hz that CPMG
// again does not let grow: tolerance 1e-2 (measured 5.3e-3).
func TestTSEEchoDecay(t *testing.T) {
	const esp, t1, t2 = 0.01, 1, 0.05
	iso := oneSpin(0, 0, 0, 1, t1, t2, 0)
	iso.T2Prime = []float64{0.01}
	iso, err := phantom.ExpandT2Prime(iso, 512)
	if err != nil {
		t.Fatal(err)
	}
	type spins struct {
		name string
		obj  *phantom.Object
		tol  float64
	}
	for _, c := range []struct {
		kind  seq.Pulse
		spins []spins
	}{
		{seq.HardExcitation, []spins{
			{"on resonance", oneSpin(0, 0, 0, 1, t1, t2, 0), 1e-3},
			{"Δf = +30 Hz", oneSpin(0, 0, 0, 1, t1, t2, 30), 1e-3},
			{"Δf = −30 Hz", oneSpin(0, 0, 0, 1, t1, t2, -30), 1e-3},
			{"T2' = 10 ms", iso, 1e-3},
		}},
		{seq.SincExcitation, []spins{
			{"on resonance", oneSpin(0, 0, 0, 1, t1, t2, 0), 1e-3},
			{"Δf = +10 Hz", oneSpin(0, 0, 0, 1, t1, t2, 10), 1e-2},
			{"Δf = −10 Hz", oneSpin(0, 0, 0, 1, t1, t2, -10), 1e-2},
		}},
	} {
		p := seq.TSEParams{Matrix: 8, ETL: 8, ESP: esp, Excitation: c.kind}
		if c.kind == seq.HardExcitation {
			p.RFDuration = 20e-6
		}
		s, err := seq.TSE(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range c.spins {
			e := echoes(t, s, sp.obj, bloch.Options{})
			if len(e) != 8 {
				t.Fatalf("%d echoes", len(e))
			}
			worst := 0.0
			for n, v := range e {
				want := 1i * complex(math.Exp(-float64(n+1)*esp/t2), 0)
				worst = math.Max(worst, cmplx.Abs(v-want))
				if cmplx.Abs(v-want) > sp.tol {
					t.Errorf("hard pulses %v, %s: echo %d = %.5f, want %.5f", c.kind == seq.HardExcitation, sp.name, n+1, v, want)
				}
			}
			t.Logf("hard pulses %v, %s: worst echo off by %.1e", c.kind == seq.HardExcitation, sp.name, worst)
		}
	}
}

// TestTSESheppLogan simulates 64×64 TSEs of the Shepp-Logan phantom (one
// spin per voxel on the reconstruction grid, ideal spoiling before each
// excitation, one dummy shot so that every shot starts from the same Mz),
// reconstructs them with recon.Cartesian and compares the magnitude with
// the expected T2-weighted image M0·(1 − e^(−TR/T1))·e^(−TE_eff/T2). The
// expectation is approximate: lines acquired at other echoes carry
// e^(−t/T2) of their own (T2 blurring along y), and the Mz left at the
// end of a train is neglected. Required, as for the Pulseq fixtures: a
// correlation of at least 0.9 (measured 0.999 for ETL 8, 0.995 centre-out,
// 0.990 for ETL 16 at TE_eff 108 ms), and, for the heavily T2-weighted
// train, a higher correlation with the T2-weighted image than with the M0
// map (measured 0.990 against 0.932). The relative RMS difference must
// stay within 0.15 (measured 0.04, 0.07 and 0.12): the image has the
// expected scale (recon's 1/N makes a voxel read its magnetisation).
func TestTSESheppLogan(t *testing.T) {
	const n, fov = 64, 0.256
	obj, err := phantom.SheppLogan2D(n, fov, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []seq.TSEParams{
		{Matrix: n, FOV: fov, ETL: 8, DummyShots: 1},
		{Matrix: n, FOV: fov, ETL: 8, Order: seq.CentreOutOrder, DummyShots: 1},
		{Matrix: n, FOV: fov, ETL: 16, ESP: 0.012, DummyShots: 1},
	} {
		s, err := seq.TSE(p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true})
		if err != nil {
			t.Fatal(err)
		}
		imgs, err := recon.Cartesian(context.Background(), d, recon.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(imgs) != 1 {
			t.Fatalf("%d images, want 1", len(imgs))
		}
		want, m0 := make([]float64, n*n), make([]float64, n*n)
		dx := fov / n
		for i := range obj.Len() {
			v := int(math.Round(obj.X[i]/dx)) + n/2 + n*(int(math.Round(obj.Y[i]/dx))+n/2)
			want[v] = obj.M0[i] * (1 - math.Exp(-s.Params.TR/obj.T1[i])) * math.Exp(-s.Params.TE/obj.T2[i])
			m0[v] = obj.M0[i]
		}
		got := make([]float64, n*n)
		var num, den float64
		for i, v := range imgs[0].Data {
			got[i] = cmplx.Abs(complex128(v))
			num += (got[i] - want[i]) * (got[i] - want[i])
			den += want[i] * want[i]
		}
		cw, cm, rel := pearson(got, want), pearson(got, m0), math.Sqrt(num/den)
		t.Logf("ETL %d, %v, TE_eff %.1f ms: correlation %.4f with the T2-weighted image, %.4f with M0; relative RMS difference %.3f",
			p.ETL, p.Order, s.Params.TE*1e3, cw, cm, rel)
		if cw < 0.9 || rel > 0.15 {
			t.Errorf("ETL %d, %v: correlation %.4f < 0.9 or relative difference %.3f > 0.15", p.ETL, p.Order, cw, rel)
		}
		if s.Params.TE > 0.1 && cw <= cm {
			t.Errorf("TE_eff %.0f ms: the image correlates better with M0 (%.4f) than with the T2-weighted image (%.4f)", s.Params.TE*1e3, cm, cw)
		}
	}
}

// pearson returns Pearson's correlation coefficient of a and b.
func pearson(a, b []float64) float64 {
	var sa, sb, saa, sbb, sab float64
	for i := range a {
		sa += a[i]
		sb += b[i]
		saa += a[i] * a[i]
		sbb += b[i] * b[i]
		sab += a[i] * b[i]
	}
	nn := float64(len(a))
	return (sab - sa*sb/nn) / math.Sqrt((saa-sa*sa/nn)*(sbb-sb*sb/nn))
}
