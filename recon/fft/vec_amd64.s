//go:build amd64 && !purego

#include "textflag.h"

// Sign masks for the multiplication by ∓i in the radix-4 butterfly: after
// swapping real and imaginary parts, forward negates the imaginary lanes
// (−i·(x+iy) = y − ix), inverse the real lanes (+i·(x+iy) = −y + ix).
DATA maskFwd<>+0(SB)/8, $0x8000000000000000
DATA maskFwd<>+8(SB)/8, $0x8000000000000000
DATA maskFwd<>+16(SB)/8, $0x8000000000000000
DATA maskFwd<>+24(SB)/8, $0x8000000000000000
GLOBL maskFwd<>(SB), RODATA|NOPTR, $32

DATA maskInv<>+0(SB)/8, $0x0000000080000000
DATA maskInv<>+8(SB)/8, $0x0000000080000000
DATA maskInv<>+16(SB)/8, $0x0000000080000000
DATA maskInv<>+24(SB)/8, $0x0000000080000000
GLOBL maskInv<>(SB), RODATA|NOPTR, $32

// stageArgs field offsets (see vec.go).
#define A_DST 0
#define A_SRC 8
#define A_TW 16
#define A_M 24
#define A_S 32
#define A_SQ 40
#define A_SP 48
#define A_DQ 56
#define A_DP 64
#define A_SO0 72
#define A_SO1 80
#define A_SO2 88
#define A_SO3 96
#define A_SO4 104
#define A_DO0 112
#define A_DO1 120
#define A_DO2 128
#define A_DO3 136
#define A_DO4 144
#define A_INV 152
#define A_SCALED 160
#define A_SCALE 168
#define A_SCALE64 176

// CMUL multiplies the 4 complex values in v by the broadcast twiddle
// (wr, wi), leaving the product in t: t = v·wr ∓ swap(v)·wi.
#define CMUL(v, wr, wi, t) \
	VPERMILPS $0xB1, v, t \
	VMULPS wi, t, t \
	VFMADDSUB231PS wr, v, t

// BFLY4 computes one radix-4 butterfly: inputs at (SI|DI|R8|R9)(BX*1),
// outputs to (R10|R11|R12|R13)(DX*1), twiddles in Y8–Y13 (w1r w1i w2r w2i
// w3r w3i), the ±i sign mask in Y14, the scale in Y15 when A_SCALED.
#define BFLY4(label) \
	VMOVUPS (SI)(BX*1), Y0 \
	VMOVUPS (DI)(BX*1), Y1 \
	VMOVUPS (R8)(BX*1), Y2 \
	VMOVUPS (R9)(BX*1), Y3 \
	VADDPS Y2, Y0, Y4 \
	VSUBPS Y2, Y0, Y0 \
	VADDPS Y3, Y1, Y5 \
	VSUBPS Y3, Y1, Y1 \
	VPERMILPS $0xB1, Y1, Y1 \
	VXORPS Y14, Y1, Y1 \
	VADDPS Y5, Y4, Y2 \
	VSUBPS Y5, Y4, Y4 \
	VADDPS Y1, Y0, Y3 \
	VSUBPS Y1, Y0, Y0 \
	CMUL(Y3, Y8, Y9, Y5) \
	CMUL(Y4, Y10, Y11, Y6) \
	CMUL(Y0, Y12, Y13, Y7) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, Y2, Y2 \
	VMULPS Y15, Y5, Y5 \
	VMULPS Y15, Y6, Y6 \
	VMULPS Y15, Y7, Y7 \
label: \
	VMOVUPS Y2, (R10)(DX*1) \
	VMOVUPS Y5, (R11)(DX*1) \
	VMOVUPS Y6, (R12)(DX*1) \
	VMOVUPS Y7, (R13)(DX*1)

// BFLY4NOTW is BFLY4 with all twiddles 1 (the last stage, m = 1).
#define BFLY4NOTW(label) \
	VMOVUPS (SI)(BX*1), Y0 \
	VMOVUPS (DI)(BX*1), Y1 \
	VMOVUPS (R8)(BX*1), Y2 \
	VMOVUPS (R9)(BX*1), Y3 \
	VADDPS Y2, Y0, Y4 \
	VSUBPS Y2, Y0, Y0 \
	VADDPS Y3, Y1, Y5 \
	VSUBPS Y3, Y1, Y1 \
	VPERMILPS $0xB1, Y1, Y1 \
	VXORPS Y14, Y1, Y1 \
	VADDPS Y5, Y4, Y2 \
	VSUBPS Y5, Y4, Y6 \
	VADDPS Y1, Y0, Y5 \
	VSUBPS Y1, Y0, Y7 \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, Y2, Y2 \
	VMULPS Y15, Y5, Y5 \
	VMULPS Y15, Y6, Y6 \
	VMULPS Y15, Y7, Y7 \
