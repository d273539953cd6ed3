package bloch_test

import (
	"context"
	"math"
	"math/cmplx"
	"strconv"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon"
)

// epiCorrelation is Pearson's correlation between the magnitude of img and
// want.
func epiCorrelation(img []complex64, want []float64) float64 {
	var sa, sb, saa, sbb, sab float64
	for i, w := range want {
		a := cmplx.Abs(complex128(img[i]))
		sa += a
		sb += w
		saa += a * a
		sbb += w * w
		sab += a * w
	}
	n := float64(len(want))
	return (sab - sa*sb/n) / math.Sqrt((saa-sa*sa/n)*(sbb-sb*sb/n))
}

// gridMap places a value per spin of a 2D phantom on the n×n voxel grid of
// fov (spins at voxel centres, as SheppLogan2D makes them).
func gridMap(obj *phantom.Object, n int, fov float64, value func(i int) float64) []float64 {
	m := make([]float64, n*n)
	dx := fov / float64(n)
	for i := range obj.Len() {
		p := int(math.Round(obj.X[i]/dx)) + n/2
		q := int(math.Round(obj.Y[i]/dx)) + n/2
		m[p+n*q] = value(i)
	}
	return m
}

// reconEPI regrids the readouts of d onto the Cartesian kx grid (which
// also reverses the reversed lines) and reconstructs by centred inverse
// FFT; it returns the one image.
func reconEPI(t *testing.T, d *kspace.Dataset, n int) []complex64 {
	t.Helper()
	g, err := recon.RegridRamp(d, n)
	if err != nil {
		t.Fatal(err)
	}
	imgs, err := recon.Cartesian(context.Background(), g, recon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 1 {
		t.Fatalf("%d images", len(imgs))
	}
	return imgs[0].Data
}

// TestEPISheppLogan simulates a 64×64 Shepp-Logan phantom (one spin per
// voxel centre, tissue T1 and T2, on resonance) under single-shot and
// 4-shot flat-top EPIs and a single-shot ramp-sampled EPI, reconstructs
// them with RegridRamp and Cartesian, and compares the magnitude with the
// phantom's expected magnitude M0·exp(−TE/T2) (90° pulses from full
// magnetisation: the 4-shot TR of 40 s is 9.5 T1 of CSF, the longest).
// Spins on voxel centres make the flat-top k-space an exact DFT, so what
// separates image and expectation is T2 decay along the echo train
// (blurring in y) and during each readout. The bound 0.99 is the one the
// issue expects on resonance (0.9 is its requirement); measured 0.9998
// (single shot), 1.0000 (4 shots, a quarter of the train) and 0.9999
// (ramp sampling, a shorter train).
func TestEPISheppLogan(t *testing.T) {
	const n, fov = 64, 0.256
	obj, err := phantom.SheppLogan2D(n, fov, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		p    seq.EPIParams
		min  float64
	}{
		{"single shot", seq.EPIParams{Matrix: n, FOV: fov}, 0.99},
		{"4 shots", seq.EPIParams{Matrix: n, FOV: fov, Shots: 4, TR: 40}, 0.99},
		{"ramp sampling", seq.EPIParams{Matrix: n, FOV: fov, RampSampling: true}, 0.99},
	} {
		s, err := seq.EPI(c.p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true})
		if err != nil {
			t.Fatal(err)
		}
		img := reconEPI(t, d, n)
		want := gridMap(obj, n, fov, func(i int) float64 { return obj.M0[i] * math.Exp(-s.Params.TE/obj.T2[i]) })
		corr := epiCorrelation(img, want)
		t.Logf("%s: TE %.2f ms, correlation with M0·exp(−TE/T2) %.4f", c.name, s.Params.TE*1e3, corr)
		if corr < c.min {
			t.Errorf("%s: correlation %.4f < %g", c.name, corr, c.min)
		}
	}
}

