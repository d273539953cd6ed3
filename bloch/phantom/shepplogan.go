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

// SheppLogan2D returns the 2D MR Shepp-Logan phantom sampled with one spin
// at the centre of each voxel of an n×n grid covering a square field of view
// fov [m] in the z = 0 plane, for a main field b0 [T] (which sets T1).
//
// Voxel (i, j) has its centre at x = (i − n/2)·fov/n, y = (j − n/2)·fov/n
// (integer n/2: the same grid as a centred reconstruction, DESIGN.md), so
// the simulated k-space is exactly the DFT of the voxel values. The
// phantom's normalised coordinates map to the patient as x = u·fov/2 and
// y = −v·fov/2: LPS +y is posterior, displayed downwards, so the phantom
// appears in its familiar orientation in an axial image. Voxels outside the
// head hold no spin.
func SheppLogan2D(n int, fov, b0 float64) (*Object, error) {
	if n < 1 || n > 4096 {
		return nil, fmt.Errorf("phantom: matrix %d outside [1, 4096]", n)
	}
	if !(fov > 0) || math.IsInf(fov, 0) {
		return nil, fmt.Errorf("phantom: field of view %g m is not positive", fov)
	}
	if !(b0 > 0) || math.IsInf(b0, 0) {
		return nil, fmt.Errorf("phantom: B0 %g T is not positive", b0)
	}
	el := SheppLogan2DEllipses()
	o := &Object{}
	dx := fov / float64(n)
	for j := range n {
		y := float64(j-n/2) * dx
		for i := range n {
			x := float64(i-n/2) * dx
			t, ok := TissueAt(el, 2*x/fov, -2*y/fov)
			if !ok {
				continue
			}
			o.X = append(o.X, x)
			o.Y = append(o.Y, y)
			o.Z = append(o.Z, 0)
			o.M0 = append(o.M0, t.M0)
			o.T1 = append(o.T1, t.T1(b0))
			o.T2 = append(o.T2, t.T2)
		}
	}
	return o, nil
}