label: \
	VMOVUPS Y2, (R10)(DX*1) \
	VMOVUPS Y5, (R11)(DX*1) \
	VMOVUPS Y6, (R12)(DX*1) \
	VMOVUPS Y7, (R13)(DX*1)

// SETPTRS4 sets SI DI R8 R9 to BX + so[j] and R10–R13 to CX + do[k].
#define SETPTRS4 \
	MOVQ BX, SI \
	ADDQ A_SO0(AX), SI \
	MOVQ BX, DI \
	ADDQ A_SO1(AX), DI \
	MOVQ BX, R8 \
	ADDQ A_SO2(AX), R8 \
	MOVQ BX, R9 \
	ADDQ A_SO3(AX), R9 \
	MOVQ CX, R10 \
	ADDQ A_DO0(AX), R10 \
	MOVQ CX, R11 \
	ADDQ A_DO1(AX), R11 \
	MOVQ CX, R12 \
	ADDQ A_DO2(AX), R12 \
	MOVQ CX, R13 \
	ADDQ A_DO3(AX), R13

// func radix4AVX2(a *stageArgs)
// Three loop orders: with m = 1 (the last stage) there are no twiddles;
// with s ≥ 4 the q loop is inside, under twiddles held in registers; with
// s < 4 (the first stages, where the q loop is short) the p loop is inside
// and twiddles are broadcast from the table for every butterfly.
// Registers: AX args; SI DI R8 R9 source pointers; R10–R13 destination
// pointers; BX, DX offsets along the inner loop; CX scratch. Frame: the
// outer index at 0(SP)... (named o-8) and the inner end at e-16.
TEXT ·radix4AVX2(SB), NOSPLIT, $24-8
	MOVQ a+0(FP), AX
	VMOVUPS maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r4fwd
	VMOVUPS maskInv<>(SB), Y14
r4fwd:
	VBROADCASTSS A_SCALE(AX), Y15
	MOVQ $0, o-8(SP)
	CMPQ A_M(AX), $1
	JEQ  r4notw
	CMPQ A_S(AX), $4
	JLT  r4pinner

	// q inner: for p { twiddles; for q { butterfly } }.
r4ploop:
	MOVQ o-8(SP), CX
	CMPQ CX, A_M(AX)
	JGE  r4done
	MOVQ CX, DX
	IMULQ $24, DX
	ADDQ A_TW(AX), DX
	VBROADCASTSS 0(DX), Y8
	VBROADCASTSS 4(DX), Y9
	VBROADCASTSS 8(DX), Y10
	VBROADCASTSS 12(DX), Y11
	VBROADCASTSS 16(DX), Y12
	VBROADCASTSS 20(DX), Y13
	MOVQ CX, BX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), CX
	ADDQ A_DST(AX), CX
	SETPTRS4
	MOVQ A_S(AX), CX
	IMULQ A_SQ(AX), CX
	MOVQ CX, e-16(SP)
	XORQ BX, BX
	XORQ DX, DX
r4qloop:
	BFLY4(r4qs)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	CMPQ BX, e-16(SP)
	JLT  r4qloop
	INCQ o-8(SP)
	JMP  r4ploop

	// p inner: for q { for p { twiddles; butterfly } }.
r4pinner:
	MOVQ o-8(SP), CX
	CMPQ CX, A_S(AX)
	JGE  r4done
	MOVQ CX, BX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), CX
	ADDQ A_DST(AX), CX
	SETPTRS4
	MOVQ A_M(AX), CX
	IMULQ A_SP(AX), CX
	MOVQ CX, e-16(SP)
	MOVQ A_TW(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r4ploop2:
	VBROADCASTSS 0(CX), Y8
	VBROADCASTSS 4(CX), Y9
	VBROADCASTSS 8(CX), Y10
	VBROADCASTSS 12(CX), Y11
	VBROADCASTSS 16(CX), Y12
	VBROADCASTSS 20(CX), Y13
	BFLY4(r4ps)
	ADDQ $24, CX
	ADDQ A_SP(AX), BX
	ADDQ A_DP(AX), DX
	CMPQ BX, e-16(SP)
	JLT  r4ploop2
	INCQ o-8(SP)
	JMP  r4pinner

	// m = 1: one p, twiddles 1, q loop only.
r4notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), CX
	SETPTRS4
	MOVQ A_S(AX), CX
	IMULQ A_SQ(AX), CX
	MOVQ CX, e-16(SP)
	XORQ BX, BX
	XORQ DX, DX
