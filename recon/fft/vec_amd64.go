//go:build amd64 && !purego

package fft

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// hasVector reports whether the AVX2/FMA kernels can run on this CPU. Without
// them the plan falls back to the scalar complex128 path.
var hasVector = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func radix4AVX2(a *stageArgs)

//go:noescape
func radix2AVX2(a *stageArgs)

// transpose4AVX2 transposes blocks of 4×4 complex64: for block b < blocks,
// vector r (4 values) is read from src + r*srcRow + b*srcBlock, and the
// transposed vector k is written to dst + k*dstRow + b*dstBlock.
//
//go:noescape
func transpose4AVX2(dst, src unsafe.Pointer, dstRow, dstBlock, srcRow, srcBlock, blocks int)

func radix4(a *stageArgs) { radix4AVX2(a) }
func radix2(a *stageArgs) { radix2AVX2(a) }

// transposeIn gathers four rows (row r at src + r*rowStride) into a strip:
// element i holds value i of the four rows. n must be a multiple of 4.
func transposeIn(strip, src unsafe.Pointer, rowStride, n int) {
	transpose4AVX2(strip, src, elemBytes, 4*elemBytes, rowStride, elemBytes, n/4)
}

// transposeOut scatters a strip back to four rows, undoing transposeIn.
func transposeOut(dst, strip unsafe.Pointer, rowStride, n int) {
	transpose4AVX2(dst, strip, rowStride, elemBytes, elemBytes, 4*elemBytes, n/4)
}
