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

// func readout64AVX512(a *complex128, n int, v *[128]float64, p *[128]float64)
// readout16AVX2 for 64 spins in eight groups of eight: group g has its real
// parts at 128g(SI) and imaginary parts at 128g+64(SI), p likewise. The
// values live in Z0–Z15 and the phasors' real parts in Z16–Z23; the
// imaginary parts are read from p. Per lane the sum is
// ((g0+g1)+(g2+g3)) + ((g4+g5)+(g6+g7)); over lanes, l + (l+4) first,
// then pairs, then the two halves, the order of readout64Go.
TEXT ·readout64AVX512(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ v+16(FP), SI
	MOVQ p+24(FP), DX
	VMOVUPD 0(SI), Z0
	VMOVUPD 64(SI), Z1
	VMOVUPD 128(SI), Z2
	VMOVUPD 192(SI), Z3
	VMOVUPD 256(SI), Z4
	VMOVUPD 320(SI), Z5
	VMOVUPD 384(SI), Z6
	VMOVUPD 448(SI), Z7
	VMOVUPD 512(SI), Z8
	VMOVUPD 576(SI), Z9
	VMOVUPD 640(SI), Z10
	VMOVUPD 704(SI), Z11
	VMOVUPD 768(SI), Z12
	VMOVUPD 832(SI), Z13
	VMOVUPD 896(SI), Z14
	VMOVUPD 960(SI), Z15
	VMOVUPD 0(DX), Z16
	VMOVUPD 128(DX), Z17
	VMOVUPD 256(DX), Z18
	VMOVUPD 384(DX), Z19
	VMOVUPD 512(DX), Z20
	VMOVUPD 640(DX), Z21
	VMOVUPD 768(DX), Z22
	VMOVUPD 896(DX), Z23
	TESTQ CX, CX
	JLE  done64

// One group: re in R, im in I, pr in PR, pi at off(DX):
// t1 = I·pi, t2 = R·pi, R = R·pr − t1, I = I·pr + t2.
#define GROUP(R, I, PR, off, T1, T2) \
	VMULPD off(DX), I, T1; \
	VMULPD off(DX), R, T2; \
	VFMSUB213PD T1, PR, R; \
	VFMADD213PD T2, PR, I

loop64:
	GROUP(Z0, Z1, Z16, 64, Z24, Z25)
	GROUP(Z2, Z3, Z17, 192, Z26, Z27)
	GROUP(Z4, Z5, Z18, 320, Z28, Z29)
	GROUP(Z6, Z7, Z19, 448, Z30, Z31)
	GROUP(Z8, Z9, Z20, 576, Z24, Z25)
	GROUP(Z10, Z11, Z21, 704, Z26, Z27)
	GROUP(Z12, Z13, Z22, 832, Z28, Z29)
	GROUP(Z14, Z15, Z23, 960, Z30, Z31)
	// Sum the groups per lane.
	VADDPD Z2, Z0, Z24
	VADDPD Z6, Z4, Z25
	VADDPD Z10, Z8, Z26
	VADDPD Z14, Z12, Z27
	VADDPD Z25, Z24, Z24
	VADDPD Z27, Z26, Z26
	VADDPD Z26, Z24, Z24 // re, 8 lanes
	VADDPD Z3, Z1, Z25
	VADDPD Z7, Z5, Z28
	VADDPD Z11, Z9, Z29
	VADDPD Z15, Z13, Z30
	VADDPD Z28, Z25, Z25
	VADDPD Z30, Z29, Z29
	VADDPD Z29, Z25, Z25 // im, 8 lanes
	// Lanes: l + (l+4), then pairs to [r01, i01 | r23, i23], then halves.
	VEXTRACTF64X4 $1, Z24, Y26
	VADDPD Y26, Y24, Y24
	VEXTRACTF64X4 $1, Z25, Y27
	VADDPD Y27, Y25, Y25
	VUNPCKLPD Y25, Y24, Y26 // [r0, i0 | r2, i2]
	VUNPCKHPD Y25, Y24, Y27 // [r1, i1 | r3, i3]
	VADDPD Y27, Y26, Y24
	VEXTRACTF64X2 $1, Y24, X26
	VADDPD X26, X24, X24
	VADDPD (DI), X24, X24
	VMOVUPD X24, (DI)
	ADDQ $16, DI
	DECQ CX
	JNZ  loop64

done64:
	VMOVUPD Z0, 0(SI)
	VMOVUPD Z1, 64(SI)
	VMOVUPD Z2, 128(SI)
	VMOVUPD Z3, 192(SI)
	VMOVUPD Z4, 256(SI)
	VMOVUPD Z5, 320(SI)
	VMOVUPD Z6, 384(SI)
	VMOVUPD Z7, 448(SI)
	VMOVUPD Z8, 512(SI)
	VMOVUPD Z9, 576(SI)
	VMOVUPD Z10, 640(SI)
	VMOVUPD Z11, 704(SI)
	VMOVUPD Z12, 768(SI)
	VMOVUPD Z13, 832(SI)
	VMOVUPD Z14, 896(SI)
	VMOVUPD Z15, 960(SI)
	VZEROUPPER
	RET
