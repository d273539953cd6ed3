//go:build goexperiment.simd && amd64 && purego

package fft

import "testing"

// TestSimdKernels checks the archsimd kernels against the Go kernels on the
// shapes, strides and offsets the assembly is checked on, and that the
// engine uses them (and so that every plan test of this build runs on
// them). The tolerances are those of the assembly: a few float32 (1e-6)
// or float64 (1e-14) roundings apart, from the fused multiply-adds and the
// radix-8 butterfly's different order of operations.
func TestSimdKernels(t *testing.T) {
	if simdKernels64 == nil {
		t.Skip("no AVX2/FMA")
	}
	if kernels64() != simdKernels64 || kernels128() != simdKernels128 {
		t.Fatal("the engine does not use the archsimd kernels")
	}
	testStageKernels[complex64](t, []vecKernel{
		{"radix4Simd64", 4, radix4Simd64, radix4Go[complex64]},
		{"radix8Simd64", 8, radix8Simd64, radix8Go[complex64]},
	}, 1e-6)
	testModulate[complex64](t, modulateSimd64, 1e-6)
	testMul[complex64](t, mulSimd64, 1e-6)
	testRandomShapes[complex64](t, simdKernels64, goKernels64, 1e-6)

	testStageKernels[complex128](t, []vecKernel{
		{"radix4Simd128", 4, radix4Simd128, radix4Go[complex128]},
		{"radix8Simd128", 8, radix8Simd128, radix8Go[complex128]},
	}, 1e-14)
	testModulate[complex128](t, modulateSimd128, 1e-14)
	testMul[complex128](t, mulSimd128, 1e-14)
	testRandomShapes[complex128](t, simdKernels128, goKernels128, 1e-14)
}
