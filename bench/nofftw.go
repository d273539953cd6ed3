//go:build !fftw

package main

// fftwBuilt says whether FFTW is linked in (build tag fftw).
const fftwBuilt = false

// fftwInfo describes the FFTW build for the table's header.
func fftwInfo() string {
	return "FFTW not built in: go run -tags fftw ./bench fft adds it (cgo, libfftw3-dev)"
}

// fftwSides returns no sides: FFTW is not built in.
func fftwSides(dtype string) []side { return nil }
