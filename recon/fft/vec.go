package fft

import (
	"math"
	"unsafe"
)

// The vector engine transforms four lines at once: the four lanes of one
// 32-byte "element" hold the same index of four different lines (four
// neighbouring columns of an array, or four rows gathered and transposed
// into a strip). Each transform is a Stockham autosort decimation in
// frequency (no bit reversal), one radix-4 or radix-2 stage at a time, with
// every stage reading and writing elements through byte strides. The first
// stage reads straight from the caller's array and the last writes straight
// into it; the stages between ping-pong between two strip buffers that stay
// in L1. Kernels exist in AVX2/FMA assembly (amd64) and in Go (other
// platforms and the purego build tag); both compute the same thing.

// lanes is the number of lines a vector element holds.
const lanes = 4

// elemBytes is the size of one element: lanes complex64 values.
const elemBytes = lanes * 8

// stageArgs describes one stage to a kernel. Element (p, q, j) of the source
// is at src + q*sq + p*sp + so[j], and output (p, q, k) goes to
// dst + q*dq + p*dp + do[k], for p < m, q < s. The layout is read by the
// assembly: keep every field 8 bytes and the order fixed.
type stageArgs struct {
	dst, src unsafe.Pointer
	tw       unsafe.Pointer // per p: w1 (radix 2) or w1, w2, w3 (radix 4) as (re, im) float32
	m, s     int
	sq, sp   int
	dq, dp   int
	so       [4]int
	do       [4]int
	inv      int     // 1: inverse (multiply by +i), 0: forward (−i)
	scaled   int     // 1: multiply every output by scale
	scale    float32 // when scaled
	_        uint32
}

// vstage is one stage of a vector transform of length n.
type vstage struct {
	radix    int
	l        int       // length of the sub-transforms this stage splits: n at the first stage
	twF, twI []float32 // twiddles for forward and inverse, per p
}

// vplan is the stage sequence of a vector transform of length n, a power of
// two of at least 4: radix-4 stages, then one radix-2 stage if n is an odd
// power of two.
type vplan struct {
	n      int
	stages []vstage
}

// vecSize reports whether the vector engine handles transforms of length n.
func vecSize(n int) bool { return n >= 4 && n&(n-1) == 0 }

func newVplan(n int) *vplan {
	vp := &vplan{n: n}
	l := n
	for l > 1 {
		r := 4
		if l == 2 {
			r = 2
		}
		st := vstage{radix: r, l: l}
		m := l / r
		for p := range m {
			for k := 1; k < r; k++ {
				// w^(p·k) with w = exp(−2πi/l), computed directly.
				s, c := math.Sincos(-2 * math.Pi * float64(p*k%l) / float64(l))
				st.twF = append(st.twF, float32(c), float32(s))
				st.twI = append(st.twI, float32(c), float32(-s))
			}
		}
		vp.stages = append(vp.stages, st)
		l /= r
	}
	return vp
}

// vlines describes where the lines of one vector transform are: element i
// of the four lines is at base + i*stride (bytes).
type vlines struct {
	base   unsafe.Pointer
	stride int
}

// run transforms the four lines at in into out (which may be the same
// memory), using bufA and bufB (n elements each) as scratch. Centring
// rotates the input by n/2 (swapping the first stage's quarter-blocks) and
// the output likewise (permuting the last stage's outputs). scale, if not
// 1, multiplies the result.
func (vp *vplan) run(out, in vlines, bufA, bufB []complex64, inverse, centred bool, scale float32) {
	n := vp.n
	src := in
	ns := len(vp.stages)
	s := 1
	for i := range vp.stages {
		st := &vp.stages[i]
		r, m := st.radix, st.l/st.radix
		var dst vlines
		switch {
		case i == ns-1:
			dst = out
		case i%2 == 0:
			dst = vlines{unsafe.Pointer(&bufA[0]), elemBytes}
		default:
			dst = vlines{unsafe.Pointer(&bufB[0]), elemBytes}
		}
		a := stageArgs{
			dst: dst.base, src: src.base,
			m: m, s: s,
			sq: src.stride, sp: s * src.stride,
			dq: dst.stride, dp: r * s * dst.stride,
		}
		for j := range r {
			a.so[j] = j * s * m * src.stride
			a.do[j] = j * s * dst.stride
		}
		if centred && i == 0 {
			// ifftshift: input index i reads x[(i + n/2) mod n]. The first
			// stage reads indices p + j·m with m = n/r, so element j comes
			// from quarter (j + r/2) mod r.
			for j := range r {
				a.so[j] = ((j + r/2) % r) * s * m * src.stride
			}
		}
		if centred && i == ns-1 {
			// fftshift: output index k·s (the last stage has m = 1, s = n/r)
			// goes to (k·s + n/2) mod n.
			for k := range r {
				a.do[k] = ((k + r/2) % r) * s * dst.stride
			}
		}
		if inverse {
			a.tw = unsafe.Pointer(&st.twI[0])
			a.inv = 1
		} else {
			a.tw = unsafe.Pointer(&st.twF[0])
		}
		if i == ns-1 && scale != 1 {
			a.scaled, a.scale = 1, scale
		}
		if r == 4 {
			radix4(&a)
		} else {
			radix2(&a)
		}
		src = dst
		s *= r
	}
	_ = n
}

