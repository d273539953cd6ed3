//go:build amd64 && !purego

#include "textflag.h"

// Sign masks for the multiplications by ∓i in the butterflies: after
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
#define A_SCALE 296
#define A_SCALE64 304

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

// func radix4AVX2(a *stageArgs)
// Three loop orders: with m = 1 (the last stage) there are no twiddles;
// with s ≥ 8 the q loop is inside, under twiddles held in registers; with
// s < 8 (the first stages, where the q loop is short) the p loop is inside
// and twiddles are broadcast from the table for every butterfly (loads are
// cheap; at s = 4 the p-inner order measured 10-20% faster, short inner
// loops costing a mispredicted exit each).
// Registers: AX args; SI DI R8 R9 source pointers; R10–R13 destination
// pointers; BX, DX offsets along the inner loop; CX inner count; R14
// twiddle pointer. The outer index is at out-8 in the frame.
TEXT ·radix4AVX2(SB), NOSPLIT, $8-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r4done
	CMPQ A_S(AX), $0
	JLE  r4done
	VMOVUPS maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r4fwd
	VMOVUPS maskInv<>(SB), Y14
r4fwd:
	VBROADCASTSS A_SCALE(AX), Y15
	CMPQ A_M(AX), $1
	JEQ  r4notw
	CMPQ A_S(AX), $8
	JLT  r4pinner

	// q inner: for p { twiddles; for q { butterfly } }.
	MOVQ $0, out-8(SP)
	MOVQ A_TW(AX), R14
r4ploop:
	VBROADCASTSS 0(R14), Y8
	VBROADCASTSS 4(R14), Y9
	VBROADCASTSS 8(R14), Y10
	VBROADCASTSS 12(R14), Y11
	VBROADCASTSS 16(R14), Y12
	VBROADCASTSS 20(R14), Y13
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
	ADDQ $24, R14
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
	VBROADCASTSS 0(R14), Y8
	VBROADCASTSS 4(R14), Y9
	VBROADCASTSS 8(R14), Y10
	VBROADCASTSS 12(R14), Y11
	VBROADCASTSS 16(R14), Y12
	VBROADCASTSS 20(R14), Y13
	BFLY4(r4ps)
	ADDQ $24, R14
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

// BFLY2 is one radix-2 butterfly: inputs at (SI|DI)(BX*1), outputs to
// (R9|R10)(DX*1), the twiddle in Y8 Y9, the scale in Y15 when A_SCALED.
#define BFLY2(label) \
	VMOVUPS (SI)(BX*1), Y0 \
	VMOVUPS (DI)(BX*1), Y1 \
	VADDPS Y1, Y0, Y2 \
	VSUBPS Y1, Y0, Y0 \
	CMUL(Y0, Y8, Y9, Y3) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, Y2, Y2 \
	VMULPS Y15, Y3, Y3 \
label: \
	VMOVUPS Y2, (R9)(DX*1) \
	VMOVUPS Y3, (R10)(DX*1)

// BFLY2NOTW is BFLY2 with the twiddle 1.
#define BFLY2NOTW(label) \
	VMOVUPS (SI)(BX*1), Y0 \
	VMOVUPS (DI)(BX*1), Y1 \
	VADDPS Y1, Y0, Y2 \
	VSUBPS Y1, Y0, Y0 \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, Y2, Y2 \
	VMULPS Y15, Y0, Y0 \
label: \
	VMOVUPS Y2, (R9)(DX*1) \
	VMOVUPS Y0, (R10)(DX*1)

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

// func radix2AVX2(a *stageArgs)
// The loop orders of radix4AVX2: y0 = a+b, y1 = w1·(a−b). Registers: AX
// args; SI DI source pointers; R9 R10 destination pointers; BX, DX offsets
// along the inner loop; CX inner count; R12 twiddle pointer; R13 outer
// index.
TEXT ·radix2AVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r2done
	CMPQ A_S(AX), $0
	JLE  r2done
	VBROADCASTSS A_SCALE(AX), Y15
	CMPQ A_M(AX), $1
	JEQ  r2notw
	CMPQ A_S(AX), $8
	JLT  r2pinner

	// q inner: for p { twiddles; for q { butterfly } }.
	MOVQ $0, R13
	MOVQ A_TW(AX), R12
r2ploop:
	VBROADCASTSS 0(R12), Y8
	VBROADCASTSS 4(R12), Y9
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
	ADDQ $8, R12
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
	VBROADCASTSS 0(R12), Y8
	VBROADCASTSS 4(R12), Y9
	BFLY2(r2ps)
	ADDQ $8, R12
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

// Radix-3 and radix-5 constants, broadcast to every float32 lane: 0.5 and
// sin(2π/3); cos(2π/5), cos(4π/5), sin(2π/5), sin(4π/5), rounded to float32
// as the Go kernels round them.
DATA r3half<>+0(SB)/8, $0x3f0000003f000000
DATA r3half<>+8(SB)/8, $0x3f0000003f000000
DATA r3half<>+16(SB)/8, $0x3f0000003f000000
DATA r3half<>+24(SB)/8, $0x3f0000003f000000
GLOBL r3half<>(SB), RODATA|NOPTR, $32

DATA r3s3<>+0(SB)/8, $0x3f5db3d73f5db3d7
DATA r3s3<>+8(SB)/8, $0x3f5db3d73f5db3d7
DATA r3s3<>+16(SB)/8, $0x3f5db3d73f5db3d7
DATA r3s3<>+24(SB)/8, $0x3f5db3d73f5db3d7
GLOBL r3s3<>(SB), RODATA|NOPTR, $32

DATA r5c1<>+0(SB)/8, $0x3e9e377a3e9e377a
DATA r5c1<>+8(SB)/8, $0x3e9e377a3e9e377a
DATA r5c1<>+16(SB)/8, $0x3e9e377a3e9e377a
DATA r5c1<>+24(SB)/8, $0x3e9e377a3e9e377a
GLOBL r5c1<>(SB), RODATA|NOPTR, $32

DATA r5c2<>+0(SB)/8, $0xbf4f1bbdbf4f1bbd
DATA r5c2<>+8(SB)/8, $0xbf4f1bbdbf4f1bbd
DATA r5c2<>+16(SB)/8, $0xbf4f1bbdbf4f1bbd
DATA r5c2<>+24(SB)/8, $0xbf4f1bbdbf4f1bbd
GLOBL r5c2<>(SB), RODATA|NOPTR, $32

DATA r5s1<>+0(SB)/8, $0x3f7378713f737871
DATA r5s1<>+8(SB)/8, $0x3f7378713f737871
DATA r5s1<>+16(SB)/8, $0x3f7378713f737871
DATA r5s1<>+24(SB)/8, $0x3f7378713f737871
GLOBL r5s1<>(SB), RODATA|NOPTR, $32

DATA r5s2<>+0(SB)/8, $0x3f1679183f167918
DATA r5s2<>+8(SB)/8, $0x3f1679183f167918
DATA r5s2<>+16(SB)/8, $0x3f1679183f167918
DATA r5s2<>+24(SB)/8, $0x3f1679183f167918
GLOBL r5s2<>(SB), RODATA|NOPTR, $32

// R3CORE is the untwiddled radix-3 butterfly of butterfly() in vec.go:
// inputs in Y0 Y1 Y2, outputs y0 in Y2, y1 in Y3, y2 in Y0. Y12 holds 0.5,
// Y13 sin(2π/3), Y14 the ±i sign mask.
#define R3CORE \
	VADDPS Y2, Y1, Y3 /* b+c */ \
	VSUBPS Y2, Y1, Y1 /* b−c */ \
	VADDPS Y3, Y0, Y2 /* y0 = a+(b+c) */ \
	VFNMADD231PS Y12, Y3, Y0 /* t1 = a − (b+c)/2 */ \
	VPERMILPS $0xB1, Y1, Y1 \
	VXORPS Y14, Y1, Y1 /* ∓i·(b−c) */ \
	VMOVAPS Y0, Y3 \
	VFMADD231PS Y13, Y1, Y3 /* y1 = t1 + sin(2π/3)·∓i·(b−c) */ \
	VFNMADD231PS Y13, Y1, Y0 // y2 = t1 − sin(2π/3)·∓i·(b−c)

// BFLY3 is one radix-3 butterfly: inputs at (SI|DI|R8)(BX*1), outputs to
// (R9|R10|R11)(DX*1), twiddles in Y8–Y11 (w1r w1i w2r w2i), the scale in
// Y15 when A_SCALED.
#define BFLY3(label) \
	VMOVUPS (SI)(BX*1), Y0 \
	VMOVUPS (DI)(BX*1), Y1 \
	VMOVUPS (R8)(BX*1), Y2 \
	R3CORE \
	CMUL(Y3, Y8, Y9, Y4) \
	CMUL(Y0, Y10, Y11, Y5) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, Y2, Y2 \
	VMULPS Y15, Y4, Y4 \
	VMULPS Y15, Y5, Y5 \
label: \
	VMOVUPS Y2, (R9)(DX*1) \
	VMOVUPS Y4, (R10)(DX*1) \
	VMOVUPS Y5, (R11)(DX*1)

// BFLY3NOTW is BFLY3 with all twiddles 1.
#define BFLY3NOTW(label) \
	VMOVUPS (SI)(BX*1), Y0 \
	VMOVUPS (DI)(BX*1), Y1 \
	VMOVUPS (R8)(BX*1), Y2 \
	R3CORE \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, Y2, Y2 \
	VMULPS Y15, Y3, Y3 \
	VMULPS Y15, Y0, Y0 \
label: \
	VMOVUPS Y2, (R9)(DX*1) \
	VMOVUPS Y3, (R10)(DX*1) \
	VMOVUPS Y0, (R11)(DX*1)

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

// func radix3AVX2(a *stageArgs)
// The loop orders of radix4AVX2. Registers: AX args;
// SI DI R8 source pointers; R9 R10 R11 destination pointers; BX, DX
// offsets along the inner loop; CX inner count; R12 twiddle pointer; R13
// outer index.
TEXT ·radix3AVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r3done
	CMPQ A_S(AX), $0
	JLE  r3done
	VMOVUPS maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r3fwd
	VMOVUPS maskInv<>(SB), Y14
r3fwd:
	VBROADCASTSS A_SCALE(AX), Y15
	VMOVUPS r3half<>(SB), Y12
	VMOVUPS r3s3<>(SB), Y13
	CMPQ A_M(AX), $1
	JEQ  r3notw
	CMPQ A_S(AX), $8
	JLT  r3pinner

	// q inner: for p { twiddles; for q { butterfly } }.
	XORQ R13, R13
	MOVQ A_TW(AX), R12
