package fft

import (
	"fmt"
	"testing"
	"unsafe"
)

// TestFourStep checks single long lines, computed by the four-step method,
// against the scalar complex128 path (itself checked against the naive DFT
// in fft_test.go) for composite sizes with square and lopsided
// factorisations, with factors that lanes divide (batched column
// transforms) and that they do not (plans), one line and two to five
// lines (the four-step method where they are fewer than the vector lanes,
// the vector engine otherwise; 448 = 8·56 and 1029 = 3·7³ with radix-7
// stages, 2816 = 256·11 and 3328 = 256·13 with radix-11 and 13 ones), and
// the line stage line by line for rows
// where rowByLine), contiguous and strided, 2D, every scaling, centred
// and uncentred, one to three workers, forward and inverse, in place and out of place, for both precisions and
// for the machine's and the Go kernels; with a clone. Lengths the
// four-step method cannot split (the primes 1031 and 4099, 2·1031) take
// Bluestein's algorithm on the same engine (blueLine) and are checked the
// same way. Tolerances as TestVectorEngine's: float32 (float64) rounding
// over two batched passes and the twiddles; Bluestein's four transforms
// and three products stay within them (1.6e-7 for complex64 at
// 4099, 1.2e-15 for complex128).
func TestFourStep(t *testing.T) {
	testFourStep[complex64](t, vecTol64)
	testFourStep[complex128](t, vecTol128)
}

func testFourStep[T cplx](t *testing.T, tol float64) {
	for _, ks := range []*kernelSet{kernelsFor[T](), goKernelsFor[T]()} {
		if ks == nil {
			continue
		}
		for _, n := range []int{64, 96, 240, 256, 300, 1000, 1024, 2048, 4096, 4800, 448, 1029, 2816, 3328, 1031, 2062, 4099} {
			for _, shape := range []struct {
				dims []int
				mask uint32
			}{{[]int{n}, 1}, {[]int{2, n}, 2}, {[]int{n, 3}, 1}, {[]int{n, 5}, 1}, {[]int{n, 4}, 3}} {
				for _, o := range []Options{{}, {Uncentred: true}, {Scaling: Unitary}, {Scaling: Backward, Uncentred: true}, {Workers: 2}, {Workers: 3, Uncentred: true}} {
					var p plan[T]
					if err := p.init(shape.dims, shape.mask, o, ks); err != nil {
						t.Fatal(err)
					}
					lines := p.n / n
					ps := p.passes[0]
					blue := n == 1031 || n == 2062 || n == 4099
					if (lines < lanesOf[T]()) != (ps.four != nil || ps.blue != nil) || (ps.v == nil) != (lines < lanesOf[T]()) ||
						(ps.blue != nil) != (blue && lines < lanesOf[T]()) {
						t.Fatalf("n=%d dims=%v (%d lines): four-step %v, Bluestein %v, vector engine %v", n, shape.dims, lines, ps.four != nil, ps.blue != nil, ps.v != nil)
					}
					// The line stage takes lengths r0·m, m a multiple of the
					// lanes, with a kernel of radix r0 (8 on amd64, 8 or 4 in
					// Go).
					if f := ps.four; f != nil && ks.lineStage[8] != nil && n%(8*lanesOf[T]()) == 0 && f.r0 != 8 {
						t.Fatalf("n=%d: line stage of radix %d", n, f.r0)
					}
					if f := ps.four; f != nil && f.r0 == 0 && (f.v1 != nil) != (n != 300 && n != 1000 && n != 1029) {
						t.Fatalf("n=%d: %d×%d batched %v", n, f.n1, f.n2, f.v1 != nil)
					}
					// Rows line by line where rowByLine and the line stage
					// takes the length: always for radix 8 with lanes
					// dividing n/8 (from 256 points in complex64, 64 in
					// complex128), maybe for radix 4 (1000 points in
					// complex128).
					sz := int(unsafe.Sizeof(*new(T)))
					byLine := ps.v != nil && ps.stride == 1 && rowByLine(n, sz, p.n*sz)
					if f := ps.rowLine; f == nil && byLine && n%(8*lanesOf[T]()) == 0 && !blue ||
						f != nil && (!byLine || n%(f.r0*lanesOf[T]()) != 0) {
						t.Fatalf("n=%d dims=%v: rowLine %v, rowByLine %v", n, shape.dims, f != nil, byLine)
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
						c := p.clone()
						if again := c.transform(nil, x, inv); relRMS(again, got) != 0 {
							t.Fatalf("%s: the clone differs", name)
						}
					}
				}
			}
		}
		var p plan[T]
		if err := p.init([]int{31}, 1, Options{}, ks); err != nil {
			t.Fatal(err)
		}
		if p.passes[0].four != nil || p.passes[0].blue != nil {
			t.Error("prime 31 is not on the scalar path")
		}
	}
}

// goKernelsFor returns the Go kernel set for T.
func goKernelsFor[T cplx]() *kernelSet {
	if lanesOf[T]() == 4 {
		return goKernels64
	}
	return goKernels128
}

// TestFourStepAllocs checks that a four-step transform allocates nothing.
func TestFourStepAllocs(t *testing.T) {
	var p plan[complex64]
	if err := p.init([]int{4096}, 1, Options{}, kernelsFor[complex64]()); err != nil {
		t.Fatal(err)
	}
	x := randData[complex64](4096, 1)
	y := make([]complex64, 4096)
	if a := testing.AllocsPerRun(20, func() { p.transform(y, x, false) }); a != 0 {
		t.Errorf("%v allocations per transform", a)
	}
}
