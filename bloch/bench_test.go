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
