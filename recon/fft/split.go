package fft

import (
	"math"
	"unsafe"
)

// The two-half 2D transform.
//
// The row-column method on two workers transforms half of the rows on
// each, then half of the columns on each: every worker's columns lie half
// in rows the other worker wrote, so a quarter of the array crosses
// between the cores' caches twice per transform (once to be read, once to
// be taken back for writing). On this kind of machine that costs more
// than the arithmetic it spreads: at 256² complex64, 52 µs per pass on
// each of two workers against 38 and 44 µs when the data stays put, and
// two workers gain only 1.3–1.5× over one.
//
// A radix-2 decimation in frequency along the columns (length N = 2h)
// instead makes the even and the odd output rows two independent
// transforms of half the height:
//
//	Y[2k]   = DFT_h over j of ( x[j] + x[j+h] )
//	Y[2k+1] = DFT_h over j of ( (x[j] − x[j+h]) · w^j ),  w = e^{∓2πi/N}
//
// where x[j] is row j (a whole line of length M, transformed along the
// rows as usual). Each half mixes its h rows from the input as it gathers
// them (mixIn), transforms them along the rows, keeps them in its part of
// a buffer of the plan's (or, on one worker out of place, in the output
// rows of its parity: see halfRows), and transforms those along its columns (length
// h) into the output rows of its parity. Two workers
// take a half each and share nothing but the input, which both only read:
// at 256² two workers now gain 1.8–1.9× (complex64) and about 2×
// (complex128). The mix takes the place of the first column stage, so the
// arithmetic is that of the row-column method, but each half reads the
// whole input and its rows lie twice as far apart, which costs one worker
// 0–15 % more time than the row-column method. A plan uses the split
// whatever its number of workers, so results are bit-identical for any
// worker count.
//
// Centring (dimension 1, c = h): with x'[i] = x[(i+h) mod N] the centred
// transform is Y[(p'+h) mod N] = DFT_N(x')[p']. Its even half mixes
// x[j] + x[j+h] as above and its odd half (x[j+h] − x[j])·w^j, and output
// p' = 2k (2k+1) lands on row 2q (2q+1) with q = (k + h/2) mod h: that is
// the centred DFT_h of the mixed rows stored rotated by h/2, which the
// half's column transform computes (h even).

// The split is used for arrays of splitMinElems to splitMaxBytes. Below,
// the mix and the wider output stride cost one worker more than the
// exchange costs two (192², 240²: 10–15 % slower on one worker, no faster
// on two). Up to 4 MiB it is faster on one worker and on two (384²
// complex128: 1.02 against 1.12 ms on one, 0.49 against 0.65 ms on two;
// 512² complex128: 2.14 against 2.23 ms, 1.10 against 1.22 ms); at 1024²
// complex64 (8 MiB) it was 2–4 % slower on both, the exchange there costing
// little beside the arithmetic, and the split's buffer would add 8 MiB more
// to the plan.
const (
	splitMinElems = 256 * 256
	splitMaxBytes = 4 << 20
)

// split2 is the two-half transform of a plan over an [M, N] array.
type split2[T cplx] struct {
	m, h   int      // row length M and half the column length, N/2
	rows   *pass[T] // the dimension-0 pass: its vector plan, centring and scale
	inner  *vplan[T]
	shift  int    // the mixed row j is stored at row (j + shift) mod h
	tw     [2][]T // the odd half's factors, 2·lanes per strip (see mixArgs): forward, inverse
	buf    []T    // the halves' rows: half k at [k·h·M, (k+1)·h·M)
	rowsPU int    // work units per half of the first phase: strips of lanes rows
	colsPU int    // work units per half of the second phase: groups of lanes columns
}

// mixArgs describes a mixed gather: the strip at dst receives transIn of
// the lanes rows at a (rows stride bytes apart, n values each) plus those
// at b, or, when tw is not nil, of a minus b with row r multiplied by
// t_r. tw points to the lanes factors as vectors of the element type:
// first (Re t_r, Re t_r) per lane, then (Im t_r, Im t_r), so that the
// kernels multiply lane by lane. The assembly reads this layout.
type mixArgs struct {
	dst, a, b unsafe.Pointer
	stride    int
	n         int
	tw        unsafe.Pointer
}

