package bloch_test

import (
	"context"
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// A 90° pulse of phase 0 tips the magnetisation of a spin from +z to +y,
// so the signal Mx + iMy starts as i·M0 (phase 90°). It then decays with
// T2 = 50 ms and, 5 Hz off resonance, turns by −360°·5·t: sampled 25 ms
// and 75 ms after the pulse, |M| = exp(−t/T2) = 0.61 and 0.22, and the
// phase 90° − 45° and 90° − 135°.
func ExampleSimulate() {
	sys := seq.DefaultSystem()
	rf, dur, _ := seq.HardPulse(sys, math.Pi/2, 20e-6, 0, seq.Excitation)
	s := &seq.Sequence{System: sys, Blocks: []seq.Block{
		{Duration: dur, RF: rf},
		// Two samples of 50 ms dwell, taken at the middle of each: 25 and
		// 75 ms into this block (the pulse centre is 70 µs before it).
		{Duration: 0.1, ADC: &seq.ADC{Samples: 2, Dwell: 0.05}},
	}}
	spin := &phantom.Object{X: []float64{0}, Y: []float64{0}, Z: []float64{0},
		M0: []float64{1}, T1: []float64{1}, T2: []float64{0.05}, DF: []float64{5}}
	d, err := bloch.Simulate(context.Background(), s, spin, bloch.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range d.Acquisitions[0].Data {
		re, im := float64(real(v)), float64(imag(v))
		fmt.Printf("|M| = %.2f, phase %.0f°\n", math.Hypot(re, im), math.Atan2(im, re)*180/math.Pi)
	}
	// Output:
	// |M| = 0.61, phase 45°
	// |M| = 0.22, phase -45°
}