r3ploop:
	VBROADCASTSS 0(R12), Y8
	VBROADCASTSS 4(R12), Y9
	VBROADCASTSS 8(R12), Y10
	VBROADCASTSS 12(R12), Y11
	MOVQ R13, BX
	IMULQ A_SP(AX), BX
	ADDQ A_SRC(AX), BX
	MOVQ R13, DX
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
	ADDQ $16, R12
	INCQ R13
	CMPQ R13, A_M(AX)
	JLT  r3ploop
	JMP  r3done

	// p inner: for q { for p { twiddles; butterfly } }.
r3pinner:
	XORQ R13, R13
r3qloop2:
	MOVQ R13, BX
	IMULQ A_SQ(AX), BX
	ADDQ A_SRC(AX), BX
	MOVQ R13, DX
	IMULQ A_DQ(AX), DX
	ADDQ A_DST(AX), DX
	SETPTRS3
	MOVQ A_TW(AX), R12
	MOVQ A_M(AX), CX
	XORQ BX, BX
	XORQ DX, DX
r3ploop2:
	VBROADCASTSS 0(R12), Y8
	VBROADCASTSS 4(R12), Y9
	VBROADCASTSS 8(R12), Y10
	VBROADCASTSS 12(R12), Y11
	BFLY3(r3ps)
	ADDQ $16, R12
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

// R5CORE is the untwiddled radix-5 butterfly of butterfly() in vec.go:
// inputs in Y0–Y4, outputs y0 in Y0, y1 Y1, y2 Y2, y3 Y4, y4 Y3; Y5 and Y6
// are clobbered. The constants are memory operands (the twiddles take
// Y8–Y15), the ±i sign mask is at msk-32(SP).
#define R5CORE \
	VADDPS Y4, Y1, Y5 /* b14 */ \
	VSUBPS Y4, Y1, Y1 /* d14 */ \
	VADDPS Y3, Y2, Y6 /* b23 */ \
	VSUBPS Y3, Y2, Y2 /* d23 */ \
	VMOVAPS Y0, Y3 \
	VFMADD231PS r5c1<>(SB), Y5, Y3 \
	VFMADD231PS r5c2<>(SB), Y6, Y3 /* a1 = x0 + c1·b14 + c2·b23 */ \
	VMOVAPS Y0, Y4 \
	VFMADD231PS r5c2<>(SB), Y5, Y4 \
	VFMADD231PS r5c1<>(SB), Y6, Y4 /* a2 = x0 + c2·b14 + c1·b23 */ \
	VADDPS Y5, Y0, Y0 \
	VADDPS Y6, Y0, Y0 /* y0 = x0 + b14 + b23 */ \
	VMULPS r5s1<>(SB), Y1, Y5 \
	VFMADD231PS r5s2<>(SB), Y2, Y5 /* s1·d14 + s2·d23 */ \
	VMULPS r5s2<>(SB), Y1, Y6 \
	VFNMADD231PS r5s1<>(SB), Y2, Y6 /* s2·d14 − s1·d23 */ \
	VPERMILPS $0xB1, Y5, Y5 \
	VXORPS msk-32(SP), Y5, Y5 /* r1 */ \
	VPERMILPS $0xB1, Y6, Y6 \
	VXORPS msk-32(SP), Y6, Y6 /* r2 */ \
	VADDPS Y5, Y3, Y1 /* y1 = a1+r1 */ \
	VSUBPS Y5, Y3, Y3 /* y4 = a1−r1 */ \
	VADDPS Y6, Y4, Y2 /* y2 = a2+r2 */ \
	VSUBPS Y6, Y4, Y4 // y3 = a2−r2

#define LOAD5 \
	VMOVUPS (SI)(BX*1), Y0 \
	VMOVUPS (DI)(BX*1), Y1 \
	VMOVUPS (R8)(BX*1), Y2 \
	VMOVUPS (R9)(BX*1), Y3 \
	VMOVUPS (R10)(BX*1), Y4

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
	VMULPS scl-64(SP), Y0, Y0 \
	VMULPS scl-64(SP), Y5, Y5 \
	VMULPS scl-64(SP), Y6, Y6 \
	VMULPS scl-64(SP), Y7, Y7 \
	VMULPS scl-64(SP), Y1, Y1 \
label: \
	VMOVUPS Y0, (R11)(DX*1) \
	VMOVUPS Y5, (R12)(DX*1) \
	VMOVUPS Y6, (R13)(DX*1) \
	VMOVUPS Y7, (R14)(DX*1) \
	VMOVUPS Y1, (CX)(DX*1)

// BFLY5NOTW is BFLY5 with all twiddles 1.
#define BFLY5NOTW(label) \
	LOAD5 \
	R5CORE \
	CMPQ scd-72(SP), $0 \
	JEQ  label \
	VMULPS scl-64(SP), Y0, Y0 \
	VMULPS scl-64(SP), Y1, Y1 \
	VMULPS scl-64(SP), Y2, Y2 \
	VMULPS scl-64(SP), Y4, Y4 \
	VMULPS scl-64(SP), Y3, Y3 \
label: \
	VMOVUPS Y0, (R11)(DX*1) \
	VMOVUPS Y1, (R12)(DX*1) \
	VMOVUPS Y2, (R13)(DX*1) \
	VMOVUPS Y4, (R14)(DX*1) \
	VMOVUPS Y3, (CX)(DX*1)

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

// func radix5AVX2(a *stageArgs)
// The loop orders of radix4AVX2. Ten pointers leave no general register
// for counters: those live in the frame, and in the p-inner loop AX walks
// the twiddles (the args are reloaded from a+0(FP) between rows).
// Frame: msk-32 the ±i sign mask, scl-64 the broadcast scale, scd-72 the
// scaled flag, cnt-80 the inner count, out-88 the outer index, isp-96 and
// idp-104 the p-inner strides.
TEXT ·radix5AVX2(SB), NOSPLIT, $104-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r5done
	CMPQ A_S(AX), $0
	JLE  r5done
	VMOVUPS maskFwd<>(SB), Y0
	CMPQ A_INV(AX), $0
	JEQ  r5fwd
	VMOVUPS maskInv<>(SB), Y0
r5fwd:
	VMOVUPS Y0, msk-32(SP)
	VBROADCASTSS A_SCALE(AX), Y0
	VMOVUPS Y0, scl-64(SP)
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
	SHLQ $5, DX
	ADDQ A_TW(AX), DX
	VBROADCASTSS 0(DX), Y8
	VBROADCASTSS 4(DX), Y9
	VBROADCASTSS 8(DX), Y10
	VBROADCASTSS 12(DX), Y11
	VBROADCASTSS 16(DX), Y12
	VBROADCASTSS 20(DX), Y13
	VBROADCASTSS 24(DX), Y14
	VBROADCASTSS 28(DX), Y15
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
	VBROADCASTSS 0(AX), Y8
	VBROADCASTSS 4(AX), Y9
	VBROADCASTSS 8(AX), Y10
	VBROADCASTSS 12(AX), Y11
	VBROADCASTSS 16(AX), Y12
	VBROADCASTSS 20(AX), Y13
	VBROADCASTSS 24(AX), Y14
	VBROADCASTSS 28(AX), Y15
	BFLY5(r5ps)
	ADDQ $32, AX
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

// modArgs field offsets (see vec.go).
#define M_DST 0
#define M_SRC 8
#define M_PH 16
#define M_N 24
#define M_DS 32
#define M_SS 40

// func modulateAVX2(a *modArgs)
// dst[i] = src[i]·ph[i] (ph[i] broadcast to the four lanes), i < n.
TEXT ·modulateAVX2(SB), NOSPLIT, $0-8
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
	VMOVUPS (SI), Y0
	VBROADCASTSS 0(DX), Y1
	VBROADCASTSS 4(DX), Y2
	CMUL(Y0, Y1, Y2, Y3)
	VMOVUPS Y3, (DI)
	ADDQ $8, DX
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNZ  modloop

moddone:
	VZEROUPPER
	RET

// GATHER4 loads values 4b … 4b+3 of the four rows at SI (R9 the row
// stride, R13 three) and leaves value 4b+k of rows 0–3 in Y4+k. Rows 0 and
// 2 (1 and 3) share a register, each half loaded from memory, so that one
// unpack per element finishes the transpose.
#define GATHER4 \
	VMOVUPS (SI), X0 \
	VINSERTF128 $1, (SI)(R9*2), Y0, Y0 \
	VMOVUPS (SI)(R9*1), X1 \
	VINSERTF128 $1, (SI)(R13*1), Y1, Y1 \
	VMOVUPS 16(SI), X2 \
	VINSERTF128 $1, 16(SI)(R9*2), Y2, Y2 \
	VMOVUPS 16(SI)(R9*1), X3 \
	VINSERTF128 $1, 16(SI)(R13*1), Y3, Y3 \
	VUNPCKLPD Y1, Y0, Y4 \
	VUNPCKHPD Y1, Y0, Y5 \
	VUNPCKLPD Y3, Y2, Y6 \
	VUNPCKHPD Y3, Y2, Y7

// TWMUL multiplies the complex64 values of v lane by lane by the vector
// at off(DX) and stores the product at dst (Y8–Y11 scratch).
#define TWMUL(v, off, dst) \
	VMOVUPS off(DX), Y8 \
	VMOVSLDUP Y8, Y9 \
	VMOVSHDUP Y8, Y10 \
	CMUL(v, Y9, Y10, Y11) \
	VMOVUPS Y11, dst

// func mulVecAVX2(dst, a, b unsafe.Pointer, vectors int)
// dst[i] = a[i]·b[i] for the complex64 values of vectors 32-byte vectors.
TEXT ·mulVecAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ vectors+24(FP), CX
	TESTQ CX, CX
	JLE  mvdone

mvloop:
	VMOVUPS (SI), Y0
	TWMUL(Y0, 0, (DI))
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mvloop

mvdone:
	VZEROUPPER
	RET

// func twTrans4AVX2(dst, src, tw unsafe.Pointer, srcRow, dstRow, blocks int)
// twTrans for blocks of 4 values: the four rows at src (srcRow bytes
// apart) gathered as gather4AVX2 does, element j multiplied lane by lane
// by the vector at tw + 32j and stored at dst + j·dstRow.
TEXT ·twTrans4AVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ tw+16(FP), DX
	MOVQ srcRow+24(FP), R9
	MOVQ dstRow+32(FP), R8
	MOVQ blocks+40(FP), CX
	LEAQ (R9)(R9*2), R13 // 3·srcRow
	LEAQ (R8)(R8*2), R10 // 3·dstRow
	TESTQ CX, CX
	JLE  ttdone

