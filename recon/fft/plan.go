package fft

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"strconv"
	"unsafe"
)

// MaxDims is the largest number of dimensions a Plan accepts, as in BART
// (DIMS = 16).
const MaxDims = 16

// Plan computes discrete Fourier transforms of complex64 arrays of one shape
// along a chosen set of dimensions.
//
// The array has len(Dims()) dimensions stored first-dimension-fastest: the
// element at index (i0, i1, ..., ik) is at i0 + d0·(i1 + d1·(i2 + ...)), where
// d0, d1, ... are the sizes. The transform runs along every dimension d whose
// bit 1<<d is set in the mask and is batched over the others, as BART's fft
// does with its bitmask argument.
//
// With the default (centred) Options, along a dimension of size N with
// c = N/2 (integer division), Forward computes
//
//	X[p] = s · Σ_i x[i] exp(-2πi (p-c)(i-c)/N)
//
// and Inverse the same with exp(+2πi ...). This equals fftshift(FFT(ifftshift(x)))
// for odd and even N, and it is what BART's fft computes. With Uncentred, c = 0.
// The scale s is 1, 1/√N or, for Inverse with Backward, 1/N, per transformed
// dimension (see Scaling). A dimension of size 1 is left as it is.
//
// A Plan holds scratch space, so it is not safe for concurrent use: give each
// goroutine its own Clone. Options.Workers is accepted but a Plan currently
// computes on the calling goroutine only.
type Plan struct {
	dims   []int
	mask   uint32
	n      int
	opt    Options
	passes []pass

	// Scratch.
	line []complex128 // one gathered line
	res  []complex128 // its transform
	work []complex128 // kernel scratch
	vbuf []complex64  // vector engine: three strips of lanes·maxVec elements
}

// pass is the transform along one dimension of size > 1.
type pass struct {
	k        *kernel
	stride   int     // distance between successive points of a line
	outer    int     // number of blocks of stride lines: len / (stride·n)
	shift    int     // rotation for centring: n/2, or 0 if uncentred
	fwdScale float64 // scale applied by Forward
	invScale float64 // scale applied by Inverse
	v        *vplan  // vector engine for this size, or nil
}

// NewPlan returns a plan for arrays of the given dims (first fastest, 1 to
// MaxDims entries, each at least 1) that transforms along the dimensions set
// in mask. A mask of 0 gives a plan that copies.
//
// It returns an error if dims is empty, longer than MaxDims, holds a size
// below 1 or whose product overflows, if a transformed size exceeds 2^30, if
// mask names a dimension at or beyond len(dims), or if o is invalid.
func NewPlan(dims []int, mask uint32, o Options) (*Plan, error) {
	if len(dims) == 0 {
		return nil, fmt.Errorf("fft: no dimensions")
	}
	if len(dims) > MaxDims {
		return nil, fmt.Errorf("fft: %d dimensions, at most %d allowed", len(dims), MaxDims)
	}
	if mask>>uint(len(dims)) != 0 {
		return nil, fmt.Errorf("fft: mask %#b names dimension %d but dims has only %d", mask, bits.Len32(mask)-1, len(dims))
	}
	switch o.Scaling {
	case Unnormalised, Unitary, Backward:
	default:
		return nil, fmt.Errorf("fft: invalid %v", o.Scaling)
	}
	if o.Workers < 0 {
		return nil, fmt.Errorf("fft: Workers is %d, want 0 (GOMAXPROCS) or more", o.Workers)
	}
	// maxElems keeps every byte count of the data and of complex128
	// scratch within an int.
	const maxElems = math.MaxInt / 16
	n := 1
	for d, size := range dims {
		if size < 1 {
			return nil, fmt.Errorf("fft: dimension %d has size %d, want at least 1", d, size)
		}
		if n > maxElems/size {
			return nil, fmt.Errorf("fft: dims %v hold more than %d elements", dims, maxElems)
		}
		n *= size
	}

	p := &Plan{dims: append([]int(nil), dims...), mask: mask, n: n, opt: o}
	kernels := map[int]*kernel{}
	vplans := map[int]*vplan{}
	maxN, maxWork, maxVec := 0, 0, 0
	stride := 1
	for d, size := range dims {
		if mask&(1<<uint(d)) != 0 && size > 1 {
			if size > maxLen {
				return nil, fmt.Errorf("fft: dimension %d has size %d, longer than the largest transform, %d", d, size, maxLen)
			}
			k := kernels[size]
			if k == nil {
				k = newKernel(size)
				kernels[size] = k
			}
			ps := pass{k: k, stride: stride, outer: n / (stride * size), fwdScale: 1, invScale: 1}
			if hasVector && vecSize(size) && (stride == 1 || stride >= lanes) {
				if vplans[size] == nil {
					vplans[size] = newVplan(size)
				}
				ps.v = vplans[size]
				maxVec = max(maxVec, size)
			}
			if !o.Uncentred {
				ps.shift = size / 2
			}
			switch o.Scaling {
			case Unitary:
				ps.fwdScale = 1 / math.Sqrt(float64(size))
				ps.invScale = ps.fwdScale
			case Backward:
				ps.invScale = 1 / float64(size)
			}
			p.passes = append(p.passes, ps)
			maxN = max(maxN, size)
			maxWork = max(maxWork, k.workLen())
		}
		stride *= size
	}
	p.line = make([]complex128, maxN)
	p.res = make([]complex128, maxN)
	p.work = make([]complex128, maxWork)
	p.vbuf = make([]complex64, 3*lanes*maxVec)
	return p, nil
}

