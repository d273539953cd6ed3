package fft_test

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/larmor-mri/larmor/recon/fft"
)

// relTol bounds the relative RMS error ‖got-want‖/‖want‖ of a complex64
// transform against the float64 naive DFT. The plan computes in complex128
// (error ≈ 1e-16·log2 N) and rounds to complex64 once per transformed
// dimension: unit roundoff 2^-24 ≈ 6e-8, so ≈ 4e-8 RMS per rounding and at
// most ≈ 1e-7 for the three roundings of a 3-d transform. 1e-6 leaves a
// margin of 10 while any real mistake (a wrong sign, twiddle or shift) gives
// errors of order 1.
const relTol = 1e-6

// allScalings are the three normalisations.
var allScalings = []fft.Scaling{fft.Unnormalised, fft.Unitary, fft.Backward}

// randomArray returns n complex64 values with parts uniform in [-1, 1).
func randomArray(rng *rand.Rand, n int) []complex64 {
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex(float32(2*rng.Float64()-1), float32(2*rng.Float64()-1))
	}
	return x
}

// naiveDFT evaluates the transform straight from its definition, in float64:
// along each dimension d in mask, of size N with c = N/2 if centred (else 0),
//
//	X[p] = s · Σ_i x[i] · exp(∓2πi (p-c)(i-c)/N),
//
// with - for forward and + for inverse, summing over the indices i that agree
// with p along the dimensions not in mask. s is the product over transformed
// dimensions of 1, 1/√N (Unitary) or 1/N (Backward, inverse only). It is
// O(len²), for small arrays only.
func naiveDFT(x []complex64, dims []int, mask uint32, o fft.Options, inverse bool) []complex128 {
	n := len(x)
	nd := len(dims)
	coord := make([][]int, n) // coord[i][d]
	for i := range n {
		c := make([]int, nd)
		r := i
		for d, size := range dims {
			c[d] = r % size
			r /= size
		}
		coord[i] = c
	}
	sign := -1.0
	if inverse {
		sign = 1
	}
	scale := 1.0
	for d, size := range dims {
		if mask&(1<<d) == 0 {
			continue
		}
		switch {
		case o.Scaling == fft.Unitary:
			scale /= math.Sqrt(float64(size))
		case o.Scaling == fft.Backward && inverse:
			scale /= float64(size)
		}
	}
	out := make([]complex128, n)
	for p := range n {
		var sum complex128
	inputs:
		for i := range n {
			turns := 0.0 // Σ_d (p-c)(i-c)/N, reduced mod N per dimension
			for d, size := range dims {
				if mask&(1<<d) == 0 {
					if coord[p][d] != coord[i][d] {
						continue inputs
					}
					continue
				}
				c := 0
				if !o.Uncentred {
					c = size / 2
				}
				r := ((coord[p][d] - c) * (coord[i][d] - c)) % size
				turns += float64(r) / float64(size)
			}
			s, co := math.Sincos(sign * 2 * math.Pi * turns)
			sum += complex128(x[i]) * complex(co, s)
		}
		out[p] = sum * complex(scale, 0)
	}
	return out
}

// relErr returns ‖got-want‖/‖want‖ (or ‖got‖ if want is zero).
func relErr(got []complex64, want []complex128) float64 {
	var num, den float64
	for i, w := range want {
		d := complex128(got[i]) - w
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(w)*real(w) + imag(w)*imag(w)
	}
	if den == 0 {
		return math.Sqrt(num)
	}
	return math.Sqrt(num / den)
}

func optName(o fft.Options) string {
	c := "centred"
	if o.Uncentred {
		c = "uncentred"
	}
	return c + "/" + o.Scaling.String()
}

func allOptions() []fft.Options {
	var os []fft.Options
	for _, unc := range []bool{false, true} {
		for _, s := range allScalings {
			os = append(os, fft.Options{Scaling: s, Uncentred: unc})
		}
	}
	return os
}

