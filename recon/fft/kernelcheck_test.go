//go:build amd64 && (!purego || goexperiment.simd)

package fft

// Checks of vector kernels against the Go kernels, shared by the tests of
// the assembly (kernels_amd64_test.go) and of the archsimd kernels
// (vec_simd_test.go).

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// vecKernel is one vector stage kernel (assembly or archsimd) and its Go
// reference.
type vecKernel struct {
	name    string
	radix   int
	fn, ref func(*stageArgs)
}

// stageShapes hit the three loop orders of the kernels: m = 1 (no
// twiddles), s ≥ 8 (q inner, twiddles in registers) and s < 8 with m > 1
// (p inner, twiddles broadcast per butterfly).
var stageShapes = []struct{ m, s int }{{1, 1}, {1, 2}, {1, 5}, {7, 4}, {4, 8}, {3, 9}, {2, 16}, {6, 1}, {5, 3}, {2, 2}, {13, 1}}

// twiddles returns random twiddles for m butterflies of radix r, except
// that those of p = 0 are 1, as in every plan: the kernels skip the
// multiplication when m = 1.
func twiddles[T cplx](m, r int, seed uint64) []T {
	tw := randData[T](m*(r-1), seed)
	for k := range r - 1 {
		tw[k] = 1
	}
	return tw
}

// guard is the value the elements around a destination are filled with,
// to catch stray writes.
const guard = 1234.5

// testStageKernels runs each kernel on random data and twiddles with a
// source stride of 3 elements and permuted input offsets, a contiguous
// destination with rotated output offsets, forward and inverse, scaled and
// not, on every shape of stageShapes, and compares with its Go reference.
// A single butterfly in place (dst = src, as a one-stage plan runs) is
// checked too. Radix 8 takes only the permutations its kernels do (see
// radix8AVX2): the input halves swapped, the outputs in order; radices
// 7, 11 and 13 only offsets in order (see radix7AVX2).
func testStageKernels[T cplx](t *testing.T, kernels []vecKernel, tol float64) {
	ln := lanesOf[T]()
	const eb = elemBytes
	seed := uint64(0)
	for _, k := range kernels {
		r := k.radix
		for _, sh := range stageShapes {
			m, s := sh.m, sh.s
			for _, scaled := range []bool{false, true} {
				for _, inv := range []bool{false, true} {
					seed++
					name := fmt.Sprintf("%s m=%d s=%d scaled=%v inv=%v", k.name, m, s, scaled, inv)
					src := randData[T](ln*3*s*m*r, seed)
					tw := twiddles[T](m, r, seed+1000)
					a := stageArgs{
						src: unsafe.Pointer(&src[0]), tw: unsafe.Pointer(&tw[0]),
						m: m, s: s,
						sq: 3 * eb, sp: 3 * s * eb,
						dq: eb, dp: r * s * eb,
					}
					for j := range r {
						a.so[j] = ((r - j) % r) * s * m * 3 * eb
						a.do[j] = ((j + 1) % r) * s * eb
						if r == 8 {
							a.so[j] = ((j + 4) % r) * s * m * 3 * eb
							a.do[j] = j * s * eb
						}
						if r == 7 || r > 8 { // offsets in order: see radix7AVX2
							a.so[j] = j * s * m * 3 * eb
							a.do[j] = j * s * eb
						}
					}
					if inv {
						a.inv = 1
					}
					if scaled {
						a.scaled, a.scale32, a.scale64 = 1, 0.37, 0.37
					}
					// The destination with one guard element either side.
					n := ln * r * s * m
					got := make([]T, n+2*ln)
					want := make([]T, n+2*ln)
					for i := range got {
						got[i], want[i] = guard, guard
					}
					ag, aw := a, a
					ag.dst, aw.dst = unsafe.Pointer(&got[ln]), unsafe.Pointer(&want[ln])
					before := append([]T(nil), src...)
					k.fn(&ag)
					k.ref(&aw)
					if e := relRMS(got[ln:ln+n], want[ln:ln+n]); !(e <= tol) {
						t.Errorf("%s: relative RMS %.2e", name, e)
					}
					for i := range ln {
						if got[i] != guard || got[ln+n+i] != guard {
							t.Fatalf("%s: wrote outside the destination", name)
						}
					}
					for i := range src {
						if src[i] != before[i] {
							t.Fatalf("%s: changed the source at %d", name, i)
						}
					}
				}
			}
		}
		// One butterfly in place, outputs permuted as the fftshift of a
		// one-stage centred plan.
		for _, inv := range []bool{false, true} {
			x := randData[T](ln*r, uint64(r))
			tw := twiddles[T](1, r, 0)
			a := stageArgs{tw: unsafe.Pointer(&tw[0]), m: 1, s: 1, sq: eb, sp: eb, dq: eb, dp: r * eb, scaled: 1, scale32: 0.5, scale64: 0.5}
			if inv {
				a.inv = 1
			}
			for j := range r {
				a.so[j] = j * eb
				a.do[j] = ((j + r/2) % r) * eb
				if r == 7 || r > 8 {
					a.do[j] = j * eb
				}
			}
			want := make([]T, len(x))
			aw := a
			aw.src, aw.dst = unsafe.Pointer(&x[0]), unsafe.Pointer(&want[0])
			k.ref(&aw)
			a.src, a.dst = unsafe.Pointer(&x[0]), unsafe.Pointer(&x[0])
			k.fn(&a)
			if e := relRMS(x, want); !(e <= tol) {
				t.Errorf("%s in place inv=%v: relative RMS %.2e", k.name, inv, e)
			}
		}
	}
}

