//go:build fftw

package main

/*
#cgo LDFLAGS: -lfftw3_threads -lfftw3f_threads -lfftw3 -lfftw3f -lm
#include <fftw3.h>

static const char *larmor_fftw_version(void) { return fftw_version; }
*/
import "C"

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"unsafe"
)

// fftwBuilt says whether FFTW is linked in (build tag fftw).
const fftwBuilt = true

// fftwThreads are the thread counts timed for FFTW.
func fftwThreads() []int { return []int{1, 2} }

// fftwInfo describes the FFTW build for the table's header.
func fftwInfo() string {
	return C.GoString(C.larmor_fftw_version()) + " through cgo: FFTW_MEASURE plans on fftw_malloc'd arrays,\n" +
		"                 one cgo call (fftw_execute) per transform"
}

// initFFTWThreads calls fftw_init_threads and fftwf_init_threads once per
// process, as FFTW asks, before the first plan.
var initFFTWThreads = sync.OnceValue(func() error {
	if C.fftw_init_threads() == 0 || C.fftwf_init_threads() == 0 {
		return errors.New("fftw_init_threads failed")
	}
	return nil
})

// fftwSides returns FFTW's sides for the element type dtype: fftwf (single
// precision) for complex64, fftw (double) for complex128, at 1 and 2
// threads.
func fftwSides(dtype string) []side {
	var s []side
	for _, t := range fftwThreads() {
		mk := fftwMake
		if dtype == c64 {
			mk = fftwfMake
		}
		s = append(s, side{impl: "fftw", dtype: dtype, threads: t,
			make: func(sh []int, in inputs) (*runner, error) { return mk(sh, in, t) }})
	}
	return s
}

// fftwDims returns sh reversed, for FFTW's row-major (last dimension
// fastest) order of our first-fastest arrays.
func fftwDims(sh []int) []C.int {
	d := make([]C.int, len(sh))
	for i, v := range sh {
		d[len(sh)-1-i] = C.int(v)
	}
	return d
}

// fftwMake plans an out-of-place double-precision forward transform of
// shape sh with FFTW_MEASURE on arrays from fftw_malloc, then copies the
// input in (planning with FFTW_MEASURE overwrites the arrays).
func fftwMake(sh []int, in inputs, threads int) (*runner, error) {
	if err := initFFTWThreads(); err != nil {
		return nil, err
	}
	n := len(in.c128)
	ip := C.fftw_malloc(C.size_t(n) * 16)
	op := C.fftw_malloc(C.size_t(n) * 16)
	free := func() { C.fftw_free(ip); C.fftw_free(op) }
	if ip == nil || op == nil {
		free()
		return nil, fmt.Errorf("fftw_malloc of %d elements failed", n)
	}
	dims := fftwDims(sh)
	C.fftw_plan_with_nthreads(C.int(threads))
	p := C.fftw_plan_dft(C.int(len(dims)), &dims[0], (*C.fftw_complex)(ip), (*C.fftw_complex)(op), C.FFTW_FORWARD, C.FFTW_MEASURE)
	if p == nil {
		free()
		return nil, errors.New("fftw_plan_dft returned no plan")
	}
	src := unsafe.Slice((*complex128)(ip), n)
	dst := unsafe.Slice((*complex128)(op), n)
	copy(src, in.c128)
	return &runner{
		run:   func() { C.fftw_execute(p) },
		out:   func() []complex128 { return slices.Clone(dst) },
		in:    func() []complex128 { return slices.Clone(src) },
		close: func() { C.fftw_destroy_plan(p); free() },
	}, nil
}

// fftwfMake is fftwMake in single precision (fftwf_*).
func fftwfMake(sh []int, in inputs, threads int) (*runner, error) {
	if err := initFFTWThreads(); err != nil {
		return nil, err
	}
	n := len(in.c64)
	ip := C.fftwf_malloc(C.size_t(n) * 8)
	op := C.fftwf_malloc(C.size_t(n) * 8)
	free := func() { C.fftwf_free(ip); C.fftwf_free(op) }
	if ip == nil || op == nil {
		free()
		return nil, fmt.Errorf("fftwf_malloc of %d elements failed", n)
	}
	dims := fftwDims(sh)
	C.fftwf_plan_with_nthreads(C.int(threads))
	p := C.fftwf_plan_dft(C.int(len(dims)), &dims[0], (*C.fftwf_complex)(ip), (*C.fftwf_complex)(op), C.FFTW_FORWARD, C.FFTW_MEASURE)
	if p == nil {
		free()
		return nil, errors.New("fftwf_plan_dft returned no plan")
	}
	src := unsafe.Slice((*complex64)(ip), n)
	dst := unsafe.Slice((*complex64)(op), n)
	copy(src, in.c64)
	return &runner{
		run:   func() { C.fftwf_execute(p) },
		out:   func() []complex128 { return widen(dst) },
		in:    func() []complex128 { return widen(src) },
		close: func() { C.fftwf_destroy_plan(p); free() },
	}, nil
}
