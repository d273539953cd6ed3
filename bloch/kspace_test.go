package bloch_test

import (
	"context"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestKSpaceIsDFT checks that a Cartesian GRE of a gridded object gives
// the DFT of its transverse magnetisation: with a 90° hard pulse, T2 = ∞
// and a T1 so short that Mz is back at M0 before every pulse, each line
// starts from Mxy = i·M0, so sample (p, q) must be
// i·Σ_v M0_v·exp(−i2π(kx·x_v + ky·y_v)) with kx = (p − N/2)/FOV. The DFT is
// computed here from that definition. Tolerance 1e-6 relative RMS: the
// samples are stored as complex64 (6e-8) and sum 256 spins.
func TestKSpaceIsDFT(t *testing.T) {
	const n, fov = 16, 0.2
	r := rand.New(rand.NewPCG(2, 2))
	obj := &phantom.Object{}
	dx := fov / n
	for j := range n {
		for i := range n {
			obj.X = append(obj.X, float64(i-n/2)*dx)
			obj.Y = append(obj.Y, float64(j-n/2)*dx)
			obj.Z = append(obj.Z, 0)
			obj.M0 = append(obj.M0, r.Float64())
			obj.T1 = append(obj.T1, 1e-12)
			obj.T2 = append(obj.T2, math.Inf(1))
		}
	}
	s, err := seq.GRE(seq.GREParams{Matrix: n, FOV: fov, FlipAngle: math.Pi / 2, Excitation: seq.HardExcitation,
		RFDuration: 20e-6, NoRFSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Cartesian()
	if err != nil {
		t.Fatal(err)
	}
	var num, den float64
	for q := range n {
		for p := range n {
			kx, ky := float64(p-n/2)/fov, float64(q-n/2)/fov
			var want complex128
			for v := range obj.Len() {
				want += complex(obj.M0[v], 0) * cmplx.Exp(complex(0, -2*math.Pi*(kx*obj.X[v]+ky*obj.Y[v])))
			}
			want *= 1i
			e := complex128(a.Data[a.Index(p, q)]) - want
			num += real(e)*real(e) + imag(e)*imag(e)
			den += real(want)*real(want) + imag(want)*imag(want)
		}
	}
	e := math.Sqrt(num / den)
	t.Logf("relative RMS difference from the DFT: %.2e", e)
	if e > 1e-6 {
		t.Errorf("relative RMS difference from the DFT %.2e", e)
	}
	// The recorded trajectory agrees: sample (p, q) at (kx, ky).
	for _, acq := range d.Acquisitions {
		for p := range n {
			kx, ky := float64(acq.Traj[3*p]), float64(acq.Traj[3*p+1])
			if math.Abs(kx-float64(p-n/2)/fov) > 1e-3 || math.Abs(ky-float64(acq.Idx.KSpaceEncodeStep1-n/2)/fov) > 1e-3 {
				t.Fatalf("line %d sample %d at k = (%g, %g)", acq.Idx.KSpaceEncodeStep1, p, kx, ky)
			}
		}
	}
}
