package fft

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
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
// goroutine its own Clone. A transform itself runs on up to Options.Workers
// goroutines when the array is large enough to gain from it, with results
// bit-identical for any worker count.
type Plan struct{ p plan[complex64] }

// Plan128 is Plan for complex128 arrays: the same transforms, computed and
// stored in double precision.
type Plan128 struct{ p plan[complex128] }

// NewPlan returns a plan for complex64 arrays of the given dims (first
// fastest, 1 to MaxDims entries, each at least 1) that transforms along the
// dimensions set in mask. A mask of 0 gives a plan that copies.
//
// It returns an error if dims is empty, longer than MaxDims, holds a size
// below 1 or whose product overflows, if a transformed size exceeds 2^30, if
// mask names a dimension at or beyond len(dims), or if o is invalid.
func NewPlan(dims []int, mask uint32, o Options) (*Plan, error) {
	p := &Plan{}
	if err := p.p.init(dims, mask, o, kernels64()); err != nil {
		return nil, err
	}
	startPool(&p.p, p)
	return p, nil
}

// NewPlan128 is NewPlan for complex128 arrays.
func NewPlan128(dims []int, mask uint32, o Options) (*Plan128, error) {
	p := &Plan128{}
	if err := p.p.init(dims, mask, o, kernels128()); err != nil {
		return nil, err
	}
	startPool(&p.p, p)
	return p, nil
}

// Clone returns a plan that computes the same transforms with its own
// scratch, so that the two may be used concurrently. The precomputed tables
// are shared, not copied.
func (p *Plan) Clone() *Plan {
	q := &Plan{p: *p.p.clone()}
	startPool(&q.p, q)
	return q
}

// Clone is Plan.Clone for Plan128.
func (p *Plan128) Clone() *Plan128 {
	q := &Plan128{p: *p.p.clone()}
	startPool(&q.p, q)
	return q
}

// Len returns the number of elements of the arrays the plan transforms, the
// product of its dims.
func (p *Plan) Len() int { return p.p.n }

// Len is Plan.Len for Plan128.
func (p *Plan128) Len() int { return p.p.n }

// Dims returns a copy of the array sizes the plan was made for, first
// dimension fastest.
func (p *Plan) Dims() []int { return append([]int(nil), p.p.dims...) }

// Dims is Plan.Dims for Plan128.
func (p *Plan128) Dims() []int { return append([]int(nil), p.p.dims...) }

// Mask returns the set of transformed dimensions, bit d for dimension d.
func (p *Plan) Mask() uint32 { return p.p.mask }

// Mask is Plan.Mask for Plan128.
func (p *Plan128) Mask() uint32 { return p.p.mask }

// Options returns the options the plan was made with.
func (p *Plan) Options() Options { return p.p.opt }

// Options is Plan.Options for Plan128.
func (p *Plan128) Options() Options { return p.p.opt }

// Forward computes the forward DFT (exp(-2πi ...), see Plan) of src into dst
// and returns dst. It is unnormalised unless the plan's Scaling is Unitary,
// in which case it is scaled by 1/√N for each transformed size N.
//
// If dst is nil, a new slice is allocated; otherwise dst must have Len()
// elements and no allocation takes place. dst may be src (in place); if not,
// the two must not overlap, and src is left unchanged.
// Forward panics if len(src), or len(dst) when dst is not nil, differs from
// Len().
func (p *Plan) Forward(dst, src []complex64) []complex64 { return p.p.transform(dst, src, false) }