func mixInGo[T cplx](x *mixArgs) {
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	var t [4]T
	if x.tw != nil {
		f := unsafe.Slice((*T)(x.tw), 2*ln)
		for r := range ln {
			t[r] = T(complex(real(complex128(f[r])), real(complex128(f[ln+r]))))
		}
	}
	for i := range x.n {
		e := lanesAt[T](x.dst, i*elemBytes)
		for r := range ln {
			a := *(*T)(unsafe.Add(x.a, r*x.stride+i*sz))
			b := *(*T)(unsafe.Add(x.b, r*x.stride+i*sz))
			if x.tw == nil {
				e[r] = a + b
			} else {
				e[r] = (a - b) * t[r]
			}
		}
	}
}

// newSplit returns the two-half transform for the plan's passes, or nil
// where it does not apply: it needs exactly dimensions 0 and 1
// transformed with nothing batched above them, N a multiple of 16 (so
// that strips of mixed rows stay whole under the centring rotation), M a
// multiple of the lanes, vector plans for M and N/2, and an array large
// enough for workers (see init) and at most splitMaxBytes.
func newSplit[T cplx](p *plan[T], ks *kernelSet) *split2[T] {
	if ks == nil || len(p.passes) != 2 || len(p.dims) < 2 {
		return nil
	}
	r, c := &p.passes[0], &p.passes[1]
	m, n := p.dims[0], p.dims[1]
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	if r.stride != 1 || r.v == nil || c.stride != m || c.outer != 1 || c.k.n != n ||
		n%16 != 0 || m%ln != 0 || p.n < splitMinElems || p.n*sz > splitMaxBytes {
		return nil
	}
	h := n / 2
	centred := c.shift != 0
	inner := newVplan[T](h, ks, centred, c.fwdScale, c.invScale)
	if inner == nil {
		return nil
	}
	sp := &split2[T]{m: m, h: h, rows: r, inner: inner, rowsPU: h / ln, colsPU: m / ln}
	if centred {
		sp.shift = h / 2
	}
	for d := range 2 {
		sp.tw[d] = make([]T, 2*h)
		for j := range h {
			s, co := math.Sincos(2 * math.Pi * float64(j) / float64(n))
			if d == 0 {
				s = -s // forward: e^{−2πij/N}
			}
			if centred {
				co, s = -co, -s
			}
			at := j / ln * 2 * ln
			sp.tw[d][at+j%ln] = T(complex(co, co))
			sp.tw[d][at+ln+j%ln] = T(complex(s, s))
		}
	}
	return sp
}

// scratchLen returns the vector scratch a worker needs for the second
// phase (the first needs what the row pass does).
func (sp *split2[T]) scratchLen() int {
	return sp.inner.scratchLen() + lanesOf[T]()*stripPad + blockGroups*lanesOf[T]()*sp.h
}

// clone returns a copy with its own row buffer.
func (sp *split2[T]) clone() *split2[T] {
	q := *sp
	q.buf = aligned[T](len(sp.buf))
	return &q
}

// halfRows returns where half k keeps its rows between the phases, and
// their stride in elements: in the split's own buffer, h rows of M values
// from row k·h, when the transform is in place or shared by workers, else
// in the output rows of the half's parity. The two halves must not keep
// them in those output rows when they run side by side: these interleave
// row by row, at 256² complex64 a page holds a row of each parity, and the
// hardware prefetcher, streaming along a row one worker writes, fetches
// the next row, which the other worker owns; that cost two workers 10 %
// (111 against 101 µs per transform). One worker keeps its rows in the
// output, since the buffer would add the array's size to what it touches
// (256² complex128 and 320², then larger than the 2 MiB L2, took 5–10 %
// longer on one worker with it). Where the rows are kept changes no value.
func (sp *split2[T]) halfRows(dst []T, private bool, k int) (unsafe.Pointer, int) {
	if private {
		return unsafe.Pointer(&sp.buf[k*sp.h*sp.m]), sp.m
	}
	return unsafe.Pointer(&dst[k*sp.m]), 2 * sp.m
}

// rowsRange runs first-phase units [lo, hi) (half u / rowsPU, strip
// u mod rowsPU): mixes lanes rows of src, transforms them along the rows
// and stores them in the half's rows (see halfRows for private).
func (sp *split2[T]) rowsRange(dst, src []T, private, inverse bool, lo, hi int, sc *scratch[T]) {
	m, h := sp.m, sp.h
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	ks := sp.inner.ks
	d := 0
	if inverse {
		d = 1
	}
	strip, work := sc.vbuf[:ln*m], sc.vbuf[ln*(m+stripPad):]
	st := stripLines(strip)
	x := &sc.ka.mix
	for u := lo; u < hi; u++ {
		half, j0 := u/sp.rowsPU, u%sp.rowsPU*ln
		*x = mixArgs{
			dst: st.base,
			a:   unsafe.Pointer(&src[j0*m]), b: unsafe.Pointer(&src[(j0+h)*m]),
			stride: sz * m, n: m,
		}
		if half == 1 {
			x.tw = unsafe.Pointer(&sp.tw[d][j0*2])
		}
		ks.mixIn(x)
		sp.rows.v.run(st, st, work, sc.ka, inverse)
		base, stride := sp.halfRows(dst, private, half)
		ks.transOut(unsafe.Add(base, (j0+sp.shift)%h*stride*sz), st.base, sz*stride, m)
	}
}

