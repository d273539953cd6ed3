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
// twiddles W_N^(k1·n2), transforms the N1 rows of length N2 (batched) and
// reads the result out transposed: X[k1 + N1·k2] = Z[k1][k2].
type fourStep[T cplx] struct {
	n1, n2     int
	cols, rows *plan[T] // over dims [n2, n1]: dimension 1 (stride n2), dimension 0
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
	if f.cols.init([]int{n2, n1}, 2, o, ks) != nil || f.rows.init([]int{n2, n1}, 1, o, ks) != nil {
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
	// Gather with the input half of the centring: a[j] = x[(j+c) mod n].
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
	f.cols.transform(b, a, inverse)
	tw := f.tw
	if inverse {
		tw = f.twInv
	}
	for i, w := range tw {
		b[i] *= w
	}
	f.rows.transform(b, b, inverse)
	// Scatter transposed with the output half: y[(q+c) mod n] = X[q],
	// q = k1 + n1·k2 holding Z[k1][k2] = b[k2 + n2·k1].
	sc := T(complex(scale, 0))
	for k1 := range f.n1 {
		row := b[k1*f.n2 : (k1+1)*f.n2]
		for k2, v := range row {
			q := k1 + f.n1*k2 + c
			if q >= n {
				q -= n
			}
			if scale != 1 {
				v *= sc
			}
			dst[base+q*s] = v
		}
	}
}