// checkAgainstNaive compares Forward and Inverse, out of place, with the
// naive DFT, and checks that src is left alone.
func checkAgainstNaive(t *testing.T, dims []int, mask uint32, o fft.Options, x []complex64) {
	t.Helper()
	p, err := fft.NewPlan(dims, mask, o)
	if err != nil {
		t.Fatalf("NewPlan(%v, %#b, %+v): %v", dims, mask, o, err)
	}
	orig := slices.Clone(x)
	for _, inverse := range []bool{false, true} {
		var got []complex64
		if inverse {
			got = p.Inverse(nil, x)
		} else {
			got = p.Forward(nil, x)
		}
		if !slices.Equal(x, orig) {
			t.Fatalf("dims %v mask %#b %s inverse=%v: out-of-place transform modified src", dims, mask, optName(o), inverse)
		}
		want := naiveDFT(x, dims, mask, o, inverse)
		if e := relErr(got, want); !(e <= relTol) {
			t.Errorf("dims %v mask %#b %s inverse=%v: relative error %.3g > %g", dims, mask, optName(o), inverse, e, relTol)
		}
	}
}

// oneDSizes are the single-line sizes checked against the naive DFT: all
// of 1–64 (the scalar path below 33, Bluestein's and the four-step's
// single lines above), the primes 127, 257, 509 and 1031 (Bluestein on
// the vector engine), 210 = 2·3·5·7, and 1024 and 1000 (the four-step
// method batched and through plans).
func oneDSizes() []int {
	var sizes []int
	for n := 1; n <= 64; n++ {
		sizes = append(sizes, n)
	}
	return append(sizes, 127, 210, 257, 509, 1000, 1024, 1031)
}

func TestMatchesNaiveDFT1D(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, n := range oneDSizes() {
		x := randomArray(rng, n)
		for _, o := range allOptions() {
			checkAgainstNaive(t, []int{n}, 1, o, x)
		}
	}
}

// ndCases are shapes and masks for multi-dimensional tests, odd and even,
// with size-1 dimensions and untransformed (batch) dimensions.
var ndCases = []struct {
	dims []int
	mask uint32
}{
	{[]int{6, 5, 4, 3}, 0b101},
	{[]int{6, 5, 4, 3}, 0b1010},
	{[]int{6, 5, 4, 3}, 0b1111},
	{[]int{6, 5, 4, 3}, 0},
	{[]int{4, 4}, 0b11},
	{[]int{8, 3}, 0b10},
	{[]int{3, 5, 7}, 0b111},
	{[]int{7, 1, 9}, 0b111},
	{[]int{1, 12, 1, 2}, 0b1011},
	{[]int{5, 4, 3}, 0b110},
	{[]int{17, 6}, 0b11},
	{[]int{2, 2, 2, 2, 2, 2}, 0b101101},
}

func TestMatchesNaiveDFTND(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, tc := range ndCases {
		n := 1
		for _, d := range tc.dims {
			n *= d
		}
		x := randomArray(rng, n)
		for _, o := range allOptions() {
			checkAgainstNaive(t, tc.dims, tc.mask, o, x)
		}
	}
}

// TestInPlace checks that dst == src gives exactly the out-of-place result.
func TestInPlace(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	cases := append(ndCases[:len(ndCases):len(ndCases)],
		struct {
			dims []int
			mask uint32
		}{[]int{257}, 1},
		struct {
			dims []int
			mask uint32
		}{[]int{210, 3}, 3},
	)
	for _, tc := range cases {
		for _, o := range allOptions() {
			p, err := fft.NewPlan(tc.dims, tc.mask, o)
			if err != nil {
				t.Fatal(err)
			}
			x := randomArray(rng, p.Len())
			for _, inverse := range []bool{false, true} {
				run := p.Forward
				if inverse {
					run = p.Inverse
				}
				want := run(make([]complex64, len(x)), x)
				y := slices.Clone(x)
				got := run(y, y)
				if &got[0] != &y[0] {
					t.Fatalf("in-place call did not return dst")
				}
				if !slices.Equal(got, want) {
					t.Errorf("dims %v mask %#b %s inverse=%v: in place differs from out of place", tc.dims, tc.mask, optName(o), inverse)
				}
			}
		}
	}
}

