package fft

import (
	"math"
	"math/bits"
)

// This file holds the one-dimensional kernels: unnormalised, uncentred
// forward DFTs of one contiguous complex128 line, out = DFT(in) with
// out[k] = Σ_j in[j] exp(-2πi jk/n). Inverse transforms, centring and scaling
// are done by the caller (Plan) while it gathers and scatters lines.
//
// Three algorithms cover every length with O(n log n) work:
//
//   - powers of two: iterative radix-2 decimation in time;
//   - lengths whose prime factors are all at most maxRadix: recursive mixed
//     radix decimation in time (the structure of KISS FFT), with special
//     butterflies for 2, 3, 4 and 5 and a generic O(p²) one for 7, 11, 13;
//   - other lengths: Bluestein's chirp-z algorithm, a convolution computed
//     with a power-of-two radix-2 kernel of length m ≥ 2n-1 and a chirp
//     spectrum made when the kernel is made.
//
// Every twiddle factor is computed directly with math.Sincos from its own
// index (never by repeated multiplication), so its error is a few ulp of
// float64 whatever the length.

// maxRadix is the largest prime factor handled by the mixed-radix kernel's
// generic butterfly, whose cost per stage is p·n; lengths with a larger prime
// factor use Bluestein.
const maxRadix = 13

// maxLen is the longest transform along one dimension, 2^30 points; it keeps
// Bluestein's padded length and the int32 bit-reversal table in range.
const maxLen = 1 << 30

type kernelKind uint8

const (
	kindRadix2 kernelKind = iota
	kindMixed
	kindBluestein
)

// kernel is an immutable one-dimensional transform of length n. It holds no
// scratch, so one kernel may be shared by any number of Plans and goroutines.
type kernel struct {
	n    int
	kind kernelKind

	// radix-2 and mixed radix: tw[k] = exp(-2πi k/n), for k < n/2 (radix-2)
	// or k < n (mixed radix).
	tw []complex128
	// radix-2: rev[i] is i with its log2(n) bits reversed.
	rev []int32
	// mixed radix: (p, m) pairs, outermost stage first; n = p0·m0, m0 = p1·m1, ...
	fac []int
	// mixed radix: largest radix that uses the generic butterfly (0 if none),
	// which needs that much scratch.
	maxGeneric int

	// Bluestein: chirp[k] = exp(-iπ k²/n) for k < n; bhat is the length-m
	// DFT of the wrapped conjugate chirp, divided by m so that the inverse
	// convolution step needs no extra scaling; inner is the radix-2 kernel of
	// length m.
	chirp []complex128
	bhat  []complex128
	inner *kernel
}

// newKernel makes the kernel for length n, 1 ≤ n ≤ maxLen.
func newKernel(n int) *kernel {
	switch {
	case n&(n-1) == 0:
		return newRadix2(n)
	case largestPrimeFactor(n) <= maxRadix:
		return newMixed(n)
	default:
		return newBluestein(n)
	}
}

// workLen is the length of the scratch slice that forward needs.
func (k *kernel) workLen() int {
	switch k.kind {
	case kindMixed:
		return k.maxGeneric
	case kindBluestein:
		return 2*k.inner.n + k.inner.workLen()
	}
	return 0
}

// forward sets out to the unnormalised forward DFT of in. Both have length
// k.n and must not overlap; in is not modified. work has length at least
// k.workLen().
func (k *kernel) forward(out, in, work []complex128) {
	switch k.kind {
	case kindRadix2:
		k.radix2(out, in)
	case kindMixed:
		k.mixed(out[:k.n], in, 1, k.fac, work)
	default:
		k.bluestein(out, in, work)
	}
}

// twiddle returns exp(-2πi num/den), computed directly.
func twiddle(num, den int) complex128 {
	s, c := math.Sincos(-2 * math.Pi * float64(num) / float64(den))
	return complex(c, s)
}

func largestPrimeFactor(n int) int {
	largest := 1
	for p := 2; p*p <= n; p++ {
		for n%p == 0 {
			largest = p
			n /= p
		}
	}
	if n > 1 {
		largest = n
	}
	return largest
}

// ---- radix 2 ----

func newRadix2(n int) *kernel {
	k := &kernel{n: n, kind: kindRadix2, tw: make([]complex128, n/2), rev: make([]int32, n)}
	for i := range k.tw {
		k.tw[i] = twiddle(i, n)
	}
	logn := bits.TrailingZeros(uint(n))
	for i := range k.rev {
		if logn > 0 {
			k.rev[i] = int32(bits.Reverse32(uint32(i)) >> (32 - logn))
		}
	}
	return k
}

