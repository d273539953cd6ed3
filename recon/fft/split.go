package fft

import (
	"math"
	"runtime"
	"sync/atomic"
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
// them (mixIn; or row by row, mixLine, where the rows go by line: see
// rowsByLine), transforms them along the rows, keeps them (in its output
// rows or by column blocks in a buffer: see keep, rowsRange and direct),
// and transforms those along its columns (length h) into the output rows
// of its parity. Two workers take a half each and share nothing but the
// input, which both only read (until one, done early, helps with the
// other's: see runHalf): at 256² two workers gain about 2× over one
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
// on two). Above 3 MiB a half and what it keeps outgrow a core's L2 (2 MiB
// here), its lines come from the L3 either way, and the row-column method,
// with its rows line by line (pass.rowLine) and its column blocks batched
// (pass.blockBatch), is faster on one worker and on two. Medians of
// transforms in one process, one worker then two, split against
// row-column: 512² complex128 1.90 against 1.59 ms and 0.87 against 0.82
// ms; 480² complex128 1.57 against 1.46 ms and 0.85 against 0.79 ms;
// 1024×256 complex128 1.81 against 1.70 ms and 0.96 against 0.80 ms;
// 1024×512 complex64 1.86 against 1.69 ms and 0.95 against 0.90 ms; with
// N the longer side, row-column gains more on one worker than it loses on
// two (256×1024 complex128 2.03 against 1.68 ms, 0.79 against 0.88 ms;
// 512×1024 complex64 2.03 against 1.72, 0.87 against 0.91 ms). Up to
// 3 MiB the split stays for two workers. With its rows by line too (see
// rowsByLine) it is as fast as row-column on one worker, faster on two
// (fastest of 5 batches, median of rounds alternated): 256² complex128
// 277 against 289 µs and 156 against 187; 320² complex128 560 against
// 583, 262 against 318; 384² complex128 834 against 816, 410 against
// 443; 512² complex64 792 against 799, 367 against 414. Complex64 at
// 256² (rows by strips) and 384² stays slower on one worker (152 against
// 121 µs, 365 against 317) but not on two (80 against 102, 210 against
// 230). Of the shapes measured only 448² complex128 (3.06 MiB) lost by
// the limit: 4.96 against 5.54 ms, 2.54 against 2.69 ms. At 1024²
// complex64 (8 MiB) it was 2–4 % slower on both, and its buffer would add
// 8 MiB more to the plan.
const (
	splitMinElems = 256 * 256
	splitMaxBytes = 3 << 20
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
	// byLine: the rows go one at a time through the row pass's line stage
	// (rowsByLine), each mixed into a line first; twl[e][d] then holds
	// half e's factors one value a row (nil as tw is).
	byLine bool
	twl    [2][2][]T
	// direct: two workers out of place transform their rows into the
	// output rows of their parity, as one worker does, rather than into
	// the buffer.
	direct bool
	// blocked: the column phase copies groups of columns into a contiguous
	// block (see colsRange).
	blocked bool
	// batch: when blocked, a kept column block of blockGroups whole
	// groups is transformed as one batch of interleaved lines (element i
	// of group g is vector i·blockGroups + g of the block: stages1's
	// layout), one kernel call a stage, every stage a wide one: for
	// column transforms whose radices all have wide kernels (see
	// newSplit).
	batch bool
	// buf holds the halves' rows when private, by column blocks (see
	// keep): block S of half e at byte (e·nb + S)·bs.
	buf    []T
	hp     int // rows of a column block: h rounded up to whole strips
	bs     int // bytes from one column block to the next
	nb     int // column blocks per half
	rowsPU int // work units per half of the first phase: strips of lanes rows
	colsPU int // work units per half of the second phase: groups of lanes columns
	// share coordinates two workers that each run a half and then help
	// with the other's (see runHalf).
	share *splitShare
	// hook, for tests, is called by runHalf on half e's worker before its
	// row strips (at 0), before its column chunks (1) and at the end (2).
	hook func(e, at int)
}

// splitShare is what two workers running the halves share: per half,
// the row strips and the column chunks not yet claimed, and how many of
// its strips are done. Each half's words have a cache line of their own,
// which only the other worker's claims take from the owner's cache.
type splitShare struct {
	half [2]struct {
		// rows and chunks hold the unclaimed strips and chunks [f, b) as
		// f | b<<32 (see claim).
		rows, chunks atomic.Uint64
		rowsDone     atomic.Uint32 // strips transformed and kept
		_            [44]byte
	}
}

// claim takes a unit of [f, b) at c, from the front (the owner) or from
// the back (other), and returns it, or −1 when none is left. Once the
// owner has begun (f past base, where the range began), another worker
// leaves it its last two units: a unit
// whose data another core wrote takes longer, and when the two workers
// finish at about the same time taking over the last one costs more than
// it saves (256² complex64, 10th percentiles of 1,500 transforms: 70.8 µs
// without taking over, 72.4 taking over down to the last unit, the same
// within 1 % leaving two).
func claim(c *atomic.Uint64, base int, other bool) int {
	for {
		v := c.Load()
		f, b := int(uint32(v)), int(v>>32)
		if f >= b || other && f > base && b-f < 3 {
			return -1
		}
		nv, got := v+1, f
		if other {
			nv, got = v-1<<32, b-1
		}
		if c.CompareAndSwap(v, nv) {
			return got
		}
	}
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
		rowsPU: (h + ln - 1) / ln, colsPU: (m + ln - 1) / ln, share: new(splitShare)}
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
			fl := make([]T, h)
			for j := range h {
				k := ((j*(e-2*r))%n + n) % n
				if d == 0 {
					k = (n - k) % n // forward: e^{−2πi·jk/N}
				}
				co, s := unitRoot(k, n)
				at := j / ln * 2 * ln
				f[at+j%ln] = T(complex(sign*co, sign*co))
				f[at+ln+j%ln] = T(complex(sign*s, sign*s))
				fl[j] = T(complex(sign*co, sign*s))
			}
			sp.tw[e][d] = f
			sp.twl[e][d] = fl
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
	// Rows by line (rowsByLine) where the row pass has a line stage, but
	// for complex64 rows shorter than 3 KiB: there the strips' mix, fused
	// into their gather, and their transposed stores cost as little as a
	// separate mix and copy or less. One worker, then two, in µs (fastest
	// of 5 batches of 10, median of 25 rounds alternated in one process):
	// 256² complex128 by strips 326 and 157, by line 272 and 140; 320²
	// complex128 604, 284 against 535, 274; 384² complex128 918, 433
	// against 786, 400; 512² complex64 877, 439 against 785, 386; 384²
	// complex64 377, 199 against 357, 198; 512×256 complex64 344, 193
	// against 295, 160; but 256² complex64 152, 78 against 147, 82, and
	// 320² complex64 239, 138 against 235–241, 134–147.
	sp.byLine = r.rowLine != nil && (sz == 16 || m*sz >= 3<<10)
	// Batched column blocks, against group by group (medians of 600
	// alternated), where the rows are kept by column blocks (two workers,
	// or in place): 512² 0.92× the time (complex128) and 0.93×
	// (complex64). Not for halves shorter than 256 (256²: 1.00–1.04×;
	// 384²: 1.00×), nor with a radix-5 stage (vplan.batchWide; 320²
	// complex128: 1.24×).
	sp.batch = sp.blocked && h >= 256 && inner.blue == nil && inner.batchWide()
	// Complex128 rows by line, two workers keep them in the output
	// (direct) unless the column blocks run as batches, which only the
	// buffer's blocks do: 256² 140 against 150 µs in the buffer, 320² 274
	// against 282, 384² 400 against 424; but batched, 256×512 404 against
	// 368, 128×512 199 against 163 (as above). Complex64 rows gain little
	// or lose there: 384² 203–207 against 197–198, 512² (batched) 403
	// against 386, 512×256 153 against 160. By strips, the rows in the
	// output cost two workers more (the transposed stores, 2·M values
	// apart).
	sp.direct = sp.byLine && sz == 16 && !sp.batch
	// The buffer's column blocks (see keep): whole strips of rows, so that
	// a last, partial strip is stored whole; blocks an odd number of cache
	// lines apart, so that the rows a strip writes to each block do not
	// all fall in the same few sets of the L1; one block more than the
	// whole groups need, for the leftover groups.
	sp.hp = sp.rowsPU * ln
	sp.bs = (sp.hp*blockGroups*elemBytes/64 | 1) * 64
	sp.nb = (sp.colsPU+blockGroups-1)/blockGroups + 1
	return sp
}

