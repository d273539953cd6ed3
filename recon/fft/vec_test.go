package fft

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// vecTol bounds the relative RMS difference between the vector engine and
// the complex128 scalar path for complex64 data: float32 rounding (6e-8)
// over up to ~12 stages with √ growth, Bluestein's three passes over
// twice the length, and a margin of ~3. complex128: the same in float64.
const (
	vecTol64  = 1e-6
	vecTol128 = 1e-14
)

func randData[T cplx](n int, seed uint64) []T {
	r := rand.New(rand.NewPCG(seed, 3))
	x := make([]T, n)
	for i := range x {
		x[i] = T(complex(float32(r.NormFloat64()), float32(r.NormFloat64())))
	}
	return x
}

func relRMS[T cplx](got, want []T) float64 {
	var num, den float64
	for i := range want {
		d := complex128(got[i]) - complex128(want[i])
		w := complex128(want[i])
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(w)*real(w) + imag(w)*imag(w)
	}
	return math.Sqrt(num / den)
}

// scalarOf returns a copy of p that never uses the vector engine: the
// complex128 path that the naive-DFT tests check.
func scalarOf[T cplx](p *plan[T]) *plan[T] {
	q := p.clone()
	q.passes = append([]pass[T](nil), p.passes...)
	for i := range q.passes {
		q.passes[i].v = nil
		q.passes[i].four = nil
		q.passes[i].blue = nil
		q.passes[i].rowLine = nil
		q.passes[i].blockBatch = false
	}
	return q
}

var vecSizes = []int{4, 5, 6, 8, 9, 12, 15, 16, 25, 30, 32, 60, 64, 7, 11, 13, 17, 14, 21, 49, 56, 112, 22, 26, 121, 143, 169, 176, 208, 128, 192, 210, 240, 256, 257, 270, 320, 384, 1024}

func testVectorEngine[T cplx](t *testing.T, tol float64) {
	used, batched := false, false
	for _, n := range vecSizes {
		ln := lanesOf[T]()
		for _, shape := range []struct {
			dims []int
			mask uint32
		}{{[]int{n, ln + 1}, 1}, {[]int{ln + 2, n}, 2}, {[]int{ln, 3, n}, 4}, {[]int{520, n}, 2}} {
			for _, o := range []Options{{}, {Uncentred: true}, {Scaling: Unitary}, {Scaling: Backward, Uncentred: true}, {Workers: 3}} {
				var p plan[T]
				ks := goKernels128
				if ln == 4 {
					ks = goKernels64
				}
				if k := kernelsFor[T](); k != nil {
					ks = k
				}
				if err := p.init(shape.dims, shape.mask, o, ks); err != nil {
					t.Fatal(err)
				}
				for _, ps := range p.passes {
					used = used || ps.v != nil
					// Columns 520 values apart are copied in blocks, which
					// run as one batch from 64 points where every radix
					// has a wide kernel.
					if shape.dims[0] == 520 && ps.v != nil && n >= 64 && ps.v.blue == nil && ps.v.batchWide() &&
						(!ps.v.centred || ps.v.permute) && !ps.blockBatch {
						t.Fatalf("n=%d %+v: the column blocks do not run as batches", n, o)
					}
					batched = batched || ps.blockBatch
				}
				ref := scalarOf(&p)
				x := randData[T](p.n, uint64(n))
				for _, inv := range []bool{false, true} {
					name := fmt.Sprintf("%T n=%d dims=%v %+v inverse=%v", x[0], n, shape.dims, o, inv)
					want := ref.transform(nil, x, inv)
					got := p.transform(nil, x, inv)
					if e := relRMS(got, want); e > tol {
						t.Errorf("%s: relative RMS %.2e", name, e)
					}
					inplace := append([]T(nil), x...)
					p.transform(inplace, inplace, inv)
					for i := range got {
						if inplace[i] != got[i] {
							t.Fatalf("%s: in place differs at %d", name, i)
						}
					}
				}
			}
		}
	}
	// Batches need wide (AVX-512) kernels.
	if ks := kernelsFor[T](); !used || !batched && ks != nil && ks.wide[4] != nil {
		t.Fatalf("the vector engine used %v, its column blocks batched %v", used, batched)
	}
}