// radix2 is an iterative decimation-in-time FFT: bit-reversed copy, then
// log2(n) stages of butterflies.
func (k *kernel) radix2(out, in []complex128) {
	n := k.n
	out = out[:n]
	in = in[:n]
	for i, r := range k.rev {
		out[r] = in[i]
	}
	if n < 2 {
		return
	}
	// First stage: the twiddle is 1.
	for i := 0; i+1 < n; i += 2 {
		a, b := out[i], out[i+1]
		out[i], out[i+1] = a+b, a-b
	}
	tw := k.tw
	for size := 4; size <= n; size <<= 1 {
		half := size >> 1
		step := n / size
		for start := 0; start < n; start += size {
			a := out[start : start+half]
			b := out[start+half : start+size]
			for j := range a {
				t := b[j] * tw[j*step]
				b[j] = a[j] - t
				a[j] += t
			}
		}
	}
}

// ---- mixed radix ----

func newMixed(n int) *kernel {
	k := &kernel{n: n, kind: kindMixed, tw: make([]complex128, n)}
	for i := range k.tw {
		k.tw[i] = twiddle(i, n)
	}
	// Factor as KISS FFT does: fours, then twos, then odd primes ascending.
	m := n
	for _, p := range []int{4, 2} {
		for m%p == 0 && m > 1 {
			m /= p
			k.fac = append(k.fac, p, m)
		}
	}
	for p := 3; m > 1; p += 2 {
		for m%p == 0 {
			m /= p
			k.fac = append(k.fac, p, m)
			if p > 5 && p > k.maxGeneric {
				k.maxGeneric = p
			}
		}
	}
	return k
}

// mixed computes the DFT of the len(out) points in[0], in[fstride],
// in[2·fstride], ... into out, recursing over the factors fac.
func (k *kernel) mixed(out, in []complex128, fstride int, fac []int, scratch []complex128) {
	p, m := fac[0], fac[1]
	if m == 1 {
		for j := range p {
			out[j] = in[j*fstride]
		}
	} else {
		for j := range p {
			k.mixed(out[j*m:(j+1)*m], in[j*fstride:], fstride*p, fac[2:], scratch)
		}
	}
	switch p {
	case 2:
		bfly2(out, k.tw, fstride, m)
	case 3:
		bfly3(out, k.tw, fstride, m)
	case 4:
		bfly4(out, k.tw, fstride, m)
	case 5:
		bfly5(out, k.tw, fstride, m)
	default:
		bflyGeneric(out, k.tw, fstride, m, p, scratch)
	}
}

func bfly2(f, tw []complex128, fstride, m int) {
	a := f[:m]
	b := f[m : 2*m]
	for u := range a {
		t := b[u] * tw[u*fstride]
		b[u] = a[u] - t
		a[u] += t
	}
}

// sin60 is sin(π/3) = √3/2.
const sin60 = 0.86602540378443864676372317075293618347140262690519

func bfly3(f, tw []complex128, fstride, m int) {
	f0 := f[:m]
	f1 := f[m : 2*m]
	f2 := f[2*m : 3*m]
	for u := range f0 {
		s1 := f1[u] * tw[u*fstride]
		s2 := f2[u] * tw[2*u*fstride]
		s3 := s1 + s2
		d := s1 - s2
		a := f0[u] - complex(0.5*real(s3), 0.5*imag(s3))
		f0[u] += s3
		// ±i·sin60·d: exp(∓2πi/3) = -1/2 ∓ i·sin60.
		e := complex(sin60*imag(d), -sin60*real(d))
		f1[u] = a + e
		f2[u] = a - e
	}
}

func bfly4(f, tw []complex128, fstride, m int) {
	f0 := f[:m]
	f1 := f[m : 2*m]
	f2 := f[2*m : 3*m]
	f3 := f[3*m : 4*m]
	for u := range f0 {
		s0 := f1[u] * tw[u*fstride]
		s1 := f2[u] * tw[2*u*fstride]
		s2 := f3[u] * tw[3*u*fstride]
		s5 := f0[u] - s1
		s4sum := f0[u] + s1
		s3 := s0 + s2
		s4 := s0 - s2
		f2[u] = s4sum - s3
		f0[u] = s4sum + s3
		// s5 ∓ i·s4
		f1[u] = complex(real(s5)+imag(s4), imag(s5)-real(s4))
		f3[u] = complex(real(s5)-imag(s4), imag(s5)+real(s4))
	}
}