// bufLen returns the length of the halves' buffer.
func (sp *split2[T]) bufLen() int { return 2 * sp.nb * sp.bs / int(unsafe.Sizeof(*new(T))) }

// block returns the address of half e's column block S in the buffer.
func (sp *split2[T]) block(e, S int) unsafe.Pointer {
	return unsafe.Add(unsafe.Pointer(&sp.buf[0]), (e*sp.nb+S)*sp.bs)
}

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
	return max(ln*(sp.m+stripPad)+sp.rows.v.scratchLen()+2*ln*sp.m, 2*sp.lineLen(),
		sp.inner.scratchLen()+ln*stripPad+blockGroups*ln*sp.h, sp.batchLen())
}

// batchLen is the scratch a batched column block needs: two buffers of a
// block, apart by a gap.
func (sp *split2[T]) batchLen() int {
	ln := lanesOf[T]()
	return 2*blockGroups*ln*sp.h + ln*stripPad
}

// clone returns a copy with its own row buffer.
func (sp *split2[T]) clone() *split2[T] {
	q := *sp
	q.buf = aligned[T](len(sp.buf))
	q.share = new(splitShare)
	return &q
}

// Where a half keeps its rows between the phases. In place, or with its
// work shared by workers (private), in the split's own buffer; otherwise in
// the output rows its column transform writes to (those of parity par[e]:
// for odd h when centred, the other half's parity), which it then
// transforms in place. Two halves running side by side must not keep them
// in those output rows: these interleave row by row, at 256² complex64 a
// page holds a row of each parity, and the hardware prefetcher, streaming
// along a row one worker writes, fetches the next row, which the other
// worker owns; that cost two workers 10 % (111 against 101 µs per
// transform). One worker keeps its rows in the output, since the buffer
// adds the array's size to what it touches (256² complex128 and 320²,
// then larger than the 2 MiB L2, took 5–10 % longer on one worker with
// it; also where its column blocks could then run as batches: at 512²
// 1.08–1.17× the time (complex64) and 1.07–1.41× (complex128) in the
// bench's medians, though faster transform after transform in a loop).
// Where the rows are kept changes no value.
//
// The buffer holds them by column blocks (see keep), in the order the
// second phase reads them: each group of lanes columns a vector wide, the
// rows of blockGroups groups side by side. The second phase then reads
// whole cache lines one after another, and where it transforms in a block
// (blocked) it transforms the kept values where they are instead of
// copying them into one first. Kept row by row, two workers took longer
// (medians of 1,500 transforms, alternated with one worker's): complex64
// 270² 108.8 against 104.1 µs, 384² 210 against 204, 512² 467 against
// 445; complex128 270² 231 against 212, 384² 505 against 441, 512² 1006
// against 948 (256² and 320² 1–3 % slower). One worker out of place
// does not gain from it: its rows stay in the output.

