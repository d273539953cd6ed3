package fft

import (
	"math"
	"unsafe"
)

// twChunk is the number of columns the twiddle step takes at a time where
// the rows of its result are far apart.
const twChunk = 32

// fourStepMin is the shortest line that a pass too narrow for the vector
// engine (fewer lines than lanes: a single 1D transform) computes by the
// four-step method instead of the scalar kernels: the shortest with two
// factors of at least 8 (64 points, complex64: 250 ns against 650 ns on
// the scalar path; 128 points: 270 against 1470 ns).
const fourStepMin = 64

// fourStep computes a line of length n = n1·n2 that the vector engine
// cannot batch as an n1×n2 two-dimensional problem (Bailey's four-step
// FFT): with x[n1·N2 + n2] viewed as N1 rows of N2, it transforms the N2
// columns of length N1 (batched, so vectorised), multiplies by the
// twiddles W_N^(k1·n2) while transposing to N2 rows of N1, and transforms
// the N1 columns of that (length N2, batched), which leaves
// X[k1 + N1·k2] in natural order.
//
// The twiddles carry the pass's scale. Where lanes divide N1 the twiddle
// step is vectorised: lanes rows of the first result, gathered as transIn
// does, give in element j the lanes values that go to a[k1 + N1·j],
// k1 = k .. k+lanes−1, which are multiplied by their twiddles lane by lane
// on the way (twTrans); at 1024 points, complex64, this took the step from
// 2.6 µs (a scalar loop) to a small part of the transform; doing the
// gather and the product in one pass rather than through a strip took the
// whole line from 1.34 to 1.10–1.15 µs there (4096 points: 8.5 to 7.7 µs).
type fourStep[T cplx] struct {
	n1, n2 int
	// Where lanes divide N1 and N2, v1 and v2 are the uncentred vector
	// transforms of lengths N1 and N2, each run once on all its columns as
	// a batch of interleaved lines (vplan.stages1, through u and w);
	// otherwise cols and rows are plans over dims [n2, n1] and [n1, n2],
	// both along dimension 1.
	v1, v2     *vplan[T]
	cols, rows *plan[T]
	// fold: a centred line needs no copies. With n1 and n2 even, the
	// input's rotation by n/2 rotates the N1 rows by N1/2, an ifftshift of
	// the first transforms' input, and the output's rotation moves
	// X[k1 + N1·k2] by N2/2 in k2, an fftshift of the second transforms'
	// output: both permutations of a Stockham stage when that stage's
	// radix is even (at 1024 points, complex128, the four copies they
	// replace were a fifth of the line's time).
	fold bool
	u, w []T
	ks   *kernelSet
	// tw[d] (d: forward, inverse) holds scale·W_N^(∓k1·n2) at k1·n2 + n2;
	// twv[d], where lanes divide N1, the same as vectors of lanes factors
	// for rows k .. k+lanes−1 (k a multiple of lanes): at k·N2 + j·lanes + i
	// the factor of row k + i, value j; else nil.
	tw, twv [2][]T
	// r0, when not 0, replaces the first transforms and the twiddle step
	// with one kernel (kernelSet.lineStage): n1 = r0 is a single radix
	// stage, whose butterflies the kernel runs lanes at a time along the
	// line, twiddling lane by lane and storing transposed in registers;
	// v2 then runs on its output as r0/lanes elements per row, the rest of
	// one Stockham transform of the line. twl[d] are its twiddles, scale
	// the pass's scales, applied by v2's last stage.
	r0    int
	lk    func(*stageArgs) // the line stage's kernel: lineStage[r0] or lineWide[r0]
	twl   [2][]T
	scale [2]float64
	a, b  []T // one line, gathered, and its transform
	ka    kargs
}

