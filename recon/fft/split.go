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
// them (mixIn), transforms them along the rows, keeps them (see halfRows),
// and transforms those along its columns (length h) into the output rows
// of its parity. Two workers take a half each and share nothing but the
// input, which both only read: at 256² two workers gain about 2× over one
// (1.3–1.5× with the row-column method). The mix takes the place of the
// first column stage, so the arithmetic is that of the row-column method,
// but each half reads the whole input. A plan uses the split whatever its
// number of workers, so results are bit-identical for any worker count.
//
// Centring (dimension 1): with x'[i] = x[(i+h) mod N] the centred
// transform is Y[(p+h) mod N] = DFT_N(x')[p]. Its even half mixes
// x'[j] + x'[j+h] = x[j] + x[j+h] as above, its odd half
// (x'[j] − x'[j+h])·w^j = (x[j+h] − x[j])·w^j (the factors negated), and
// output p = 2k + e of half e lands on row t = (2k + e + h) mod N: the row
// of parity (e + h) mod 2 and index (k + r) mod h among those rows, with
// r = (e + h − parity)/2 (for odd h, as at 270², the even half fills the
// odd rows). That rotation by r is folded into the mix: multiplying mixed
// row j by ω^{−jr} (ω = w², the DFT_h root) rotates the half's DFT_h by r,
// so both halves compute uncentred DFT_h's written straight into the rows
// of their parity; the odd half's factors become ±w^{j(1−2r)} and the
// even half gets factors ω^{−jr} (±1 for even h, where r = h/2).

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
	m, h  int      // row length M and half the column length, N/2
	rows  *pass[T] // the dimension-0 pass: its vector plan, centring and scale
	inner *vplan[T]
	// par[e] is the parity of the output rows of half e: output q of its
	// column transform is row 2q + par[e] (see Centring above).
	par [2]int
	// tw[e][d] are half e's factors for direction d (forward, inverse),
	// 2·lanes per strip as mixIn reads them; nil for the even half when
	// uncentred (a plain sum).
	tw [2][2][]T
	// blocked: the column phase copies groups of columns into a contiguous
	// block (see colsRange).
	blocked bool
	buf     []T // the halves' rows when private: half e at [e·h·mp, (e+1)·h·mp)
	mp      int // the rows' stride in buf (see newSplit)
	rowsPU  int // work units per half of the first phase: strips of lanes rows
	colsPU  int // work units per half of the second phase: groups of lanes columns
}

// mixArgs describes a mixed gather: the strip at dst receives transIn of
// the lanes rows at a (rows stride bytes apart, n values each) plus those
// at b, or, when tw is not nil, of a minus b (of a plus b if sum is not
// 0) with row r multiplied by t_r. tw points to the lanes factors as
// vectors of the element type: first (Re t_r, Re t_r) per lane, then
// (Im t_r, Im t_r), so that the kernels multiply lane by lane. The
// assembly reads this layout.
type mixArgs struct {
	dst, a, b unsafe.Pointer
	stride    int
	n         int
	tw        unsafe.Pointer
	sum       int
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
			switch {
			case x.tw == nil:
				e[r] = a + b
			case x.sum != 0:
				e[r] = (a + b) * t[r]
			default:
				e[r] = (a - b) * t[r]
			}
		}
	}
}

