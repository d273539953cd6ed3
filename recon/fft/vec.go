package fft

import (
	"math"
	"slices"
	"unsafe"
)

// The vector engine transforms several lines at once: the lanes of one
// 32-byte "element" hold the same index of different lines (neighbouring
// columns of an array, or rows gathered and transposed into a strip): four
// lines of complex64 or two of complex128. Each transform is a Stockham
// autosort decimation in frequency (no bit reversal), one radix-2, 3, 4, 5,
// 7, 8, 11 or 13 stage at a time, every stage reading and writing elements
// through byte strides. The first stage reads straight from the caller's array and the
// last writes straight into it when centring allows; the stages between
// ping-pong between two strip buffers that stay in L1. Sizes with other
// prime factors go through Bluestein's algorithm on a power-of-two vector
// transform. Kernels exist in AVX2/FMA assembly (amd64), with wide
// AVX-512 versions of some (kernelSet.wide), and in Go (other platforms
// and the purego build tag; with GOEXPERIMENT=simd some on archsimd
// vectors, see vec_simd.go); all compute the same thing.

// cplx is the element type of a transform.
type cplx interface{ complex64 | complex128 }

// elemBytes is the size of one vector element.
const elemBytes = 32

// lanesOf returns the number of lines one element holds for type T.
func lanesOf[T cplx]() int {
	var z T
	return elemBytes / int(unsafe.Sizeof(z))
}

// stageArgs describes one stage to a kernel. Element (p, q, j) of the
// source is at src + q*sq + p*sp + so[j], and output (p, q, k) goes to
// dst + q*dq + p*dp + do[k], for p < m, q < s. Output k of butterfly p is
// multiplied by the twiddle w^(p·k), stored per p as radix−1 values of the
// element type (k = 1 .. radix−1) in tw. The assembly reads this layout:
// keep every field 8 bytes and the order fixed.
type stageArgs struct {
	dst, src unsafe.Pointer
	tw       unsafe.Pointer
	m, s     int
	sq, sp   int
	dq, dp   int
	so       [13]int
	do       [13]int
	inv      int     // 1: inverse transform, 0: forward
	scaled   int     // 1: multiply every output by scale
	scale32  float32 // the scale, for complex64 kernels
	_        uint32
	scale64  float64 // the scale, for complex128 kernels
}

// modArgs describes a modulation: element i of dst (at dst + i*ds) is
// element i of src (at src + i*ss) times ph[i] in every lane, for i < n.
// dst may be src. The assembly reads this layout.
type modArgs struct {
	dst, src, ph unsafe.Pointer
	n            int
	ds, ss       int
}

// kernelSet holds the kernels for one element type.
type kernelSet struct {
	radix [14]func(*stageArgs) // by radix: 2, 3, 4, 5, 7, 8, 11, 13
	// wide holds, where not nil, kernels that compute what radix[r] does
	// on "double elements" of 64 bytes: each reads and writes an element
	// and the one 32 bytes after it as one (AVX-512) vector, the two
	// holding lines that take the same twiddles. A stage whose q-adjacent
	// elements are adjacent in memory (sq = dq = elemBytes, s even) runs
	// as a wide stage with s/2 and steps sq = dq = 2·elemBytes (see
	// stages1). The results are those of radix[r], bit for bit.
	wide     [14]func(*stageArgs)
	modulate func(*modArgs)
	// twTrans gathers lanes rows (row r at src + r*srcRow, n values each)
	// as transIn does and multiplies element j by the lanes factors at
	// tw + j*elemBytes, lane by lane, storing it at dst + j*dstRow: the
	// twiddle-and-transpose step of the four-step method.
	twTrans func(dst, src, tw unsafe.Pointer, srcRow, dstRow, n int)
	// lineStage holds, by radix r (where not nil), the first stage of a
	// single line's transform with its output transposed: butterfly p < m
	// (m a multiple of lanes) reads value j at src + so[j] + p·size (size
	// the bytes of one value), multiplies its output k by the twiddle of
	// (p, k) and writes it to value r·p + k of dst, which leaves the r
	// length-m transforms the rest of the line needs interleaved, as the
	// engine's batched stages read them. The twiddles come lane by lane,
	// as the engine's elements hold values: element g·(r−1) + k−1 of tw
	// holds those of butterflies g·lanes … g·lanes+lanes−1 for output k,
	// and one element more follows the last (the assembly reads past the
	// end of an element). No scaling: the stage is never the last.
	lineStage [14]func(*stageArgs)
	// lineWide holds, where not nil, kernels that compute what lineStage
	// does on 64-byte elements (AVX-512): twice the lanes of butterflies at
	// a time (m a multiple of them), the twiddle table laid out for twice
	// the lanes.
	lineWide [14]func(*stageArgs)
	// mul sets the n contiguous values at dst to the products of those at
	// a and b (which may be dst).
	mul func(dst, a, b unsafe.Pointer, n int)
	// mixIn is transIn of the sum or the weighted difference of two sets
	// of rows (see mixArgs).
	mixIn func(*mixArgs)
	// mixLine is mixIn for one row, in order: it sets the n values at dst
	// to a[i] + b[i], or, when t is not nil, to (a[i] − b[i])·t ((a[i] +
	// b[i])·t if sum is not 0), t the one value at t. The product is the
	// one mixIn computes, so a row mixed either way is the same.
	mixLine func(dst, a, b, t unsafe.Pointer, n, sum int)
	// transIn gathers lanes rows (row r at src + r*rowStride, n values each)
	// into a strip of n elements; transOut scatters them back.
	transIn, transOut func(strip, src unsafe.Pointer, rowStride, n int)
	// groupsOut is transOut by groups of lanes strip elements, each a
	// lanes × lanes block: group i, read at strip + i·srcStep, is written
	// to dst + i·dstStep as lanes rows of lanes values, rowStride bytes
	// apart. The split keeps its rows by column blocks with it.
	groupsOut func(dst, strip unsafe.Pointer, rowStride, dstStep, srcStep, groups int)
}

