package phantom

import (
	"fmt"
	"math"
)

// Tissue holds the MR properties of one tissue class of the Shepp-Logan
// phantom: proton density and relaxation, with T1 = A·B0^C [s] (B0 in T).
type Tissue struct {
	Name string
	M0   float64
	A, C float64 // T1 model T1 = A·B0^C; A = T1 and C = 0 for a field-independent T1
	T2   float64 // [s]
}

// T1 returns the tissue's T1 at field b0 [T], in seconds.
func (t Tissue) T1(b0 float64) float64 { return t.A * math.Pow(b0, t.C) }

// Tissues of the MR Shepp-Logan phantom (Gach, Tanase and Boada, "2D & 3D
// Shepp-Logan phantom standards for MRI", 19th International Conference on
// Systems Engineering, 2008, table of tissue parameters). M0 is relative
// proton density; CSF's T1 of 4.2 s does not depend on the field.
// SheppLogan2DEllipses returns copies, so callers cannot change these.
var (
	scalp       = Tissue{"scalp", 0.80, 0.324, 0.137, 0.07}
	marrow      = Tissue{"marrow", 0.12, 0.533, 0.088, 0.05}
	csf         = Tissue{"csf", 0.98, 4.2, 0, 1.99}
	greyMatter  = Tissue{"grey matter", 0.745, 0.857, 0.376, 0.10}
	whiteMatter = Tissue{"white matter", 0.617, 0.583, 0.382, 0.08}
	tumour      = Tissue{"tumour", 0.95, 0.926, 0.217, 0.10}
)

// Ellipse is one ellipse of a 2D phantom in normalised coordinates, the
// phantom spanning [-1, 1] in both directions with y pointing up on screen
// (anterior), as in Shepp and Logan's paper.
type Ellipse struct {
	X0, Y0 float64 // centre
	A, B   float64 // semi-axes along the ellipse's own x and y
	Theta  float64 // rotation, counter-clockwise from +x [rad]
	Tissue Tissue
}

// Contains reports whether the normalised point (x, y) lies inside e
// (boundary included).
func (e Ellipse) Contains(x, y float64) bool {
	s, c := math.Sincos(e.Theta)
	dx, dy := x-e.X0, y-e.Y0
	u := (dx*c + dy*s) / e.A
	v := (-dx*s + dy*c) / e.B
	return u*u+v*v <= 1
}

func deg(d float64) float64 { return d * math.Pi / 180 }

// SheppLogan2DEllipses returns the ellipses of the 2D MR Shepp-Logan
// phantom, outermost first; an inner ellipse replaces the tissue of those
// before it. The geometry is the classic 2D Shepp-Logan head (Shepp and
// Logan, IEEE Trans. Nucl. Sci. 1974) with the scalp, marrow, CSF and grey
// matter shells and the tissue assignment of Gach et al. 2008: skull
// (scalp) and marrow shells, a CSF layer, grey matter, two CSF ventricles,
// a white-matter region and five small tumours.
func SheppLogan2DEllipses() []Ellipse {
	return []Ellipse{
		{0, 0, 0.72, 0.95, 0, scalp},
		{0, 0, 0.69, 0.92, 0, marrow},
		{0, -0.0184, 0.6624, 0.874, 0, csf},
		{0, -0.0184, 0.6524, 0.864, 0, greyMatter},
		{0.22, 0, 0.11, 0.31, deg(-18), csf},
		{-0.22, 0, 0.16, 0.41, deg(18), csf},
		{0, 0.35, 0.21, 0.25, 0, whiteMatter},
		{0, 0.1, 0.046, 0.046, 0, tumour},
		{0, -0.1, 0.046, 0.046, 0, tumour},
		{-0.08, -0.605, 0.046, 0.023, 0, tumour},
		{0, -0.605, 0.023, 0.023, 0, tumour},
		{0.06, -0.605, 0.023, 0.046, 0, tumour},
	}
}

// TissueAt returns the innermost tissue of the ellipses at the normalised
// point (x, y), and false outside all of them.
func TissueAt(ellipses []Ellipse, x, y float64) (Tissue, bool) {
	for i := len(ellipses) - 1; i >= 0; i-- {
		if ellipses[i].Contains(x, y) {
			return ellipses[i].Tissue, true
		}
	}
	return Tissue{}, false
}

// Sampling sets how SheppLogan2D, SheppLogan3D and Brain2D place spins in
// their voxels. The zero value gives one spin at the centre of each voxel.
type Sampling struct {
	// SpinsPerEdge is the number s of spins along each edge of a voxel, 1 to
	// 16 (0 means 1): s×s spins per voxel in 2D, s×s×s in 3D, at the centres
	// of equal sub-voxels as FromMaps places them (offsets ((c+½)/s − ½)
	// voxel, c = 0 … s−1, from the voxel centre). Each spin takes the tissue
	// at its own position and 1/s² (1/s³ in 3D) of that tissue's M0, so a
	// voxel across a boundary holds each tissue in proportion to the part
	// of it the tissue fills, to within a sub-voxel, and the object's M0
	// converges to the analytic area (volume) × M0 as s grows. Spins that
	// fall outside the head are left out.
	SpinsPerEdge int
}