// TestRoundTrip checks Inverse(Forward(x)) = g·x with g the product of the
// transformed sizes (Unnormalised) or 1 (Unitary, Backward).
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	shapes := [][]int{{64, 48}, {9, 7, 3}, {257}, {210, 2}, {1}}
	for _, dims := range shapes {
		for _, o := range allOptions() {
			mask := uint32(1)<<len(dims) - 1
			p, err := fft.NewPlan(dims, mask, o)
			if err != nil {
				t.Fatal(err)
			}
			x := randomArray(rng, p.Len())
			y := p.Inverse(nil, p.Forward(nil, x))
			g := 1.0
			if o.Scaling == fft.Unnormalised {
				g = float64(p.Len())
			}
			want := make([]complex128, len(x))
			for i, v := range x {
				want[i] = complex128(v) * complex(g, 0)
			}
			if e := relErr(y, want); !(e <= relTol) {
				t.Errorf("dims %v %s: round trip relative error %.3g > %g", dims, optName(o), e, relTol)
			}
		}
	}
}

// TestParseval checks that the unitary transform preserves the 2-norm, and
// that the unnormalised one multiplies the energy by the transformed length.
func TestParseval(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	energy := func(x []complex64) float64 {
		var e float64
		for _, v := range x {
			e += real(complex128(v))*real(complex128(v)) + imag(complex128(v))*imag(complex128(v))
		}
		return e
	}
	for _, dims := range [][]int{{128, 96}, {15, 11, 2}, {1031}} {
		for _, o := range []fft.Options{{Scaling: fft.Unitary}, {Uncentred: true}} {
			mask := uint32(1)<<len(dims) - 1
			p, err := fft.NewPlan(dims, mask, o)
			if err != nil {
				t.Fatal(err)
			}
			x := randomArray(rng, p.Len())
			for _, inverse := range []bool{false, true} {
				run := p.Forward
				if inverse {
					run = p.Inverse
				}
				ex := energy(x)
				if o.Scaling == fft.Unnormalised {
					ex *= float64(p.Len())
				}
				// The energy is a square: relative error twice relTol.
				if e := math.Abs(energy(run(nil, x))/ex - 1); !(e <= 2*relTol) {
					t.Errorf("dims %v %s inverse=%v: energy ratio off by %.3g", dims, optName(o), inverse, e)
				}
			}
		}
	}
}

// TestImpulse pins the conventions with exact expectations: a point at the
// centre (index N/2) transforms to all ones, and a point one sample to the
// right of it to exp(-2πi (p-N/2)/N), for odd and even N.
func TestImpulse(t *testing.T) {
	for _, n := range []int{1, 2, 5, 8, 9, 210, 257} {
		p, err := fft.NewPlan([]int{n}, 1, fft.Options{})
		if err != nil {
			t.Fatal(err)
		}
		x := make([]complex64, n)
		x[n/2] = 1
		X := p.Forward(nil, x)
		for k, v := range X {
			if cmplx.Abs(complex128(v)-1) > relTol {
				t.Fatalf("n=%d: centred impulse: X[%d] = %v, want 1", n, k, v)
			}
		}
		if n == 1 {
			continue
		}
		x[n/2], x[(n/2+1)%n] = 0, 1
		X = p.Forward(nil, x)
		for k, v := range X {
			want := cmplx.Exp(complex(0, -2*math.Pi*float64(k-n/2)/float64(n)))
			if cmplx.Abs(complex128(v)-want) > relTol {
				t.Fatalf("n=%d: shifted impulse: X[%d] = %v, want %v", n, k, v, want)
			}
		}
	}
}

func TestZeroAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for _, tc := range []struct {
		dims []int
		mask uint32
	}{{[]int{64, 64}, 3}, {[]int{210, 3}, 3}, {[]int{257, 5}, 3}, {[]int{6, 5, 4, 3}, 0b101}} {
		dims := tc.dims
		p, err := fft.NewPlan(dims, tc.mask, fft.Options{Scaling: fft.Unitary})
		if err != nil {
			t.Fatal(err)
		}
		x := randomArray(rng, p.Len())
		dst := make([]complex64, p.Len())
		if a := testing.AllocsPerRun(10, func() { p.Forward(dst, x) }); a != 0 {
			t.Errorf("dims %v: Forward allocates %v times per call", dims, a)
		}
		if a := testing.AllocsPerRun(10, func() { p.Inverse(dst, dst) }); a != 0 {
			t.Errorf("dims %v: in-place Inverse allocates %v times per call", dims, a)
		}
	}
}

