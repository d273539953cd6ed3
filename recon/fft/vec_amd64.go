//go:build amd64 && !purego

package fft

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

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

// transposeIn64 gathers four rows (row r at src + r*rowStride) into a
// strip: element i holds value i of the four rows.
func transposeIn64(strip, src unsafe.Pointer, rowStride, n int) {
	b := n / 4
	transpose4AVX2(strip, src, elemBytes, 4*elemBytes, rowStride, elemBytes, b)
	if r := n % 4; r != 0 {
		transposeInGo[complex64](unsafe.Add(strip, 4*b*elemBytes), unsafe.Add(src, 4*b*8), rowStride, r)
	}
}

// transposeOut64 scatters a strip back to four rows, undoing transposeIn64.
func transposeOut64(dst, strip unsafe.Pointer, rowStride, n int) {
	b := n / 4
	transpose4AVX2(dst, strip, rowStride, elemBytes, elemBytes, 4*elemBytes, b)
	if r := n % 4; r != 0 {
		transposeOutGo[complex64](unsafe.Add(dst, 4*b*8), unsafe.Add(strip, 4*b*elemBytes), rowStride, r)
	}
}

var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernels64 returns the complex64 kernels for this CPU, or nil when it has
// no AVX2/FMA (the plan then uses its scalar complex128 path).
func kernels64() *kernelSet {
	if !hasAVX2 {
		return nil
	}
	return avx2Kernels64
}

// kernels128 returns the complex128 kernels for this CPU, or nil.
func kernels128() *kernelSet { return nil }

var avx2Kernels64 = &kernelSet{
	radix:    [6]func(*stageArgs){2: radix2AVX2, 3: radix3Go[complex64], 4: radix4AVX2, 5: radix5Go[complex64]},
	modulate: modulateGo[complex64],
	transIn:  transposeIn64, transOut: transposeOut64,
}
