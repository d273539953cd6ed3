package phantom_test

import (
	"fmt"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

// T1 lengthens with the field: white matter's T1 = 0.583·B0^0.382 s
// (Gach et al. 2008) is 0.68 s at 1.5 T and 0.89 s at 3 T, while its T2
// of 80 ms does not change.
func ExampleTissueAt() {
	wm, _ := phantom.TissueAt(phantom.SheppLogan2DEllipses(), 0, 0.35)
	fmt.Printf("%s: M0 %.3f, T1 %.2f s at 1.5 T, %.2f s at 3 T, T2 %.0f ms\n", wm.Name, wm.M0, wm.T1(1.5), wm.T1(3), wm.T2*1e3)
	// Output: white matter: M0 0.617, T1 0.68 s at 1.5 T, 0.89 s at 3 T, T2 80 ms
}

// One spin per voxel draws a tissue edge as a staircase; s×s spins per
// voxel, each with 1/s² of the voxel's M0, fill a voxel on the edge in
// proportion to its part inside. Counted this way, the head of a 32×32
// Shepp-Logan phantom approaches its analytic area, π·0.72·0.95·16² =
// 550.1 voxels.
func ExampleSampling() {
	for _, s := range []int{1, 4, 16} {
		o, _ := phantom.SheppLogan2D(32, 0.256, 1.5, phantom.Sampling{SpinsPerEdge: s})
		fmt.Printf("%d×%d spins per voxel: head %.1f voxels\n", s, s, float64(o.Len())/float64(s*s))
	}
	// Output:
	// 1×1 spins per voxel: head 549.0 voxels
	// 4×4 spins per voxel: head 550.2 voxels
	// 16×16 spins per voxel: head 550.1 voxels
}

// In the 3D phantom the ventricles, white matter and tumours are centred a
// quarter of the head below the centre of its shells: the axial plane
// through them is w = −0.25, and the plane w = 0 misses the ventricles.
func ExampleTissueAt3D() {
	el := phantom.SheppLogan3DEllipsoids()
	for _, w := range []float64{0, -0.25} {
		t, _ := phantom.TissueAt3D(el, 0.22, 0, w)
		fmt.Printf("(0.22, 0, %+.2f): %s\n", w, t.Name)
	}
	// Output:
	// (0.22, 0, +0.00): grey matter
	// (0.22, 0, -0.25): csf
}
