package seq_test

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// A 2D radial gradient echo, 64 samples per spoke over 256 mm, in
// golden-angle order. Full spokes need ⌈π/2·64⌉ = 101 angles to meet
// Nyquist at the edge of k-space (kmax = 32/FOV = 125 /m, where
// neighbouring spokes of a uniform set are π·kmax/101 = 3.89 /m apart,
// within 1/FOV = 3.91 /m). Each spoke advances by 180°/Φ ≈ 111.25°, so
// any run of consecutive spokes covers the half circle almost evenly.
func ExampleRadial() {
	s, err := seq.Radial(seq.RadialParams{Matrix: 64, Order: seq.GoldenAngleSpokes, TR: 0.010})
	if err != nil {
		fmt.Println(err)
		return
	}
	k := s.KSpace() // 64 samples per spoke
	fmt.Printf("%d spokes, TE %.2f ms, TR %.0f ms, %s trajectory\n", len(k)/64, s.Params.TE*1e3, s.Params.TR*1e3, s.Traj)
	for i := range 4 {
		last := k[64*i+63] // the sample nearest +kmax along the spoke
		fmt.Printf("spoke %d at %5.1f°, |k| = %.1f /m\n", i, math.Mod(math.Atan2(last[1], last[0])*180/math.Pi+360, 360), math.Hypot(last[0], last[1]))
	}
	fmt.Println("limits:", s.Check())
	// Output:
	// 101 spokes, TE 1.98 ms, TR 10 ms, radial trajectory
	// spoke 0 at   0.0°, |k| = 121.1 /m
	// spoke 1 at 111.2°, |k| = 121.1 /m
	// spoke 2 at 222.5°, |k| = 121.1 /m
	// spoke 3 at 333.7°, |k| = 121.1 /m
	// limits: <nil>
}

// A spiral-out gradient echo for a 128×128 image over 256 mm in 8
// interleaves: each arm winds 8 turns out to kmax = 250 /m. Under the
// slew limit alone the gradient grows as √(|k|·Smax), which at 150 T/m/s
// reaches 29.7 mT/m at kmax: a 40 mT/m system never becomes amplitude
// limited (that takes |k| ≥ Gmax²/Smax = 454 /m). At 25 mT/m the
// amplitude limits from 177 /m on and the readout takes longer. The
// default dwell keeps the samples 1/FOV apart along the path at the peak
// gradient.
func ExampleSpiral() {
	for _, gmax := range []float64{40e-3, 25e-3} {
		sys := seq.DefaultSystem()
		sys.MaxGrad = gmax * kspace.Gamma1H
		s, err := seq.Spiral(seq.SpiralParams{Matrix: 128, Interleaves: 8, System: &sys})
		if err != nil {
			fmt.Println(err)
			return
		}
		var ro *seq.Block
		for i := range s.Blocks {
			if s.Blocks[i].ADC != nil {
				ro = &s.Blocks[i]
				break
			}
		}
		var peak float64
		for j, gx := range ro.Gx.Waveform {
			peak = math.Max(peak, math.Hypot(gx, ro.Gy.Waveform[j]))
		}
		a := ro.ADC
		k := s.KSpace()[a.Samples-1]
		fmt.Printf("%.0f mT/m: readout %.2f ms, %d samples of %.1f µs, peak %.1f mT/m, ends at |k| = %.1f /m; TE %.2f ms, TR %.2f ms\n",
			gmax*1e3, float64(a.Samples)*a.Dwell*1e3, a.Samples, a.Dwell*1e6, peak/kspace.Gamma1H*1e3,
			math.Hypot(k[0], k[1]), s.Params.TE*1e3, s.Params.TR*1e3)
	}
	// Output:
	// 40 mT/m: readout 6.71 ms, 2238 samples of 3.0 µs, peak 29.7 mT/m, ends at |k| = 250.3 /m; TE 1.59 ms, TR 10.35 ms
	// 25 mT/m: readout 6.97 ms, 1937 samples of 3.6 µs, peak 25.0 mT/m, ends at |k| = 250.2 /m; TE 1.64 ms, TR 10.82 ms
}
