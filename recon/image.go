package recon

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// Kind says what the values of an Image mean.
type Kind int

// Image kinds.
const (
	Complex   Kind = iota // complex image values
	Magnitude             // real, non-negative values (imaginary parts are zero)
)

func (k Kind) String() string {
	switch k {
	case Complex:
		return "complex"
	case Magnitude:
		return "magnitude"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Geometry places an image volume in the patient (DICOM LPS coordinates,
// metres). Voxel (i, j, k) has its centre at
//
//	Position + i*VoxelSize[0]*RowDir + j*VoxelSize[1]*ColDir + k*VoxelSize[2]*SliceDir()
//
// so index i runs along the DICOM row direction (left to right on screen), j
// down the columns, and DICOM pixel (row j, column i) of slice k is
// Data[i + Nx*(j + Ny*k)].
type Geometry struct {
	Matrix         [3]int     // voxels along i, j, k (Matrix[2] = 1 for one slice)
	VoxelSize      [3]float64 // centre-to-centre spacing along i, j, k [m]
	Position       [3]float64 // centre of voxel (0, 0, 0), LPS [m]
	RowDir         [3]float64 // unit vector along increasing i, LPS
	ColDir         [3]float64 // unit vector along increasing j, LPS
	SliceThickness float64    // nominal slice thickness [m]
}

// FOV returns the field of view Matrix*VoxelSize along i, j, k [m].
func (g Geometry) FOV() [3]float64 {
	var f [3]float64
	for d := range f {
		f[d] = float64(g.Matrix[d]) * g.VoxelSize[d]
	}
	return f
}

// SliceDir returns RowDir × ColDir, the direction of increasing k.
func (g Geometry) SliceDir() [3]float64 {
	r, c := g.RowDir, g.ColDir
	return [3]float64{r[1]*c[2] - r[2]*c[1], r[2]*c[0] - r[0]*c[2], r[0]*c[1] - r[1]*c[0]}
}

// VoxelCenter returns the LPS position [m] of the centre of voxel (i, j, k).
func (g Geometry) VoxelCenter(i, j, k int) [3]float64 {
	s := g.SliceDir()
	var p [3]float64
	for d := range p {
		p[d] = g.Position[d] + float64(i)*g.VoxelSize[0]*g.RowDir[d] +
			float64(j)*g.VoxelSize[1]*g.ColDir[d] + float64(k)*g.VoxelSize[2]*s[d]
	}
	return p
}

// Validate returns an error if the matrix is empty, a voxel size is not
// positive and finite, or the direction cosines are not orthonormal (to 1e-4).
func (g Geometry) Validate() error {
	for d := range 3 {
		if g.Matrix[d] < 1 {
			return fmt.Errorf("recon: geometry: matrix %v: dimension %d must be at least 1", g.Matrix, d)
		}
		if !(g.VoxelSize[d] > 0) || math.IsInf(g.VoxelSize[d], 0) {
			return fmt.Errorf("recon: geometry: voxel size %v [m]: dimension %d must be positive", g.VoxelSize, d)
		}
	}
	dot := func(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
	const tol = 1e-4 // DICOM direction cosines are printed with ~6 digits
	if math.Abs(dot(g.RowDir, g.RowDir)-1) > tol || math.Abs(dot(g.ColDir, g.ColDir)-1) > tol || math.Abs(dot(g.RowDir, g.ColDir)) > tol {
		return fmt.Errorf("recon: geometry: row %v and column %v directions are not orthonormal", g.RowDir, g.ColDir)
	}
	return nil
}

// Image is one reconstructed volume (one slice when Matrix[2] is 1) with its
// geometry and the acquisition parameters carried over from the raw data, so
// that an exporter needs nothing else.
type Image struct {
	Geometry
	Kind Kind
	// Data holds the voxels, i fastest: voxel (i, j, k) is
	// Data[i + Matrix[0]*(j + Matrix[1]*k)]. Units are those of the raw data
	// (the simulator's: M0 units, so a fully relaxed voxel of M0 = 1 excited
	// by 90° reads 1).
	Data   []complex64
	Params kspace.Params
	// Counters identify the image within its series (slice, echo,
	// repetition, ...), copied from the acquisitions it came from.
	Idx kspace.Counters
}

// At returns voxel (i, j, k). It panics if an index is out of range.
func (im *Image) At(i, j, k int) complex64 {
	m := im.Matrix
	if i < 0 || i >= m[0] || j < 0 || j >= m[1] || k < 0 || k >= m[2] {
		panic(fmt.Sprintf("recon: voxel (%d,%d,%d) outside matrix %v", i, j, k, m))
	}
	return im.Data[i+m[0]*(j+m[1]*k)]
}
