package recon

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/larmor-mri/larmor/kspace"
)

// sameTrajTol is how close two readouts' k positions must be, in cycles
// (|Δk|·FOV), to share one regridding matrix: 3× the float32 rounding of
// the stored trajectory at k = 48 cycles (2^-24·48 ≈ 3e-6), so readouts
// that differ only by that rounding share a matrix; reusing it moves a
// sample by at most π·1e-5 of the object's total signal.
const sameTrajTol = 1e-5

// maxRegridSize bounds M·nx, the size of one regridding problem: its SVD
// works on 4·M·nx float64 values (32 MB at the bound, which covers 1024
// samples onto 1024 points).
const maxRegridSize = 1 << 20

// maxRegridCond bounds the condition number of a readout's encoding
// matrix: beyond it the samples do not determine the nx grid values (too
// few samples, or a k range that misses part of the grid) and noise would
// be amplified by more than that factor.
const maxRegridCond = 1e4

// RegridRamp returns a copy of d in which every readout is resampled from
// the k positions it was acquired at onto the uniform Cartesian grid
// kx_q = (q − nx/2)/FOV, q = 0..nx−1 (FOV = d.Header.Encoded.FOV[0]), in
// increasing kx: the regridding that ramp-sampled EPI needs before the FFT.
// Each output acquisition has nx samples, Center nx/2, IsReverse cleared
// (the samples now run along +kx whatever the readout's polarity was, so
// reversed lines are reversed here, by their trajectory), Dwell 0 (the
// samples no longer have acquisition times) and a trajectory holding the
// grid positions. The header's encoded readout matrix becomes nx (and the
// reconstruction's too if it was unset or larger), so recon.Cartesian can
// follow. Noise acquisitions are copied unchanged; samples in an
// acquisition's Discard ranges are ignored.
//
// The k position of sample m along the readout, k_m, is its trajectory
// (Acquisition.Traj, required) projected on ReadDir ((1, 0, 0) if ReadDir
// is zero); other components are taken as constant over the readout
// (their mean is kept). With x_n = (n − nx/2)·FOV/nx the voxel centres of
// the reconstruction, the samples of an object made of those voxels are
// s = E·ρ, E_mn = exp(−i2π k_m x_n), and the grid samples are F·ρ with
// F_qn = exp(−i2π kx_q x_n). RegridRamp applies R = F·E⁺, E⁺ the
// Moore-Penrose pseudo-inverse (least squares, by SVD), so it is exact for
// any object whose signal lies in that model, band-limited to the FOV on
// the voxel grid, whatever the density of the samples. A density-
// compensated adjoint F·Eᴴ·W would avoid the SVD but is only approximate
// (its error depends on the weights and peaks at the ramp ends), which is
// why the pseudo-inverse is used; its cost is one SVD of a 2M×2nx real
// matrix per distinct trajectory (readouts whose k agree to 1e-5 cycles
// share R; an EPI has two, one per polarity) and one nx×M
// matrix-vector product per readout and coil. Uniform samples on the grid
// itself give R = identity (or the reversal), so flat-top readouts pass
// through unchanged apart from the reversal.
//
// It returns an error naming the acquisition if nx is below 2, the FOV is
// not positive, an acquisition has no trajectory or inconsistent lengths,
// its samples do not determine the nx grid values (fewer than nx samples,
// or an encoding matrix of condition number above 1e4), or the problem is
// too large (samples × nx above 2^20).
func RegridRamp(d *kspace.Dataset, nx int) (*kspace.Dataset, error) {
	if d == nil {
		return nil, fmt.Errorf("recon: regrid: nil dataset")
	}
	fov := d.Header.Encoded.FOV[0]
	switch {
	case nx < 2 || nx > 8192:
		return nil, fmt.Errorf("recon: regrid: %d grid samples outside [2, 8192]", nx)
	case !(fov > 0) || math.IsInf(fov, 0):
		return nil, fmt.Errorf("recon: regrid: readout field of view %g m is not positive", fov)
	}
	out := &kspace.Dataset{Header: d.Header, Acquisitions: make([]kspace.Acquisition, len(d.Acquisitions))}
	out.Header.Encoded.Matrix[0] = nx
	if r := out.Header.Recon.Matrix[0]; r < 1 || r > nx {
		out.Header.Recon.Matrix[0] = nx
		out.Header.Recon.FOV[0] = fov
	}
	var cache []regridMatrix
	for i := range d.Acquisitions {
		a := &d.Acquisitions[i]
		if a.Flags.Has(kspace.IsNoiseMeasurement) {
			out.Acquisitions[i] = *a
			continue
		}
		k, rest, err := readoutK(a)
		if err != nil {
			return nil, fmt.Errorf("recon: regrid: acquisition %d: %w", i, err)
		}
		var r *regridMatrix
		for c := range cache {
			if cache[c].matches(k, fov) {
				r = &cache[c]
				break
			}
		}
		if r == nil {
			m, err := newRegridMatrix(k, nx, fov)
			if err != nil {
				return nil, fmt.Errorf("recon: regrid: acquisition %d: %w", i, err)
			}
			cache = append(cache, m)
			r = &cache[len(cache)-1]
		}
		b := *a
		b.Samples, b.Center, b.Dwell, b.Discard = nx, nx/2, 0, [2]int{}
		b.Flags &^= kspace.IsReverse
		b.Data = make([]complex64, a.Coils*nx)
		first := a.Discard[0]
		for c := range a.Coils {
			r.apply(b.Data[c*nx:(c+1)*nx], a.Data[c*a.Samples+first:c*a.Samples+first+len(k)])
		}
		dir := readDir(a)
		b.TrajDims = 3
		b.Traj = make([]float32, 3*nx)
		for q := range nx {
			kq := float64(q-nx/2) / fov
			for dd := range 3 {
				b.Traj[3*q+dd] = float32(rest[dd] + kq*dir[dd])
			}
		}
		out.Acquisitions[i] = b
	}
	return out, nil
}

