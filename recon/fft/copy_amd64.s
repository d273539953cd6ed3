//go:build amd64 && !purego

#include "textflag.h"

// PREFETCH_ROWS(insn, loop, done) runs insn on the cache line at p and at
// each of rows−1 more places stride bytes apart.
#define PREFETCH_ROWS(insn, loop, done) \
	MOVQ p+0(FP), DI \
	MOVQ stride+8(FP), R8 \
	MOVQ rows+16(FP), CX \
	TESTQ CX, CX \
	JLE  done \
loop: \
	insn (DI) \
	ADDQ R8, DI \
	DECQ CX \
	JNZ  loop \
done: \
	RET

// func copyRowsAVX(dst, src unsafe.Pointer, dstStride, srcStride, rows, width int)
// Copies rows of width bytes (a multiple of 32) from src (rows srcStride
// apart) to dst (rows dstStride apart).
TEXT ·copyRowsAVX(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ dstStride+16(FP), R8
	MOVQ srcStride+24(FP), R9
	MOVQ rows+32(FP), CX
	MOVQ width+40(FP), R10
	TESTQ CX, CX
	JLE  done
row:
	XORQ AX, AX
col:
	VMOVUPS (SI)(AX*1), Y0
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ $32, AX
	CMPQ AX, R10
	JLT  col
	ADDQ R9, SI
	ADDQ R8, DI
	DECQ CX
	JNZ  row
done:
	VZEROUPPER
	RET

// func prefetchRows(p unsafe.Pointer, stride, rows int)
// Prefetches into the L1 (PREFETCHT0) the cache line at p and at each of
// rows−1 more places stride bytes apart.
TEXT ·prefetchRows(SB), NOSPLIT, $0-24
	PREFETCH_ROWS(PREFETCHT0, prow, pdone)

// func prefetchRowsL2(p unsafe.Pointer, stride, rows int)
// As prefetchRows, into the L2 (PREFETCHT1).
TEXT ·prefetchRowsL2(SB), NOSPLIT, $0-24
	PREFETCH_ROWS(PREFETCHT1, lrow, ldone)