// newFourStep returns the four-step computation of lines of length n with
// the given scales, or nil when n has no factors n1, n2 ≥ 8 (a prime, for
// example) or the kernels are not vectorised. Of the factors n1 ≤ √n it
// takes one that makes both batched (4 divides n1 and n2), then the one
// with the fewest Stockham stages in all, each a pass over the line (with
// radices up to 5, 1024 points as 16×64, five radix-4 stages, took 1.9 µs
// against 2.2 µs as 32×32 with a radix-2 stage in each half), then the one
// nearest √n.
func newFourStep[T cplx](n int, ks *kernelSet, fwdScale, invScale float64) *fourStep[T] {
	if ks == nil || n < fourStepMin {
		return nil
	}
	// The line stage where there is one (1D, one line, best of three,
	// against the four-step below: 64 points 97 against 140 ns for
	// complex128, 74 against 97 ns for complex64; 512 points 0.67 against
	// 1.00 µs and 0.39 against 0.45 µs; 4096 points 9.9 against 11.5 µs and
	// 4.4 against 5.5 µs; complex64 at 1024 points, 0.79 against 0.91 µs).
	if f := newLineStage[T](n, ks, fwdScale, invScale); f != nil {
		return f
	}
	n1, best := 0, 0.0
	for d := 8; d*d <= n; d++ {
		if n%d != 0 || n/d < 8 {
			continue
		}
		f1, f2 := vecFactors(d), vecFactors(n/d)
		cost := float64(len(f1)+len(f2)) + math.Log2(float64(n/d)/float64(d))/100
		if f1 == nil || f2 == nil {
			cost += 100 // Bluestein, not batched
		}
		if d%4 != 0 || n/d%4 != 0 {
			cost += 1000
		}
		if n1 == 0 || cost < best {
			n1, best = d, cost
		}
	}
	if n1 == 0 {
		return nil
	}
	n2 := n / n1
	ln := lanesOf[T]()
	f := &fourStep[T]{n1: n1, n2: n2, ks: ks}
	if n1%ln == 0 && n2%ln == 0 {
		f.v1, f.v2 = newVplan[T](n1, ks, false, 1, 1), newVplan[T](n2, ks, false, 1, 1)
		if f.v1 != nil && f.v2 != nil && f.v1.blue == nil && f.v2.blue == nil {
			f.fold = f.v1.stages[0].radix%2 == 0 && f.v2.stages[len(f.v2.stages)-1].radix%2 == 0
		}
	}
	if f.v1 == nil || f.v2 == nil || f.v1.blue != nil || f.v2.blue != nil {
		f.v1, f.v2 = nil, nil
		f.cols, f.rows = new(plan[T]), new(plan[T])
		o := Options{Uncentred: true, Workers: 1}
		if f.cols.init([]int{n2, n1}, 2, o, ks) != nil || f.rows.init([]int{n1, n2}, 2, o, ks) != nil {
			return nil
		}
	}
	for d, scale := range [2]float64{fwdScale, invScale} {
		sign := -1.0
		if d == 1 {
			sign = 1
		}
		tw := make([]T, n)
		for k1 := range n1 {
			for j := range n2 {
				// Reduce k1·j mod n exactly before the angle, as the kernels'
				// twiddles are.
				s, c := math.Sincos(sign * 2 * math.Pi * float64(k1*j%n) / float64(n))
				tw[k1*n2+j] = T(complex(scale*c, scale*s))
			}
		}
		f.tw[d] = tw
		if n1%ln == 0 {
			v := make([]T, n)
			for k1 := range n1 {
				k, i := k1/ln*ln, k1%ln
				for j := range n2 {
					v[k*n2+j*ln+i] = tw[k1*n2+j]
				}
			}
			f.twv[d] = v
		}
	}
	f.alloc()
	return f
}

// alloc gives f its own working arrays.
func (f *fourStep[T]) alloc() {
	n := f.n1 * f.n2
	f.a, f.b = make([]T, n), make([]T, n)
	if f.v1 != nil || f.r0 != 0 {
		f.u = aligned[T](n)
	}
	if f.v1 != nil {
		f.w = aligned[T](n)
	}
}

// clone returns a fourStep with its own plans' scratch and working arrays,
// sharing the twiddles.
func (f *fourStep[T]) clone() *fourStep[T] {
	q := *f
	if f.cols != nil {
		q.cols, q.rows = f.cols.clone(), f.rows.clone()
	}
	q.alloc()
	return &q
}

