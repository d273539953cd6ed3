//go:build amd64 && !purego

package fft

import "unsafe"

//go:noescape
func copyRowsAVX(dst, src unsafe.Pointer, dstStride, srcStride, rows, width int)

// copyRows copies rows of width bytes (a multiple of 32) between strided
// layouts.
func copyRows(dst, src unsafe.Pointer, dstStride, srcStride, rows, width int) {
	if hasAVX2 {
		copyRowsAVX(dst, src, dstStride, srcStride, rows, width)
		return
	}
	copyRowsGo(dst, src, dstStride, srcStride, rows, width)
}

// prefetchRows asks for the cache line at p and at each of rows−1 more
// places stride bytes apart to be brought into the L1. It reads nothing
// the program can see, and faults on no address.
//
//go:noescape
func prefetchRows(p unsafe.Pointer, stride, rows int)

// prefetchRowsL2 is prefetchRows into the L2 only.
//
//go:noescape
func prefetchRowsL2(p unsafe.Pointer, stride, rows int)
