//go:build amd64 && !purego

#include "textflag.h"

// The AVX-512 line stage for complex128 (kernelSet.lineWide): written by
// hand, not generated, as its transposed store has no AVX2 counterpart
// that gen_wide.go could widen. Go assembly macros are local to a file,
// so the radix-8 butterfly below repeats, in Z registers, the BFLY8CORE
// of vec128_amd64.s as gen_wide.go writes it into vec512pd_amd64.s.

DATA lsMaskFwd<>+0(SB)/8, $0
DATA lsMaskFwd<>+8(SB)/8, $0x8000000000000000
DATA lsMaskFwd<>+16(SB)/8, $0
DATA lsMaskFwd<>+24(SB)/8, $0x8000000000000000
DATA lsMaskFwd<>+32(SB)/8, $0
DATA lsMaskFwd<>+40(SB)/8, $0x8000000000000000
DATA lsMaskFwd<>+48(SB)/8, $0
DATA lsMaskFwd<>+56(SB)/8, $0x8000000000000000
GLOBL lsMaskFwd<>(SB), RODATA|NOPTR, $64

DATA lsMaskInv<>+0(SB)/8, $0x8000000000000000
DATA lsMaskInv<>+8(SB)/8, $0
DATA lsMaskInv<>+16(SB)/8, $0x8000000000000000
DATA lsMaskInv<>+24(SB)/8, $0
DATA lsMaskInv<>+32(SB)/8, $0x8000000000000000
DATA lsMaskInv<>+40(SB)/8, $0
DATA lsMaskInv<>+48(SB)/8, $0x8000000000000000
DATA lsMaskInv<>+56(SB)/8, $0
GLOBL lsMaskInv<>(SB), RODATA|NOPTR, $64

DATA lsSqrtHalf<>+0(SB)/8, $0x3fe6a09e667f3bcd
GLOBL lsSqrtHalf<>(SB), RODATA|NOPTR, $8

// stageArgs field offsets (see vec.go, checked by TestAsmLayout).
#define A_DST 0
#define A_SRC 8
#define A_TW 16
#define A_M 24
#define A_SO0 72
#define A_SO1 80
#define A_SO4 104
#define A_INV 280

#define CMUL(v, wr, wi, t) \
	VPERMILPD $0x55, v, t \
	VMULPD wi, t, t \
	VFMADDSUB231PD wr, v, t

#define MULI(v, t) \
	VPERMILPD $0x55, v, t \
	VXORPD Z14, t, t

#define BFLY8CORE \
	VMOVUPD (R8), Z0 \
	VMOVUPD (R8)(R10*1), Z1 \
	VMOVUPD (R8)(R10*2), Z2 \
	VMOVUPD (R8)(R11*1), Z3 \
	VMOVUPD (R12), Z4 \
	VMOVUPD (R12)(R10*1), Z5 \
	VMOVUPD (R12)(R10*2), Z6 \
	VMOVUPD (R12)(R11*1), Z7 \
	VADDPD Z4, Z0, Z8 \
	VSUBPD Z4, Z0, Z4 \
	VADDPD Z5, Z1, Z0 \
	VSUBPD Z5, Z1, Z5 \
	VADDPD Z6, Z2, Z1 \
	VSUBPD Z6, Z2, Z6 \
	VADDPD Z7, Z3, Z2 \
	VSUBPD Z7, Z3, Z7 \
	MULI(Z5, Z3) \
	VADDPD Z3, Z5, Z5 \
	VMULPD Z13, Z5, Z5 \
	MULI(Z6, Z6) \
	MULI(Z7, Z3) \
	VSUBPD Z7, Z3, Z7 \
	VMULPD Z13, Z7, Z7 \
	VADDPD Z1, Z8, Z3 \
	VSUBPD Z1, Z8, Z8 \
	VADDPD Z2, Z0, Z1 \
	VSUBPD Z2, Z0, Z0 \
	MULI(Z0, Z0) \
	VADDPD Z1, Z3, Z2 \
	VSUBPD Z1, Z3, Z3 \
	VADDPD Z0, Z8, Z1 \
	VSUBPD Z0, Z8, Z8 \
	VADDPD Z6, Z4, Z0 \
	VSUBPD Z6, Z4, Z4 \
	VADDPD Z7, Z5, Z6 \
	VSUBPD Z7, Z5, Z5 \
	MULI(Z5, Z5) \
	VADDPD Z6, Z0, Z7 \
	VSUBPD Z6, Z0, Z0 \
	VADDPD Z5, Z4, Z6 \
	VSUBPD Z5, Z4, Z4

