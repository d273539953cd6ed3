package phantom

import (
	"fmt"
	"math"
)

// MaxCoils is the largest number of loops a CoilRing may have.
const MaxCoils = 128

// CoilRing is a receive array of N identical circular loops whose centres
// are evenly spaced on a circle of radius Radius around the z axis in the
// z = 0 plane. Loop c has its centre at azimuth θc = Angle + 2πc/N
// (measured from +x towards +y), at Radius·(cos θc, sin θc, 0); its axis
// points from there at the z axis, and the loop lies in the plane through
// its centre perpendicular to the axis (so it is parallel to z), like the
// elements of a head coil seen in an axial slice.
//
// The zero value is not usable: N and Radius must be set.
type CoilRing struct {
	N      int     // number of loops, 1 to MaxCoils
	Radius float64 // distance of each loop's centre from the z axis [m]
	// LoopRadius is the radius of each loop [m]; 0 means
	// Radius·min(π/N, 1/2): neighbouring loops about touch, as in an array
	// (8 loops of 9.4 cm diameter at Radius 12 cm), and a few loops are not
	// larger than the object.
	LoopRadius float64
	Angle      float64 // azimuth of loop 0 [rad]; 0 puts it at +x, the patient's left
}

// Sensitivities returns the receive sensitivity of every loop at every
// spin of o, as Object.Coils holds them: [coil][spin].
//
// # Physics
//
// Each loop carries a unit current, counter-clockwise about its axis (so
// its field at its centre points at the object). Its magnetic field B at
// a spin is the exact field of a circular current loop, in closed form
// with complete elliptic integrals (Simpson, Lane, Immer and Youngquist,
// "Simple analytic expressions for the magnetic field of a circular
// current loop", NASA Technical Memorandum 2001; Jackson, Classical
// Electrodynamics, §5.5). By reciprocity (Hoult, Concepts Magn Reson
// 2000;12:173–187), a spin whose transverse magnetisation Mx + iMy
// precesses as exp(−iω0t) (positive γ, as in the simulator) induces in the
// loop, after quadrature demodulation, the complex signal
// iω0·(Bx − iBy)·(Mx + iMy): the sensitivity is
//
//	C = Bx − iBy,
//
// with the common factor iω0 dropped. Bz, along the main field, does not
// couple. Rotating the ring rotates the maps: loop c's sensitivity at
// a point rotated by 2πc/N about z is exp(−i2πc/N) times loop 0's at the
// unrotated point.
//
// # Normalisation
//
// All maps are scaled by one positive factor so that the mean over the
// spins of o of the root-sum-of-squares √(Σc |Cc|²) is exactly 1 (before
// rounding to complex64).
//
// It returns an error if o is nil or invalid, N is outside [1, MaxCoils],
// Radius or LoopRadius is not a positive finite number (LoopRadius may be
// 0), or a spin does not lie strictly inside the ring (distance from the z
// axis at least Radius), where the coils could not surround the object
// and a spin could sit on a wire.
func (r CoilRing) Sensitivities(o *Object) ([][]complex64, error) {
	if o == nil {
		return nil, fmt.Errorf("phantom: coils: nil object")
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if r.N < 1 || r.N > MaxCoils {
		return nil, fmt.Errorf("phantom: coils: %d loops outside [1, %d]", r.N, MaxCoils)
	}
	if !(r.Radius > 0) || math.IsInf(r.Radius, 0) {
		return nil, fmt.Errorf("phantom: coils: ring radius %g m is not positive", r.Radius)
	}
	a := r.LoopRadius
	if a == 0 {
		a = r.Radius * math.Min(math.Pi/float64(r.N), 0.5)
	}
	if !(a > 0) || math.IsInf(a, 0) {
		return nil, fmt.Errorf("phantom: coils: loop radius %g m is not positive", r.LoopRadius)
	}
	if math.IsNaN(r.Angle) || math.IsInf(r.Angle, 0) {
		return nil, fmt.Errorf("phantom: coils: angle %g rad is not finite", r.Angle)
	}
	n := o.Len()
	for i := range n {
		if d := math.Hypot(o.X[i], o.Y[i]); d >= r.Radius {
			return nil, fmt.Errorf("phantom: coils: spin %d is %g m from the z axis, outside the ring of radius %g m", i, d, r.Radius)
		}
	}
	maps := make([][]complex128, r.N)
	for c := range maps {
		th := r.Angle + 2*math.Pi*float64(c)/float64(r.N)
		s, co := math.Sincos(th)
		cx, cy := r.Radius*co, r.Radius*s // loop centre
		nx, ny := -co, -s                 // axis, towards the z axis
		m := make([]complex128, n)
		for i := range n {
			dx, dy, dz := o.X[i]-cx, o.Y[i]-cy, o.Z[i]
			zl := dx*nx + dy*ny // along the axis
			px, py, pz := dx-zl*nx, dy-zl*ny, dz
			rho := math.Sqrt(px*px + py*py + pz*pz)
			bRho, bAx := loopField(a, rho, zl)
			bx, by := bAx*nx, bAx*ny
			if rho > 0 {
				bx += bRho * px / rho
				by += bRho * py / rho
			}
			m[i] = complex(bx, -by)
		}
		maps[c] = m
	}
	var mean float64
	for i := range n {
		var ss float64
		for c := range maps {
			v := maps[c][i]
			ss += real(v)*real(v) + imag(v)*imag(v)
		}
		mean += math.Sqrt(ss)
	}
	mean /= float64(n)
	if !(mean > 0) || math.IsInf(mean, 0) {
		return nil, fmt.Errorf("phantom: coils: mean root-sum-of-squares sensitivity %g cannot be normalised", mean)
	}
	out := make([][]complex64, r.N)
	for c, m := range maps {
		cs := make([]complex64, n)
		for i, v := range m {
			cs[i] = complex64(v / complex(mean, 0))
		}
		out[c] = cs
	}
	return out, nil
}

// CircularCoils sets o.Coils to the sensitivities of n loops on a ring of
// the given radius [m] around the object: CoilRing{N: n, Radius: radius}
// with its default loop size, loop 0 at +x (see CoilRing.Sensitivities for
// the physics and the normalisation: mean root-sum-of-squares 1 over the
// spins). It leaves o unchanged and returns the error of Sensitivities if
// there is one.
func CircularCoils(o *Object, n int, radius float64) error {
	maps, err := CoilRing{N: n, Radius: radius}.Sensitivities(o)
	if err != nil {
		return err
	}
	o.Coils = maps
	return nil
}

// loopField returns the radial and axial components of the magnetic field
// of a circular loop of radius a carrying a unit current, at distance rho
// from its axis and zl along it from its centre, in units of μ0·I/π
// (Simpson et al. 2001, eqs. 9–10 in cylindrical form):
//
//	α² = a² + ρ² + z² − 2aρ,  β² = a² + ρ² + z² + 2aρ,  k² = 1 − α²/β²
//	Bρ = z/(2α²βρ)·[(a² + ρ² + z²)·E(k²) − α²·K(k²)]
//	Bz = 1/(2α²β)·[(a² − ρ² − z²)·E(k²) + α²·K(k²)]
//
// On the axis Bz = π·a²/(2(a² + z²)^{3/2}), the textbook μ0·I·a²/(2(a²+z²)^{3/2}).
// Close to the axis (ρ < 1e−4·a), where the bracket of Bρ cancels, Bρ is
// its first-order expansion (3π/4)·a²·z·ρ/(a² + z²)^{5/2}, from ∇·B = 0.
// The caller keeps points off the wire (α > 0).
func loopField(a, rho, z float64) (bRho, bZ float64) {
	s := a*a + rho*rho + z*z
	alpha2 := s - 2*a*rho
	beta2 := s + 2*a*rho
	beta := math.Sqrt(beta2)
	k, e := ellipticKE(1 - alpha2/beta2)
	bZ = ((a*a-rho*rho-z*z)*e + alpha2*k) / (2 * alpha2 * beta)
	if rho < 1e-4*a {
		q := a*a + z*z
		return 0.75 * math.Pi * a * a * z * rho / (q * q * math.Sqrt(q)), bZ
	}
	bRho = z * (s*e - alpha2*k) / (2 * alpha2 * beta * rho)
	return bRho, bZ
}

// ellipticKE returns the complete elliptic integrals of the first and
// second kind, K(m) and E(m), of parameter m = k² in [0, 1), by the
// arithmetic-geometric mean (Abramowitz and Stegun 17.6):
// K = π/(2·AGM(1, √(1−m))), E = K·(1 − Σn 2^{n−1}·cn²) with c0² = m.
func ellipticKE(m float64) (k, e float64) {
	a, b := 1.0, math.Sqrt(1-m)
	sum, w := 0.5*m, 0.5
	for range 64 {
		c := (a - b) / 2
		if c <= 1e-15*a {
			break // the terms left add under 1e-28
		}
		a, b = (a+b)/2, math.Sqrt(a*b)
		w *= 2
		sum += w * c * c
	}
	k = math.Pi / (2 * a)
	return k, k * (1 - sum)
}
