//go:build goexperiment.simd && amd64 && purego

package fft

import (
	"math"
	"simd/archsimd"
	"unsafe"
)

// The archsimd kernels: with GOEXPERIMENT=simd and the purego tag (no
// assembly), the radix-4 and radix-8 stages, the pointwise products and
// the modulations, which carry the power-of-two sizes, run in Go on
// Go 1.26's experimental simd/archsimd vectors instead of lane by lane;
// the other kernels stay the Go ones. One 32-byte element is one
// Float32x8 (four complex64 lanes) or one Float64x4 (two complex128),
// real and imaginary parts interleaved as in memory. They compute what
// the Go kernels do, in the same order of butterflies, with fused
// multiply-adds in the complex products: the results agree to rounding,
// not bit for bit. Chosen when the CPU has AVX2 and FMA.
func init() {
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		simdKernels64 = withSimd(goKernels64, radix4Simd64, radix8Simd64, mulSimd64, modulateSimd64)
		simdKernels128 = withSimd(goKernels128, radix4Simd128, radix8Simd128, mulSimd128, modulateSimd128)
	}
}

// withSimd returns a copy of the Go kernel set ks with the archsimd
// kernels in place of its radix-4 and radix-8 stages, products and
// modulations.
func withSimd(ks *kernelSet, r4, r8 func(*stageArgs), mul func(dst, a, b unsafe.Pointer, n int), mod func(*modArgs)) *kernelSet {
	s := *ks
	s.radix[4], s.radix[8] = r4, r8
	s.mul, s.modulate = mul, mod
	return &s
}

// complex64: Float32x8 holds four values (re, im, re, im, ...).

func ld32(p unsafe.Pointer) archsimd.Float32x8 { return archsimd.LoadFloat32x8((*[8]float32)(p)) }

func st32(p unsafe.Pointer, v archsimd.Float32x8) { v.Store((*[8]float32)(p)) }

// swap32 exchanges the real and imaginary parts of each value.
func swap32(v archsimd.Float32x8) archsimd.Float32x8 { return v.SelectFromPairGrouped(1, 0, 3, 2, v) }

// cmul32 multiplies each value of v by wr + i·wi, given in every pair of
// lanes: (re·wr − im·wi, im·wr + re·wi).
func cmul32(v, wr, wi archsimd.Float32x8) archsimd.Float32x8 {
	return v.MulAddSub(wr, swap32(v).Mul(wi))
}

// rotSign32 returns the factors that, after swap32, multiply a value by
// −i (forward: (im, −re)) or +i (inverse: (−im, re)).
func rotSign32(inv int) archsimd.Float32x8 {
	s := [8]float32{1, -1, 1, -1, 1, -1, 1, -1}
	if inv != 0 {
		s = [8]float32{-1, 1, -1, 1, -1, 1, -1, 1}
	}
	return archsimd.LoadFloat32x8(&s)
}

// tw32 returns the twiddle at index i of the stage's table as (re, im)
// broadcast to every pair of lanes.
func tw32(a *stageArgs, i int) (archsimd.Float32x8, archsimd.Float32x8) {
	w := *(*complex64)(unsafe.Add(a.tw, 8*i))
	return archsimd.BroadcastFloat32x8(real(w)), archsimd.BroadcastFloat32x8(imag(w))
}

func radix4Simd64(a *stageArgs) {
	rs := rotSign32(a.inv)
	sc := archsimd.BroadcastFloat32x8(1)
	if a.scaled != 0 {
		sc = archsimd.BroadcastFloat32x8(a.scale32)
	}
	for p := range a.m {
		w1r, w1i := tw32(a, 3*p)
		w2r, w2i := tw32(a, 3*p+1)
		w3r, w3i := tw32(a, 3*p+2)
		for q := range a.s {
			s := unsafe.Add(a.src, q*a.sq+p*a.sp)
			d := unsafe.Add(a.dst, q*a.dq+p*a.dp)
			y0, y1, y2, y3 := dft4x32(ld32(unsafe.Add(s, a.so[0])), ld32(unsafe.Add(s, a.so[1])),
				ld32(unsafe.Add(s, a.so[2])), ld32(unsafe.Add(s, a.so[3])), rs)
			st32(unsafe.Add(d, a.do[0]), y0.Mul(sc))
			st32(unsafe.Add(d, a.do[1]), cmul32(y1, w1r, w1i).Mul(sc))
			st32(unsafe.Add(d, a.do[2]), cmul32(y2, w2r, w2i).Mul(sc))
			st32(unsafe.Add(d, a.do[3]), cmul32(y3, w3r, w3i).Mul(sc))
		}
	}
}