// newSplit returns the two-half transform for the plan's passes, or nil
// where it does not apply: it needs exactly dimensions 0 and 1 transformed
// with nothing batched above them, N even, M and N/2 at least 32, vector
// plans for M and N/2, and an array large enough for workers (see init)
// and at most splitMaxBytes. A last partial strip of rows is staged and
// transformed as a whole strip; columns left over from whole groups of
// lanes go as whole groups (see colsRange).
func newSplit[T cplx](p *plan[T], ks *kernelSet) *split2[T] {
	if ks == nil || len(p.passes) != 2 || len(p.dims) < 2 {
		return nil
	}
	r, c := &p.passes[0], &p.passes[1]
	m, n := p.dims[0], p.dims[1]
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	h := n / 2
	if r.stride != 1 || r.v == nil || c.stride != m || c.outer != 1 || c.k.n != n ||
		n%2 != 0 || m < 32 || h < 32 || p.n < splitMinElems || p.n*sz > splitMaxBytes {
		return nil
	}
	inner := newVplan[T](h, ks, false, c.fwdScale, c.invScale)
	if inner == nil {
		return nil
	}
	sp := &split2[T]{m: m, h: h, rows: r, inner: inner,
		rowsPU: (h + ln - 1) / ln, colsPU: (m + ln - 1) / ln}
	centred := c.shift != 0
	for e := range 2 {
		r := 0
		if centred {
			sp.par[e] = (e + h) % 2
			r = (e + h - sp.par[e]) / 2
		} else {
			sp.par[e] = e
		}
		if e == 0 && r == 0 {
			continue
		}
		// Row j's factor is sign·e^{∓2πi·j(e−2r)/N}, the exponent reduced
		// exactly in integers.
		sign := 1.0
		if e == 1 && centred {
			sign = -1
		}
		for d := range 2 {
			f := make([]T, 2*ln*sp.rowsPU)
			for j := range h {
				k := ((j*(e-2*r))%n + n) % n
				if d == 0 {
					k = (n - k) % n // forward: e^{−2πi·jk/N}
				}
				co, s := unitRoot(k, n)
				at := j / ln * 2 * ln
				f[at+j%ln] = T(complex(sign*co, sign*co))
				f[at+ln+j%ln] = T(complex(sign*s, sign*s))
			}
			sp.tw[e][d] = f
		}
	}
	// Output rows a multiple of 1 KiB apart put a column's values in at
	// most 4 of the L1's 64 sets, and the transform of a group of columns
	// then evicts its own lines: those columns are copied into a block and
	// transformed there. Elsewhere the copies cost more than they save
	// (270² complex64, rows 4320 bytes apart: 249 against 278 µs on one
	// worker; at 256², 4096 bytes apart, the block gives 176 against
	// 207 µs, and at 384² 444 against 486 µs).
	sp.blocked = 2*sz*m%1024 == 0
	// The buffer's rows are whole cache lines, an odd number of them, so
	// that its vector loads and stores never straddle two lines and a
	// column's values spread over all of the L1's sets (an even number
	// puts them in fewer: 68 lines, in 16 of the 64). The gain is small
	// beside the noise: two workers at 270² complex64 (rows of 33.75
	// lines) took 146.6 µs per transform unpadded, 139.7 with 34 lines
	// and 143.1 with 35 (medians of 1500, alternated), complex128 (67.5
	// lines) 236.0, 237.8 and 229.2 µs; 256² and 384² unchanged.
	lines := (sz*m + 63) / 64
	sp.mp = (lines | 1) * 64 / sz
	return sp
}

// bufLen returns the length of the halves' buffer.
func (sp *split2[T]) bufLen() int { return 2 * sp.h * sp.mp }

// unitRoot returns cos and sin of 2πk/n, exact at the quarter turns.
func unitRoot(k, n int) (float64, float64) {
	switch {
	case k == 0:
		return 1, 0
	case 2*k == n:
		return -1, 0
	case 4*k == n:
		return 0, 1
	case 4*k == 3*n:
		return 0, -1
	}
	s, c := math.Sincos(2 * math.Pi * float64(k) / float64(n))
	return c, s
}

// scratchLen returns the vector scratch a worker needs: for the first
// phase a strip, the row transform's scratch and 2·lanes staged rows (see
// rowsRange), for the second the column transform's scratch and a block.
func (sp *split2[T]) scratchLen() int {
	ln := lanesOf[T]()
	return max(ln*(sp.m+stripPad)+sp.rows.v.scratchLen()+2*ln*sp.m,
		sp.inner.scratchLen()+ln*stripPad+blockGroups*ln*sp.h)
}

// clone returns a copy with its own row buffer.
func (sp *split2[T]) clone() *split2[T] {
	q := *sp
	q.buf = aligned[T](len(sp.buf))
	return &q
}