// vstage is one stage of a vector transform.
type vstage[T cplx] struct {
	radix    int
	l        int // length of the sub-transforms this stage splits: n at the first stage
	m        int // l / radix
	twF, twI []T // twiddles w^(p·k), k = 1..radix−1, for forward and inverse
}

// vplan is a vector transform of length n, built for one centring and
// one pair of scales (forward, inverse), which the tables carry.
type vplan[T cplx] struct {
	n       int
	stages  []vstage[T]
	centred bool
	// permute: centring permutes the first stage's inputs and the last
	// stage's outputs (n even, both radices even): free. Otherwise a
	// centred plan modulates the lines on the way in and out: the centred
	// DFT is phOut·DFT(phIn·x) with phIn[i] = e^{2πi·c·i/n} and
	// phOut[k] = e^{2πi·c·(k−c)/n}·scale for c = n/2 (conjugated for the
	// inverse). Index 0 holds forward tables, 1 inverse.
	permute     bool
	phIn, phOut [2][]T
	scale       [2]float64 // applied by the last stage when not modulating out
	blue        *vblue[T]
	ks          *kernelSet
}

// vblue is Bluestein's algorithm: a DFT of any length n as a convolution
// computed with vector transforms of a power-of-two length M ≥ 2n−1.
type vblue[T cplx] struct {
	fft *vplan[T] // uncentred, unscaled, length M
	// pre[d] multiplies the input (conjugate chirp, with centring folded
	// in), spec[d] is the spectrum of the chirp kernel, post[d] the output
	// factor (conjugate chirp, centring, 1/M and the plan's scale).
	pre, spec, post [2][]T
}

// vecFactors returns the radices of a Stockham plan for n (2, 3, 4, 5, 7,
// 8, 11 and 13 only; an even radix first and, where there is another,
// last), or nil if n has another prime factor or is below 2. Powers of two go in as few
// stages as radices 8 and 4 allow, each stage a pass over the data: 2^3q
// as 8^q, 2^(3q+2) as 8^q·4, 2^(3q+1) as 8^(q−1)·4·4 (a radix-2 stage
// costs a pass for little work); a radix 4 goes first, where the loop
// orders of the radix-4 kernel suit the first stage's short inner loop.
func vecFactors(n int) []int {
	if n < 2 {
		return nil
	}
	twos := 0
	for n%2 == 0 {
		twos++
		n /= 2
	}
	var odd []int
	for _, r := range []int{13, 11, 7, 5, 3} {
		for n%r == 0 {
			odd = append(odd, r)
			n /= r
		}
	}
	if n != 1 {
		return nil
	}
	var even []int
	q := twos / 3
	switch twos % 3 {
	case 0:
		even = slices.Repeat([]int{8}, q)
	case 1:
		if q == 0 {
			even = []int{2}
		} else {
			even = append([]int{4, 4}, slices.Repeat([]int{8}, q-1)...)
		}
	case 2:
		even = append([]int{4}, slices.Repeat([]int{8}, q)...)
	}
	var f []int
	if len(even) > 0 {
		f = append(f, even[0])
		even = even[1:]
	}
	f = append(f, odd...)
	return append(f, even...)
}

// cis returns e^{2πi·num/den}, with num reduced mod den first so that large
// arguments keep full accuracy.
func cis(num, den int) complex128 {
	num %= den
	if num < 0 {
		num += den
	}
	s, c := math.Sincos(2 * math.Pi * float64(num) / float64(den))
	return complex(c, s)
}

func conj(v complex128) complex128 { return complex(real(v), -imag(v)) }

func toT[T cplx](v []complex128) []T {
	out := make([]T, len(v))
	for i, x := range v {
		out[i] = T(x)
	}
	return out
}