ttloop:
	GATHER4
	TWMUL(Y4, 0, (DI))
	TWMUL(Y5, 32, (DI)(R8*1))
	TWMUL(Y6, 64, (DI)(R8*2))
	TWMUL(Y7, 96, (DI)(R10*1))
	ADDQ $32, SI
	ADDQ $128, DX
	LEAQ (DI)(R8*4), DI
	DECQ CX
	JNZ  ttloop

ttdone:
	VZEROUPPER
	RET

// func gather4AVX2(strip, src unsafe.Pointer, rowStride, blocks int)
// transposeIn64 for blocks of 4 values: element 4b+k of the strip holds
// value 4b+k of the rows at src + r*rowStride. Rows 0 and 2 (1 and 3) share
// a register, each half loaded from memory, so that one unpack per element
// finishes the transpose (a 4×4 transpose in registers needs two shuffles
// per element, and the shuffle port bounds it: this is 1.5× faster).
TEXT ·gather4AVX2(SB), NOSPLIT, $0-32
	MOVQ strip+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ rowStride+16(FP), R9
	MOVQ blocks+24(FP), CX
	LEAQ (R9)(R9*2), R13 // 3·rowStride
	TESTQ CX, CX
	JLE  gadone

galoop:
	GATHER4
	VMOVUPS Y4, (DI)
	VMOVUPS Y5, 32(DI)
	VMOVUPS Y6, 64(DI)
	VMOVUPS Y7, 96(DI)
	ADDQ $32, SI
	ADDQ $128, DI
	DECQ CX
	JNZ  galoop

gadone:
	VZEROUPPER
	RET

// func scatter4AVX2(dst, strip unsafe.Pointer, rowStride, dstStep, srcStep, blocks int)
// transposeOut64 for blocks of 4 values, undoing gather4AVX2: one unpack
// per element and 128-bit stores (1.9× faster than a register transpose).
// Block i is read at strip + i·srcStep and written at dst + i·dstStep.
TEXT ·scatter4AVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ strip+8(FP), SI
	MOVQ rowStride+16(FP), R9
	MOVQ dstStep+24(FP), R11
	MOVQ srcStep+32(FP), R12
	MOVQ blocks+40(FP), CX
	LEAQ (R9)(R9*2), R13 // 3·rowStride
	TESTQ CX, CX
	JLE  scdone

scloop:
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VUNPCKLPD Y1, Y0, Y4 // r0v0 r0v1 r2v0 r2v1
	VUNPCKHPD Y1, Y0, Y5 // r1v0 r1v1 r3v0 r3v1
	VUNPCKLPD Y3, Y2, Y6 // r0v2 r0v3 r2v2 r2v3
	VUNPCKHPD Y3, Y2, Y7 // r1v2 r1v3 r3v2 r3v3
	VMOVUPS X4, (DI)
	VMOVUPS X6, 16(DI)
	VMOVUPS X5, (DI)(R9*1)
	VMOVUPS X7, 16(DI)(R9*1)
	VEXTRACTF128 $1, Y4, (DI)(R9*2)
	VEXTRACTF128 $1, Y6, 16(DI)(R9*2)
	VEXTRACTF128 $1, Y5, (DI)(R13*1)
	VEXTRACTF128 $1, Y7, 16(DI)(R13*1)
	ADDQ R12, SI
	ADDQ R11, DI
	DECQ CX
	JNZ  scloop

scdone:
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

// MIXGATHER4 loads value block v0–v3 of rows 0–3 at SI and at DX (rows
// R9 apart, R13 = 3·R9) as gather4AVX2 does, combines the two with op
// (VADDPS or VSUBPS: a op b) and leaves the transposed elements in Y4–Y7.
#define MIXGATHER4(op) \
	VMOVUPS (SI), X0 \
	VINSERTF128 $1, (SI)(R9*2), Y0, Y0 \
	VMOVUPS (DX), X8 \
	VINSERTF128 $1, (DX)(R9*2), Y8, Y8 \
	op Y8, Y0, Y0 \
	VMOVUPS (SI)(R9*1), X1 \
	VINSERTF128 $1, (SI)(R13*1), Y1, Y1 \
	VMOVUPS (DX)(R9*1), X9 \
	VINSERTF128 $1, (DX)(R13*1), Y9, Y9 \
	op Y9, Y1, Y1 \
	VMOVUPS 16(SI), X2 \
	VINSERTF128 $1, 16(SI)(R9*2), Y2, Y2 \
	VMOVUPS 16(DX), X10 \
	VINSERTF128 $1, 16(DX)(R9*2), Y10, Y10 \
	op Y10, Y2, Y2 \
	VMOVUPS 16(SI)(R9*1), X3 \
	VINSERTF128 $1, 16(SI)(R13*1), Y3, Y3 \
	VMOVUPS 16(DX)(R9*1), X11 \
	VINSERTF128 $1, 16(DX)(R13*1), Y11, Y11 \
	op Y11, Y3, Y3 \
	VUNPCKLPD Y1, Y0, Y4 \
	VUNPCKHPD Y1, Y0, Y5 \
	VUNPCKLPD Y3, Y2, Y6 \
	VUNPCKHPD Y3, Y2, Y7

// MIXMUL4 is one step of the weighted mix: MIXGATHER4(op), the four
// transposed elements times the factors in Y12 (real parts) and Y13
// (imaginary), stored at DI, and SI, DX and DI advanced.
#define MIXMUL4(op) \
	MIXGATHER4(op) \
	CMUL(Y4, Y12, Y13, Y0) \
	CMUL(Y5, Y12, Y13, Y1) \
	CMUL(Y6, Y12, Y13, Y2) \
	CMUL(Y7, Y12, Y13, Y3) \
	VMOVUPS Y0, (DI) \
	VMOVUPS Y1, 32(DI) \
	VMOVUPS Y2, 64(DI) \
	VMOVUPS Y3, 96(DI) \
	ADDQ $32, SI \
	ADDQ $32, DX \
	ADDQ $128, DI

// func mixInAVX2(x *mixArgs)
// transposeIn64 of the sums of two sets of four rows, or, when tw is not
// nil, of their differences (sums if sum is not 0) times one factor per
// row (lane): element i of the strip holds a_r[i] + b_r[i], or
// (a_r[i] ∓ b_r[i])·t_r, in lane r.
// tw holds the factors' real parts, each twice (8 float32), then their
// imaginary parts. n is a multiple of 4.
TEXT ·mixInAVX2(SB), NOSPLIT, $0-8
	MOVQ x+0(FP), AX
	MOVQ X_DST(AX), DI
	MOVQ X_A(AX), SI
	MOVQ X_B(AX), DX
	MOVQ X_STRIDE(AX), R9
	MOVQ X_N(AX), CX
	MOVQ X_TW(AX), R8
	SHRQ $2, CX
	LEAQ (R9)(R9*2), R13 // 3·rowStride
	TESTQ CX, CX
	JLE  mxdone
	TESTQ R8, R8
	JNZ  mxsub

