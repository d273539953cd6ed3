package seq_test

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// Inversion recovery at 1.5 T with the defaults: TI = 400 ms, TR = 2 s,
// spin-echo readout. After the 180° inversion Mz recovers as
// M0·(1 − 2e^(−t/T1)); the 90° reads it at TI, so tissues with different
// T1 give different, even opposite, signals, and a tissue of
// T1 = TI/ln 2 gives none. (Fractions of M0, before T2 decay; TR ≫ T1.)
func ExampleIR() {
	s, err := seq.IR(seq.IRParams{Matrix: 64})
	if err != nil {
		fmt.Println(err)
		return
	}
	ti := s.Params.TI
	fmt.Printf("TI %.0f ms, TE %.2f ms, TR %.0f ms, %d inversions\n", ti*1e3, s.Params.TE*1e3, s.Params.TR*1e3, s.Encoding.Matrix[1])
	fmt.Printf("nulled: T1 = TI/ln2 = %.0f ms\n", ti/math.Ln2*1e3)
	for _, tissue := range []struct {
		name string
		t1   float64
	}{{"fat", 0.26}, {"white matter", 0.6}, {"grey matter", 0.9}, {"CSF", 4.2}} {
		fmt.Printf("%-12s T1 %4.0f ms: Mz(TI)/M0 = %+.2f\n", tissue.name, tissue.t1*1e3, 1-2*math.Exp(-ti/tissue.t1))
	}
	fmt.Println("limits:", s.Check())
	// Output:
	// TI 400 ms, TE 6.84 ms, TR 2000 ms, 64 inversions
	// nulled: T1 = TI/ln2 = 577 ms
	// fat          T1  260 ms: Mz(TI)/M0 = +0.57
	// white matter T1  600 ms: Mz(TI)/M0 = -0.03
	// grey matter  T1  900 ms: Mz(TI)/M0 = -0.28
	// CSF          T1 4200 ms: Mz(TI)/M0 = -0.82
	// limits: <nil>
}

// A turbo spin echo acquires ETL phase-encoding lines per excitation, each
// after its own 180° refocusing pulse, cutting the scan time by ETL against
// a spin echo of the same TR. The echo that acquires the k-space centre
// sets the contrast: linear order puts it mid-train (T2 weighting),
// centre-out order at the first echo (proton-density weighting).
func ExampleTSE() {
	for _, order := range []seq.TSEOrder{seq.LinearOrder, seq.CentreOutOrder} {
		s, err := seq.TSE(seq.TSEParams{Matrix: 128, ETL: 16, ESP: 0.01, TR: 4, Order: order})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-10s: %d shots of %d echoes, effective TE %.0f ms, scan %.0f s (spin echo: %.0f s)\n",
			order, 128/s.Params.EchoTrainLength, s.Params.EchoTrainLength, s.Params.TE*1e3,
			s.Duration(), 128*s.Params.TR)
	}
	// Output:
	// linear    : 8 shots of 16 echoes, effective TE 90 ms, scan 32 s (spin echo: 512 s)
	// centre-out: 8 shots of 16 echoes, effective TE 10 ms, scan 32 s (spin echo: 512 s)
}