r4nloop:
	BFLY4NOTW(r4ns)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	CMPQ BX, e-16(SP)
	JLT  r4nloop

r4done:
	VZEROUPPER
	RET

// func radix2AVX2(a *stageArgs)
// As radix4AVX2 with two inputs and outputs: y0 = a+b, y1 = w1·(a−b).
TEXT ·radix2AVX2(SB), NOSPLIT, $24-8
	MOVQ a+0(FP), AX
	VBROADCASTSS A_SCALE(AX), Y15
	MOVQ $0, p-8(SP)

r2ploop:
	MOVQ p-8(SP), CX
	CMPQ CX, A_M(AX)
	JGE  r2done
	MOVQ CX, DX
	IMULQ $8, DX
	ADDQ A_TW(AX), DX
	VBROADCASTSS 0(DX), Y8
	VBROADCASTSS 4(DX), Y9
	MOVQ CX, BX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	MOVQ BX, SI
	ADDQ A_SO0(AX), SI
	MOVQ BX, DI
	ADDQ A_SO1(AX), DI
	MOVQ CX, BX
	IMULQ A_DP(AX), BX
	ADDQ A_DST(AX), BX
	MOVQ BX, R10
	ADDQ A_DO0(AX), R10
	MOVQ BX, R11
	ADDQ A_DO1(AX), R11
	MOVQ A_S(AX), CX
	IMULQ A_SQ(AX), CX
	XORQ BX, BX
	XORQ DX, DX

r2qloop:
	VMOVUPS (SI)(BX*1), Y0
	VMOVUPS (DI)(BX*1), Y1
	VADDPS Y1, Y0, Y2
	VSUBPS Y1, Y0, Y0
	CMUL(Y0, Y8, Y9, Y3)
	CMPQ A_SCALED(AX), $0
	JEQ  r2store
	VMULPS Y15, Y2, Y2
	VMULPS Y15, Y3, Y3
r2store:
	VMOVUPS Y2, (R10)(DX*1)
	VMOVUPS Y3, (R11)(DX*1)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	CMPQ BX, CX
	JLT  r2qloop

	INCQ p-8(SP)
	JMP  r2ploop

r2done:
	VZEROUPPER
	RET

// func transpose4AVX2(dst, src unsafe.Pointer, dstRow, dstBlock, srcRow, srcBlock, blocks int)
// Each complex64 is one 64-bit lane: the 4×4 transpose of 64-bit elements
// is two unpacks and two 128-bit permutes per pair of rows.
TEXT ·transpose4AVX2(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ dstRow+16(FP), R8
	MOVQ dstBlock+24(FP), R11
	MOVQ srcRow+32(FP), R9
	MOVQ srcBlock+40(FP), R12
	MOVQ blocks+48(FP), CX
	LEAQ (R8)(R8*2), R10 // 3·dstRow
	LEAQ (R9)(R9*2), R13 // 3·srcRow
	TESTQ CX, CX
	JLE  trdone

trloop:
	MOVQ SI, AX
	VMOVUPS (AX), Y0
	VMOVUPS (AX)(R9*1), Y1
	VMOVUPS (AX)(R9*2), Y2
	VMOVUPS (AX)(R13*1), Y3
	VUNPCKLPD Y1, Y0, Y4 // r0e0 r1e0 r0e2 r1e2
	VUNPCKHPD Y1, Y0, Y5 // r0e1 r1e1 r0e3 r1e3
	VUNPCKLPD Y3, Y2, Y6 // r2e0 r3e0 r2e2 r3e2
	VUNPCKHPD Y3, Y2, Y7 // r2e1 r3e1 r2e3 r3e3
	VPERM2F128 $0x20, Y6, Y4, Y0 // e0
	VPERM2F128 $0x20, Y7, Y5, Y1 // e1
	VPERM2F128 $0x31, Y6, Y4, Y2 // e2
	VPERM2F128 $0x31, Y7, Y5, Y3 // e3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, (DI)(R8*1)
	VMOVUPS Y2, (DI)(R8*2)
	VMOVUPS Y3, (DI)(R10*1)
	ADDQ R12, SI
	ADDQ R11, DI
	DECQ CX
	JNZ  trloop

trdone:
	VZEROUPPER
	RET