mxadd:
	MIXGATHER4(VADDPS)
	VMOVUPS Y4, (DI)
	VMOVUPS Y5, 32(DI)
	VMOVUPS Y6, 64(DI)
	VMOVUPS Y7, 96(DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $128, DI
	DECQ CX
	JNZ  mxadd
	JMP  mxdone

mxsub:
	VMOVUPS (R8), Y12
	VMOVUPS 32(R8), Y13
	MOVQ X_SUM(AX), R10
	TESTQ R10, R10
	JNZ  mxaddmul

mxsubloop:
	MIXMUL4(VSUBPS)
	DECQ CX
	JNZ  mxsubloop
	JMP  mxdone

mxaddmul:
	MIXMUL4(VADDPS)
	DECQ CX
	JNZ  mxaddmul

mxdone:
	VZEROUPPER
	RET

// √½ for the radix-8 butterfly's w8 factors.
DATA sqrtHalf32<>+0(SB)/4, $0x3f3504f3
GLOBL sqrtHalf32<>(SB), RODATA|NOPTR, $4

// MULI sets t to ∓i·v (the direction's sign mask in Y14).
#define MULI(v, t) \
	VPERMILPS $0xB1, v, t \
	VXORPS Y14, t, t

// BFLY8CORE loads the eight inputs (R8, R12: inputs 0 and 4; R10 the
// step, R11 three steps) and leaves the untwiddled DFT_8 in registers:
// X0 Y2, X1 Y7, X2 Y1, X3 Y6, X4 Y3, X5 Y0, X6 Y8, X7 Y4. Radix 2 first:
// a_j = x_j + x_{j+4}, b_j = (x_j − x_{j+4})·w8^j with w8 = √½(1 ∓ i)
// (√½ in Y13), then DFT_4 of a into the even outputs and of b into the
// odd ones.
#define BFLY8CORE \
	VMOVUPS (R8), Y0 \
	VMOVUPS (R8)(R10*1), Y1 \
	VMOVUPS (R8)(R10*2), Y2 \
	VMOVUPS (R8)(R11*1), Y3 \
	VMOVUPS (R12), Y4 \
	VMOVUPS (R12)(R10*1), Y5 \
	VMOVUPS (R12)(R10*2), Y6 \
	VMOVUPS (R12)(R11*1), Y7 \
	VADDPS Y4, Y0, Y8 \
	VSUBPS Y4, Y0, Y4 \
	VADDPS Y5, Y1, Y0 \
	VSUBPS Y5, Y1, Y5 \
	VADDPS Y6, Y2, Y1 \
	VSUBPS Y6, Y2, Y6 \
	VADDPS Y7, Y3, Y2 \
	VSUBPS Y7, Y3, Y7 \
	MULI(Y5, Y3) \
	VADDPS Y3, Y5, Y5 \
	VMULPS Y13, Y5, Y5 \
	MULI(Y6, Y6) \
	MULI(Y7, Y3) \
	VSUBPS Y7, Y3, Y7 \
	VMULPS Y13, Y7, Y7 \
	VADDPS Y1, Y8, Y3 \
	VSUBPS Y1, Y8, Y8 \
	VADDPS Y2, Y0, Y1 \
	VSUBPS Y2, Y0, Y0 \
	MULI(Y0, Y0) \
	VADDPS Y1, Y3, Y2 \
	VSUBPS Y1, Y3, Y3 \
	VADDPS Y0, Y8, Y1 \
	VSUBPS Y0, Y8, Y8 \
	VADDPS Y6, Y4, Y0 \
	VSUBPS Y6, Y4, Y4 \
	VADDPS Y7, Y5, Y6 \
	VSUBPS Y7, Y5, Y5 \
	MULI(Y5, Y5) \
	VADDPS Y6, Y0, Y7 \
	VSUBPS Y6, Y0, Y0 \
	VADDPS Y5, Y4, Y6 \
	VSUBPS Y5, Y4, Y4

// TW8 multiplies the outputs 1–7 of BFLY8CORE by the twiddles at R14
// (7 pairs), leaving X0 Y2, X1 Y5, X2 Y7, X3 Y1, X4 Y6, X5 Y3, X6 Y0,
// X7 Y8.
#define TW8 \
	VBROADCASTSS 0(R14), Y9 \
	VBROADCASTSS 4(R14), Y10 \
	CMUL(Y7, Y9, Y10, Y5) \
	VBROADCASTSS 8(R14), Y9 \
	VBROADCASTSS 12(R14), Y10 \
	CMUL(Y1, Y9, Y10, Y7) \
	VBROADCASTSS 16(R14), Y9 \
	VBROADCASTSS 20(R14), Y10 \
	CMUL(Y6, Y9, Y10, Y1) \
	VBROADCASTSS 24(R14), Y9 \
	VBROADCASTSS 28(R14), Y10 \
	CMUL(Y3, Y9, Y10, Y6) \
	VBROADCASTSS 32(R14), Y9 \
	VBROADCASTSS 36(R14), Y10 \
	CMUL(Y0, Y9, Y10, Y3) \
	VBROADCASTSS 40(R14), Y9 \
	VBROADCASTSS 44(R14), Y10 \
	CMUL(Y8, Y9, Y10, Y0) \
	VBROADCASTSS 48(R14), Y9 \
	VBROADCASTSS 52(R14), Y10 \
	CMUL(Y4, Y9, Y10, Y8)

// STORE8 scales (when A_SCALED) and stores the eight outputs in the
// registers given (X0 … X7) to R9, R13 (outputs 0 and 4), SI the step, DI
// three steps.
#define STORE8(label, x0, x1, x2, x3, x4, x5, x6, x7) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, x0, x0 \
	VMULPS Y15, x1, x1 \
	VMULPS Y15, x2, x2 \
	VMULPS Y15, x3, x3 \
	VMULPS Y15, x4, x4 \
	VMULPS Y15, x5, x5 \
	VMULPS Y15, x6, x6 \
	VMULPS Y15, x7, x7 \
label: \
	VMOVUPS x0, (R9) \
	VMOVUPS x1, (R9)(SI*1) \
	VMOVUPS x2, (R9)(SI*2) \
	VMOVUPS x3, (R9)(DI*1) \
	VMOVUPS x4, (R13) \
	VMOVUPS x5, (R13)(SI*1) \
	VMOVUPS x6, (R13)(SI*2) \
	VMOVUPS x7, (R13)(DI*1)

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

// func radix8AVX2(a *stageArgs)
// One radix-8 stage. The offsets must be two runs of four with one step,
// so[j] = so[0] + j·(so[1] − so[0]) and so[4+j] = so[4] + j·(so[1] − so[0])
// for j < 4, and likewise do: in order, or with the halves swapped as
// centring permutes them, as the engine sets them. The loop orders of
// radix4AVX2 (q inner for s ≥ 8, p inner below, no twiddles for m = 1);
// twiddles are broadcast from the table for every butterfly, the
// registers being taken by the eight values. Registers: AX args; R8 R12
// source pointers; R9 R13 destination pointers; R10 R11 the source step
// and three; SI DI the destination step and three; CX inner count; R14
// twiddle pointer; BX DX scratch. The outer index is at out-8 in the
// frame.
TEXT ·radix8AVX2(SB), NOSPLIT, $8-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r8done
	CMPQ A_S(AX), $0
	JLE  r8done
	VMOVUPS maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r8fwd
	VMOVUPS maskInv<>(SB), Y14
r8fwd:
	VBROADCASTSS A_SCALE(AX), Y15
	VBROADCASTSS sqrtHalf32<>(SB), Y13
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
	IMUL3Q $56, BX, R14
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
	ADDQ $56, R14
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

// Radix-7 constants in every float32 lane: cos(2πk/7) and sin(2πk/7) for
// k = 1, 2, 3, rounded to float32 as the Go kernels round them.
DATA r7c1<>+0(SB)/8, $0x3f1f9d073f1f9d07
DATA r7c1<>+8(SB)/8, $0x3f1f9d073f1f9d07
DATA r7c1<>+16(SB)/8, $0x3f1f9d073f1f9d07
DATA r7c1<>+24(SB)/8, $0x3f1f9d073f1f9d07
GLOBL r7c1<>(SB), RODATA|NOPTR, $32

DATA r7c2<>+0(SB)/8, $0xbe63dc87be63dc87
DATA r7c2<>+8(SB)/8, $0xbe63dc87be63dc87
DATA r7c2<>+16(SB)/8, $0xbe63dc87be63dc87
DATA r7c2<>+24(SB)/8, $0xbe63dc87be63dc87
GLOBL r7c2<>(SB), RODATA|NOPTR, $32

DATA r7c3<>+0(SB)/8, $0xbf66a5e5bf66a5e5
DATA r7c3<>+8(SB)/8, $0xbf66a5e5bf66a5e5
DATA r7c3<>+16(SB)/8, $0xbf66a5e5bf66a5e5
DATA r7c3<>+24(SB)/8, $0xbf66a5e5bf66a5e5
GLOBL r7c3<>(SB), RODATA|NOPTR, $32

DATA r7s1<>+0(SB)/8, $0x3f48261c3f48261c
DATA r7s1<>+8(SB)/8, $0x3f48261c3f48261c
DATA r7s1<>+16(SB)/8, $0x3f48261c3f48261c
DATA r7s1<>+24(SB)/8, $0x3f48261c3f48261c
GLOBL r7s1<>(SB), RODATA|NOPTR, $32

DATA r7s2<>+0(SB)/8, $0x3f7994e03f7994e0
DATA r7s2<>+8(SB)/8, $0x3f7994e03f7994e0
DATA r7s2<>+16(SB)/8, $0x3f7994e03f7994e0
DATA r7s2<>+24(SB)/8, $0x3f7994e03f7994e0
GLOBL r7s2<>(SB), RODATA|NOPTR, $32

DATA r7s3<>+0(SB)/8, $0x3ede26023ede2602
DATA r7s3<>+8(SB)/8, $0x3ede26023ede2602
DATA r7s3<>+16(SB)/8, $0x3ede26023ede2602
DATA r7s3<>+24(SB)/8, $0x3ede26023ede2602
GLOBL r7s3<>(SB), RODATA|NOPTR, $32

// R7CORE is the untwiddled radix-7 butterfly of butterfly() in vec.go:
// inputs in Y0–Y6, outputs y0 in Y0, y1 Y1, y2 Y2, y3 Y3, y4 Y10, y5 Y9,
// y6 Y8; Y4–Y7 and Y11–Y13 are clobbered. The constants are memory
// operands, the ±i sign mask is in Y14 (for MULI).
#define R7CORE \
	VADDPS Y6, Y1, Y7 /* b1 = x1+x6 */ \
	VSUBPS Y6, Y1, Y1 /* d1 = x1−x6 */ \
	VADDPS Y5, Y2, Y6 /* b2 = x2+x5 */ \
	VSUBPS Y5, Y2, Y2 /* d2 = x2−x5 */ \
	VADDPS Y4, Y3, Y5 /* b3 = x3+x4 */ \
	VSUBPS Y4, Y3, Y3 /* d3 = x3−x4 */ \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r7c1<>(SB), Y7, Y8 \
	VFMADD231PS r7c2<>(SB), Y6, Y8 \
	VFMADD231PS r7c3<>(SB), Y5, Y8 /* a1 = x0 + c1·b1 + c2·b2 + c3·b3 */ \
	VMOVAPS Y0, Y9 \
	VFMADD231PS r7c2<>(SB), Y7, Y9 \
	VFMADD231PS r7c3<>(SB), Y6, Y9 \
	VFMADD231PS r7c1<>(SB), Y5, Y9 /* a2 = x0 + c2·b1 + c3·b2 + c1·b3 */ \
	VMOVAPS Y0, Y10 \
	VFMADD231PS r7c3<>(SB), Y7, Y10 \
	VFMADD231PS r7c1<>(SB), Y6, Y10 \
	VFMADD231PS r7c2<>(SB), Y5, Y10 /* a3 = x0 + c3·b1 + c1·b2 + c2·b3 */ \
	VADDPS Y7, Y0, Y0 \
	VADDPS Y6, Y0, Y0 \
	VADDPS Y5, Y0, Y0 /* y0 = x0 + b1 + b2 + b3 */ \
	VMULPS r7s1<>(SB), Y1, Y11 \
	VFMADD231PS r7s2<>(SB), Y2, Y11 \
	VFMADD231PS r7s3<>(SB), Y3, Y11 /* s1·d1 + s2·d2 + s3·d3 */ \
	VMULPS r7s2<>(SB), Y1, Y12 \
	VFNMADD231PS r7s3<>(SB), Y2, Y12 \
	VFNMADD231PS r7s1<>(SB), Y3, Y12 /* s2·d1 − s3·d2 − s1·d3 */ \
	VMULPS r7s3<>(SB), Y1, Y13 \
	VFNMADD231PS r7s1<>(SB), Y2, Y13 \
	VFMADD231PS r7s2<>(SB), Y3, Y13 /* s3·d1 − s1·d2 + s2·d3 */ \
	MULI(Y11, Y11) /* r1 */ \
	MULI(Y12, Y12) /* r2 */ \
	MULI(Y13, Y13) /* r3 */ \
	VADDPS Y11, Y8, Y1 /* y1 = a1+r1 */ \
	VSUBPS Y11, Y8, Y8 /* y6 = a1−r1 */ \
	VADDPS Y12, Y9, Y2 /* y2 = a2+r2 */ \
	VSUBPS Y12, Y9, Y9 /* y5 = a2−r2 */ \
	VADDPS Y13, Y10, Y3 /* y3 = a3+r3 */ \
	VSUBPS Y13, Y10, Y10 // y4 = a3−r3

// LOAD7 loads the seven inputs: R8 input 0, R12 input 4, R10 the step,
// R11 three steps.
#define LOAD7 \
	VMOVUPS (R8), Y0 \
	VMOVUPS (R8)(R10*1), Y1 \
	VMOVUPS (R8)(R10*2), Y2 \
	VMOVUPS (R8)(R11*1), Y3 \
	VMOVUPS (R12), Y4 \
	VMOVUPS (R12)(R10*1), Y5 \
	VMOVUPS (R12)(R10*2), Y6

// TW7 multiplies the outputs 1–6 of R7CORE by the twiddles at R14 (six
// pairs), leaving X0 Y0, X1 Y4, X2 Y5, X3 Y6, X4 Y7, X5 Y11, X6 Y1.
#define TW7 \
	VBROADCASTSS 0(R14), Y12 \
	VBROADCASTSS 4(R14), Y13 \
	CMUL(Y1, Y12, Y13, Y4) \
	VBROADCASTSS 8(R14), Y12 \
	VBROADCASTSS 12(R14), Y13 \
	CMUL(Y2, Y12, Y13, Y5) \
	VBROADCASTSS 16(R14), Y12 \
	VBROADCASTSS 20(R14), Y13 \
	CMUL(Y3, Y12, Y13, Y6) \
	VBROADCASTSS 24(R14), Y12 \
	VBROADCASTSS 28(R14), Y13 \
	CMUL(Y10, Y12, Y13, Y7) \
	VBROADCASTSS 32(R14), Y12 \
	VBROADCASTSS 36(R14), Y13 \
	CMUL(Y9, Y12, Y13, Y11) \
	VBROADCASTSS 40(R14), Y12 \
	VBROADCASTSS 44(R14), Y13 \
	CMUL(Y8, Y12, Y13, Y1)

// STORE7 scales (when A_SCALED) and stores the seven outputs in the
// registers given (X0 … X6) to R9, R13 (outputs 0 and 4), SI the step,
// DI three steps.
#define STORE7(label, x0, x1, x2, x3, x4, x5, x6) \
	CMPQ A_SCALED(AX), $0 \
	JEQ  label \
	VMULPS Y15, x0, x0 \
	VMULPS Y15, x1, x1 \
	VMULPS Y15, x2, x2 \
	VMULPS Y15, x3, x3 \
	VMULPS Y15, x4, x4 \
	VMULPS Y15, x5, x5 \
	VMULPS Y15, x6, x6 \
label: \
	VMOVUPS x0, (R9) \
	VMOVUPS x1, (R9)(SI*1) \
	VMOVUPS x2, (R9)(SI*2) \
	VMOVUPS x3, (R9)(DI*1) \
	VMOVUPS x4, (R13) \
	VMOVUPS x5, (R13)(SI*1) \
	VMOVUPS x6, (R13)(SI*2)

// SETPTRS7 sets R8 to BX + so[0] and R12 four steps on, R9 to DX + do[0]
// and R13 four steps on.
#define SETPTRS7 \
	MOVQ A_SO0(AX), R8 \
	ADDQ BX, R8 \
	LEAQ (R8)(R10*4), R12 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9 \
	LEAQ (R9)(SI*4), R13

// func radix7AVX2(a *stageArgs)
// One radix-7 stage. The offsets must be in order with one step,
// so[j] = so[0] + j·(so[1] − so[0]) and do[k] = do[0] + k·(do[1] − do[0]):
// the engine permutes only even radices (centring), so it always sets
// them so. The loop orders of radix8AVX2, twiddles broadcast from the
// table for every butterfly. Registers: AX args; R8 R12 source
// pointers (inputs 0 and 4); R9 R13 destination pointers; R10 R11 the
// source step and three; SI DI the destination step and three; CX
// inner count; R14 twiddle pointer; BX DX scratch. The outer index is
// at out-8 in the frame.
TEXT ·radix7AVX2(SB), NOSPLIT, $8-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r7done
	CMPQ A_S(AX), $0
	JLE  r7done
	VMOVUPS maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  r7fwd
	VMOVUPS maskInv<>(SB), Y14
r7fwd:
	VBROADCASTSS A_SCALE(AX), Y15
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
	IMUL3Q $48, BX, R14
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
	ADDQ $48, R14
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

// Radix-11 constants in every float32 lane: cos(2πk/11) and sin(2πk/11)
// for k = 1 … 5, rounded to float32 as the Go kernels round them.
DATA r11c1<>+0(SB)/8, $0x3f575c643f575c64
DATA r11c1<>+8(SB)/8, $0x3f575c643f575c64
DATA r11c1<>+16(SB)/8, $0x3f575c643f575c64
DATA r11c1<>+24(SB)/8, $0x3f575c643f575c64
GLOBL r11c1<>(SB), RODATA|NOPTR, $32

DATA r11c2<>+0(SB)/8, $0x3ed4b1473ed4b147
DATA r11c2<>+8(SB)/8, $0x3ed4b1473ed4b147
DATA r11c2<>+16(SB)/8, $0x3ed4b1473ed4b147
DATA r11c2<>+24(SB)/8, $0x3ed4b1473ed4b147
GLOBL r11c2<>(SB), RODATA|NOPTR, $32

DATA r11c3<>+0(SB)/8, $0xbe11bafbbe11bafb
DATA r11c3<>+8(SB)/8, $0xbe11bafbbe11bafb
DATA r11c3<>+16(SB)/8, $0xbe11bafbbe11bafb
DATA r11c3<>+24(SB)/8, $0xbe11bafbbe11bafb
GLOBL r11c3<>(SB), RODATA|NOPTR, $32

DATA r11c4<>+0(SB)/8, $0xbf27a4f4bf27a4f4
DATA r11c4<>+8(SB)/8, $0xbf27a4f4bf27a4f4
DATA r11c4<>+16(SB)/8, $0xbf27a4f4bf27a4f4
DATA r11c4<>+24(SB)/8, $0xbf27a4f4bf27a4f4
GLOBL r11c4<>(SB), RODATA|NOPTR, $32

DATA r11c5<>+0(SB)/8, $0xbf75a155bf75a155
DATA r11c5<>+8(SB)/8, $0xbf75a155bf75a155
DATA r11c5<>+16(SB)/8, $0xbf75a155bf75a155
DATA r11c5<>+24(SB)/8, $0xbf75a155bf75a155
GLOBL r11c5<>(SB), RODATA|NOPTR, $32

DATA r11s1<>+0(SB)/8, $0x3f0a67703f0a6770
DATA r11s1<>+8(SB)/8, $0x3f0a67703f0a6770
DATA r11s1<>+16(SB)/8, $0x3f0a67703f0a6770
DATA r11s1<>+24(SB)/8, $0x3f0a67703f0a6770
GLOBL r11s1<>(SB), RODATA|NOPTR, $32

DATA r11s2<>+0(SB)/8, $0x3f68dda43f68dda4
DATA r11s2<>+8(SB)/8, $0x3f68dda43f68dda4
DATA r11s2<>+16(SB)/8, $0x3f68dda43f68dda4
DATA r11s2<>+24(SB)/8, $0x3f68dda43f68dda4
GLOBL r11s2<>(SB), RODATA|NOPTR, $32

DATA r11s3<>+0(SB)/8, $0x3f7d64f03f7d64f0
DATA r11s3<>+8(SB)/8, $0x3f7d64f03f7d64f0
DATA r11s3<>+16(SB)/8, $0x3f7d64f03f7d64f0
DATA r11s3<>+24(SB)/8, $0x3f7d64f03f7d64f0
GLOBL r11s3<>(SB), RODATA|NOPTR, $32

DATA r11s4<>+0(SB)/8, $0x3f4178ce3f4178ce
DATA r11s4<>+8(SB)/8, $0x3f4178ce3f4178ce
DATA r11s4<>+16(SB)/8, $0x3f4178ce3f4178ce
DATA r11s4<>+24(SB)/8, $0x3f4178ce3f4178ce
GLOBL r11s4<>(SB), RODATA|NOPTR, $32

DATA r11s5<>+0(SB)/8, $0x3e903f403e903f40
DATA r11s5<>+8(SB)/8, $0x3e903f403e903f40
DATA r11s5<>+16(SB)/8, $0x3e903f403e903f40
DATA r11s5<>+24(SB)/8, $0x3e903f403e903f40
GLOBL r11s5<>(SB), RODATA|NOPTR, $32

// R11LOAD loads the 11 inputs (R8 input 0, R10 the step, R11 three steps;
// BX and R12 are set to inputs 4 and 8) and leaves x0 in Y0, the sums
// b_j = x_j + x_{11−j} in Y1–Y5, the differences d_j = x_j − x_{11−j} in
// the frame (d1-32(SP) …) and y0 = x0 + Σ b_j in Y7.
#define R11LOAD \
	LEAQ (R8)(R10*4), BX \
	LEAQ (R8)(R10*8), R12 \
	VMOVUPS (R8), Y0 \
	VMOVUPS (R8)(R10*1), Y1 \
	VMOVUPS (R12)(R10*2), Y7 \
	VSUBPS Y7, Y1, Y8 \
	VADDPS Y7, Y1, Y1 \
	VMOVUPS Y8, d1-32(SP) \
	VMOVUPS (R8)(R10*2), Y2 \
	VMOVUPS (R12)(R10*1), Y7 \
	VSUBPS Y7, Y2, Y8 \
	VADDPS Y7, Y2, Y2 \
	VMOVUPS Y8, d2-64(SP) \
	VMOVUPS (R8)(R11*1), Y3 \
	VMOVUPS (R12), Y7 \
	VSUBPS Y7, Y3, Y8 \
	VADDPS Y7, Y3, Y3 \
	VMOVUPS Y8, d3-96(SP) \
	VMOVUPS (BX), Y4 \
	VMOVUPS (BX)(R11*1), Y7 \
	VSUBPS Y7, Y4, Y8 \
	VADDPS Y7, Y4, Y4 \
	VMOVUPS Y8, d4-128(SP) \
	VMOVUPS (BX)(R10*1), Y5 \
	VMOVUPS (BX)(R10*2), Y7 \
	VSUBPS Y7, Y5, Y8 \
	VADDPS Y7, Y5, Y5 \
	VMOVUPS Y8, d5-160(SP) \
	VADDPS Y1, Y0, Y7 \
	VADDPS Y2, Y7, Y7 \
	VADDPS Y3, Y7, Y7 \
	VADDPS Y4, Y7, Y7 \
	VADDPS Y5, Y7, Y7

// R11PAIRk computes outputs k and 11−k of the untwiddled butterfly from
// what R11LOAD leaves: y_k in Y10, y_{11−k} in Y8 (Y9 clobbered). The
// ±i sign mask is in Y15.
#define R11PAIR1 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r11c1<>(SB), Y1, Y8 \
	VFMADD231PS r11c2<>(SB), Y2, Y8 \
	VFMADD231PS r11c3<>(SB), Y3, Y8 \
	VFMADD231PS r11c4<>(SB), Y4, Y8 \
	VFMADD231PS r11c5<>(SB), Y5, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r11s1<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFMADD231PS r11s2<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFMADD231PS r11s3<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFMADD231PS r11s4<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFMADD231PS r11s5<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R11PAIR2 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r11c2<>(SB), Y1, Y8 \
	VFMADD231PS r11c4<>(SB), Y2, Y8 \
	VFMADD231PS r11c5<>(SB), Y3, Y8 \
	VFMADD231PS r11c3<>(SB), Y4, Y8 \
	VFMADD231PS r11c1<>(SB), Y5, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r11s2<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFMADD231PS r11s4<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFNMADD231PS r11s5<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFNMADD231PS r11s3<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFNMADD231PS r11s1<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R11PAIR3 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r11c3<>(SB), Y1, Y8 \
	VFMADD231PS r11c5<>(SB), Y2, Y8 \
	VFMADD231PS r11c2<>(SB), Y3, Y8 \
	VFMADD231PS r11c1<>(SB), Y4, Y8 \
	VFMADD231PS r11c4<>(SB), Y5, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r11s3<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFNMADD231PS r11s5<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFNMADD231PS r11s2<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFMADD231PS r11s1<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFMADD231PS r11s4<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R11PAIR4 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r11c4<>(SB), Y1, Y8 \
	VFMADD231PS r11c3<>(SB), Y2, Y8 \
	VFMADD231PS r11c1<>(SB), Y3, Y8 \
	VFMADD231PS r11c5<>(SB), Y4, Y8 \
	VFMADD231PS r11c2<>(SB), Y5, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r11s4<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFNMADD231PS r11s3<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFMADD231PS r11s1<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFMADD231PS r11s5<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFNMADD231PS r11s2<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R11PAIR5 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r11c5<>(SB), Y1, Y8 \
	VFMADD231PS r11c1<>(SB), Y2, Y8 \
	VFMADD231PS r11c4<>(SB), Y3, Y8 \
	VFMADD231PS r11c2<>(SB), Y4, Y8 \
	VFMADD231PS r11c3<>(SB), Y5, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r11s5<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFNMADD231PS r11s1<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFMADD231PS r11s4<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFNMADD231PS r11s2<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFMADD231PS r11s3<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

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
	VMULPS scl-192(SP), Y7, Y7 \
l0: \
	VMOVUPS Y7, (R9) \
	R11PAIR1 \
	VBROADCASTSS 0(R14), Y11 \
	VBROADCASTSS 4(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 72(R14), Y11 \
	VBROADCASTSS 76(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l1 \
	VMULPS scl-192(SP), Y13, Y13 \
	VMULPS scl-192(SP), Y9, Y9 \
l1: \
	VMOVUPS Y13, (R9)(SI*1) \
	VMOVUPS Y9, (R13)(SI*2) \
	R11PAIR2 \
	VBROADCASTSS 8(R14), Y11 \
	VBROADCASTSS 12(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 64(R14), Y11 \
	VBROADCASTSS 68(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l2 \
	VMULPS scl-192(SP), Y13, Y13 \
	VMULPS scl-192(SP), Y9, Y9 \
l2: \
	VMOVUPS Y13, (R9)(SI*2) \
	VMOVUPS Y9, (R13)(SI*1) \
	R11PAIR3 \
	VBROADCASTSS 16(R14), Y11 \
	VBROADCASTSS 20(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 56(R14), Y11 \
	VBROADCASTSS 60(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l3 \
	VMULPS scl-192(SP), Y13, Y13 \
	VMULPS scl-192(SP), Y9, Y9 \
l3: \
	VMOVUPS Y13, (R9)(DI*1) \
	VMOVUPS Y9, (R13) \
	R11PAIR4 \
	VBROADCASTSS 24(R14), Y11 \
	VBROADCASTSS 28(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 48(R14), Y11 \
	VBROADCASTSS 52(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l4 \
	VMULPS scl-192(SP), Y13, Y13 \
	VMULPS scl-192(SP), Y9, Y9 \
l4: \
	VMOVUPS Y13, (DX) \
	VMOVUPS Y9, (DX)(DI*1) \
	R11PAIR5 \
	VBROADCASTSS 32(R14), Y11 \
	VBROADCASTSS 36(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 40(R14), Y11 \
	VBROADCASTSS 44(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-200(SP), $0 \
	JEQ  l5 \
	VMULPS scl-192(SP), Y13, Y13 \
	VMULPS scl-192(SP), Y9, Y9 \
l5: \
	VMOVUPS Y13, (DX)(SI*1) \
	VMOVUPS Y9, (DX)(SI*2)

// R11BFLYNOTW is R11BFLY with all twiddles 1.
#define R11BFLYNOTW(l0, l1, l2, l3, l4, l5) \
	R11LOAD \
	LEAQ (R9)(SI*4), DX \
	LEAQ (R9)(SI*8), R13 \
	CMPQ scd-200(SP), $0 \
	JEQ  l0 \
	VMULPS scl-192(SP), Y7, Y7 \
l0: \
	VMOVUPS Y7, (R9) \
	R11PAIR1 \
	CMPQ scd-200(SP), $0 \
	JEQ  l1 \
	VMULPS scl-192(SP), Y10, Y10 \
	VMULPS scl-192(SP), Y8, Y8 \
l1: \
	VMOVUPS Y10, (R9)(SI*1) \
	VMOVUPS Y8, (R13)(SI*2) \
	R11PAIR2 \
	CMPQ scd-200(SP), $0 \
	JEQ  l2 \
	VMULPS scl-192(SP), Y10, Y10 \
	VMULPS scl-192(SP), Y8, Y8 \
l2: \
	VMOVUPS Y10, (R9)(SI*2) \
	VMOVUPS Y8, (R13)(SI*1) \
	R11PAIR3 \
	CMPQ scd-200(SP), $0 \
	JEQ  l3 \
	VMULPS scl-192(SP), Y10, Y10 \
	VMULPS scl-192(SP), Y8, Y8 \
l3: \
	VMOVUPS Y10, (R9)(DI*1) \
	VMOVUPS Y8, (R13) \
	R11PAIR4 \
	CMPQ scd-200(SP), $0 \
	JEQ  l4 \
	VMULPS scl-192(SP), Y10, Y10 \
	VMULPS scl-192(SP), Y8, Y8 \
l4: \
	VMOVUPS Y10, (DX) \
	VMOVUPS Y8, (DX)(DI*1) \
	R11PAIR5 \
	CMPQ scd-200(SP), $0 \
	JEQ  l5 \
	VMULPS scl-192(SP), Y10, Y10 \
	VMULPS scl-192(SP), Y8, Y8 \
l5: \
	VMOVUPS Y10, (DX)(SI*1) \
	VMOVUPS Y8, (DX)(SI*2)

// SETPTRS11 sets R8 to BX + so[0] and R9 to DX + do[0].
#define SETPTRS11 \
	MOVQ A_SO0(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9

// func radix11AVX2(a *stageArgs)
// One radix-11 stage, offsets in order with one step as radix7AVX2
// takes them, in its loop orders. Sixteen Y registers do not hold the
// 11 inputs and the work: the differences d_j go through the frame, and
// each output pair k, 11−k is computed, twiddled and stored in turn.
// Registers: AX args; R8 R9 the butterfly's input 0 and output 0; R10 R11
// the source step and three; SI DI the destination step and three; BX
// R12 DX R13 inputs and outputs 4 and 8; CX inner count; R14 twiddle
// pointer. Frame: d1 … d5, the scale, its flag, the outer index.
TEXT ·radix11AVX2(SB), NOSPLIT, $208-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r11done
	CMPQ A_S(AX), $0
	JLE  r11done
	VMOVUPS maskFwd<>(SB), Y15
	CMPQ A_INV(AX), $0
	JEQ  r11fwd
	VMOVUPS maskInv<>(SB), Y15
r11fwd:
	VBROADCASTSS A_SCALE(AX), Y0
	VMOVUPS Y0, scl-192(SP)
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
	IMUL3Q $80, BX, R14
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
	ADDQ $80, R14
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

// Radix-13 constants in every float32 lane: cos(2πk/13) and sin(2πk/13)
// for k = 1 … 6, rounded to float32 as the Go kernels round them.
DATA r13c1<>+0(SB)/8, $0x3f62ad3f3f62ad3f
DATA r13c1<>+8(SB)/8, $0x3f62ad3f3f62ad3f
DATA r13c1<>+16(SB)/8, $0x3f62ad3f3f62ad3f
DATA r13c1<>+24(SB)/8, $0x3f62ad3f3f62ad3f
GLOBL r13c1<>(SB), RODATA|NOPTR, $32

DATA r13c2<>+0(SB)/8, $0x3f116cb13f116cb1
DATA r13c2<>+8(SB)/8, $0x3f116cb13f116cb1
DATA r13c2<>+16(SB)/8, $0x3f116cb13f116cb1
DATA r13c2<>+24(SB)/8, $0x3f116cb13f116cb1
GLOBL r13c2<>(SB), RODATA|NOPTR, $32

DATA r13c3<>+0(SB)/8, $0x3df6dbef3df6dbef
DATA r13c3<>+8(SB)/8, $0x3df6dbef3df6dbef
DATA r13c3<>+16(SB)/8, $0x3df6dbef3df6dbef
DATA r13c3<>+24(SB)/8, $0x3df6dbef3df6dbef
GLOBL r13c3<>(SB), RODATA|NOPTR, $32

DATA r13c4<>+0(SB)/8, $0xbeb58ec6beb58ec6
DATA r13c4<>+8(SB)/8, $0xbeb58ec6beb58ec6
DATA r13c4<>+16(SB)/8, $0xbeb58ec6beb58ec6
DATA r13c4<>+24(SB)/8, $0xbeb58ec6beb58ec6
GLOBL r13c4<>(SB), RODATA|NOPTR, $32

DATA r13c5<>+0(SB)/8, $0xbf3f9e67bf3f9e67
DATA r13c5<>+8(SB)/8, $0xbf3f9e67bf3f9e67
DATA r13c5<>+16(SB)/8, $0xbf3f9e67bf3f9e67
DATA r13c5<>+24(SB)/8, $0xbf3f9e67bf3f9e67
GLOBL r13c5<>(SB), RODATA|NOPTR, $32

DATA r13c6<>+0(SB)/8, $0xbf788fa5bf788fa5
DATA r13c6<>+8(SB)/8, $0xbf788fa5bf788fa5
DATA r13c6<>+16(SB)/8, $0xbf788fa5bf788fa5
DATA r13c6<>+24(SB)/8, $0xbf788fa5bf788fa5
GLOBL r13c6<>(SB), RODATA|NOPTR, $32

DATA r13s1<>+0(SB)/8, $0x3eedf0323eedf032
DATA r13s1<>+8(SB)/8, $0x3eedf0323eedf032
DATA r13s1<>+16(SB)/8, $0x3eedf0323eedf032
DATA r13s1<>+24(SB)/8, $0x3eedf0323eedf032
GLOBL r13s1<>(SB), RODATA|NOPTR, $32

DATA r13s2<>+0(SB)/8, $0x3f52af123f52af12
DATA r13s2<>+8(SB)/8, $0x3f52af123f52af12
DATA r13s2<>+16(SB)/8, $0x3f52af123f52af12
DATA r13s2<>+24(SB)/8, $0x3f52af123f52af12
GLOBL r13s2<>(SB), RODATA|NOPTR, $32

DATA r13s3<>+0(SB)/8, $0x3f7e222b3f7e222b
DATA r13s3<>+8(SB)/8, $0x3f7e222b3f7e222b
DATA r13s3<>+16(SB)/8, $0x3f7e222b3f7e222b
DATA r13s3<>+24(SB)/8, $0x3f7e222b3f7e222b
GLOBL r13s3<>(SB), RODATA|NOPTR, $32

DATA r13s4<>+0(SB)/8, $0x3f6f5d393f6f5d39
DATA r13s4<>+8(SB)/8, $0x3f6f5d393f6f5d39
DATA r13s4<>+16(SB)/8, $0x3f6f5d393f6f5d39
DATA r13s4<>+24(SB)/8, $0x3f6f5d393f6f5d39
GLOBL r13s4<>(SB), RODATA|NOPTR, $32

DATA r13s5<>+0(SB)/8, $0x3f29c2683f29c268
DATA r13s5<>+8(SB)/8, $0x3f29c2683f29c268
DATA r13s5<>+16(SB)/8, $0x3f29c2683f29c268
DATA r13s5<>+24(SB)/8, $0x3f29c2683f29c268
GLOBL r13s5<>(SB), RODATA|NOPTR, $32

DATA r13s6<>+0(SB)/8, $0x3e750f2a3e750f2a
DATA r13s6<>+8(SB)/8, $0x3e750f2a3e750f2a
DATA r13s6<>+16(SB)/8, $0x3e750f2a3e750f2a
DATA r13s6<>+24(SB)/8, $0x3e750f2a3e750f2a
GLOBL r13s6<>(SB), RODATA|NOPTR, $32

// R13LOAD loads the 13 inputs (R8 input 0, R10 the step, R11 three steps;
// BX and R12 are set to inputs 4 and 8) and leaves x0 in Y0, the sums
// b_j = x_j + x_{13−j} in Y1–Y6, the differences d_j = x_j − x_{13−j} in
// the frame (d1-32(SP) …) and y0 = x0 + Σ b_j in Y7.
#define R13LOAD \
	LEAQ (R8)(R10*4), BX \
	LEAQ (R8)(R10*8), R12 \
	VMOVUPS (R8), Y0 \
	VMOVUPS (R8)(R10*1), Y1 \
	VMOVUPS (R12)(R10*4), Y7 \
	VSUBPS Y7, Y1, Y8 \
	VADDPS Y7, Y1, Y1 \
	VMOVUPS Y8, d1-32(SP) \
	VMOVUPS (R8)(R10*2), Y2 \
	VMOVUPS (R12)(R11*1), Y7 \
	VSUBPS Y7, Y2, Y8 \
	VADDPS Y7, Y2, Y2 \
	VMOVUPS Y8, d2-64(SP) \
	VMOVUPS (R8)(R11*1), Y3 \
	VMOVUPS (R12)(R10*2), Y7 \
	VSUBPS Y7, Y3, Y8 \
	VADDPS Y7, Y3, Y3 \
	VMOVUPS Y8, d3-96(SP) \
	VMOVUPS (BX), Y4 \
	VMOVUPS (R12)(R10*1), Y7 \
	VSUBPS Y7, Y4, Y8 \
	VADDPS Y7, Y4, Y4 \
	VMOVUPS Y8, d4-128(SP) \
	VMOVUPS (BX)(R10*1), Y5 \
	VMOVUPS (R12), Y7 \
	VSUBPS Y7, Y5, Y8 \
	VADDPS Y7, Y5, Y5 \
	VMOVUPS Y8, d5-160(SP) \
	VMOVUPS (BX)(R10*2), Y6 \
	VMOVUPS (BX)(R11*1), Y7 \
	VSUBPS Y7, Y6, Y8 \
	VADDPS Y7, Y6, Y6 \
	VMOVUPS Y8, d6-192(SP) \
	VADDPS Y1, Y0, Y7 \
	VADDPS Y2, Y7, Y7 \
	VADDPS Y3, Y7, Y7 \
	VADDPS Y4, Y7, Y7 \
	VADDPS Y5, Y7, Y7 \
	VADDPS Y6, Y7, Y7

// R13PAIRk computes outputs k and 13−k of the untwiddled butterfly from
// what R13LOAD leaves: y_k in Y10, y_{13−k} in Y8 (Y9 clobbered). The
// ±i sign mask is in Y15.
#define R13PAIR1 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r13c1<>(SB), Y1, Y8 \
	VFMADD231PS r13c2<>(SB), Y2, Y8 \
	VFMADD231PS r13c3<>(SB), Y3, Y8 \
	VFMADD231PS r13c4<>(SB), Y4, Y8 \
	VFMADD231PS r13c5<>(SB), Y5, Y8 \
	VFMADD231PS r13c6<>(SB), Y6, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r13s1<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFMADD231PS r13s2<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFMADD231PS r13s3<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFMADD231PS r13s4<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFMADD231PS r13s5<>(SB), Y10, Y9 \
	VMOVUPS d6-192(SP), Y10 \
	VFMADD231PS r13s6<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R13PAIR2 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r13c2<>(SB), Y1, Y8 \
	VFMADD231PS r13c4<>(SB), Y2, Y8 \
	VFMADD231PS r13c6<>(SB), Y3, Y8 \
	VFMADD231PS r13c5<>(SB), Y4, Y8 \
	VFMADD231PS r13c3<>(SB), Y5, Y8 \
	VFMADD231PS r13c1<>(SB), Y6, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r13s2<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFMADD231PS r13s4<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFMADD231PS r13s6<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFNMADD231PS r13s5<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFNMADD231PS r13s3<>(SB), Y10, Y9 \
	VMOVUPS d6-192(SP), Y10 \
	VFNMADD231PS r13s1<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R13PAIR3 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r13c3<>(SB), Y1, Y8 \
	VFMADD231PS r13c6<>(SB), Y2, Y8 \
	VFMADD231PS r13c4<>(SB), Y3, Y8 \
	VFMADD231PS r13c1<>(SB), Y4, Y8 \
	VFMADD231PS r13c2<>(SB), Y5, Y8 \
	VFMADD231PS r13c5<>(SB), Y6, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r13s3<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFMADD231PS r13s6<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFNMADD231PS r13s4<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFNMADD231PS r13s1<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFMADD231PS r13s2<>(SB), Y10, Y9 \
	VMOVUPS d6-192(SP), Y10 \
	VFMADD231PS r13s5<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R13PAIR4 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r13c4<>(SB), Y1, Y8 \
	VFMADD231PS r13c5<>(SB), Y2, Y8 \
	VFMADD231PS r13c1<>(SB), Y3, Y8 \
	VFMADD231PS r13c3<>(SB), Y4, Y8 \
	VFMADD231PS r13c6<>(SB), Y5, Y8 \
	VFMADD231PS r13c2<>(SB), Y6, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r13s4<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFNMADD231PS r13s5<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFNMADD231PS r13s1<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFMADD231PS r13s3<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFNMADD231PS r13s6<>(SB), Y10, Y9 \
	VMOVUPS d6-192(SP), Y10 \
	VFNMADD231PS r13s2<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R13PAIR5 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r13c5<>(SB), Y1, Y8 \
	VFMADD231PS r13c3<>(SB), Y2, Y8 \
	VFMADD231PS r13c2<>(SB), Y3, Y8 \
	VFMADD231PS r13c6<>(SB), Y4, Y8 \
	VFMADD231PS r13c1<>(SB), Y5, Y8 \
	VFMADD231PS r13c4<>(SB), Y6, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r13s5<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFNMADD231PS r13s3<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFMADD231PS r13s2<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFNMADD231PS r13s6<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFNMADD231PS r13s1<>(SB), Y10, Y9 \
	VMOVUPS d6-192(SP), Y10 \
	VFMADD231PS r13s4<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

#define R13PAIR6 \
	VMOVAPS Y0, Y8 \
	VFMADD231PS r13c6<>(SB), Y1, Y8 \
	VFMADD231PS r13c1<>(SB), Y2, Y8 \
	VFMADD231PS r13c5<>(SB), Y3, Y8 \
	VFMADD231PS r13c2<>(SB), Y4, Y8 \
	VFMADD231PS r13c4<>(SB), Y5, Y8 \
	VFMADD231PS r13c3<>(SB), Y6, Y8 \
	VMOVUPS d1-32(SP), Y10 \
	VMULPS r13s6<>(SB), Y10, Y9 \
	VMOVUPS d2-64(SP), Y10 \
	VFNMADD231PS r13s1<>(SB), Y10, Y9 \
	VMOVUPS d3-96(SP), Y10 \
	VFMADD231PS r13s5<>(SB), Y10, Y9 \
	VMOVUPS d4-128(SP), Y10 \
	VFNMADD231PS r13s2<>(SB), Y10, Y9 \
	VMOVUPS d5-160(SP), Y10 \
	VFMADD231PS r13s4<>(SB), Y10, Y9 \
	VMOVUPS d6-192(SP), Y10 \
	VFNMADD231PS r13s3<>(SB), Y10, Y9 \
	VPERMILPS $0xB1, Y9, Y9 \
	VXORPS Y15, Y9, Y9 \
	VADDPS Y9, Y8, Y10 \
	VSUBPS Y9, Y8, Y8

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
	VMULPS scl-224(SP), Y7, Y7 \
l0: \
	VMOVUPS Y7, (R9) \
	R13PAIR1 \
	VBROADCASTSS 0(R14), Y11 \
	VBROADCASTSS 4(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 88(R14), Y11 \
	VBROADCASTSS 92(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l1 \
	VMULPS scl-224(SP), Y13, Y13 \
	VMULPS scl-224(SP), Y9, Y9 \
l1: \
	VMOVUPS Y13, (R9)(SI*1) \
	VMOVUPS Y9, (R13)(SI*4) \
	R13PAIR2 \
	VBROADCASTSS 8(R14), Y11 \
	VBROADCASTSS 12(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 80(R14), Y11 \
	VBROADCASTSS 84(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l2 \
	VMULPS scl-224(SP), Y13, Y13 \
	VMULPS scl-224(SP), Y9, Y9 \
l2: \
	VMOVUPS Y13, (R9)(SI*2) \
	VMOVUPS Y9, (R13)(DI*1) \
	R13PAIR3 \
	VBROADCASTSS 16(R14), Y11 \
	VBROADCASTSS 20(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 72(R14), Y11 \
	VBROADCASTSS 76(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l3 \
	VMULPS scl-224(SP), Y13, Y13 \
	VMULPS scl-224(SP), Y9, Y9 \
l3: \
	VMOVUPS Y13, (R9)(DI*1) \
	VMOVUPS Y9, (R13)(SI*2) \
	R13PAIR4 \
	VBROADCASTSS 24(R14), Y11 \
	VBROADCASTSS 28(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 64(R14), Y11 \
	VBROADCASTSS 68(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l4 \
	VMULPS scl-224(SP), Y13, Y13 \
	VMULPS scl-224(SP), Y9, Y9 \
l4: \
	VMOVUPS Y13, (DX) \
	VMOVUPS Y9, (R13)(SI*1) \
	R13PAIR5 \
	VBROADCASTSS 32(R14), Y11 \
	VBROADCASTSS 36(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 56(R14), Y11 \
	VBROADCASTSS 60(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l5 \
	VMULPS scl-224(SP), Y13, Y13 \
	VMULPS scl-224(SP), Y9, Y9 \
l5: \
	VMOVUPS Y13, (DX)(SI*1) \
	VMOVUPS Y9, (R13) \
	R13PAIR6 \
	VBROADCASTSS 40(R14), Y11 \
	VBROADCASTSS 44(R14), Y12 \
	CMUL(Y10, Y11, Y12, Y13) \
	VBROADCASTSS 48(R14), Y11 \
	VBROADCASTSS 52(R14), Y12 \
	CMUL(Y8, Y11, Y12, Y9) \
	CMPQ scd-232(SP), $0 \
	JEQ  l6 \
	VMULPS scl-224(SP), Y13, Y13 \
	VMULPS scl-224(SP), Y9, Y9 \
l6: \
	VMOVUPS Y13, (DX)(SI*2) \
	VMOVUPS Y9, (DX)(DI*1)

// R13BFLYNOTW is R13BFLY with all twiddles 1.
#define R13BFLYNOTW(l0, l1, l2, l3, l4, l5, l6) \
	R13LOAD \
	LEAQ (R9)(SI*4), DX \
	LEAQ (R9)(SI*8), R13 \
	CMPQ scd-232(SP), $0 \
	JEQ  l0 \
	VMULPS scl-224(SP), Y7, Y7 \
l0: \
	VMOVUPS Y7, (R9) \
	R13PAIR1 \
	CMPQ scd-232(SP), $0 \
	JEQ  l1 \
	VMULPS scl-224(SP), Y10, Y10 \
	VMULPS scl-224(SP), Y8, Y8 \
l1: \
	VMOVUPS Y10, (R9)(SI*1) \
	VMOVUPS Y8, (R13)(SI*4) \
	R13PAIR2 \
	CMPQ scd-232(SP), $0 \
	JEQ  l2 \
	VMULPS scl-224(SP), Y10, Y10 \
	VMULPS scl-224(SP), Y8, Y8 \
l2: \
	VMOVUPS Y10, (R9)(SI*2) \
	VMOVUPS Y8, (R13)(DI*1) \
	R13PAIR3 \
	CMPQ scd-232(SP), $0 \
	JEQ  l3 \
	VMULPS scl-224(SP), Y10, Y10 \
	VMULPS scl-224(SP), Y8, Y8 \
l3: \
	VMOVUPS Y10, (R9)(DI*1) \
	VMOVUPS Y8, (R13)(SI*2) \
	R13PAIR4 \
	CMPQ scd-232(SP), $0 \
	JEQ  l4 \
	VMULPS scl-224(SP), Y10, Y10 \
	VMULPS scl-224(SP), Y8, Y8 \
l4: \
	VMOVUPS Y10, (DX) \
	VMOVUPS Y8, (R13)(SI*1) \
	R13PAIR5 \
	CMPQ scd-232(SP), $0 \
	JEQ  l5 \
	VMULPS scl-224(SP), Y10, Y10 \
	VMULPS scl-224(SP), Y8, Y8 \
l5: \
	VMOVUPS Y10, (DX)(SI*1) \
	VMOVUPS Y8, (R13) \
	R13PAIR6 \
	CMPQ scd-232(SP), $0 \
	JEQ  l6 \
	VMULPS scl-224(SP), Y10, Y10 \
	VMULPS scl-224(SP), Y8, Y8 \
l6: \
	VMOVUPS Y10, (DX)(SI*2) \
	VMOVUPS Y8, (DX)(DI*1)

// SETPTRS13 sets R8 to BX + so[0] and R9 to DX + do[0].
#define SETPTRS13 \
	MOVQ A_SO0(AX), R8 \
	ADDQ BX, R8 \
	MOVQ A_DO0(AX), R9 \
	ADDQ DX, R9

// func radix13AVX2(a *stageArgs)
// One radix-13 stage, offsets in order with one step as radix7AVX2
// takes them, in its loop orders. Sixteen Y registers do not hold the
// 13 inputs and the work: the differences d_j go through the frame, and
// each output pair k, 13−k is computed, twiddled and stored in turn.
// Registers: AX args; R8 R9 the butterfly's input 0 and output 0; R10 R11
// the source step and three; SI DI the destination step and three; BX
// R12 DX R13 inputs and outputs 4 and 8; CX inner count; R14 twiddle
// pointer. Frame: d1 … d6, the scale, its flag, the outer index.
TEXT ·radix13AVX2(SB), NOSPLIT, $240-8
	MOVQ a+0(FP), AX
	CMPQ A_M(AX), $0
	JLE  r13done
	CMPQ A_S(AX), $0
	JLE  r13done
	VMOVUPS maskFwd<>(SB), Y15
	CMPQ A_INV(AX), $0
	JEQ  r13fwd
	VMOVUPS maskInv<>(SB), Y15
r13fwd:
	VBROADCASTSS A_SCALE(AX), Y0
	VMOVUPS Y0, scl-224(SP)
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
	IMUL3Q $96, BX, R14
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
	ADDQ $96, R14
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
// hold the four butterflies' factors for one output, whose real and
// imaginary parts VMOVSLDUP and VMOVSHDUP spread over each value.
#define TW8L \
	VMOVSLDUP 0(R14), Y9 \
	VMOVSHDUP 0(R14), Y10 \
	CMUL(Y7, Y9, Y10, Y5) \
	VMOVSLDUP 32(R14), Y9 \
	VMOVSHDUP 32(R14), Y10 \
	CMUL(Y1, Y9, Y10, Y7) \
	VMOVSLDUP 64(R14), Y9 \
	VMOVSHDUP 64(R14), Y10 \
	CMUL(Y6, Y9, Y10, Y1) \
	VMOVSLDUP 96(R14), Y9 \
	VMOVSHDUP 96(R14), Y10 \
	CMUL(Y3, Y9, Y10, Y6) \
	VMOVSLDUP 128(R14), Y9 \
	VMOVSHDUP 128(R14), Y10 \
	CMUL(Y0, Y9, Y10, Y3) \
	VMOVSLDUP 160(R14), Y9 \
	VMOVSHDUP 160(R14), Y10 \
	CMUL(Y8, Y9, Y10, Y0) \
	VMOVSLDUP 192(R14), Y9 \
	VMOVSHDUP 192(R14), Y10 \
	CMUL(Y4, Y9, Y10, Y8)

// TRANS4x4 transposes the 4×4 complex64 block of rows a b c d (a value a
// 64-bit lane; t0 t1 scratch) and stores its columns at off, off+64,
// off+128 and off+192 from R9.
#define TRANS4x4(a, b, c, d, t0, t1, off) \
	VUNPCKLPD b, a, t0 \
	VUNPCKHPD b, a, b \
	VUNPCKLPD d, c, t1 \
	VUNPCKHPD d, c, d \
	VPERM2F128 $0x20, t1, t0, a \
	VPERM2F128 $0x31, t1, t0, c \
	VPERM2F128 $0x20, d, b, t0 \
	VPERM2F128 $0x31, d, b, t1 \
	VMOVUPS a, off(R9) \
	VMOVUPS t0, off+64(R9) \
	VMOVUPS c, off+128(R9) \
	VMOVUPS t1, off+192(R9)

// func lineStage8AVX2(a *stageArgs)
// kernelSet.lineStage of radix 8: butterflies p … p+3 of one line at a
// time, their inputs loaded as BFLY8CORE does (so as radix8AVX2
// requires), twiddled lane by lane (TW8L) and stored as values
// 8p … 8p+31 of dst: the 4×8 block transposed in registers. Registers:
// AX args; R8 R12 R10 R11 as BFLY8CORE; R9 the destination; R14 the
// twiddles; CX the count of groups of four.
TEXT ·lineStage8AVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ A_M(AX), CX
	SHRQ $2, CX
	JZ   ls8done
	VMOVUPS maskFwd<>(SB), Y14
	CMPQ A_INV(AX), $0
	JEQ  ls8fwd
	VMOVUPS maskInv<>(SB), Y14
ls8fwd:
	VBROADCASTSS sqrtHalf32<>(SB), Y13
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
	// X0 … X7 in Y2 Y5 Y7 Y1 Y6 Y3 Y0 Y8.
	TRANS4x4(Y2, Y5, Y7, Y1, Y9, Y10, 0)
	TRANS4x4(Y6, Y3, Y0, Y8, Y9, Y10, 32)
	ADDQ $32, R8
	ADDQ $32, R12
	ADDQ $256, R9
	ADDQ $224, R14
	DECQ CX
	JNZ  ls8loop

ls8done:
	VZEROUPPER
	RET

// func mixLineAVX2(dst, a, b, t unsafe.Pointer, vectors, sum int)
// mixLine on vectors 32-byte vectors: dst[i] = a[i] + b[i], or, with t not
// nil, (a[i] − b[i])·t ((a[i] + b[i])·t when sum is not 0), t the complex64
// at t, multiplied as mixInAVX2 multiplies.
TEXT ·mixLineAVX2(SB), NOSPLIT, $0-48
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
	VMOVUPS (SI), Y0
	VADDPS (DX), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mladd
	JMP  mldone

mlmul:
	VBROADCASTSS (R8), Y12
	VBROADCASTSS 4(R8), Y13
	TESTQ R10, R10
	JNZ  mlsum

mlsub:
	VMOVUPS (SI), Y0
	VSUBPS (DX), Y0, Y0
	CMUL(Y0, Y12, Y13, Y1)
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mlsub
	JMP  mldone

mlsum:
	VMOVUPS (SI), Y0
	VADDPS (DX), Y0, Y0
	CMUL(Y0, Y12, Y13, Y1)
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ  mlsum

mldone:
	VZEROUPPER
	RET