// centring returns the modulations that centre a DFT of length n for
// direction d (0 forward, 1 inverse), the output side multiplied by scale.
func centring(n, d int, scale float64) (in, out []complex128) {
	c := n / 2
	sign := 1 - 2*d
	in = make([]complex128, n)
	out = make([]complex128, n)
	for i := range n {
		in[i] = cis(sign*c*i, n)
		out[i] = cis(sign*c*(i-c), n) * complex(scale, 0)
	}
	return in, out
}

// newVplan returns a vector plan for length n, or nil if the engine does
// not handle it (n < 4, or no kernels on this machine).
func newVplan[T cplx](n int, ks *kernelSet, centred bool, fwdScale, invScale float64) *vplan[T] {
	if ks == nil || n < 4 {
		return nil
	}
	vp := &vplan[T]{n: n, ks: ks, centred: centred, scale: [2]float64{fwdScale, invScale}}
	fac := vecFactors(n)
	if fac == nil {
		vp.blue = newVBluestein[T](n, ks, centred, vp.scale)
		return vp
	}
	l := n
	for _, r := range fac {
		st := vstage[T]{radix: r, l: l, m: l / r}
		m := l / r
		for p := range m {
			for k := 1; k < r; k++ {
				w := cis(-p*k, l) // w^(p·k), w = e^{−2πi/l}
				st.twF = append(st.twF, T(w))
				st.twI = append(st.twI, T(conj(w)))
			}
		}
		vp.stages = append(vp.stages, st)
		l /= r
	}
	vp.permute = n%2 == 0 && fac[0]%2 == 0 && fac[len(fac)-1]%2 == 0
	if centred && !vp.permute {
		for d := range 2 {
			in, out := centring(n, d, vp.scale[d])
			vp.phIn[d], vp.phOut[d] = toT[T](in), toT[T](out)
		}
	}
	return vp
}

// newVBluestein builds the Bluestein tables for length n.
func newVBluestein[T cplx](n int, ks *kernelSet, centred bool, scale [2]float64) *vblue[T] {
	vb := &vblue[T]{}
	m := blueLen(n)
	vb.pre, vb.spec, vb.post = blueTables[T](n, m, centred, scale)
	vb.fft = newVplan[T](len(vb.spec[0]), ks, false, 1, 1)
	return vb
}

// blueTables returns Bluestein's factors for length n (see vblue) and a
// convolution length m ≥ 2n − 1, for the forward and the inverse
// direction; len(spec[d]) is m.
func blueTables[T cplx](n, m int, centred bool, scale [2]float64) (preT, specT, postT [2][]T) {
	for d := range 2 {
		// b_j = e^{iπ j²/n} = e^{2πi (j² mod 2n)/(2n)}; the inverse DFT uses
		// its conjugate. X_k = conj(b_k)·Σ_j x_j·conj(b_j)·b_{k−j}.
		b := make([]complex128, n)
		for j := range n {
			b[j] = cis(j*j%(2*n), 2*n)
			if d == 1 {
				b[j] = conj(b[j])
			}
		}
		cin, cout := centring(n, d, scale[d])
		pre := make([]complex128, n)
		post := make([]complex128, n)
		for i := range n {
			pre[i], post[i] = conj(b[i]), conj(b[i])*complex(scale[d]/float64(m), 0)
			if centred {
				pre[i] *= cin[i]
				post[i] = conj(b[i]) * cout[i] / complex(float64(m), 0)
			}
		}
		// The kernel's spectrum, FFT_M of b at j and M−j, in complex128 by
		// the scalar kernel.
		kern := make([]complex128, m)
		for j := range n {
			kern[j] = b[j]
			if j > 0 {
				kern[m-j] = b[j]
			}
		}
		spec := make([]complex128, m)
		sk := newKernel(m)
		sk.forward(spec, kern, make([]complex128, sk.workLen()))
		preT[d], specT[d], postT[d] = toT[T](pre), toT[T](spec), toT[T](post)
	}
	return preT, specT, postT
}

// stripPad is the gap, in elements, left between scratch strips: strips a
// multiple of 4 KiB apart alias in the L1 cache's address disambiguation
// and cost up to 30% per stage. Two elements, 64 bytes, keep strips that
// start on a cache line on one: with three, every other strip straddled
// lines, and so did each 64-byte access of the wide kernels to it (one
// worker, medians of 600 alternated, three against two: 128² complex128
// 65.3 against 54.5 µs, 256² 331 against 281, 384² 917 against 747,
// 1024² 9.79 against 9.06 ms, 128³ complex64 7.53 against 6.66 ms).
const stripPad = 2