// kernelsFor returns the machine's kernel set for T (assembly where there
// is some), or nil.
func kernelsFor[T cplx]() *kernelSet {
	if lanesOf[T]() == 4 {
		return kernels64()
	}
	return kernels128()
}

// TestVectorEngine compares the vector engine with the scalar path for
// sizes of every kind it handles (powers of two, mixed radix 2-3-4-5 and
// with 7, 11 and 13, Bluestein: 17, 257), contiguous and strided lines with leftovers for the scalar
// fallback, every option, in place and out of place, with the machine's
// kernels and with the Go ones.
func TestVectorEngine(t *testing.T) {
	testVectorEngine[complex64](t, vecTol64)
	testVectorEngine[complex128](t, vecTol128)
}

// TestKernelsMatchGo checks the machine's kernels (assembly on amd64)
// against their Go versions on random strides and offsets. FMA rounding
// differs, hence a tolerance rather than equality.
func TestKernelsMatchGo(t *testing.T) {
	testKernels[complex64](t, kernels64(), goKernels64, 1e-6)
	testKernels[complex128](t, kernels128(), goKernels128, 1e-14)
}

func testKernels[T cplx](t *testing.T, ks, ref *kernelSet, tol float64) {
	if ks == nil {
		t.Logf("%T: no machine kernels", *new(T))
		return
	}
	ln := lanesOf[T]()
	for _, n := range []int{8, 30, 60, 128, 56, 210, 88, 143, 208} {
		vp := newVplan[T](n, ks, false, 1, 1)
		for _, scaled := range []bool{false, true} {
			for _, inv := range []bool{false, true} {
				x := randData[T](ln*n*3, 9)
				s := 1
				for i, st := range vp.stages {
					m := st.l / st.radix
					a := stageArgs{m: m, s: s, sq: 3 * elemBytes, sp: 3 * s * elemBytes, dq: elemBytes, dp: st.radix * s * elemBytes}
					for j := range st.radix {
						a.so[j] = j * s * m * 3 * elemBytes
						rot := i // radix 8: halves swapped or not (see radix8AVX2)
						if st.radix == 8 {
							rot = 4 * (i % 2)
						}
						if st.radix == 7 || st.radix > 8 { // in order: see radix7AVX2
							rot = 0
						}
						a.do[j] = ((j + rot) % st.radix) * s * elemBytes
					}
					tw := st.twF
					if inv {
						tw, a.inv = st.twI, 1
					}
					if scaled {
						a.scaled, a.scale32, a.scale64 = 1, 0.25, 0.25
					}
					got := make([]T, ln*n)
					want := make([]T, ln*n)
					ag, aw := a, a
					ag.src, ag.dst, ag.tw = unsafe.Pointer(&x[0]), unsafe.Pointer(&got[0]), unsafe.Pointer(&tw[0])
					aw.src, aw.dst, aw.tw = unsafe.Pointer(&x[0]), unsafe.Pointer(&want[0]), unsafe.Pointer(&tw[0])
					ks.radix[st.radix](&ag)
					ref.radix[st.radix](&aw)
					if e := relRMS(got, want); e > tol {
						t.Errorf("%T n=%d stage %d (radix %d) scaled=%v inv=%v: relative RMS %.2e", x[0], n, i, st.radix, scaled, inv, e)
					}
					s *= st.radix
				}
			}
		}
		// Modulation with strides.
		x := randData[T](ln*n*2, 4)
		ph := randData[T](n, 5)
		got := make([]T, ln*n)
		want := make([]T, ln*n)
		ma := modArgs{src: unsafe.Pointer(&x[0]), ph: unsafe.Pointer(&ph[0]), n: n, ss: 2 * elemBytes, ds: elemBytes}
		mg, mw := ma, ma
		mg.dst, mw.dst = unsafe.Pointer(&got[0]), unsafe.Pointer(&want[0])
		ks.modulate(&mg)
		ref.modulate(&mw)
		if e := relRMS(got, want); e > tol {
			t.Errorf("%T n=%d modulate: relative RMS %.2e", x[0], n, e)
		}
		// Transposes are exact.
		{
			rows := randData[T](ln*n, 6)
			sz := int(unsafe.Sizeof(rows[0]))
			strip := make([]T, ln*n)
			stripRef := make([]T, ln*n)
			ks.transIn(unsafe.Pointer(&strip[0]), unsafe.Pointer(&rows[0]), sz*n, n)
			ref.transIn(unsafe.Pointer(&stripRef[0]), unsafe.Pointer(&rows[0]), sz*n, n)
			back := make([]T, ln*n)
			backRef := make([]T, ln*n)
			ks.transOut(unsafe.Pointer(&back[0]), unsafe.Pointer(&strip[0]), sz*n, n)
			ref.transOut(unsafe.Pointer(&backRef[0]), unsafe.Pointer(&strip[0]), sz*n, n)
			for i := range rows {
				if strip[i] != stripRef[i] || back[i] != rows[i] || backRef[i] != rows[i] {
					t.Fatalf("%T n=%d: transpose differs at %d", rows[0], n, i)
				}
			}
		}
	}
}