// Clone returns a plan that computes the same transforms with its own
// scratch, so that the two may be used concurrently. The precomputed tables
// are shared, not copied.
func (p *Plan) Clone() *Plan {
	q := *p
	q.dims = append([]int(nil), p.dims...)
	q.line = make([]complex128, len(p.line))
	q.res = make([]complex128, len(p.res))
	q.work = make([]complex128, len(p.work))
	q.vbuf = make([]complex64, len(p.vbuf))
	return &q
}

// Len returns the number of elements of the arrays the plan transforms, the
// product of its dims.
func (p *Plan) Len() int { return p.n }

// Dims returns a copy of the array sizes the plan was made for, first
// dimension fastest.
func (p *Plan) Dims() []int { return append([]int(nil), p.dims...) }

// Mask returns the set of transformed dimensions, bit d for dimension d.
func (p *Plan) Mask() uint32 { return p.mask }

// Options returns the options the plan was made with.
func (p *Plan) Options() Options { return p.opt }

// Forward computes the forward DFT (exp(-2πi ...), see Plan) of src into dst
// and returns dst. It is unnormalised unless the plan's Scaling is Unitary,
// in which case it is scaled by 1/√N for each transformed size N.
//
// If dst is nil, a new slice is allocated; otherwise dst must have Len()
// elements and no allocation takes place. dst may be src (in place); if not,
// the two must not overlap, and src is left unchanged.
// Forward panics if len(src), or len(dst) when dst is not nil, differs from
// Len().
func (p *Plan) Forward(dst, src []complex64) []complex64 {
	return p.transform(dst, src, false)
}

// Inverse computes the inverse DFT (exp(+2πi ...), see Plan) of src into dst
// and returns dst. It is unnormalised by default, so that Forward then
// Inverse multiplies by the product of the transformed sizes; it is scaled by
// 1/√N per transformed size N when Scaling is Unitary and by 1/N when it is
// Backward.
//
// If dst is nil, a new slice is allocated; otherwise dst must have Len()
// elements and no allocation takes place. dst may be src (in place); if not,
// the two must not overlap, and src is left unchanged.
// Inverse panics if len(src), or len(dst) when dst is not nil, differs from
// Len().
func (p *Plan) Inverse(dst, src []complex64) []complex64 {
	return p.transform(dst, src, true)
}