// batchWide reports whether every stage of vp has a wide kernel and none
// is a radix 5, the condition under which the column passes' batches
// (pass.colBatch, split2.batch) paid in every shape measured. Radix-5
// stages, wide or not, made them slower: 100² complex64 1.05×, 320²
// complex128 (a split) 1.24× the time. Radix-7, 11 and 13 stages are
// batched (bench medians, one worker, batched against not): 448² 0.96×
// (complex64) and 0.86× (complex128), 224² complex64 0.84×, 896²
// complex128 0.85×; 352² 0.68× and 0.88×, 704² 0.79× and 0.87×, 208²
// complex128 0.79×; 143² complex128 1.04×, within the noise.
func (vp *vplan[T]) batchWide() bool {
	for _, st := range vp.stages {
		if vp.ks.wide[st.radix] == nil || st.radix == 5 {
			return false
		}
	}
	return len(vp.stages) > 0
}

// scratchLen returns the number of T values of scratch run needs: three
// strips of the longest inner transform, with gaps.
func (vp *vplan[T]) scratchLen() int {
	n := vp.n
	if vp.blue != nil {
		n = vp.blue.fft.n
	}
	return lanesOf[T]() * (3*n + 2*stripPad)
}

// strips splits scratch into the three strips of a transform of length n:
// two for the stages' ping-pong and one for modulated copies.
func strips[T cplx](scratch []T, n int) (a, b, u []T) {
	l := lanesOf[T]() * n
	p := lanesOf[T]() * stripPad
	return scratch[:l], scratch[l+p : 2*l+p], scratch[2*l+2*p : 3*l+2*p]
}

// vlines describes where the lines of one vector transform are: element i
// is at base + i*stride (bytes).
type vlines struct {
	base   unsafe.Pointer
	stride int
}

func stripLines[T cplx](x []T) vlines { return vlines{unsafe.Pointer(&x[0]), elemBytes} }

// kargs holds a goroutine's kernel arguments: the kernels are called
// through function values, so arguments on the stack would escape to the
// heap on every call.
type kargs struct {
	st  stageArgs
	mod modArgs
	mix mixArgs
	// The padding makes the size a multiple of the 64-byte cache line, so
	// that the allocator's size class keeps two workers' kargs, written at
	// every kernel call, off each other's lines (280 bytes, before mixArgs.sum,
	// put them 288 apart, sharing one: false sharing on every stage).
	_ [448 - 416]byte
}

// run transforms the lines at in into out (which may be the same memory),
// with scratch of scratchLen values.
func (vp *vplan[T]) run(out, in vlines, scratch []T, ka *kargs, inverse bool) {
	d := btoi(inverse) // 0 forward, 1 inverse
	ln := lanesOf[T]()
	if vb := vp.blue; vb != nil {
		m := vb.fft.n
		_, _, u := strips(scratch, m)
		ul := stripLines(u)
		vp.modulate(ka, ul, in, vb.pre[d])
		clear(u[ln*vp.n:])
		vb.fft.runStages(ka, ul, ul, scratch, false, false, 1)
		vp.modulate(ka, ul, ul, vb.spec[d])
		vb.fft.runStages(ka, ul, ul, scratch, true, false, 1)
		vp.modulate(ka, out, ul, vb.post[d])
		return
	}
	if !vp.centred || vp.permute {
		vp.runStages(ka, out, in, scratch, inverse, vp.centred, vp.scale[d])
		return
	}
	// Centring by modulation: into a strip, transform, out of it.
	_, _, u := strips(scratch, vp.n)
	ul := stripLines(u)
	vp.modulate(ka, ul, in, vp.phIn[d])
	vp.runStages(ka, ul, ul, scratch, inverse, false, 1)
	vp.modulate(ka, out, ul, vp.phOut[d])
}

// modulate multiplies len(ph) elements of src by ph into dst.
func (vp *vplan[T]) modulate(ka *kargs, dst, src vlines, ph []T) {
	x := &ka.mod // field by field (see stages1)
	x.dst, x.src, x.ph = dst.base, src.base, unsafe.Pointer(&ph[0])
	x.n, x.ds, x.ss = len(ph), dst.stride, src.stride
	vp.ks.modulate(&ka.mod)
}

// runStages runs the Stockham stages from in to out, the intermediate results
// in the first two strips of scratch. permute centres by permuting the
// first stage's inputs and the last stage's outputs; scale multiplies the
// last stage's outputs.
func (vp *vplan[T]) runStages(ka *kargs, out, in vlines, scratch []T, inverse, permute bool, scale float64) {
	a, b, _ := strips(scratch, vp.n)
	vp.stages1(ka, out, in, stripLines(a), stripLines(b), 1, inverse, permute, permute, scale)
}

