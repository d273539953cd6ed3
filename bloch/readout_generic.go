//go:build !amd64 || purego

package bloch

func readout16(a []complex128, v, p *[32]float64) { readout16Go(a, v, p) }

// hasReadout64 is false: the Go kernel gains nothing from going 64 spins at
// a time, so the simulator goes sixteen at a time.
const hasReadout64 = false

func readout64(a []complex128, v, p *[128]float64) { readout64Go(a, v, p) }