// TestEPIRampMatchesFlatTop checks the ramp-sampling path against the
// flat-top one on an object for which both are exact: spins on voxel
// centres with no relaxation (T1 = T2 = ∞), so the flat-top EPI's image is
// M0 itself (its samples are the DFT of the voxels) and the ramp-sampled
// one's differs only by the regridding of float32 data and trajectories.
// Both images must equal i·M0 (a 90° pulse of phase 0 tips +z to +y) to
// 1e-5 of the largest M0 (1): the complex64 samples (sums of up to ~500
// M0) round by ~3e-5, which the 1/N²-scaled inverse DFT averages down to
// ~1e-6 per voxel, and the float32 trajectory (k ≤ 16 cycles, rounded by
// 2^-24·16 ≈ 1e-6 cycles) turns phases by ≤ 2π·1e-6·½ ≈ 3e-6 relative.
// Measured 2.2e-7 (flat top) and 2.3e-7 (ramp sampling).
func TestEPIRampMatchesFlatTop(t *testing.T) {
	const n, fov = 32, 0.2
	obj, err := phantom.SheppLogan2D(n, fov, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	for i := range obj.Len() {
		obj.T1[i], obj.T2[i] = math.Inf(1), math.Inf(1)
	}
	want := gridMap(obj, n, fov, func(i int) float64 { return obj.M0[i] })
	for _, ramp := range []bool{false, true} {
		s, err := seq.EPI(seq.EPIParams{Matrix: n, FOV: fov, RampSampling: ramp})
		if err != nil {
			t.Fatal(err)
		}
		d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true})
		if err != nil {
			t.Fatal(err)
		}
		img := reconEPI(t, d, n)
		var worst float64
		for i, w := range want {
			worst = math.Max(worst, cmplx.Abs(complex128(img[i])-complex(0, w)))
		}
		t.Logf("ramp sampling %v: largest deviation from i·M0 %.2g", ramp, worst)
		if worst > 1e-5 {
			t.Errorf("ramp sampling %v: image differs from i·M0 by %.3g", ramp, worst)
		}
		if ramp {
			continue
		}
		// Flat-top lines need no regridding: every acquisition's centre
		// sample (ISMRMRD's center_sample, n/2 − 1 on reversed lines) is
		// where kx = 0, so plain Cartesian assembly places them.
		for i, a := range d.Acquisitions {
			if kx := a.Traj[3*a.Center]; math.Abs(float64(kx)) > 1e-3 {
				t.Fatalf("acquisition %d (reversed %v): centre sample %d has kx %g /m", i, a.Flags.Has(kspace.IsReverse), a.Center, kx)
			}
		}
		imgs, err := recon.Cartesian(context.Background(), d, recon.Options{})
		if err != nil {
			t.Fatal(err)
		}
		worst = 0
		for i := range img {
			worst = math.Max(worst, cmplx.Abs(complex128(imgs[0].Data[i]-img[i])))
		}
		if worst > 1e-6 {
			t.Errorf("flat-top EPI: Cartesian assembly differs from the regridded image by %.3g", worst)
		}
	}
}

