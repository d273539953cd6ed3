//go:build !amd64 || purego

package fft

import "unsafe"

// hasVector reports whether the vector kernels run on this machine: the Go
// versions always do.
const hasVector = true

func radix4(a *stageArgs) { radix4Go(a) }
func radix2(a *stageArgs) { radix2Go(a) }

func transposeIn(strip, src unsafe.Pointer, rowStride, n int) {
	transposeInGo(strip, src, rowStride, n)
}
func transposeOut(dst, strip unsafe.Pointer, rowStride, n int) {
	transposeOutGo(dst, strip, rowStride, n)
}
