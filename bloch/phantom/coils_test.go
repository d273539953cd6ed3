package phantom_test

import (
	"fmt"
	"math"
	"math/cmplx"
	"testing"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

// coilTol is the tolerance of comparisons of sensitivities stored as
// complex64: relative rounding 6e-8 per value, a few operations, ×10.
const coilTol = 1e-6

// points returns an object of unit spins at the given positions.
func points(xyz ...[3]float64) *phantom.Object {
	o := &phantom.Object{}
	for _, p := range xyz {
		o.X = append(o.X, p[0])
		o.Y = append(o.Y, p[1])
		o.Z = append(o.Z, p[2])
		o.M0 = append(o.M0, 1)
		o.T1 = append(o.T1, 1)
		o.T2 = append(o.T2, 0.1)
	}
	return o
}

// disc returns unit spins on the voxel centres of an n×n grid of spacing
// dx that lie within radius r of the origin.
func disc(n int, dx, r float64) *phantom.Object {
	var p [][3]float64
	for j := range n {
		for i := range n {
			x, y := float64(i-n/2)*dx, float64(j-n/2)*dx
			if math.Hypot(x, y) < r {
				p = append(p, [3]float64{x, y, 0})
			}
		}
	}
	return points(p...)
}

// TestCoilsRSS checks the normalisation, mean RSS over the spins = 1, for
// 1 to 32 coils, and that the result validates.
func TestCoilsRSS(t *testing.T) {
	o := disc(48, 0.005, 0.11)
	for n := 1; n <= 32; n++ {
		if err := phantom.CircularCoils(o, n, 0.14); err != nil {
			t.Fatal(err)
		}
		if len(o.Coils) != n || o.NumCoils() != n {
			t.Fatalf("%d coils: got %d maps", n, len(o.Coils))
		}
		if err := o.Validate(); err != nil {
			t.Fatal(err)
		}
		var mean float64
		for i := range o.Len() {
			var ss float64
			for c := range o.Coils {
				v := complex128(o.Coils[c][i])
				ss += real(v)*real(v) + imag(v)*imag(v)
			}
			mean += math.Sqrt(ss)
		}
		mean /= float64(o.Len())
		if math.Abs(mean-1) > coilTol {
			t.Errorf("%d coils: mean RSS %.9f, want 1", n, mean)
		}
	}
}

// TestCoilsRotationSymmetry checks that coil c is coil 0 rotated by
// 2πc/N: C_c(R r) = exp(−i2πc/N)·C_0(r) for C = Bx − iBy, at points off
// the plane too, for an odd and an even number of coils and a ring turned
// by an arbitrary angle.
func TestCoilsRotationSymmetry(t *testing.T) {
	base := [][3]float64{{0.03, -0.02, 0}, {-0.07, 0.01, 0.02}, {0, 0, 0}, {0.05, 0.06, -0.04}, {0.09, 0, 0}}
	for _, ring := range []phantom.CoilRing{{N: 7, Radius: 0.13}, {N: 8, Radius: 0.15, Angle: 0.3}, {N: 3, Radius: 0.12, LoopRadius: 0.05, Angle: -1}} {
		var pts [][3]float64
		for c := range ring.N {
			s, co := math.Sincos(2 * math.Pi * float64(c) / float64(ring.N))
			for _, p := range base {
				pts = append(pts, [3]float64{co*p[0] - s*p[1], s*p[0] + co*p[1], p[2]})
			}
		}
		maps, err := ring.Sensitivities(points(pts...))
		if err != nil {
			t.Fatal(err)
		}
		for c := 1; c < ring.N; c++ {
			rot := cmplx.Exp(complex(0, -2*math.Pi*float64(c)/float64(ring.N)))
			for k := range base {
				got := complex128(maps[c][c*len(base)+k])
				want := rot * complex128(maps[0][k])
				if cmplx.Abs(got-want) > coilTol*cmplx.Abs(want)+1e-7 {
					t.Errorf("N %d: coil %d at rotated point %d: %v, want %v", ring.N, c, k, got, want)
				}
			}
		}
	}
}

// TestCoilsBrightestOnTheirSide checks, for 1 to 32 coils around a disc,
// that each coil sees the half of the object facing it at least twice as
// bright as the other half (measured: 5.5 to 12 times), and that its
// |C|²-weighted centroid lies in its direction.
func TestCoilsBrightestOnTheirSide(t *testing.T) {
	o := disc(64, 0.0035, 0.11)
	for n := 1; n <= 32; n++ {
		ring := phantom.CoilRing{N: n, Radius: 0.14, Angle: 0.1}
		maps, err := ring.Sensitivities(o)
		if err != nil {
			t.Fatal(err)
		}
		for c := range n {
			th := ring.Angle + 2*math.Pi*float64(c)/float64(n)
			ux, uy := math.Cos(th), math.Sin(th)
			var near, far, cx, cy, w float64
			var nNear, nFar int
			for i := range o.Len() {
				m := cmplx.Abs(complex128(maps[c][i]))
				if o.X[i]*ux+o.Y[i]*uy > 0 {
					near += m
					nNear++
				} else {
					far += m
					nFar++
				}
				cx += m * m * o.X[i]
				cy += m * m * o.Y[i]
				w += m * m
			}
			if near/float64(nNear) <= 2*far/float64(nFar) {
				t.Errorf("%d coils, coil %d: mean |C| %.3g on its side, %.3g on the other", n, c, near/float64(nNear), far/float64(nFar))
			}
			// The grid disc is symmetric about the coil's axis only to
			// within its sampling: measured ≤ 1.2e-3 rad, allow 0.01.
			d := math.Remainder(math.Atan2(cy, cx)-th, 2*math.Pi)
			if math.Abs(d) > 0.01 {
				t.Errorf("%d coils, coil %d: centroid at azimuth %.4f rad, coil at %.4f", n, c, math.Atan2(cy, cx), th)
			}
		}
	}
}

// TestCoilsAxialField checks the field on a loop's axis against the
// textbook B = μ0·I·a²/(2(a² + d²)^{3/2}) at distance d from its centre
// (ratios, the normalisation being common), and that it points along the
// axis, towards the object: C = Bx − iBy is real and negative for the loop
// at +x.
func TestCoilsAxialField(t *testing.T) {
	const R, a = 0.15, 0.04
	ds := []float64{0.01, 0.03, 0.06, 0.1, 0.2, 0.28}
	var pts [][3]float64
	for _, d := range ds {
		pts = append(pts, [3]float64{R - d, 0, 0})
	}
	maps, err := phantom.CoilRing{N: 1, Radius: R, LoopRadius: a}.Sensitivities(points(pts...))
	if err != nil {
		t.Fatal(err)
	}
	onAxis := func(d float64) float64 { return a * a / (2 * math.Pow(a*a+d*d, 1.5)) }
	for k, d := range ds {
		v := complex128(maps[0][k])
		ratio := real(v) / real(complex128(maps[0][0]))
		want := onAxis(d) / onAxis(ds[0])
		if math.Abs(ratio-want) > coilTol*want || real(v) >= 0 || math.Abs(imag(v)) > coilTol*math.Abs(real(v)) {
			t.Errorf("d = %g m: C = %v, ratio to d = %g m %.7g, want %.7g", d, v, ds[0], ratio, want)
		}
	}
}

// biotSavart returns the field (in units of μ0·I/(4π)) of a loop of
// radius a centred at c with unit axis n (horizontal), carrying a unit
// current counter-clockwise about n, at p, by summing the Biot–Savart law
// over m straight pieces: the trapezoidal rule, which converges
// exponentially for this smooth periodic integrand away from the wire.
func biotSavart(a float64, c, n, p [3]float64, m int) [3]float64 {
	z := [3]float64{0, 0, 1}
	t := [3]float64{n[1], -n[0], 0} // z × t = n
	var b [3]float64
	dphi := 2 * math.Pi / float64(m)
	for k := range m {
		phi := (float64(k) + 0.5) * dphi
		s, co := math.Sincos(phi)
		var w, dl, r [3]float64
		for i := range 3 {
			w[i] = c[i] + a*(co*z[i]+s*t[i])
			dl[i] = a * (-s*z[i] + co*t[i]) * dphi
			r[i] = p[i] - w[i]
		}
		d := math.Sqrt(r[0]*r[0] + r[1]*r[1] + r[2]*r[2])
		d3 := d * d * d
		b[0] += (dl[1]*r[2] - dl[2]*r[1]) / d3
		b[1] += (dl[2]*r[0] - dl[0]*r[2]) / d3
		b[2] += (dl[0]*r[1] - dl[1]*r[0]) / d3
	}
	return b
}

// TestCoilsBiotSavart checks the closed-form loop field (elliptic
// integrals) at points off the axis and off the plane against a direct
// Biot–Savart sum, for two loops of a ring: C = s·(Bx − iBy) with one
// positive factor s for all points.
func TestCoilsBiotSavart(t *testing.T) {
	ring := phantom.CoilRing{N: 5, Radius: 0.12, LoopRadius: 0.05, Angle: 0.4}
	pts := [][3]float64{{0, 0, 0}, {0.05, 0.02, 0}, {-0.03, 0.08, 0.01}, {0.09, 0.05, -0.03}, {0.02, -0.1, 0.05}, {0.1, 0.04, 0}}
	// Near loop 0's axis: 200 µm and 2 µm from it, the second where the
	// radial field comes from its first-order expansion.
	s0, c0 := math.Sincos(ring.Angle)
	pts = append(pts, [3]float64{0.6 * ring.Radius * c0, 0.6 * ring.Radius * s0, 2e-4}, [3]float64{0.6 * ring.Radius * c0, 0.6 * ring.Radius * s0, 2e-6})
	maps, err := ring.Sensitivities(points(pts...))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []int{0, 3} {
		th := ring.Angle + 2*math.Pi*float64(c)/float64(ring.N)
		centre := [3]float64{ring.Radius * math.Cos(th), ring.Radius * math.Sin(th), 0}
		axis := [3]float64{-math.Cos(th), -math.Sin(th), 0}
		var num complex128
		var den float64
		want := make([]complex128, len(pts))
		for k, p := range pts {
			b := biotSavart(ring.LoopRadius, centre, axis, p, 4096)
			want[k] = complex(b[0], -b[1])
			num += complex128(maps[c][k]) * cmplx.Conj(want[k])
			den += real(want[k])*real(want[k]) + imag(want[k])*imag(want[k])
		}
		s := num / complex(den, 0) // least-squares factor
		if real(s) <= 0 || math.Abs(imag(s)) > coilTol*real(s) {
			t.Fatalf("coil %d: factor to Biot–Savart %v, want positive real", c, s)
		}
		for k := range pts {
			got := complex128(maps[c][k])
			if cmplx.Abs(got-s*want[k]) > coilTol*cmplx.Abs(got) {
				t.Errorf("coil %d at %v: %v, Biot–Savart gives %v", c, pts[k], got, s*want[k])
			}
		}
	}
}

func TestCoilsErrors(t *testing.T) {
	ok := disc(16, 0.01, 0.07)
	bad := disc(4, 0.01, 1)
	bad.T2[0] = -1
	for _, c := range []struct {
		name string
		o    *phantom.Object
		ring phantom.CoilRing
	}{
		{"nil object", nil, phantom.CoilRing{N: 4, Radius: 0.1}},
		{"invalid object", bad, phantom.CoilRing{N: 4, Radius: 0.1}},
		{"no coils", ok, phantom.CoilRing{N: 0, Radius: 0.1}},
		{"too many coils", ok, phantom.CoilRing{N: phantom.MaxCoils + 1, Radius: 0.1}},
		{"zero radius", ok, phantom.CoilRing{N: 4}},
		{"negative radius", ok, phantom.CoilRing{N: 4, Radius: -0.1}},
		{"NaN radius", ok, phantom.CoilRing{N: 4, Radius: math.NaN()}},
		{"infinite radius", ok, phantom.CoilRing{N: 4, Radius: math.Inf(1)}},
		{"negative loop radius", ok, phantom.CoilRing{N: 4, Radius: 0.1, LoopRadius: -0.01}},
		{"NaN angle", ok, phantom.CoilRing{N: 4, Radius: 0.1, Angle: math.NaN()}},
		{"object outside the ring", ok, phantom.CoilRing{N: 4, Radius: 0.05}},
	} {
		if _, err := c.ring.Sensitivities(c.o); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
	o := disc(16, 0.01, 0.07)
	if err := phantom.CircularCoils(o, 4, 0.05); err == nil || o.Coils != nil {
		t.Errorf("CircularCoils inside the object: error %v, coils %d", err, len(o.Coils))
	}
}

// Eight loops of radius a = 14 cm·π/8 = 5.5 cm around the brain phantom:
// the loop at the patient's left (+x) sees the scalp on its axis 6 cm away
// about ((a² + (22 cm)²)/(a² + (6 cm)²))^{3/2} ≈ 22 times brighter than the scalp
// on the far side, 22 cm away; the root-sum-of-squares over the eight
// loops is 1 on average.
func ExampleCircularCoils() {
	o, _ := phantom.Brain2D(64, 0.256, 1.5)
	if err := phantom.CircularCoils(o, 8, 0.14); err != nil {
		fmt.Println(err)
		return
	}
	var left, right float64 // |C| of loop 0 at the two ends of the x axis
	for i := range o.Len() {
		if o.Y[i] == 0 && math.Abs(o.X[i]) > 0.07 {
			if o.X[i] > 0 {
				left = math.Max(left, cmplx.Abs(complex128(o.Coils[0][i])))
			} else {
				right = math.Max(right, cmplx.Abs(complex128(o.Coils[0][i])))
			}
		}
	}
	fmt.Printf("%d coils; loop 0: left/right %.0f\n", len(o.Coils), left/right)
	// Output: 8 coils; loop 0: left/right 21
}