// stages1 runs the Stockham stages from in to out through bufA and bufB
// (distinct from in and out) on batch interleaved lines: element i of line
// b is the vector at i·batch + b of each array (in, out and the buffers
// with stride elemBytes when batch > 1). In Stockham's indexing such a
// batch is one more factor of the butterflies' inner index q (the first
// stage has batch values of q instead of 1), so a whole batch of adjacent
// lines takes one kernel call per stage. permIn permutes the first
// stage's inputs (ifftshift of every line) and permOut the last stage's
// outputs (fftshift), which needs those radices even; scale is as for
// runStages.
func (vp *vplan[T]) stages1(ka *kargs, out, in, bufA, bufB vlines, batch int, inverse, permIn, permOut bool, scale float64) {
	src := in
	ns := len(vp.stages)
	s := batch
	for i := range vp.stages {
		st := &vp.stages[i]
		r, m := st.radix, st.m
		dst := bufA
		switch {
		case i == ns-1:
			dst = out
		case i%2 == 1:
			dst = bufB
		}
		// The arguments field by field, the offsets by running sums: this
		// runs once per stage of every group of lines, and at 64² the
		// stages take little more than the setting up (a struct literal,
		// a division for m and one per offset when permuting cost 28 ns
		// a stage). The compiler builds a composite literal assigned to
		// these heap-held argument blocks in a stack temporary with 8-byte
		// stores and copies it with 16-byte loads, which the stores cannot
		// forward to: a stall per 16 bytes (the twiddle step of a
		// 1024-point line took 37 ns per call for its modArgs literal).
		// Single fields are plain stores.
		a := &ka.st
		a.dst, a.src = dst.base, src.base
		a.m, a.s = m, s
		a.sq, a.sp = src.stride, s*src.stride
		a.dq, a.dp = dst.stride, r*s*dst.stride
		so, do := s*m*src.stride, s*dst.stride
		// ifftshift: input index i reads x[(i + n/2) mod n]. The first
		// stage reads indices p + j·m with m = n/r, so input j comes from
		// block (j + r/2) mod r. fftshift: output index k·s (the last
		// stage has m = 1 and s = n/r) goes to (k·s + n/2) mod n.
		jo, ko := 0, 0
		if permIn && i == 0 {
			jo = r / 2
		}
		if permOut && i == ns-1 {
			ko = r / 2
		}
		if jo == 0 && ko == 0 {
			// Unpermuted (all stages but a centred line's first and last):
			// running sums, without the branches (at 64 points, complex64,
			// the loop below was an eighth of the transform).
			x, y := 0, 0
			for j := range a.so[:r] {
				a.so[j], a.do[j] = x, y
				x += so
				y += do
			}
		} else {
			for j := range a.so[:r] {
				jj, kk := j+jo, j+ko
				if jj >= r {
					jj -= r
				}
				if kk >= r {
					kk -= r
				}
				a.so[j], a.do[j] = jj*so, kk*do
			}
		}
		a.tw, a.inv = nil, 0
		tw := st.twF
		if inverse {
			tw, a.inv = st.twI, 1
		}
		if len(tw) > 0 {
			a.tw = unsafe.Pointer(&tw[0])
		}
		a.scaled = 0
		if i == ns-1 && scale != 1 {
			a.scaled, a.scale32, a.scale64 = 1, float32(scale), scale
		}
		if w := vp.ks.wide[r]; w != nil && s%2 == 0 && a.sq == elemBytes && a.dq == elemBytes {
			// Butterflies q and q+1 share their twiddles and lie side by
			// side: one double element.
			a.s, a.sq, a.dq = s/2, 2*elemBytes, 2*elemBytes
			w(a)
		} else {
			vp.ks.radix[r](a)
		}
		src = dst
		s *= r
	}
}

// Go versions of the kernels: the reference for the assembly, and the
// whole engine under the purego tag or off amd64.

// lanesAt returns the element at p + off as a slice of its lanes.
func lanesAt[T cplx](p unsafe.Pointer, off int) []T {
	return unsafe.Slice((*T)(unsafe.Add(p, off)), lanesOf[T]())
}

func twAt[T cplx](a *stageArgs, i int) T {
	return *(*T)(unsafe.Add(a.tw, i*int(unsafe.Sizeof(*new(T)))))
}

// rotOf returns the factor ∓i of the forward (−i) or inverse (+i) DFT.
func rotOf[T cplx](a *stageArgs) T {
	if a.inv != 0 {
		return T(complex(0, 1))
	}
	return T(complex(0, -1))
}

func scaleOf[T cplx](a *stageArgs) T {
	if a.scaled == 0 {
		return 1
	}
	var z T
	if unsafe.Sizeof(z) == 8 {
		return T(complex(float64(a.scale32), 0))
	}
	return T(complex(a.scale64, 0))
}

