package fft

import (
	"math"
	"math/rand/v2"
	"testing"
)

// kernelTol bounds the relative RMS error of a complex128 kernel against the
// naive DFT. With directly computed twiddles a radix-2 or mixed-radix FFT
// errs by ≈ eps·√log2 n (eps = 2^-53 ≈ 1.1e-16) and Bluestein, three
// length-m FFTs and two chirp products, by a small multiple of that; the
// naive sum itself errs by ≈ eps·√n. The worst seen here is 1.7e-15
// (Bluestein, n = 2049); 1e-13 leaves a margin of 50 while a wrong twiddle
// gives errors of order 1e-3 or more.
const kernelTol = 1e-13

// naive1D is the unnormalised forward DFT from its definition, with the
// exponent jk reduced modulo n in integers.
func naive1D(x []complex128) []complex128 {
	n := len(x)
	out := make([]complex128, n)
	for k := range n {
		var sum complex128
		for j, v := range x {
			s, c := math.Sincos(-2 * math.Pi * float64(j*k%n) / float64(n))
			sum += v * complex(c, s)
		}
		out[k] = sum
	}
	return out
}

func relErr128(got, want []complex128) float64 {
	var num, den float64
	for i, w := range want {
		d := got[i] - w
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(w)*real(w) + imag(w)*imag(w)
	}
	return math.Sqrt(num / den)
}

func isSmooth(n int) bool { return largestPrimeFactor(n) <= maxRadix }

// TestKernels runs every algorithm on every length it supports, including
// lengths that newKernel would give to another algorithm (Bluestein on
// powers of two, mixed radix on powers of two), in complex128.
func TestKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	var sizes []int
	for n := 1; n <= 100; n++ {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 128, 210, 243, 256, 257, 343, 625, 1001, 1024, 1031, 2048, 2049)
	for _, n := range sizes {
		x := make([]complex128, n)
		for i := range x {
			x[i] = complex(2*rng.Float64()-1, 2*rng.Float64()-1)
		}
		want := naive1D(x)
		algos := map[string]*kernel{"default": newKernel(n), "bluestein": newBluestein(n)}
		if n&(n-1) == 0 {
			algos["radix2"] = newRadix2(n)
		}
		if n > 1 && isSmooth(n) { // newMixed needs at least one factor
			algos["mixed"] = newMixed(n)
		}
		for name, k := range algos {
			out := make([]complex128, n)
			in := append([]complex128(nil), x...)
			k.forward(out, in, make([]complex128, k.workLen()))
			for i := range in {
				if in[i] != x[i] {
					t.Fatalf("n=%d %s: input modified", n, name)
				}
			}
			if e := relErr128(out, want); !(e <= kernelTol) {
				t.Errorf("n=%d %s: relative error %.3g > %g", n, name, e, kernelTol)
			}
		}
	}
}

// TestKernelChoice checks which algorithm each length gets.
func TestKernelChoice(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want kernelKind
	}{
		{1, kindRadix2}, {2, kindRadix2}, {4096, kindRadix2},
		{3, kindMixed}, {210, kindMixed}, {13 * 13 * 6, kindMixed}, {320, kindMixed}, {270, kindMixed},
		{17, kindBluestein}, {257, kindBluestein}, {2 * 127, kindBluestein},
	} {
		if got := newKernel(tc.n).kind; got != tc.want {
			t.Errorf("newKernel(%d).kind = %d, want %d", tc.n, got, tc.want)
		}
	}
}
