package seq_test

import (
	"fmt"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// A single-shot 64×64 EPI acquires all 64 lines after one 90° excitation.
// Without ramp sampling the ADC waits for the flat top of each readout;
// with it the ADC also samples the ramps (more samples, unevenly spaced in
// kx, regridded by recon.RegridRamp), so each readout is shorter, the echo
// train too, and TE (which waits for half the train) drops. The builder
// picks the dwell that gives the shortest echo spacing under the default
// 40 mT/m and 150 T/m/s.
func ExampleEPI() {
	for _, ramp := range []bool{false, true} {
		s, err := seq.EPI(seq.EPIParams{Matrix: 64, RampSampling: ramp})
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
		fmt.Printf("ramp sampling %v: %d readouts of %d samples, echo spacing %.0f µs, TE %.1f ms, limits: %v\n",
			ramp, s.Params.EchoTrainLength, ro.ADC.Samples, ro.Duration*1e6, s.Params.TE*1e3, s.Check())
	}
	// Output:
	// ramp sampling false: 64 readouts of 64 samples, echo spacing 570 µs, TE 20.1 ms, limits: <nil>
	// ramp sampling true: 64 readouts of 96 samples, echo spacing 410 µs, TE 14.9 ms, limits: <nil>
}

// A 3D spoiled gradient echo encodes 16 partitions along z as well as 64
// lines along y: 64·16 = 1024 TRs of 10 ms, each acquiring one (line,
// partition) pair of k-space, labelled LIN and PAR.
func ExampleGRE3D() {
	s, err := seq.GRE3D(seq.GRE3DParams{Matrix: [3]int{64, 64, 16}, TR: 0.01})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v voxels of %.0f×%.0f×%.0f mm, TE %.2f ms, %.2f s\n", s.Encoding.Matrix,
		s.Encoding.FOV[0]/64*1e3, s.Encoding.FOV[1]/64*1e3, s.Encoding.FOV[2]/16*1e3, s.Params.TE*1e3, s.Duration())
	// Output:
	// [64 64 16] voxels of 4×4×4 mm, TE 1.78 ms, 10.24 s
}
