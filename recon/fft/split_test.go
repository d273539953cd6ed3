package fft

import (
	"fmt"
	"math"
	"math/cmplx"
	"sync"
	"testing"
	"unsafe"
)

// TestSplitChoice checks which shapes get the two-half transform: 2D
// arrays from 256² up to 3 MiB with N even, never batched.
func TestSplitChoice(t *testing.T) {
	for _, c := range []struct {
		dims []int
		mask uint32
		want bool
		c128 bool
	}{
		{[]int{256, 256}, 3, true, false},
		{[]int{256, 256}, 3, true, true},
		{[]int{384, 384}, 3, true, false},
		{[]int{384, 384}, 3, true, true}, // 2.25 MiB
		{[]int{512, 512}, 3, true, false},
		{[]int{512, 512}, 3, false, true},    // 4 MiB
		{[]int{640, 640}, 3, false, false},   // 3.125 MiB
		{[]int{256, 384}, 3, true, true},     // 1.5 MiB
		{[]int{384, 512}, 3, true, true},     // 3 MiB
		{[]int{1024, 1024}, 3, false, false}, // 8 MiB
		{[]int{192, 192}, 3, false, false},
		{[]int{256, 264}, 3, true, false},
		{[]int{270, 270}, 3, true, false}, // N/2 odd, M not a multiple of the lanes
		{[]int{270, 270}, 3, true, true},
		{[]int{256, 257}, 3, false, false}, // N odd
		{[]int{4096, 32}, 3, false, false}, // N/2 below 32
		{[]int{256, 256, 2}, 3, false, false},
		{[]int{256, 256, 2}, 7, false, false},
		{[]int{256, 256}, 1, false, false},
		{[]int{256, 256}, 2, false, false},
	} {
		var got bool
		if c.c128 {
			p, err := NewPlan128(c.dims, c.mask, Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			got = p.p.split != nil
		} else {
			p, err := NewPlan(c.dims, c.mask, Options{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			got = p.p.split != nil
		}
		if got != c.want {
			t.Errorf("dims %v mask %b complex128 %v: split %v, want %v", c.dims, c.mask, c.c128, got, c.want)
		}
	}
}

// splitShapes are shapes that take the split: powers of two, 320 (inner
// length 160 = 2^5·5), a Bluestein inner length (748/2 = 374 = 2·11·17),
// a Bluestein row length (272 = 2^4·17), and shapes with rows and
// columns left over from whole strips and groups of lanes, centred with
// N/2 odd or even: 270² (N/2 = 135 = 33·4 + 3; M = 270 = 67·4 + 2),
// 263×262 (M prime and odd, N/2 = 131 prime) and 258×264 (N/2 = 132),
// 128×512, whose column blocks run as batches where the CPU has the
// wide kernels (inner length 256; see split2.batch), and 384×256, the
// complex64 rows by line (see split2.byLine). (704 = 2^6·11 and
// 260 = 2^2·5·13 were the Bluestein lengths until radix-11 and 13 stages
// took them.)
var splitShapes = [][]int{{256, 256}, {320, 320}, {384, 256}, {96, 748}, {272, 256}, {270, 270}, {263, 262}, {258, 264}, {128, 512}}

// TestSplitMatchesRowColumn compares the two-half transform with the
// row-column method of a complex128 plan (itself checked against the
// float64 DFT by TestPlan128MatchesNaiveDFT and TestAccuracy256And257) for
// every normalisation, centred and uncentred, forward and inverse, in
// place and out of place, and 1 to 3 workers, which must agree bit for
// bit. Tolerances: relative RMS 2e-7 (complex64: float32 rounding over
// log2(n) ≈ 16 stages gives about 1e-7), 3e-7 where rows or half-columns
// go through Bluestein (its three transforms and three products in
// float32; measured at most 2.4e-7, at 263×262 with M = 576), and 4e-15
// (complex128: each side carries up to about 1e-15 of float64 rounding,
// more where Bluestein's three transforms run; measured at most 1.2e-15).
func TestSplitMatchesRowColumn(t *testing.T) {
	for _, dims := range splitShapes {
		n := dims[0] * dims[1]
		tol64 := 2e-7
		if vecFactors(dims[0]) == nil || vecFactors(dims[1]/2) == nil {
			tol64 = 3e-7
		}
		x64 := randData[complex64](n, 11)
		x128 := randData[complex128](n, 12)
		x64w := make([]complex128, n)
		for i, v := range x64 {
			x64w[i] = complex128(v)
		}
		for _, o := range allOpts() {
			ref, err := NewPlan128(dims, 3, Options{Uncentred: o.Uncentred, Scaling: o.Scaling, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			ref.p.split = nil // the row-column method
			for _, inverse := range []bool{false, true} {
				name := fmt.Sprintf("%v %+v inverse %v", dims, o, inverse)
				want := make([]complex128, n)
				run128(ref, want, x64w, inverse)
				checkSplit(t, name+" complex64", dims, o, x64, want, inverse, tol64)
				run128(ref, want, x128, inverse)
				checkSplit(t, name+" complex128", dims, o, x128, want, inverse, 4e-15)
			}
		}
	}
}

func run128(p *Plan128, dst, src []complex128, inverse bool) {
	if inverse {
		p.Inverse(dst, src)
	} else {
		p.Forward(dst, src)
	}
}

func allOpts() []Options {
	var os []Options
	for _, u := range []bool{false, true} {
		for _, s := range []Scaling{Unnormalised, Unitary, Backward} {
			os = append(os, Options{Uncentred: u, Scaling: s})
		}
	}
	return os
}

// checkSplit runs the split on x with 1, 2 and 3 workers (two both with
// and without split2.direct where the rows go by line), out of place and
// in place, with the arrays at 0, 1 or 3 values past an allocation's start,
// requires bit-identical results and compares them with want.
func checkSplit[T cplx](t *testing.T, name string, dims []int, o Options, x []T, want []complex128, inverse bool, tol float64) {
	t.Helper()
	var first []T
	for _, run := range []struct{ w, direct int }{{1, -1}, {2, -1}, {2, 1}, {2, 0}, {3, -1}} {
		w := run.w
		o.Workers = w
		p, err := newPlanT[T](dims, o)
		if err != nil {
			t.Fatal(err)
		}
		if p.split == nil {
			t.Fatalf("%s: no split", name)
		}
		if run.direct >= 0 {
			// Both ways of keeping the rows on two workers.
			if !p.split.byLine {
				continue
			}
			p.split.direct = run.direct == 1
		}
		if dims[1] == 512 && p.split.inner.ks.wide[8] != nil && !p.split.batch {
			t.Fatalf("%s: the column blocks are not batched", name)
		}
		for _, c := range []struct {
			inPlace bool
			off     int
		}{{false, 0}, {false, 1}, {false, 3}, {true, 0}, {true, 1}} {
			// Offsets of 1 and 3 values move dst off the vector boundary,
			// and with it the first column s of each half's whole groups
			// (complex64 at 270²: s = 3 leaves two units of leftover
			// columns, s = 1 one unit for those before and after the
			// groups; offsets 1 and 3 give each half both).
			inPlace := c.inPlace
			src := append(make([]T, c.off), x...)[c.off:]
			dst := make([]T, len(x)+c.off)[c.off:]
			if inPlace {
				dst = src
			}
			p.transform(dst, src, inverse)
			if !inPlace {
				for i := range x {
					if src[i] != x[i] {
						t.Fatalf("%s: workers %d changed src[%d]", name, w, i)
					}
				}
			}
			if first == nil {
				first = append([]T(nil), dst...)
				var num, den float64
				for i := range want {
					d := complex128(dst[i]) - want[i]
					num += real(d)*real(d) + imag(d)*imag(d)
					den += real(want[i])*real(want[i]) + imag(want[i])*imag(want[i])
				}
				if e := math.Sqrt(num / den); e > tol || e != e {
					t.Errorf("%s: relative RMS error %.2e against the row-column method, want ≤ %.0e", name, e, tol)
				}
				continue
			}
			for i := range dst {
				if dst[i] != first[i] {
					t.Fatalf("%s: workers %d in place %v offset %d: element %d = %v, with 1 worker out of place %v", name, w, inPlace, c.off, i, dst[i], first[i])
				}
			}
		}
	}
}

func newPlanT[T cplx](dims []int, o Options) (*plan[T], error) {
	var z T
	if unsafe.Sizeof(z) == 8 {
		p, err := NewPlan(dims, 3, o)
		if err != nil {
			return nil, err
		}
		return any(&p.p).(*plan[T]), nil
	}
	p, err := NewPlan128(dims, 3, o)
	if err != nil {
		return nil, err
	}
	return any(&p.p).(*plan[T]), nil
}

// TestSplitClone runs a plan and its clone at once: each has its own
// buffer, so both give the plan's result.
func TestSplitClone(t *testing.T) {
	p, err := NewPlan([]int{256, 256}, 3, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	q := p.Clone()
	if q.p.split == nil || &q.p.split.buf[0] == &p.p.split.buf[0] || q.p.split.rows != &q.p.passes[0] {
		t.Fatal("the clone does not have a split of its own")
	}
	x := randData[complex64](p.Len(), 13)
	want := p.Forward(nil, x)
	var wg sync.WaitGroup
	got := [2][]complex64{make([]complex64, p.Len()), make([]complex64, p.Len())}
	for i, pl := range []*Plan{p, q} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				copy(got[i], x)
				pl.Forward(got[i], got[i])
			}
		}()
	}
	wg.Wait()
	for i := range got {
		for k := range want {
			if got[i][k] != want[k] {
				t.Fatalf("plan %d: element %d = %v, want %v", i, k, got[i][k], want[k])
			}
		}
	}
}

// TestSplitAllocs: no allocation per transform, in place (two rounds of
// jobs) or not (one job per worker).
func TestSplitAllocs(t *testing.T) {
	for _, w := range []int{1, 2, 3} {
		p, err := NewPlan128([]int{256, 256}, 3, Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		x := make([]complex128, p.Len())
		y := make([]complex128, p.Len())
		if a := testing.AllocsPerRun(5, func() { p.Forward(y, x) }); a != 0 {
			t.Errorf("workers %d: %v allocations per out-of-place call", w, a)
		}
		if a := testing.AllocsPerRun(5, func() { p.Inverse(x, x) }); a != 0 {
			t.Errorf("workers %d: %v allocations per in-place call", w, a)
		}
	}
}

// TestSplitByLine checks which shapes take the rows line by line and
// which keep them in the output on two workers (see newSplit): complex64
// rows of 2.5 KiB or less by strips, of 3 KiB by line, kept in the
// buffer; complex128 by line, kept in the output (columns of half length
// 128 or 160, never batched). TestSplitMatchesRowColumn covers them with
// 256², 320² and 384×256.
func TestSplitByLine(t *testing.T) {
	for _, c := range []struct {
		n            int
		c128         bool
		line, direct bool
	}{
		{256, false, false, false},
		{320, false, false, false},
		{384, false, true, false},
		{256, true, true, true},
		{320, true, true, true},
	} {
		dims := []int{c.n, c.n}
		var sp64 *split2[complex64]
		var sp128 *split2[complex128]
		var line, direct bool
		if c.c128 {
			p, err := NewPlan128(dims, 3, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sp128 = p.p.split
			line, direct = sp128.byLine, sp128.direct
		} else {
			p, err := NewPlan(dims, 3, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sp64 = p.p.split
			line, direct = sp64.byLine, sp64.direct
		}
		if line != c.line || direct != c.direct {
			t.Errorf("%d² complex128 %v: byLine %v direct %v, want %v %v", c.n, c.c128, line, direct, c.line, c.direct)
		}
	}
}

// TestMixLine checks the machine's mixLine against the Go version and the
// definition, and that a row mixed by mixLine is bit for bit its lane of
// a strip mixed by mixIn, in the machine's kernels and in Go's (the rows
// go one way or the other by shape, never both in one plan, but the two
// must stay the same computation).
func TestMixLine(t *testing.T) {
	testMixLine[complex64](t, kernels64(), goKernels64, 1e-6)
	testMixLine[complex128](t, kernels128(), goKernels128, 1e-15)
}

func testMixLine[T cplx](t *testing.T, ks, ref *kernelSet, tol float64) {
	ln := lanesOf[T]()
	for n := 1; n <= 37; n++ {
		a := randData[T](ln*n, 1)
		b := randData[T](ln*n, 2)
		tw := randData[T](2*ln, 3)
		tv := make([]T, ln) // the factors as values
		for r := range ln {
			tv[r] = T(complex(real(complex128(tw[r])), imag(complex128(tw[ln+r]))))
			tw[r] = T(complex(real(complex128(tv[r])), real(complex128(tv[r]))))
			tw[ln+r] = T(complex(imag(complex128(tv[r])), imag(complex128(tv[r]))))
		}
		for mode := range 3 { // a + b, (a − b)·t, (a + b)·t
			for _, set := range []*kernelSet{ks, ref} {
				if set == nil {
					continue
				}
				strip := make([]T, ln*n)
				x := &mixArgs{dst: unsafe.Pointer(&strip[0]), a: unsafe.Pointer(&a[0]), b: unsafe.Pointer(&b[0]), stride: int(unsafe.Sizeof(a[0])) * n, n: n}
				if mode > 0 {
					x.tw, x.sum = unsafe.Pointer(&tw[0]), mode-1
				}
				set.mixIn(x)
				for r := range ln {
					got := make([]T, n)
					var tp unsafe.Pointer
					if mode > 0 {
						tp = unsafe.Pointer(&tv[r])
					}
					set.mixLine(unsafe.Pointer(&got[0]), unsafe.Pointer(&a[r*n]), unsafe.Pointer(&b[r*n]), tp, n, max(mode-1, 0))
					for k := range n {
						if got[k] != strip[k*ln+r] {
							t.Fatalf("%T n %d mode %d row %d: mixLine value %d = %v, mixIn %v", *new(T), n, mode, r, k, got[k], strip[k*ln+r])
						}
						av, bv := complex128(a[r*n+k]), complex128(b[r*n+k])
						var w complex128
						switch mode {
						case 0:
							w = av + bv
						case 1:
							w = (av - bv) * complex128(tv[r])
						case 2:
							w = (av + bv) * complex128(tv[r])
						}
						if d := cmplx.Abs(complex128(got[k]) - w); d > tol*4 {
							t.Fatalf("%T n %d mode %d row %d: value %d = %v, want %v", *new(T), n, mode, r, k, got[k], w)
						}
					}
				}
			}
		}
	}
}

// TestMixIn checks the machine's mixed gather against the Go version.
func TestMixIn(t *testing.T) {
	testMixIn[complex64](t, kernels64(), goKernels64, 1e-6)
	testMixIn[complex128](t, kernels128(), goKernels128, 1e-15)
}

func testMixIn[T cplx](t *testing.T, ks, ref *kernelSet, tol float64) {
	if ks == nil {
		t.Skip("no machine kernels")
	}
	const stride = 29           // row stride in values
	for n := 24; n <= 27; n++ { // values per row: every remainder of the four-value loop
		testMixInLen[T](t, ks, ref, tol, n, stride)
	}
}

func testMixInLen[T cplx](t *testing.T, ks, ref *kernelSet, tol float64, n, stride int) {
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	a := randData[T](ln*stride, 1)
	b := randData[T](ln*stride, 2)
	tw := randData[T](2*ln, 3)
	for r := range ln { // (Re, Re) then (Im, Im) per lane
		tw[r] = T(complex(real(complex128(tw[r])), real(complex128(tw[r]))))
		tw[ln+r] = T(complex(imag(complex128(tw[ln+r])), imag(complex128(tw[ln+r]))))
	}
	for mode := range 3 { // a + b, (a − b)·t, (a + b)·t
		got, want := make([]T, ln*n), make([]T, ln*n)
		for i, dst := range [][]T{got, want} {
			x := &mixArgs{dst: unsafe.Pointer(&dst[0]), a: unsafe.Pointer(&a[0]), b: unsafe.Pointer(&b[0]), stride: sz * stride, n: n}
			if mode > 0 {
				x.tw = unsafe.Pointer(&tw[0])
				x.sum = mode - 1
			}
			[]*kernelSet{ks, ref}[i].mixIn(x)
		}
		// The Go version against the definition.
		for k := range n {
			for r := range ln {
				av, bv := complex128(a[r*stride+k]), complex128(b[r*stride+k])
				tr := complex(real(complex128(tw[r])), real(complex128(tw[ln+r])))
				var w complex128
				switch mode {
				case 0:
					w = av + bv
				case 1:
					w = (av - bv) * tr
				case 2:
					w = (av + bv) * tr
				}
				if d := cmplx.Abs(complex128(want[k*ln+r]) - w); d > tol*4 {
					t.Fatalf("%T n %d mode %d: Go value %d lane %d = %v, want %v", *new(T), n, mode, k, r, want[k*ln+r], w)
				}
			}
		}
		if e := relRMS(got, want); e > tol {
			t.Errorf("%T n %d mode %d: relative RMS %.2e between the kernels, want ≤ %.0e", *new(T), n, mode, e, tol)
		}
	}
}

// TestKargsSize: kargs must stay a multiple of a cache line (see its
// padding).
func TestKargsSize(t *testing.T) {
	if s := unsafe.Sizeof(kargs{}); s%64 != 0 {
		t.Errorf("kargs is %d bytes, not a multiple of 64: adjust its padding", s)
	}
}

// TestSplitShared holds one of two workers back, before its rows or
// before its columns, until the other has finished its own half and taken
// over what was left of the late one's: the transform must come out bit
// for bit as on one worker, with the late half's units (all of its row
// strips or all of its column chunks, leftover columns with them) done by
// the other worker. Arrays at 0, 1 and 3 values past an allocation's
// start give halves with and without leftover columns on either side.
func TestSplitShared(t *testing.T) {
	for _, dims := range [][]int{{256, 256}, {270, 270}, {263, 262}, {128, 512}} {
		for _, uncentred := range []bool{false, true} {
			o := Options{Uncentred: uncentred}
			sharedCase[complex64](t, dims, o)
			sharedCase[complex128](t, dims, o)
		}
	}
}

func sharedCase[T cplx](t *testing.T, dims []int, o Options) {
	t.Helper()
	n := dims[0] * dims[1]
	x := randData[T](n, 14)
	o.Workers = 1
	one, err := newPlanT[T](dims, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Workers = 2
	two, err := newPlanT[T](dims, o)
	if err != nil {
		t.Fatal(err)
	}
	sp := two.split
	if sp == nil || two.pool == nil {
		t.Fatalf("%v: no split on two workers", dims)
	}
	defer func() { sp.hook = nil }()
	for _, off := range []int{0, 1, 3} {
		src := append(make([]T, off), x...)[off:]
		want := one.transform(make([]T, n+off)[off:], src, false)
		for _, late := range []struct{ half, at int }{{1, 0}, {0, 0}, {1, 1}, {0, 1}} {
			release := make(chan struct{})
			sp.hook = func(e, at int) {
				switch {
				case e == late.half && at == late.at:
					<-release
				case e != late.half && at == 2:
					close(release)
				}
			}
			dst := two.transform(make([]T, n+off)[off:], src, false)
			name := fmt.Sprintf("%v %T uncentred %v offset %d, half %d late at %d", dims, x[0], o.Uncentred, off, late.half, late.at)
			for i := range want {
				if dst[i] != want[i] {
					t.Fatalf("%s: element %d = %v, one worker gives %v", name, i, dst[i], want[i])
				}
			}
			// What the late half's owner left: it claimed from the front,
			// the other worker from the back.
			sh := &sp.share.half[late.half]
			rows, chunks := sh.rows.Load(), sh.chunks.Load()
			if late.at == 0 && rows>>32 != 0 {
				t.Errorf("%s: the other worker took %d of %d row strips, want all", name, sp.rowsPU-int(rows>>32), sp.rowsPU)
			}
			if chunks>>32 != 0 {
				t.Errorf("%s: the other worker took %d of %d column chunks, want all", name, sp.chunks(dst, late.half)-int(chunks>>32), sp.chunks(dst, late.half))
			}
		}
	}
}