// rowsRange runs first-phase units [lo, hi) (half u / rowsPU, strip
// u mod rowsPU): mixes lanes rows of src, transforms them along the rows
// and stores them in the half's output rows, or its column blocks when
// private. A last, partial strip goes the same way from rows staged in
// scratch with the missing ones zero (the kernels read and write whole
// strips); its rows are copied out from there to the output, while the
// column blocks take it whole. Its products in Go made half 1 the slower
// of the two: at 270² complex64 on one worker its rows took 72.8 against
// 66.0 µs for half 0's, 70.5 against 67.3 µs staged (the rest is half 1's
// factors).
func (sp *split2[T]) rowsRange(dst, src []T, private, inverse bool, lo, hi int, sc *scratch[T]) {
	if sp.byLine {
		sp.rowsByLine(dst, src, private, inverse, lo, hi, sc)
		return
	}
	m, h := sp.m, sp.h
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	ks := sp.inner.ks
	d := btoi(inverse) // 0 forward, 1 inverse
	strip, work := sc.vbuf[:ln*m], sc.vbuf[ln*(m+stripPad):]
	stage := work[sp.rows.v.scratchLen():][:2*ln*m]
	st := stripLines(strip)
	x := &sc.ka.mix
	for u := lo; u < hi; u++ {
		half, j0 := u/sp.rowsPU, u%sp.rowsPU*ln
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
		if private {
			sp.keep(dst, half, j0, st.base)
			continue
		}
		out := sp.par[half] * m
		if k < ln {
			ks.transOut(unsafe.Pointer(&stage[0]), st.base, sz*m, m)
			for r := range k {
				copy(dst[out+(j0+r)*2*m:][:m], stage[r*m:(r+1)*m])
			}
			continue
		}
		ks.transOut(unsafe.Pointer(&dst[out+j0*2*m]), st.base, 2*sz*m, m)
	}
}