// Constants of the 5-point DFT: exp(-2πi/5) = yar + i·yai and
// exp(-4πi/5) = ybr + i·ybi, that is cos and -sin of 72° and 144°.
const (
	yar = 0.30901699437494742410229341718281905886436444
	yai = -0.95105651629515357211643933337938214340569863
	ybr = -0.80901699437494742410229341718281905886436444
	ybi = -0.58778525229247312916870595463907276859765243
)

func bfly5(f, tw []complex128, fstride, m int) {
	f0 := f[:m]
	f1 := f[m : 2*m]
	f2 := f[2*m : 3*m]
	f3 := f[3*m : 4*m]
	f4 := f[4*m : 5*m]
	for u := range f0 {
		s0 := f0[u]
		s1 := f1[u] * tw[u*fstride]
		s2 := f2[u] * tw[2*u*fstride]
		s3 := f3[u] * tw[3*u*fstride]
		s4 := f4[u] * tw[4*u*fstride]
		s7 := s1 + s4
		s10 := s1 - s4
		s8 := s2 + s3
		s9 := s2 - s3
		f0[u] = s0 + s7 + s8
		s5 := complex(real(s0)+real(s7)*yar+real(s8)*ybr, imag(s0)+imag(s7)*yar+imag(s8)*ybr)
		s6 := complex(imag(s10)*yai+imag(s9)*ybi, -real(s10)*yai-real(s9)*ybi)
		f1[u] = s5 - s6
		f4[u] = s5 + s6
		s11 := complex(real(s0)+real(s7)*ybr+real(s8)*yar, imag(s0)+imag(s7)*ybr+imag(s8)*yar)
		s12 := complex(-imag(s10)*ybi+imag(s9)*yai, real(s10)*ybi-real(s9)*yai)
		f2[u] = s11 + s12
		f3[u] = s11 - s12
	}
}

// bflyGeneric is the radix-p butterfly for any p, costing p² multiplications
// per group; scratch has length at least p.
func bflyGeneric(f, tw []complex128, fstride, m, p int, scratch []complex128) {
	n := len(tw)
	scratch = scratch[:p]
	for u := range m {
		for q, k := 0, u; q < p; q, k = q+1, k+m {
			scratch[q] = f[k]
		}
		for q1, k := 0, u; q1 < p; q1, k = q1+1, k+m {
			step := fstride * k // < n
			idx := 0
			acc := scratch[0]
			for _, s := range scratch[1:] {
				idx += step
				if idx >= n {
					idx -= n
				}
				acc += s * tw[idx]
			}
			f[k] = acc
		}
	}
}

// ---- Bluestein ----

func newBluestein(n int) *kernel {
	m := 1
	for m < 2*n-1 {
		m <<= 1
	}
	k := &kernel{n: n, kind: kindBluestein, chirp: make([]complex128, n), inner: newRadix2(m)}
	// chirp[j] = exp(-iπ j²/n); j² is reduced modulo 2n in integers first so
	// that the angle stays small and exact for large j.
	for j := range k.chirp {
		r := (uint64(j) * uint64(j)) % uint64(2*n)
		s, c := math.Sincos(-math.Pi * float64(r) / float64(n))
		k.chirp[j] = complex(c, s)
	}
	b := make([]complex128, m)
	for j, w := range k.chirp {
		cw := complex(real(w), -imag(w))
		b[j] = cw
		if j > 0 {
			b[m-j] = cw
		}
	}
	k.bhat = make([]complex128, m)
	k.inner.radix2(k.bhat, b)
	inv := 1 / float64(m)
	for j, v := range k.bhat {
		k.bhat[j] = complex(real(v)*inv, imag(v)*inv)
	}
	return k
}

// bluestein uses exp(-2πi jk/n) = w[j]·w[k]·conj(w[k-j]) with w the chirp,
// so out = w · (conj(w) ⊛ (w·in)), the circular convolution of length m
// computed as IDFT(DFT(w·in)·bhat), the inverse DFT as conj(DFT(conj(·))).
func (k *kernel) bluestein(out, in, work []complex128) {
	n, m := k.n, k.inner.n
	a := work[:m]
	b := work[m : 2*m]
	for j, w := range k.chirp {
		a[j] = in[j] * w
	}
	clear(a[n:])
	k.inner.radix2(b, a)
	for j, h := range k.bhat {
		v := b[j] * h
		b[j] = complex(real(v), -imag(v))
	}
	k.inner.radix2(a, b)
	for j, w := range k.chirp {
		v := a[j]
		out[j] = complex(real(v), -imag(v)) * w
	}
}
