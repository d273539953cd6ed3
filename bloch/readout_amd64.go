//go:build amd64 && !purego

package bloch

import "golang.org/x/sys/cpu"

var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func readout16AVX2(a *complex128, n int, v *[32]float64, p *[32]float64)

// readout16 is readout16Go in AVX2/FMA assembly where the CPU has it.
func readout16(a []complex128, v, p *[32]float64) {
	if hasAVX2 && len(a) > 0 {
		readout16AVX2(&a[0], len(a), v, p)
		return
	}
	readout16Go(a, v, p)
}