// lineLen is the scratch one line takes in rowsByLine: M values rounded
// up to whole cache lines.
func (sp *split2[T]) lineLen() int {
	sz := int(unsafe.Sizeof(*new(T)))
	return (sp.m*sz + 63) / 64 * 64 / sz
}

// rowsByLine is rowsRange one row at a time: each row of a strip is mixed
// into a line (mixLine, the same values as mixIn's), transformed by the
// line stage (pass.rowLine, as the row-column method's rows) into its
// output row or, when private, into a second line kept by column blocks
// (keepLine). The row transform rounds otherwise than the strips', so a
// plan takes one way or the other by its shape alone (see newSplit), and
// its results do not depend on the number of workers.
func (sp *split2[T]) rowsByLine(dst, src []T, private, inverse bool, lo, hi int, sc *scratch[T]) {
	m, h := sp.m, sp.h
	ln := lanesOf[T]()
	ks := sp.inner.ks
	d := btoi(inverse)
	ll := sp.lineLen()
	mix, line := sc.vbuf[:m], sc.vbuf[ll:ll+m]
	for u := lo; u < hi; u++ {
		half, j0 := u/sp.rowsPU, u%sp.rowsPU*ln
		f := sp.twl[half][d]
		out := sp.par[half] * m
		for j := j0; j < min(j0+ln, h); j++ {
			var t unsafe.Pointer
			if f != nil {
				t = unsafe.Pointer(&f[j])
			}
			ks.mixLine(unsafe.Pointer(&mix[0]), unsafe.Pointer(&src[j*m]), unsafe.Pointer(&src[(j+h)*m]), t, m, 1-half)
			if !private {
				sc.rows.line(sp.rows, dst[out+j*2*m:][:m], mix, 0, inverse)
				continue
			}
			sc.rows.line(sp.rows, line, mix, 0, inverse)
			sp.keepLine(dst, half, j, line)
		}
	}
}

// keepLine stores row j of half e, transformed along the rows, in the
// half's column blocks as keep does a strip's: in block S the whole
// groups S·blockGroups on, which are adjacent columns, and in the last
// block the leftover groups.
func (sp *split2[T]) keepLine(dst []T, e, j int, line []T) {
	m, ln := sp.m, lanesOf[T]()
	s := sp.colShift(dst, e)
	whole := (m - s) / ln
	rw := blockGroups * elemBytes
	row := unsafe.Add(sp.block(e, 0), j*rw)
	if full := whole / blockGroups; full > 0 {
		copyRows(row, unsafe.Pointer(&line[s]), sp.bs, rw, full, rw)
	}
	if g := whole / blockGroups * blockGroups; g < whole {
		copyRows(unsafe.Add(row, g/blockGroups*sp.bs), unsafe.Pointer(&line[s+g*ln]), 0, 0, 1, (whole-g)*elemBytes)
	}
	last := unsafe.Add(row, (sp.nb-1)*sp.bs)
	if s > 0 {
		copyRows(last, unsafe.Pointer(&line[0]), 0, 0, 1, elemBytes)
	}
	if s+whole*ln < m {
		copyRows(unsafe.Add(last, elemBytes), unsafe.Pointer(&line[m-ln]), 0, 0, 1, elemBytes)
	}
}

