package recon

import (
	"context"
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon/fft"
)

// Combine selects how the images of several receive coils become one.
type Combine int

// Coil combination methods.
const (
	// RSS is the root sum of squares over coils, sqrt(Σ|x_c|²): a magnitude
	// image. With one coil the image stays complex.
	RSS Combine = iota
	// NoCombine keeps one complex image per coil (Idx-ordered, coil
	// outermost within each slice).
	NoCombine
)

// Options configure Cartesian. The zero value combines coils by RSS.
type Options struct {
	Combine Combine
	Workers int // FFT workers; 0 means GOMAXPROCS
}

// Cartesian reconstructs a Cartesian dataset: it assembles k-space
// (kspace.Dataset.Cartesian), applies the centred inverse DFT over the
// encoded dimensions (readout, phase 1, and phase 2 when it is larger than
// one) scaled by 1/N, crops readout oversampling to Header.Recon.Matrix[0]
// about the centre, and combines coils. Scaling by 1/N makes the image read
// in the units of the spins: a voxel of transverse magnetisation m gives m.
//
// It returns one image per slice, echo, repetition, cardiac phase, average
// and set (in that order, slice fastest), each carrying the geometry of its
// acquisitions (position, directions) and the header's parameters. Image
// index i runs along the acquisition's ReadDir and j along PhaseDir; the
// centre of voxel (Nx/2, Ny/2) is the acquisition's Position.
func Cartesian(ctx context.Context, d *kspace.Dataset, o Options) ([]*Image, error) {
	if d == nil {
		return nil, fmt.Errorf("recon: nil dataset")
	}
	a, err := d.Cartesian()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := &d.Header
	mask := uint32(kspace.MaskOf(kspace.DimRead, kspace.DimPhase1))
	if a.Dims[kspace.DimPhase2] > 1 {
		mask |= 1 << uint(kspace.DimPhase2)
	}
	p, err := fft.NewPlan(a.Dims[:], mask, fft.Options{Scaling: fft.Backward, Workers: o.Workers})
	if err != nil {
		return nil, fmt.Errorf("recon: %w", err)
	}
	p.Inverse(a.Data, a.Data)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	nx, ny, nz, nc := a.Dims[0], a.Dims[1], a.Dims[2], a.Dims[3]
	rx := h.Recon.Matrix[0]
	if rx < 1 || rx > nx {
		rx = nx
	}
	x0 := nx/2 - rx/2
	vox := h.Encoded.VoxelSize()
	if h.Recon.Matrix[0] == rx && h.Recon.FOV[0] > 0 {
		vox[0] = h.Recon.FOV[0] / float64(rx)
	}
	if nz == 1 {
		vox[2] = h.Encoded.FOV[2]
	}
	vol := nx * ny * nz
	outer := a.Len() / (vol * nc)
	var images []*Image
	for oi := range outer {
		// Decompose the outer index into the counters of the assembled array.
		rem := oi
		var cnt [kspace.NumDims]int
		for dim := 4; dim < kspace.NumDims; dim++ {
			cnt[dim] = rem % a.Dims[dim]
			rem /= a.Dims[dim]
		}
		idx := kspace.Counters{
			Contrast: cnt[kspace.DimEcho], Repetition: cnt[kspace.DimTime], Phase: cnt[kspace.DimTime2],
			Slice: cnt[kspace.DimSlice], Average: cnt[kspace.DimAverage], Set: cnt[kspace.DimBatch],
		}
		acq := findAcquisition(d, idx)
		if acq == nil {
			continue // this combination of counters was never acquired
		}
		geo := Geometry{
			Matrix:         [3]int{rx, ny, nz},
			VoxelSize:      vox,
			RowDir:         acq.ReadDir,
			ColDir:         acq.PhaseDir,
			SliceThickness: h.Encoded.FOV[2],
		}
		if nz > 1 {
			geo.SliceThickness = vox[2]
		}
		for dd := range 3 {
			geo.Position[dd] = acq.Position[dd] -
				float64(rx/2)*vox[0]*acq.ReadDir[dd] -
				float64(ny/2)*vox[1]*acq.PhaseDir[dd] -
				float64(nz/2)*vox[2]*acq.SliceDir[dd]
		}
		base := oi * vol * nc
		coilImage := func(c int) []complex64 {
			out := make([]complex64, rx*ny*nz)
			for k := range nz {
				for j := range ny {
					src := a.Data[base+c*vol+(k*ny+j)*nx+x0:]
					copy(out[(k*ny+j)*rx:(k*ny+j+1)*rx], src[:rx])
				}
			}
			return out
		}
		newImage := func(kind Kind, data []complex64) {
			images = append(images, &Image{Geometry: geo, Kind: kind, Data: data, Params: h.Params, Idx: idx})
		}
		switch {
		case nc == 1:
			newImage(Complex, coilImage(0))
		case o.Combine == NoCombine:
			for c := range nc {
				newImage(Complex, coilImage(c))
			}
		default:
			sum := make([]float64, rx*ny*nz)
			for c := range nc {
				for i, v := range coilImage(c) {
					re, im := float64(real(v)), float64(imag(v))
					sum[i] += re*re + im*im
				}
			}
			out := make([]complex64, len(sum))
			for i, v := range sum {
				out[i] = complex(float32(math.Sqrt(v)), 0)
			}
			newImage(Magnitude, out)
		}
	}
	return images, nil
}

// findAcquisition returns the first imaging acquisition with the given
// outer counters, or nil.
func findAcquisition(d *kspace.Dataset, idx kspace.Counters) *kspace.Acquisition {
	for i := range d.Acquisitions {
		a := &d.Acquisitions[i]
		c := a.Idx
		if a.Flags&(kspace.IsNoiseMeasurement|kspace.IsNavigationData|kspace.IsPhaseCorrData) != 0 {
			continue
		}
		if c.Contrast == idx.Contrast && c.Repetition == idx.Repetition && c.Phase == idx.Phase &&
			c.Slice == idx.Slice && c.Average == idx.Average && c.Set == idx.Set {
			return a
		}
	}
	return nil
}