func (p *Plan) transform(dst, src []complex64, inverse bool) []complex64 {
	if len(src) != p.n {
		panic("fft: src has " + strconv.Itoa(len(src)) + " elements, plan wants " + strconv.Itoa(p.n))
	}
	if dst == nil {
		dst = make([]complex64, p.n)
	} else if len(dst) != p.n {
		panic("fft: dst has " + strconv.Itoa(len(dst)) + " elements, plan wants " + strconv.Itoa(p.n))
	}
	if len(p.passes) == 0 {
		copy(dst, src)
		return dst
	}
	in := src
	for i := range p.passes {
		ps := &p.passes[i]
		if ps.v != nil {
			p.vpass(ps, dst, in, inverse)
		} else {
			p.pass(ps, dst, in, inverse)
		}
		in = dst
	}
	runtime.KeepAlive(src)
	runtime.KeepAlive(dst)
	return dst
}

// vpass transforms every line of one dimension with the vector engine, four
// lines at a time; lines left over are done one by one.
func (p *Plan) vpass(ps *pass, dst, src []complex64, inverse bool) {
	n, s := ps.k.n, ps.stride
	vp := ps.v
	scale := float32(ps.fwdScale)
	if inverse {
		scale = float32(ps.invScale)
	}
	centred := ps.shift != 0
	m := lanes * n
	bufA, bufB, strip := p.vbuf[:m], p.vbuf[m:2*m], p.vbuf[2*m:3*m]
	block := s * n
	if s == 1 {
		// Contiguous lines: gather four rows into a strip, transform it in
		// place, scatter it back.
		rows := ps.outer
		st := vlines{unsafe.Pointer(&strip[0]), elemBytes}
		b := 0
		for ; b+lanes <= rows; b += lanes {
			transposeIn(st.base, unsafe.Pointer(&src[b*n]), 8*n, n)
			vp.run(st, st, bufA, bufB, inverse, centred, scale)
			transposeOut(unsafe.Pointer(&dst[b*n]), st.base, 8*n, n)
		}
		for ; b < rows; b++ {
			p.line1(ps, dst, src, b*n, inverse)
		}
		return
	}
	for b := 0; b < ps.outer; b++ {
		a := 0
		for ; a+lanes <= s; a += lanes {
			off := b*block + a
			vp.run(vlines{unsafe.Pointer(&dst[off]), 8 * s}, vlines{unsafe.Pointer(&src[off]), 8 * s},
				bufA, bufB, inverse, centred, scale)
		}
		for ; a < s; a++ {
			p.line1(ps, dst, src, b*block+a, inverse)
		}
	}
}

// pass transforms every line of one dimension of src into dst. Each line is
// gathered into complex128 scratch before its results are scattered, so dst
// may be src. The inverse DFT is computed as conj(DFT(conj(x))).
func (p *Plan) pass(ps *pass, dst, src []complex64, inverse bool) {
	block := ps.stride * ps.k.n
	for b := 0; b < ps.outer; b++ {
		for a := 0; a < ps.stride; a++ {
			p.line1(ps, dst, src, b*block+a, inverse)
		}
	}
}

// line1 transforms the one line that starts at base (with the pass's
// stride) in complex128.
func (p *Plan) line1(ps *pass, dst, src []complex64, base int, inverse bool) {
	k := ps.k
	n, s, c := k.n, ps.stride, ps.shift
	line := p.line[:n]
	res := p.res[:n]
	scale, sign := ps.fwdScale, 1.0
	if inverse {
		scale, sign = ps.invScale, -1
	}
	// Centring rotates both ends by c: line[j] = x[(j+c) mod n] (ifftshift)
	// and y[(q+c) mod n] = res[q] (fftshift).
	idx := base + c*s
	for j := 0; j < n-c; j++ {
		v := src[idx]
		line[j] = complex(float64(real(v)), sign*float64(imag(v)))
		idx += s
	}
	idx = base
	for j := n - c; j < n; j++ {
		v := src[idx]
		line[j] = complex(float64(real(v)), sign*float64(imag(v)))
		idx += s
	}

	k.forward(res, line, p.work)

	idx = base + c*s
	for _, v := range res[:n-c] {
		dst[idx] = complex(float32(scale*real(v)), float32(sign*scale*imag(v)))
		idx += s
	}
	idx = base
	for _, v := range res[n-c:] {
		dst[idx] = complex(float32(scale*real(v)), float32(sign*scale*imag(v)))
		idx += s
	}
}