// keep stores a strip of half e's rows, j0 to j0+lanes−1, transformed along
// the rows, in the half's column blocks: whole group g (columns from
// colShift + lanes·g) in block g / blockGroups at place g mod blockGroups,
// rows blockGroups vectors apart, the rows of a block being hp, whole
// strips; in the half's last block the group of the first lanes columns
// at place 0 when the whole groups start past column 0, and that of the
// last lanes columns at place 1 when columns are left after them. One
// groupsOut per place writes the strip's groups.
func (sp *split2[T]) keep(dst []T, e, j0 int, strip unsafe.Pointer) {
	ks := sp.inner.ks
	m, ln := sp.m, lanesOf[T]()
	s := sp.colShift(dst, e)
	whole := (m - s) / ln
	rw := blockGroups * elemBytes
	row := unsafe.Add(sp.block(e, 0), j0*rw)
	for k := range min(blockGroups, whole) {
		ks.groupsOut(unsafe.Add(row, k*elemBytes), unsafe.Add(strip, (s+k*ln)*elemBytes),
			rw, sp.bs, blockGroups*ln*elemBytes, (whole-k+blockGroups-1)/blockGroups)
	}
	last := unsafe.Add(row, (sp.nb-1)*sp.bs)
	if s > 0 {
		ks.groupsOut(last, strip, rw, 0, 0, 1)
	}
	if s+whole*ln < m {
		ks.groupsOut(unsafe.Add(last, elemBytes), unsafe.Add(strip, (m-ln)*elemBytes), rw, 0, 0, 1)
	}
}

// colsRange runs second-phase units [lo, hi) (half u / colsPU, group
// u mod colsPU): transforms lanes columns of the half's rows along the
// columns into the output rows of the half's parity. The half's whole
// groups start at its colShift; the columns before it and those after the
// last whole group are left over and go in the half's last units, through
// a block with the missing lanes zero (leftoverCols) or, kept in the
// buffer, as whole groups overlapping their neighbours (colsKept). With
// the rows in the output, blocked groups are copied into a contiguous
// block, blockGroups at a time where they can, transformed there and
// copied back, as passRange does for far-apart columns. The arithmetic on
// a column is the same whichever way it goes.
func (sp *split2[T]) colsRange(dst []T, private, inverse bool, lo, hi int, sc *scratch[T]) {
	if private {
		sp.colsKept(dst, inverse, lo, hi, sc)
		return
	}
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
		s := sp.colShift(dst, half)
		whole := (m - s) / ln
		out := sp.par[half] * m
		if g >= whole {
			// In place, a group overlapping a transformed one would read
			// its outputs.
			sp.leftoverCols(dst[out:], g, s, whole, func(c int) unsafe.Pointer { return unsafe.Pointer(&dst[out+c]) }, 2*sz*m, inverse, sc)
			u++
			continue
		}
		at := unsafe.Pointer(&dst[out+s+g*ln])
		if !sp.blocked {
			l := vlines{at, 2 * sz * m}
			sp.inner.run(l, l, work, sc.ka, inverse)
			u++
			continue
		}
		groups := 1
		if g%blockGroups == 0 && u+blockGroups <= hi && g+blockGroups <= whole {
			groups = blockGroups
		}
		copyRows(bp, at, width, 2*sz*m, h, groups*elemBytes)
		for k := range groups {
			l := vlines{unsafe.Add(bp, k*elemBytes), width}
			sp.inner.run(l, l, work, sc.ka, inverse)
		}
		copyRows(at, bp, 2*sz*m, width, h, groups*elemBytes)
		u += groups
	}
}