func TestLengthPanics(t *testing.T) {
	p, err := fft.NewPlan([]int{64, 64}, 3, fft.Options{})
	if err != nil {
		t.Fatal(err)
	}
	good := make([]complex64, 4096)
	short := make([]complex64, 4095)
	cases := []struct {
		name     string
		call     func()
		wantText string
	}{
		{"forward dst", func() { p.Forward(short, good) }, "fft: dst has 4095 elements, plan wants 4096"},
		{"inverse dst", func() { p.Inverse(short, good) }, "fft: dst has 4095 elements, plan wants 4096"},
		{"forward src", func() { p.Forward(good, short) }, "fft: src has 4095 elements, plan wants 4096"},
		{"nil dst short src", func() { p.Inverse(nil, short) }, "fft: src has 4095 elements, plan wants 4096"},
	}
	for _, tc := range cases {
		func() {
			defer func() {
				r := recover()
				if r == nil {
					t.Errorf("%s: no panic", tc.name)
					return
				}
				if s := fmt.Sprint(r); s != tc.wantText {
					t.Errorf("%s: panic %q, want %q", tc.name, s, tc.wantText)
				}
			}()
			tc.call()
		}()
	}
}

func TestNewPlanErrors(t *testing.T) {
	huge := math.MaxInt/2 + 1
	cases := []struct {
		dims []int
		mask uint32
		o    fft.Options
		want string // substring of the error
	}{
		{nil, 0, fft.Options{}, "no dimensions"},
		{[]int{}, 0, fft.Options{}, "no dimensions"},
		{[]int{4, 0}, 1, fft.Options{}, "dimension 1 has size 0"},
		{[]int{-3}, 1, fft.Options{}, "dimension 0 has size -3"},
		{make([]int, 17), 1, fft.Options{}, "17 dimensions"},
		{[]int{huge, 4}, 1, fft.Options{}, "more than"},
		{[]int{4, 4}, 0b100, fft.Options{}, "names dimension 2"},
		{[]int{4}, 1 << 31, fft.Options{}, "names dimension 31"},
		{[]int{4}, 1, fft.Options{Scaling: 7}, "Scaling(7)"},
		{[]int{4}, 1, fft.Options{Workers: -1}, "Workers"},
		{[]int{1<<30 + 1}, 1, fft.Options{}, "largest transform"},
	}
	for _, tc := range cases {
		p, err := fft.NewPlan(tc.dims, tc.mask, tc.o)
		if err == nil {
			t.Errorf("NewPlan(%v, %#b, %+v) = %v, want error", tc.dims, tc.mask, tc.o, p)
			continue
		}
		if !strings.HasPrefix(err.Error(), "fft: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewPlan(%v, %#b, %+v): error %q, want it to contain %q", tc.dims, tc.mask, tc.o, err, tc.want)
		}
	}
}

func TestAccessors(t *testing.T) {
	dims := []int{6, 5, 4}
	o := fft.Options{Scaling: fft.Backward, Uncentred: true, Workers: 3}
	p, err := fft.NewPlan(dims, 0b101, o)
	if err != nil {
		t.Fatal(err)
	}
	dims[0] = 99 // the plan keeps its own copy
	got := p.Dims()
	if !slices.Equal(got, []int{6, 5, 4}) {
		t.Fatalf("Dims() = %v", got)
	}
	got[1] = 99
	if p.Dims()[1] != 5 {
		t.Fatalf("Dims() returns the plan's own slice")
	}
	if p.Len() != 120 || p.Mask() != 0b101 || p.Options() != o {
		t.Fatalf("Len, Mask, Options = %d, %#b, %+v", p.Len(), p.Mask(), p.Options())
	}
}

