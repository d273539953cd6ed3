package fft

import "math"

// fourStepMin is the shortest line that a pass too narrow for the vector
// engine (fewer lines than lanes: a single 1D transform) computes by the
// four-step method instead of the scalar kernels.
const fourStepMin = 256

// fourStep computes a line of length n = n1·n2 that the vector engine
// cannot batch as an n1×n2 two-dimensional problem (Bailey's four-step
// FFT): with x[n1·N2 + n2] viewed as N1 rows of N2, it transforms the N2
// columns of length N1 (batched, so vectorised), multiplies by the
// twiddles W_N^(k1·n2) while transposing to N2 rows of N1, and transforms
// the N1 columns of that (length N2, batched), which leaves
// X[k1 + N1·k2] in natural order.
type fourStep[T cplx] struct {
	n1, n2     int
	cols, rows *plan[T] // over dims [n2, n1] and [n1, n2], both along dimension 1
	tw, twInv  []T      // W_N^(k1·n2) at k1·n2 + n2, forward and inverse sign
	a, b       []T      // one line, gathered, and its transform
}

// newFourStep returns the four-step computation of lines of length n, or
// nil when n has no factors n1, n2 ≥ 8 (a prime, for example) or the
// kernels are not vectorised.
func newFourStep[T cplx](n int, ks *kernelSet) *fourStep[T] {
	if ks == nil || n < fourStepMin {
		return nil
	}
	n1 := 0
	for d := int(math.Sqrt(float64(n))); d >= 8; d-- {
		if n%d == 0 && n/d >= 8 {
			n1 = d
			break
		}
	}
	if n1 == 0 {
		return nil
	}
	n2 := n / n1
	f := &fourStep[T]{n1: n1, n2: n2, cols: new(plan[T]), rows: new(plan[T]), tw: make([]T, n), twInv: make([]T, n), a: make([]T, n), b: make([]T, n)}
	o := Options{Uncentred: true, Workers: 1}
	if f.cols.init([]int{n2, n1}, 2, o, ks) != nil || f.rows.init([]int{n1, n2}, 2, o, ks) != nil {
		return nil
	}
	for k1 := range n1 {
		for j := range n2 {
			// Reduce k1·j mod n exactly before the angle, as the kernels'
			// twiddles are.
			s, c := math.Sincos(-2 * math.Pi * float64(k1*j%n) / float64(n))
			f.tw[k1*n2+j] = T(complex(c, s))
			f.twInv[k1*n2+j] = T(complex(c, -s))
		}
	}
	return f
}

// clone returns a fourStep with its own plans' scratch and working arrays,
// sharing the twiddles.
func (f *fourStep[T]) clone() *fourStep[T] {
	n := f.n1 * f.n2
	return &fourStep[T]{n1: f.n1, n2: f.n2, cols: f.cols.clone(), rows: f.rows.clone(), tw: f.tw, twInv: f.twInv, a: make([]T, n), b: make([]T, n)}
}

// line transforms the line of pass ps that starts at base, with the pass's
// centring and scaling, from src into dst (which may be src).
func (f *fourStep[T]) line(ps *pass[T], dst, src []T, base int, inverse bool) {
	n, s, c := f.n1*f.n2, ps.stride, ps.shift
	scale := ps.fwdScale
	if inverse {
		scale = ps.invScale
	}
	a, b := f.a, f.b
	n1, n2 := f.n1, f.n2
	// The input, contiguous and in order when it can be used as it is;
	// otherwise gathered with the input half of the centring:
	// a[j] = x[(j+c) mod n].
	in := a
	if s == 1 && c == 0 {
		in = src[base : base+n]
	} else {
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
	f.cols.transform(b, in, inverse)
	// Twiddle and transpose: a[k1 + n1·j] = b[j + n2·k1]·W^(k1·j).
	tw := f.tw
	if inverse {
		tw = f.twInv
	}
	for k1 := range n1 {
		row, w := b[k1*n2:(k1+1)*n2], tw[k1*n2:(k1+1)*n2]
		for j, v := range row {
			a[k1+n1*j] = v * w[j]
		}
	}
	// The output straight into dst when it is contiguous, uncentred and
	// unscaled; otherwise through b, with the output half of the
	// centring, y[(q+c) mod n] = X[q], and the scale.
	if s == 1 && c == 0 && scale == 1 {
		f.rows.transform(dst[base:base+n], a, inverse)
		return
	}
	f.rows.transform(b, a, inverse)
	sc := T(complex(scale, 0))
	for q, v := range b {
		if scale != 1 {
			v *= sc
		}
		q += c
		if q >= n {
			q -= n
		}
		dst[base+q*s] = v
	}
}