// dft4x32 is the radix-4 butterfly (see butterfly) on vectors.
func dft4x32(x0, x1, x2, x3, rs archsimd.Float32x8) (y0, y1, y2, y3 archsimd.Float32x8) {
	apc, amc := x0.Add(x2), x0.Sub(x2)
	bpd, jbmd := x1.Add(x3), swap32(x1.Sub(x3)).Mul(rs)
	return apc.Add(bpd), amc.Add(jbmd), apc.Sub(bpd), amc.Sub(jbmd)
}

func radix8Simd64(a *stageArgs) {
	rs := rotSign32(a.inv)
	h := archsimd.BroadcastFloat32x8(math.Sqrt2 / 2)
	sc := archsimd.BroadcastFloat32x8(1)
	if a.scaled != 0 {
		sc = archsimd.BroadcastFloat32x8(a.scale32)
	}
	var wr, wi [8]archsimd.Float32x8
	for p := range a.m {
		for k := 1; k < 8; k++ {
			wr[k], wi[k] = tw32(a, 7*p+k-1)
		}
		for q := range a.s {
			s := unsafe.Add(a.src, q*a.sq+p*a.sp)
			d := unsafe.Add(a.dst, q*a.dq+p*a.dp)
			// The even inputs' and the odd inputs' radix-4 transforms,
			// then y_k = e_k + w8^k·o_k and y_{k+4} = e_k − w8^k·o_k with
			// w8 = e^{∓iπ/4}: w8·v = (v + rot·v)/√2, w8³·v = (rot·v − v)/√2.
			e0, e1, e2, e3 := dft4x32(ld32(unsafe.Add(s, a.so[0])), ld32(unsafe.Add(s, a.so[2])),
				ld32(unsafe.Add(s, a.so[4])), ld32(unsafe.Add(s, a.so[6])), rs)
			o0, o1, o2, o3 := dft4x32(ld32(unsafe.Add(s, a.so[1])), ld32(unsafe.Add(s, a.so[3])),
				ld32(unsafe.Add(s, a.so[5])), ld32(unsafe.Add(s, a.so[7])), rs)
			r1, r3 := swap32(o1).Mul(rs), swap32(o3).Mul(rs)
			t1 := o1.Add(r1).Mul(h)
			t2 := swap32(o2).Mul(rs)
			t3 := r3.Sub(o3).Mul(h)
			st32(unsafe.Add(d, a.do[0]), e0.Add(o0).Mul(sc))
			st32(unsafe.Add(d, a.do[4]), cmul32(e0.Sub(o0), wr[4], wi[4]).Mul(sc))
			st32(unsafe.Add(d, a.do[1]), cmul32(e1.Add(t1), wr[1], wi[1]).Mul(sc))
			st32(unsafe.Add(d, a.do[5]), cmul32(e1.Sub(t1), wr[5], wi[5]).Mul(sc))
			st32(unsafe.Add(d, a.do[2]), cmul32(e2.Add(t2), wr[2], wi[2]).Mul(sc))
			st32(unsafe.Add(d, a.do[6]), cmul32(e2.Sub(t2), wr[6], wi[6]).Mul(sc))
			st32(unsafe.Add(d, a.do[3]), cmul32(e3.Add(t3), wr[3], wi[3]).Mul(sc))
			st32(unsafe.Add(d, a.do[7]), cmul32(e3.Sub(t3), wr[7], wi[7]).Mul(sc))
		}
	}
}