// TestGroupsOut checks each kernel set's groupsOut, steps and strides as
// the split uses them and odd ones, against the layout written out
// index by index: value r of strip element j of group i lands in row r,
// column j of the group's block. Every other value of dst is left alone.
func TestGroupsOut(t *testing.T) {
	testGroupsOut[complex64](t, kernels64(), "machine")
	testGroupsOut[complex64](t, goKernels64, "Go")
	testGroupsOut[complex128](t, kernels128(), "machine")
	testGroupsOut[complex128](t, goKernels128, "Go")
}

func testGroupsOut[T cplx](t *testing.T, ks *kernelSet, name string) {
	if ks == nil {
		return
	}
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	for _, c := range []struct{ rowStride, dstStep, srcStep, groups int }{
		{4 * elemBytes, 5 * 64, 4 * ln * elemBytes, 7}, // the split's: four groups per block row
		{elemBytes, ln * elemBytes, ln * elemBytes, 5}, // groups one after another
		{3*elemBytes + sz, 0, 0, 1},                    // one group, rows off the vector boundary
		{2*elemBytes + 3*sz, ln*sz + 3*elemBytes, 3 * ln * elemBytes, 4},
		{elemBytes, 64, ln * elemBytes, 0},
	} {
		strip := randData[T](ln*max(1, c.groups)*c.srcStep/elemBytes+ln*ln, uint64(c.groups))
		n := c.groups*c.dstStep + ln*c.rowStride + 64
		dst, want := make([]T, n/sz), make([]T, n/sz)
		for i := range dst {
			dst[i], want[i] = 1234.5, 1234.5 // untouched
		}
		for i := range c.groups {
			for j := range ln {
				for r := range ln {
					want[(i*c.dstStep+r*c.rowStride)/sz+j] = strip[(i*c.srcStep+j*elemBytes)/sz+r]
				}
			}
		}
		ks.groupsOut(unsafe.Pointer(&dst[0]), unsafe.Pointer(&strip[0]), c.rowStride, c.dstStep, c.srcStep, c.groups)
		for i := range dst {
			if dst[i] != want[i] {
				t.Fatalf("%s %T %+v: dst[%d] = %v, want %v", name, dst[0], c, i, dst[i], want[i])
			}
		}
	}
}

