package bloch_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// BenchmarkSimulateGRE simulates the demo's spoiled GRE (sinc excitation,
// one spin per voxel of the Shepp-Logan phantom) and reports the rate in
// spin·samples per second (spins × ADC samples / time).
func BenchmarkSimulateGRE(b *testing.B) {
	for _, n := range []int{64, 128} {
		for _, workers := range []int{1, 2} {
			obj, err := phantom.SheppLogan2D(n, 0.256, 1.5)
			if err != nil {
				b.Fatal(err)
			}
			s, err := seq.GRE(seq.GREParams{Matrix: n})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("n=%d/workers=%d", n, workers), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true, Workers: workers}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(obj.Len()*n*n)*float64(b.N)/b.Elapsed().Seconds(), "spin-samples/s")
			})
		}
	}
}

// BenchmarkReadout is the free-precession kernel of `go run ./bench bloch`:
// 65,536 spins on a 256² grid after a hard 90°, then 4,096 ADC samples on a
// constant gradient. It reports spin·samples per second.
func BenchmarkReadout(b *testing.B) {
	const n, samples, dwell = 256, 4096, 4e-6
	sys := seq.DefaultSystem()
	obj := &phantom.Object{}
	for iy := range n {
		for ix := range n {
			obj.X = append(obj.X, (float64(ix)-n/2)*0.256/n)
			obj.Y = append(obj.Y, (float64(iy)-n/2)*0.256/n)
			obj.Z = append(obj.Z, 0)
			obj.M0 = append(obj.M0, 1)
			obj.T1 = append(obj.T1, 1)
			obj.T2 = append(obj.T2, 0.1)
		}
	}
	rf, dur, err := seq.HardPulse(sys, 1.5707963267948966, 20e-6, 0, seq.Excitation)
	if err != nil {
		b.Fatal(err)
	}
	g := 1 / (0.256 * dwell) / 16
	s := &seq.Sequence{System: sys, Blocks: []seq.Block{
		{Duration: dur, RF: rf},
		{Duration: samples * dwell, Gx: &seq.Gradient{Waveform: []float64{g, g}, Times: []float64{0, samples * dwell}},
			ADC: &seq.ADC{Samples: samples, Dwell: dwell}},
	}}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(obj.Len()*samples)*float64(b.N)/b.Elapsed().Seconds(), "spin-samples/s")
		})
	}
}

// BenchmarkKomaEPI is the KomaMRI paper's speed workload: the JEMRIS
// 100×100 EPI read from its Pulseq file, on 25,841 spins of the brain
// phantom (every k-th spin of a 1.5 T Brain2D grid, so the whole head is
// kept). It reports spin·samples per second.
func BenchmarkKomaEPI(b *testing.B) {
	s, _, err := seq.ReadFile("seq/testdata/pulseq/epi_100x100_jemris_v121.seq")
	if err != nil {
		b.Fatal(err)
	}
	obj, err := phantom.Brain2D(280, 0.23, 1.5)
	if err != nil {
		b.Fatal(err)
	}
	const spins = 25841
	if obj.Len() < spins {
		b.Fatalf("brain phantom has %d spins, want at least %d", obj.Len(), spins)
	}
	sub := &phantom.Object{}
	for k := range spins {
		i := k * obj.Len() / spins
		sub.X, sub.Y, sub.Z = append(sub.X, obj.X[i]), append(sub.Y, obj.Y[i]), append(sub.Z, obj.Z[i])
		sub.M0, sub.T1, sub.T2 = append(sub.M0, obj.M0[i]), append(sub.T1, obj.T1[i]), append(sub.T2, obj.T2[i])
		if obj.DF != nil {
			sub.DF = append(sub.DF, obj.DF[i])
		}
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bloch.Simulate(context.Background(), s, sub, bloch.Options{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(spins*10000)*float64(b.N)/b.Elapsed().Seconds(), "spin-samples/s")
		})
	}
}