// TestGRE3DPointSpins simulates a 16×16×8 object of spins on voxel centres
// (an off-centre ellipsoid with a brighter off-centre block, so that a
// flip of any axis would show) under a non-selective 3D GRE with RF
// spoiling, reconstructs it with the 3D centred inverse FFT of
// recon.Cartesian and compares every voxel with the closed form
// i·M0·sin α: with T1 = 50 ms, a TR of 1 s (e^(−20) of recovery left) and
// ideal spoiling every pulse finds full magnetisation, with T2 = ∞ nothing
// decays, and the receiver follows the RF phase. Tolerance 1e-4 of the
// largest M0: T1 relaxation during the 200 µs pulse could change sin α by
// up to ~2e-5 (τ/T1 times the Mz lost, 0.06) and the data are complex64.
// Measured 5e-8.
func TestGRE3DPointSpins(t *testing.T) {
	mat := [3]int{16, 16, 8}
	fov := [3]float64{0.16, 0.16, 0.08}
	vox := [3]float64{fov[0] / 16, fov[1] / 16, fov[2] / 8}
	m0 := make([]float64, mat[0]*mat[1]*mat[2])
	for k := range mat[2] {
		for j := range mat[1] {
			for i := range mat[0] {
				u := float64(i-7) / 6
				v := float64(j-9) / 5
				w := float64(k-4) / 3
				if u*u+v*v+w*w > 1 {
					continue
				}
				m0[i+mat[0]*(j+mat[1]*k)] = 0.6
				if i >= 8 && j <= 9 && k >= 5 {
					m0[i+mat[0]*(j+mat[1]*k)] = 1
				}
			}
		}
	}
	t1 := make([]float64, len(m0))
	t2 := make([]float64, len(m0))
	for i := range t1 {
		t1[i], t2[i] = 0.05, math.Inf(1)
	}
	obj, err := phantom.FromMaps(phantom.Maps{Matrix: mat, VoxelSize: vox, M0: m0, T1: t1, T2: t2}, 1)
	if err != nil {
		t.Fatal(err)
	}
	const flip = 20 * math.Pi / 180
	s, err := seq.GRE3D(seq.GRE3DParams{Matrix: mat, FOV: fov, Excitation: seq.HardExcitation, FlipAngle: flip, TR: 1})
	if err != nil {
		t.Fatal(err)
	}
	d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	imgs, err := recon.Cartesian(context.Background(), d, recon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 1 || imgs[0].Geometry.Matrix != mat {
		t.Fatalf("%d images of %v", len(imgs), imgs[0].Geometry.Matrix)
	}
	var worst float64
	want := make([]float64, len(m0))
	for i, v := range m0 {
		w := complex(0, v*math.Sin(flip))
		want[i] = cmplx.Abs(w)
		worst = math.Max(worst, cmplx.Abs(complex128(imgs[0].Data[i])-w))
	}
	corr := epiCorrelation(imgs[0].Data, want)
	t.Logf("largest deviation from i·M0·sin α: %.2g; correlation %.6f", worst, corr)
	if worst > 1e-4 {
		t.Errorf("image differs from i·M0·sin α by %.3g", worst)
	}
}

// TestEPIRSFixture simulates the first slice of Pulseq's ramp-sampled EPI
// test sequence (epi_rs_96_v151.seq, MATLAB epi_rs.m: 96×96 over 220 mm,
// 4 slices of 3 mm, 192 samples of 3 µs per readout spanning the ramps,
// three navigator readouts first) on a 96×96 Shepp-Logan phantom placed at
// that slice, reconstructs it with RegridRamp and Cartesian and requires a
// correlation of at least 0.9 with the M0 map (tissues share T1 and T2 so
// that the image is proportional to M0; the residue is T2 blurring along
// the echo train). Three things in the file need handling, each checked:
//
//   - its slices are at −6.75, 2.25, −2.25 and 6.75 mm (SlicePositions,
//     confirmed by the RF frequency offset over the slice-select
//     amplitude), none at z = 0, so the phantom is moved to the first;
//   - its fat-saturation pulse is set by FreqPPM = −3.45 and stays in: the
//     phantom has no fat, and water 3.45 ppm away is hardly touched;
//   - its blips are negative and LIN counts the lines in acquisition
//     order, so LIN 0 is the line at ky = +47/FOV: lines are placed by the
//     ky of their trajectory instead, j = round(ky·FOV) + 48.
func TestEPIRSFixture(t *testing.T) {
	const n, fov = 96, 0.22
	s, _, err := seq.ReadFile("seq/testdata/pulseq/epi_rs_96_v151.seq")
	if err != nil {
		t.Fatal(err)
	}
	var slices []float64
	for _, def := range s.Definitions {
		if def.Key == "SlicePositions" {
			for _, f := range strings.Fields(def.Value) {
				v, err := strconv.ParseFloat(f, 64)
				if err != nil {
					t.Fatal(err)
				}
				slices = append(slices, v)
			}
		}
	}
	if len(slices) != 4 {
		t.Fatalf("slice positions %v", slices)
	}
	// The first slice: from the start to the first RF pulse after an ADC.
	end, sawADC, excitations := len(s.Blocks), false, 0
	for i := range s.Blocks {
		b := &s.Blocks[i]
		if b.RF != nil && sawADC {
			end = i
			break
		}
		sawADC = sawADC || b.ADC != nil
		if b.RF != nil && b.RF.Use == seq.Excitation {
			excitations++
			// 1e-7 m: the amplitude is printed with 6 digits (7e-9 m here).
			if z := b.RF.FreqOffset / b.Gz.Amplitude; math.Abs(z-slices[0]) > 1e-7 {
				t.Fatalf("first excitation at z = %g m, SlicePositions says %g m", z, slices[0])
			}
		}
	}
	if excitations != 1 {
		t.Fatalf("%d excitations in the first slice", excitations)
	}
	s.Blocks = s.Blocks[:end]
	s.Encoding.Matrix = [3]int{n, n, 1}
	obj, err := phantom.SheppLogan2D(n, fov, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := range obj.Len() {
		obj.Z[i] = slices[0]
		obj.T1[i], obj.T2[i] = 1, 0.1
	}
	d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true})
	if err != nil {
		t.Fatal(err)
	}
	g, err := recon.RegridRamp(d, n)
	if err != nil {
		t.Fatal(err)
	}
	nav, lines := 0, map[int]bool{}
	for i := range g.Acquisitions {
		a := &g.Acquisitions[i]
		if a.Flags.Has(kspace.IsNavigationData) {
			nav++
			continue
		}
		j := int(math.Round(float64(a.Traj[3*(n/2)+1])*fov)) + n/2
		if lines[j] || j < 0 || j >= n {
			t.Fatalf("acquisition %d (LIN %d): line %d", i, a.Idx.KSpaceEncodeStep1, j)
		}
		if a.Idx.KSpaceEncodeStep1 != n-1-j {
			t.Errorf("acquisition %d: LIN %d at line %d; the file counts down in ky, want %d", i, a.Idx.KSpaceEncodeStep1, j, n-1-j)
		}
		lines[j] = true
		a.Idx.KSpaceEncodeStep1 = j
	}
	if nav != 3 || len(lines) != n {
		t.Fatalf("%d navigators, %d lines", nav, len(lines))
	}
	imgs, err := recon.Cartesian(context.Background(), g, recon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imgs) != 1 {
		t.Fatalf("%d images", len(imgs))
	}
	want := gridMap(obj, n, fov, func(i int) float64 { return obj.M0[i] })
	corr := epiCorrelation(imgs[0].Data, want)
	// Correlation ignores scale, and a sinc's side lobes still image a
	// slice it misses, so the scale is checked too: the least-squares
	// factor from M0 to |image| is sin α·exp(−TE/T2) for the flip angle α
	// at the slice centre; the wrong slice (the mirror of the right one,
	// 4.5 thicknesses away) gives under 0.05.
	var num, den float64
	for i, w := range want {
		num += w * cmplx.Abs(complex128(imgs[0].Data[i]))
		den += w * w
	}
	scale := num / den
	t.Logf("epi_rs first slice: correlation with the M0 map %.4f, scale %.3f", corr, scale)
	if corr < 0.9 {
		t.Errorf("correlation %.4f < 0.9", corr)
	}
	if scale < 0.3 {
		t.Errorf("image scale %.3g of M0: the slice was not excited", scale)
	}
}