// mulSimd64 is mul for complex64: whole vectors of four values on
// archsimd, a remainder in Go.
func mulSimd64(dst, a, b unsafe.Pointer, n int) {
	v := n / 4
	for i := range v {
		x, y := ld32(unsafe.Add(a, i*elemBytes)), ld32(unsafe.Add(b, i*elemBytes))
		yr, yi := y.SelectFromPairGrouped(0, 0, 2, 2, y), y.SelectFromPairGrouped(1, 1, 3, 3, y)
		st32(unsafe.Add(dst, i*elemBytes), cmul32(x, yr, yi))
	}
	if n%4 != 0 {
		o := v * elemBytes
		mulGo[complex64](unsafe.Add(dst, o), unsafe.Add(a, o), unsafe.Add(b, o), n%4)
	}
}

func modulateSimd64(a *modArgs) {
	for i := range a.n {
		w := *(*complex64)(unsafe.Add(a.ph, 8*i))
		wr, wi := archsimd.BroadcastFloat32x8(real(w)), archsimd.BroadcastFloat32x8(imag(w))
		st32(unsafe.Add(a.dst, i*a.ds), cmul32(ld32(unsafe.Add(a.src, i*a.ss)), wr, wi))
	}
}

// complex128: Float64x4 holds two values (re, im, re, im).

func ld64(p unsafe.Pointer) archsimd.Float64x4 { return archsimd.LoadFloat64x4((*[4]float64)(p)) }

func st64(p unsafe.Pointer, v archsimd.Float64x4) { v.Store((*[4]float64)(p)) }

func swap64(v archsimd.Float64x4) archsimd.Float64x4 { return v.SelectFromPairGrouped(1, 0, v) }

func cmul64(v, wr, wi archsimd.Float64x4) archsimd.Float64x4 {
	return v.MulAddSub(wr, swap64(v).Mul(wi))
}

func rotSign64(inv int) archsimd.Float64x4 {
	s := [4]float64{1, -1, 1, -1}
	if inv != 0 {
		s = [4]float64{-1, 1, -1, 1}
	}
	return archsimd.LoadFloat64x4(&s)
}

func tw64(a *stageArgs, i int) (archsimd.Float64x4, archsimd.Float64x4) {
	w := *(*complex128)(unsafe.Add(a.tw, 16*i))
	return archsimd.BroadcastFloat64x4(real(w)), archsimd.BroadcastFloat64x4(imag(w))
}

func radix4Simd128(a *stageArgs) {
	rs := rotSign64(a.inv)
	sc := archsimd.BroadcastFloat64x4(1)
	if a.scaled != 0 {
		sc = archsimd.BroadcastFloat64x4(a.scale64)
	}
	for p := range a.m {
		w1r, w1i := tw64(a, 3*p)
		w2r, w2i := tw64(a, 3*p+1)
		w3r, w3i := tw64(a, 3*p+2)
		for q := range a.s {
			s := unsafe.Add(a.src, q*a.sq+p*a.sp)
			d := unsafe.Add(a.dst, q*a.dq+p*a.dp)
			y0, y1, y2, y3 := dft4x64(ld64(unsafe.Add(s, a.so[0])), ld64(unsafe.Add(s, a.so[1])),
				ld64(unsafe.Add(s, a.so[2])), ld64(unsafe.Add(s, a.so[3])), rs)
			st64(unsafe.Add(d, a.do[0]), y0.Mul(sc))
			st64(unsafe.Add(d, a.do[1]), cmul64(y1, w1r, w1i).Mul(sc))
			st64(unsafe.Add(d, a.do[2]), cmul64(y2, w2r, w2i).Mul(sc))
			st64(unsafe.Add(d, a.do[3]), cmul64(y3, w3r, w3i).Mul(sc))
		}
	}
}

func dft4x64(x0, x1, x2, x3, rs archsimd.Float64x4) (y0, y1, y2, y3 archsimd.Float64x4) {
	apc, amc := x0.Add(x2), x0.Sub(x2)
	bpd, jbmd := x1.Add(x3), swap64(x1.Sub(x3)).Mul(rs)
	return apc.Add(bpd), amc.Add(jbmd), apc.Sub(bpd), amc.Sub(jbmd)
}