// readDir returns the acquisition's readout direction, or x if it is unset.
func readDir(a *kspace.Acquisition) [3]float64 {
	if a.ReadDir == ([3]float64{}) {
		return [3]float64{1, 0, 0}
	}
	return a.ReadDir
}

// readoutK returns the k of the kept samples along the readout direction
// [1/m] and the mean of the trajectory's other part (k − (k·dir)·dir).
func readoutK(a *kspace.Acquisition) (k []float64, rest [3]float64, err error) {
	dims := a.TrajDims
	switch {
	case a.Samples < 1 || a.Coils < 1 || len(a.Data) != a.Coils*a.Samples:
		return nil, rest, fmt.Errorf("%d data values for %d coils × %d samples", len(a.Data), a.Coils, a.Samples)
	case dims < 1 || len(a.Traj) != dims*a.Samples:
		return nil, rest, fmt.Errorf("no trajectory (%d values in %d dimensions for %d samples)", len(a.Traj), dims, a.Samples)
	case a.Discard[0] < 0 || a.Discard[1] < 0 || a.Discard[0]+a.Discard[1] >= a.Samples:
		return nil, rest, fmt.Errorf("discard %v leaves none of %d samples", a.Discard, a.Samples)
	}
	dir := readDir(a)
	for s := a.Discard[0]; s < a.Samples-a.Discard[1]; s++ {
		var p [3]float64
		for dd := range min(dims, 3) {
			v := float64(a.Traj[s*dims+dd])
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, rest, fmt.Errorf("trajectory of sample %d is not finite", s)
			}
			p[dd] = v
		}
		along := p[0]*dir[0] + p[1]*dir[1] + p[2]*dir[2]
		k = append(k, along)
		for dd := range 3 {
			rest[dd] += p[dd] - along*dir[dd]
		}
	}
	for dd := range rest {
		rest[dd] /= float64(len(k))
	}
	return k, rest, nil
}

// regridMatrix is R = F·E⁺ for one readout trajectory: nx rows of M
// columns, row-major.
type regridMatrix struct {
	k  []float64 // the trajectory it was built for [1/m]
	nx int
	r  []complex128
}

func (m *regridMatrix) matches(k []float64, fov float64) bool {
	if len(k) != len(m.k) {
		return false
	}
	for i, v := range k {
		if math.Abs(v-m.k[i])*fov > sameTrajTol {
			return false
		}
	}
	return true
}

// apply sets dst[q] = Σ_m R[q][m]·src[m], accumulating in float64.
func (m *regridMatrix) apply(dst, src []complex64) {
	cols := len(m.k)
	for q := range m.nx {
		var s complex128
		row := m.r[q*cols : (q+1)*cols]
		for j, v := range src {
			s += row[j] * complex128(v)
		}
		dst[q] = complex64(s)
	}
}

// newRegridMatrix builds R = F·E⁺ for the samples at k [1/m]. The complex
// pseudo-inverse comes from the SVD of E's real embedding
// [[Re E, −Im E], [Im E, Re E]], whose pseudo-inverse is the embedding of
// E⁺.
func newRegridMatrix(k []float64, nx int, fov float64) (regridMatrix, error) {
	mm := len(k)
	if mm < nx {
		return regridMatrix{}, fmt.Errorf("%d samples cannot determine %d grid values", mm, nx)
	}
	if mm*nx > maxRegridSize {
		return regridMatrix{}, fmt.Errorf("%d samples onto %d grid values exceed the %d-element limit of the exact regridding", mm, nx, maxRegridSize)
	}
	x := func(n int) float64 { return float64(n-nx/2) * fov / float64(nx) }
	a := mat.NewDense(2*mm, 2*nx, nil)
	for i, kv := range k {
		for n := range nx {
			s, c := math.Sincos(-2 * math.Pi * kv * x(n))
			a.Set(i, n, c)
			a.Set(i, nx+n, -s)
			a.Set(mm+i, n, s)
			a.Set(mm+i, nx+n, c)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return regridMatrix{}, fmt.Errorf("SVD of the %d×%d encoding matrix failed", mm, nx)
	}
	vals := svd.Values(nil)
	if cond := vals[0] / vals[len(vals)-1]; !(cond <= maxRegridCond) {
		return regridMatrix{}, fmt.Errorf("%d samples from k = %.4g to %.4g /m do not determine %d grid values over %g m (condition number %.3g)",
			mm, k[0], k[mm-1], nx, fov, cond)
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	// E⁺ = V·Σ⁻¹·Uᵀ restricted to its first mm columns: rows 0..nx−1 are
	// Re E⁺, rows nx..2nx−1 Im E⁺.
	pinv := make([]complex128, nx*mm)
	for n := range nx {
		for i := range mm {
			var re, im float64
			for l, sv := range vals {
				ul := u.At(i, l) / sv
				re += v.At(n, l) * ul
				im += v.At(nx+n, l) * ul
			}
			pinv[n*mm+i] = complex(re, im)
		}
	}
	r := make([]complex128, nx*mm)
	for q := range nx {
		kq := float64(q-nx/2) / fov
		row := r[q*mm : (q+1)*mm]
		for n := range nx {
			s, c := math.Sincos(-2 * math.Pi * kq * x(n))
			f := complex(c, s)
			for i, p := range pinv[n*mm : (n+1)*mm] {
				row[i] += f * p
			}
		}
	}
	return regridMatrix{k: append([]float64(nil), k...), nx: nx, r: r}, nil
}
