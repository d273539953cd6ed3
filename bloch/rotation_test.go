package bloch_test

import (
	"context"
	"math"
	"math/cmplx"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestRotationExtension simulates a uniform radial acquisition two ways:
// the builder's spokes (Gx, Gy scaled by cos φ and sin φ), and one spoke
// along x repeated with a Pulseq rotation extension (a quaternion about z
// by φ) on every block. The scanner plays the rotated gradients, so the
// samples must agree (to 1e-6 of the peak: complex64 output, and the
// rotated moments round differently) and so must the k-space positions
// (1e-3 /m).
func TestRotationExtension(t *testing.T) {
	const n, spokes = 32, 12
	ref, err := seq.Radial(seq.RadialParams{Matrix: n, Spokes: spokes, NoRFSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	one, err := seq.Radial(seq.RadialParams{Matrix: n, Spokes: 1, NoRFSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	rot := &seq.Sequence{System: one.System, Encoding: one.Encoding, Traj: one.Traj, Params: one.Params}
	for i := range spokes {
		phi := math.Pi * float64(i) / spokes
		q := &seq.Rotation{W: math.Cos(phi / 2), Z: math.Sin(phi / 2)}
		for _, b := range one.Blocks {
			b.Rotation = q
			if b.ADC != nil {
				b.Labels = []seq.LabelEvent{{Label: seq.LIN, Value: i}}
			}
			rot.Blocks = append(rot.Blocks, b)
		}
	}
	inf := math.Inf(1)
	obj := &phantom.Object{X: []float64{0.03, -0.05, 0.01}, Y: []float64{0.02, 0.04, -0.06}, Z: []float64{0, 0, 0},
		M0: []float64{1, 0.7, 0.4}, T1: []float64{inf, 1, 0.5}, T2: []float64{inf, 0.1, 0.05}}
	a, err := bloch.Simulate(context.Background(), ref, obj, bloch.Options{IdealSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := bloch.Simulate(context.Background(), rot, obj, bloch.Options{IdealSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Acquisitions) != spokes || len(b.Acquisitions) != spokes {
		t.Fatalf("%d and %d acquisitions, want %d", len(a.Acquisitions), len(b.Acquisitions), spokes)
	}
	var peak, worst, worstK float64
	for i := range spokes {
		x, y := a.Acquisitions[i], b.Acquisitions[i]
		for s := range x.Data {
			peak = math.Max(peak, cmplx.Abs(complex128(x.Data[s])))
			worst = math.Max(worst, cmplx.Abs(complex128(x.Data[s]-y.Data[s])))
		}
		for j := range x.Traj {
			worstK = math.Max(worstK, math.Abs(float64(x.Traj[j]-y.Traj[j])))
		}
	}
	t.Logf("rotated spokes against built spokes: samples %.2g of the peak, k %.2g /m", worst/peak, worstK)
	if worst > 1e-6*peak || worstK > 1e-3 {
		t.Errorf("rotation extension: samples differ by %.3g of the peak, k by %.3g /m", worst/peak, worstK)
	}
}
