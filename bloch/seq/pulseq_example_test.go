package seq_test

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// The single-shot EPI of the KomaMRI/JEMRIS comparison, written by JEMRIS
// as Pulseq 1.2.1: one 90° hard pulse (2500 Hz for 100 µs is a quarter
// turn) and 100 echoes of 100 samples. Its k-space spans 99 steps of 1/FOV
// in x and y, which gives back the 230 mm field of view.
func ExampleReadFile() {
	s, info, err := seq.ReadFile("testdata/pulseq/epi_100x100_jemris_v121.seq")
	if err != nil {
		fmt.Println(err)
		return
	}
	sum := s.Summarize()
	fmt.Printf("Pulseq %v: %d blocks, %.3f s, %d ADC samples\n", info.Version, sum.Blocks, sum.Duration, sum.ADCSamples)
	fmt.Printf("flip angle %.1f°\n", s.Blocks[0].RF.FlipAngle()*180/math.Pi)
	k := sum.KExtent()
	fmt.Printf("k extent %.2f × %.2f /m: FOV %.1f mm\n", k[0], k[1], 99/k[0]*1e3)
	fmt.Println("signature:", info.Signature.Status, "(JEMRIS hashes the newline before [SIGNATURE]:", info.Signature.IncludingNewline, ")")
	// Output:
	// Pulseq 1.2.1: 204 blocks, 1.000 s, 10000 ADC samples
	// flip angle 90.0°
	// k extent 430.43 × 430.43 /m: FOV 230.0 mm
	// signature: mismatch (JEMRIS hashes the newline before [SIGNATURE]: true )
}