// stageGo runs one stage of radix r (2, 3, 4, 5, 7, 8, 11 or 13).
func stageGo[T cplx](a *stageArgs, r int) {
	ln := lanesOf[T]()
	rot, sc := rotOf[T](a), scaleOf[T](a)
	var x, y, w [13]T
	for p := range a.m {
		w[0] = 1
		for k := 1; k < r; k++ {
			w[k] = twAt[T](a, p*(r-1)+k-1)
		}
		for q := range a.s {
			sb := q*a.sq + p*a.sp
			db := q*a.dq + p*a.dp
			for l := range ln {
				for j := range r {
					x[j] = lanesAt[T](a.src, sb+a.so[j])[l]
				}
				butterfly(&y, &x, r, rot)
				for k := range r {
					lanesAt[T](a.dst, db+a.do[k])[l] = w[k] * y[k] * sc
				}
			}
		}
	}
}

// butterfly computes the un-twiddled DFT of the r inputs x into y; rot is
// −i for the forward transform and +i for the inverse.
func butterfly[T cplx](y, x *[13]T, r int, rot T) {
	switch r {
	case 2:
		y[0], y[1] = x[0]+x[1], x[0]-x[1]
	case 3:
		const s3 = 0.86602540378443864676 // sin(2π/3)
		b, c := x[1], x[2]
		t1 := x[0] - (b+c)*0.5
		t2 := rot * (b - c) * s3
		y[0], y[1], y[2] = x[0]+b+c, t1+t2, t1-t2
	case 4:
		apc, amc := x[0]+x[2], x[0]-x[2]
		bpd, jbmd := x[1]+x[3], rot*(x[1]-x[3])
		y[0], y[1], y[2], y[3] = apc+bpd, amc+jbmd, apc-bpd, amc-jbmd
	case 5:
		const (
			c1 = 0.30901699437494742410  // cos(2π/5)
			c2 = -0.80901699437494742410 // cos(4π/5)
			s1 = 0.95105651629515357212  // sin(2π/5)
			s2 = 0.58778525229247312917  // sin(4π/5)
		)
		b14, d14 := x[1]+x[4], x[1]-x[4]
		b23, d23 := x[2]+x[3], x[2]-x[3]
		a1 := x[0] + b14*c1 + b23*c2
		a2 := x[0] + b14*c2 + b23*c1
		r1 := rot * (d14*s1 + d23*s2)
		r2 := rot * (d14*s2 - d23*s1)
		y[0] = x[0] + b14 + b23
		y[1], y[4] = a1+r1, a1-r1
		y[2], y[3] = a2+r2, a2-r2
	case 7:
		// Pairs of inputs symmetric about 0: b_j = x_j + x_{7−j} takes the
		// cosines, d_j = x_j − x_{7−j} the sines; cos(2π·jk/7) and
		// sin(2π·jk/7) for j, k ≤ 3 are ±c_i and ±s_i by jk mod 7.
		const (
			c1 = 0.62348980185873353053  // cos(2π/7)
			c2 = -0.22252093395631440429 // cos(4π/7)
			c3 = -0.90096886790241912624 // cos(6π/7)
			s1 = 0.78183148246802980871  // sin(2π/7)
			s2 = 0.97492791218182360702  // sin(4π/7)
			s3 = 0.43388373911755812048  // sin(6π/7)
		)
		b1, d1 := x[1]+x[6], x[1]-x[6]
		b2, d2 := x[2]+x[5], x[2]-x[5]
		b3, d3 := x[3]+x[4], x[3]-x[4]
		a1 := x[0] + b1*c1 + b2*c2 + b3*c3
		a2 := x[0] + b1*c2 + b2*c3 + b3*c1
		a3 := x[0] + b1*c3 + b2*c1 + b3*c2
		r1 := rot * (d1*s1 + d2*s2 + d3*s3)
		r2 := rot * (d1*s2 - d2*s3 - d3*s1)
		r3 := rot * (d1*s3 - d2*s1 + d3*s2)
		y[0] = x[0] + b1 + b2 + b3
		y[1], y[6] = a1+r1, a1-r1
		y[2], y[5] = a2+r2, a2-r2
		y[3], y[4] = a3+r3, a3-r3
	case 11:
		oddButterfly(y, x, 11, rot, &cos11, &sin11)
	case 13:
		oddButterfly(y, x, 13, rot, &cos13, &sin13)
	case 8:
		// Radix 2 then two radix-4 butterflies: the even outputs are the
		// DFT_4 of x[j] + x[j+4], the odd ones that of (x[j] − x[j+4])·w8^j,
		// w8 = e^{∓iπ/4} = √½·(1 + rot).
		const h = 0.70710678118654752440 // √½
		var a, b [4]T
		for j := range 4 {
			a[j], b[j] = x[j]+x[j+4], x[j]-x[j+4]
		}
		b[1] = (b[1] + rot*b[1]) * h
		b[2] = rot * b[2]
		b[3] = (rot*b[3] - b[3]) * h
		for e, v := range [2]*[4]T{&a, &b} {
			apc, amc := v[0]+v[2], v[0]-v[2]
			bpd, jbmd := v[1]+v[3], rot*(v[1]-v[3])
			y[e], y[2+e], y[4+e], y[6+e] = apc+bpd, amc+jbmd, apc-bpd, amc-jbmd
		}
	}
}

