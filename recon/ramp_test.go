package recon_test

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon"
)

// rampTol bounds the regridding error relative to Σ|ρ| (the largest
// possible sample): the data are complex64 (6e-8) and the trajectory
// float32, whose rounding at k ≤ 32 cycles (2^-24·32 ≈ 2e-6 cycles) moves
// a phase by up to 2π·2e-6·½ ≈ 6e-6; the pseudo-inverse's condition
// number (2.2 and 1.7 here) multiplies both. Measured 1.0e-6 at worst.
const rampTol = 2e-5

// points are complex amplitudes on voxels of the grid of nx voxels over fov
// (index → amplitude): an object band-limited to the FOV.
type points map[int]complex128

// signal is the closed-form signal of the points at k [1/m]:
// Σ ρ_n exp(−i2π k x_n), x_n = (n − nx/2)·fov/nx.
func (p points) signal(k float64, nx int, fov float64) complex128 {
	var s complex128
	for n, a := range p {
		x := float64(n-nx/2) * fov / float64(nx)
		s += a * cmplx.Exp(complex(0, -2*math.Pi*k*x))
	}
	return s
}

func (p points) total() float64 {
	var s float64
	for _, a := range p {
		s += cmplx.Abs(a)
	}
	return s
}

// trapezoidK is the closed-form k [1/m] at time t of a trapezoid of
// amplitude g [Hz/m], ramps rise and flat top flat [s] starting at t = 0,
// offset so that k at its centre is kc.
func trapezoidK(g, rise, flat, kc, t float64) float64 {
	total := g * (rise + flat)
	var k float64
	switch end := 2*rise + flat; {
	case t <= rise:
		k = g * t * t / (2 * rise)
	case t <= rise+flat:
		k = g*rise/2 + g*(t-rise)
	default:
		k = total - g*(end-t)*(end-t)/(2*rise)
	}
	return kc - total/2 + k
}

// rampAcquisition returns an acquisition of the points sampled on a ramp
// readout: m samples dwell apart centred on the trapezoid, forward or
// reversed (flagged), at ky, with two coils (the second scaled by 0.5−0.25i).
func rampAcquisition(p points, nx int, fov, g, rise, flat, dwell float64, m int, reverse bool, ky float64) kspace.Acquisition {
	a := kspace.Acquisition{Coils: 2, Samples: m, Center: m / 2, TrajDims: 3,
		ReadDir: [3]float64{1, 0, 0}, PhaseDir: [3]float64{0, 1, 0}, SliceDir: [3]float64{0, 0, 1}}
	if reverse {
		a.Flags = kspace.IsReverse
	}
	a.Data = make([]complex64, 2*m)
	c := rise + flat/2
	kc := -0.5 / fov
	for s := range m {
		t := c + (float64(s-m/2)+0.5)*dwell
		k := trapezoidK(g, rise, flat, kc, t)
		if reverse {
			k = 2*kc - k
		}
		v := p.signal(k, nx, fov)
		a.Data[s] = complex64(v)
		a.Data[m+s] = complex64(v * complex(0.5, -0.25))
		a.Traj = append(a.Traj, float32(k), float32(ky), 0)
	}
	return a
}