// maxGridEdge bounds the spin positions an analytic phantom evaluates:
// n·s along each edge, at most 4096 in 2D (16.8 million positions) and 256
// in 3D (the same number).
func maxGridEdge(dims int) int {
	if dims == 3 {
		return 256
	}
	return 4096
}

// checkGrid checks the arguments shared by the analytic phantoms (matrix n,
// field of view fov [m], field b0 [T], at most one Sampling) and returns the
// spins per voxel edge.
func checkGrid(dims, n int, fov, b0 float64, opts []Sampling) (int, error) {
	maxN := maxGridEdge(dims)
	if n < 1 || n > maxN {
		return 0, fmt.Errorf("phantom: matrix %d outside [1, %d]", n, maxN)
	}
	if !(fov > 0) || math.IsInf(fov, 0) {
		return 0, fmt.Errorf("phantom: field of view %g m is not positive", fov)
	}
	if !(b0 > 0) || math.IsInf(b0, 0) {
		return 0, fmt.Errorf("phantom: B0 %g T is not positive", b0)
	}
	if len(opts) > 1 {
		return 0, fmt.Errorf("phantom: %d Sampling options, want at most one", len(opts))
	}
	sub := 1
	if len(opts) == 1 && opts[0].SpinsPerEdge != 0 {
		sub = opts[0].SpinsPerEdge
	}
	if sub < 1 || sub > 16 {
		return 0, fmt.Errorf("phantom: Sampling.SpinsPerEdge %d outside [1, 16]", sub)
	}
	if n*sub > maxN {
		return 0, fmt.Errorf("phantom: matrix %d × %d spins per voxel edge exceeds %d positions per edge", n, sub, maxN)
	}
	return sub, nil
}

// forEachSpin calls put with the position [m] of every spin of an n-voxel
// (per edge) grid of voxel size dx in dims = 2 (z = 0) or 3 dimensions, with
// sub spins per voxel edge: voxel (i, j, k) centred at ((i − n/2)·dx,
// (j − n/2)·dx, (k − n/2)·dx), voxels in array order (x fastest), and within
// a voxel its sub-voxel centres, x fastest (FromMaps' order and offsets).
func forEachSpin(dims, n, sub int, dx float64, put func(x, y, z float64)) {
	nz, subZ := 1, 1
	if dims == 3 {
		nz, subZ = n, sub
	}
	for k := range nz {
		for j := range n {
			for i := range n {
				for c2 := range subZ {
					for c1 := range sub {
						for c0 := range sub {
							z := 0.0
							if dims == 3 {
								z = float64(k-n/2)*dx + subOffset(c2, subZ)*dx
							}
							put(float64(i-n/2)*dx+subOffset(c0, sub)*dx, float64(j-n/2)*dx+subOffset(c1, sub)*dx, z)
						}
					}
				}
			}
		}
	}
}

// SheppLogan2D returns the 2D MR Shepp-Logan phantom sampled on an n×n grid
// covering a square field of view fov [m] in the z = 0 plane, for a main
// field b0 [T] (which sets T1). By default each voxel holds one spin at its
// centre; a Sampling option puts s×s spins in each voxel instead.
//
// Voxel (i, j) has its centre at x = (i − n/2)·fov/n, y = (j − n/2)·fov/n
// (integer n/2: the same grid as a centred reconstruction, DESIGN.md), so
// with one spin per voxel the simulated k-space is exactly the DFT of the
// voxel values. The phantom's normalised coordinates map to the patient as
// x = u·fov/2 and y = −v·fov/2: LPS +y is posterior, displayed downwards,
// so the phantom appears in its familiar orientation in an axial image.
// Positions outside the head hold no spin.
//
// It returns an error if n is outside [1, 4096], fov or b0 is not a
// positive finite number, more than one Sampling is given, or its
// SpinsPerEdge s is outside [1, 16] or makes n·s exceed 4096.
func SheppLogan2D(n int, fov, b0 float64, opts ...Sampling) (*Object, error) {
	sub, err := checkGrid(2, n, fov, b0, opts)
	if err != nil {
		return nil, err
	}
	el := SheppLogan2DEllipses()
	w := 1 / float64(sub*sub)
	o := &Object{}
	forEachSpin(2, n, sub, fov/float64(n), func(x, y, z float64) {
		t, ok := TissueAt(el, 2*x/fov, -2*y/fov)
		if !ok {
			return
		}
		o.X = append(o.X, x)
		o.Y = append(o.Y, y)
		o.Z = append(o.Z, z)
		o.M0 = append(o.M0, t.M0*w)
		o.T1 = append(o.T1, t.T1(b0))
		o.T2 = append(o.T2, t.T2)
	})
	return o, nil
}
