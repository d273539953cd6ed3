package fft_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/larmor-mri/larmor/recon/fft"
)

// relTol128 bounds the relative RMS error of complex128 transforms against
// the float64 naive DFT: rounding of 1.1e-16 growing like log2 N, the naive
// sum's own rounding over N terms, and margin: 1e-14 as the issue asks, at
// every size tested.
const relTol128 = 1e-14

func random128(rng *rand.Rand, n int) []complex128 {
	x := make([]complex128, n)
	for i := range x {
		x[i] = complex(rng.NormFloat64(), rng.NormFloat64())
	}
	return x
}

// naiveDFT128 is naiveDFT for complex128 input, through two complex64
// halves: the naive sum is linear, so x = hi + lo with hi = complex64(x)
// and lo = complex64(x − hi) gives DFT(x) = DFT(hi) + DFT(lo) to float64
// accuracy (x − hi − lo is below 1e-14 of x).
func naiveDFT128(x []complex128, dims []int, mask uint32, o fft.Options, inverse bool) []complex128 {
	hi := make([]complex64, len(x))
	lo := make([]complex64, len(x))
	for i, v := range x {
		hi[i] = complex64(v)
		lo[i] = complex64(v - complex128(hi[i]))
	}
	a := naiveDFT(hi, dims, mask, o, inverse)
	b := naiveDFT(lo, dims, mask, o, inverse)
	for i := range a {
		a[i] += b[i]
	}
	return a
}

func relErr128(got, want []complex128) float64 {
	var num, den float64
	for i, w := range want {
		d := got[i] - w
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(w)*real(w) + imag(w)*imag(w)
	}
	return math.Sqrt(num / den)
}

// TestPlan128MatchesNaiveDFT checks Plan128 on every 1D size 1–64 and
// selected larger ones (primes 127, 257, 509; 210 = 2·3·5·7), batched so
// that the vector engine runs, and on N-d shapes, for every option.
func TestPlan128MatchesNaiveDFT(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var cases []struct {
		dims []int
		mask uint32
	}
	for n := 1; n <= 64; n++ {
		cases = append(cases, struct {
			dims []int
			mask uint32
		}{[]int{n, 3}, 1})
	}
	for _, n := range []int{127, 210, 257, 509} {
		cases = append(cases, struct {
			dims []int
			mask uint32
		}{[]int{n, 2}, 1})
	}
	cases = append(cases, []struct {
		dims []int
		mask uint32
	}{{[]int{6, 5, 4, 3}, 0b1011}, {[]int{8, 12, 5}, 0b111}, {[]int{3, 16}, 0b10}, {[]int{7, 9, 2}, 0b110}}...)
	for _, c := range cases {
		n := 1
		for _, d := range c.dims {
			n *= d
		}
		x := random128(rng, n)
		for _, o := range allOptions() {
			p, err := fft.NewPlan128(c.dims, c.mask, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, inv := range []bool{false, true} {
				want := naiveDFT128(x, c.dims, c.mask, o, inv)
				var got []complex128
				if inv {
					got = p.Inverse(nil, x)
				} else {
					got = p.Forward(nil, x)
				}
				if e := relErr128(got, want); !(e <= relTol128) {
					t.Errorf("dims %v mask %#b %s inverse=%v: relative error %.3g", c.dims, c.mask, optName(o), inv, e)
				}
			}
		}
	}
}

// separable applies the naive 1D DFT along each transformed dimension in
// turn (float64, O(N·Σn)): the reference for 256² and 257².
func separable(x []complex128, dims []int, mask uint32, inverse bool) []complex128 {
	cur := append([]complex128(nil), x...)
	stride := 1
	total := len(x)
	sign := -1.0
	if inverse {
		sign = 1
	}
	for d, n := range dims {
		if mask&(1<<d) != 0 {
			c := n / 2
			tw := make([]complex128, n)
			for k := range n {
				s, co := math.Sincos(sign * 2 * math.Pi * float64(k) / float64(n))
				tw[k] = complex(co, s)
			}
			next := make([]complex128, total)
			line := make([]complex128, n)
			for b := 0; b < total/(stride*n); b++ {
				for a := range stride {
					base := b*stride*n + a
					for i := range n {
						line[i] = cur[base+i*stride]
					}
					for p := range n {
						var s complex128
						for i := range n {
							r := ((p - c) * (i - c)) % n
							if r < 0 {
								r += n
							}
							s += line[i] * tw[r]
						}
						next[base+p*stride] = s
					}
				}
			}
			cur = next
		}
		stride *= n
	}
	return cur
}

// TestAccuracy256And257 checks the issue's accuracy targets on the sizes
// it names: against a float64 separable DFT, relative RMS ≤ 1e-6 for
// complex64 and ≤ 1e-14 for complex128, forward and after a round trip.
func TestAccuracy256And257(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{256, 257} {
		dims := []int{n, n}
		x := random128(rng, n*n)
		want := separable(x, dims, 3, false)
		x64 := make([]complex64, len(x))
		want64 := separable(func() []complex128 {
			r := make([]complex128, len(x))
			for i, v := range x {
				x64[i] = complex64(v)
				r[i] = complex128(x64[i])
			}
			return r
		}(), dims, 3, false)
		p64, _ := fft.NewPlan(dims, 3, fft.Options{Scaling: fft.Backward})
		p128, _ := fft.NewPlan128(dims, 3, fft.Options{Scaling: fft.Backward})
		got64 := p64.Forward(nil, x64)
		got128 := p128.Forward(nil, x)
		e64, e128 := relErr(got64, want64), relErr128(got128, want)
		back64 := p64.Inverse(nil, got64)
		back128 := p128.Inverse(nil, got128)
		var r64 []complex128
		for _, v := range x64 {
			r64 = append(r64, complex128(v))
		}
		t64, t128 := relErr(back64, r64), relErr128(back128, x)
		t.Logf("%d²: forward error %.2e (complex64) %.2e (complex128); round trip %.2e, %.2e", n, e64, e128, t64, t128)
		if e64 > 1e-6 || t64 > 1e-6 {
			t.Errorf("%d² complex64: errors %.2e, %.2e > 1e-6", n, e64, t64)
		}
		if e128 > 1e-14 || t128 > 1e-14 {
			t.Errorf("%d² complex128: errors %.2e, %.2e > 1e-14", n, e128, t128)
		}
	}
}

func TestPlan128ZeroAllocs(t *testing.T) {
	for _, dims := range [][]int{{64, 64}, {257, 5}, {6, 5, 4, 3}, {256, 256}} {
		p, err := fft.NewPlan128(dims, 1<<len(dims)-1, fft.Options{})
		if err != nil {
			t.Fatal(err)
		}
		x := make([]complex128, p.Len())
		if a := testing.AllocsPerRun(3, func() { p.Forward(x, x) }); a != 0 {
			t.Errorf("dims %v: %v allocations per call", dims, a)
		}
	}
}

func ExamplePlan128() {
	// The centred DFT of a unit impulse at the centre (index N/2) is flat:
	// every coefficient is 1.
	p, _ := fft.NewPlan128([]int{5}, 1, fft.Options{})
	x := make([]complex128, 5)
	x[2] = 1
	fmt.Println(p.Forward(nil, x))
	// Output: [(1+0i) (1+0i) (1+0i) (1+0i) (1+0i)]
}
