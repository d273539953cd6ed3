package seq_test

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// A 64×64 spoiled gradient echo with the default 2 ms sinc excitation:
// the builder reports the shortest TE it can reach under the 40 mT/m,
// 150 T/m/s limits, and each of the 64 TRs has five blocks (excitation,
// prephasing, readout, spoiling, and the delay that fills TR).
func ExampleGRE() {
	s, err := seq.GRE(seq.GREParams{Matrix: 64, TR: 0.010, FlipAngle: 15 * math.Pi / 180})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("TE %.2f ms, TR %.0f ms, %d blocks, %.2f s\n", s.Params.TE*1e3, s.Params.TR*1e3, len(s.Blocks), s.Duration())
	fmt.Println("limits:", s.Check())
	// Output:
	// TE 1.98 ms, TR 10 ms, 320 blocks, 0.64 s
	// limits: <nil>
}
