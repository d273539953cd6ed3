// Command bench times larmor against its peers and the reference systems
// side by side in one run and prints ratios, as DESIGN.md asks: the same
// input for every side, the same work from the caller's view, plans made
// before timing, and every side's output checked before it is timed, so that
// a table never compares wrong work.
//
// Usage:
//
//	go run ./bench SUITE [flags]
//	go run ./bench fft -quick
//	go run ./bench fft -sizes 256x256,512x512 -json
//	go run -tags fftw ./bench fft          # adds FFTW (cgo; needs libfftw3-dev)
//	go run ./bench bloch -quick -json
//
// Suites:
//
//	fft   recon/fft against FFTW, gonum dsp/fourier, go-dsp and gofft
//	bloch the Bloch simulator's kernels and workloads (readout, rf, the
//	      KomaMRI paper's EPI, 128² and 256² GRE), with bart sim --ROT timed
//	      beside the exact RF kernel when bart is on PATH
//
// Shapes are written first dimension fastest, as larmor stores arrays:
// 256x128 has 256 points along x (contiguous) and 128 along y.
//
// Build tags: fftw adds FFTW 3 through cgo, double (fftw_*) and single
// (fftwf_*) precision, 1 and 2 threads. Without it the ratios are taken
// against larmor's complex64 transform and the table says so. Rows of two
// threads also show their speed-up over the same side on one thread, the
// figure issue 4's two-worker target is about. That target assumes both
// cores free, so in table mode shapes from 256² up end with a cores line:
// the speed-up of register-only arithmetic on two goroutines over one,
// timed in the same rounds as the sides (2× with both cores free; less
// when a spell of load on the second core slowed the two-thread rows).
package main
