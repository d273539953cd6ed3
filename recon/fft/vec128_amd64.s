//go:build amd64 && !purego

#include "textflag.h"

// complex128 kernels: each 32-byte element holds two complex128 (two
// lines), as (re, im, re, im) float64 lanes. The code mirrors the complex64
// kernels of vec_amd64.s with PD instructions: VPERMILPD $5 swaps real and
// imaginary parts, twiddle parts are broadcast with VBROADCASTSD, and the
// sign masks act on 64-bit lanes.

// Sign masks for the multiplication by ∓i: after swapping real and
// imaginary parts, forward negates the imaginary lanes (−i·(x+iy) = y − ix),
// inverse the real lanes (+i·(x+iy) = −y + ix).
DATA maskFwd<>+0(SB)/8, $0
DATA maskFwd<>+8(SB)/8, $0x8000000000000000
DATA maskFwd<>+16(SB)/8, $0
DATA maskFwd<>+24(SB)/8, $0x8000000000000000
GLOBL maskFwd<>(SB), RODATA|NOPTR, $32

DATA maskInv<>+0(SB)/8, $0x8000000000000000
DATA maskInv<>+8(SB)/8, $0
DATA maskInv<>+16(SB)/8, $0x8000000000000000
DATA maskInv<>+24(SB)/8, $0
GLOBL maskInv<>(SB), RODATA|NOPTR, $32

// Radix-3 and radix-5 constants in every float64 lane: 0.5 and sin(2π/3);
// cos(2π/5), cos(4π/5), sin(2π/5), sin(4π/5).
DATA r3half<>+0(SB)/8, $0x3fe0000000000000
DATA r3half<>+8(SB)/8, $0x3fe0000000000000
DATA r3half<>+16(SB)/8, $0x3fe0000000000000
DATA r3half<>+24(SB)/8, $0x3fe0000000000000
GLOBL r3half<>(SB), RODATA|NOPTR, $32

DATA r3s3<>+0(SB)/8, $0x3febb67ae8584caa
DATA r3s3<>+8(SB)/8, $0x3febb67ae8584caa
DATA r3s3<>+16(SB)/8, $0x3febb67ae8584caa
DATA r3s3<>+24(SB)/8, $0x3febb67ae8584caa
GLOBL r3s3<>(SB), RODATA|NOPTR, $32

DATA r5c1<>+0(SB)/8, $0x3fd3c6ef372fe950
DATA r5c1<>+8(SB)/8, $0x3fd3c6ef372fe950
DATA r5c1<>+16(SB)/8, $0x3fd3c6ef372fe950
DATA r5c1<>+24(SB)/8, $0x3fd3c6ef372fe950
GLOBL r5c1<>(SB), RODATA|NOPTR, $32

DATA r5c2<>+0(SB)/8, $0xbfe9e3779b97f4a8
DATA r5c2<>+8(SB)/8, $0xbfe9e3779b97f4a8
DATA r5c2<>+16(SB)/8, $0xbfe9e3779b97f4a8
DATA r5c2<>+24(SB)/8, $0xbfe9e3779b97f4a8
GLOBL r5c2<>(SB), RODATA|NOPTR, $32

DATA r5s1<>+0(SB)/8, $0x3fee6f0e134454ff
DATA r5s1<>+8(SB)/8, $0x3fee6f0e134454ff
DATA r5s1<>+16(SB)/8, $0x3fee6f0e134454ff
DATA r5s1<>+24(SB)/8, $0x3fee6f0e134454ff
GLOBL r5s1<>(SB), RODATA|NOPTR, $32

DATA r5s2<>+0(SB)/8, $0x3fe2cf2304755a5e
DATA r5s2<>+8(SB)/8, $0x3fe2cf2304755a5e
DATA r5s2<>+16(SB)/8, $0x3fe2cf2304755a5e
DATA r5s2<>+24(SB)/8, $0x3fe2cf2304755a5e
GLOBL r5s2<>(SB), RODATA|NOPTR, $32

// stageArgs field offsets (see vec.go; the same as in vec_amd64.s, checked
// by TestAsmLayout).
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
#define A_SO5 112
#define A_SO6 120
#define A_SO7 128
#define A_SO8 136
#define A_SO9 144
#define A_SO10 152
#define A_SO11 160
#define A_SO12 168
#define A_DO0 176
#define A_DO1 184
#define A_DO2 192
#define A_DO3 200
#define A_DO4 208
#define A_DO5 216
#define A_DO6 224
#define A_DO7 232
#define A_DO8 240
#define A_DO9 248
#define A_DO10 256
#define A_DO11 264
#define A_DO12 272
#define A_INV 280
#define A_SCALED 288
#define A_SCALE64 304

// modArgs field offsets.
#define M_DST 0
#define M_SRC 8
#define M_PH 16
#define M_N 24
#define M_DS 32
#define M_SS 40

// CMUL multiplies the 2 complex128 values in v by the broadcast twiddle
// (wr, wi), leaving the product in t: t = v·wr ∓ swap(v)·wi.
#define CMUL(v, wr, wi, t) \
	VPERMILPD $5, v, t \
	VMULPD wi, t, t \
	VFMADDSUB231PD wr, v, t

// BFLY2 is one radix-2 butterfly: inputs at (SI|DI)(BX*1), outputs to
// (R9|R10)(DX*1), the twiddle in Y8 Y9, the scale in Y15 when A_SCALED.
#define BFLY2(label) \
	VMOVUPD (SI)(BX*1), Y0 \
	VMOVUPD (DI)(BX*1), Y1 \
	VADDPD Y1, Y0, Y2 \
	VSUBPD Y1, Y0, Y0 \
	CMUL(Y0, Y8, Y9, Y3) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, Y2, Y2 \
	VMULPD Y15, Y3, Y3 \
label: \
	VMOVUPD Y2, (R9)(DX*1) \
	VMOVUPD Y3, (R10)(DX*1)

// BFLY2NOTW is BFLY2 with the twiddle 1.
#define BFLY2NOTW(label) \
	VMOVUPD (SI)(BX*1), Y0 \
	VMOVUPD (DI)(BX*1), Y1 \
	VADDPD Y1, Y0, Y2 \
	VSUBPD Y1, Y0, Y0 \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, Y2, Y2 \
	VMULPD Y15, Y0, Y0 \
label: \
	VMOVUPD Y2, (R9)(DX*1) \
	VMOVUPD Y0, (R10)(DX*1)

// SETPTRS2 sets SI DI to BX + so[j] and R9 R10 to DX + do[k].
#define SETPTRS2 \
	MOVQ A_SO0(AX), SI \
	ADDQ BX, SI \
	MOVQ A_SO1(AX), DI \
	ADDQ BX, DI \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9 \
	MOVQ A_DO1(AX), R10 \
	ADDQ DX, R10

// R3CORE is the untwiddled radix-3 butterfly of butterfly() in vec.go:
// inputs in Y0 Y1 Y2, outputs y0 in Y2, y1 in Y3, y2 in Y0. Y12 holds 0.5,
// Y13 sin(2π/3), Y14 the ±i sign mask.
#define R3CORE \
	VADDPD Y2, Y1, Y3 /* b+c */ \
	VSUBPD Y2, Y1, Y1 /* b−c */ \
	VADDPD Y3, Y0, Y2 /* y0 = a+(b+c) */ \
	VFNMADD231PD Y12, Y3, Y0 /* t1 = a − (b+c)/2 */ \
	VPERMILPD $5, Y1, Y1 \
	VXORPD Y14, Y1, Y1 /* ∓i·(b−c) */ \
	VMOVAPD Y0, Y3 \
	VFMADD231PD Y13, Y1, Y3 /* y1 = t1 + sin(2π/3)·∓i·(b−c) */ \
	VFNMADD231PD Y13, Y1, Y0 // y2 = t1 − sin(2π/3)·∓i·(b−c)

// BFLY3 is one radix-3 butterfly: inputs at (SI|DI|R8)(BX*1), outputs to
// (R9|R10|R11)(DX*1), twiddles in Y8–Y11 (w1r w1i w2r w2i), the scale in
// Y15 when A_SCALED.
#define BFLY3(label) \
	VMOVUPD (SI)(BX*1), Y0 \
	VMOVUPD (DI)(BX*1), Y1 \
	VMOVUPD (R8)(BX*1), Y2 \
	R3CORE \
	CMUL(Y3, Y8, Y9, Y4) \
	CMUL(Y0, Y10, Y11, Y5) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, Y2, Y2 \
	VMULPD Y15, Y4, Y4 \
	VMULPD Y15, Y5, Y5 \
label: \
	VMOVUPD Y2, (R9)(DX*1) \
	VMOVUPD Y4, (R10)(DX*1) \
	VMOVUPD Y5, (R11)(DX*1)

// BFLY3NOTW is BFLY3 with all twiddles 1.
#define BFLY3NOTW(label) \
	VMOVUPD (SI)(BX*1), Y0 \
	VMOVUPD (DI)(BX*1), Y1 \
	VMOVUPD (R8)(BX*1), Y2 \
	R3CORE \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, Y2, Y2 \
	VMULPD Y15, Y3, Y3 \
	VMULPD Y15, Y0, Y0 \
label: \
	VMOVUPD Y2, (R9)(DX*1) \
	VMOVUPD Y3, (R10)(DX*1) \
	VMOVUPD Y0, (R11)(DX*1)