// line transforms the line of pass ps that starts at base, with the pass's
// centring and the scale f was made with, from src into dst (which may be
// src).
func (f *fourStep[T]) line(ps *pass[T], dst, src []T, base int, inverse bool) {
	n, s, c := f.n1*f.n2, ps.stride, ps.shift
	d := btoi(inverse) // 0 forward, 1 inverse
	a, b := f.a, f.b
	n1, n2 := f.n1, f.n2
	fold := c != 0 && f.fold
	if fold {
		c = 0
	}
	// The input, contiguous and in order when it can be used as it is;
	// otherwise gathered with the input half of the centring:
	// a[j] = x[(j+c) mod n].
	in := a
	switch {
	case s == 1 && c == 0:
		in = src[base : base+n]
	case s == 1:
		copy(a, src[base+c:base+n])
		copy(a[n-c:], src[base:base+c])
	default:
		idx := base + c*s
		for j := 0; j < n-c; j++ {
			a[j] = src[idx]
			idx += s
		}
		idx = base
		for j := n - c; j < n; j++ {
			a[j] = src[idx]
			idx += s
		}
	}
	if f.r0 != 0 {
		f.lineFirst(b, in, inverse, fold)
		out := a
		if s == 1 && c == 0 {
			out = dst[base : base+n]
		}
		e := func(x []T) vlines { return vlines{unsafe.Pointer(&x[0]), elemBytes} }
		// b is free once v2's first stage has read it, and serves as its
		// second buffer: three arrays in the L1 rather than four (medians
		// of 4: complex128 1024 points 1.83 against 2.10 µs, complex64
		// 2048 points 1.82 against 2.22 µs; complex128 2048 points, 32 KiB
		// an array, 4.42 against 4.30 µs).
		f.v2.stages1(&f.ka, e(out), e(b), e(f.u), e(b), f.r0/lanesOf[T](), inverse, false, fold, f.scale[d])
		if s != 1 || c != 0 {
			f.put(dst, a, base, s, c)
		}
		return
	}
	f.columns(f.v1, f.cols, b, in, inverse, fold, false)
	// Twiddle and transpose: a[k1 + n1·j] = b[j + n2·k1]·W^(k1·j).
	if tw := f.twv[d]; tw != nil {
		ln := lanesOf[T]()
		sz := int(unsafe.Sizeof(*new(T)))
		// Rows of a 1 KiB or more apart put a long run of columns in a few
		// L1 sets; the columns then go in chunks (4096 points, complex128:
		// 18.0 against 15–16 µs; below 1 KiB the extra calls cost more).
		if sz*n1 < 1024 {
			for k := 0; k < n1; k += ln {
				f.ks.twTrans(unsafe.Pointer(&a[k]), unsafe.Pointer(&b[k*n2]), unsafe.Pointer(&tw[k*n2]), sz*n2, sz*n1, n2)
			}
		} else {
			for j0 := 0; j0 < n2; j0 += twChunk {
				c := min(twChunk, n2-j0)
				for k := 0; k < n1; k += ln {
					f.ks.twTrans(unsafe.Pointer(&a[k+n1*j0]), unsafe.Pointer(&b[k*n2+j0]), unsafe.Pointer(&tw[k*n2+j0*ln]), sz*n2, sz*n1, c)
				}
			}
		}
	} else {
		tw := f.tw[d]
		for k1 := range n1 {
			row, w := b[k1*n2:(k1+1)*n2], tw[k1*n2:(k1+1)*n2]
			for j, v := range row {
				a[k1+n1*j] = v * w[j]
			}
		}
	}
	// The output straight into dst when it is contiguous and uncentred;
	// otherwise through b, with the output half of the centring,
	// y[(q+c) mod n] = X[q].
	if s == 1 && c == 0 {
		f.columns(f.v2, f.rows, dst[base:base+n], a, inverse, false, fold)
		return
	}
	f.columns(f.v2, f.rows, b, a, inverse, false, fold)
	f.put(dst, b, base, s, c)
}

