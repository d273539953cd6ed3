package recon

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/cmplx"

	"github.com/larmor-mri/larmor/kspace"
)

// Abs returns a magnitude copy of the image: |v| in every voxel.
func (im *Image) Abs() *Image {
	out := *im
	out.Kind = Magnitude
	out.Data = make([]complex64, len(im.Data))
	for i, v := range im.Data {
		out.Data[i] = complex(float32(cmplx.Abs(complex128(v))), 0)
	}
	return &out
}

// Picture returns slice k of the image's magnitude as an 8-bit grey
// picture, scaled so that the largest magnitude of the slice is white.
// Pixel (x, y) of the picture is voxel (i = x, j = y): rows run along
// ColDir, as a DICOM viewer shows them. It panics if k is out of range.
func (im *Image) Picture(k int) *image.Gray {
	nx, ny := im.Matrix[0], im.Matrix[1]
	if k < 0 || k >= im.Matrix[2] {
		panic(fmt.Sprintf("recon: slice %d outside [0, %d)", k, im.Matrix[2]))
	}
	sl := im.Data[k*nx*ny : (k+1)*nx*ny]
	peak := 0.0
	for _, v := range sl {
		peak = math.Max(peak, cmplx.Abs(complex128(v)))
	}
	return grey(nx, ny, func(i int) float64 {
		if peak == 0 {
			return 0
		}
		return cmplx.Abs(complex128(sl[i])) / peak
	})
}

// KSpacePicture returns log(1 + |k|/floor) of one 2D plane of a k-space
// array (readout across, phase 1 down; all other indices 0), scaled to
// 0–255, with floor = 1e-4 of the peak so that about four decades of
// dynamic range are visible. DC appears at (Nx/2, Ny/2).
func KSpacePicture(a *kspace.Array) *image.Gray {
	nx, ny := a.Dims[kspace.DimRead], a.Dims[kspace.DimPhase1]
	plane := a.Data[:nx*ny]
	peak := 0.0
	for _, v := range plane {
		peak = math.Max(peak, cmplx.Abs(complex128(v)))
	}
	floor := peak * 1e-4
	top := math.Log1p(peak / math.Max(floor, math.SmallestNonzeroFloat64))
	return grey(nx, ny, func(i int) float64 {
		if peak == 0 {
			return 0
		}
		return math.Log1p(cmplx.Abs(complex128(plane[i]))/floor) / top
	})
}

func grey(nx, ny int, f func(int) float64) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, nx, ny))
	for j := range ny {
		for i := range nx {
			v := math.Round(255 * math.Min(1, math.Max(0, f(i+nx*j))))
			g.SetGray(i, j, color.Gray{Y: uint8(v)})
		}
	}
	return g
}
