package fft

import "unsafe"

// blueLine computes single lines of a length the four-step method cannot
// split (a prime, or twice one) by Bluestein's algorithm with the vector
// engine: the chirp-multiplied line, zero-padded to length M, is convolved
// with the chirp by two transforms of length M, themselves single lines
// computed by the four-step method, and multiplied by the output chirp.
// The scalar complex128 path took 150 µs for 1031 points where FFTW takes
// 11 µs (complex64); this took 30 µs with M = 4096, 20 µs with M = 2160
// (see blueLen), and takes 12 µs with its pointwise products on the
// vector kernels (mul) rather than in Go loops. The factors are vblue's
// (see blueTables), centring and scale included, in the precision of T.
type blueLine[T cplx] struct {
	n               int
	fft             *plan[T] // length M, uncentred, unnormalised, one worker
	pre, spec, post [2][]T
	u, v            []T // the padded line and its transform
	ks              *kernelSet
}

// newBlueLine returns the Bluestein computation of single lines of length
// n, or nil where its transforms of length M would not take the four-step
// method (n below 33, or no vector kernels).
func newBlueLine[T cplx](n int, ks *kernelSet, centred bool, scale [2]float64) *blueLine[T] {
	if ks == nil || 2*n-1 <= fourStepMin {
		return nil
	}
	b := &blueLine[T]{n: n, ks: ks}
	m := blueLen(n)
	b.pre, b.spec, b.post = blueTables[T](n, m, centred, scale)
	b.fft = new(plan[T])
	if b.fft.init([]int{m}, 1, Options{Uncentred: true, Workers: 1}, ks) != nil || b.fft.passes[0].four == nil {
		return nil
	}
	b.alloc()
	return b
}

// alloc gives b its own working arrays.
func (b *blueLine[T]) alloc() {
	m := len(b.spec[0])
	b.u, b.v = aligned[T](m), aligned[T](m)
}

// clone returns a blueLine with its own plan scratch and working arrays,
// sharing the factors.
func (b *blueLine[T]) clone() *blueLine[T] {
	q := *b
	q.fft = b.fft.clone()
	q.alloc()
	return &q
}

// line transforms the line of pass ps that starts at base, with the
// centring and scale b was made with, from src into dst (which may be src).
func (b *blueLine[T]) line(ps *pass[T], dst, src []T, base int, inverse bool) {
	d := btoi(inverse) // 0 forward, 1 inverse
	s, n := ps.stride, b.n
	u, v := b.u, b.v
	pre, spec, post := b.pre[d], b.spec[d], b.post[d]
	ptr := func(x []T) unsafe.Pointer { return unsafe.Pointer(&x[0]) }
	if s == 1 {
		b.ks.mul(ptr(u), ptr(src[base:base+n]), ptr(pre), n)
	} else {
		for j, p := range pre {
			u[j] = src[base+j*s] * p
		}
	}
	clear(u[n:])
	b.fft.transform(v, u, false)
	b.ks.mul(ptr(v), ptr(v), ptr(spec), len(v))
	b.fft.transform(u, v, true)
	if s == 1 {
		b.ks.mul(ptr(dst[base:base+n]), ptr(u), ptr(post), n)
		return
	}
	for i, p := range post {
		dst[base+i*s] = u[i] * p
	}
}

// blueLen returns Bluestein's convolution length for lines of length n:
// the power of two from 2n − 1, or the least multiple of 16 from 2n − 1
// with no prime factor above 5 when that is under 3/4 of it (such a
// length has four-step factors that lanes divide, and costs a little more
// per point than a power of two). At 257², complex64, M = 576 instead of
// 1024 took the transform from 1.95 to 0.85 ms, its error against the
// float64 DFT from 2.0e-7 to 2.5e-7.
func blueLen(n int) int {
	p := 1
	for p < 2*n-1 {
		p *= 2
	}
	for m := (2*n - 1 + 15) / 16 * 16; 4*m < 3*p; m += 16 {
		r := m
		for _, f := range []int{2, 3, 5} {
			for r%f == 0 {
				r /= f
			}
		}
		if r == 1 {
			return m
		}
	}
	return p
}
