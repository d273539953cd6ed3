package bloch

import (
	"math"
	"testing"

	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestAffineMapMatchesStepping checks that the shared affine map of an RF
// pulse gives the same magnetisation as stepping the spin itself through
// the pulse, for arbitrary starting magnetisation: the map is exact because
// the Bloch equations are linear in (M, M0). Tolerance: float64 rounding
// through a 200-sample pulse, 1e-12.
func TestAffineMapMatchesStepping(t *testing.T) {
	sys := seq.DefaultSystem()
	rf, gz, dur, err := seq.SincPulse{FlipAngle: 1.2, Duration: 2e-3, TimeBandwidth: 4, Apodization: 0.5,
		SliceThickness: 5e-3, Use: seq.Excitation, PhaseOffset: 0.3}.Make(sys)
	if err != nil {
		t.Fatal(err)
	}
	s := &seq.Sequence{System: sys, Blocks: []seq.Block{{Duration: dur, RF: rf, Gz: gz}}}
	tl, err := buildTimeline(s, false)
	if err != nil {
		t.Fatal(err)
	}
	obj := &phantom.Object{X: []float64{0.01}, Y: []float64{-0.02}, Z: []float64{0.0013},
		M0: []float64{0.8}, T1: []float64{0.9}, T2: []float64{0.07}, DF: []float64{12}}
	ev := &tl.rf[0]
	f := rfMap(ev, obj, 0)
	for _, m := range [][3]float64{{0, 0, 0.8}, {0.3, -0.2, 0.1}, {-0.5, 0.4, -0.6}} {
		wx, wy, wz := stepRF(ev, obj, 0, m[0], m[1], m[2], 0.8)
		var got [3]float64
		for r := range 3 {
			got[r] = f.a[r][0]*m[0] + f.a[r][1]*m[1] + f.a[r][2]*m[2] + f.b[r]*0.8
		}
		for r, w := range [3]float64{wx, wy, wz} {
			if math.Abs(got[r]-w) > 1e-12 {
				t.Fatalf("M %v: component %d: map %g, stepping %g", m, r, got[r], w)
			}
		}
	}
}
