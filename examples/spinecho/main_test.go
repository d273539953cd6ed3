package main

import (
	"bytes"
	"io"
	"math"
	"math/cmplx"
	"os"
	"path/filepath"
	"testing"
)

var defaults = params{TE: 0.05, T1: 0.3, T2: 0.08, DF: 30, T2Prime: 0.008, Isochromats: 1000}

// TestRun checks that the example runs and writes a PNG.
func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "spinecho.png")
	if err := run(defaults, out, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil || len(b) < 1000 || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("picture %s: %d bytes, %v", out, len(b), err)
	}
	if err := run(params{TE: 0.05001, T1: 1, T2: 1, T2Prime: 1, Isochromats: 1}, out, io.Discard); err == nil {
		t.Error("TE off the 20 µs grid accepted")
	}
}

// TestEcho checks what the picture shows against closed forms: the single
// spin is back on +y at TE with magnitude exp(−TE/T2), and the ensemble
// follows exp(−t/T2)·exp(−|t − τ|/T2').
func TestEcho(t *testing.T) {
	p := defaults
	spin, ens, err := experiment(p)
	if err != nil {
		t.Fatal(err)
	}
	i := nearest(spin.t, p.TE)
	if math.Abs(spin.t[i]-p.TE) > 1e-9 {
		t.Fatalf("no sample at TE: nearest at %g s", spin.t[i])
	}
	// The 10 µs hard pulses (B1 25 and 50 kHz) are not instantaneous: a
	// spin 30 Hz off resonance tilts their axes by Δf/B1 ≈ 1e-3 rad, which
	// costs (Δf/B1)² ≈ 1e-6 of the magnitude and turns the echo by
	// 2πΔf·(pulse length) ≈ 2e-3 rad at most (measured 4e-4).
	want := math.Exp(-p.TE / p.T2)
	if got := cmplx.Abs(spin.mxy[i]); math.Abs(got-want) > 1e-5 {
		t.Errorf("single spin at TE: |Mxy| %.7f, want %.7f", got, want)
	}
	if ph := cmplx.Phase(spin.mxy[i]); math.Abs(ph-math.Pi/2) > 2e-3 {
		t.Errorf("single spin at TE: phase %.5f rad, want π/2 (along +y)", ph)
	}
	// Before the 180° pulse the spin precesses as exp(−i2πΔf t) from +y:
	// Mx = sin(2πΔf t)·E2, My = cos(2πΔf t)·E2, to within the same tilt.
	for k, tk := range spin.t {
		if tk > p.TE/2 {
			break
		}
		w := complex(0, 1) * cmplx.Exp(complex(0, -2*math.Pi*p.DF*tk)) * complex(math.Exp(-tk/p.T2), 0)
		if cmplx.Abs(spin.mxy[k]-w) > 2e-3 {
			t.Fatalf("t = %g s: Mxy %v, want %v", tk, spin.mxy[k], w)
		}
	}
	// The ensemble of K isochromats at the Lorentzian's quantiles
	// approximates the continuous closed form to O(1/K): measured 1.2e-2
	// at worst for K = 1000 (1.1e-4 at the echo); allow twice that.
	for k, tk := range ens.t {
		got := cmplx.Abs(ens.mxy[k])
		want := ensembleClosedForm(p, tk)
		tol := 2.5e-2
		if math.Abs(tk-p.TE) < 1e-9 {
			tol = 3e-4
		}
		if math.Abs(got-want) > tol {
			t.Errorf("ensemble at t = %g s: |Mxy| %.5f, closed form %.5f", tk, got, want)
		}
	}
	// Mz: 0 after the 90° pulse, recovering, inverted by the 180° pulse.
	half := 1 - math.Exp(-p.TE/2/p.T1)
	if mz(p, -1e-3) != 1 || mz(p, 0) != 0 || math.Abs(mz(p, p.TE/2-1e-12)-half) > 1e-9 || math.Abs(mz(p, p.TE/2)+half) > 1e-12 {
		t.Errorf("Mz: %g before, %g at 0, %g and %g around TE/2; want 1, 0, ±%g", mz(p, -1e-3), mz(p, 0), mz(p, p.TE/2-1e-12), mz(p, p.TE/2), half)
	}
}
