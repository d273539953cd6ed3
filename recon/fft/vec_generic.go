//go:build !amd64 || purego

package fft

// simdKernels64 and simdKernels128 are the Go kernel sets with the
// archsimd kernels in (see vec_simd.go), set when the build has them
// (GOEXPERIMENT=simd on amd64) and the CPU has AVX2 and FMA; nil
// otherwise.
var simdKernels64, simdKernels128 *kernelSet

// kernels64 returns the Go kernels: the vector engine runs in plain Go on
// platforms without assembly and under the purego tag, on archsimd
// vectors where simdKernels64 is set.
func kernels64() *kernelSet {
	if simdKernels64 != nil {
		return simdKernels64
	}
	return goKernels64
}

// kernels128 returns the Go kernels for complex128.
func kernels128() *kernelSet {
	if simdKernels128 != nil {
		return simdKernels128
	}
	return goKernels128
}