// testModulate checks a modulation kernel against modulateGo[T] with a
// source stride of 2 elements into a contiguous destination, and in place
// with a stride of 3 elements.
func testModulate[T cplx](t *testing.T, mod func(*modArgs), tol float64) {
	ln := lanesOf[T]()
	const eb = elemBytes
	for _, n := range []int{1, 2, 3, 7, 30, 64} {
		x := randData[T](ln*2*n, uint64(n))
		ph := randData[T](n, uint64(n)+1)
		got := make([]T, ln*(n+1))
		want := make([]T, ln*(n+1))
		for i := range got {
			got[i], want[i] = guard, guard
		}
		a := modArgs{src: unsafe.Pointer(&x[0]), ph: unsafe.Pointer(&ph[0]), n: n, ss: 2 * eb, ds: eb}
		ag, aw := a, a
		ag.dst, aw.dst = unsafe.Pointer(&got[0]), unsafe.Pointer(&want[0])
		mod(&ag)
		modulateGo[T](&aw)
		if e := relRMS(got[:ln*n], want[:ln*n]); !(e <= tol) {
			t.Errorf("%T n=%d modulate: relative RMS %.2e", x[0], n, e)
		}
		for i := ln * n; i < len(got); i++ {
			if got[i] != guard {
				t.Fatalf("%T n=%d modulate: wrote past the end", x[0], n)
			}
		}

		y := randData[T](ln*3*n, uint64(n)+2)
		yw := append([]T(nil), y...)
		a = modArgs{dst: unsafe.Pointer(&y[0]), src: unsafe.Pointer(&y[0]), ph: unsafe.Pointer(&ph[0]), n: n, ss: 3 * eb, ds: 3 * eb}
		aw = a
		aw.dst, aw.src = unsafe.Pointer(&yw[0]), unsafe.Pointer(&yw[0])
		mod(&a)
		modulateGo[T](&aw)
		if e := relRMS(y, yw); !(e <= tol) {
			t.Errorf("%T n=%d modulate in place: relative RMS %.2e", y[0], n, e)
		}
	}
	// n = 0 does nothing.
	x := randData[T](ln, 1)
	y := append([]T(nil), x...)
	mod(&modArgs{dst: unsafe.Pointer(&y[0]), src: unsafe.Pointer(&x[0]), ph: unsafe.Pointer(&x[0]), n: 0, ss: eb, ds: eb})
	for i := range x {
		if y[i] != x[i] {
			t.Fatalf("%T modulate n=0 wrote", x[0])
		}
	}
}