// put stores the transformed line x in dst at base with stride s, rotated
// by c: y[(q+c) mod n] = x[q].
func (f *fourStep[T]) put(dst, x []T, base, s, c int) {
	n := len(x)
	if s == 1 {
		copy(dst[base+c:base+n], x[:n-c])
		copy(dst[base:base+c], x[n-c:])
		return
	}
	for q, v := range x {
		q += c
		if q >= n {
			q -= n
		}
		dst[base+q*s] = v
	}
}

// newLineStage returns the four-step computation of lines of length n
// whose first factor is a single stage run by the kernel set's lineStage
// (see fourStep.r0), or nil where there is none: n = r0·m with a
// lineStage kernel of radix r0 (8 preferred, then 4), lanes dividing r0
// and m, and m at least 8 and a size the vector engine takes without
// Bluestein's algorithm.
func newLineStage[T cplx](n int, ks *kernelSet, fwdScale, invScale float64) *fourStep[T] {
	ln := lanesOf[T]()
	for _, r := range []int{8, 4} {
		m := n / r
		if ks.lineStage[r] == nil || n%r != 0 || r%ln != 0 || m%ln != 0 || m < 8 || vecFactors(m) == nil {
			continue
		}
		f := &fourStep[T]{n1: r, n2: m, ks: ks, r0: r, lk: ks.lineStage[r], scale: [2]float64{fwdScale, invScale}}
		// The wide kernel where the butterflies fill its lanes (complex128,
		// medians of 3 against the AVX2 kernel: 512 points 0.63 against
		// 0.69 µs, 2048 points 4.25 against 4.74 µs, 4096 points 8.6
		// against 11.0 µs).
		ll := ln
		if w := ks.lineWide[r]; w != nil && m%(2*ln) == 0 {
			f.lk, ll = w, 2*ln
		}
		f.v2 = newVplan[T](m, ks, false, 1, 1)
		f.fold = r%2 == 0 && f.v2.stages[len(f.v2.stages)-1].radix%2 == 0
		for d := range 2 {
			// Element g·(r−1) + k−1 (of the kernel's ll lanes) holds
			// w^(p·k), p = g·ll + i in lane i; one element of padding.
			tw := make([]T, (m/ll*(r-1)+1)*ll)
			for p := range m {
				g, i := p/ll, p%ll
				for k := 1; k < r; k++ {
					w := cis(-p*k, n)
					if d == 1 {
						w = conj(w)
					}
					tw[(g*(r-1)+k-1)*ll+i] = T(w)
				}
			}
			f.twl[d] = tw
		}
		f.alloc()
		return f
	}
	return nil
}

// lineFirst runs the line stage (see r0) on the line x into y; fold reads
// x rotated by half its length.
func (f *fourStep[T]) lineFirst(y, x []T, inverse, fold bool) {
	r, m := f.r0, f.n2
	sz := int(unsafe.Sizeof(*new(T)))
	a := &f.ka.st
	a.dst, a.src = unsafe.Pointer(&y[0]), unsafe.Pointer(&x[0])
	a.m, a.s = m, 1
	jo := 0
	if fold {
		jo = r / 2
	}
	for j := range r {
		jj := j + jo
		if jj >= r {
			jj -= r
		}
		a.so[j] = jj * m * sz
	}
	d := btoi(inverse)
	a.tw, a.inv = unsafe.Pointer(&f.twl[d][0]), d
	a.scaled = 0
	f.lk(a)
}

// columns transforms the columns of in, rows of lanes·batch values, into
// out with the batched vector transform v when there is one, else with the
// plan p; permIn and permOut centre v's input and output (see fold).
func (f *fourStep[T]) columns(v *vplan[T], p *plan[T], out, in []T, inverse, permIn, permOut bool) {
	if v == nil {
		p.transform(out, in, inverse)
		return
	}
	e := func(x []T) vlines { return vlines{unsafe.Pointer(&x[0]), elemBytes} }
	batch := len(in) / v.n / lanesOf[T]()
	v.stages1(&f.ka, e(out), e(in), e(f.u), e(f.w), batch, inverse, permIn, permOut, 1)
}
