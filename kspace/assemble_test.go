package kspace_test

import (
	"errors"
	"testing"

	"github.com/larmor-mri/larmor/kspace"
)

// acq returns an acquisition whose sample s of coil c holds the value
// code + 100*c + s, so placement can be checked element by element.
func acq(line, slice, echo, samples, coils, center int, code float32) kspace.Acquisition {
	a := kspace.Acquisition{Coils: coils, Samples: samples, Center: center,
		Idx: kspace.Counters{KSpaceEncodeStep1: line, Slice: slice, Contrast: echo}}
	for c := range coils {
		for s := range samples {
			a.Data = append(a.Data, complex(code+float32(100*c+s), 0))
		}
	}
	return a
}

func TestCartesianPlacement(t *testing.T) {
	d := &kspace.Dataset{Header: kspace.Header{
		Encoded: kspace.Space{Matrix: [3]int{8, 6, 1}},
		Coils:   2,
		Limits:  kspace.Limits{KSpaceEncodeStep1: kspace.Limit{Min: 0, Max: 4, Center: 2}},
	}}
	// Partial Fourier: lines 0..4 with centre line 2 land at y = line − 2 + 3.
	// Asymmetric echo: 6 samples with the echo at sample 2 land at x = s − 2 + 4.
	d.Acquisitions = append(d.Acquisitions, acq(0, 0, 0, 6, 2, 2, 1000), acq(4, 1, 1, 6, 2, 2, 2000))
	noise := acq(1, 0, 0, 6, 2, 2, 9000)
	noise.Flags = kspace.IsNoiseMeasurement
	d.Acquisitions = append(d.Acquisitions, noise)
	a, err := d.Cartesian()
	if err != nil {
		t.Fatal(err)
	}
	if a.Dims[kspace.DimSlice] != 2 || a.Dims[kspace.DimEcho] != 2 || a.Dims[kspace.DimCoil] != 2 {
		t.Fatalf("dims %v: want 2 slices, 2 echoes, 2 coils", a.Dims)
	}
	check := func(x, y, c, echo, slice int, want complex64) {
		t.Helper()
		idx := []int{x, y, 0, c, 0, echo, 0, 0, 0, 0, 0, 0, 0, slice}
		if got := a.Data[a.Index(idx...)]; got != want {
			t.Errorf("element %v = %v, want %v", idx, got, want)
		}
	}
	check(2, 1, 0, 0, 0, 1000) // sample 0 of line 0
	check(7, 1, 1, 0, 0, 1105) // sample 5, coil 1
	check(2, 5, 0, 1, 1, 2000) // line 4 → y = 5
	check(1, 1, 0, 0, 0, 0)    // before the asymmetric echo: unsampled
	check(2, 2, 0, 0, 0, 0)    // the noise scan's line was skipped

	// Reversed readout: the acquired sample order flips, and the echo
	// (acquired sample 3 of 6) lands at x = 4, so x = 7 − s.
	r := acq(2, 0, 0, 6, 2, 3, 3000)
	r.Flags = kspace.IsReverse
	d.Acquisitions = []kspace.Acquisition{r}
	a, err = d.Cartesian()
	if err != nil {
		t.Fatal(err)
	}
	check(7, 3, 0, 0, 0, 3000)
	check(2, 3, 0, 0, 0, 3005)
	check(4, 3, 1, 0, 0, 3103)
}

func TestCartesianErrors(t *testing.T) {
	base := kspace.Header{Encoded: kspace.Space{Matrix: [3]int{4, 4, 1}}, Coils: 1}
	for name, a := range map[string]kspace.Acquisition{
		"line outside":     acq(9, 0, 0, 4, 1, 2, 0),
		"too many samples": acq(0, 0, 0, 6, 1, 3, 0),
		"wrong coils":      acq(0, 0, 0, 4, 2, 2, 0),
		"short data":       {Coils: 1, Samples: 4, Center: 2, Data: make([]complex64, 3)},
		"negative counter": acq(0, -1, 0, 4, 1, 2, 0),
	} {
		d := &kspace.Dataset{Header: base, Acquisitions: []kspace.Acquisition{a}}
		if _, err := d.Cartesian(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	for _, tr := range []kspace.Trajectory{kspace.Radial, kspace.Spiral} {
		h := base
		h.Trajectory = tr
		d := &kspace.Dataset{Header: h, Acquisitions: []kspace.Acquisition{acq(0, 0, 0, 4, 1, 2, 0)}}
		if _, err := d.Cartesian(); err == nil {
			t.Errorf("%v trajectory: no error", tr)
		}
	}
	d := &kspace.Dataset{Header: base}
	if _, err := d.Cartesian(); !errors.Is(err, kspace.ErrNoData) {
		t.Errorf("empty dataset: %v, want ErrNoData", err)
	}
}

func TestArrayIndex(t *testing.T) {
	a := kspace.NewArray(3, 4, 5)
	if a.Len() != 60 || a.Stride(kspace.DimPhase2) != 12 || a.Index(1, 2, 3) != 1+3*2+12*3 {
		t.Fatalf("len %d stride %d index %d", a.Len(), a.Stride(kspace.DimPhase2), a.Index(1, 2, 3))
	}
	if _, err := kspace.FullDims([]int{1 << 40, 1 << 40}); err == nil {
		t.Error("overflowing dims accepted")
	}
	if kspace.MaskOf(kspace.DimRead, kspace.DimPhase1) != 3 || kspace.DimCoil.String() != "coil" {
		t.Error("mask or name wrong")
	}
}