// colsRange runs second-phase units [lo, hi) (half u / colsPU, group
// u mod colsPU): transforms lanes columns of the half's rows along the
// columns into the output rows of the half's parity. Those are 2M apart
// and the half's rows M or 2M (at 256² complex64, 2 or 4 KiB: the same
// cache sets), so groups are copied into a contiguous block, blockGroups at a
// time, transformed there and copied out, as passRange does for far-apart
// columns; the arithmetic is the same either way.
func (sp *split2[T]) colsRange(dst []T, private, inverse bool, lo, hi int, sc *scratch[T]) {
	m, h := sp.m, sp.h
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	runLen := sp.inner.scratchLen()
	work := sc.vbuf[:runLen]
	width := blockGroups * elemBytes
	blk := sc.vbuf[runLen+ln*stripPad : runLen+ln*stripPad+blockGroups*ln*h]
	bp := unsafe.Pointer(&blk[0])
	for u := lo; u < hi; {
		half, g := u/sp.colsPU, u%sp.colsPU
		a := g * ln
		base, stride := sp.halfRows(dst, private, half)
		in := unsafe.Add(base, a*sz)
		out := unsafe.Pointer(&dst[half*m+a])
		if g%blockGroups == 0 && u+blockGroups <= hi && a+blockGroups*ln <= m {
			copyRows(bp, in, width, sz*stride, h, width)
			for k := range blockGroups {
				l := vlines{unsafe.Add(bp, k*elemBytes), width}
				sp.inner.run(l, l, work, sc.ka, inverse)
			}
			copyRows(out, bp, 2*sz*m, width, h, width)
			u += blockGroups
			continue
		}
		sp.inner.run(vlines{out, 2 * sz * m}, vlines{in, sz * stride}, work, sc.ka, inverse)
		u++
	}
}

// runSplit computes the transform of src into dst with the split,
// spreading each phase's units over the workers. With two workers and
// distinct arrays each worker runs one half start to end; otherwise the
// first phase ends on every worker before the second begins (in place,
// the second overwrites the input).
func (p *plan[T]) runSplit(dst, src []T, inverse bool) {
	sp := p.split
	u1, u2 := 2*sp.rowsPU, 2*sp.colsPU
	w := min(len(p.scratch), u1, u2)
	inPlace := &dst[0] == &src[0]
	if p.pool == nil || w <= 1 {
		sp.rowsRange(dst, src, inPlace, inverse, 0, u1, &p.scratch[0])
		sp.colsRange(dst, inPlace, inverse, 0, u2, &p.scratch[0])
		return
	}
	wp := p.pool
	if w == 2 && !inPlace {
		wp.workers[0].post(job[T]{p: p, kind: jobSplitBoth, dst: dst, src: src, inverse: inverse,
			private: true, lo: u1 / 2, hi: u1, lo2: u2 / 2, hi2: u2, sc: &p.scratch[1]})
		sp.rowsRange(dst, src, true, inverse, 0, u1/2, &p.scratch[0])
		sp.colsRange(dst, true, inverse, 0, u2/2, &p.scratch[0])
		wp.workers[0].wait()
		return
	}
	for _, ph := range [2]struct {
		kind  uint8
		units int
	}{{jobSplitRows, u1}, {jobSplitCols, u2}} {
		for i := 1; i < w; i++ {
			wp.workers[i-1].post(job[T]{p: p, kind: ph.kind, dst: dst, src: src, inverse: inverse,
				private: true, lo: ph.units * i / w, hi: ph.units * (i + 1) / w, sc: &p.scratch[i]})
		}
		j := job[T]{p: p, kind: ph.kind, dst: dst, src: src, inverse: inverse, private: true,
			lo: 0, hi: ph.units / w, sc: &p.scratch[0]}
		p.runJob(&j)
		for i := 1; i < w; i++ {
			wp.workers[i-1].wait()
		}
	}
}