// colsKept is colsRange for rows kept in the column blocks (see keep).
// Whole groups go by fromBlock, up to blockGroups of a block at a time.
// Leftover groups, with all of the half's units on this worker, go the
// same way from the half's last block to the first and the last lanes
// columns, overlapping their neighbours: the columns computed twice come
// out the same, bit for bit, from the same worker. They go in column
// order, the first lanes columns before the whole groups and the last
// after them: at 270² complex64 (uncentred, half 0 with columns left at
// the end, half 1 at the start) two workers took 104.7, 102.4 and 103.7 µs
// per transform with both halves' leftovers last, 102.0, 101.5 and 102.0
// in column order (10th percentiles of 1,500, alternated). With the half's
// units on several workers, which must not write the same values at once,
// they go through leftoverCols.
func (sp *split2[T]) colsKept(dst []T, inverse bool, lo, hi int, sc *scratch[T]) {
	m, ln := sp.m, lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	work := sc.vbuf[:max(sp.inner.scratchLen(), sp.batchLen())]
	rw := blockGroups * elemBytes
	for u := lo; u < hi; {
		half, g := u/sp.colsPU, u%sp.colsPU
		s := sp.colShift(dst, half)
		whole := (m - s) / ln
		out := sp.par[half] * m
		own := lo <= half*sp.colsPU && hi >= (half+1)*sp.colsPU
		last := sp.block(half, sp.nb-1)
		if g == 0 && own && s > 0 {
			// The columns before the whole groups first, in column order,
			// so that the two halves write the line their rows share at
			// a row boundary (rows not a whole number of lines apart) at
			// different times, not both at the end (see above).
			sp.fromBlock(dst[out:], last, 1, inverse, work, sc.ka)
		}
		if g < whole {
			n := min(blockGroups-g%blockGroups, whole-g, hi-u)
			sp.fromBlock(dst[out+s+g*ln:], unsafe.Add(sp.block(half, g/blockGroups), g%blockGroups*elemBytes), n, inverse, work, sc.ka)
			u += n
			continue
		}
		if own {
			// The leftover units, colsPU − whole, number ⌈(m −
			// whole·lanes)/lanes⌉: two when more than lanes columns are
			// left (then some on either side), else one for both. The
			// columns before the whole groups went first.
			if s+whole*ln < m && g == sp.colsPU-1 {
				sp.fromBlock(dst[out+m-ln:], unsafe.Add(last, elemBytes), 1, inverse, work, sc.ka)
			}
			u++
			continue
		}
		sp.leftoverCols(dst[out:], g, s, whole, func(c int) unsafe.Pointer {
			if c < s {
				return unsafe.Add(last, c*sz) // place 0, lane c
			}
			return unsafe.Add(last, elemBytes+(c-(m-ln))*sz) // place 1
		}, rw, inverse, sc)
		u++
	}
}

// runHalf runs half e on one of two workers (see runSplit): its row
// strips from the first on, then its column chunks (blockGroups whole
// groups, the last maybe fewer) from the first on; then it helps with
// the other half, taking row strips and column chunks from the last on,
// as the other worker does with this half's. A fixed split waits for the
// slower worker, and on a shared machine one core is often slower for a
// spell (a neighbour's load, the hypervisor): the faster one now takes
// over the end of the slower one's work, reading the source rows both
// read anyway and the column blocks the other core kept. Medians of
// 1,500 transforms alternated with the fixed split, complex64: with a
// process busy 2 ms in every 4 on one core, 320² 168.7 against 140.7 µs
// and 512² 500.8 against 465.8 µs; in a spell of the machine's own load,
// 320² 171.1 against 155.5 µs and 384² 266.4 against 244.5 µs; quiet,
// the same within 1 %. Each unit is computed the same way whoever runs
// it, so the results do not depend on who does.
func (sp *split2[T]) runHalf(dst, src []T, e int, inverse bool, sc *scratch[T]) {
	if sp.hook != nil {
		sp.hook(e, 0)
		defer sp.hook(e, 2)
	}
	for _, h := range [2]int{e, 1 - e} {
		sh := &sp.share.half[h]
		other := h != e
		done := 0
		for u := claim(&sh.rows, 0, other); u >= 0; u = claim(&sh.rows, 0, other) {
			sp.rowsRange(dst, src, !sp.direct, inverse, h*sp.rowsPU+u, h*sp.rowsPU+u+1, sc)
			done++
		}
		sh.rowsDone.Add(uint32(done))
		// The column chunks read every strip, some maybe still being
		// transformed by the other worker.
		for i := 0; int(sh.rowsDone.Load()) != sp.rowsPU; i++ {
			if i >= spinChecks {
				runtime.Gosched()
			}
		}
		if sp.hook != nil && !other {
			sp.hook(e, 1)
		}
		if sp.direct {
			sp.colChunksOut(dst, h, other, inverse, sc)
		} else {
			sp.colChunks(dst, h, other, inverse, sc)
		}
	}
}

// colChunksOut is colChunks for rows in the output: the chunks of half e
// it claims go through colsRange, the leftover groups with the last.
func (sp *split2[T]) colChunksOut(dst []T, e int, other, inverse bool, sc *scratch[T]) {
	whole := (sp.m - sp.colShift(dst, e)) / lanesOf[T]()
	nc := (whole + blockGroups - 1) / blockGroups
	base := e * sp.colsPU
	ch := &sp.share.half[e].chunks
	for c := claim(ch, 0, other); c >= 0; c = claim(ch, 0, other) {
		hi := min((c+1)*blockGroups, whole)
		if c == nc-1 {
			hi = sp.colsPU
		}
		sp.colsRange(dst, false, inverse, base+c*blockGroups, base+hi, sc)
	}
}