// TestWorkers checks that transforms large enough to run in parallel give
// bit-identical results for any number of workers, allocate nothing, and
// that a plan's goroutines end once the plan is garbage collected. In
// {12, 32, 301} the second pass batches the columns of whole 12×32 blocks
// (colBatch) and the workers' ranges begin and end inside blocks; in
// {1024, 96} the rows go one at a time by the line stage (rowLine), each
// worker with its own arrays.
func TestWorkers(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, dims := range [][]int{{256, 256}, {192, 160, 3}, {257, 300}, {12, 32, 301}, {1024, 96}} {
		x := randData[complex64](dims[0]*dims[1]*func() int {
			if len(dims) > 2 {
				return dims[2]
			}
			return 1
		}(), 2)
		var ref []complex64
		for _, w := range []int{1, 2, 3, 5} {
			p, err := NewPlan(dims, 1<<len(dims)-1, Options{Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			if w > 1 && p.p.pool == nil {
				t.Fatalf("dims %v: no worker goroutines with Workers %d", dims, w)
			}
			if dims[0] == 12 && !p.p.passes[1].colBatch {
				t.Fatalf("dims %v: the column pass does not batch", dims)
			}
			if dims[0] == 1024 && (p.p.passes[0].rowLine == nil || w > 1 && p.p.scratch[1].rows == p.p.scratch[0].rows) {
				t.Fatalf("dims %v: the rows are not line by line on each worker's own arrays", dims)
			}
			got := p.Forward(nil, x)
			if ref == nil {
				ref = got
			}
			for i := range got {
				if got[i] != ref[i] {
					t.Fatalf("dims %v workers %d: element %d = %v, with 1 worker %v", dims, w, i, got[i], ref[i])
				}
			}
			if a := testing.AllocsPerRun(5, func() { p.Forward(got, x) }); a != 0 {
				t.Errorf("dims %v workers %d: %v allocations per call", dims, w, a)
			}
		}
	}
	for range 50 {
		runtime.GC()
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines after the plans were dropped, %d before", runtime.NumGoroutine(), before)
}

// TestPassShared holds one of two workers back before every pass (or
// phase of the split in place) until the other has finished its own range
// of the pass's lines and taken over all of the late one's: the transform
// must come out bit for bit as on one worker. Shapes: 257² (rows in
// strips, then far-apart columns), 512×64×2 over dimensions 0 and 1
// (columns copied in blocks; complex128 rows line by line), 1024×40 over
// dimension 0 (rows line by line), 600×256×2 over 0 and 1 (column blocks
// run as batches), 64×64×32 over 0 and 1 (columns batched a
// whole block at a time), and in place through the split 256² and 270²
// (centred, columns left over from whole groups), in both precisions.
func TestPassShared(t *testing.T) {
	for _, c := range []struct {
		dims    []int
		mask    uint32
		inPlace bool
	}{{[]int{257, 257}, 3, false}, {[]int{512, 64, 2}, 3, false}, {[]int{64, 64, 32}, 3, false}, {[]int{1024, 40}, 1, false},
		{[]int{600, 256, 2}, 3, false},
		{[]int{256, 256}, 3, true}, {[]int{270, 270}, 3, true}} {
		passSharedCase[complex64](t, c.dims, c.mask, c.inPlace)
		passSharedCase[complex128](t, c.dims, c.mask, c.inPlace)
	}
}

func passSharedCase[T cplx](t *testing.T, dims []int, mask uint32, inPlace bool) {
	t.Helper()
	n := 1
	for _, d := range dims {
		n *= d
	}
	x := randData[T](n, 15)
	var plans [2]*plan[T]
	for i := range plans {
		var z T
		var err error
		if unsafe.Sizeof(z) == 8 {
			var p *Plan
			p, err = NewPlan(dims, mask, Options{Workers: i + 1})
			if p != nil {
				plans[i] = any(&p.p).(*plan[T])
			}
		} else {
			var p *Plan128
			p, err = NewPlan128(dims, mask, Options{Workers: i + 1})
			if p != nil {
				plans[i] = any(&p.p).(*plan[T])
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	one, two := plans[0], plans[1]
	if two.pool == nil || (two.split != nil) != inPlace {
		t.Fatalf("%v: want passes on two workers, or the split in place", dims)
	}
	if dims[0] == 64 && !two.passes[1].colBatch {
		t.Fatalf("%v: the column pass does not batch", dims)
	}
	want := one.transform(nil, x, false)
	defer func() { two.hook = nil }()
	for late := range 2 { // range 0 is the pool's worker's, 1 the caller's
		// One channel per pass: the late worker waits on the pass's before
		// its chunks, the other closes it once done with the pass.
		var ch [4]chan struct{}
		for i := range ch {
			ch[i] = make(chan struct{})
		}
		var waited, closed int
		two.hook = func(i, at int) {
			switch {
			case i == late && at == 0:
				<-ch[waited]
				waited++
			case i != late && at == 2:
				close(ch[closed])
				closed++
			}
		}
		var got []T
		if inPlace {
			y := slices.Clone(x)
			got = two.transform(y, y, false)
		} else {
			got = two.transform(nil, x, false)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%v %T, range %d late: element %d = %v, one worker gives %v", dims, x[0], late, i, got[i], want[i])
			}
		}
		if c := &two.claims[late]; int(c.v.Load()>>32) != c.base || closed != len(two.passes) {
			t.Errorf("%v %T, range %d late: %d of its chunks left to it in the last pass, want none (%d passes released)", dims, x[0], late, int(c.v.Load()>>32)-c.base, closed)
		}
	}
}