// Go versions of the kernels: the reference for the assembly and the whole
// engine under the purego tag or off amd64.

func elem(p unsafe.Pointer, off int) *[lanes]complex64 {
	return (*[lanes]complex64)(unsafe.Add(p, off))
}

func radix4Go(a *stageArgs) {
	tw := unsafe.Slice((*float32)(a.tw), 6*a.m)
	rot := complex64(complex(0, -1)) // forward: −i
	if a.inv != 0 {
		rot = complex(0, 1)
	}
	sc := complex(a.scale, 0)
	for p := range a.m {
		w1 := complex(tw[6*p], tw[6*p+1])
		w2 := complex(tw[6*p+2], tw[6*p+3])
		w3 := complex(tw[6*p+4], tw[6*p+5])
		for q := range a.s {
			sb := q*a.sq + p*a.sp
			db := q*a.dq + p*a.dp
			x0, x1 := elem(a.src, sb+a.so[0]), elem(a.src, sb+a.so[1])
			x2, x3 := elem(a.src, sb+a.so[2]), elem(a.src, sb+a.so[3])
			var y0, y1, y2, y3 [lanes]complex64
			for l := range lanes {
				apc, amc := x0[l]+x2[l], x0[l]-x2[l]
				bpd, jbmd := x1[l]+x3[l], rot*(x1[l]-x3[l])
				y0[l] = apc + bpd
				y1[l] = w1 * (amc + jbmd)
				y2[l] = w2 * (apc - bpd)
				y3[l] = w3 * (amc - jbmd)
				if a.scaled != 0 {
					y0[l], y1[l], y2[l], y3[l] = y0[l]*sc, y1[l]*sc, y2[l]*sc, y3[l]*sc
				}
			}
			*elem(a.dst, db+a.do[0]) = y0
			*elem(a.dst, db+a.do[1]) = y1
			*elem(a.dst, db+a.do[2]) = y2
			*elem(a.dst, db+a.do[3]) = y3
		}
	}
}

func radix2Go(a *stageArgs) {
	tw := unsafe.Slice((*float32)(a.tw), 2*a.m)
	sc := complex(a.scale, 0)
	for p := range a.m {
		w1 := complex(tw[2*p], tw[2*p+1])
		for q := range a.s {
			sb := q*a.sq + p*a.sp
			db := q*a.dq + p*a.dp
			x0, x1 := elem(a.src, sb+a.so[0]), elem(a.src, sb+a.so[1])
			var y0, y1 [lanes]complex64
			for l := range lanes {
				y0[l] = x0[l] + x1[l]
				y1[l] = w1 * (x0[l] - x1[l])
				if a.scaled != 0 {
					y0[l], y1[l] = y0[l]*sc, y1[l]*sc
				}
			}
			*elem(a.dst, db+a.do[0]) = y0
			*elem(a.dst, db+a.do[1]) = y1
		}
	}
}

// transposeInGo gathers n elements of four rows (row r at src + r*rowStride,
// contiguous complex64) into a strip: element i holds x[r][i] in lane r.
func transposeInGo(strip, src unsafe.Pointer, rowStride, n int) {
	for i := range n {
		e := elem(strip, i*elemBytes)
		for r := range lanes {
			e[r] = *(*complex64)(unsafe.Add(src, r*rowStride+8*i))
		}
	}
}

// transposeOutGo scatters a strip back to four rows, the inverse of
// transposeInGo.
func transposeOutGo(dst, strip unsafe.Pointer, rowStride, n int) {
	for i := range n {
		e := elem(strip, i*elemBytes)
		for r := range lanes {
			*(*complex64)(unsafe.Add(dst, r*rowStride+8*i)) = e[r]
		}
	}
}

func ptr(x []complex64) unsafe.Pointer { return unsafe.Pointer(&x[0]) }
func ptr32(x []float32) unsafe.Pointer { return unsafe.Pointer(&x[0]) }
