package phantom

import "math"

// tumour93 is the tumour-like tissue Gach et al. give proton density 0.93
// for, in the 3D phantom's upper tumour ellipsoid (as phantominator
// transcribes their table).
var tumour93 = Tissue{"tumour", 0.93, 0.926, 0.217, 0.10}

// Ellipsoid is one ellipsoid of a 3D phantom in normalised coordinates, the
// phantom spanning [-1, 1] along each axis with y up on screen (anterior)
// and z towards the head. It is rotated about the z axis only.
type Ellipsoid struct {
	X0, Y0, Z0 float64 // centre
	A, B, C    float64 // semi-axes along the ellipsoid's own x and y, and along z
	Theta      float64 // rotation about z, counter-clockwise from +x seen from +z [rad]
	Tissue     Tissue
}

// Contains reports whether the normalised point (x, y, z) lies inside e
// (boundary included).
func (e Ellipsoid) Contains(x, y, z float64) bool {
	s, c := math.Sincos(e.Theta)
	dx, dy := x-e.X0, y-e.Y0
	u := (dx*c + dy*s) / e.A
	v := (-dx*s + dy*c) / e.B
	w := (z - e.Z0) / e.C
	return u*u+v*v+w*w <= 1
}

// SheppLogan3DEllipsoids returns the ellipsoids of the 3D MR Shepp-Logan
// phantom of Gach, Tanase and Boada 2008, outermost first; an inner
// ellipsoid replaces the tissue of those before it. The geometry is the
// 3D Shepp-Logan head of Kak and Slaney (Principles of Computerized
// Tomographic Imaging, 1988) as corrected by L. Zhu, with the scalp and
// grey-matter shells and the tissues of Gach et al.; it agrees with two
// independent implementations, phantominator's mr_ellipsoid_parameters
// (Gach's MR table, github.com/mckib2/phantominator) and ImagePhantoms.jl's
// ellipsoid_parameters_shepplogan (the geometry,
// github.com/JuliaImageRecon/ImagePhantoms.jl). The uncorrected book table
// (BART's phantom -3 uses it) differs: tumours at y = −0.65, a white-matter
// z semi-axis of 0.5, the upper tumour at z = 0.625 instead of 0.0625 and
// no −0.0184 shift of the brain.
//
// The first twelve correspond, in order, to SheppLogan2DEllipses: each 2D
// ellipse is the section of its ellipsoid through the ellipsoid's centre.
// The four shells are centred at z = 0, the ventricles, white matter and
// tumours at z = −0.25, so no single axial plane reproduces the 2D phantom:
// the plane z = −0.25 cuts the inner structures at their equators but the
// shells about 4 % smaller. The last two ellipsoids, a tumour (proton
// density 0.93) and a CSF pocket, lie higher, around z = 0.06 and 0.63.
// The blood clot of Gach's tissue table is not used.
func SheppLogan3DEllipsoids() []Ellipsoid {
	return []Ellipsoid{
		{0, 0, 0, 0.72, 0.95, 0.93, 0, scalp},
		{0, 0, 0, 0.69, 0.92, 0.9, 0, marrow},
		{0, -0.0184, 0, 0.6624, 0.874, 0.88, 0, csf},
		{0, -0.0184, 0, 0.6524, 0.864, 0.87, 0, greyMatter},
		{0.22, 0, -0.25, 0.31, 0.11, 0.22, deg(72), csf},
		{-0.22, 0, -0.25, 0.41, 0.16, 0.21, deg(-72), csf},
		{0, 0.35, -0.25, 0.21, 0.25, 0.35, 0, whiteMatter},
		{0, 0.1, -0.25, 0.046, 0.046, 0.046, 0, tumour},
		{0, -0.1, -0.25, 0.046, 0.046, 0.046, 0, tumour},
		{-0.08, -0.605, -0.25, 0.046, 0.023, 0.02, 0, tumour},
		{0, -0.605, -0.25, 0.023, 0.023, 0.023, 0, tumour},
		{0.06, -0.605, -0.25, 0.046, 0.023, 0.02, deg(-90), tumour},
		{0.06, -0.105, 0.0625, 0.056, 0.04, 0.1, deg(-90), tumour93},
		{0, 0.1, 0.625, 0.056, 0.056, 0.1, 0, csf},
	}
}

// TissueAt3D returns the innermost tissue of the ellipsoids at the
// normalised point (x, y, z), and false outside all of them.
func TissueAt3D(ellipsoids []Ellipsoid, x, y, z float64) (Tissue, bool) {
	for i := len(ellipsoids) - 1; i >= 0; i-- {
		if ellipsoids[i].Contains(x, y, z) {
			return ellipsoids[i].Tissue, true
		}
	}
	return Tissue{}, false
}

// SheppLogan3D returns the 3D MR Shepp-Logan phantom (SheppLogan3DEllipsoids)
// sampled on an n×n×n grid covering a cubic field of view fov [m], for a
// main field b0 [T] (which sets T1). By default each voxel holds one spin
// at its centre; a Sampling option puts s×s×s spins in each voxel instead,
// each with the tissue at its own position and M0/s³.
//
// Voxel (i, j, k) has its centre at ((i − n/2)·fov/n, (j − n/2)·fov/n,
// (k − n/2)·fov/n) (integer n/2, the grid of a centred reconstruction).
// The normalised coordinates map to the patient as x = u·fov/2,
// y = −v·fov/2 and z = w·fov/2: anterior (v > 0) is −y, so axial slices
// look like SheppLogan2D, and the top of the head is +z. Positions outside
// the head hold no spin.
//
// It returns an error if n is outside [1, 256], fov or b0 is not a
// positive finite number, more than one Sampling is given, or its
// SpinsPerEdge s is outside [1, 16] or makes n·s exceed 256.
func SheppLogan3D(n int, fov, b0 float64, opts ...Sampling) (*Object, error) {
	sub, err := checkGrid(3, n, fov, b0, opts)
	if err != nil {
		return nil, err
	}
	el := SheppLogan3DEllipsoids()
	w := 1 / float64(sub*sub*sub)
	o := &Object{}
	forEachSpin(3, n, sub, fov/float64(n), func(x, y, z float64) {
		t, ok := TissueAt3D(el, 2*x/fov, -2*y/fov, 2*z/fov)
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
