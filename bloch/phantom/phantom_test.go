package phantom_test

import (
	"math"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

// TestSheppLoganTissues checks the tissue at points of the published
// geometry (Shepp & Logan 1974 ellipses; Gach et al. 2008 shells), chosen
// well inside one region, and the tissue values of Gach et al.'s table.
func TestSheppLoganTissues(t *testing.T) {
	el := phantom.SheppLogan2DEllipses()
	for _, c := range []struct {
		u, v float64
		want string
	}{
		{0, 0.935, "scalp"},       // between the 0.92 and 0.95 shells
		{0, 0.90, "marrow"},       // between 0.874−0.0184 and 0.92
		{0.657, 0, "csf"},         // between the 0.6524 and 0.6624 shells
		{0.5, 0, "grey matter"},   // inside the brain, outside all small ellipses
		{0.22, 0, "csf"},          // right ventricle centre
		{-0.22, 0.3, "csf"},       // left ventricle, along its tilted axis
		{0, 0.35, "white matter"}, // ellipse e
		{0, 0.1, "tumour"},        // ellipse f
		{0, -0.605, "tumour"},     // ellipse i
		{0.06, -0.605 + 0.03, "tumour"},
	} {
		ti, ok := phantom.TissueAt(el, c.u, c.v)
		if !ok || ti.Name != c.want {
			t.Errorf("(%g, %g): %q, want %q", c.u, c.v, ti.Name, c.want)
		}
	}
	if _, ok := phantom.TissueAt(el, 0.8, 0.8); ok {
		t.Error("(0.8, 0.8) is outside the head")
	}
	// T1 = A·B0^C: white matter at 1.5 T is 0.583·1.5^0.382.
	wm, _ := phantom.TissueAt(el, 0, 0.35)
	if got, want := wm.T1(1.5), 0.583*math.Pow(1.5, 0.382); math.Abs(got-want) > 1e-12 || wm.T2 != 0.08 || wm.M0 != 0.617 {
		t.Errorf("white matter T1 %g (want %g), T2 %g, M0 %g", got, want, wm.T2, wm.M0)
	}
}

// TestSheppLogan2DGrid checks the sampling grid and orientation: spins sit
// on voxel centres (i − n/2)·fov/n, and the white matter (anterior, v > 0)
// lands at negative LPS y.
func TestSheppLogan2DGrid(t *testing.T) {
	const n, fov = 64, 0.25
	o, err := phantom.SheppLogan2D(n, fov, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	dx := fov / n
	for i := range o.Len() {
		fi, fj := o.X[i]/dx+n/2, o.Y[i]/dx+n/2
		if math.Abs(fi-math.Round(fi)) > 1e-9 || math.Abs(fj-math.Round(fj)) > 1e-9 || o.Z[i] != 0 {
			t.Fatalf("spin %d at (%g, %g, %g) is not on a voxel centre", i, o.X[i], o.Y[i], o.Z[i])
		}
		if o.T2[i] == 0.08 && o.Y[i] > 0 {
			t.Fatalf("white matter spin at y = %g > 0 (posterior)", o.Y[i])
		}
	}
	// Area check: the scalp ellipse covers π·0.72·0.95/4 of the square.
	frac := float64(o.Len()) / (n * n)
	if want := math.Pi * 0.72 * 0.95 / 4; math.Abs(frac-want) > 0.02 {
		t.Errorf("spins cover %.3f of the grid, want %.3f", frac, want)
	}
	if _, err := phantom.SheppLogan2D(0, fov, 3); err == nil {
		t.Error("matrix 0 accepted")
	}
	if _, err := phantom.SheppLogan2D(8, -1, 3); err == nil {
		t.Error("negative FOV accepted")
	}
}

func TestValidate(t *testing.T) {
	o := &phantom.Object{X: []float64{0}, Y: []float64{0}, Z: []float64{0}, M0: []float64{1}, T1: []float64{1}, T2: []float64{math.NaN()}}
	if err := o.Validate(); err == nil {
		t.Error("NaN T2 accepted")
	}
	o.T2[0] = math.Inf(1)
	if err := o.Validate(); err != nil {
		t.Errorf("T2 = +Inf rejected: %v", err)
	}
	o.Coils = [][]complex64{{1, 2}}
	if err := o.Validate(); err == nil {
		t.Error("coil map of wrong length accepted")
	}
}

// ellipsePerimeterMax bounds the perimeter of an ellipse of semi-axes a, b:
// P = ∫₀^2π √(a²sin²t + b²cos²t) dt ≤ √(2π·π(a² + b²)) = π√(2(a² + b²))
// (Cauchy–Schwarz; equality for a circle).
func ellipsePerimeterMax(a, b float64) float64 { return math.Pi * math.Sqrt(2*(a*a+b*b)) }

// midpointAreaBound bounds |N·h² − A|, N the number of cell midpoints of a
// square lattice of side h inside a convex region of area A and perimeter
// at most p. A point is counted wrongly only if its cell's midpoint, at
// most r = h/√2 away, lies across the boundary, so within r of it: the
// excess lies in the outer band of area p·r + π·r² (Steiner's formula),
// the deficit in the inner band of area at most p·r. Hence
// |N·h² − A| ≤ p·r + π·r².
func midpointAreaBound(p, h float64) float64 {
	r := h / math.Sqrt2
	return p*r + math.Pi*r*r
}

// TestSheppLogan2DSubVoxelArea checks that the M0 of a region summed over
// its spins converges to the region's analytic area × M0 as the spins per
// voxel edge s grow, within the midpoint-rule bound above (which falls as
// 1/s), for three regions: the whole head (the 0.72 × 0.95 scalp ellipse,
// counting spins, whatever their tissue), the scalp (that ellipse less the
// 0.69 × 0.92 marrow ellipse, every later ellipse lying inside the marrow)
// and the five disjoint tumours (drawn last, so whole). Measured relative
// errors at n = 64 fall from 6e−4, 1.1e−2 and 4e−2 at s = 1 to 7e−6, 3e−5
// and 5e−4 at s = 16, far below the bound.
func TestSheppLogan2DSubVoxelArea(t *testing.T) {
	const n, fov = 64, 0.256 // the grid spans [−1 − 1/n, 1 − 1/n] in u and v: the head fits
	type ellipse struct{ a, b float64 }
	head, marrow := ellipse{0.72, 0.95}, ellipse{0.69, 0.92}
	tumours := []ellipse{{0.046, 0.046}, {0.046, 0.046}, {0.046, 0.023}, {0.023, 0.023}, {0.023, 0.046}}
	// region returns the total area of disjoint ellipses and the sum of
	// their midpoint-rule bounds at sub-voxel edge h.
	region := func(h float64, es ...ellipse) (a, bound float64) {
		for _, e := range es {
			a += math.Pi * e.a * e.b
			bound += midpointAreaBound(ellipsePerimeterMax(e.a, e.b), h)
		}
		return a, bound
	}
	for _, s := range []int{1, 2, 4, 8, 16} {
		o, err := phantom.SheppLogan2D(n, fov, 1.5, phantom.Sampling{SpinsPerEdge: s})
		if err != nil {
			t.Fatal(err)
		}
		h := 2 / float64(n*s)      // sub-voxel edge, normalised units
		vox := (2. / n) * (2. / n) // voxel area, normalised units
		var all, scalpM0, tumourM0 float64
		for i := range o.Len() {
			all += h * h
			switch {
			case o.T2[i] == 0.07: // scalp, the only tissue with T2 70 ms
				scalpM0 += o.M0[i]
			case math.Abs(o.M0[i]*float64(s*s)-0.95) < 1e-12: // tumour, the only M0 0.95
				tumourM0 += o.M0[i]
			}
		}
		aHead, bHead := region(h, head)
		aMarrow, bMarrow := region(h, marrow)
		aTumours, bTumours := region(h, tumours...)
		for _, c := range []struct {
			name      string
			got, want float64
			bound     float64 // the scalp's error is the head's less the marrow's
		}{
			{"head area", all, aHead, bHead},
			{"scalp M0", scalpM0 * vox, 0.8 * (aHead - aMarrow), 0.8 * (bHead + bMarrow)},
			{"tumour M0", tumourM0 * vox, 0.95 * aTumours, 0.95 * bTumours},
		} {
			if err := math.Abs(c.got - c.want); err > c.bound {
				t.Errorf("s = %d: %s %.6f, want %.6f: error %.2e exceeds bound %.2e", s, c.name, c.got, c.want, err, c.bound)
			}
		}
	}
}

// TestSubVoxelPositions checks the sub-voxel convention, the same as
// FromMaps: with s spins per edge, a voxel's spins sit at offsets
// ((c + ½)/s − ½)·dx, c = 0 … s−1, from its centre, each with M0/s². The
// voxel centred at the origin of a 64² grid (FOV 256 mm, dx = 4 mm) lies in
// grey matter (M0 0.745), so with s = 2 it holds four spins at (±1, ±1) mm
// with M0 0.745/4, and with s = 3 nine spins on the offsets −4/3, 0, 4/3 mm.
func TestSubVoxelPositions(t *testing.T) {
	const n, fov, dx = 64, 0.256, 0.004
	for _, c := range []struct {
		s       int
		offsets []float64 // [m]
	}{{1, []float64{0}}, {2, []float64{-1e-3, 1e-3}}, {3, []float64{-4e-3 / 3, 0, 4e-3 / 3}}} {
		o, err := phantom.SheppLogan2D(n, fov, 3, phantom.Sampling{SpinsPerEdge: c.s})
		if err != nil {
			t.Fatal(err)
		}
		var got [][2]float64
		for i := range o.Len() {
			if math.Abs(o.X[i]) < dx/2 && math.Abs(o.Y[i]) < dx/2 {
				got = append(got, [2]float64{o.X[i], o.Y[i]})
				if want := 0.745 / float64(c.s*c.s); math.Abs(o.M0[i]-want) > 1e-15 || o.Z[i] != 0 {
					t.Errorf("s = %d: spin at (%g, %g, %g) has M0 %g, want %g at z = 0", c.s, o.X[i], o.Y[i], o.Z[i], o.M0[i], want)
				}
			}
		}
		// Spins come voxel by voxel, x fastest within a voxel.
		k := 0
		for _, y := range c.offsets {
			for _, x := range c.offsets {
				if k >= len(got) || math.Abs(got[k][0]-x) > 1e-15 || math.Abs(got[k][1]-y) > 1e-15 {
					t.Fatalf("s = %d: spins in the central voxel at %v, want the grid %v × %v mm", c.s, got, c.offsets, c.offsets)
				}
				k++
			}
		}
		if k != len(got) {
			t.Errorf("s = %d: %d spins in the central voxel, want %d", c.s, len(got), k)
		}
	}
}

// TestSamplingErrors checks that bad sampling options are refused with an
// error naming the option.
func TestSamplingErrors(t *testing.T) {
	for _, c := range []struct {
		n    int
		opts []phantom.Sampling
		want string
	}{
		{8, []phantom.Sampling{{SpinsPerEdge: -1}}, "SpinsPerEdge -1"},
		{8, []phantom.Sampling{{SpinsPerEdge: 17}}, "SpinsPerEdge 17"},
		{8, []phantom.Sampling{{}, {}}, "2 Sampling options"},
		{512, []phantom.Sampling{{SpinsPerEdge: 9}}, "exceeds 4096"},
	} {
		for name, f := range map[string]func() error{
			"SheppLogan2D": func() error { _, err := phantom.SheppLogan2D(c.n, 0.25, 1.5, c.opts...); return err },
			"Brain2D":      func() error { _, err := phantom.Brain2D(c.n, 0.25, 1.5, c.opts...); return err },
		} {
			if err := f(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s(%d, %+v): error %v, want one containing %q", name, c.n, c.opts, err, c.want)
			}
		}
	}
	// A zero Sampling is the default: one spin at each voxel centre.
	a, _ := phantom.SheppLogan2D(16, 0.25, 1.5)
	b, _ := phantom.SheppLogan2D(16, 0.25, 1.5, phantom.Sampling{})
	if a.Len() != b.Len() || a.X[7] != b.X[7] || a.M0[7] != b.M0[7] {
		t.Error("Sampling{} differs from no option")
	}
}