// testMul checks a pointwise product kernel against mulGo[T] for lengths
// with and without a remainder, out of place (nothing written past n) and
// in place.
func testMul[T cplx](t *testing.T, mul func(dst, a, b unsafe.Pointer, n int), tol float64) {
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 31, 64} {
		a := randData[T](n, uint64(n))
		b := randData[T](n, uint64(n)+3)
		got := make([]T, n+1)
		want := make([]T, n+1)
		got[n], want[n] = guard, guard
		mul(unsafe.Pointer(&got[0]), unsafe.Pointer(&a[0]), unsafe.Pointer(&b[0]), n)
		mulGo[T](unsafe.Pointer(&want[0]), unsafe.Pointer(&a[0]), unsafe.Pointer(&b[0]), n)
		if e := relRMS(got[:n], want[:n]); !(e <= tol) || got[n] != guard {
			t.Errorf("%T n=%d: relative RMS %.2e, guard %v", a[0], n, e, got[n])
		}
		mul(unsafe.Pointer(&a[0]), unsafe.Pointer(&a[0]), unsafe.Pointer(&b[0]), n)
		if e := relRMS(a, want[:n]); !(e <= tol) {
			t.Errorf("%T n=%d in place: relative RMS %.2e", a[0], n, e)
		}
	}
}

func testRandomShapes[T cplx](t *testing.T, ks, ref *kernelSet, tol float64) {
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	rng := rand.New(rand.NewPCG(7, 8))
	for it := range 300 {
		r := []int{2, 3, 4, 5, 7, 8, 11, 13}[rng.IntN(8)]
		m, s := 1+rng.IntN(9), 1+rng.IntN(9)
		// Element strides in units of one value (not always a multiple
		// of an element), blocks of r·s·m elements apart.
		sq := elemBytes + sz*rng.IntN(3)
		sp := s * sq
		blk := m * sp
		var a stageArgs
		a.m, a.s, a.sq, a.sp = m, s, sq, sp
		a.dq, a.dp = elemBytes, r*s*elemBytes
		perm := rng.Perm(r)
		if r == 8 { // in order or halves swapped: see radix8AVX2
			h := 4 * rng.IntN(2)
			for j := range perm {
				perm[j] = (j + h) % 8
			}
		}
		if r == 7 || r > 8 { // in order: see radix7AVX2
			for j := range perm {
				perm[j] = j
			}
		}
		for j := range r {
			a.so[j] = perm[j] * blk
			a.do[j] = j * s * elemBytes
		}
		a.inv = rng.IntN(2)
		if rng.IntN(2) == 1 {
			a.scaled, a.scale32, a.scale64 = 1, 1.5, 1.5
		}
		src := randData[T](r*blk/sz+ln, uint64(it))
		tw := twiddles[T](m, r, uint64(it)+1)
		got := make([]T, ln*r*s*m)
		want := make([]T, ln*r*s*m)
		a.src, a.tw = unsafe.Pointer(&src[0]), unsafe.Pointer(&tw[0])
		ag, aw := a, a
		ag.dst, aw.dst = unsafe.Pointer(&got[0]), unsafe.Pointer(&want[0])
		ks.radix[r](&ag)
		ref.radix[r](&aw)
		if e := relRMS(got, want); !(e <= tol) {
			t.Errorf("%T radix %d m=%d s=%d sq=%d inv=%d scaled=%d: relative RMS %.2e", got[0], r, m, s, sq, a.inv, a.scaled, e)
		}
	}
}
