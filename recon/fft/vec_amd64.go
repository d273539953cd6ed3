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

//go:noescape
func radix3AVX2(a *stageArgs)

//go:noescape
func radix5AVX2(a *stageArgs)

//go:noescape
func radix7AVX2(a *stageArgs)

//go:noescape
func radix8AVX2(a *stageArgs)

//go:noescape
func radix11AVX2(a *stageArgs)

//go:noescape
func radix13AVX2(a *stageArgs)

//go:noescape
func modulateAVX2(a *modArgs)

//go:noescape
func mulVecAVX2(dst, a, b unsafe.Pointer, vectors int)

// mul64 is mul for complex64: whole vectors in assembly, a remainder in
// Go.
func mul64(dst, a, b unsafe.Pointer, n int) {
	v := n / 4
	mulVecAVX2(dst, a, b, v)
	if n%4 != 0 {
		mulGo[complex64](unsafe.Add(dst, v*elemBytes), unsafe.Add(a, v*elemBytes), unsafe.Add(b, v*elemBytes), n%4)
	}
}

//go:noescape
func mixLineAVX2(dst, a, b, t unsafe.Pointer, vectors, sum int)

// mixLine64 is mixLine for complex64: whole vectors in assembly, a
// remainder in Go.
func mixLine64(dst, a, b, t unsafe.Pointer, n, sum int) {
	v := n / 4
	mixLineAVX2(dst, a, b, t, v, sum)
	if n%4 != 0 {
		o := v * elemBytes
		mixLineGo[complex64](unsafe.Add(dst, o), unsafe.Add(a, o), unsafe.Add(b, o), t, n%4, sum)
	}
}

// twTrans4AVX2 is twTrans64 for n = 4·blocks.
//
//go:noescape
func twTrans4AVX2(dst, src, tw unsafe.Pointer, srcRow, dstRow, blocks int)

// twTrans64 is twTrans for complex64: the blocks of four in assembly, a
// remainder in Go.
func twTrans64(dst, src, tw unsafe.Pointer, srcRow, dstRow, n int) {
	b := n / 4
	twTrans4AVX2(dst, src, tw, srcRow, dstRow, b)
	if r := n % 4; r != 0 {
		twTransGo[complex64](unsafe.Add(dst, 4*b*dstRow), unsafe.Add(src, 4*b*8), unsafe.Add(tw, 4*b*elemBytes), srcRow, dstRow, r)
	}
}

//go:noescape
func mixInAVX2(x *mixArgs)

// gather4AVX2 is transposeIn64 for n = 4·blocks.
//
//go:noescape
func gather4AVX2(strip, src unsafe.Pointer, rowStride, blocks int)

// scatter4AVX2 is groupsOut for complex64: transposeOut64 for n =
// 4·blocks when dstStep is 32 and srcStep 128.
//
//go:noescape
func scatter4AVX2(dst, strip unsafe.Pointer, rowStride, dstStep, srcStep, blocks int)

// transposeIn64 gathers four rows (row r at src + r*rowStride) into a
// strip: element i holds value i of the four rows.
func transposeIn64(strip, src unsafe.Pointer, rowStride, n int) {
	b := n / 4
	gather4AVX2(strip, src, rowStride, b)
	if r := n % 4; r != 0 {
		transposeInGo[complex64](unsafe.Add(strip, 4*b*elemBytes), unsafe.Add(src, 4*b*8), rowStride, r)
	}
}

// transposeOut64 scatters a strip back to four rows, undoing transposeIn64.
func transposeOut64(dst, strip unsafe.Pointer, rowStride, n int) {
	b := n / 4
	scatter4AVX2(dst, strip, rowStride, 32, 4*elemBytes, b)
	if r := n % 4; r != 0 {
		transposeOutGo[complex64](unsafe.Add(dst, 4*b*8), unsafe.Add(strip, 4*b*elemBytes), rowStride, r)
	}
}

// mixIn64 is mixInAVX2, which takes four values of each row at a time,
// for any row length: a remainder of one to three values goes to mixInGo.
func mixIn64(x *mixArgs) {
	b := x.n &^ 3
	if b == x.n {
		mixInAVX2(x)
		return
	}
	y := *x
	y.n = b
	mixInAVX2(&y)
	y.dst = unsafe.Add(x.dst, b*elemBytes)
	y.a = unsafe.Add(x.a, b*8)
	y.b = unsafe.Add(x.b, b*8)
	y.n = x.n - b
	mixInGo[complex64](&y)
}