// cos11 … sin13 hold cos(2πk/r) and sin(2πk/r) for k = 1 … (r−1)/2.
var (
	cos11 = [6]float64{0.841253532831181168862, 0.415415013001886425529, -0.142314838273285140444, -0.654860733945285064057, -0.95949297361449738989, 0}
	sin11 = [6]float64{0.540640817455597582108, 0.909631995354518371412, 0.989821441880932732376, 0.755749574354258283774, 0.281732556841429697711, 0}
	cos13 = [6]float64{0.8854560256532098959, 0.568064746731155802512, 0.120536680255323053349, -0.35460488704253562597, -0.748510748171101098635, -0.970941817426052027157}
	sin13 = [6]float64{0.464723172043768545656, 0.82298386589365639458, 0.992708874098053992801, 0.93501624268541482344, 0.663122658240795202377, 0.239315664287557767149}
)

// oddButterfly is the DFT of an odd prime number r of inputs, as the
// radix-11 and 13 kernels compute it: with b_j = x_j + x_{r−j} and
// d_j = x_j − x_{r−j} (j ≤ h = (r−1)/2), output k ≤ h is
// a_k + rot·t_k and output r−k is a_k − rot·t_k, where a_k = x_0 +
// Σ_j cos(2π·jk/r)·b_j and t_k = Σ_j sin(2π·jk/r)·d_j, summed in order of j;
// cos and sin hold the values for jk mod r ≤ h (the others by symmetry).
func oddButterfly[T cplx](y, x *[13]T, r int, rot T, cos, sin *[6]float64) {
	h := (r - 1) / 2
	var b, d [7]T
	y0 := x[0]
	for j := 1; j <= h; j++ {
		b[j], d[j] = x[j]+x[r-j], x[j]-x[r-j]
		y0 += b[j]
	}
	for k := 1; k <= h; k++ {
		a, t := x[0], T(0)
		for j := 1; j <= h; j++ {
			m := j * k % r
			if m <= h {
				a += b[j] * T(complex(cos[m-1], 0))
				t += d[j] * T(complex(sin[m-1], 0))
			} else {
				a += b[j] * T(complex(cos[r-m-1], 0))
				t -= d[j] * T(complex(sin[r-m-1], 0))
			}
		}
		t *= rot
		y[k], y[r-k] = a+t, a-t
	}
	y[0] = y0
}

// lineStageGo is lineStage in Go, value by value, with a twiddle table of
// ln lanes per element (elemBytes each; lanesOf[T] in the kernel set).
func lineStageGo[T cplx](a *stageArgs, r, ln int) {
	sz := int(unsafe.Sizeof(*new(T)))
	rot := rotOf[T](a)
	var x, y [13]T
	for p := range a.m {
		for j := range r {
			x[j] = *(*T)(unsafe.Add(a.src, a.so[j]+p*sz))
		}
		butterfly(&y, &x, r, rot)
		g, l := p/ln, p%ln
		dst := unsafe.Slice((*T)(unsafe.Add(a.dst, r*p*sz)), r)
		dst[0] = y[0]
		for k := 1; k < r; k++ {
			dst[k] = y[k] * *(*T)(unsafe.Add(a.tw, ((g*(r-1)+k-1)*ln+l)*sz))
		}
	}
}

func lineStage4Go[T cplx](a *stageArgs) { lineStageGo[T](a, 4, lanesOf[T]()) }
func lineStage8Go[T cplx](a *stageArgs) { lineStageGo[T](a, 8, lanesOf[T]()) }

func radix2Go[T cplx](a *stageArgs)  { stageGo[T](a, 2) }
func radix3Go[T cplx](a *stageArgs)  { stageGo[T](a, 3) }
func radix4Go[T cplx](a *stageArgs)  { stageGo[T](a, 4) }
func radix5Go[T cplx](a *stageArgs)  { stageGo[T](a, 5) }
func radix7Go[T cplx](a *stageArgs)  { stageGo[T](a, 7) }
func radix8Go[T cplx](a *stageArgs)  { stageGo[T](a, 8) }
func radix11Go[T cplx](a *stageArgs) { stageGo[T](a, 11) }
func radix13Go[T cplx](a *stageArgs) { stageGo[T](a, 13) }

func modulateGo[T cplx](a *modArgs) {
	ph := unsafe.Slice((*T)(a.ph), a.n)
	for i := range a.n {
		src := lanesAt[T](a.src, i*a.ss)
		dst := lanesAt[T](a.dst, i*a.ds)
		for l := range dst {
			dst[l] = src[l] * ph[i]
		}
	}
}