func radix8Simd128(a *stageArgs) {
	rs := rotSign64(a.inv)
	h := archsimd.BroadcastFloat64x4(math.Sqrt2 / 2)
	sc := archsimd.BroadcastFloat64x4(1)
	if a.scaled != 0 {
		sc = archsimd.BroadcastFloat64x4(a.scale64)
	}
	var wr, wi [8]archsimd.Float64x4
	for p := range a.m {
		for k := 1; k < 8; k++ {
			wr[k], wi[k] = tw64(a, 7*p+k-1)
		}
		for q := range a.s {
			s := unsafe.Add(a.src, q*a.sq+p*a.sp)
			d := unsafe.Add(a.dst, q*a.dq+p*a.dp)
			e0, e1, e2, e3 := dft4x64(ld64(unsafe.Add(s, a.so[0])), ld64(unsafe.Add(s, a.so[2])),
				ld64(unsafe.Add(s, a.so[4])), ld64(unsafe.Add(s, a.so[6])), rs)
			o0, o1, o2, o3 := dft4x64(ld64(unsafe.Add(s, a.so[1])), ld64(unsafe.Add(s, a.so[3])),
				ld64(unsafe.Add(s, a.so[5])), ld64(unsafe.Add(s, a.so[7])), rs)
			r1, r3 := swap64(o1).Mul(rs), swap64(o3).Mul(rs)
			t1 := o1.Add(r1).Mul(h)
			t2 := swap64(o2).Mul(rs)
			t3 := r3.Sub(o3).Mul(h)
			st64(unsafe.Add(d, a.do[0]), e0.Add(o0).Mul(sc))
			st64(unsafe.Add(d, a.do[4]), cmul64(e0.Sub(o0), wr[4], wi[4]).Mul(sc))
			st64(unsafe.Add(d, a.do[1]), cmul64(e1.Add(t1), wr[1], wi[1]).Mul(sc))
			st64(unsafe.Add(d, a.do[5]), cmul64(e1.Sub(t1), wr[5], wi[5]).Mul(sc))
			st64(unsafe.Add(d, a.do[2]), cmul64(e2.Add(t2), wr[2], wi[2]).Mul(sc))
			st64(unsafe.Add(d, a.do[6]), cmul64(e2.Sub(t2), wr[6], wi[6]).Mul(sc))
			st64(unsafe.Add(d, a.do[3]), cmul64(e3.Add(t3), wr[3], wi[3]).Mul(sc))
			st64(unsafe.Add(d, a.do[7]), cmul64(e3.Sub(t3), wr[7], wi[7]).Mul(sc))
		}
	}
}

// mulSimd128 is mul for complex128: whole vectors of two values on
// archsimd, a remainder in Go.
func mulSimd128(dst, a, b unsafe.Pointer, n int) {
	v := n / 2
	for i := range v {
		x, y := ld64(unsafe.Add(a, i*elemBytes)), ld64(unsafe.Add(b, i*elemBytes))
		yr, yi := y.SelectFromPairGrouped(0, 0, y), y.SelectFromPairGrouped(1, 1, y)
		st64(unsafe.Add(dst, i*elemBytes), cmul64(x, yr, yi))
	}
	if n%2 != 0 {
		o := v * elemBytes
		mulGo[complex128](unsafe.Add(dst, o), unsafe.Add(a, o), unsafe.Add(b, o), 1)
	}
}

func modulateSimd128(a *modArgs) {
	for i := range a.n {
		w := *(*complex128)(unsafe.Add(a.ph, 16*i))
		wr, wi := archsimd.BroadcastFloat64x4(real(w)), archsimd.BroadcastFloat64x4(imag(w))
		st64(unsafe.Add(a.dst, i*a.ds), cmul64(ld64(unsafe.Add(a.src, i*a.ss)), wr, wi))
	}
}