var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// hasAVX512 reports the AVX-512 subsets the wide kernels use (F; DQ for
// the sign masks' VXORPS/VXORPD on Z registers). GODEBUG=cpu.avx512f=off
// turns them off, which the tests use to run the AVX2 path on such CPUs.
var hasAVX512 = hasAVX2 && cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// kernels64 returns the complex64 kernels for this CPU, or nil when it has
// no AVX2/FMA (the plan then uses its scalar complex128 path).
func kernels64() *kernelSet {
	switch {
	case hasAVX512:
		return avx512Kernels64
	case hasAVX2:
		return avx2Kernels64
	}
	return nil
}

// kernels128 returns the complex128 kernels for this CPU, or nil when it
// has no AVX2/FMA.
func kernels128() *kernelSet {
	switch {
	case hasAVX512:
		return avx512Kernels128
	case hasAVX2:
		return avx2Kernels128
	}
	return nil
}

// The wide kernels (vec512_amd64.s, vec512pd_amd64.s, generated from the
// AVX2 ones by gen_wide.go): each is its AVX2 kernel on 64-byte double
// elements.

//go:generate go run gen_wide.go

//go:noescape
func radix2AVX512(a *stageArgs)

//go:noescape
func radix3AVX512(a *stageArgs)

//go:noescape
func radix4AVX512(a *stageArgs)

//go:noescape
func radix5AVX512(a *stageArgs)

//go:noescape
func radix7AVX512(a *stageArgs)

//go:noescape
func radix8AVX512(a *stageArgs)

//go:noescape
func radix11AVX512(a *stageArgs)

//go:noescape
func radix13AVX512(a *stageArgs)

//go:noescape
func radix2AVX512PD(a *stageArgs)

//go:noescape
func radix3AVX512PD(a *stageArgs)

//go:noescape
func radix4AVX512PD(a *stageArgs)

//go:noescape
func radix5AVX512PD(a *stageArgs)

//go:noescape
func radix7AVX512PD(a *stageArgs)

//go:noescape
func radix8AVX512PD(a *stageArgs)

//go:noescape
func radix11AVX512PD(a *stageArgs)

//go:noescape
func radix13AVX512PD(a *stageArgs)

// withWide returns a copy of ks with the wide kernels w.
func withWide(ks *kernelSet, w [14]func(*stageArgs)) *kernelSet {
	c := *ks
	c.wide = w
	return &c
}

// lineStage8AVX512PD is kernelSet.lineWide of radix 8 (vecline512_amd64.s).
//
//go:noescape
func lineStage8AVX512PD(a *stageArgs)

// withLineWide returns a copy of ks with the wide line-stage kernels w.
func withLineWide(ks *kernelSet, w [14]func(*stageArgs)) *kernelSet {
	c := *ks
	c.lineWide = w
	return &c
}

var (
	avx512Kernels64  = withWide(avx2Kernels64, [14]func(*stageArgs){2: radix2AVX512, 3: radix3AVX512, 4: radix4AVX512, 5: radix5AVX512, 7: radix7AVX512, 8: radix8AVX512, 11: radix11AVX512, 13: radix13AVX512})
	avx512Kernels128 = withLineWide(withWide(avx2Kernels128, [14]func(*stageArgs){2: radix2AVX512PD, 3: radix3AVX512PD, 4: radix4AVX512PD, 5: radix5AVX512PD, 7: radix7AVX512PD, 8: radix8AVX512PD, 11: radix11AVX512PD, 13: radix13AVX512PD}),
		[14]func(*stageArgs){8: lineStage8AVX512PD})
)

// lineStage8AVX2 is kernelSet.lineStage of radix 8 (vec_amd64.s).
//
//go:noescape
func lineStage8AVX2(a *stageArgs)

var avx2Kernels64 = &kernelSet{
	radix:     [14]func(*stageArgs){2: radix2AVX2, 3: radix3AVX2, 4: radix4AVX2, 5: radix5AVX2, 7: radix7AVX2, 8: radix8AVX2, 11: radix11AVX2, 13: radix13AVX2},
	lineStage: [14]func(*stageArgs){8: lineStage8AVX2},
	modulate:  modulateAVX2,
	twTrans:   twTrans64,
	mul:       mul64,
	mixIn:     mixIn64,
	mixLine:   mixLine64,
	transIn:   transposeIn64, transOut: transposeOut64,
	groupsOut: scatter4AVX2,
}

// The complex128 kernels (vec128_amd64.s): the same algorithms on two
// complex128 lines per element.

//go:noescape
func radix2AVX2PD(a *stageArgs)

//go:noescape
func radix3AVX2PD(a *stageArgs)

//go:noescape
func radix4AVX2PD(a *stageArgs)

//go:noescape
func radix5AVX2PD(a *stageArgs)

//go:noescape
func radix7AVX2PD(a *stageArgs)

//go:noescape
func radix8AVX2PD(a *stageArgs)

//go:noescape
func radix11AVX2PD(a *stageArgs)

