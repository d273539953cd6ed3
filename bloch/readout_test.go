package bloch

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// exactReadout returns Σ_t b_t·(E2_t·e^{−i2πφ_t})^{j+1} for j < n, each
// power computed directly with Exp and Sincos (no recurrence).
func exactReadout(ph []phasor, n int) []complex128 {
	a := make([]complex128, n)
	for j := range a {
		for _, q := range ph {
			e := float64(j + 1)
			a[j] += complex(q.br, q.bi) * complex(math.Exp(q.lnE2*e), 0) *
				cmplx.Exp(complex(0, -2*math.Pi*math.Mod(q.phi*e, 1)))
		}
	}
	return a
}

func randomPhasors(rng *rand.Rand, n int) []phasor {
	ph := make([]phasor, n)
	for t := range ph {
		e2 := 0.999 + 0.001*rng.Float64()
		phi := rng.Float64() - 0.5
		sn, cs := math.Sincos(-2 * math.Pi * phi)
		ph[t] = phasor{pr: e2 * cs, pi: e2 * sn, lnE2: math.Log(e2), phi: phi,
			br: rng.NormFloat64(), bi: rng.NormFloat64()}
	}
	return ph
}

// maxErr returns max_j |a_j − b_j| / Σ_t |b_t|: the error relative to the
// largest value the sum can take.
func maxErr(a, b []complex128, ph []phasor) float64 {
	var scale, worst float64
	for _, q := range ph {
		scale += math.Hypot(q.br, q.bi)
	}
	for j := range a {
		worst = max(worst, cmplx.Abs(a[j]-b[j]))
	}
	return worst / scale
}

// TestReadoutKernels checks the 64- and 16-spin readout kernels (assembly
// where the CPU has it, else Go) and the Go references against the closed
// form computed per sample with Pow and Sincos, over 3,000 samples with
// re-seeding. Tolerance 1e-12 of Σ|b|: the recurrence drifts by about
// reseedEvery·1e-16 between re-seeds, summed over 64 spins, well below.
func TestReadoutKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ph := randomPhasors(rng, 64)
	const n = 3000
	want := exactReadout(ph, n)

	got64 := make([]complex128, n)
	var v, p [128]float64
	if !runSixtyFour(got64, (*[64]phasor)(ph), &v, &p) {
		t.Log("no AVX-512: the 64-spin kernel is not used on this machine")
	} else if e := maxErr(got64, want, ph); e > 1e-12 {
		t.Errorf("runSixtyFour: error %.3g of Σ|b|", e)
	}

	got16 := make([]complex128, n)
	for s := 0; s < 64; s += 16 {
		runSixteen(got16, (*[16]phasor)(ph[s:s+16]))
	}
	if e := maxErr(got16, want, ph); e > 1e-12 {
		t.Errorf("runSixteen: error %.3g of Σ|b|", e)
	}

	// The Go references without re-seeding, over one re-seed interval.
	for t2 := range 64 {
		g, l := t2/8, t2%8
		p[16*g+l], p[16*g+8+l] = ph[t2].pr, ph[t2].pi
		v[16*g+l], v[16*g+8+l] = ph[t2].br, ph[t2].bi
	}
	ref64 := make([]complex128, reseedEvery)
	readout64Go(ref64, &v, &p)
	if e := maxErr(ref64, want[:reseedEvery], ph); e > 1e-12 {
		t.Errorf("readout64Go: error %.3g of Σ|b|", e)
	}
	asm64 := make([]complex128, reseedEvery)
	for t2 := range 64 {
		g, l := t2/8, t2%8
		v[16*g+l], v[16*g+8+l] = ph[t2].br, ph[t2].bi
	}
	readout64(asm64, &v, &p)
	if e := maxErr(asm64, ref64, ph); e > 1e-13 {
		t.Errorf("readout64 against readout64Go: %.3g of Σ|b|", e)
	}
}