// chunks returns the number of column chunks of half e: its whole groups
// of columns blockGroups at a time.
func (sp *split2[T]) chunks(dst []T, e int) int {
	whole := (sp.m - sp.colShift(dst, e)) / lanesOf[T]()
	return (whole + blockGroups - 1) / blockGroups
}

// colChunks transforms the column chunks of half e it claims, with the
// leftover columns: those before the whole groups go with the first
// chunk, those after with the last, so that the columns both transform
// (overlapping groups, see colsKept) are written by one worker only, and
// in column order when the owner runs them all.
func (sp *split2[T]) colChunks(dst []T, e int, other, inverse bool, sc *scratch[T]) {
	m, ln := sp.m, lanesOf[T]()
	s := sp.colShift(dst, e)
	whole := (m - s) / ln
	nc := (whole + blockGroups - 1) / blockGroups
	out := sp.par[e] * m
	last := sp.block(e, sp.nb-1)
	work := sc.vbuf[:max(sp.inner.scratchLen(), sp.batchLen())]
	ch := &sp.share.half[e].chunks
	for c := claim(ch, 0, other); c >= 0; c = claim(ch, 0, other) {
		if c == 0 && s > 0 {
			sp.fromBlock(dst[out:], last, 1, inverse, work, sc.ka)
		}
		g := c * blockGroups
		sp.fromBlock(dst[out+s+g*ln:], sp.block(e, c), min(blockGroups, whole-g), inverse, work, sc.ka)
		if c == nc-1 && s+whole*ln < m {
			sp.fromBlock(dst[out+m-ln:], unsafe.Add(last, elemBytes), 1, inverse, work, sc.ka)
		}
	}
}

// fromBlock transforms n adjacent whole groups kept in a column block, the
// first at b, into the output columns from out[0] on (rows 2·M values
// apart). When blocked, in the block (a whole block as one batch when
// batch), and the block's rows are copied out. Otherwise straight from
// the block into the output, whose rows are asked for first: out of
// place, the last stage's stores miss the L1 row after row, each waiting
// for its line, and asked for first the lines arrive while the earlier
// stages run (at 270² complex64, the rows then kept row by row, two
// workers took 144 and 135 against 124 and 123 µs per transform, bench
// medians of alternated builds).
func (sp *split2[T]) fromBlock(out []T, b unsafe.Pointer, n int, inverse bool, work []T, ka *kargs) {
	sz := int(unsafe.Sizeof(*new(T)))
	o, ostr := unsafe.Pointer(&out[0]), 2*sz*sp.m
	rw := blockGroups * elemBytes
	if sp.blocked {
		if v := sp.inner; n == blockGroups && sp.batch {
			l := vlines{b, elemBytes}
			nb, pad := blockGroups*lanesOf[T]()*sp.h, lanesOf[T]()*stripPad
			// The column transform is uncentred: no permutations.
			v.stages1(ka, l, l, stripLines(work[:nb]), stripLines(work[nb+pad:2*nb+pad]), blockGroups, inverse, false, false, v.scale[btoi(inverse)])
		} else {
			for k := range n {
				l := vlines{unsafe.Add(b, k*elemBytes), rw}
				sp.inner.run(l, l, work, ka, inverse)
			}
		}
		copyRows(o, b, ostr, rw, sp.h, n*elemBytes)
		return
	}
	for k := range n {
		ok := unsafe.Add(o, k*elemBytes)
		prefetchRows(ok, ostr, sp.h)
		sp.inner.run(vlines{ok, ostr}, vlines{unsafe.Add(b, k*elemBytes), rw}, work, ka, inverse)
	}
}