// SETPTRS3 sets SI DI R8 to BX + so[j] and R9 R10 R11 to DX + do[k].
#define SETPTRS3 \
	MOVQ A_SO0(AX), SI \
	ADDQ BX, SI \
	MOVQ A_SO1(AX), DI \
	ADDQ BX, DI \
	MOVQ A_SO2(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9 \
	MOVQ A_DO1(AX), R10 \
	ADDQ DX, R10 \
	MOVQ A_DO2(AX), R11 \
	ADDQ DX, R11

// R4CORE is the untwiddled radix-4 butterfly: inputs in Y0–Y3, outputs y0
// in Y2, y1 in Y3, y2 in Y4, y3 in Y0; Y5 is clobbered, Y14 holds the ±i
// sign mask.
#define R4CORE \
	VADDPD Y2, Y0, Y4 /* a+c */ \
	VSUBPD Y2, Y0, Y0 /* a−c */ \
	VADDPD Y3, Y1, Y5 /* b+d */ \
	VSUBPD Y3, Y1, Y1 \
	VPERMILPD $5, Y1, Y1 \
	VXORPD Y14, Y1, Y1 /* ∓i·(b−d) */ \
	VADDPD Y5, Y4, Y2 /* y0 */ \
	VSUBPD Y5, Y4, Y4 /* y2 */ \
	VADDPD Y1, Y0, Y3 /* y1 */ \
	VSUBPD Y1, Y0, Y0 // y3

#define LOAD4 \
	VMOVUPD (SI)(BX*1), Y0 \
	VMOVUPD (DI)(BX*1), Y1 \
	VMOVUPD (R8)(BX*1), Y2 \
	VMOVUPD (R9)(BX*1), Y3

// BFLY4 is one radix-4 butterfly: inputs at (SI|DI|R8|R9)(BX*1), outputs
// to (R10|R11|R12|R13)(DX*1), twiddles in Y8–Y13 (w1r w1i w2r w2i w3r
// w3i), the scale in Y15 when A_SCALED.
#define BFLY4(label) \
	LOAD4 \
	R4CORE \
	CMUL(Y3, Y8, Y9, Y5) \
	CMUL(Y4, Y10, Y11, Y6) \
	CMUL(Y0, Y12, Y13, Y7) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, Y2, Y2 \
	VMULPD Y15, Y5, Y5 \
	VMULPD Y15, Y6, Y6 \
	VMULPD Y15, Y7, Y7 \
label: \
	VMOVUPD Y2, (R10)(DX*1) \
	VMOVUPD Y5, (R11)(DX*1) \
	VMOVUPD Y6, (R12)(DX*1) \
	VMOVUPD Y7, (R13)(DX*1)

// BFLY4NOTW is BFLY4 with all twiddles 1.
#define BFLY4NOTW(label) \
	LOAD4 \
	R4CORE \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, Y2, Y2 \
	VMULPD Y15, Y3, Y3 \
	VMULPD Y15, Y4, Y4 \
	VMULPD Y15, Y0, Y0 \
label: \
	VMOVUPD Y2, (R10)(DX*1) \
	VMOVUPD Y3, (R11)(DX*1) \
	VMOVUPD Y4, (R12)(DX*1) \
	VMOVUPD Y0, (R13)(DX*1)

// SETPTRS4 sets SI DI R8 R9 to BX + so[j] and R10–R13 to DX + do[k].
#define SETPTRS4 \
	MOVQ A_SO0(AX), SI \
	ADDQ BX, SI \
	MOVQ A_SO1(AX), DI \
	ADDQ BX, DI \
	MOVQ A_SO2(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_SO3(AX), R9 \
	ADDQ BX, R9 \
	MOVQ A_DO0(AX), R10 \
	ADDQ DX, R10 \
	MOVQ A_DO1(AX), R11 \
	ADDQ DX, R11 \
	MOVQ A_DO2(AX), R12 \
	ADDQ DX, R12 \
	MOVQ A_DO3(AX), R13 \
	ADDQ DX, R13

// func radix2AVX2PD(a *stageArgs)
// y0 = a+b, y1 = w1·(a−b), with the loop orders of radix4AVX2 in
// vec_amd64.s. Registers: AX args; SI DI source pointers; R9 R10
// destination pointers; BX, DX offsets along the inner loop; CX inner
// count; R12 twiddle pointer; R13 outer index.
TEXT ·radix2AVX2PD(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r2done
	CMPQ A_S(AX), $0
	JLE  r2done
	VBROADCASTSD A_SCALE64(AX), Y15
	CMPQ A_M(AX), $1
	JEQ  r2notw
	CMPQ A_S(AX), $8
	JLT  r2pinner

	// q inner: for p { twiddles; for q { butterfly } }.
	MOVQ $0, R13
	MOVQ A_TW(AX), R12
r2ploop:
	VBROADCASTSD 0(R12), Y8
	VBROADCASTSD 8(R12), Y9
	MOVQ R13, BX
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS2
	MOVQ A_S(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r2qloop:
	BFLY2(r2qs)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ CX
	JNZ  r2qloop
	ADDQ $16, R12
	INCQ R13
	CMPQ R13, A_M(AX)
	JLT  r2ploop
	JMP  r2done

	// p inner: for q { for p { twiddles; butterfly } }.
r2pinner:
	MOVQ $0, R13
r2qloop2:
	MOVQ R13, BX
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS2
	MOVQ A_TW(AX), R12
	MOVQ A_M(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r2ploop2:
	VBROADCASTSD 0(R12), Y8
	VBROADCASTSD 8(R12), Y9
	BFLY2(r2ps)
	ADDQ $16, R12
	ADDQ A_SP(AX), BX
	ADDQ A_DP(AX), DX
	DECQ CX
	JNZ  r2ploop2
	INCQ R13
	CMPQ R13, A_S(AX)
	JLT  r2qloop2
	JMP  r2done

	// m = 1: one p, twiddles 1, q loop only.
r2notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS2
	MOVQ A_S(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r2nloop:
	BFLY2NOTW(r2ns)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ CX
	JNZ  r2nloop

r2done:
	VZEROUPPER
	RET

// func radix3AVX2PD(a *stageArgs)
// Registers as radix2AVX2PD, with source pointers SI DI R8 and destination
// pointers R9 R10 R11.
TEXT ·radix3AVX2PD(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r3done
	CMPQ A_S(AX), $0
	JLE  r3done
	VMOVUPD maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r3fwd
	VMOVUPD maskInv<>(SB), Y14
r3fwd:
	VBROADCASTSD A_SCALE64(AX), Y15
	VMOVUPD r3half<>(SB), Y12
	VMOVUPD r3s3<>(SB), Y13
	CMPQ A_M(AX), $1
	JEQ  r3notw
	CMPQ A_S(AX), $8
	JLT  r3pinner

	// q inner: for p { twiddles; for q { butterfly } }.
	MOVQ $0, R13
	MOVQ A_TW(AX), R12
r3ploop:
	VBROADCASTSD 0(R12), Y8
	VBROADCASTSD 8(R12), Y9
	VBROADCASTSD 16(R12), Y10
	VBROADCASTSD 24(R12), Y11
	MOVQ R13, BX
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS3
	MOVQ A_S(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r3qloop:
	BFLY3(r3qs)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ CX
	JNZ  r3qloop
	ADDQ $32, R12
	INCQ R13
	CMPQ R13, A_M(AX)
	JLT  r3ploop
	JMP  r3done

	// p inner: for q { for p { twiddles; butterfly } }.
r3pinner:
	MOVQ $0, R13
r3qloop2:
	MOVQ R13, BX
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS3
	MOVQ A_TW(AX), R12
	MOVQ A_M(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r3ploop2:
	VBROADCASTSD 0(R12), Y8
	VBROADCASTSD 8(R12), Y9
	VBROADCASTSD 16(R12), Y10
	VBROADCASTSD 24(R12), Y11
	BFLY3(r3ps)
	ADDQ $32, R12
	ADDQ A_SP(AX), BX
	ADDQ A_DP(AX), DX
	DECQ CX
	JNZ  r3ploop2
	INCQ R13
	CMPQ R13, A_S(AX)
	JLT  r3qloop2
	JMP  r3done

	// m = 1: one p, twiddles 1, q loop only.
r3notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS3
	MOVQ A_S(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r3nloop:
	BFLY3NOTW(r3ns)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ CX
	JNZ  r3nloop

r3done:
	VZEROUPPER
	RET

// func radix4AVX2PD(a *stageArgs)
// Registers: AX args; SI DI R8 R9 source pointers; R10–R13 destination
// pointers; BX, DX offsets along the inner loop; CX inner count; R14
// twiddle pointer. The outer index is at out-8 in the frame.
TEXT ·radix4AVX2PD(SB), NOSPLIT, $8-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r4done
	CMPQ A_S(AX), $0
	JLE  r4done
	VMOVUPD maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r4fwd
	VMOVUPD maskInv<>(SB), Y14
r4fwd:
	VBROADCASTSD A_SCALE64(AX), Y15
	CMPQ A_M(AX), $1
	JEQ  r4notw
	CMPQ A_S(AX), $8
	JLT  r4pinner

	// q inner: for p { twiddles; for q { butterfly } }.
	MOVQ $0, out-8(SP)
	MOVQ A_TW(AX), R14
r4ploop:
	VBROADCASTSD 0(R14), Y8
	VBROADCASTSD 8(R14), Y9
	VBROADCASTSD 16(R14), Y10
	VBROADCASTSD 24(R14), Y11
	VBROADCASTSD 32(R14), Y12
	VBROADCASTSD 40(R14), Y13
	MOVQ out-8(SP), BX
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS4
	MOVQ A_S(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r4qloop:
	BFLY4(r4qs)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ CX
	JNZ  r4qloop
	ADDQ $48, R14
	MOVQ out-8(SP), BX
	INCQ BX
	MOVQ BX, out-8(SP)
	CMPQ BX, A_M(AX)
	JLT  r4ploop
	JMP  r4done

	// p inner: for q { for p { twiddles; butterfly } }.
r4pinner:
	MOVQ $0, out-8(SP)
r4qloop2:
	MOVQ out-8(SP), BX
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS4
	MOVQ A_TW(AX), R14
	MOVQ A_M(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r4ploop2:
	VBROADCASTSD 0(R14), Y8
	VBROADCASTSD 8(R14), Y9
	VBROADCASTSD 16(R14), Y10
	VBROADCASTSD 24(R14), Y11
	VBROADCASTSD 32(R14), Y12
	VBROADCASTSD 40(R14), Y13
	BFLY4(r4ps)
	ADDQ $48, R14
	ADDQ A_SP(AX), BX
	ADDQ A_DP(AX), DX
	DECQ CX
	JNZ  r4ploop2
	MOVQ out-8(SP), BX
	INCQ BX
	MOVQ BX, out-8(SP)
	CMPQ BX, A_S(AX)
	JLT  r4qloop2
	JMP  r4done

	// m = 1: one p, twiddles 1, q loop only.
r4notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS4
	MOVQ A_S(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r4nloop:
	BFLY4NOTW(r4ns)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ CX
	JNZ  r4nloop

r4done:
	VZEROUPPER
	RET


// R5CORE is the untwiddled radix-5 butterfly of butterfly() in vec.go:
// inputs in Y0–Y4, outputs y0 in Y0, y1 Y1, y2 Y2, y3 Y4, y4 Y3; Y5 and Y6
// are clobbered. The constants are memory operands (the twiddles take
// Y8–Y15), the ±i sign mask is at msk-32(SP).
#define R5CORE \
	VADDPD Y4, Y1, Y5 /* b14 */ \
	VSUBPD Y4, Y1, Y1 /* d14 */ \
	VADDPD Y3, Y2, Y6 /* b23 */ \
	VSUBPD Y3, Y2, Y2 /* d23 */ \
	VMOVAPD Y0, Y3 \
	VFMADD231PD r5c1<>(SB), Y5, Y3 \
	VFMADD231PD r5c2<>(SB), Y6, Y3 /* a1 = x0 + c1·b14 + c2·b23 */ \
	VMOVAPD Y0, Y4 \
	VFMADD231PD r5c2<>(SB), Y5, Y4 \
	VFMADD231PD r5c1<>(SB), Y6, Y4 /* a2 = x0 + c2·b14 + c1·b23 */ \
	VADDPD Y5, Y0, Y0 \
	VADDPD Y6, Y0, Y0 /* y0 = x0 + b14 + b23 */ \
	VMULPD r5s1<>(SB), Y1, Y5 \
	VFMADD231PD r5s2<>(SB), Y2, Y5 /* s1·d14 + s2·d23 */ \
	VMULPD r5s2<>(SB), Y1, Y6 \
	VFNMADD231PD r5s1<>(SB), Y2, Y6 /* s2·d14 − s1·d23 */ \
	VPERMILPD $5, Y5, Y5 \
	VXORPD msk-32(SP), Y5, Y5 /* r1 */ \
	VPERMILPD $5, Y6, Y6 \
	VXORPD msk-32(SP), Y6, Y6 /* r2 */ \
	VADDPD Y5, Y3, Y1 /* y1 = a1+r1 */ \
	VSUBPD Y5, Y3, Y3 /* y4 = a1−r1 */ \
	VADDPD Y6, Y4, Y2 /* y2 = a2+r2 */ \
	VSUBPD Y6, Y4, Y4 // y3 = a2−r2

#define LOAD5 \
	VMOVUPD (SI)(BX*1), Y0 \
	VMOVUPD (DI)(BX*1), Y1 \
	VMOVUPD (R8)(BX*1), Y2 \
	VMOVUPD (R9)(BX*1), Y3 \
	VMOVUPD (R10)(BX*1), Y4

// BFLY5 is one radix-5 butterfly: inputs at (SI|DI|R8|R9|R10)(BX*1),
// outputs to (R11|R12|R13|R14|CX)(DX*1), twiddles in Y8–Y15 (w1r w1i ...
// w4r w4i), the scale at scl-64(SP) when the flag at scd-72(SP) is set.
#define BFLY5(label) \
	LOAD5 \
	R5CORE \
	CMUL(Y1, Y8, Y9, Y5) \
	CMUL(Y2, Y10, Y11, Y6) \
	CMUL(Y4, Y12, Y13, Y7) \
	CMUL(Y3, Y14, Y15, Y1) \
	CMPQ scd-72(SP), $0 \
	JEQ  label \
	VMULPD scl-64(SP), Y0, Y0 \
	VMULPD scl-64(SP), Y5, Y5 \
	VMULPD scl-64(SP), Y6, Y6 \
	VMULPD scl-64(SP), Y7, Y7 \
	VMULPD scl-64(SP), Y1, Y1 \
label: \
	VMOVUPD Y0, (R11)(DX*1) \
	VMOVUPD Y5, (R12)(DX*1) \
	VMOVUPD Y6, (R13)(DX*1) \
	VMOVUPD Y7, (R14)(DX*1) \
	VMOVUPD Y1, (CX)(DX*1)

// BFLY5NOTW is BFLY5 with all twiddles 1.
#define BFLY5NOTW(label) \
	LOAD5 \
	R5CORE \
	CMPQ scd-72(SP), $0 \
	JEQ  label \
	VMULPD scl-64(SP), Y0, Y0 \
	VMULPD scl-64(SP), Y1, Y1 \
	VMULPD scl-64(SP), Y2, Y2 \
	VMULPD scl-64(SP), Y4, Y4 \
	VMULPD scl-64(SP), Y3, Y3 \
label: \
	VMOVUPD Y0, (R11)(DX*1) \
	VMOVUPD Y1, (R12)(DX*1) \
	VMOVUPD Y2, (R13)(DX*1) \
	VMOVUPD Y4, (R14)(DX*1) \
	VMOVUPD Y3, (CX)(DX*1)

// SETPTRS5 sets SI DI R8 R9 R10 to BX + so[j] and R11 R12 R13 R14 CX to
// DX + do[k].
#define SETPTRS5 \
	MOVQ A_SO0(AX), SI \
	ADDQ BX, SI \
	MOVQ A_SO1(AX), DI \
	ADDQ BX, DI \
	MOVQ A_SO2(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_SO3(AX), R9 \
	ADDQ BX, R9 \
	MOVQ A_SO4(AX), R10 \
	ADDQ BX, R10 \
	MOVQ A_DO0(AX), R11 \
	ADDQ DX, R11 \
	MOVQ A_DO1(AX), R12 \
	ADDQ DX, R12 \
	MOVQ A_DO2(AX), R13 \
	ADDQ DX, R13 \
	MOVQ A_DO3(AX), R14 \
	ADDQ DX, R14 \
	MOVQ A_DO4(AX), CX \
	ADDQ DX, CX

// func radix5AVX2PD(a *stageArgs)
// The loop orders of radix4AVX2 in vec_amd64.s. Ten pointers leave no
// general register for counters: those live in the frame, and in the
// p-inner loop AX walks the twiddles (the args are reloaded from a+0(FP)
// between rows). Frame: msk-32 the ±i sign mask, scl-64 the broadcast
// scale, scd-72 the scaled flag, cnt-80 the inner count, out-88 the outer
// index, isp-96 and idp-104 the p-inner strides.
TEXT ·radix5AVX2PD(SB), NOSPLIT, $104-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r5done
	CMPQ A_S(AX), $0
	JLE  r5done
	VMOVUPD maskFwd<>(SB), Y0
	CMPQ A_INV(AX), $0
	JEQ  r5fwd
	VMOVUPD maskInv<>(SB), Y0
r5fwd:
	VMOVUPD Y0, msk-32(SP)
	VBROADCASTSD A_SCALE64(AX), Y0
	VMOVUPD Y0, scl-64(SP)
	MOVQ A_SCALED(AX), BX
	MOVQ BX, scd-72(SP)
	CMPQ A_M(AX), $1
	JEQ  r5notw
	CMPQ A_S(AX), $8
	JLT  r5pinner

	// q inner: for p { twiddles; for q { butterfly } }.
	MOVQ $0, out-88(SP)
r5ploop:
	MOVQ out-88(SP), BX
	MOVQ BX, DX
	SHLQ $6, DX
	ADDQ A_TW(AX), DX
	VBROADCASTSD 0(DX), Y8
	VBROADCASTSD 8(DX), Y9
	VBROADCASTSD 16(DX), Y10
	VBROADCASTSD 24(DX), Y11
	VBROADCASTSD 32(DX), Y12
	VBROADCASTSD 40(DX), Y13
	VBROADCASTSD 48(DX), Y14
	VBROADCASTSD 56(DX), Y15
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS5
	MOVQ A_S(AX), BX
	MOVQ BX, cnt-80(SP)
	XORQ BX, BX
	XORQ DX, DX
r5qloop:
	BFLY5(r5qs)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ cnt-80(SP)
	JNZ  r5qloop
	MOVQ out-88(SP), BX
	INCQ BX
	MOVQ BX, out-88(SP)
	CMPQ BX, A_M(AX)
	JLT  r5ploop
	JMP  r5done

	// p inner: for q { for p { twiddles; butterfly } }.
r5pinner:
	MOVQ A_SP(AX), BX
	MOVQ BX, isp-96(SP)
	MOVQ A_DP(AX), BX
	MOVQ BX, idp-104(SP)
	MOVQ $0, out-88(SP)
r5qloop2:
	MOVQ a+0(FP), AX
	MOVQ out-88(SP), BX
	CMPQ BX, A_S(AX)
	JGE  r5done
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS5
	MOVQ A_M(AX), BX
	MOVQ BX, cnt-80(SP)
	MOVQ A_TW(AX), AX
	XORQ BX, BX
	XORQ DX, DX
r5ploop2:
	VBROADCASTSD 0(AX), Y8
	VBROADCASTSD 8(AX), Y9
	VBROADCASTSD 16(AX), Y10
	VBROADCASTSD 24(AX), Y11
	VBROADCASTSD 32(AX), Y12
	VBROADCASTSD 40(AX), Y13
	VBROADCASTSD 48(AX), Y14
	VBROADCASTSD 56(AX), Y15
	BFLY5(r5ps)
	ADDQ $64, AX
	ADDQ isp-96(SP), BX
	ADDQ idp-104(SP), DX
	DECQ cnt-80(SP)
	JNZ  r5ploop2
	INCQ out-88(SP)
	JMP  r5qloop2

	// m = 1: one p, twiddles 1, q loop only.
r5notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS5
	MOVQ A_S(AX), BX
	MOVQ BX, cnt-80(SP)
	XORQ BX, BX
	XORQ DX, DX
r5nloop:
	BFLY5NOTW(r5ns)
	ADDQ A_SQ(AX), BX
	ADDQ A_DQ(AX), DX
	DECQ cnt-80(SP)
	JNZ  r5nloop

r5done:
	VZEROUPPER
	RET

// func modulateAVX2PD(a *modArgs)
// dst[i] = src[i]·ph[i] (ph[i] broadcast to both lanes), i < n.
TEXT ·modulateAVX2PD(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ M_DST(AX), DI
	MOVQ M_SRC(AX), SI
	MOVQ M_PH(AX), DX
	MOVQ M_N(AX), CX
	MOVQ M_DS(AX), R8
	MOVQ M_SS(AX), R9
	TESTQ CX, CX
	JLE  moddone

modloop:
	VMOVUPD (SI), Y0
	VBROADCASTSD 0(DX), Y1
	VBROADCASTSD 8(DX), Y2
	CMUL(Y0, Y1, Y2, Y3)
	VMOVUPD Y3, (DI)
	ADDQ $16, DX
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNZ  modloop

moddone:
	VZEROUPPER
	RET

// TWMUL multiplies the complex128 values of v lane by lane by the vector
// at off(DX) and stores the product at dst (Y8–Y11 scratch).
#define TWMUL(v, off, dst) \
	VMOVUPD off(DX), Y8 \
	VMOVDDUP Y8, Y9 \
	VPERMILPD $15, Y8, Y10 \
	CMUL(v, Y9, Y10, Y11) \
	VMOVUPD Y11, dst

// func mulVecAVX2PD(dst, a, b unsafe.Pointer, vectors int)
// dst[i] = a[i]·b[i] for the complex128 values of vectors 32-byte vectors.
TEXT ·mulVecAVX2PD(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ vectors+24(FP), CX
	TESTQ CX, CX
	JLE  mvdone

mvloop:
	VMOVUPD (SI), Y0
	TWMUL(Y0, 0, (DI))
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mvloop

mvdone:
	VZEROUPPER
	RET

// func twTrans2AVX2PD(dst, src, tw unsafe.Pointer, srcRow, dstRow, blocks int)
// twTrans for blocks of 2 values: the two rows at src (srcRow bytes apart)
// transposed in 2×2 blocks, element j multiplied lane by lane by the
// vector at tw + 32j and stored at dst + j·dstRow.
TEXT ·twTrans2AVX2PD(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ tw+16(FP), DX
	MOVQ srcRow+24(FP), R9
	MOVQ dstRow+32(FP), R8
	MOVQ blocks+40(FP), CX
	TESTQ CX, CX
	JLE  ttdone

ttloop:
	VMOVUPD (SI), Y0 // r0v0 r0v1
	VMOVUPD (SI)(R9*1), Y1 // r1v0 r1v1
	VPERM2F128 $0x20, Y1, Y0, Y2 // r0v0 r1v0
	VPERM2F128 $0x31, Y1, Y0, Y3 // r0v1 r1v1
	TWMUL(Y2, 0, (DI))
	TWMUL(Y3, 32, (DI)(R8*1))
	ADDQ $32, SI
	ADDQ $64, DX
	LEAQ (DI)(R8*2), DI
	DECQ CX
	JNZ  ttloop

ttdone:
	VZEROUPPER
	RET

// func transpose2AVX2PD(dst, src unsafe.Pointer, dstRow, dstBlock, srcRow, srcBlock, blocks int)
// Transposes blocks of 2×2 complex128, each complex128 one 128-bit half:
// vector r (2 values) is read from src + r*srcRow + b*srcBlock, and the
// transposed vector k is written to dst + k*dstRow + b*dstBlock.
TEXT ·transpose2AVX2PD(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ dstRow+16(FP), R8
	MOVQ dstBlock+24(FP), R11
	MOVQ srcRow+32(FP), R9
	MOVQ srcBlock+40(FP), R12
	MOVQ blocks+48(FP), CX
	TESTQ CX, CX
	JLE  trdone

trloop:
	VMOVUPD (SI), Y0 // r0v0 r0v1
	VMOVUPD (SI)(R9*1), Y1 // r1v0 r1v1
	VPERM2F128 $0x20, Y1, Y0, Y2 // r0v0 r1v0
	VPERM2F128 $0x31, Y1, Y0, Y3 // r0v1 r1v1
	VMOVUPD Y2, (DI)
	VMOVUPD Y3, (DI)(R8*1)
	ADDQ R12, SI
	ADDQ R11, DI
	DECQ CX
	JNZ  trloop

trdone:
	VZEROUPPER
	RET


// mixArgs field offsets (see split.go).
#define X_DST 0
#define X_A 8
#define X_B 16
#define X_STRIDE 24
#define X_N 32
#define X_TW 40
#define X_SUM 48

// MIXMUL2 is one step of the weighted mix: value v of rows 0 and 1 at SI
// and at DX (rows R9 apart) combined with op (a op b), times the factors
// in Y12 (real parts) and Y13 (imaginary), stored at DI, and SI, DX and DI
// advanced.
#define MIXMUL2(op) \
	VMOVUPD (SI), X0 \
	VINSERTF128 $1, (SI)(R9*1), Y0, Y0 \
	VMOVUPD (DX), X1 \
	VINSERTF128 $1, (DX)(R9*1), Y1, Y1 \
	op Y1, Y0, Y0 \
	CMUL(Y0, Y12, Y13, Y2) \
	VMOVUPD Y2, (DI) \
	ADDQ $16, SI \
	ADDQ $16, DX \
	ADDQ $32, DI

// func mixInAVX2PD(x *mixArgs)
// transposeIn128 of the sums of two sets of two rows, or, when tw is not
// nil, of their differences (sums if sum is not 0) times one factor per
// row (lane): element i of the strip holds a_r[i] + b_r[i], or
// (a_r[i] ∓ b_r[i])·t_r, in lane r.
// tw holds the factors' real parts, each twice (4 float64), then their
// imaginary parts.
TEXT ·mixInAVX2PD(SB), NOSPLIT, $0-8
	MOVQ x+0(FP), AX
	MOVQ X_DST(AX), DI
	MOVQ X_A(AX), SI
	MOVQ X_B(AX), DX
	MOVQ X_STRIDE(AX), R9
	MOVQ X_N(AX), CX
	MOVQ X_TW(AX), R8
	TESTQ CX, CX
	JLE  mxdone
	TESTQ R8, R8
	JNZ  mxsub

mxadd:
	VMOVUPD (SI), X0
	VINSERTF128 $1, (SI)(R9*1), Y0, Y0 // a: r0v r1v
	VMOVUPD (DX), X1
	VINSERTF128 $1, (DX)(R9*1), Y1, Y1 // b: r0v r1v
	VADDPD Y1, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ $16, SI
	ADDQ $16, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mxadd
	JMP  mxdone

mxsub:
	VMOVUPD (R8), Y12
	VMOVUPD 32(R8), Y13
	MOVQ X_SUM(AX), R10
	TESTQ R10, R10
	JNZ  mxaddmul

mxsubloop:
	MIXMUL2(VSUBPD)
	DECQ CX
	JNZ  mxsubloop
	JMP  mxdone

mxaddmul:
	MIXMUL2(VADDPD)
	DECQ CX
	JNZ  mxaddmul

mxdone:
	VZEROUPPER
	RET

// √½ for the radix-8 butterfly's w8 factors.
DATA sqrtHalf64<>+0(SB)/8, $0x3fe6a09e667f3bcd
GLOBL sqrtHalf64<>(SB), RODATA|NOPTR, $8

// MULI sets t to ∓i·v (the direction's sign mask in Y14).
#define MULI(v, t) \
	VPERMILPD $5, v, t \
	VXORPD Y14, t, t

// BFLY8CORE loads the eight inputs (R8, R12: inputs 0 and 4; R10 the
// step, R11 three steps) and leaves the untwiddled DFT_8 in registers:
// X0 Y2, X1 Y7, X2 Y1, X3 Y6, X4 Y3, X5 Y0, X6 Y8, X7 Y4. Radix 2 first:
// a_j = x_j + x_{j+4}, b_j = (x_j − x_{j+4})·w8^j with w8 = √½(1 ∓ i)
// (√½ in Y13), then DFT_4 of a into the even outputs and of b into the
// odd ones.
#define BFLY8CORE \
	VMOVUPD (R8), Y0 \
	VMOVUPD (R8)(R10*1), Y1 \
	VMOVUPD (R8)(R10*2), Y2 \
	VMOVUPD (R8)(R11*1), Y3 \
	VMOVUPD (R12), Y4 \
	VMOVUPD (R12)(R10*1), Y5 \
	VMOVUPD (R12)(R10*2), Y6 \
	VMOVUPD (R12)(R11*1), Y7 \
	VADDPD Y4, Y0, Y8 \
	VSUBPD Y4, Y0, Y4 \
	VADDPD Y5, Y1, Y0 \
	VSUBPD Y5, Y1, Y5 \
	VADDPD Y6, Y2, Y1 \
	VSUBPD Y6, Y2, Y6 \
	VADDPD Y7, Y3, Y2 \
	VSUBPD Y7, Y3, Y7 \
	MULI(Y5, Y3) \
	VADDPD Y3, Y5, Y5 \
	VMULPD Y13, Y5, Y5 \
	MULI(Y6, Y6) \
	MULI(Y7, Y3) \
	VSUBPD Y7, Y3, Y7 \
	VMULPD Y13, Y7, Y7 \
	VADDPD Y1, Y8, Y3 \
	VSUBPD Y1, Y8, Y8 \
	VADDPD Y2, Y0, Y1 \
	VSUBPD Y2, Y0, Y0 \
	MULI(Y0, Y0) \
	VADDPD Y1, Y3, Y2 \
	VSUBPD Y1, Y3, Y3 \
	VADDPD Y0, Y8, Y1 \
	VSUBPD Y0, Y8, Y8 \
	VADDPD Y6, Y4, Y0 \
	VSUBPD Y6, Y4, Y4 \
	VADDPD Y7, Y5, Y6 \
	VSUBPD Y7, Y5, Y5 \
	MULI(Y5, Y5) \
	VADDPD Y6, Y0, Y7 \
	VSUBPD Y6, Y0, Y0 \
	VADDPD Y5, Y4, Y6 \
	VSUBPD Y5, Y4, Y4

// TW8 multiplies the outputs 1–7 of BFLY8CORE by the twiddles at R14
// (7 pairs of float64), leaving X0 Y2, X1 Y5, X2 Y7, X3 Y1, X4 Y6, X5 Y3, X6 Y0,
// X7 Y8.
#define TW8 \
	VBROADCASTSD 0(R14), Y9 \
	VBROADCASTSD 8(R14), Y10 \
	CMUL(Y7, Y9, Y10, Y5) \
	VBROADCASTSD 16(R14), Y9 \
	VBROADCASTSD 24(R14), Y10 \
	CMUL(Y1, Y9, Y10, Y7) \
	VBROADCASTSD 32(R14), Y9 \
	VBROADCASTSD 40(R14), Y10 \
	CMUL(Y6, Y9, Y10, Y1) \
	VBROADCASTSD 48(R14), Y9 \
	VBROADCASTSD 56(R14), Y10 \
	CMUL(Y3, Y9, Y10, Y6) \
	VBROADCASTSD 64(R14), Y9 \
	VBROADCASTSD 72(R14), Y10 \
	CMUL(Y0, Y9, Y10, Y3) \
	VBROADCASTSD 80(R14), Y9 \
	VBROADCASTSD 88(R14), Y10 \
	CMUL(Y8, Y9, Y10, Y0) \
	VBROADCASTSD 96(R14), Y9 \
	VBROADCASTSD 104(R14), Y10 \
	CMUL(Y4, Y9, Y10, Y8)

// STORE8 scales (when A_SCALED) and stores the eight outputs in the
// registers given (X0 … X7) to R9, R13 (outputs 0 and 4), SI the step, DI
// three steps.
#define STORE8(label, x0, x1, x2, x3, x4, x5, x6, x7) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, x0, x0 \
	VMULPD Y15, x1, x1 \
	VMULPD Y15, x2, x2 \
	VMULPD Y15, x3, x3 \
	VMULPD Y15, x4, x4 \
	VMULPD Y15, x5, x5 \
	VMULPD Y15, x6, x6 \
	VMULPD Y15, x7, x7 \
label: \
	VMOVUPD x0, (R9) \
	VMOVUPD x1, (R9)(SI*1) \
	VMOVUPD x2, (R9)(SI*2) \
	VMOVUPD x3, (R9)(DI*1) \
	VMOVUPD x4, (R13) \
	VMOVUPD x5, (R13)(SI*1) \
	VMOVUPD x6, (R13)(SI*2) \
	VMOVUPD x7, (R13)(DI*1)

// SETPTRS8 sets R8 R12 to BX + so[0], BX + so[4] and R9 R13 to DX + do[0],
// DX + do[4].
#define SETPTRS8 \
	MOVQ A_SO0(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_SO4(AX), R12 \
	ADDQ BX, R12 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9 \
	MOVQ A_DO4(AX), R13 \
	ADDQ DX, R13

// func radix8AVX2PD(a *stageArgs)
// One radix-8 stage. The offsets must be two runs of four with one step,
// so[j] = so[0] + j·(so[1] − so[0]) and so[4+j] = so[4] + j·(so[1] − so[0])
// for j < 4, and likewise do: in order, or with the halves swapped as
// centring permutes them, as the engine sets them. The loop orders of
// radix4AVX2PD (q inner for s ≥ 8, p inner below, no twiddles for m = 1);
// twiddles are broadcast from the table for every butterfly, the
// registers being taken by the eight values. Registers: AX args; R8 R12
// source pointers; R9 R13 destination pointers; R10 R11 the source step
// and three; SI DI the destination step and three; CX inner count; R14
// twiddle pointer; BX DX scratch. The outer index is at out-8 in the
// frame.
TEXT ·radix8AVX2PD(SB), NOSPLIT, $8-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r8done
	CMPQ A_S(AX), $0
	JLE  r8done
	VMOVUPD maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r8fwd
	VMOVUPD maskInv<>(SB), Y14
r8fwd:
	VBROADCASTSD A_SCALE64(AX), Y15
	VBROADCASTSD sqrtHalf64<>(SB), Y13
	MOVQ A_SO1(AX), R10
	SUBQ A_SO0(AX), R10
	LEAQ (R10)(R10*2), R11
	MOVQ A_DO1(AX), SI
	SUBQ A_DO0(AX), SI
	LEAQ (SI)(SI*2), DI
	CMPQ A_M(AX), $1
	JEQ  r8notw
	CMPQ A_S(AX), $8
	JLT  r8pinner

	// q inner: for p { for q { butterfly } }.
	MOVQ $0, out-8(SP)
r8ploop:
	MOVQ out-8(SP), BX
	IMUL3Q $112, BX, R14
	ADDQ A_TW(AX), R14
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS8
	MOVQ A_S(AX), CX
r8qloop:
	BFLY8CORE
	TW8
	STORE8(r8qs, Y2, Y5, Y7, Y1, Y6, Y3, Y0, Y8)
	ADDQ A_SQ(AX), R8
	ADDQ A_SQ(AX), R12
	ADDQ A_DQ(AX), R9
	ADDQ A_DQ(AX), R13
	DECQ CX
	JNZ  r8qloop
	MOVQ out-8(SP), BX
	INCQ BX
	MOVQ BX, out-8(SP)
	CMPQ BX, A_M(AX)
	JLT  r8ploop
	JMP  r8done

	// p inner: for q { for p { butterfly } }.
r8pinner:
	MOVQ $0, out-8(SP)
r8qloop2:
	MOVQ out-8(SP), BX
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS8
	MOVQ A_TW(AX), R14
	MOVQ A_M(AX), CX
r8ploop2:
	BFLY8CORE
	TW8
	STORE8(r8ps, Y2, Y5, Y7, Y1, Y6, Y3, Y0, Y8)
	ADDQ $112, R14
	ADDQ A_SP(AX), R8
	ADDQ A_SP(AX), R12
	ADDQ A_DP(AX), R9
	ADDQ A_DP(AX), R13
	DECQ CX
	JNZ  r8ploop2
	MOVQ out-8(SP), BX
	INCQ BX
	MOVQ BX, out-8(SP)
	CMPQ BX, A_S(AX)
	JLT  r8qloop2
	JMP  r8done

	// m = 1: twiddles 1, q loop only.
r8notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS8
	MOVQ A_S(AX), CX
r8nloop:
	BFLY8CORE
	STORE8(r8ns, Y2, Y7, Y1, Y6, Y3, Y0, Y8, Y4)
	ADDQ A_SQ(AX), R8
	ADDQ A_SQ(AX), R12
	ADDQ A_DQ(AX), R9
	ADDQ A_DQ(AX), R13
	DECQ CX
	JNZ  r8nloop

r8done:
	VZEROUPPER
	RET

// Radix-7 constants in every float64 lane: cos(2πk/7) and sin(2πk/7) for
// k = 1, 2, 3.
DATA r7c1<>+0(SB)/8, $0x3fe3f3a0e28bedd2
DATA r7c1<>+8(SB)/8, $0x3fe3f3a0e28bedd2
DATA r7c1<>+16(SB)/8, $0x3fe3f3a0e28bedd2
DATA r7c1<>+24(SB)/8, $0x3fe3f3a0e28bedd2
GLOBL r7c1<>(SB), RODATA|NOPTR, $32

DATA r7c2<>+0(SB)/8, $0xbfcc7b90e3024580
DATA r7c2<>+8(SB)/8, $0xbfcc7b90e3024580
DATA r7c2<>+16(SB)/8, $0xbfcc7b90e3024580
DATA r7c2<>+24(SB)/8, $0xbfcc7b90e3024580
GLOBL r7c2<>(SB), RODATA|NOPTR, $32

DATA r7c3<>+0(SB)/8, $0xbfecd4bca9cb5c70
DATA r7c3<>+8(SB)/8, $0xbfecd4bca9cb5c70
DATA r7c3<>+16(SB)/8, $0xbfecd4bca9cb5c70
DATA r7c3<>+24(SB)/8, $0xbfecd4bca9cb5c70
GLOBL r7c3<>(SB), RODATA|NOPTR, $32

DATA r7s1<>+0(SB)/8, $0x3fe904c37505de4b
DATA r7s1<>+8(SB)/8, $0x3fe904c37505de4b
DATA r7s1<>+16(SB)/8, $0x3fe904c37505de4b
DATA r7s1<>+24(SB)/8, $0x3fe904c37505de4b
GLOBL r7s1<>(SB), RODATA|NOPTR, $32

DATA r7s2<>+0(SB)/8, $0x3fef329c0558e969
DATA r7s2<>+8(SB)/8, $0x3fef329c0558e969
DATA r7s2<>+16(SB)/8, $0x3fef329c0558e969
DATA r7s2<>+24(SB)/8, $0x3fef329c0558e969
GLOBL r7s2<>(SB), RODATA|NOPTR, $32

DATA r7s3<>+0(SB)/8, $0x3fdbc4c04d71abc3
DATA r7s3<>+8(SB)/8, $0x3fdbc4c04d71abc3
DATA r7s3<>+16(SB)/8, $0x3fdbc4c04d71abc3
DATA r7s3<>+24(SB)/8, $0x3fdbc4c04d71abc3
GLOBL r7s3<>(SB), RODATA|NOPTR, $32

// R7CORE is the untwiddled radix-7 butterfly of butterfly() in vec.go:
// inputs in Y0–Y6, outputs y0 in Y0, y1 Y1, y2 Y2, y3 Y3, y4 Y10, y5 Y9,
// y6 Y8; Y4–Y7 and Y11–Y13 are clobbered. The constants are memory
// operands, the ±i sign mask is in Y14 (for MULI).
#define R7CORE \
	VADDPD Y6, Y1, Y7 /* b1 = x1+x6 */ \
	VSUBPD Y6, Y1, Y1 /* d1 = x1−x6 */ \
	VADDPD Y5, Y2, Y6 /* b2 = x2+x5 */ \
	VSUBPD Y5, Y2, Y2 /* d2 = x2−x5 */ \
	VADDPD Y4, Y3, Y5 /* b3 = x3+x4 */ \
	VSUBPD Y4, Y3, Y3 /* d3 = x3−x4 */ \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r7c1<>(SB), Y7, Y8 \
	VFMADD231PD r7c2<>(SB), Y6, Y8 \
	VFMADD231PD r7c3<>(SB), Y5, Y8 /* a1 = x0 + c1·b1 + c2·b2 + c3·b3 */ \
	VMOVAPD Y0, Y9 \
	VFMADD231PD r7c2<>(SB), Y7, Y9 \
	VFMADD231PD r7c3<>(SB), Y6, Y9 \
	VFMADD231PD r7c1<>(SB), Y5, Y9 /* a2 = x0 + c2·b1 + c3·b2 + c1·b3 */ \
	VMOVAPD Y0, Y10 \
	VFMADD231PD r7c3<>(SB), Y7, Y10 \
	VFMADD231PD r7c1<>(SB), Y6, Y10 \
	VFMADD231PD r7c2<>(SB), Y5, Y10 /* a3 = x0 + c3·b1 + c1·b2 + c2·b3 */ \
	VADDPD Y7, Y0, Y0 \
	VADDPD Y6, Y0, Y0 \
	VADDPD Y5, Y0, Y0 /* y0 = x0 + b1 + b2 + b3 */ \
	VMULPD r7s1<>(SB), Y1, Y11 \
	VFMADD231PD r7s2<>(SB), Y2, Y11 \
	VFMADD231PD r7s3<>(SB), Y3, Y11 /* s1·d1 + s2·d2 + s3·d3 */ \
	VMULPD r7s2<>(SB), Y1, Y12 \
	VFNMADD231PD r7s3<>(SB), Y2, Y12 \
	VFNMADD231PD r7s1<>(SB), Y3, Y12 /* s2·d1 − s3·d2 − s1·d3 */ \
	VMULPD r7s3<>(SB), Y1, Y13 \
	VFNMADD231PD r7s1<>(SB), Y2, Y13 \
	VFMADD231PD r7s2<>(SB), Y3, Y13 /* s3·d1 − s1·d2 + s2·d3 */ \
	MULI(Y11, Y11) /* r1 */ \
	MULI(Y12, Y12) /* r2 */ \
	MULI(Y13, Y13) /* r3 */ \
	VADDPD Y11, Y8, Y1 /* y1 = a1+r1 */ \
	VSUBPD Y11, Y8, Y8 /* y6 = a1−r1 */ \
	VADDPD Y12, Y9, Y2 /* y2 = a2+r2 */ \
	VSUBPD Y12, Y9, Y9 /* y5 = a2−r2 */ \
	VADDPD Y13, Y10, Y3 /* y3 = a3+r3 */ \
	VSUBPD Y13, Y10, Y10 // y4 = a3−r3

// LOAD7 loads the seven inputs: R8 input 0, R12 input 4, R10 the step,
// R11 three steps.
#define LOAD7 \
	VMOVUPD (R8), Y0 \
	VMOVUPD (R8)(R10*1), Y1 \
	VMOVUPD (R8)(R10*2), Y2 \
	VMOVUPD (R8)(R11*1), Y3 \
	VMOVUPD (R12), Y4 \
	VMOVUPD (R12)(R10*1), Y5 \
	VMOVUPD (R12)(R10*2), Y6

// TW7 multiplies the outputs 1–6 of R7CORE by the twiddles at R14 (six
// pairs), leaving X0 Y0, X1 Y4, X2 Y5, X3 Y6, X4 Y7, X5 Y11, X6 Y1.
#define TW7 \
	VBROADCASTSD 0(R14), Y12 \
	VBROADCASTSD 8(R14), Y13 \
	CMUL(Y1, Y12, Y13, Y4) \
	VBROADCASTSD 16(R14), Y12 \
	VBROADCASTSD 24(R14), Y13 \
	CMUL(Y2, Y12, Y13, Y5) \
	VBROADCASTSD 32(R14), Y12 \
	VBROADCASTSD 40(R14), Y13 \
	CMUL(Y3, Y12, Y13, Y6) \
	VBROADCASTSD 48(R14), Y12 \
	VBROADCASTSD 56(R14), Y13 \
	CMUL(Y10, Y12, Y13, Y7) \
	VBROADCASTSD 64(R14), Y12 \
	VBROADCASTSD 72(R14), Y13 \
	CMUL(Y9, Y12, Y13, Y11) \
	VBROADCASTSD 80(R14), Y12 \
	VBROADCASTSD 88(R14), Y13 \
	CMUL(Y8, Y12, Y13, Y1)

// STORE7 scales (when A_SCALED) and stores the seven outputs in the
// registers given (X0 … X6) to R9, R13 (outputs 0 and 4), SI the step,
// DI three steps.
#define STORE7(label, x0, x1, x2, x3, x4, x5, x6) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPD Y15, x0, x0 \
	VMULPD Y15, x1, x1 \
	VMULPD Y15, x2, x2 \
	VMULPD Y15, x3, x3 \
	VMULPD Y15, x4, x4 \
	VMULPD Y15, x5, x5 \
	VMULPD Y15, x6, x6 \
label: \
	VMOVUPD x0, (R9) \
	VMOVUPD x1, (R9)(SI*1) \
	VMOVUPD x2, (R9)(SI*2) \
	VMOVUPD x3, (R9)(DI*1) \
	VMOVUPD x4, (R13) \
	VMOVUPD x5, (R13)(SI*1) \
	VMOVUPD x6, (R13)(SI*2)

// SETPTRS7 sets R8 to BX + so[0] and R12 four steps on, R9 to DX + do[0]
// and R13 four steps on.
#define SETPTRS7 \
	MOVQ A_SO0(AX), R8 \
	ADDQ BX, R8 \
	LEAQ (R8)(R10*4), R12 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9 \
	LEAQ (R9)(SI*4), R13

// func radix7AVX2PD(a *stageArgs)
// radix7AVX2 on complex128.
TEXT ·radix7AVX2PD(SB), NOSPLIT, $8-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r7done
	CMPQ A_S(AX), $0
	JLE  r7done
	VMOVUPD maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r7fwd
	VMOVUPD maskInv<>(SB), Y14
r7fwd:
	VBROADCASTSD A_SCALE64(AX), Y15
	MOVQ A_SO1(AX), R10
	SUBQ A_SO0(AX), R10
	LEAQ (R10)(R10*2), R11
	MOVQ A_DO1(AX), SI
	SUBQ A_DO0(AX), SI
	LEAQ (SI)(SI*2), DI
	CMPQ A_M(AX), $1
	JEQ  r7notw
	CMPQ A_S(AX), $8
	JLT  r7pinner

	// q inner: for p { for q { butterfly } }.
	MOVQ $0, out-8(SP)
r7ploop:
	MOVQ out-8(SP), BX
	IMUL3Q $96, BX, R14
	ADDQ A_TW(AX), R14
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS7
	MOVQ A_S(AX), CX
r7qloop:
	LOAD7
	R7CORE
	TW7
	STORE7(r7qs, Y0, Y4, Y5, Y6, Y7, Y11, Y1)
	ADDQ A_SQ(AX), R8
	ADDQ A_SQ(AX), R12
	ADDQ A_DQ(AX), R9
	ADDQ A_DQ(AX), R13
	DECQ CX
	JNZ  r7qloop
	MOVQ out-8(SP), BX
	INCQ BX
	MOVQ BX, out-8(SP)
	CMPQ BX, A_M(AX)
	JLT  r7ploop
	JMP  r7done

	// p inner: for q { for p { butterfly } }.
r7pinner:
	MOVQ $0, out-8(SP)
r7qloop2:
	MOVQ out-8(SP), BX
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS7
	MOVQ A_TW(AX), R14
	MOVQ A_M(AX), CX
r7ploop2:
	LOAD7
	R7CORE
	TW7
	STORE7(r7ps, Y0, Y4, Y5, Y6, Y7, Y11, Y1)
	ADDQ $96, R14
	ADDQ A_SP(AX), R8
	ADDQ A_SP(AX), R12
	ADDQ A_DP(AX), R9
	ADDQ A_DP(AX), R13
	DECQ CX
	JNZ  r7ploop2
	MOVQ out-8(SP), BX
	INCQ BX
	MOVQ BX, out-8(SP)
	CMPQ BX, A_S(AX)
	JLT  r7qloop2
	JMP  r7done

	// m = 1: twiddles 1, q loop only.
r7notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS7
	MOVQ A_S(AX), CX
r7nloop:
	LOAD7
	R7CORE
	STORE7(r7ns, Y0, Y1, Y2, Y3, Y10, Y9, Y8)
	ADDQ A_SQ(AX), R8
	ADDQ A_SQ(AX), R12
	ADDQ A_DQ(AX), R9
	ADDQ A_DQ(AX), R13
	DECQ CX
	JNZ  r7nloop

r7done:
	VZEROUPPER
	RET

// Radix-11 constants in every float64 lane: cos(2πk/11) and sin(2πk/11)
// for k = 1 … 5.
DATA r11c1<>+0(SB)/8, $0x3feaeb8c8764f0ba
DATA r11c1<>+8(SB)/8, $0x3feaeb8c8764f0ba
DATA r11c1<>+16(SB)/8, $0x3feaeb8c8764f0ba
DATA r11c1<>+24(SB)/8, $0x3feaeb8c8764f0ba
GLOBL r11c1<>(SB), RODATA|NOPTR, $32

DATA r11c2<>+0(SB)/8, $0x3fda9628d9c712b6
DATA r11c2<>+8(SB)/8, $0x3fda9628d9c712b6
DATA r11c2<>+16(SB)/8, $0x3fda9628d9c712b6
DATA r11c2<>+24(SB)/8, $0x3fda9628d9c712b6
GLOBL r11c2<>(SB), RODATA|NOPTR, $32

DATA r11c3<>+0(SB)/8, $0xbfc2375f640f44db
DATA r11c3<>+8(SB)/8, $0xbfc2375f640f44db
DATA r11c3<>+16(SB)/8, $0xbfc2375f640f44db
DATA r11c3<>+24(SB)/8, $0xbfc2375f640f44db
GLOBL r11c3<>(SB), RODATA|NOPTR, $32

DATA r11c4<>+0(SB)/8, $0xbfe4f49e7f775887
DATA r11c4<>+8(SB)/8, $0xbfe4f49e7f775887
DATA r11c4<>+16(SB)/8, $0xbfe4f49e7f775887
DATA r11c4<>+24(SB)/8, $0xbfe4f49e7f775887
GLOBL r11c4<>(SB), RODATA|NOPTR, $32

DATA r11c5<>+0(SB)/8, $0xbfeeb42a9bcd5057
DATA r11c5<>+8(SB)/8, $0xbfeeb42a9bcd5057
DATA r11c5<>+16(SB)/8, $0xbfeeb42a9bcd5057
DATA r11c5<>+24(SB)/8, $0xbfeeb42a9bcd5057
GLOBL r11c5<>(SB), RODATA|NOPTR, $32

DATA r11s1<>+0(SB)/8, $0x3fe14cedf8bb580b
DATA r11s1<>+8(SB)/8, $0x3fe14cedf8bb580b
DATA r11s1<>+16(SB)/8, $0x3fe14cedf8bb580b
DATA r11s1<>+24(SB)/8, $0x3fe14cedf8bb580b
GLOBL r11s1<>(SB), RODATA|NOPTR, $32

DATA r11s2<>+0(SB)/8, $0x3fed1bb48eee2c13
DATA r11s2<>+8(SB)/8, $0x3fed1bb48eee2c13
DATA r11s2<>+16(SB)/8, $0x3fed1bb48eee2c13
DATA r11s2<>+24(SB)/8, $0x3fed1bb48eee2c13
GLOBL r11s2<>(SB), RODATA|NOPTR, $32

DATA r11s3<>+0(SB)/8, $0x3fefac9e043842ef
DATA r11s3<>+8(SB)/8, $0x3fefac9e043842ef
DATA r11s3<>+16(SB)/8, $0x3fefac9e043842ef
DATA r11s3<>+24(SB)/8, $0x3fefac9e043842ef
GLOBL r11s3<>(SB), RODATA|NOPTR, $32

DATA r11s4<>+0(SB)/8, $0x3fe82f19bb3a28a1
DATA r11s4<>+8(SB)/8, $0x3fe82f19bb3a28a1
DATA r11s4<>+16(SB)/8, $0x3fe82f19bb3a28a1
DATA r11s4<>+24(SB)/8, $0x3fe82f19bb3a28a1
GLOBL r11s4<>(SB), RODATA|NOPTR, $32

DATA r11s5<>+0(SB)/8, $0x3fd207e7fd768dbf
DATA r11s5<>+8(SB)/8, $0x3fd207e7fd768dbf
DATA r11s5<>+16(SB)/8, $0x3fd207e7fd768dbf
DATA r11s5<>+24(SB)/8, $0x3fd207e7fd768dbf
GLOBL r11s5<>(SB), RODATA|NOPTR, $32

// R11LOAD loads the 11 inputs (R8 input 0, R10 the step, R11 three steps;
// BX and R12 are set to inputs 4 and 8) and leaves x0 in Y0, the sums
// b_j = x_j + x_{11−j} in Y1–Y5, the differences d_j = x_j − x_{11−j} in
// the frame (d1-32(SP) …) and y0 = x0 + Σ b_j in Y7.
#define R11LOAD \
	LEAQ (R8)(R10*4), BX \
	LEAQ (R8)(R10*8), R12 \
	VMOVUPD (R8), Y0 \
	VMOVUPD (R8)(R10*1), Y1 \
	VMOVUPD (R12)(R10*2), Y7 \
	VSUBPD Y7, Y1, Y8 \
	VADDPD Y7, Y1, Y1 \
	VMOVUPD Y8, d1-32(SP) \
	VMOVUPD (R8)(R10*2), Y2 \
	VMOVUPD (R12)(R10*1), Y7 \
	VSUBPD Y7, Y2, Y8 \
	VADDPD Y7, Y2, Y2 \
	VMOVUPD Y8, d2-64(SP) \
	VMOVUPD (R8)(R11*1), Y3 \
	VMOVUPD (R12), Y7 \
	VSUBPD Y7, Y3, Y8 \
	VADDPD Y7, Y3, Y3 \
	VMOVUPD Y8, d3-96(SP) \
	VMOVUPD (BX), Y4 \
	VMOVUPD (BX)(R11*1), Y7 \
	VSUBPD Y7, Y4, Y8 \
	VADDPD Y7, Y4, Y4 \
	VMOVUPD Y8, d4-128(SP) \
	VMOVUPD (BX)(R10*1), Y5 \
	VMOVUPD (BX)(R10*2), Y7 \
	VSUBPD Y7, Y5, Y8 \
	VADDPD Y7, Y5, Y5 \
	VMOVUPD Y8, d5-160(SP) \
	VADDPD Y1, Y0, Y7 \
	VADDPD Y2, Y7, Y7 \
	VADDPD Y3, Y7, Y7 \
	VADDPD Y4, Y7, Y7 \
	VADDPD Y5, Y7, Y7

// R11PAIRk computes outputs k and 11−k of the untwiddled butterfly from
// what R11LOAD leaves: y_k in Y10, y_{11−k} in Y8 (Y9 clobbered). The
// ±i sign mask is in Y15.
#define R11PAIR1 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r11c1<>(SB), Y1, Y8 \
	VFMADD231PD r11c2<>(SB), Y2, Y8 \
	VFMADD231PD r11c3<>(SB), Y3, Y8 \
	VFMADD231PD r11c4<>(SB), Y4, Y8 \
	VFMADD231PD r11c5<>(SB), Y5, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r11s1<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFMADD231PD r11s2<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFMADD231PD r11s3<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFMADD231PD r11s4<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFMADD231PD r11s5<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R11PAIR2 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r11c2<>(SB), Y1, Y8 \
	VFMADD231PD r11c4<>(SB), Y2, Y8 \
	VFMADD231PD r11c5<>(SB), Y3, Y8 \
	VFMADD231PD r11c3<>(SB), Y4, Y8 \
	VFMADD231PD r11c1<>(SB), Y5, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r11s2<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFMADD231PD r11s4<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFNMADD231PD r11s5<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFNMADD231PD r11s3<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFNMADD231PD r11s1<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R11PAIR3 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r11c3<>(SB), Y1, Y8 \
	VFMADD231PD r11c5<>(SB), Y2, Y8 \
	VFMADD231PD r11c2<>(SB), Y3, Y8 \
	VFMADD231PD r11c1<>(SB), Y4, Y8 \
	VFMADD231PD r11c4<>(SB), Y5, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r11s3<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFNMADD231PD r11s5<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFNMADD231PD r11s2<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFMADD231PD r11s1<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFMADD231PD r11s4<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R11PAIR4 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r11c4<>(SB), Y1, Y8 \
	VFMADD231PD r11c3<>(SB), Y2, Y8 \
	VFMADD231PD r11c1<>(SB), Y3, Y8 \
	VFMADD231PD r11c5<>(SB), Y4, Y8 \
	VFMADD231PD r11c2<>(SB), Y5, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r11s4<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFNMADD231PD r11s3<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFMADD231PD r11s1<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFMADD231PD r11s5<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFNMADD231PD r11s2<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R11PAIR5 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r11c5<>(SB), Y1, Y8 \
	VFMADD231PD r11c1<>(SB), Y2, Y8 \
	VFMADD231PD r11c4<>(SB), Y3, Y8 \
	VFMADD231PD r11c2<>(SB), Y4, Y8 \
	VFMADD231PD r11c3<>(SB), Y5, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r11s5<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFNMADD231PD r11s1<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFMADD231PD r11s4<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFNMADD231PD r11s2<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFMADD231PD r11s3<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

// R11BFLY is one radix-11 butterfly: inputs as R11LOAD takes them, outputs
// to R9 (output 0), SI the step, DI three steps (DX and R13 are set to
// outputs 4 and 8), twiddled by the pairs at R14 and scaled by
// scl-192(SP) when the flag at scd-200(SP) is set; the labels are the
// scaling branches' targets, one per output pair.
#define R11BFLY(l0, l1, l2, l3, l4, l5) \
	R11LOAD \
	LEAQ (R9)(SI*4), DX \
	LEAQ (R9)(SI*8), R13 \
	CMPQ scd-200(SP), $0 \
	JEQ  l0 \
	VMULPD scl-192(SP), Y7, Y7 \
l0: \
	VMOVUPD Y7, (R9) \
	R11PAIR1 \
	VBROADCASTSD 0(R14), Y11 \
	VBROADCASTSD 8(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 144(R14), Y11 \
	VBROADCASTSD 152(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l1 \
	VMULPD scl-192(SP), Y13, Y13 \
	VMULPD scl-192(SP), Y9, Y9 \
l1: \
	VMOVUPD Y13, (R9)(SI*1) \
	VMOVUPD Y9, (R13)(SI*2) \
	R11PAIR2 \
	VBROADCASTSD 16(R14), Y11 \
	VBROADCASTSD 24(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 128(R14), Y11 \
	VBROADCASTSD 136(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l2 \
	VMULPD scl-192(SP), Y13, Y13 \
	VMULPD scl-192(SP), Y9, Y9 \
l2: \
	VMOVUPD Y13, (R9)(SI*2) \
	VMOVUPD Y9, (R13)(SI*1) \
	R11PAIR3 \
	VBROADCASTSD 32(R14), Y11 \
	VBROADCASTSD 40(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 112(R14), Y11 \
	VBROADCASTSD 120(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l3 \
	VMULPD scl-192(SP), Y13, Y13 \
	VMULPD scl-192(SP), Y9, Y9 \
l3: \
	VMOVUPD Y13, (R9)(DI*1) \
	VMOVUPD Y9, (R13) \
	R11PAIR4 \
	VBROADCASTSD 48(R14), Y11 \
	VBROADCASTSD 56(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 96(R14), Y11 \
	VBROADCASTSD 104(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l4 \
	VMULPD scl-192(SP), Y13, Y13 \
	VMULPD scl-192(SP), Y9, Y9 \
l4: \
	VMOVUPD Y13, (DX) \
	VMOVUPD Y9, (DX)(DI*1) \
	R11PAIR5 \
	VBROADCASTSD 64(R14), Y11 \
	VBROADCASTSD 72(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 80(R14), Y11 \
	VBROADCASTSD 88(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l5 \
	VMULPD scl-192(SP), Y13, Y13 \
	VMULPD scl-192(SP), Y9, Y9 \
l5: \
	VMOVUPD Y13, (DX)(SI*1) \
	VMOVUPD Y9, (DX)(SI*2)

// R11BFLYNOTW is R11BFLY with all twiddles 1.
#define R11BFLYNOTW(l0, l1, l2, l3, l4, l5) \
	R11LOAD \
	LEAQ (R9)(SI*4), DX \
	LEAQ (R9)(SI*8), R13 \
	CMPQ scd-200(SP), $0 \
	JEQ  l0 \
	VMULPD scl-192(SP), Y7, Y7 \
l0: \
	VMOVUPD Y7, (R9) \
	R11PAIR1 \
	CMPQ scd-200(SP), $0 \
	JEQ  l1 \
	VMULPD scl-192(SP), Y10, Y10 \
	VMULPD scl-192(SP), Y8, Y8 \
l1: \
	VMOVUPD Y10, (R9)(SI*1) \
	VMOVUPD Y8, (R13)(SI*2) \
	R11PAIR2 \
	CMPQ scd-200(SP), $0 \
	JEQ  l2 \
	VMULPD scl-192(SP), Y10, Y10 \
	VMULPD scl-192(SP), Y8, Y8 \
l2: \
	VMOVUPD Y10, (R9)(SI*2) \
	VMOVUPD Y8, (R13)(SI*1) \
	R11PAIR3 \
	CMPQ scd-200(SP), $0 \
	JEQ  l3 \
	VMULPD scl-192(SP), Y10, Y10 \
	VMULPD scl-192(SP), Y8, Y8 \
l3: \
	VMOVUPD Y10, (R9)(DI*1) \
	VMOVUPD Y8, (R13) \
	R11PAIR4 \
	CMPQ scd-200(SP), $0 \
	JEQ  l4 \
	VMULPD scl-192(SP), Y10, Y10 \
	VMULPD scl-192(SP), Y8, Y8 \
l4: \
	VMOVUPD Y10, (DX) \
	VMOVUPD Y8, (DX)(DI*1) \
	R11PAIR5 \
	CMPQ scd-200(SP), $0 \
	JEQ  l5 \
	VMULPD scl-192(SP), Y10, Y10 \
	VMULPD scl-192(SP), Y8, Y8 \
l5: \
	VMOVUPD Y10, (DX)(SI*1) \
	VMOVUPD Y8, (DX)(SI*2)

// SETPTRS11 sets R8 to BX + so[0] and R9 to DX + do[0].
#define SETPTRS11 \
	MOVQ A_SO0(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9

// func radix11AVX2PD(a *stageArgs)
// radix11AVX2 on complex128.
TEXT ·radix11AVX2PD(SB), NOSPLIT, $208-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r11done
	CMPQ A_S(AX), $0
	JLE  r11done
	VMOVUPD maskFwd<>(SB), Y15
	CMPQ A_INV(AX), $0
	JEQ  r11fwd
	VMOVUPD maskInv<>(SB), Y15
r11fwd:
	VBROADCASTSD A_SCALE64(AX), Y0
	VMOVUPD Y0, scl-192(SP)
	MOVQ A_SCALED(AX), BX
	MOVQ BX, scd-200(SP)
	MOVQ A_SO1(AX), R10
	SUBQ A_SO0(AX), R10
	LEAQ (R10)(R10*2), R11
	MOVQ A_DO1(AX), SI
	SUBQ A_DO0(AX), SI
	LEAQ (SI)(SI*2), DI
	CMPQ A_M(AX), $1
	JEQ  r11notw
	CMPQ A_S(AX), $8
	JLT  r11pinner

	// q inner: for p { for q { butterfly } }.
	MOVQ $0, out-208(SP)
r11ploop:
	MOVQ out-208(SP), BX
	IMUL3Q $160, BX, R14
	ADDQ A_TW(AX), R14
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS11
	MOVQ A_S(AX), CX
r11qloop:
	R11BFLY(r11q0, r11q1, r11q2, r11q3, r11q4, r11q5)
	ADDQ A_SQ(AX), R8
	ADDQ A_DQ(AX), R9
	DECQ CX
	JNZ  r11qloop
	MOVQ out-208(SP), BX
	INCQ BX
	MOVQ BX, out-208(SP)
	CMPQ BX, A_M(AX)
	JLT  r11ploop
	JMP  r11done

	// p inner: for q { for p { butterfly } }.
r11pinner:
	MOVQ $0, out-208(SP)
r11qloop2:
	MOVQ out-208(SP), BX
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS11
	MOVQ A_TW(AX), R14
	MOVQ A_M(AX), CX
r11ploop2:
	R11BFLY(r11p0, r11p1, r11p2, r11p3, r11p4, r11p5)
	ADDQ $160, R14
	ADDQ A_SP(AX), R8
	ADDQ A_DP(AX), R9
	DECQ CX
	JNZ  r11ploop2
	MOVQ out-208(SP), BX
	INCQ BX
	MOVQ BX, out-208(SP)
	CMPQ BX, A_S(AX)
	JLT  r11qloop2
	JMP  r11done

	// m = 1: twiddles 1, q loop only.
r11notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS11
	MOVQ A_S(AX), CX
r11nloop:
	R11BFLYNOTW(r11n0, r11n1, r11n2, r11n3, r11n4, r11n5)
	ADDQ A_SQ(AX), R8
	ADDQ A_DQ(AX), R9
	DECQ CX
	JNZ  r11nloop

r11done:
	VZEROUPPER
	RET

// Radix-13 constants in every float64 lane: cos(2πk/13) and sin(2πk/13)
// for k = 1 … 6.
DATA r13c1<>+0(SB)/8, $0x3fec55a7e00740e9
DATA r13c1<>+8(SB)/8, $0x3fec55a7e00740e9
DATA r13c1<>+16(SB)/8, $0x3fec55a7e00740e9
DATA r13c1<>+24(SB)/8, $0x3fec55a7e00740e9
GLOBL r13c1<>(SB), RODATA|NOPTR, $32

DATA r13c2<>+0(SB)/8, $0x3fe22d961ea71119
DATA r13c2<>+8(SB)/8, $0x3fe22d961ea71119
DATA r13c2<>+16(SB)/8, $0x3fe22d961ea71119
DATA r13c2<>+24(SB)/8, $0x3fe22d961ea71119
GLOBL r13c2<>(SB), RODATA|NOPTR, $32

DATA r13c3<>+0(SB)/8, $0x3fbedb7debaa3ed8
DATA r13c3<>+8(SB)/8, $0x3fbedb7debaa3ed8
DATA r13c3<>+16(SB)/8, $0x3fbedb7debaa3ed8
DATA r13c3<>+24(SB)/8, $0x3fbedb7debaa3ed8
GLOBL r13c3<>(SB), RODATA|NOPTR, $32

DATA r13c4<>+0(SB)/8, $0xbfd6b1d8b2365da1
DATA r13c4<>+8(SB)/8, $0xbfd6b1d8b2365da1
DATA r13c4<>+16(SB)/8, $0xbfd6b1d8b2365da1
DATA r13c4<>+24(SB)/8, $0xbfd6b1d8b2365da1
GLOBL r13c4<>(SB), RODATA|NOPTR, $32

DATA r13c5<>+0(SB)/8, $0xbfe7f3ccd0032e0c
DATA r13c5<>+8(SB)/8, $0xbfe7f3ccd0032e0c
DATA r13c5<>+16(SB)/8, $0xbfe7f3ccd0032e0c
DATA r13c5<>+24(SB)/8, $0xbfe7f3ccd0032e0c
GLOBL r13c5<>(SB), RODATA|NOPTR, $32

DATA r13c6<>+0(SB)/8, $0xbfef11f493053d00
DATA r13c6<>+8(SB)/8, $0xbfef11f493053d00
DATA r13c6<>+16(SB)/8, $0xbfef11f493053d00
DATA r13c6<>+24(SB)/8, $0xbfef11f493053d00
GLOBL r13c6<>(SB), RODATA|NOPTR, $32

DATA r13s1<>+0(SB)/8, $0x3fddbe064267c47c
DATA r13s1<>+8(SB)/8, $0x3fddbe064267c47c
DATA r13s1<>+16(SB)/8, $0x3fddbe064267c47c
DATA r13s1<>+24(SB)/8, $0x3fddbe064267c47c
GLOBL r13s1<>(SB), RODATA|NOPTR, $32

DATA r13s2<>+0(SB)/8, $0x3fea55e242a4c3d2
DATA r13s2<>+8(SB)/8, $0x3fea55e242a4c3d2
DATA r13s2<>+16(SB)/8, $0x3fea55e242a4c3d2
DATA r13s2<>+24(SB)/8, $0x3fea55e242a4c3d2
GLOBL r13s2<>(SB), RODATA|NOPTR, $32

DATA r13s3<>+0(SB)/8, $0x3fefc44566966769
DATA r13s3<>+8(SB)/8, $0x3fefc44566966769
DATA r13s3<>+16(SB)/8, $0x3fefc44566966769
DATA r13s3<>+24(SB)/8, $0x3fefc44566966769
GLOBL r13s3<>(SB), RODATA|NOPTR, $32

DATA r13s4<>+0(SB)/8, $0x3fedeba72ef20147
DATA r13s4<>+8(SB)/8, $0x3fedeba72ef20147
DATA r13s4<>+16(SB)/8, $0x3fedeba72ef20147
DATA r13s4<>+24(SB)/8, $0x3fedeba72ef20147
GLOBL r13s4<>(SB), RODATA|NOPTR, $32

DATA r13s5<>+0(SB)/8, $0x3fe5384d024c2f84
DATA r13s5<>+8(SB)/8, $0x3fe5384d024c2f84
DATA r13s5<>+16(SB)/8, $0x3fe5384d024c2f84
DATA r13s5<>+24(SB)/8, $0x3fe5384d024c2f84
GLOBL r13s5<>(SB), RODATA|NOPTR, $32

DATA r13s6<>+0(SB)/8, $0x3fcea1e54bc48dbf
DATA r13s6<>+8(SB)/8, $0x3fcea1e54bc48dbf
DATA r13s6<>+16(SB)/8, $0x3fcea1e54bc48dbf
DATA r13s6<>+24(SB)/8, $0x3fcea1e54bc48dbf
GLOBL r13s6<>(SB), RODATA|NOPTR, $32

// R13LOAD loads the 13 inputs (R8 input 0, R10 the step, R11 three steps;
// BX and R12 are set to inputs 4 and 8) and leaves x0 in Y0, the sums
// b_j = x_j + x_{13−j} in Y1–Y6, the differences d_j = x_j − x_{13−j} in
// the frame (d1-32(SP) …) and y0 = x0 + Σ b_j in Y7.
#define R13LOAD \
	LEAQ (R8)(R10*4), BX \
	LEAQ (R8)(R10*8), R12 \
	VMOVUPD (R8), Y0 \
	VMOVUPD (R8)(R10*1), Y1 \
	VMOVUPD (R12)(R10*4), Y7 \
	VSUBPD Y7, Y1, Y8 \
	VADDPD Y7, Y1, Y1 \
	VMOVUPD Y8, d1-32(SP) \
	VMOVUPD (R8)(R10*2), Y2 \
	VMOVUPD (R12)(R11*1), Y7 \
	VSUBPD Y7, Y2, Y8 \
	VADDPD Y7, Y2, Y2 \
	VMOVUPD Y8, d2-64(SP) \
	VMOVUPD (R8)(R11*1), Y3 \
	VMOVUPD (R12)(R10*2), Y7 \
	VSUBPD Y7, Y3, Y8 \
	VADDPD Y7, Y3, Y3 \
	VMOVUPD Y8, d3-96(SP) \
	VMOVUPD (BX), Y4 \
	VMOVUPD (R12)(R10*1), Y7 \
	VSUBPD Y7, Y4, Y8 \
	VADDPD Y7, Y4, Y4 \
	VMOVUPD Y8, d4-128(SP) \
	VMOVUPD (BX)(R10*1), Y5 \
	VMOVUPD (R12), Y7 \
	VSUBPD Y7, Y5, Y8 \
	VADDPD Y7, Y5, Y5 \
	VMOVUPD Y8, d5-160(SP) \
	VMOVUPD (BX)(R10*2), Y6 \
	VMOVUPD (BX)(R11*1), Y7 \
	VSUBPD Y7, Y6, Y8 \
	VADDPD Y7, Y6, Y6 \
	VMOVUPD Y8, d6-192(SP) \
	VADDPD Y1, Y0, Y7 \
	VADDPD Y2, Y7, Y7 \
	VADDPD Y3, Y7, Y7 \
	VADDPD Y4, Y7, Y7 \
	VADDPD Y5, Y7, Y7 \
	VADDPD Y6, Y7, Y7

// R13PAIRk computes outputs k and 13−k of the untwiddled butterfly from
// what R13LOAD leaves: y_k in Y10, y_{13−k} in Y8 (Y9 clobbered). The
// ±i sign mask is in Y15.
#define R13PAIR1 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r13c1<>(SB), Y1, Y8 \
	VFMADD231PD r13c2<>(SB), Y2, Y8 \
	VFMADD231PD r13c3<>(SB), Y3, Y8 \
	VFMADD231PD r13c4<>(SB), Y4, Y8 \
	VFMADD231PD r13c5<>(SB), Y5, Y8 \
	VFMADD231PD r13c6<>(SB), Y6, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r13s1<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFMADD231PD r13s2<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFMADD231PD r13s3<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFMADD231PD r13s4<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFMADD231PD r13s5<>(SB), Y10, Y9 \
	VMOVUPD d6-192(SP), Y10 \
	VFMADD231PD r13s6<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R13PAIR2 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r13c2<>(SB), Y1, Y8 \
	VFMADD231PD r13c4<>(SB), Y2, Y8 \
	VFMADD231PD r13c6<>(SB), Y3, Y8 \
	VFMADD231PD r13c5<>(SB), Y4, Y8 \
	VFMADD231PD r13c3<>(SB), Y5, Y8 \
	VFMADD231PD r13c1<>(SB), Y6, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r13s2<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFMADD231PD r13s4<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFMADD231PD r13s6<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFNMADD231PD r13s5<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFNMADD231PD r13s3<>(SB), Y10, Y9 \
	VMOVUPD d6-192(SP), Y10 \
	VFNMADD231PD r13s1<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R13PAIR3 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r13c3<>(SB), Y1, Y8 \
	VFMADD231PD r13c6<>(SB), Y2, Y8 \
	VFMADD231PD r13c4<>(SB), Y3, Y8 \
	VFMADD231PD r13c1<>(SB), Y4, Y8 \
	VFMADD231PD r13c2<>(SB), Y5, Y8 \
	VFMADD231PD r13c5<>(SB), Y6, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r13s3<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFMADD231PD r13s6<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFNMADD231PD r13s4<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFNMADD231PD r13s1<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFMADD231PD r13s2<>(SB), Y10, Y9 \
	VMOVUPD d6-192(SP), Y10 \
	VFMADD231PD r13s5<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R13PAIR4 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r13c4<>(SB), Y1, Y8 \
	VFMADD231PD r13c5<>(SB), Y2, Y8 \
	VFMADD231PD r13c1<>(SB), Y3, Y8 \
	VFMADD231PD r13c3<>(SB), Y4, Y8 \
	VFMADD231PD r13c6<>(SB), Y5, Y8 \
	VFMADD231PD r13c2<>(SB), Y6, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r13s4<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFNMADD231PD r13s5<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFNMADD231PD r13s1<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFMADD231PD r13s3<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFNMADD231PD r13s6<>(SB), Y10, Y9 \
	VMOVUPD d6-192(SP), Y10 \
	VFNMADD231PD r13s2<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R13PAIR5 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r13c5<>(SB), Y1, Y8 \
	VFMADD231PD r13c3<>(SB), Y2, Y8 \
	VFMADD231PD r13c2<>(SB), Y3, Y8 \
	VFMADD231PD r13c6<>(SB), Y4, Y8 \
	VFMADD231PD r13c1<>(SB), Y5, Y8 \
	VFMADD231PD r13c4<>(SB), Y6, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r13s5<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFNMADD231PD r13s3<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFMADD231PD r13s2<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFNMADD231PD r13s6<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFNMADD231PD r13s1<>(SB), Y10, Y9 \
	VMOVUPD d6-192(SP), Y10 \
	VFMADD231PD r13s4<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

#define R13PAIR6 \
	VMOVAPD Y0, Y8 \
	VFMADD231PD r13c6<>(SB), Y1, Y8 \
	VFMADD231PD r13c1<>(SB), Y2, Y8 \
	VFMADD231PD r13c5<>(SB), Y3, Y8 \
	VFMADD231PD r13c2<>(SB), Y4, Y8 \
	VFMADD231PD r13c4<>(SB), Y5, Y8 \
	VFMADD231PD r13c3<>(SB), Y6, Y8 \
	VMOVUPD d1-32(SP), Y10 \
	VMULPD r13s6<>(SB), Y10, Y9 \
	VMOVUPD d2-64(SP), Y10 \
	VFNMADD231PD r13s1<>(SB), Y10, Y9 \
	VMOVUPD d3-96(SP), Y10 \
	VFMADD231PD r13s5<>(SB), Y10, Y9 \
	VMOVUPD d4-128(SP), Y10 \
	VFNMADD231PD r13s2<>(SB), Y10, Y9 \
	VMOVUPD d5-160(SP), Y10 \
	VFMADD231PD r13s4<>(SB), Y10, Y9 \
	VMOVUPD d6-192(SP), Y10 \
	VFNMADD231PD r13s3<>(SB), Y10, Y9 \
	VPERMILPD $5, Y9, Y9 \
	VXORPD Y15, Y9, Y9 \
	VADDPD Y9, Y8, Y10 \
	VSUBPD Y9, Y8, Y8

// R13BFLY is one radix-13 butterfly: inputs as R13LOAD takes them, outputs
// to R9 (output 0), SI the step, DI three steps (DX and R13 are set to
// outputs 4 and 8), twiddled by the pairs at R14 and scaled by
// scl-224(SP) when the flag at scd-232(SP) is set; the labels are the
// scaling branches' targets, one per output pair.
#define R13BFLY(l0, l1, l2, l3, l4, l5, l6) \
	R13LOAD \
	LEAQ (R9)(SI*4), DX \
	LEAQ (R9)(SI*8), R13 \
	CMPQ scd-232(SP), $0 \
	JEQ  l0 \
	VMULPD scl-224(SP), Y7, Y7 \
l0: \
	VMOVUPD Y7, (R9) \
	R13PAIR1 \
	VBROADCASTSD 0(R14), Y11 \
	VBROADCASTSD 8(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 176(R14), Y11 \
	VBROADCASTSD 184(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l1 \
	VMULPD scl-224(SP), Y13, Y13 \
	VMULPD scl-224(SP), Y9, Y9 \
l1: \
	VMOVUPD Y13, (R9)(SI*1) \
	VMOVUPD Y9, (R13)(SI*4) \
	R13PAIR2 \
	VBROADCASTSD 16(R14), Y11 \
	VBROADCASTSD 24(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 160(R14), Y11 \
	VBROADCASTSD 168(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l2 \
	VMULPD scl-224(SP), Y13, Y13 \
	VMULPD scl-224(SP), Y9, Y9 \
l2: \
	VMOVUPD Y13, (R9)(SI*2) \
	VMOVUPD Y9, (R13)(DI*1) \
	R13PAIR3 \
	VBROADCASTSD 32(R14), Y11 \
	VBROADCASTSD 40(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 144(R14), Y11 \
	VBROADCASTSD 152(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l3 \
	VMULPD scl-224(SP), Y13, Y13 \
	VMULPD scl-224(SP), Y9, Y9 \
l3: \
	VMOVUPD Y13, (R9)(DI*1) \
	VMOVUPD Y9, (R13)(SI*2) \
	R13PAIR4 \
	VBROADCASTSD 48(R14), Y11 \
	VBROADCASTSD 56(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 128(R14), Y11 \
	VBROADCASTSD 136(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l4 \
	VMULPD scl-224(SP), Y13, Y13 \
	VMULPD scl-224(SP), Y9, Y9 \
l4: \
	VMOVUPD Y13, (DX) \
	VMOVUPD Y9, (R13)(SI*1) \
	R13PAIR5 \
	VBROADCASTSD 64(R14), Y11 \
	VBROADCASTSD 72(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 112(R14), Y11 \
	VBROADCASTSD 120(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l5 \
	VMULPD scl-224(SP), Y13, Y13 \
	VMULPD scl-224(SP), Y9, Y9 \
l5: \
	VMOVUPD Y13, (DX)(SI*1) \
	VMOVUPD Y9, (R13) \
	R13PAIR6 \
	VBROADCASTSD 80(R14), Y11 \
	VBROADCASTSD 88(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSD 96(R14), Y11 \
	VBROADCASTSD 104(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l6 \
	VMULPD scl-224(SP), Y13, Y13 \
	VMULPD scl-224(SP), Y9, Y9 \
l6: \
	VMOVUPD Y13, (DX)(SI*2) \
	VMOVUPD Y9, (DX)(DI*1)

// R13BFLYNOTW is R13BFLY with all twiddles 1.
#define R13BFLYNOTW(l0, l1, l2, l3, l4, l5, l6) \
	R13LOAD \
	LEAQ (R9)(SI*4), DX \
	LEAQ (R9)(SI*8), R13 \
	CMPQ scd-232(SP), $0 \
	JEQ  l0 \
	VMULPD scl-224(SP), Y7, Y7 \
l0: \
	VMOVUPD Y7, (R9) \
	R13PAIR1 \
	CMPQ scd-232(SP), $0 \
	JEQ  l1 \
	VMULPD scl-224(SP), Y10, Y10 \
	VMULPD scl-224(SP), Y8, Y8 \
l1: \
	VMOVUPD Y10, (R9)(SI*1) \
	VMOVUPD Y8, (R13)(SI*4) \
	R13PAIR2 \
	CMPQ scd-232(SP), $0 \
	JEQ  l2 \
	VMULPD scl-224(SP), Y10, Y10 \
	VMULPD scl-224(SP), Y8, Y8 \
l2: \
	VMOVUPD Y10, (R9)(SI*2) \
	VMOVUPD Y8, (R13)(DI*1) \
	R13PAIR3 \
	CMPQ scd-232(SP), $0 \
	JEQ  l3 \
	VMULPD scl-224(SP), Y10, Y10 \
	VMULPD scl-224(SP), Y8, Y8 \
l3: \
	VMOVUPD Y10, (R9)(DI*1) \
	VMOVUPD Y8, (R13)(SI*2) \
	R13PAIR4 \
	CMPQ scd-232(SP), $0 \
	JEQ  l4 \
	VMULPD scl-224(SP), Y10, Y10 \
	VMULPD scl-224(SP), Y8, Y8 \
l4: \
	VMOVUPD Y10, (DX) \
	VMOVUPD Y8, (R13)(SI*1) \
	R13PAIR5 \
	CMPQ scd-232(SP), $0 \
	JEQ  l5 \
	VMULPD scl-224(SP), Y10, Y10 \
	VMULPD scl-224(SP), Y8, Y8 \
l5: \
	VMOVUPD Y10, (DX)(SI*1) \
	VMOVUPD Y8, (R13) \
	R13PAIR6 \
	CMPQ scd-232(SP), $0 \
	JEQ  l6 \
	VMULPD scl-224(SP), Y10, Y10 \
	VMULPD scl-224(SP), Y8, Y8 \
l6: \
	VMOVUPD Y10, (DX)(SI*2) \
	VMOVUPD Y8, (DX)(DI*1)

// SETPTRS13 sets R8 to BX + so[0] and R9 to DX + do[0].
#define SETPTRS13 \
	MOVQ A_SO0(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9

// func radix13AVX2PD(a *stageArgs)
// radix13AVX2 on complex128.
TEXT ·radix13AVX2PD(SB), NOSPLIT, $240-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r13done
	CMPQ A_S(AX), $0
	JLE  r13done
	VMOVUPD maskFwd<>(SB), Y15
	CMPQ A_INV(AX), $0
	JEQ  r13fwd
	VMOVUPD maskInv<>(SB), Y15
r13fwd:
	VBROADCASTSD A_SCALE64(AX), Y0
	VMOVUPD Y0, scl-224(SP)
	MOVQ A_SCALED(AX), BX
	MOVQ BX, scd-232(SP)
	MOVQ A_SO1(AX), R10
	SUBQ A_SO0(AX), R10
	LEAQ (R10)(R10*2), R11
	MOVQ A_DO1(AX), SI
	SUBQ A_DO0(AX), SI
	LEAQ (SI)(SI*2), DI
	CMPQ A_M(AX), $1
	JEQ  r13notw
	CMPQ A_S(AX), $8
	JLT  r13pinner

	// q inner: for p { for q { butterfly } }.
	MOVQ $0, out-240(SP)
r13ploop:
	MOVQ out-240(SP), BX
	IMUL3Q $192, BX, R14
	ADDQ A_TW(AX), R14
	MOVQ BX, DX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DP(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS13
	MOVQ A_S(AX), CX
r13qloop:
	R13BFLY(r13q0, r13q1, r13q2, r13q3, r13q4, r13q5, r13q6)
	ADDQ A_SQ(AX), R8
	ADDQ A_DQ(AX), R9
	DECQ CX
	JNZ  r13qloop
	MOVQ out-240(SP), BX
	INCQ BX
	MOVQ BX, out-240(SP)
	CMPQ BX, A_M(AX)
	JLT  r13ploop
	JMP  r13done

	// p inner: for q { for p { butterfly } }.
r13pinner:
	MOVQ $0, out-240(SP)
r13qloop2:
	MOVQ out-240(SP), BX
	MOVQ BX, DX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS13
	MOVQ A_TW(AX), R14
	MOVQ A_M(AX), CX
r13ploop2:
	R13BFLY(r13p0, r13p1, r13p2, r13p3, r13p4, r13p5, r13p6)
	ADDQ $192, R14
	ADDQ A_SP(AX), R8
	ADDQ A_DP(AX), R9
	DECQ CX
	JNZ  r13ploop2
	MOVQ out-240(SP), BX
	INCQ BX
	MOVQ BX, out-240(SP)
	CMPQ BX, A_S(AX)
	JLT  r13qloop2
	JMP  r13done

	// m = 1: twiddles 1, q loop only.
r13notw:
	MOVQ A_SRC(AX), BX
	MOVQ A_DST(AX), DX
	SETPTRS13
	MOVQ A_S(AX), CX
r13nloop:
	R13BFLYNOTW(r13n0, r13n1, r13n2, r13n3, r13n4, r13n5, r13n6)
	ADDQ A_SQ(AX), R8
	ADDQ A_DQ(AX), R9
	DECQ CX
	JNZ  r13nloop

r13done:
	VZEROUPPER
	RET

// TW8L is TW8 with twiddles lane by lane: the seven elements at R14 each
// hold the two butterflies' factors for one output, whose real and
// imaginary parts VMOVDDUP broadcasts within each lane (the imaginary
// parts from 8 bytes on, so the last element's read ends 8 bytes past it).
#define TW8L \
	VMOVDDUP 0(R14), Y9 \
	VMOVDDUP 8(R14), Y10 \
	CMUL(Y7, Y9, Y10, Y5) \
	VMOVDDUP 32(R14), Y9 \
	VMOVDDUP 40(R14), Y10 \
	CMUL(Y1, Y9, Y10, Y7) \
	VMOVDDUP 64(R14), Y9 \
	VMOVDDUP 72(R14), Y10 \
	CMUL(Y6, Y9, Y10, Y1) \
	VMOVDDUP 96(R14), Y9 \
	VMOVDDUP 104(R14), Y10 \
	CMUL(Y3, Y9, Y10, Y6) \
	VMOVDDUP 128(R14), Y9 \
	VMOVDDUP 136(R14), Y10 \
	CMUL(Y0, Y9, Y10, Y3) \
	VMOVDDUP 160(R14), Y9 \
	VMOVDDUP 168(R14), Y10 \
	CMUL(Y8, Y9, Y10, Y0) \
	VMOVDDUP 192(R14), Y9 \
	VMOVDDUP 200(R14), Y10 \
	CMUL(Y4, Y9, Y10, Y8)

// func lineStage8AVX2PD(a *stageArgs)
// kernelSet.lineStage of radix 8: butterflies p and p+1 of one line at a
// time, their inputs loaded as BFLY8CORE does (so as radix8AVX2PD
// requires), twiddled lane by lane (TW8L) and stored as values 8p … 8p+15
// of dst: the 2×8 block transposed by 128-bit halves. Registers: AX args;
// R8 R12 R10 R11 as BFLY8CORE; R9 the destination; R14 the twiddles; CX
// the count of pairs.
TEXT ·lineStage8AVX2PD(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ A_M(AX), CX
	SHRQ $1, CX
	JZ   ls8done
	VMOVUPD maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  ls8fwd
	VMOVUPD maskInv<>(SB), Y14
ls8fwd:
	VBROADCASTSD sqrtHalf64<>(SB), Y13
	MOVQ A_SO1(AX), R10
	SUBQ A_SO0(AX), R10
	LEAQ (R10)(R10*2), R11
	MOVQ A_SRC(AX), R8
	MOVQ R8, R12
	ADDQ A_SO0(AX), R8
	ADDQ A_SO4(AX), R12
	MOVQ A_DST(AX), R9
	MOVQ A_TW(AX), R14

ls8loop:
	BFLY8CORE
	TW8L
	// X0 … X7 in Y2 Y5 Y7 Y1 Y6 Y3 Y0 Y8: low halves to values 8p+k,
	// high halves to 8p+8+k.
	VPERM2F128 $0x20, Y5, Y2, Y9
	VPERM2F128 $0x31, Y5, Y2, Y10
	VMOVUPD Y9, 0(R9)
	VMOVUPD Y10, 128(R9)
	VPERM2F128 $0x20, Y1, Y7, Y9
	VPERM2F128 $0x31, Y1, Y7, Y10
	VMOVUPD Y9, 32(R9)
	VMOVUPD Y10, 160(R9)
	VPERM2F128 $0x20, Y3, Y6, Y9
	VPERM2F128 $0x31, Y3, Y6, Y10
	VMOVUPD Y9, 64(R9)
	VMOVUPD Y10, 192(R9)
	VPERM2F128 $0x20, Y8, Y0, Y9
	VPERM2F128 $0x31, Y8, Y0, Y10
	VMOVUPD Y9, 96(R9)
	VMOVUPD Y10, 224(R9)
	ADDQ $32, R8
	ADDQ $32, R12
	ADDQ $256, R9
	ADDQ $224, R14
	DECQ CX
	JNZ  ls8loop

ls8done:
	VZEROUPPER
	RET

// func mixLineAVX2PD(dst, a, b, t unsafe.Pointer, vectors, sum int)
// mixLine on vectors 32-byte vectors: dst[i] = a[i] + b[i], or, with t not
// nil, (a[i] − b[i])·t ((a[i] + b[i])·t when sum is not 0), t the complex128
// at t, multiplied as mixInAVX2PD multiplies.
TEXT ·mixLineAVX2PD(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ t+24(FP), R8
	MOVQ vectors+32(FP), CX
	MOVQ sum+40(FP), R10
	TESTQ CX, CX
	JLE  mldone
	TESTQ R8, R8
	JNZ  mlmul

mladd:
	VMOVUPD (SI), Y0
	VADDPD (DX), Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mladd
	JMP  mldone

mlmul:
	VBROADCASTSD (R8), Y12
	VBROADCASTSD 8(R8), Y13
	TESTQ R10, R10
	JNZ  mlsum

mlsub:
	VMOVUPD (SI), Y0
	VSUBPD (DX), Y0, Y0
	CMUL(Y0, Y12, Y13, Y1)
	VMOVUPD Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mlsub
	JMP  mldone

mlsum:
	VMOVUPD (SI), Y0
	VADDPD (DX), Y0, Y0
	CMUL(Y0, Y12, Y13, Y1)
	VMOVUPD Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mlsum

mldone:
	VZEROUPPER
	RET