// Forward is Plan.Forward for complex128.
func (p *Plan128) Forward(dst, src []complex128) []complex128 {
	return p.p.transform(dst, src, false)
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
func (p *Plan) Inverse(dst, src []complex64) []complex64 { return p.p.transform(dst, src, true) }

// Inverse is Plan.Inverse for complex128.
func (p *Plan128) Inverse(dst, src []complex128) []complex128 {
	return p.p.transform(dst, src, true)
}

// plan is the implementation shared by Plan and Plan128.
type plan[T cplx] struct {
	dims    []int
	mask    uint32
	n       int
	opt     Options
	passes  []pass[T]
	workers int // goroutines a large pass may use

	// Scratch, one set per worker, and the goroutines of workers 1 and up
	// (nil when the plan never runs in parallel).
	scratch []scratch[T]
	pool    *workerPool[T]
	// claims holds, per worker, the chunks of a shared pass it has not
	// yet run (see passShared).
	claims []claimWord
	// hook, for tests, is called by passShared on the worker owning range
	// i before its chunks (at 0) and at the end (2).
	hook func(i, at int)

	// split computes a 2D transform as two independent halves (see
	// split.go), or is nil.
	split *split2[T]
}

// scratch is one goroutine's working space.
type scratch[T cplx] struct {
	line []complex128 // one gathered line
	res  []complex128 // its transform
	work []complex128 // kernel scratch
	vbuf []T          // vector engine strips
	ka   *kargs       // vector kernel arguments
	// rows is this worker's copy of the rowLine of the plan's pass along
	// dimension 0 (its own working arrays), or nil.
	rows *fourStep[T]
}

// pass is the transform along one dimension of size > 1.
type pass[T cplx] struct {
	k        *kernel
	stride   int       // distance between successive points of a line
	outer    int       // number of blocks of stride lines: len / (stride·n)
	shift    int       // rotation for centring: n/2, or 0 if uncentred
	fwdScale float64   // scale applied by Forward
	invScale float64   // scale applied by Inverse
	v        *vplan[T] // vector engine for this size, or nil
	// four computes the lines by the four-step method when they are too
	// few for the vector engine and long (a single 1D transform), or nil.
	four *fourStep[T]
	// colBatch: the pass's lines are whole groups of columns of a small
	// array whose rows are lanes·groups values, so that element i of group
	// g is vector i·groups + g: the layout of stages1's batches. The
	// columns of each block then run as one batch, one kernel call a
	// stage, in wide kernels throughout, where group by group a 64²
	// complex128 pass took 64 calls, each of a few butterflies (the whole
	// transform went from 17.0 to 12.2 µs; 32² from 3.0 to 2.2 µs, 24²
	// and 40² by a quarter to a third; 96² complex128 from 37 to 28 µs,
	// 128² 65 to 54 µs). Only for lines of one or two stages, or three
	// where vplan.batchWide: with three stages and a radix 5 the batch's
	// passes over memory cost more than the calls saved (60², 100²: 5–14 %
	// slower), and with four (144² complex64 1.04×, 216² 1.09× and 1.27×).
	colBatch bool
	// chunk is the number of units a worker claims at a time when the
	// pass is shared (see chunkUnits).
	chunk int
	// blue computes them by Bluestein's algorithm on the vector engine
	// when they are too few and of a length the four-step method cannot
	// split, or is nil.
	blue *blueLine[T]
	// rowLine, when not nil, computes the lines of a pass along contiguous
	// rows one at a time by the line stage (see newLineStage), each worker
	// with its own copy (scratch.rows), in place of strips of lanes rows
	// (see rowByLine).
	rowLine *fourStep[T]
	// blockBatch: the columns copied into a block (see passRange) run
	// there as one batch of blockGroups interleaved groups (stages1), one
	// kernel call a stage, every stage a wide one, rather than group by
	// group: for columns of 64 points or more whose radices all have wide
	// kernels (vplan.batchWide). A group's lines are a quarter of each of
	// the block's rows, and from 256 points the block outgrows the L1:
	// group by group each stage then read a quarter of every line it
	// brought from the L2. Against group by group, medians of alternated
	// transforms, one worker (two alike): 1024² 0.92× the time
	// (complex64) and 0.90× (complex128), 2048×512 0.93× and 0.91×,
	// 512×512×4 0.93× and 0.96×, 128³ 0.98× and 0.96×.
	blockBatch bool
}

// rowByLine reports whether a pass along contiguous rows of n values of
// sz bytes, in an array of total bytes, transforms them one at a time by
// the line stage rather than in strips of lanes rows. A strip and the
// vector engine's second buffer are lanes times a line and the line
// stage's arrays: at 1024 points (32 KiB strips) they no longer fit the
// L1 together, and every stage goes out to the L2. Against strips, medians
// of alternated transforms, one worker (two alike): 1024² 0.93× the time
// (complex64) and 0.87× (complex128); 256×256×16 0.95× and 0.94×. In
// complex128 (two lanes, and AVX-512 line kernels) from rows of 1 KiB on:
// 64² 0.82×, 96² 0.86×, 128² 0.83×, 192² 0.87×, 240² 0.93×, 64³ 0.84×,
// 128³ 0.78×. In complex64 rows of 1 KiB pay only in arrays that leave the
// L2 (128³ 0.80×; 128² 1.07×, 64³ 1.01×), and shorter rows not at all
// (64² 1.08×, 96² 1.16×).
func rowByLine(n, sz, total int) bool {
	row := n * sz
	if sz == 16 {
		return row >= 1<<10
	}
	return row >= 2<<10 || row >= 1<<10 && total > 4<<20
}

// parallelWork is the number of point·log2(points) operations below which a
// pass runs on one goroutine: handing work to a second goroutine costs
// several microseconds on this kind of machine, so each must get enough to
// amortise it (≈ 20 µs of vector work).
const parallelWork = 1 << 17

func (p *plan[T]) init(dims []int, mask uint32, o Options, ks *kernelSet) error {
	if len(dims) == 0 {
		return fmt.Errorf("fft: no dimensions")
	}
	if len(dims) > MaxDims {
		return fmt.Errorf("fft: %d dimensions, at most %d allowed", len(dims), MaxDims)
	}
	if mask>>uint(len(dims)) != 0 {
		return fmt.Errorf("fft: mask %#b names dimension %d but dims has only %d", mask, bits.Len32(mask)-1, len(dims))
	}
	switch o.Scaling {
	case Unnormalised, Unitary, Backward:
	default:
		return fmt.Errorf("fft: invalid %v", o.Scaling)
	}
	if o.Workers < 0 {
		return fmt.Errorf("fft: Workers is %d, want 0 (GOMAXPROCS) or more", o.Workers)
	}
	// maxElems keeps every byte count of the data and of complex128
	// scratch within an int.
	const maxElems = math.MaxInt / 16
	n := 1
	for d, size := range dims {
		if size < 1 {
			return fmt.Errorf("fft: dimension %d has size %d, want at least 1", d, size)
		}
		if n > maxElems/size {
			return fmt.Errorf("fft: dims %v hold more than %d elements", dims, maxElems)
		}
		n *= size
	}

	*p = plan[T]{dims: append([]int(nil), dims...), mask: mask, n: n, opt: o}
	p.workers = o.Workers
	if p.workers == 0 {
		p.workers = runtime.GOMAXPROCS(0)
	}
	kernels := map[int]*kernel{}
	vplans := map[int]*vplan[T]{}
	maxN, maxWork, maxVec := 0, 0, 0
	stride := 1
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	for d, size := range dims {
		if mask&(1<<uint(d)) != 0 && size > 1 {
			if size > maxLen {
				return fmt.Errorf("fft: dimension %d has size %d, longer than the largest transform, %d", d, size, maxLen)
			}
			k := kernels[size]
			if k == nil {
				k = newKernel(size)
				kernels[size] = k
			}
			ps := pass[T]{k: k, stride: stride, outer: n / (stride * size), fwdScale: 1, invScale: 1}
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
			lines := n / size
			if ks != nil && lines >= ln && (stride == 1 || stride >= ln) {
				vp := vplans[size]
				if vp == nil {
					vp = newVplan[T](size, ks, !o.Uncentred, ps.fwdScale, ps.invScale)
					vplans[size] = vp
				}
				if vp != nil {
					ps.v = vp
					need := vp.scratchLen() + ln*stripPad
					if stride > 1 && stride%ln == 0 && stride*size*sz <= colBatchMaxBytes && vp.blue == nil && (!vp.centred || vp.permute) &&
						(len(vp.stages) <= 2 || len(vp.stages) == 3 && vp.batchWide()) {
						ps.colBatch = true
						maxVec = max(maxVec, 2*stride*size+ln*stripPad) // two buffers of a block
					}
					if stride > 1 && stride*sz >= blockMinStride && size >= 64 && vp.blue == nil && vp.batchWide() && (!vp.centred || vp.permute) {
						ps.blockBatch = true
						// Two buffers of a block and the block (see passRange).
						maxVec = max(maxVec, 3*blockGroups*ln*size+2*ln*stripPad)
					}
					if stride == 1 {
						need += ln * size // the strip rows are gathered into
					} else {
						need += blockGroups * ln * size // a block of columns
					}
					maxVec = max(maxVec, need)
				}
			}
			if ps.v != nil && stride == 1 && rowByLine(size, sz, n*sz) {
				ps.rowLine = newLineStage[T](size, ks, ps.fwdScale, ps.invScale)
			}
			if ps.v == nil && lines < ln {
				ps.four = newFourStep[T](size, ks, ps.fwdScale, ps.invScale)
				if ps.four == nil {
					ps.blue = newBlueLine[T](size, ks, !o.Uncentred, [2]float64{ps.fwdScale, ps.invScale})
				}
			}
			ps.chunk = ps.chunkUnits()
			p.passes = append(p.passes, ps)
			maxN = max(maxN, size)
			maxWork = max(maxWork, k.workLen())
		}
		stride *= size
	}
	// Workers only pay on passes with enough work for two of them. The
	// split is chosen by size alone, not by the number of workers, so that
	// results do not depend on it.
	w := max(1, min(p.workers, 64))
	if p.n*bits.Len(uint(maxN)) < 2*parallelWork {
		w = 1
	} else if sp := newSplit(p, ks); sp != nil {
		sp.buf = aligned[T](sp.bufLen())
		p.split = sp
		maxVec = max(maxVec, sp.scratchLen())
	}
	p.newScratches(w, maxN, maxWork, maxVec)
	if w > 1 {
		p.claims = make([]claimWord, w)
	}
	return nil
}

// newScratches gives the plan scratch for w workers.
func (p *plan[T]) newScratches(w, maxN, maxWork, maxVec int) {
	p.scratch = make([]scratch[T], w)
	for i := range p.scratch {
		p.scratch[i] = newScratch[T](maxN, maxWork, maxVec)
		for j := range p.passes {
			if f := p.passes[j].rowLine; f != nil {
				p.scratch[i].rows = f.clone()
			}
		}
	}
}

func newScratch[T cplx](maxN, maxWork, maxVec int) scratch[T] {
	return scratch[T]{
		line: make([]complex128, maxN),
		res:  make([]complex128, maxN),
		work: make([]complex128, maxWork),
		vbuf: aligned[T](maxVec),
		ka:   new(kargs),
	}
}

// aligned returns a zeroed slice of n values whose first element is
// 64-byte aligned (a cache line), as the vector kernels prefer.
func aligned[T cplx](n int) []T {
	sz := int(unsafe.Sizeof(*new(T)))
	extra := 64 / sz
	b := make([]T, n+extra)
	if n == 0 {
		return b[:0]
	}
	off := int(uintptr(unsafe.Pointer(&b[0]))%64) / sz
	if off != 0 {
		off = extra - off
	}
	return b[off : off+n : off+n]
}

func (p *plan[T]) clone() *plan[T] {
	q := *p
	q.dims = append([]int(nil), p.dims...)
	q.pool = nil
	q.passes = append([]pass[T](nil), p.passes...)
	for i := range q.passes {
		if f := q.passes[i].four; f != nil {
			q.passes[i].four = f.clone()
		}
		if b := q.passes[i].blue; b != nil {
			q.passes[i].blue = b.clone()
		}
	}
	if p.split != nil {
		q.split = p.split.clone()
		// The split's row pass is the plan's own first pass.
		q.split.rows = &q.passes[0]
	}
	if p.claims != nil {
		q.claims = make([]claimWord, len(p.claims))
	}
	s := &p.scratch[0]
	q.newScratches(len(p.scratch), len(s.line), len(s.work), len(s.vbuf))
	return &q
}

func (p *plan[T]) transform(dst, src []T, inverse bool) []T {
	if len(src) != p.n {
		panic("fft: src has " + strconv.Itoa(len(src)) + " elements, plan wants " + strconv.Itoa(p.n))
	}
	if dst == nil {
		dst = make([]T, p.n)
	} else if len(dst) != p.n {
		panic("fft: dst has " + strconv.Itoa(len(dst)) + " elements, plan wants " + strconv.Itoa(p.n))
	}
	if len(p.passes) == 0 {
		copy(dst, src)
		return dst
	}
	if p.split != nil {
		p.runSplit(dst, src, inverse)
		runtime.KeepAlive(src)
		runtime.KeepAlive(dst)
		return dst
	}
	in := src
	for i := range p.passes {
		p.runPass(&p.passes[i], dst, in, inverse)
		in = dst
	}
	runtime.KeepAlive(src)
	runtime.KeepAlive(dst)
	return dst
}

// runPass transforms every line of one dimension, sharing the lines
// among the workers when the pass is large enough (see passShared). Each
// line is computed the same way whichever worker takes it, so the result
// does not depend on the number of workers.
func (p *plan[T]) runPass(ps *pass[T], dst, src []T, inverse bool) {
	n := ps.k.n
	units := ps.units()
	w := min(len(p.scratch), units)
	if ps.four != nil || ps.blue != nil {
		w = 1 // their working arrays are the pass's own
	}
	if work := p.n * bits.Len(uint(n)); work < parallelWork*w {
		w = max(1, min(w, work/parallelWork))
	}
	if w <= 1 || p.pool == nil {
		p.passRange(ps, dst, src, inverse, 0, units, &p.scratch[0])
		return
	}
	wp := p.pool
	// Range i of w, chunks [nc·i/w, nc·(i+1)/w), goes to worker i + 1 and
	// the last, the largest, to the caller, which starts at once while a
	// worker first sees its job.
	nc := (units + ps.chunk - 1) / ps.chunk
	for i := range w {
		p.claims[i].base = nc * i / w
		p.claims[i].v.Store(uint64(nc*i/w) | uint64(nc*(i+1)/w)<<32)
	}
	for i := range w - 1 {
		wp.workers[i].post(job[T]{p: p, ps: ps, dst: dst, src: src, inverse: inverse,
			lo: i, hi: w, sc: &p.scratch[i+1]})
	}
	p.passShared(ps, dst, src, inverse, w-1, w, &p.scratch[0])
	for i := 1; i < w; i++ {
		wp.workers[i-1].wait()
	}
}

// passShared runs, on one of w workers, the chunks of range own of pass
// ps (ps.chunk units each, see chunkUnits) from the first on, then helps
// with the other ranges, taking their chunks from the last on. A fixed
// split of the lines waits for the slowest worker, and on a shared
// machine one core is often slower for a spell: the others now take over
// the end of its range. Two workers, medians of alternated transforms
// (complex64, fixed ranges against shared), with a process busy 2 ms in
// every 4 on one core: 257² 665 against 606 µs, 1024² 4.61 against
// 3.78 ms, 128³ 7.59 against 5.82 ms; quiet, 257² 493 against 491 µs,
// 1024² 2.46 against 2.42 ms, 128³ 4.31 against 4.20 ms.
func (p *plan[T]) passShared(ps *pass[T], dst, src []T, inverse bool, own, w int, sc *scratch[T]) {
	if p.hook != nil {
		p.hook(own, 0)
		defer p.hook(own, 2)
	}
	units, cs := ps.units(), ps.chunk
	for k := range w {
		c := &p.claims[(own+k)%w]
		for ch := claim(&c.v, c.base, k > 0); ch >= 0; ch = claim(&c.v, c.base, k > 0) {
			p.passRange(ps, dst, src, inverse, ch*cs, min((ch+1)*cs, units), sc)
		}
	}
}

// claimWord is one worker's range of chunks of a shared pass: those not
// yet claimed, [f, b), as f | b<<32 (see claim), and where the range
// began. It has a cache line of its own, which only other workers'
// claims take from its owner's cache.
type claimWord struct {
	v    atomic.Uint64
	base int
	_    [48]byte
}

// chunkWork is the vector work (values × stages) a worker claims at a
// time in a shared pass: about 2.5 µs, enough that a claim (an atomic
// operation on a line the owner holds) costs nothing beside it, little
// enough that a worker done early finds chunks left to take over.
const chunkWork = 1 << 14

// chunkUnits returns the number of work units of a chunk of pass ps:
// about chunkWork, in whole column blocks where they are copied
// (blockGroups groups) or batched (colBatch: a whole block of lines).
func (ps *pass[T]) chunkUnits() int {
	n, s := ps.k.n, ps.stride
	per := n * bits.Len(uint(n))
	if ps.v != nil && ps.rowLine == nil {
		ln := lanesOf[T]()
		per *= ln
		if s > 1 {
			groups := (s + ln - 1) / ln
			c := max(1, chunkWork/per)
			switch {
			case ps.colBatch:
				return (c + groups - 1) / groups * groups
			case int(unsafe.Sizeof(*new(T)))*s >= blockMinStride:
				return (c + blockGroups - 1) / blockGroups * blockGroups
			}
			return c
		}
	}
	return max(1, chunkWork/per)
}

// workerPool runs pass ranges on persistent goroutines. A job is handed
// over through an atomic sequence number, and a worker that has just
// finished one spins briefly for the next before it parks on a channel: on
// this kind of machine waking a parked goroutine takes tens of
// microseconds, as long as half a 256² pass, while back-to-back
// transforms find the worker still spinning. Nothing is allocated per
// transform. The goroutines end when the Plan that owns the pool is
// garbage collected (runtime.AddCleanup closes their wake channels).
type workerPool[T cplx] struct {
	workers []*poolWorker[T]
}

// poolWorker is one goroutine's mailbox.
type poolWorker[T cplx] struct {
	job    job[T]        // written by the caller before seq is advanced
	seq    atomic.Uint64 // number of jobs posted
	done   atomic.Uint64 // number of jobs finished
	parked atomic.Bool   // the goroutine is (about to be) blocked on wake
	wake   chan struct{} // one token wakes a parked goroutine; closed to end it
}

// job is one range of work units of a pass, or of the split's phases.
type job[T cplx] struct {
	p       *plan[T]
	kind    uint8
	ps      *pass[T]
	dst     []T
	src     []T
	inverse bool
	lo, hi  int
	sc      *scratch[T]
}

// Kinds of job.
const (
	jobPass      = iota // range lo of hi of pass ps's chunks (passShared)
	jobSplitRows        // range lo of hi of the split's first-phase chunks (splitShared)
	jobSplitCols        // range lo of hi of its second-phase chunks
	jobSplitHalf        // half lo of the split, then help with the other (runHalf)
)

// runJob runs one job on the calling goroutine.
func (p *plan[T]) runJob(j *job[T]) {
	switch j.kind {
	case jobPass:
		p.passShared(j.ps, j.dst, j.src, j.inverse, j.lo, j.hi, j.sc)
	case jobSplitRows, jobSplitCols:
		p.splitShared(j.dst, j.src, j.kind == jobSplitCols, j.inverse, j.lo, j.hi, j.sc)
	case jobSplitHalf:
		p.split.runHalf(j.dst, j.src, j.lo, j.inverse, j.sc)
	}
}

// spinChecks is how many times a caller polls for a finished job before
// it yields its thread (about 6 µs here).
const spinChecks = 1 << 14

// idleSpin is how long an idle worker polls for its next job before it
// parks. A parked worker woken by the caller's channel send is queued on
// the caller's own P and runs only after the caller's half is done, so
// the pass runs serially: the spin must outlast the gap between two
// passes, including any imbalance between the halves (at 256² a half
// takes about 40 µs). libgomp spins a comparable time (GOMP_SPINCOUNT)
// before sleeping. The cost is up to this much CPU burnt by each worker
// after the last transform; the spin yields its thread every 1024 polls,
// so that it does not hold up the caller when the two share one (a plan
// made with two workers run under GOMAXPROCS 1 took 450 µs per 256²
// transform with a spin that never yielded, 190 µs with this one).
const idleSpin = 250 * time.Microsecond

func (w *poolWorker[T]) post(j job[T]) {
	w.job = j
	w.seq.Add(1)
	if w.parked.Load() {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

func (w *poolWorker[T]) wait() {
	want := w.seq.Load()
	for i := 0; w.done.Load() != want; i++ {
		if i >= spinChecks {
			runtime.Gosched()
		}
	}
}

func (w *poolWorker[T]) loop() {
	var last uint64
	for {
		got := false
		start := time.Now()
		for i := 0; ; i++ {
			if w.seq.Load() != last {
				got = true
				break
			}
			if i&1023 == 1023 {
				if time.Since(start) > idleSpin {
					break
				}
				// Let a goroutine waiting for this thread run (the caller
				// itself when GOMAXPROCS has dropped below the workers):
				// with nothing else runnable this returns at once.
				runtime.Gosched()
			}
		}
		if !got {
			w.parked.Store(true)
			if w.seq.Load() == last {
				if _, ok := <-w.wake; !ok {
					return
				}
			}
			w.parked.Store(false)
			if w.seq.Load() == last {
				continue // a stale token
			}
		}
		last = w.seq.Load()
		j := w.job
		j.p.runJob(&j)
		w.job = job[T]{} // drop the references to the caller's arrays
		w.done.Store(last)
	}
}

// startPool gives the plan its worker goroutines if it can use them, and
// arranges for them to end when owner, the exported Plan holding p, is
// collected.
func startPool[T cplx, P any](p *plan[T], owner *P) {
	if len(p.scratch) < 2 {
		return
	}
	wp := &workerPool[T]{}
	var wakes []chan struct{}
	for range len(p.scratch) - 1 {
		w := &poolWorker[T]{wake: make(chan struct{}, 1)}
		wp.workers = append(wp.workers, w)
		wakes = append(wakes, w.wake)
		go w.loop()
	}
	p.pool = wp
	runtime.AddCleanup(owner, func(wakes []chan struct{}) {
		for _, c := range wakes {
			close(c)
		}
	}, wakes)
}

// units returns the number of independent work units of a pass: groups of
// lanes lines for the vector engine (the last one possibly partial),
// single lines otherwise.
func (ps *pass[T]) units() int {
	lines := ps.outer * ps.stride
	if ps.v == nil || ps.rowLine != nil {
		return lines
	}
	ln := lanesOf[T]()
	if ps.stride == 1 {
		return (lines + ln - 1) / ln
	}
	return ps.outer * ((ps.stride + ln - 1) / ln)
}

// passRange transforms work units [lo, hi) of a pass.
func (p *plan[T]) passRange(ps *pass[T], dst, src []T, inverse bool, lo, hi int, sc *scratch[T]) {
	n, s := ps.k.n, ps.stride
	if ps.four != nil {
		block := s * n
		for u := lo; u < hi; u++ {
			ps.four.line(ps, dst, src, u/s*block+u%s, inverse)
		}
		return
	}
	if ps.blue != nil {
		block := s * n
		for u := lo; u < hi; u++ {
			ps.blue.line(ps, dst, src, u/s*block+u%s, inverse)
		}
		return
	}
	if ps.v == nil {
		block := s * n
		for u := lo; u < hi; u++ {
			b, a := u/s, u%s
			ps.line1(dst, src, b*block+a, inverse, sc)
		}
		return
	}
	if ps.rowLine != nil {
		// The next row is asked for while this one is transformed: the
		// line stage reads a row at eight places at once, too few lines in
		// a row for the hardware's streams to fetch them ahead (rows from
		// memory, 4 Mi values, complex64: 384 against 800 ns a row of 256
		// points without, 1.97 against 3.35 µs at 1024 points).
		sz := int(unsafe.Sizeof(*new(T)))
		for u := lo; u < hi; u++ {
			if u+1 < hi {
				prefetchRows(unsafe.Pointer(&src[(u+1)*n]), 64, n*sz/64)
			}
			sc.rows.line(ps, dst, src, u*n, inverse)
		}
		return
	}
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	ks := ps.v.ks
	if s == 1 {
		// Contiguous lines: gather lanes rows into a strip, transform it in
		// place, scatter it back. A leftover group of rows goes the same
		// way with its missing lanes zero: line by line in complex128 it
		// took 35 µs at 257 points against 15 µs for a whole strip, and
		// the worker with it was that much late.
		rows := ps.outer
		strip, work := sc.vbuf[:ln*n], sc.vbuf[ln*(n+stripPad):]
		// With the pass on several workers, the next strip's output rows
		// are asked for while this one is transformed: the other worker's
		// column pass of the previous transform holds them, and each line
		// written took a round trip to its cache. At 257² two workers took
		// 452.6 against 477.9 µs (complex64) and 923.7 against 992.5 µs
		// (complex128) per transform, medians of 1500 alternated. They go
		// to the L2, which leaves the L1 to the strip being transformed.
		// Not on one worker, which nothing is taken from, nor beyond
		// splitMaxBytes, where lines come from the L3 or memory anyway and
		// the hardware's streams fetch them (1024², 8 MiB: 2–4 % slower
		// with). Prefetching changes no value.
		pf := (lo > 0 || hi < ps.units()) && p.n*sz <= splitMaxBytes
		for u := lo; u < hi; u++ {
			b := u * ln
			st := stripLines(strip)
			if b+ln > rows {
				clear(strip)
				for r := range rows - b {
					for i, v := range src[(b+r)*n : (b+r+1)*n] {
						strip[i*ln+r] = v
					}
				}
				ps.v.run(st, st, work, sc.ka, inverse)
				for r := range rows - b {
					row := dst[(b+r)*n : (b+r+1)*n]
					for i := range row {
						row[i] = strip[i*ln+r]
					}
				}
				continue
			}
			ks.transIn(st.base, unsafe.Pointer(&src[b*n]), sz*n, n)
			if pf && b+2*ln <= rows {
				prefetchRowsL2(unsafe.Pointer(&dst[(b+ln)*n]), 64, (ln*n*sz+63)/64)
			}
			ps.v.run(st, st, work, sc.ka, inverse)
			ks.transOut(unsafe.Pointer(&dst[b*n]), st.base, sz*n, n)
		}
		return
	}
	groups := (s + ln - 1) / ln
	block := s * n
	// Columns far apart in memory (a power-of-two row length puts them in
	// the same cache sets) are first copied, blockGroups groups of lanes at
	// a time, into a contiguous block whose rows fill whole cache lines;
	// the transforms run there and the block is copied back. The
	// arithmetic is the same either way, so results do not depend on which
	// units end up blocked.
	blocked := sz*s >= blockMinStride
	width := blockGroups * elemBytes
	runLen := ps.v.scratchLen()
	blk := sc.vbuf[runLen+ln*stripPad : runLen+ln*stripPad+blockGroups*ln*n]
	for u := lo; u < hi; {
		b, g := u/groups, u%groups
		a := g * ln
		off := b*block + a
		if ps.colBatch && g == 0 && u+groups <= hi {
			// A whole block of a small array: its columns as one batch.
			bufA, bufB := sc.vbuf[:block], sc.vbuf[block+ln*stripPad:2*block+ln*stripPad]
			out, in := vlines{unsafe.Pointer(&dst[off]), elemBytes}, vlines{unsafe.Pointer(&src[off]), elemBytes}
			ps.v.stages1(sc.ka, out, in, stripLines(bufA), stripLines(bufB), groups, inverse, ps.v.centred, ps.v.centred, ps.v.scale[btoi(inverse)])
			u += groups
			continue
		}
		if blocked && g%blockGroups == 0 && u+blockGroups <= hi && a+blockGroups*ln <= s {
			if ps.blockBatch {
				// The block after the batch's two buffers; its rows are
				// blockGroups vectors, element i of group k the vector
				// i·blockGroups + k: stages1's layout.
				nb, pad := blockGroups*ln*n, ln*stripPad
				bp := unsafe.Pointer(&sc.vbuf[2*nb+2*pad])
				copyRows(bp, unsafe.Pointer(&src[off]), width, sz*s, n, width)
				l := vlines{bp, elemBytes}
				ps.v.stages1(sc.ka, l, l, stripLines(sc.vbuf[:nb]), stripLines(sc.vbuf[nb+pad:2*nb+pad]), blockGroups,
					inverse, ps.v.centred, ps.v.centred, ps.v.scale[btoi(inverse)])
				copyRows(unsafe.Pointer(&dst[off]), bp, sz*s, width, n, width)
				u += blockGroups
				continue
			}
			bp := unsafe.Pointer(&blk[0])
			copyRows(bp, unsafe.Pointer(&src[off]), width, sz*s, n, width)
			for k := range blockGroups {
				l := vlines{unsafe.Add(bp, k*elemBytes), width}
				ps.v.run(l, l, sc.vbuf[:runLen], sc.ka, inverse)
			}
			copyRows(unsafe.Pointer(&dst[off]), bp, sz*s, width, n, width)
			u += blockGroups
			continue
		}
		u++
		if a+ln > s {
			// A leftover group of columns: copied into the block with its
			// missing lanes zero, transformed there and copied back.
			bp := unsafe.Pointer(&blk[0])
			clear(blk[:ln*n])
			copyRowsGo(bp, unsafe.Pointer(&src[off]), elemBytes, sz*s, n, sz*(s-a))
			l := vlines{bp, elemBytes}
			ps.v.run(l, l, sc.vbuf[:runLen], sc.ka, inverse)
			copyRowsGo(unsafe.Pointer(&dst[off]), bp, sz*s, elemBytes, n, sz*(s-a))
			continue
		}
		ps.v.run(vlines{unsafe.Pointer(&dst[off]), sz * s}, vlines{unsafe.Pointer(&src[off]), sz * s}, sc.vbuf[:runLen], sc.ka, inverse)
	}
}

// colBatchMaxBytes is the largest block whose columns run as one batch
// (colBatch), a quarter of the L2: with the limit at 128² values, raising
// it to 256² values measured, in one process alternated (medians),
// 192² complex64 0.81× the time, 96×384 0.80×, 256²×8 (dims 0 and 1)
// 0.89×, 128×192 complex128 0.84×, 64×512 0.87×, but 256²×8 complex128
// (1 MiB) 1.08× and 192² complex128 (576 KiB) 1.00×.
const colBatchMaxBytes = 512 << 10

// btoi is 1 for true, 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// blockGroups is the number of lane groups a column block holds (128
// bytes of each row: two cache lines), and blockMinStride the row length
// in bytes from which columns are blocked.
const (
	blockGroups    = 4
	blockMinStride = 4096
)

// line1 transforms the one line that starts at base (with the pass's
// stride) in complex128. Each line is gathered into complex128 scratch
// before its results are scattered, so dst may be src. The inverse DFT is
// computed as conj(DFT(conj(x))).
func (ps *pass[T]) line1(dst, src []T, base int, inverse bool, sc *scratch[T]) {
	k := ps.k
	n, s, c := k.n, ps.stride, ps.shift
	line := sc.line[:n]
	res := sc.res[:n]
	scale, sign := ps.fwdScale, 1.0
	if inverse {
		scale, sign = ps.invScale, -1
	}
	// Centring rotates both ends by c: line[j] = x[(j+c) mod n] (ifftshift)
	// and y[(q+c) mod n] = res[q] (fftshift).
	idx := base + c*s
	for j := 0; j < n-c; j++ {
		v := complex128(src[idx])
		line[j] = complex(real(v), sign*imag(v))
		idx += s
	}
	idx = base
	for j := n - c; j < n; j++ {
		v := complex128(src[idx])
		line[j] = complex(real(v), sign*imag(v))
		idx += s
	}

	k.forward(res, line, sc.work)

	idx = base + c*s
	for _, v := range res[:n-c] {
		dst[idx] = T(complex(scale*real(v), sign*scale*imag(v)))
		idx += s
	}
	idx = base
	for _, v := range res[n-c:] {
		dst[idx] = T(complex(scale*real(v), sign*scale*imag(v)))
		idx += s
	}
}
