package kspace

import (
	"fmt"
	"math"
)

// NumDims is the number of dimensions of an Array, as in BART (DIMS = 16).
const NumDims = 16

// Dim names one dimension of an Array. The numbering is BART's (mri_dims), so
// an Array written with package cfl is read by BART with the same meaning.
type Dim int

// The dimensions of an Array, readout fastest.
const (
	DimRead     Dim = 0  // readout: kx, or x in image space
	DimPhase1   Dim = 1  // first phase encoding: ky, or y
	DimPhase2   Dim = 2  // second phase encoding (3D) or z
	DimCoil     Dim = 3  // receive channel
	DimMaps     Dim = 4  // sensitivity map set (ESPIRiT)
	DimEcho     Dim = 5  // echo / contrast (ISMRMRD contrast counter)
	DimCoeff    Dim = 6  // model coefficient
	DimCoeff2   Dim = 7  // second coefficient
	DimIter     Dim = 8  // iteration
	DimCShift   Dim = 9  // chemical shift
	DimTime     Dim = 10 // repetition (ISMRMRD repetition counter)
	DimTime2    Dim = 11 // cardiac phase (ISMRMRD phase counter)
	DimLevel    Dim = 12 // level
	DimSlice    Dim = 13 // slice
	DimAverage  Dim = 14 // average
	DimBatch    Dim = 15 // set / batch (ISMRMRD set counter)
	numDimNames     = 16
)

var dimNames = [numDimNames]string{"read", "phase1", "phase2", "coil", "maps", "echo", "coeff",
	"coeff2", "iter", "cshift", "time", "time2", "level", "slice", "average", "batch"}

// String returns the dimension's short name ("read", "coil", ...).
func (d Dim) String() string {
	if d >= 0 && int(d) < numDimNames {
		return dimNames[d]
	}
	return fmt.Sprintf("Dim(%d)", int(d))
}

// DimMask is a set of dimensions as a bit mask, bit d for Dim d, as in BART's
// "bitmask" arguments: 3 selects DimRead and DimPhase1.
type DimMask uint32

// Has reports whether the mask contains d.
func (m DimMask) Has(d Dim) bool { return d >= 0 && d < NumDims && m&(1<<uint(d)) != 0 }

// MaskOf returns the mask holding the given dimensions.
func MaskOf(dims ...Dim) DimMask {
	var m DimMask
	for _, d := range dims {
		m |= 1 << uint(d)
	}
	return m
}

// Array is a dense complex array of up to NumDims dimensions, stored with the
// first dimension fastest (BART's and ISMRMRD's order: readout, phase 1,
// phase 2, coil, ...). Element (i0, i1, ...) is at Data[i0 + Dims[0]*(i1 +
// Dims[1]*(i2 + ...))]. Unused dimensions have size 1.
type Array struct {
	Dims [NumDims]int
	Data []complex64
}

// NewArray returns a zeroed Array with the given leading dimension sizes;
// the remaining dimensions are 1. It panics if a size is below 1, there are
// more than NumDims sizes, or the element count overflows int.
func NewArray(dims ...int) *Array {
	a := &Array{}
	d, err := FullDims(dims)
	if err != nil {
		panic("kspace: NewArray: " + err.Error())
	}
	a.Dims = d
	a.Data = make([]complex64, a.Len())
	return a
}

// FullDims pads dims with trailing 1s to NumDims entries. It returns an error
// if there are more than NumDims sizes, a size is below 1, or the product
// overflows int.
func FullDims(dims []int) ([NumDims]int, error) {
	var d [NumDims]int
	if len(dims) > NumDims {
		return d, fmt.Errorf("%d dimensions, at most %d allowed", len(dims), NumDims)
	}
	n := 1
	for i := range d {
		d[i] = 1
		if i < len(dims) {
			if dims[i] < 1 {
				return d, fmt.Errorf("dimension %d has size %d, must be at least 1", i, dims[i])
			}
			if n > math.MaxInt/dims[i] {
				return d, fmt.Errorf("dimensions %v overflow", dims)
			}
			d[i] = dims[i]
			n *= dims[i]
		}
	}
	return d, nil
}

// Len returns the number of elements, the product of Dims.
func (a *Array) Len() int {
	n := 1
	for _, d := range a.Dims {
		n *= d
	}
	return n
}

// Stride returns the distance in Data between neighbours along dimension d.
func (a *Array) Stride(d Dim) int {
	s := 1
	for i := range int(d) {
		s *= a.Dims[i]
	}
	return s
}

// Index returns the position in Data of the element with the given leading
// indices (missing trailing indices are 0). It panics if an index is out of range.
func (a *Array) Index(idx ...int) int {
	off, s := 0, 1
	for i, v := range idx {
		if v < 0 || v >= a.Dims[i] {
			panic(fmt.Sprintf("kspace: index %d out of range [0,%d) in dimension %s", v, a.Dims[i], Dim(i)))
		}
		off += v * s
		s *= a.Dims[i]
	}
	return off
}

// Trajectory is the shape of the k-space sampling.
type Trajectory int

// Trajectory kinds, as ISMRMRD's trajectoryType.
const (
	Cartesian Trajectory = iota
	EPI
	Radial
	Spiral
	Other
)

func (t Trajectory) String() string {
	switch t {
	case Cartesian:
		return "cartesian"
	case EPI:
		return "epi"
	case Radial:
		return "radial"
	case Spiral:
		return "spiral"
	case Other:
		return "other"
	}
	return fmt.Sprintf("Trajectory(%d)", int(t))
}

