package phantom_test

import (
	"math"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

func TestFromMaps(t *testing.T) {
	m := phantom.Maps{
		Matrix:    [3]int{3, 2, 1},
		VoxelSize: [3]float64{1e-3, 2e-3, 5e-3},
		M0:        []float64{0, 1, 2, 0, 0, 4},
		T1:        []float64{1, 1, 1, 1, 1, 1},
		T2:        []float64{0.1, 0.1, 0.2, 0.1, 0.1, 0.3},
		DF:        []float64{0, 5, 6, 0, 0, 7},
	}
	o, err := phantom.FromMaps(m, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Voxels 1, 2 and 5 have spins, at ((i − 1)·1 mm, (j − 1)·2 mm, 0).
	if o.Len() != 3 || o.X[0] != 0 || o.Y[0] != -2e-3 || o.X[2] != 1e-3 || o.Y[2] != 0 || o.T2[2] != 0.3 || o.DF[1] != 6 {
		t.Fatalf("object %+v", o)
	}
	// Two spins per edge: four spins per voxel, a quarter of M0 each, at
	// ±1/4 voxel; their centroid is the voxel centre and M0 is conserved.
	o2, err := phantom.FromMaps(m, 2)
	if err != nil {
		t.Fatal(err)
	}
	if o2.Len() != 12 {
		t.Fatalf("%d spins, want 12", o2.Len())
	}
	var sumM0, cx, cy float64
	for i := range 4 {
		sumM0 += o2.M0[i]
		cx += o2.X[i] / 4
		cy += o2.Y[i] / 4
		if math.Abs(math.Abs(o2.X[i]-0)-0.25e-3) > 1e-15 || math.Abs(math.Abs(o2.Y[i]+2e-3)-0.5e-3) > 1e-15 {
			t.Errorf("sub-spin %d at (%g, %g)", i, o2.X[i], o2.Y[i])
		}
	}
	if math.Abs(sumM0-1) > 1e-15 || math.Abs(cx) > 1e-15 || math.Abs(cy+2e-3) > 1e-15 {
		t.Errorf("voxel 1: M0 %g, centroid (%g, %g)", sumM0, cx, cy)
	}
	for name, bad := range map[string]phantom.Maps{
		"T2 has 5":   {Matrix: m.Matrix, VoxelSize: m.VoxelSize, M0: m.M0, T1: m.T1, T2: m.T2[:5]},
		"voxel size": {Matrix: m.Matrix, M0: m.M0, T1: m.T1, T2: m.T2},
		"M0 = 0":     {Matrix: m.Matrix, VoxelSize: m.VoxelSize, M0: make([]float64, 6), T1: m.T1, T2: m.T2},
	} {
		if _, err := phantom.FromMaps(bad, 1); err == nil || !strings.Contains(err.Error(), strings.Fields(name)[0]) {
			t.Errorf("%s: error %v", name, err)
		}
	}
}
