//go:build !amd64 || purego

package fft

// kernels64 returns the Go kernels: the vector engine runs in plain Go on
// platforms without assembly and under the purego tag.
func kernels64() *kernelSet { return goKernels64 }

// kernels128 returns the Go kernels for complex128.
func kernels128() *kernelSet { return goKernels128 }
