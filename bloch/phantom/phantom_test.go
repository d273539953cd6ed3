package phantom_test

import (
	"math"
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