//go:noescape
func radix13AVX2PD(a *stageArgs)

//go:noescape
func modulateAVX2PD(a *modArgs)

//go:noescape
func mulVecAVX2PD(dst, a, b unsafe.Pointer, vectors int)

// mul128 is mul for complex128: pairs in assembly, a last value in Go.
func mul128(dst, a, b unsafe.Pointer, n int) {
	v := n / 2
	mulVecAVX2PD(dst, a, b, v)
	if n%2 != 0 {
		mulGo[complex128](unsafe.Add(dst, v*elemBytes), unsafe.Add(a, v*elemBytes), unsafe.Add(b, v*elemBytes), 1)
	}
}

//go:noescape
func mixLineAVX2PD(dst, a, b, t unsafe.Pointer, vectors, sum int)

// mixLine128 is mixLine for complex128: pairs in assembly, a last value
// in Go.
func mixLine128(dst, a, b, t unsafe.Pointer, n, sum int) {
	v := n / 2
	mixLineAVX2PD(dst, a, b, t, v, sum)
	if n%2 != 0 {
		o := v * elemBytes
		mixLineGo[complex128](unsafe.Add(dst, o), unsafe.Add(a, o), unsafe.Add(b, o), t, 1, sum)
	}
}

// twTrans2AVX2PD is twTrans128 for n = 2·blocks.
//
//go:noescape
func twTrans2AVX2PD(dst, src, tw unsafe.Pointer, srcRow, dstRow, blocks int)

// twTrans128 is twTrans for complex128: pairs in assembly, a last value in
// Go.
func twTrans128(dst, src, tw unsafe.Pointer, srcRow, dstRow, n int) {
	b := n / 2
	twTrans2AVX2PD(dst, src, tw, srcRow, dstRow, b)
	if n%2 != 0 {
		twTransGo[complex128](unsafe.Add(dst, 2*b*dstRow), unsafe.Add(src, 2*b*16), unsafe.Add(tw, 2*b*elemBytes), srcRow, dstRow, 1)
	}
}

//go:noescape
func mixInAVX2PD(x *mixArgs)

// transpose2AVX2PD transposes blocks of 2×2 complex128: for block b <
// blocks, vector r (2 values) is read from src + r*srcRow + b*srcBlock, and
// the transposed vector k is written to dst + k*dstRow + b*dstBlock.
//
//go:noescape
func transpose2AVX2PD(dst, src unsafe.Pointer, dstRow, dstBlock, srcRow, srcBlock, blocks int)

// transposeIn128 gathers two rows (row r at src + r*rowStride) into a
// strip: element i holds value i of the two rows.
func transposeIn128(strip, src unsafe.Pointer, rowStride, n int) {
	b := n / 2
	transpose2AVX2PD(strip, src, elemBytes, 2*elemBytes, rowStride, 2*16, b)
	if n%2 != 0 {
		transposeInGo[complex128](unsafe.Add(strip, 2*b*elemBytes), unsafe.Add(src, 2*b*16), rowStride, 1)
	}
}

// groupsOut128 is groupsOut for complex128.
func groupsOut128(dst, strip unsafe.Pointer, rowStride, dstStep, srcStep, groups int) {
	transpose2AVX2PD(dst, strip, rowStride, dstStep, elemBytes, srcStep, groups)
}

// transposeOut128 scatters a strip back to two rows, undoing
// transposeIn128.
func transposeOut128(dst, strip unsafe.Pointer, rowStride, n int) {
	b := n / 2
	transpose2AVX2PD(dst, strip, rowStride, 2*16, elemBytes, 2*elemBytes, b)
	if n%2 != 0 {
		transposeOutGo[complex128](unsafe.Add(dst, 2*b*16), unsafe.Add(strip, 2*b*elemBytes), rowStride, 1)
	}
}

// lineStage8AVX2PD is kernelSet.lineStage of radix 8 (vec128_amd64.s).
//
//go:noescape
func lineStage8AVX2PD(a *stageArgs)

var avx2Kernels128 = &kernelSet{
	radix:     [14]func(*stageArgs){2: radix2AVX2PD, 3: radix3AVX2PD, 4: radix4AVX2PD, 5: radix5AVX2PD, 7: radix7AVX2PD, 8: radix8AVX2PD, 11: radix11AVX2PD, 13: radix13AVX2PD},
	lineStage: [14]func(*stageArgs){8: lineStage8AVX2PD},
	modulate:  modulateAVX2PD,
	twTrans:   twTrans128,
	mul:       mul128,
	mixIn:     mixInAVX2PD,
	mixLine:   mixLine128,
	transIn:   transposeIn128, transOut: transposeOut128,
	groupsOut: groupsOut128,
}
