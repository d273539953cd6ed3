//go:build amd64 && !purego

package bloch

import "golang.org/x/sys/cpu"

var (
	hasAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	hasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL && cpu.X86.HasAVX512DQ && hasAVX2
)

//go:noescape
func readout16AVX2(a *complex128, n int, v *[32]float64, p *[32]float64)

//go:noescape
func readout64AVX512(a *complex128, n int, v *[128]float64, p *[128]float64)

// readout16 is readout16Go in AVX2/FMA assembly where the CPU has it.
func readout16(a []complex128, v, p *[32]float64) {
	if hasAVX2 && len(a) > 0 {
		readout16AVX2(&a[0], len(a), v, p)
		return
	}
	readout16Go(a, v, p)
}

// hasReadout64 says whether readout64 runs the AVX-512 kernel; without it
// the simulator goes sixteen spins at a time.
var hasReadout64 = hasAVX512

// readout64 is readout64Go in AVX-512 assembly where the CPU has it.
func readout64(a []complex128, v, p *[128]float64) {
	if hasAVX512 && len(a) > 0 {
		readout64AVX512(&a[0], len(a), v, p)
		return
	}
	readout64Go(a, v, p)
}