// transposeInGo gathers n values of each of the lanes rows (row r at
// src + r*rowStride) into a strip: element i holds value i of row r in
// lane r.
func mulGo[T cplx](dst, a, b unsafe.Pointer, n int) {
	d, x, y := unsafe.Slice((*T)(dst), n), unsafe.Slice((*T)(a), n), unsafe.Slice((*T)(b), n)
	for i := range d {
		d[i] = x[i] * y[i]
	}
}

func mixLineGo[T cplx](dst, a, b, t unsafe.Pointer, n, sum int) {
	d, x, y := unsafe.Slice((*T)(dst), n), unsafe.Slice((*T)(a), n), unsafe.Slice((*T)(b), n)
	switch {
	case t == nil:
		for i := range d {
			d[i] = x[i] + y[i]
		}
	case sum != 0:
		w := *(*T)(t)
		for i := range d {
			d[i] = (x[i] + y[i]) * w
		}
	default:
		w := *(*T)(t)
		for i := range d {
			d[i] = (x[i] - y[i]) * w
		}
	}
}

func twTransGo[T cplx](dst, src, tw unsafe.Pointer, srcRow, dstRow, n int) {
	sz := int(unsafe.Sizeof(*new(T)))
	for j := range n {
		e := lanesAt[T](dst, j*dstRow)
		w := lanesAt[T](tw, j*elemBytes)
		for r := range e {
			e[r] = *(*T)(unsafe.Add(src, r*srcRow+sz*j)) * w[r]
		}
	}
}

func transposeInGo[T cplx](strip, src unsafe.Pointer, rowStride, n int) {
	sz := int(unsafe.Sizeof(*new(T)))
	for i := range n {
		e := lanesAt[T](strip, i*elemBytes)
		for r := range e {
			e[r] = *(*T)(unsafe.Add(src, r*rowStride+sz*i))
		}
	}
}

// transposeOutGo scatters a strip back to rows, undoing transposeInGo.
func transposeOutGo[T cplx](dst, strip unsafe.Pointer, rowStride, n int) {
	sz := int(unsafe.Sizeof(*new(T)))
	for i := range n {
		e := lanesAt[T](strip, i*elemBytes)
		for r := range e {
			*(*T)(unsafe.Add(dst, r*rowStride+sz*i)) = e[r]
		}
	}
}

// groupsOutGo is groupsOut in Go.
func groupsOutGo[T cplx](dst, strip unsafe.Pointer, rowStride, dstStep, srcStep, groups int) {
	for i := range groups {
		transposeOutGo[T](unsafe.Add(dst, i*dstStep), unsafe.Add(strip, i*srcStep), rowStride, lanesOf[T]())
	}
}

// goKernels64 and goKernels128 are the Go kernel sets.
var (
	goKernels64 = &kernelSet{
		radix:     [14]func(*stageArgs){2: radix2Go[complex64], 3: radix3Go[complex64], 4: radix4Go[complex64], 5: radix5Go[complex64], 7: radix7Go[complex64], 8: radix8Go[complex64], 11: radix11Go[complex64], 13: radix13Go[complex64]},
		lineStage: [14]func(*stageArgs){4: lineStage4Go[complex64], 8: lineStage8Go[complex64]},
		modulate:  modulateGo[complex64],
		twTrans:   twTransGo[complex64],
		mul:       mulGo[complex64],
		mixIn:     mixInGo[complex64],
		mixLine:   mixLineGo[complex64],
		transIn:   transposeInGo[complex64], transOut: transposeOutGo[complex64],
		groupsOut: groupsOutGo[complex64],
	}
	goKernels128 = &kernelSet{
		radix:     [14]func(*stageArgs){2: radix2Go[complex128], 3: radix3Go[complex128], 4: radix4Go[complex128], 5: radix5Go[complex128], 7: radix7Go[complex128], 8: radix8Go[complex128], 11: radix11Go[complex128], 13: radix13Go[complex128]},
		lineStage: [14]func(*stageArgs){4: lineStage4Go[complex128], 8: lineStage8Go[complex128]},
		modulate:  modulateGo[complex128],
		twTrans:   twTransGo[complex128],
		mul:       mulGo[complex128],
		mixIn:     mixInGo[complex128],
		mixLine:   mixLineGo[complex128],
		transIn:   transposeInGo[complex128], transOut: transposeOutGo[complex128],
		groupsOut: groupsOutGo[complex128],
	}
)

// copyRowsGo copies rows of width bytes from src (rows srcStride apart) to
// dst (rows dstStride apart).
func copyRowsGo(dst, src unsafe.Pointer, dstStride, srcStride, rows, width int) {
	for r := range rows {
		copy(unsafe.Slice((*byte)(unsafe.Add(dst, r*dstStride)), width),
			unsafe.Slice((*byte)(unsafe.Add(src, r*srcStride)), width))
	}
}