// halfRows returns where half e keeps its rows between the phases: row j
// at rows[base + j·stride]. They are kept in the split's own buffer, h
// rows mp values apart from value e·h·mp, when the transform is in place
// or shared by workers (private), else in the output rows the half's column
// transform writes to (those of parity par[e]: for odd h when centred,
// the other half's parity), which it then transforms in place. The
// two halves must not keep them in those output rows when they run side
// by side: these interleave row by row, at 256² complex64 a page holds a
// row of each parity, and the hardware prefetcher, streaming along a row
// one worker writes, fetches the next row, which the other worker owns;
// that cost two workers 10 % (111 against 101 µs per transform). One
// worker keeps its rows in the output, since the buffer would add the
// array's size to what it touches (256² complex128 and 320², then larger
// than the 2 MiB L2, took 5–10 % longer on one worker with it). Where the
// rows are kept changes no value.
func (sp *split2[T]) halfRows(dst []T, private bool, e int) (rows []T, base, stride int) {
	if private {
		return sp.buf, e * sp.h * sp.mp, sp.mp
	}
	return dst, sp.par[e] * sp.m, 2 * sp.m
}

// rowsRange runs first-phase units [lo, hi) (half u / rowsPU, strip
// u mod rowsPU): mixes lanes rows of src, transforms them along the rows
// and stores them in the half's rows (see halfRows for private). A last,
// partial strip goes the same way from rows staged in scratch with the
// missing ones zero (the kernels read and write whole strips), and its
// rows are copied out from there. Its products in Go made half 1 the
// slower of the two: at 270² complex64 on one worker its rows took 72.8
// against 66.0 µs for half 0's, 70.5 against 67.3 µs staged (the rest is
// half 1's factors).
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
	stage := work[sp.rows.v.scratchLen():][:2*ln*m]
	st := stripLines(strip)
	x := &sc.ka.mix
	for u := lo; u < hi; u++ {
		half, j0 := u/sp.rowsPU, u%sp.rowsPU*ln
		rows, base, stride := sp.halfRows(dst, private, half)
		a, b := unsafe.Pointer(&src[j0*m]), unsafe.Pointer(&src[(j0+h)*m])
		k := min(ln, h-j0)
		if k < ln {
			// A partial strip: its rows and their partners staged with the
			// missing rows zero, so that the kernel reads only those.
			sa, sb := stage[:ln*m], stage[ln*m:]
			copy(sa, src[j0*m:(j0+k)*m])
			copy(sb, src[(j0+h)*m:(j0+h+k)*m])
			clear(sa[k*m:])
			clear(sb[k*m:])
			a, b = unsafe.Pointer(&sa[0]), unsafe.Pointer(&sb[0])
		}
		// Field by field (see vplan.stages1).
		x.dst, x.a, x.b = st.base, a, b
		x.stride, x.n, x.tw, x.sum = sz*m, m, nil, 0
		if f := sp.tw[half][d]; f != nil {
			x.tw = unsafe.Pointer(&f[j0*2])
			x.sum = 1 - half
		}
		ks.mixIn(x)
		sp.rows.v.run(st, st, work, sc.ka, inverse)
		if k < ln {
			ks.transOut(unsafe.Pointer(&stage[0]), st.base, sz*m, m)
			for r := range k {
				copy(rows[base+(j0+r)*stride:][:m], stage[r*m:(r+1)*m])
			}
			continue
		}
		ks.transOut(unsafe.Pointer(&rows[base+j0*stride]), st.base, sz*stride, m)
	}
}

