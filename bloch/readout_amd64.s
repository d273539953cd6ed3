//go:build amd64 && !purego

#include "textflag.h"

// func readout16AVX2(a *complex128, n int, v *[32]float64, p *[32]float64)
// For j < n: every spin's value is multiplied by its phasor, v ← v·p, and
// a[j] gains the sum of the 16 values. v holds four groups of four spins,
// each as 4 real parts then 4 imaginary parts; p likewise. The sum is
// ((g0 + g1) + (g2 + g3)) per lane, then ((l0 + l1) + (l2 + l3)) over lanes.
// v is updated in place.
TEXT ·readout16AVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ v+16(FP), SI
	MOVQ p+24(FP), DX
	VMOVUPD 0(SI), Y0
	VMOVUPD 32(SI), Y1
	VMOVUPD 64(SI), Y2
	VMOVUPD 96(SI), Y3
	VMOVUPD 128(SI), Y4
	VMOVUPD 160(SI), Y5
	VMOVUPD 192(SI), Y6
	VMOVUPD 224(SI), Y7
	TESTQ CX, CX
	JLE  done

loop:
	// Group g: re in Y(2g), im in Y(2g+1); pr at 64g(DX), pi at 64g+32(DX).
	VMULPD 32(DX), Y1, Y8
	VMULPD 32(DX), Y0, Y9
	VFMSUB231PD 0(DX), Y0, Y8
	VFMADD231PD 0(DX), Y1, Y9
	VMULPD 96(DX), Y3, Y10
	VMULPD 96(DX), Y2, Y11
	VFMSUB231PD 64(DX), Y2, Y10
	VFMADD231PD 64(DX), Y3, Y11
	VMULPD 160(DX), Y5, Y12
	VMULPD 160(DX), Y4, Y13
	VFMSUB231PD 128(DX), Y4, Y12
	VFMADD231PD 128(DX), Y5, Y13
	VMULPD 224(DX), Y7, Y14
	VMULPD 224(DX), Y6, Y15
	VFMSUB231PD 192(DX), Y6, Y14
	VFMADD231PD 192(DX), Y7, Y15
	VMOVAPD Y8, Y0
	VMOVAPD Y9, Y1
	VMOVAPD Y10, Y2
	VMOVAPD Y11, Y3
	VMOVAPD Y12, Y4
	VMOVAPD Y13, Y5
	VMOVAPD Y14, Y6
	VMOVAPD Y15, Y7
	// Sum the groups: (g0 + g1) + (g2 + g3).
	VADDPD Y10, Y8, Y8
	VADDPD Y14, Y12, Y12
	VADDPD Y12, Y8, Y8   // re, 4 lanes
	VADDPD Y11, Y9, Y9
	VADDPD Y15, Y13, Y13
	VADDPD Y13, Y9, Y9   // im, 4 lanes
	// Lanes: hadd gives [r0+r1, i0+i1 | r2+r3, i2+i3]; then add the halves.
	VHADDPD Y9, Y8, Y8
	VEXTRACTF128 $1, Y8, X9
	VADDPD X9, X8, X8
	VADDPD (DI), X8, X8
	VMOVUPD X8, (DI)
	ADDQ $16, DI
	DECQ CX
	JNZ  loop

done:
	VMOVUPD Y0, 0(SI)
	VMOVUPD Y1, 32(SI)
	VMOVUPD Y2, 64(SI)
	VMOVUPD Y3, 96(SI)
	VMOVUPD Y4, 128(SI)
	VMOVUPD Y5, 160(SI)
	VMOVUPD Y6, 192(SI)
	VMOVUPD Y7, 224(SI)
	VZEROUPPER
	RET