// TW8L multiplies outputs 1–7 by the factors of the four butterflies, one
// 64-byte element per output at R14 (the last read ends 8 bytes past its
// element), leaving X0 Z2, X1 Z5, X2 Z7, X3 Z1, X4 Z6, X5 Z3, X6 Z0, X7 Z8.
#define TW8L \
	VMOVDDUP 0(R14), Z9 \
	VMOVDDUP 8(R14), Z10 \
	CMUL(Z7, Z9, Z10, Z5) \
	VMOVDDUP 64(R14), Z9 \
	VMOVDDUP 72(R14), Z10 \
	CMUL(Z1, Z9, Z10, Z7) \
	VMOVDDUP 128(R14), Z9 \
	VMOVDDUP 136(R14), Z10 \
	CMUL(Z6, Z9, Z10, Z1) \
	VMOVDDUP 192(R14), Z9 \
	VMOVDDUP 200(R14), Z10 \
	CMUL(Z3, Z9, Z10, Z6) \
	VMOVDDUP 256(R14), Z9 \
	VMOVDDUP 264(R14), Z10 \
	CMUL(Z0, Z9, Z10, Z3) \
	VMOVDDUP 320(R14), Z9 \
	VMOVDDUP 328(R14), Z10 \
	CMUL(Z8, Z9, Z10, Z0) \
	VMOVDDUP 384(R14), Z9 \
	VMOVDDUP 392(R14), Z10 \
	CMUL(Z4, Z9, Z10, Z8)

// TRANS4 transposes the 4×4 block of complex128 in a b c d (one value per
// 128-bit lane, lane i of butterfly p+i) and stores row i, the four
// outputs of butterfly p+i, at off + 128·i from R9.
#define TRANS4(a, b, c, d, off) \
	VSHUFF64X2 $0x44, b, a, Z16 \
	VSHUFF64X2 $0xEE, b, a, Z17 \
	VSHUFF64X2 $0x44, d, c, Z18 \
	VSHUFF64X2 $0xEE, d, c, Z19 \
	VSHUFF64X2 $0x88, Z18, Z16, Z20 \
	VSHUFF64X2 $0xDD, Z18, Z16, Z21 \
	VSHUFF64X2 $0x88, Z19, Z17, Z22 \
	VSHUFF64X2 $0xDD, Z19, Z17, Z23 \
	VMOVUPD Z20, off(R9) \
	VMOVUPD Z21, off+128(R9) \
	VMOVUPD Z22, off+256(R9) \
	VMOVUPD Z23, off+384(R9)

// func lineStage8AVX512PD(a *stageArgs)
// kernelSet.lineWide of radix 8 for complex128: butterflies p … p+3 of
// one line at a time (m a multiple of 4), inputs as radix8AVX2PD takes
// them, twiddled lane by lane from a table of four lanes per element and
// stored as values 8p … 8p+31 of dst. Registers as lineStage8AVX2PD.
TEXT ·lineStage8AVX512PD(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ A_M(AX), CX
	SHRQ $2, CX
	JZ   lwdone
	VMOVUPD lsMaskFwd<>(SB), Z14
	CMPQ A_INV(AX), $0
	JEQ  lwfwd
	VMOVUPD lsMaskInv<>(SB), Z14
lwfwd:
	VBROADCASTSD lsSqrtHalf<>(SB), Z13
	MOVQ A_SO1(AX), R10
	SUBQ A_SO0(AX), R10
	LEAQ (R10)(R10*2), R11
	MOVQ A_SRC(AX), R8
	MOVQ R8, R12
	ADDQ A_SO0(AX), R8
	ADDQ A_SO4(AX), R12
	MOVQ A_DST(AX), R9
	MOVQ A_TW(AX), R14

lwloop:
	BFLY8CORE
	TW8L
	TRANS4(Z2, Z5, Z7, Z1, 0)
	TRANS4(Z6, Z3, Z0, Z8, 64)
	ADDQ $64, R8
	ADDQ $64, R12
	ADDQ $512, R9
	ADDQ $448, R14
	DECQ CX
	JNZ  lwloop

lwdone:
	VZEROUPPER
	RET
