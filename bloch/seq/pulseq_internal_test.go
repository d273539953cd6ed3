package seq

import (
	"math"
	"strings"
	"testing"
)

// TestDecompressShape decodes hand-made compressed shapes: a value written
// twice is followed by the number of further copies, and the expanded
// values are differences to be summed.
func TestDecompressShape(t *testing.T) {
	for _, c := range []struct {
		n     int
		data  []float64
		force bool
		want  []float64
	}{
		// Differences 0 ×4, 0.1 ×5, 0 ×2.
		{11, []float64{0, 0, 2, 0.1, 0.1, 3, 0, 0, 0}, false, []float64{0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5}},
		// A count equal to the next value is still a count.
		{6, []float64{5, 5, 2, 2, 7}, false, []float64{5, 10, 15, 20, 22, 29}},
		// n values are the samples themselves from 1.4 on...
		{3, []float64{1, 1, 2}, false, []float64{1, 1, 2}},
		// ...and differences before 1.4 (1, 1 repeated 2+2 times).
		{4, []float64{1, 1, 2}, true, []float64{1, 2, 3, 4}},
	} {
		got, err := decompressShape(c.n, c.data, c.force)
		if err != nil {
			t.Fatalf("%v: %v", c.data, err)
		}
		if len(got) != len(c.want) {
			t.Fatalf("%v: got %v, want %v", c.data, got, c.want)
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-15 {
				t.Fatalf("%v: got %v, want %v", c.data, got, c.want)
			}
		}
	}
	for _, c := range []struct {
		n    int
		data []float64
		msg  string
	}{
		{4, []float64{1, 1}, "no count"},
		{4, []float64{1, 1, 0.5}, "not an integer"},
		{4, []float64{1, 1, -1}, "not an integer"},
		{3, []float64{1, 1, 2}, "more than"},
		{5, []float64{1, 2}, "2 samples, 5 declared"},
		{2, []float64{1, 2, 3, 4, 5}, "more than"},
	} {
		if _, err := decompressShape(c.n, c.data, true); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%d %v: error %v, want %q", c.n, c.data, err, c.msg)
		}
	}
}

// TestCompressShape checks the encoding against the hand-made example of
// TestDecompressShape and the choice between compressed and plain data.
func TestCompressShape(t *testing.T) {
	w := []float64{0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5}
	if got := strings.Join(compressShape(w), " "); got != "0 0 2 0.1 0.1 3 0 0 0" {
		t.Errorf("compressShape = %q", got)
	}
	e, err := encodeShape(w)
	if err != nil || len(e.tokens) != 9 {
		t.Fatalf("encodeShape: %v %v", e, err)
	}
	// Values off the 1e-7 grid are written exactly, uncompressed.
	v := []float64{0.1234567891, 0.5, 0.5, 0.5, 0.5}
	e, err = encodeShape(v)
	if err != nil || len(e.tokens) != len(v) || e.tokens[0] != "0.1234567891" {
		t.Fatalf("encodeShape(%v) = %v, %v", v, e.tokens, err)
	}
	for i := range v {
		if e.decoded[i] != v[i] {
			t.Errorf("decoded %v", e.decoded)
		}
	}
}

// trapezoidCentres samples a trapezoid of amplitude a, ramps of r cells and
// a flat top of f cells at the cell centres, as Pulseq stores it.
func trapezoidCentres(a float64, r, f int) []float64 {
	var g []float64
	for k := range r {
		g = append(g, a*(float64(k)+0.5)/float64(r))
	}
	for range f {
		g = append(g, a)
	}
	for k := range r {
		g = append(g, a*(float64(r-k)-0.5)/float64(r))
	}
	return g
}

func polylineArea(t, a []float64) float64 {
	var s float64
	for i := 1; i < len(t); i++ {
		s += 0.5 * (a[i] + a[i-1]) * (t[i] - t[i-1])
	}
	return s
}

// TestCentreSampledCorners checks the conversion of centre samples into
// corner points: trapezoids of any ramp length come back as their four
// corners with the area Σg·Δ; curved shapes and inconsistent first values
// give the polyline through the samples.
func TestCentreSampledCorners(t *testing.T) {
	const dt = 10e-6
	const areaTol = 1e-12 // relative: float64 sums of a few hundred terms
	for _, c := range []struct{ r, f int }{{1, 1}, {1, 0}, {2, 3}, {5, 90}, {15, 70}} {
		g := trapezoidCentres(2e5, c.r, c.f)
		tt, aa, last := centreSampledCorners(g, 0, 0, dt, false)
		n := 4
		if c.f == 0 {
			n = 3
		}
		if len(tt) != n || math.Abs(last) > 1e-9*2e5 {
			t.Fatalf("ramps %d, flat %d: corners %v %v, last %g", c.r, c.f, tt, aa, last)
		}
		if rise := float64(c.r) * dt; math.Abs(tt[1]-rise) > 1e-18 || math.Abs(aa[1]-2e5) > 1e-6 {
			t.Errorf("ramps %d: first corner (%g, %g)", c.r, tt[1], aa[1])
		}
		var sum float64
		for _, v := range g {
			sum += v * dt
		}
		if a := polylineArea(tt, aa); math.Abs(a-sum) > areaTol*sum {
			t.Errorf("ramps %d: area %g, Σg·Δ %g", c.r, a, sum)
		}
	}
	// A half sine is curved: the polyline through first, samples, last.
	n := 40
	g := make([]float64, n)
	for k := range g {
		g[k] = 1e5 * math.Sin(math.Pi*(float64(k)+0.5)/float64(n))
	}
	tt, aa, _ := centreSampledCorners(g, 0, 0, dt, true)
	if len(tt) != n+2 || tt[1] != dt/2 || aa[1] != g[0] || tt[n+1] != float64(n)*dt {
		t.Errorf("sine: %d corners from %g", len(tt), tt[1])
	}
	// A first value that does not fit the samples (a flat shape said to
	// start at 0): MATLAB's restoration would zig-zag between 0 and 2A.
	flat := make([]float64, 20)
	for k := range flat {
		flat[k] = 1e5
	}
	tt, aa, last := centreSampledCorners(flat, 0, 0, dt, false)
	if len(tt) != 22 || last != 1e5 || aa[0] != 0 || aa[1] != 1e5 {
		t.Errorf("inconsistent first: %v %v last %g", tt, aa, last)
	}
}

// TestSimplify checks that removed points stay within the tolerance of the
// kept polyline, on a curve whose second differences are all below it
// (which a point-by-point collinearity test would flatten completely).
func TestSimplify(t *testing.T) {
	n := 2000
	tt := make([]float64, n)
	aa := make([]float64, n)
	for k := range tt {
		x := float64(k) / float64(n-1)
		tt[k], aa[k] = float64(k), x*x
	}
	const tol = 1e-3
	kt, ka := simplify(tt, aa, tol)
	if len(kt) < 5 || len(kt) > n/10 {
		t.Fatalf("%d points kept", len(kt))
	}
	for k := range tt {
		if d := math.Abs(polylineAt(kt, ka, tt[k]) - aa[k]); d > tol*(1+1e-9) {
			t.Fatalf("point %d off by %g", k, d)
		}
	}
}
