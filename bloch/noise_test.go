package bloch_test

import (
	"context"
	"math"
	"math/cmplx"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// noiseRun returns the samples of a zero-signal acquisition (M0 = 0) of n
// samples on two coils, with the given noise.
func noiseRun(t *testing.T, n int, nz *bloch.Noise, workers int) [][]complex128 {
	t.Helper()
	s := &seq.Sequence{System: seq.DefaultSystem(), Blocks: []seq.Block{
		{Duration: float64(n) * 1e-5, ADC: &seq.ADC{Samples: n, Dwell: 1e-5, PhaseOffset: 0.7}},
	}}
	obj := oneSpin(0, 0, 0, 0, 1, 1, 0)
	obj.Coils = [][]complex64{{1}, {1}}
	d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{Noise: nz, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	a := d.Acquisitions[0]
	out := make([][]complex128, 2)
	for c := range 2 {
		for _, v := range a.Data[c*n : (c+1)*n] {
			out[c] = append(out[c], complex128(v))
		}
	}
	return out
}

// TestNoiseStatistics checks the sample covariance of 200,000 noise
// samples against the requested one. The standard error of a covariance
// estimate is about |C|/√N = 0.2 % of the diagonal; the tolerance is 2 %.
func TestNoiseStatistics(t *testing.T) {
	const n = 200000
	cov := []complex128{4, 1 + 1i, 1 - 1i, 2}
	x := noiseRun(t, n, &bloch.Noise{Covariance: cov, Seed: 3}, 0)
	for c := range 2 {
		for d := range 2 {
			var s complex128
			for i := range n {
				s += x[c][i] * cmplx.Conj(x[d][i])
			}
			s /= n
			if cmplx.Abs(s-cov[c*2+d]) > 0.02*4 {
				t.Errorf("covariance (%d,%d) = %.3f, want %v", c, d, s, cov[c*2+d])
			}
		}
		var mean complex128
		for _, v := range x[c] {
			mean += v
		}
		if cmplx.Abs(mean/n) > 0.02 {
			t.Errorf("coil %d: mean %.4f, want 0", c, mean/n)
		}
	}
	// Sigma: real and imaginary parts each of standard deviation Sigma.
	y := noiseRun(t, n, &bloch.Noise{Sigma: 0.5, Seed: 4}, 0)
	var vr, vi float64
	for _, v := range y[0] {
		vr += real(v) * real(v)
		vi += imag(v) * imag(v)
	}
	if math.Abs(math.Sqrt(vr/n)-0.5) > 0.01 || math.Abs(math.Sqrt(vi/n)-0.5) > 0.01 {
		t.Errorf("standard deviations %.4f, %.4f, want 0.5", math.Sqrt(vr/n), math.Sqrt(vi/n))
	}
}

func TestNoiseDeterministic(t *testing.T) {
	a := noiseRun(t, 1000, &bloch.Noise{Sigma: 1, Seed: 9}, 1)
	b := noiseRun(t, 1000, &bloch.Noise{Sigma: 1, Seed: 9}, 3)
	c := noiseRun(t, 1000, &bloch.Noise{Sigma: 1, Seed: 10}, 1)
	same := true
	for i := range a[0] {
		if a[0][i] != b[0][i] || a[1][i] != b[1][i] {
			t.Fatalf("sample %d differs between 1 and 3 workers", i)
		}
		same = same && a[0][i] == c[0][i]
	}
	if same {
		t.Error("seeds 9 and 10 gave the same noise")
	}
	for _, bad := range []*bloch.Noise{{Sigma: -1}, {Covariance: []complex128{1, 2, 3}}, {Covariance: []complex128{1, 2, 2, 1}}, {Covariance: []complex128{1, 1i, 1i, 1}}} {
		s := fidSequence(t, 1, 0, 4, 1e-5)
		obj := oneSpin(0, 0, 0, 1, 1, 1, 0)
		obj.Coils = [][]complex64{{1}, {1}}
		if _, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{Noise: bad}); err == nil {
			t.Errorf("noise %+v accepted", bad)
		}
	}
}