// Space is an encoding or reconstruction space: matrix size and field of view
// along readout, phase 1 and phase 2 (x, y, z of the logical encoding frame).
// For 2D acquisitions Matrix[2] is 1 and FOV[2] is the slice thickness, as in
// ISMRMRD.
type Space struct {
	Matrix [3]int     // samples or voxels along readout, phase 1, phase 2
	FOV    [3]float64 // [m]
}

// VoxelSize returns FOV/Matrix per dimension [m] (0 where Matrix is 0).
func (s Space) VoxelSize() [3]float64 {
	var v [3]float64
	for i := range v {
		if s.Matrix[i] > 0 {
			v[i] = s.FOV[i] / float64(s.Matrix[i])
		}
	}
	return v
}

// Params are the acquisition parameters that travel from the sequence,
// through the raw data, to the image and its DICOM header. Zero means unknown
// or not applicable.
type Params struct {
	SequenceName    string  // free text, e.g. "gre" (DICOM SequenceName)
	B0              float64 // main field [T]
	TR              float64 // repetition time [s]
	TE              float64 // echo time: excitation centre to k-space centre [s]
	TI              float64 // inversion time [s]
	FlipAngle       float64 // nominal excitation flip angle [rad]
	EchoTrainLength int     // echoes per excitation (1 for GRE)
}

// Gamma1H is the gyromagnetic ratio of 1H over 2π [Hz/T].
const Gamma1H = 42.577478518e6

// LarmorFrequency returns the 1H resonance frequency at B0 [Hz].
func (p Params) LarmorFrequency() float64 { return Gamma1H * p.B0 }

// Limit is the range of an encoding counter and its centre (the index of
// the k-space centre), as ISMRMRD's encodingLimits.
type Limit struct {
	Min, Max, Center int
}

// Limits are the ranges of the encoding counters.
type Limits struct {
	KSpaceEncodeStep1, KSpaceEncodeStep2 Limit
	Average, Slice, Contrast, Phase      Limit
	Repetition, Set, Segment             Limit
}

// Header describes a raw dataset as a whole, modelled on ISMRMRD's header.
type Header struct {
	Encoded    Space      // what was sampled (readout oversampling included)
	Recon      Space      // what the reconstruction should produce
	Trajectory Trajectory // sampling pattern
	Coils      int        // receive channels
	Params     Params     // sequence parameters
	Limits     Limits     // encoding counter ranges
}

// Counters are an acquisition's encoding counters (ISMRMRD's EncodingCounters).
type Counters struct {
	KSpaceEncodeStep1 int // phase-encoding line
	KSpaceEncodeStep2 int // partition (3D)
	Average           int
	Slice             int
	Contrast          int // echo
	Phase             int // cardiac phase
	Repetition        int
	Set               int
	Segment           int // shot of a segmented acquisition
}

// Flags mark special acquisitions; bit values equal ISMRMRD's
// (flag number n is bit n-1).
type Flags uint64

// Acquisition flags (a subset of ISMRMRD's, same bit positions).
const (
	FirstInEncodeStep1        Flags = 1 << 0
	LastInEncodeStep1         Flags = 1 << 1
	FirstInSlice              Flags = 1 << 6
	LastInSlice               Flags = 1 << 7
	FirstInRepetition         Flags = 1 << 12
	LastInRepetition          Flags = 1 << 13
	LastInMeasurement         Flags = 1 << 24
	IsNoiseMeasurement        Flags = 1 << 18
	IsParallelCalib           Flags = 1 << 19
	IsParallelCalibAndImaging Flags = 1 << 20
	IsReverse                 Flags = 1 << 21
	IsNavigationData          Flags = 1 << 22
	IsPhaseCorrData           Flags = 1 << 23
)

// Has reports whether all bits of g are set in f.
func (f Flags) Has(g Flags) bool { return f&g == g }

// Acquisition is one readout: the samples of every coil plus where they lie
// in k-space and in the patient, modelled on an ISMRMRD acquisition.
type Acquisition struct {
	Flags    Flags
	Idx      Counters
	Coils    int        // number of channels in Data
	Samples  int        // samples per channel
	Dwell    float64    // time between samples [s]
	Time     float64    // time of the first sample from the start of the sequence [s]
	Center   int        // index of the sample at the k-space centre (echo)
	Discard  [2]int     // samples to drop before and after (ISMRMRD discard_pre/post)
	Position [3]float64 // centre of the encoded volume or slice, patient LPS [m]
	ReadDir  [3]float64 // unit vector of the readout direction, LPS
	PhaseDir [3]float64 // unit vector of the phase-encoding direction, LPS
	SliceDir [3]float64 // unit vector of the slice direction, LPS
	// Data holds the samples, channel-major: sample s of coil c is
	// Data[c*Samples+s]. Units are arbitrary (the simulator uses M0 units
	// summed over spins).
	Data []complex64
	// Traj holds the k-space position of every sample when TrajDims > 0:
	// component d of sample s is Traj[s*TrajDims+d], in cycles per metre
	// [1/m] along the gradient axes x, y, z (patient LPS in the simulator).
	// Cartesian data may leave it empty.
	TrajDims int
	Traj     []float32
}

// Dataset is a header plus acquisitions in acquisition order.
type Dataset struct {
	Header       Header
	Acquisitions []Acquisition
}
