//go:build !amd64 || purego

package bloch

func readout16(a []complex128, v, p *[32]float64) { readout16Go(a, v, p) }
