//go:build !amd64 || purego

package fft

import "unsafe"

// copyRows copies rows of width bytes between strided layouts.
func copyRows(dst, src unsafe.Pointer, dstStride, srcStride, rows, width int) {
	copyRowsGo(dst, src, dstStride, srcStride, rows, width)
}

// prefetchRows does nothing without assembly.
func prefetchRows(p unsafe.Pointer, stride, rows int) {}

// prefetchRowsL2 does nothing without assembly.
func prefetchRowsL2(p unsafe.Pointer, stride, rows int) {}