// TestRegridRampPointObjects regrids ramp-sampled readouts of point
// objects on the voxel grid, whose signal is known in closed form at every
// k, and requires the result to equal the closed-form signal on the
// uniform grid kx_q = (q − nx/2)/FOV to rampTol of Σ|ρ|, for forward and
// reversed readouts, two coils, a readout sampled at the Nyquist rate on
// its flat top (as seq.EPI's ramp sampling) and one oversampled twice (as
// Pulseq's epi_rs). The output is nx samples centred at nx/2, no longer
// flagged reversed, with the grid's trajectory and the line's ky.
func TestRegridRampPointObjects(t *testing.T) {
	const nx, fov = 64, 0.25
	dk := 1 / fov
	r := rand.New(rand.NewPCG(3, 4))
	p := points{}
	for range 12 {
		p[r.IntN(nx)] += complex(r.NormFloat64(), r.NormFloat64())
	}
	p[0] = 0.7i // the edge voxel at −FOV/2
	p[nx-1] = -0.4
	for _, c := range []struct {
		name              string
		g, rise, flat, dw float64
		m                 int
	}{
		// Nyquist on the flat top (g·dwell = 1/FOV), 90 samples over ramps
		// of 170 µs and a 60 µs flat top: kx spans ±35 cycles.
		{"nyquist", dk / 3e-6, 170e-6, 60e-6, 3e-6, 90},
		// Twice oversampled on the flat top, 160 samples spanning ±36 cycles.
		{"oversampled", dk / 4e-6, 120e-6, 200e-6, 2e-6, 160},
	} {
		d := &kspace.Dataset{Header: kspace.Header{
			Encoded: kspace.Space{Matrix: [3]int{nx, nx, 1}, FOV: [3]float64{fov, fov, 0.005}}, Coils: 2}}
		for line, rev := range []bool{false, true, false, true} {
			d.Acquisitions = append(d.Acquisitions, rampAcquisition(p, nx, fov, c.g, c.rise, c.flat, c.dw, c.m, rev, float64(line)*dk))
		}
		out, err := recon.RegridRamp(d, nx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if out.Header.Encoded.Matrix[0] != nx || d.Acquisitions[0].Samples != c.m {
			t.Fatalf("%s: header matrix %v, input changed: %d samples", c.name, out.Header.Encoded.Matrix, d.Acquisitions[0].Samples)
		}
		var worst float64
		for line, a := range out.Acquisitions {
			if a.Samples != nx || a.Center != nx/2 || a.Flags.Has(kspace.IsReverse) || len(a.Data) != 2*nx || len(a.Traj) != 3*nx {
				t.Fatalf("%s line %d: %d samples, centre %d, flags %b", c.name, line, a.Samples, a.Center, a.Flags)
			}
			for q := range nx {
				kq := float64(q-nx/2) * dk
				want := p.signal(kq, nx, fov)
				for coil, w := range []complex128{want, want * complex(0.5, -0.25)} {
					e := cmplx.Abs(complex128(a.Data[coil*nx+q])-w) / p.total()
					worst = math.Max(worst, e)
				}
				if math.Abs(float64(a.Traj[3*q])-kq) > 1e-4 || math.Abs(float64(a.Traj[3*q+1])-float64(line)*dk) > 1e-4 {
					t.Fatalf("%s line %d: trajectory of sample %d is %v", c.name, line, q, a.Traj[3*q:3*q+3])
				}
			}
		}
		t.Logf("%s: worst error %.2g of Σ|ρ|", c.name, worst)
		if worst > rampTol {
			t.Errorf("%s: regridded samples differ from the closed form by %.2g of Σ|ρ| (tolerance %g)", c.name, worst, rampTol)
		}
	}
}

// TestRegridRampUniform checks that readouts already on the grid (a
// flat-top EPI) pass through unchanged, reversed lines reversed, so that
// kspace.Dataset.Cartesian then places every sample at its grid point
// (to 1e-6 of the sample, complex64 rounding through a float64 identity
// matrix), and that noise acquisitions are copied unchanged.
func TestRegridRampUniform(t *testing.T) {
	const nx, fov = 16, 0.2
	r := rand.New(rand.NewPCG(5, 6))
	d := &kspace.Dataset{Header: kspace.Header{Encoded: kspace.Space{Matrix: [3]int{nx, 2, 1}, FOV: [3]float64{fov, fov, 0.005}}, Coils: 1}}
	want := make([][]complex64, 2) // by line, in increasing kx
	for line := range 2 {
		a := kspace.Acquisition{Coils: 1, Samples: nx, Center: nx / 2, TrajDims: 2, Idx: kspace.Counters{KSpaceEncodeStep1: line}}
		want[line] = make([]complex64, nx)
		for q := range nx {
			want[line][q] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
		}
		for s := range nx {
			q := s
			if line == 1 { // reversed: sample s at kx = (nx/2 − 1 − s)/FOV
				a.Flags = kspace.IsReverse
				q = nx - 1 - s
			}
			a.Data = append(a.Data, want[line][q])
			a.Traj = append(a.Traj, float32(float64(q-nx/2)/fov), float32(line))
		}
		d.Acquisitions = append(d.Acquisitions, a)
	}
	noise := kspace.Acquisition{Flags: kspace.IsNoiseMeasurement, Coils: 1, Samples: 3, Data: []complex64{1, 2, 3}}
	d.Acquisitions = append(d.Acquisitions, noise)
	out, err := recon.RegridRamp(d, nx)
	if err != nil {
		t.Fatal(err)
	}
	arr, err := out.Cartesian()
	if err != nil {
		t.Fatal(err)
	}
	for line := range 2 {
		for q := range nx {
			got := arr.Data[arr.Index(q, line)]
			if cmplx.Abs(complex128(got-want[line][q])) > 1e-6*cmplx.Abs(complex128(want[line][q]))+1e-7 {
				t.Fatalf("line %d kx index %d: %v, want %v", line, q, got, want[line][q])
			}
		}
	}
	if n := out.Acquisitions[2]; n.Samples != 3 || n.Data[2] != 3 || !n.Flags.Has(kspace.IsNoiseMeasurement) {
		t.Errorf("noise acquisition changed: %+v", n)
	}
}

// TestRegridRampErrors checks that data the regridding cannot handle give
// errors naming the problem.
func TestRegridRampErrors(t *testing.T) {
	const nx, fov = 16, 0.2
	good := func() *kspace.Dataset {
		d := &kspace.Dataset{Header: kspace.Header{Encoded: kspace.Space{Matrix: [3]int{nx, 1, 1}, FOV: [3]float64{fov, fov, 0.005}}, Coils: 1}}
		a := kspace.Acquisition{Coils: 1, Samples: nx, TrajDims: 1, Data: make([]complex64, nx)}
		for s := range nx {
			a.Traj = append(a.Traj, float32(float64(s-nx/2)/fov))
		}
		d.Acquisitions = []kspace.Acquisition{a}
		return d
	}
	if _, err := recon.RegridRamp(good(), nx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		nx   int
		edit func(d *kspace.Dataset)
		want string
	}{
		{"nx", 1, func(*kspace.Dataset) {}, "grid samples"},
		{"fov", nx, func(d *kspace.Dataset) { d.Header.Encoded.FOV[0] = 0 }, "field of view"},
		{"no trajectory", nx, func(d *kspace.Dataset) { d.Acquisitions[0].TrajDims, d.Acquisitions[0].Traj = 0, nil }, "no trajectory"},
		{"data length", nx, func(d *kspace.Dataset) { d.Acquisitions[0].Data = d.Acquisitions[0].Data[1:] }, "data values"},
		{"too few samples", 2 * nx, func(*kspace.Dataset) {}, "cannot determine"},
		{"half of k-space", nx, func(d *kspace.Dataset) {
			for s := range nx {
				d.Acquisitions[0].Traj[s] = float32(float64(s) / (2 * fov))
			}
		}, "condition number"},
		{"discard", nx, func(d *kspace.Dataset) { d.Acquisitions[0].Discard = [2]int{nx, 0} }, "discard"},
		{"NaN", nx, func(d *kspace.Dataset) { d.Acquisitions[0].Traj[3] = float32(math.NaN()) }, "not finite"},
		{"too large", 1100, func(d *kspace.Dataset) {
			a := &d.Acquisitions[0]
			a.Samples, a.Data, a.Traj = 1100, make([]complex64, 1100), make([]float32, 1100)
		}, "limit"},
	} {
		d := good()
		c.edit(d)
		_, err := recon.RegridRamp(d, c.nx)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
	if _, err := recon.RegridRamp(nil, nx); err == nil {
		t.Error("nil dataset accepted")
	}
}