// leftoverCols transforms leftover columns (g − whole)·lanes to that plus
// lanes − 1 of a half (see leftover) through the scratch block, the
// missing lanes zero: column c's values are read from at(c) on, stride
// bytes apart, and written to out[c] on, rows 2·M values apart.
func (sp *split2[T]) leftoverCols(out []T, g, s, whole int, at func(c int) unsafe.Pointer, stride int, inverse bool, sc *scratch[T]) {
	m, h, ln := sp.m, sp.h, lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	runLen := sp.inner.scratchLen()
	blk := sc.vbuf[runLen+ln*stripPad : runLen+ln*stripPad+ln*h]
	bp := unsafe.Pointer(&blk[0])
	clear(blk)
	k, n := (g-whole)*ln, 0
	for ; n < ln; n++ {
		c := sp.leftover(k+n, s, whole)
		if c >= m {
			break
		}
		copyRowsGo(unsafe.Add(bp, n*sz), at(c), elemBytes, stride, h, sz)
	}
	l := vlines{bp, elemBytes}
	sp.inner.run(l, l, sc.vbuf[:runLen], sc.ka, inverse)
	for r := range n {
		c := sp.leftover(k+r, s, whole)
		copyRowsGo(unsafe.Pointer(&out[c]), unsafe.Add(bp, r*sz), 2*sz*m, elemBytes, h, sz)
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
// distinct arrays each worker runs one half start to end and then helps
// with the other (runHalf); otherwise the first phase ends on every
// worker before the second begins (in place, the second overwrites the
// input).
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
		for e := range 2 {
			sh := &sp.share.half[e]
			sh.rows.Store(uint64(sp.rowsPU) << 32)
			sh.chunks.Store(uint64(sp.chunks(dst, e)) << 32)
			sh.rowsDone.Store(0)
		}
		wp.workers[0].post(job[T]{p: p, kind: jobSplitHalf, dst: dst, src: src, inverse: inverse,
			lo: 1, sc: &p.scratch[1]})
		sp.runHalf(dst, src, 0, inverse, &p.scratch[0])
		wp.workers[0].wait()
		return
	}
	// Each phase: its chunks (see splitShared) in w ranges, range i to
	// worker i (the caller's is 0).
	ncH := (sp.colsPU + blockGroups - 1) / blockGroups
	for _, ph := range [2]struct {
		kind   uint8
		chunks int
	}{{jobSplitRows, u1}, {jobSplitCols, 2 * ncH}} {
		for i := range w {
			p.claims[i].base = ph.chunks * i / w
			p.claims[i].v.Store(uint64(ph.chunks*i/w) | uint64(ph.chunks*(i+1)/w)<<32)
		}
		for i := 1; i < w; i++ {
			wp.workers[i-1].post(job[T]{p: p, kind: ph.kind, dst: dst, src: src, inverse: inverse,
				lo: i, hi: w, sc: &p.scratch[i]})
		}
		p.splitShared(dst, src, ph.kind == jobSplitCols, inverse, 0, w, &p.scratch[0])
		for i := 1; i < w; i++ {
			wp.workers[i-1].wait()
		}
	}
}

// splitShared runs, on one of w workers, the chunks of range own of the
// split's first phase (cols false: a strip of rows each) or second (a
// chunk of blockGroups groups of a half's columns, the last of a half
// maybe fewer), from the first on, then helps with the other ranges,
// taking their chunks from the last on, as passShared does with a pass's.
// The halves' rows are kept in the buffer (private) whoever transforms
// them. In place, two workers, medians alternated with fixed ranges
// (complex64): 256² 103.5 against 106.0 µs, 320² 185.6 against 187.1,
// 512² 487 against 494; with a process busy 2 ms in every 4 on one core,
// 256² 111.4 against 118.9 µs, 320² 179.2 against 188.9, 512² 501 against
// 494. In place, two workers gain only 1.3–1.4× over one at 256² and
// 320² (1.8× at 512²): both read every input row in the first phase, so
// each output line the second phase writes is first taken from the other
// core's cache, and transform after transform the first phase reads the
// rows the other core wrote last.
func (p *plan[T]) splitShared(dst, src []T, cols, inverse bool, own, w int, sc *scratch[T]) {
	if p.hook != nil {
		p.hook(own, 0)
		defer p.hook(own, 2)
	}
	sp := p.split
	ncH := (sp.colsPU + blockGroups - 1) / blockGroups
	for k := range w {
		c := &p.claims[(own+k)%w]
		for ch := claim(&c.v, c.base, k > 0); ch >= 0; ch = claim(&c.v, c.base, k > 0) {
			if !cols {
				sp.rowsRange(dst, src, true, inverse, ch, ch+1, sc)
				continue
			}
			lo := ch/ncH*sp.colsPU + ch%ncH*blockGroups
			sp.colsRange(dst, true, inverse, lo, min(lo+blockGroups, (ch/ncH+1)*sp.colsPU), sc)
		}
	}
}