// colsRange runs second-phase units [lo, hi) (half u / colsPU, group
// u mod colsPU): transforms lanes columns of the half's rows along the
// columns into the output rows of the half's parity. The half's whole
// groups start at its colShift; the columns before it and those after the
// last whole group are left over and go in the half's last units, as
// whole groups overlapping their neighbours or through the block with
// the missing lanes zero (see below). When blocked, groups are copied
// into a contiguous block, blockGroups at a time where they can,
// transformed there and copied out, as passRange does for far-apart
// columns. The arithmetic on a column is the same whichever way it goes.
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
		rows, base, stride := sp.halfRows(dst, private, half)
		s := sp.colShift(dst, half)
		whole := (m - s) / ln
		// The unit's groups of columns: at[:na], groups of lanes each.
		var at [2]int
		na, groups := 1, 1
		switch {
		case g < whole:
			at[0] = s + g*ln
			if sp.blocked && g%blockGroups == 0 && u+blockGroups <= hi && g+blockGroups <= whole {
				groups = blockGroups
			}
		case private && lo <= half*sp.colsPU && hi >= (half+1)*sp.colsPU:
			// Leftover columns, with the whole half on this worker and
			// the rows in the buffer: as whole groups overlapping their
			// neighbours, the first lanes columns when s > 0 and the last
			// when columns remain after the whole groups. The columns
			// computed twice come out the same, bit for bit, from the
			// same worker. The units left, colsPU − whole, number
			// ⌈(m − whole·lanes)/lanes⌉: two when both are needed and
			// more than lanes columns are left, else one for both.
			head, tail := s > 0, m-s-whole*ln > 0
			switch {
			case sp.colsPU-whole == 2 && g == whole:
				at[0] = 0
			case sp.colsPU-whole == 2:
				at[0] = m - ln
			default:
				na = 0
				if head {
					at[na], na = 0, na+1
				}
				if tail {
					at[na], na = m-ln, na+1
				}
			}
		default:
			// Leftover columns k to k+lanes−1 of those before s and after
			// the whole groups (in place, where a group overlapping a
			// transformed one would read its outputs, or with the half's
			// units on several workers, which must not write the same
			// values at once), through the block, the missing lanes zero.
			clear(blk[:ln*h])
			k, n := (g-whole)*ln, 0
			for ; n < ln; n++ {
				c := sp.leftover(k+n, s, whole)
				if c >= m {
					break
				}
				copyRowsGo(unsafe.Add(bp, n*sz), unsafe.Pointer(&rows[base+c]), elemBytes, sz*stride, h, sz)
			}
			l := vlines{bp, elemBytes}
			sp.inner.run(l, l, work, sc.ka, inverse)
			for r := range n {
				c := sp.leftover(k+r, s, whole)
				copyRowsGo(unsafe.Pointer(&dst[sp.par[half]*m+c]), unsafe.Add(bp, r*sz), 2*sz*m, elemBytes, h, sz)
			}
			u++
			continue
		}
		for _, a := range at[:na] {
			out := unsafe.Pointer(&dst[sp.par[half]*m+a])
			in := unsafe.Pointer(&rows[base+a])
			if !sp.blocked {
				if private {
					// Out of place, the last stage's stores miss the L1
					// row after row, each waiting for its line; asked for
					// first, the lines arrive while the earlier stages
					// run. At 270² complex64 two workers took 144 and 135
					// against 124 and 123 µs (bench medians, alternated
					// builds); on one worker, both halves' columns from
					// the buffer 106 against 82 µs (in place in dst: 68).
					// In place the first stage's loads bring the lines,
					// and the prefetch only costs.
					prefetchRows(out, 2*sz*m, h)
				}
				sp.inner.run(vlines{out, 2 * sz * m}, vlines{in, sz * stride}, work, sc.ka, inverse)
				continue
			}
			copyRows(bp, in, width, sz*stride, h, groups*elemBytes)
			for k := range groups {
				l := vlines{unsafe.Add(bp, k*elemBytes), width}
				sp.inner.run(l, l, work, sc.ka, inverse)
			}
			copyRows(out, bp, 2*sz*m, width, h, groups*elemBytes)
		}
		u += groups
	}
}

// leftover returns the column of leftover number i of a half whose whole
// groups start at column s: first the s columns before them, then those
// after the whole groups (m or more when i is past the last).
func (sp *split2[T]) leftover(i, s, whole int) int {
	if i < s {
		return i
	}
	return i + whole*lanesOf[T]()
}

// colShift returns the first column of half e's whole groups of columns:
// the one whose output starts a vector-aligned run of memory, so that no
// vector store of its column transforms straddles two cache lines (the
// rows of one parity, 2·M values apart, share their alignment when that
// is a whole number of vectors). At 270² complex64, where the odd output
// rows start 16 bytes past a vector boundary, half 1's columns took 39.8
// against 35.9 µs for half 0's on one worker, and 35.3 µs each shifted.
// The shift depends on where dst lies, never on the number of workers.
func (sp *split2[T]) colShift(dst []T, e int) int {
	sz := int(unsafe.Sizeof(*new(T)))
	addr := int(uintptr(unsafe.Pointer(&dst[sp.par[e]*sp.m])))
	if addr%sz != 0 || 2*sz*sp.m%elemBytes != 0 {
		return 0
	}
	return (elemBytes - addr%elemBytes) % elemBytes / sz
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
