package kspace

import (
	"errors"
	"fmt"
)

// ErrNoData is returned when a dataset holds no imaging acquisitions.
var ErrNoData = errors.New("kspace: no imaging acquisitions")

// skipped reports whether an acquisition carries no imaging data (noise,
// navigator or phase-correction scans).
func (a *Acquisition) skipped() bool {
	return a.Flags&(IsNoiseMeasurement|IsNavigationData|IsPhaseCorrData) != 0
}

// Cartesian assembles the imaging acquisitions of a Cartesian dataset into a
// dense Array in BART's dimension order: readout (Header.Encoded.Matrix[0]),
// phase 1, phase 2, coil, then echo (Contrast counter, DimEcho), repetition
// (DimTime), cardiac phase (DimTime2), slice (DimSlice), average (DimAverage)
// and set (DimBatch); each counter's size is its largest value plus one.
//
// Sample s of an acquisition lands at readout index s - Center + Nx/2, so
// the echo sits at index Nx/2 (DESIGN.md's DC position); line KSpaceEncodeStep1
// lands at Step1 - Limits.KSpaceEncodeStep1.Center + Ny/2, and likewise for
// phase 2. When a limit is unset (all zero) its centre is taken as Matrix/2,
// the ISMRMRD convention for fully sampled data. Acquisitions flagged
// IsReverse are reversed before placement. Noise, navigator and
// phase-correction acquisitions are skipped. Unsampled positions are zero.
//
// It returns an error naming the acquisition if a sample or counter falls
// outside the encoded matrix or the data length disagrees with Coils*Samples,
// and an error for a radial or spiral trajectory.
func (d *Dataset) Cartesian() (*Array, error) {
	h := &d.Header
	m := h.Encoded.Matrix
	for i, n := range m {
		if n < 1 {
			return nil, fmt.Errorf("kspace: header: encoded matrix %v: dimension %d must be at least 1", m, i)
		}
	}
	if h.Coils < 1 {
		return nil, fmt.Errorf("kspace: header: %d coils, must be at least 1", h.Coils)
	}
	if h.Trajectory == Radial || h.Trajectory == Spiral {
		return nil, fmt.Errorf("kspace: header: %v trajectory: the samples are not on a Cartesian grid (grid them first)", h.Trajectory)
	}
	center := func(l Limit, n int) int {
		if l == (Limit{}) {
			return n / 2
		}
		return l.Center
	}
	c1 := center(h.Limits.KSpaceEncodeStep1, m[1])
	c2 := center(h.Limits.KSpaceEncodeStep2, m[2])

	// Sizes of the outer dimensions from the counters present.
	var nEcho, nRep, nPhase, nSlice, nAvg, nSet int
	any := false
	for i := range d.Acquisitions {
		a := &d.Acquisitions[i]
		if a.skipped() {
			continue
		}
		any = true
		c := a.Idx
		for _, v := range [...]int{c.Contrast, c.Repetition, c.Phase, c.Slice, c.Average, c.Set} {
			if v < 0 || v > 1<<16 {
				return nil, fmt.Errorf("kspace: acquisition %d: encoding counter %d out of range [0, 65536]", i, v)
			}
		}
		nEcho = max(nEcho, c.Contrast+1)
		nRep = max(nRep, c.Repetition+1)
		nPhase = max(nPhase, c.Phase+1)
		nSlice = max(nSlice, c.Slice+1)
		nAvg = max(nAvg, c.Average+1)
		nSet = max(nSet, c.Set+1)
	}
	if !any {
		return nil, ErrNoData
	}
	var dims [NumDims]int
	for i := range dims {
		dims[i] = 1
	}
	dims[DimRead], dims[DimPhase1], dims[DimPhase2], dims[DimCoil] = m[0], m[1], m[2], h.Coils
	dims[DimEcho], dims[DimTime], dims[DimTime2] = nEcho, nRep, nPhase
	dims[DimSlice], dims[DimAverage], dims[DimBatch] = nSlice, nAvg, nSet
	if _, err := FullDims(dims[:]); err != nil {
		return nil, fmt.Errorf("kspace: assembled array: %v", err)
	}
	out := &Array{Dims: dims}
	out.Data = make([]complex64, out.Len())

	for i := range d.Acquisitions {
		a := &d.Acquisitions[i]
		if a.skipped() {
			continue
		}
		if a.Coils != h.Coils {
			return nil, fmt.Errorf("kspace: acquisition %d: %d coils, header says %d", i, a.Coils, h.Coils)
		}
		if a.Samples < 0 || len(a.Data) != a.Coils*a.Samples {
			return nil, fmt.Errorf("kspace: acquisition %d: %d data values, want coils*samples = %d*%d", i, len(a.Data), a.Coils, a.Samples)
		}
		y := a.Idx.KSpaceEncodeStep1 - c1 + m[1]/2
		z := a.Idx.KSpaceEncodeStep2 - c2 + m[2]/2
		if y < 0 || y >= m[1] {
			return nil, fmt.Errorf("kspace: acquisition %d: kspace_encode_step_1 %d (centre %d) outside the %d encoded lines", i, a.Idx.KSpaceEncodeStep1, c1, m[1])
		}
		if z < 0 || z >= m[2] {
			return nil, fmt.Errorf("kspace: acquisition %d: kspace_encode_step_2 %d (centre %d) outside the %d encoded partitions", i, a.Idx.KSpaceEncodeStep2, c2, m[2])
		}
		center := a.Center
		if a.Flags.Has(IsReverse) {
			center = a.Samples - 1 - a.Center
		}
		x0 := m[0]/2 - center
		if x0 < 0 || x0+a.Samples > m[0] {
			return nil, fmt.Errorf("kspace: acquisition %d: %d samples with centre %d do not fit the encoded readout of %d", i, a.Samples, a.Center, m[0])
		}
		for c := range a.Coils {
			base := out.Index(0, y, z, c, 0, a.Idx.Contrast, 0, 0, 0, 0, a.Idx.Repetition, a.Idx.Phase, 0, a.Idx.Slice, a.Idx.Average, a.Idx.Set)
			src := a.Data[c*a.Samples : (c+1)*a.Samples]
			dst := out.Data[base+x0 : base+x0+a.Samples]
			if a.Flags.Has(IsReverse) {
				for s := range src {
					dst[len(src)-1-s] = src[s]
				}
			} else {
				copy(dst, src)
			}
		}
	}
	return out, nil
}