// TestClone runs clones of one plan on several goroutines (meaningful under
// -race) and checks each gives the original's result bit for bit.
func TestClone(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	p, err := fft.NewPlan([]int{30, 257}, 3, fft.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := randomArray(rng, p.Len())
	want := p.Forward(nil, x)
	var wg sync.WaitGroup
	results := make([][]complex64, 4)
	for g := range results {
		q := p.Clone()
		wg.Go(func() {
			dst := make([]complex64, q.Len())
			for range 3 {
				q.Forward(dst, x)
			}
			results[g] = dst
		})
	}
	wg.Wait()
	for g, r := range results {
		if !slices.Equal(r, want) {
			t.Errorf("clone %d differs from the original plan", g)
		}
	}
}

func FuzzPlan(f *testing.F) {
	f.Add(uint8(7), uint8(0), uint8(1), uint8(0), uint64(1))
	f.Add(uint8(15), uint8(4), uint8(3), uint8(6), uint64(2))
	f.Add(uint8(39), uint8(16), uint8(2), uint8(3), uint64(3))
	f.Add(uint8(0), uint8(0), uint8(3), uint8(7), uint64(4))
	f.Add(uint8(36), uint8(0), uint8(1), uint8(16), uint64(5))
	f.Fuzz(func(t *testing.T, a, b, maskBits, flags uint8, seed uint64) {
		// Sizes 1..40, or 64..319 for the first dimension when flags&16 is
		// set (single lines there go through the four-step method, and
		// primes through Bluestein); the second dimension is present when
		// flags&4 is set.
		dims := []int{int(a)%40 + 1}
		if flags&16 != 0 {
			dims[0] = 64 + int(a)
		}
		if flags&4 != 0 {
			dims = append(dims, int(b)%40+1)
		}
		mask := uint32(maskBits) & (1<<len(dims) - 1)
		o := fft.Options{Scaling: allScalings[int(flags)%3], Uncentred: flags&8 != 0}
		n := 1
		for _, d := range dims {
			n *= d
		}
		x := randomArray(rand.New(rand.NewPCG(seed, 0)), n)
		checkAgainstNaive(t, dims, mask, o, x)
	})
}

func ExamplePlan() {
	// A point object at the centre of an 8-pixel line, index N/2 = 4, has a
	// flat k-space; moving it one pixel along +x winds the phase by -2π/8 =
	// -45° per k-space sample (the forward transform uses exp(-i...)).
	p, err := fft.NewPlan([]int{8}, 1, fft.Options{})
	if err != nil {
		panic(err)
	}
	img := make([]complex64, 8)
	img[4] = 1
	k := p.Forward(nil, img)
	fmt.Println("centred point: |k| =", magnitudes(k))

	img[4], img[5] = 0, 1
	k = p.Forward(k, img) // reuse k: no allocation
	fmt.Printf("shifted point: |k| = %v, phase at k-space centre %.0f°, steps:",
		magnitudes(k), roundDeg(cmplx.Phase(complex128(k[4]))))
	for i := 1; i < len(k); i++ {
		fmt.Printf(" %.0f°", roundDeg(cmplx.Phase(complex128(k[i]/k[i-1]))))
	}
	fmt.Println()
	// Output:
	// centred point: |k| = [1 1 1 1 1 1 1 1]
	// shifted point: |k| = [1 1 1 1 1 1 1 1], phase at k-space centre 0°, steps: -45° -45° -45° -45° -45° -45° -45°
}

// roundDeg converts radians to whole degrees, printing 0 rather than -0.
func roundDeg(rad float64) float64 { return math.Round(rad*180/math.Pi) + 0 }

func magnitudes(x []complex64) []float64 {
	m := make([]float64, len(x))
	for i, v := range x {
		m[i] = math.Round(cmplx.Abs(complex128(v))*1e6) / 1e6
	}
	return m
}

// BenchmarkForward times centred complex64 2D transforms, out of place, on
// one worker and on two (the bench program compares them with FFTW).
func BenchmarkForward(b *testing.B) {
	for _, n := range []int{64, 256, 257, 270, 512} {
		for _, w := range []int{1, 2} {
			p, err := fft.NewPlan([]int{n, n}, 3, fft.Options{Workers: w})
			if err != nil {
				b.Fatal(err)
			}
			src := randomArray(rand.New(rand.NewPCG(8, 8)), p.Len())
			dst := make([]complex64, p.Len())
			b.Run(fmt.Sprintf("%dx%d/workers=%d", n, n, w), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(8 * p.Len()))
				for b.Loop() {
					p.Forward(dst, src)
				}
			})
		}
	}
}
