//go:build amd64 && !purego

package fft

import (
	"fmt"
	"testing"
	"unsafe"
)

// TestAsmLayout checks the field offsets of stageArgs and modArgs that
// vec_amd64.s and vec128_amd64.s hard-code (A_* and M_* there).
func TestAsmLayout(t *testing.T) {
	var a stageArgs
	var m modArgs
	for _, f := range []struct {
		name      string
		got, want uintptr
	}{
		{"dst", unsafe.Offsetof(a.dst), 0}, {"src", unsafe.Offsetof(a.src), 8},
		{"tw", unsafe.Offsetof(a.tw), 16}, {"m", unsafe.Offsetof(a.m), 24},
		{"s", unsafe.Offsetof(a.s), 32}, {"sq", unsafe.Offsetof(a.sq), 40},
		{"sp", unsafe.Offsetof(a.sp), 48}, {"dq", unsafe.Offsetof(a.dq), 56},
		{"dp", unsafe.Offsetof(a.dp), 64}, {"so", unsafe.Offsetof(a.so), 72},
		{"do", unsafe.Offsetof(a.do), 176}, {"inv", unsafe.Offsetof(a.inv), 280},
		{"scaled", unsafe.Offsetof(a.scaled), 288}, {"scale32", unsafe.Offsetof(a.scale32), 296},
		{"scale64", unsafe.Offsetof(a.scale64), 304},
		{"mod.dst", unsafe.Offsetof(m.dst), 0}, {"mod.src", unsafe.Offsetof(m.src), 8},
		{"mod.ph", unsafe.Offsetof(m.ph), 16}, {"mod.n", unsafe.Offsetof(m.n), 24},
		{"mod.ds", unsafe.Offsetof(m.ds), 32}, {"mod.ss", unsafe.Offsetof(m.ss), 40},
	} {
		if f.got != f.want {
			t.Errorf("offset of %s is %d, the assembly uses %d", f.name, f.got, f.want)
		}
	}
}

// TestWideKernels checks each wide (AVX-512) kernel against its AVX2
// kernel, bit for bit: the wide one on double elements, with s/2 and
// steps 2·elemBytes, must write what the AVX2 one writes with s and steps
// elemBytes, in the three loop orders, with gaps between the p blocks,
// permuted offsets (for radix 8 the halves swapped, as centring sets
// them), both directions, scaled or not. It writes nothing else and leaves
// the source alone.
func TestWideKernels(t *testing.T) {
	if !hasAVX512 {
		t.Skip("no AVX-512 (or GODEBUG=cpu.avx512f=off)")
	}
	testWide[complex64](t, avx512Kernels64, avx2Kernels64)
	testWide[complex128](t, avx512Kernels128, avx2Kernels128)
}

func testWide[T cplx](t *testing.T, wide, narrow *kernelSet) {
	ln := lanesOf[T]()
	const eb = elemBytes
	seed := uint64(50)
	n := 0
	for r, w := range wide.wide {
		if w == nil {
			continue
		}
		n++
		for _, sh := range []struct{ m, s int }{{1, 2}, {1, 8}, {1, 14}, {7, 4}, {4, 8}, {3, 10}, {2, 16}, {5, 2}, {13, 2}, {6, 6}} {
			m, s := sh.m, sh.s
			for _, scaled := range []bool{false, true} {
				for _, inv := range []bool{false, true} {
					seed++
					name := fmt.Sprintf("%T radix %d m=%d s=%d scaled=%v inv=%v", *new(T), r, m, s, scaled, inv)
					// p blocks one element apart in the source, two in the
					// destination.
					sp, dp := (s+1)*eb, (r*s+2)*eb
					src := randData[T](ln*(s+1)*m*r, seed)
					tw := twiddles[T](m, r, seed+1000)
					a := stageArgs{src: unsafe.Pointer(&src[0]), tw: unsafe.Pointer(&tw[0]),
						m: m, s: s, sq: eb, sp: sp, dq: eb, dp: dp}
					for j := range r {
						a.so[j] = ((r - j) % r) * m * sp
						a.do[j] = ((j + 1) % r) * s * eb
						if r == 8 {
							a.so[j] = ((j + 4) % r) * m * sp
							a.do[j] = j * s * eb
						}
						if r == 7 || r > 8 {
							a.so[j] = j * m * sp
							a.do[j] = j * s * eb
						}
					}
					if inv {
						a.inv = 1
					}
					if scaled {
						a.scaled, a.scale32, a.scale64 = 1, 0.37, 0.37
					}
					size := ln * (r*s + 2) * m
					got := make([]T, size+2*ln)
					want := make([]T, size+2*ln)
					for i := range got {
						got[i], want[i] = guard, guard
					}
					ag, aw := a, a
					ag.dst, aw.dst = unsafe.Pointer(&got[ln]), unsafe.Pointer(&want[ln])
					ag.s, ag.sq, ag.dq = s/2, 2*eb, 2*eb
					before := append([]T(nil), src...)
					w(&ag)
					narrow.radix[r](&aw)
					for i := range got {
						if got[i] != want[i] {
							t.Fatalf("%s: value %d is %v, the AVX2 kernel's %v", name, i, got[i], want[i])
						}
					}
					for i := range src {
						if src[i] != before[i] {
							t.Fatalf("%s: changed the source at %d", name, i)
						}
					}
				}
			}
		}
	}
	if n != 8 {
		t.Errorf("%T: %d wide kernels, want 8 (radices 2, 3, 4, 5, 7, 8, 11, 13)", *new(T), n)
	}
}

func TestKernels64(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2/FMA")
	}
	testStageKernels[complex64](t, []vecKernel{
		{"radix2AVX2", 2, radix2AVX2, radix2Go[complex64]},
		{"radix3AVX2", 3, radix3AVX2, radix3Go[complex64]},
		{"radix4AVX2", 4, radix4AVX2, radix4Go[complex64]},
		{"radix5AVX2", 5, radix5AVX2, radix5Go[complex64]},
		{"radix7AVX2", 7, radix7AVX2, radix7Go[complex64]},
		{"radix8AVX2", 8, radix8AVX2, radix8Go[complex64]},
		{"radix11AVX2", 11, radix11AVX2, radix11Go[complex64]},
		{"radix13AVX2", 13, radix13AVX2, radix13Go[complex64]},
	}, 1e-6)
	testLineStage[complex64](t, "lineStage8AVX2", 8, 4, lineStage8AVX2, 1e-6)
	testModulate[complex64](t, modulateAVX2, 1e-6)
	testTwTrans[complex64](t, twTrans64, 1e-6)
	testMul[complex64](t, mul64, 1e-6)
	testTranspose[complex64](t, transposeIn64, transposeOut64)
}

func TestKernels128(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2/FMA")
	}
	if want := map[bool]*kernelSet{false: avx2Kernels128, true: avx512Kernels128}[hasAVX512]; kernels128() != want {
		t.Fatal("kernels128 does not return the kernels for this CPU")
	}
	testStageKernels[complex128](t, []vecKernel{
		{"radix2AVX2PD", 2, radix2AVX2PD, radix2Go[complex128]},
		{"radix3AVX2PD", 3, radix3AVX2PD, radix3Go[complex128]},
		{"radix4AVX2PD", 4, radix4AVX2PD, radix4Go[complex128]},
		{"radix5AVX2PD", 5, radix5AVX2PD, radix5Go[complex128]},
		{"radix7AVX2PD", 7, radix7AVX2PD, radix7Go[complex128]},
		{"radix8AVX2PD", 8, radix8AVX2PD, radix8Go[complex128]},
		{"radix11AVX2PD", 11, radix11AVX2PD, radix11Go[complex128]},
		{"radix13AVX2PD", 13, radix13AVX2PD, radix13Go[complex128]},
	}, 1e-14)
	testLineStage[complex128](t, "lineStage8AVX2PD", 8, 2, lineStage8AVX2PD, 1e-14)
	if hasAVX512 {
		testLineStage[complex128](t, "lineStage8AVX512PD", 8, 4, lineStage8AVX512PD, 1e-14)
	}
	testModulate[complex128](t, modulateAVX2PD, 1e-14)
	testTwTrans[complex128](t, twTrans128, 1e-14)
	testMul[complex128](t, mul128, 1e-14)
	testTranspose[complex128](t, transposeIn128, transposeOut128)
}

// TestKernelsRandomShapes runs the machine's kernel sets on random shapes
// and strides, including strides that are not multiples of an element.
func TestKernelsRandomShapes(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2/FMA")
	}
	testRandomShapes[complex64](t, kernels64(), goKernels64, 1e-6)
	testRandomShapes[complex128](t, kernels128(), goKernels128, 1e-14)
}

// BenchmarkStageKernels times one stage of each kernel on strips in L1
// (n = 240 elements, contiguous, as the engine's middle stages), per
// element, in the three loop orders.
func BenchmarkStageKernels(b *testing.B) {
	if !hasAVX2 {
		b.Skip("no AVX2/FMA")
	}
	benchStages[complex64](b, kernels64())
	benchStages[complex128](b, kernels128())
}

func benchStages[T cplx](b *testing.B, ks *kernelSet) {
	ln := lanesOf[T]()
	const n = 240
	for _, r := range []int{2, 3, 4, 5} {
		for _, order := range []string{"m=1", "q-inner", "p-inner"} {
			s := map[string]int{"m=1": n / r, "q-inner": n / r / 4, "p-inner": 1}[order]
			if n/r%4 != 0 && order == "q-inner" {
				s = n / r / 2
			}
			m := n / r / s
			src := randData[T](ln*n, 1)
			dst := make([]T, ln*n)
			tw := twiddles[T](m, r, 2)
			a := stageArgs{src: unsafe.Pointer(&src[0]), dst: unsafe.Pointer(&dst[0]), tw: unsafe.Pointer(&tw[0]),
				m: m, s: s, sq: elemBytes, sp: s * elemBytes, dq: elemBytes, dp: r * s * elemBytes}
			for j := range r {
				a.so[j] = j * s * m * elemBytes
				a.do[j] = j * s * elemBytes
			}
			b.Run(fmt.Sprintf("%T/radix%d/%s", src[0], r, order), func(b *testing.B) {
				for b.Loop() {
					ks.radix[r](&a)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/elem")
			})
		}
	}
	rows := randData[T](ln*256, 3)
	strip := make([]T, ln*256)
	sz := int(unsafe.Sizeof(rows[0]))
	b.Run(fmt.Sprintf("%T/transIn", rows[0]), func(b *testing.B) {
		for b.Loop() {
			ks.transIn(unsafe.Pointer(&strip[0]), unsafe.Pointer(&rows[0]), 256*sz, 256)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/256, "ns/elem")
	})
	b.Run(fmt.Sprintf("%T/transOut", rows[0]), func(b *testing.B) {
		for b.Loop() {
			ks.transOut(unsafe.Pointer(&rows[0]), unsafe.Pointer(&strip[0]), 256*sz, 256)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/256, "ns/elem")
	})
	ph := randData[T](n, 4)
	src := randData[T](ln*n, 5)
	dst := make([]T, ln*n)
	ma := modArgs{dst: unsafe.Pointer(&dst[0]), src: unsafe.Pointer(&src[0]), ph: unsafe.Pointer(&ph[0]), n: n, ds: elemBytes, ss: elemBytes}
	b.Run(fmt.Sprintf("%T/modulate", src[0]), func(b *testing.B) {
		for b.Loop() {
			ks.modulate(&ma)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/elem")
	})
}

// testTwTrans checks a twiddle-and-transpose kernel against twTransGo[T]
// for lengths with and without a remainder, source rows further apart than
// their length and a destination stride of three elements, and that
// nothing is written between or after the destination's elements.
func testTwTrans[T cplx](t *testing.T, tt func(dst, src, tw unsafe.Pointer, srcRow, dstRow, n int), tol float64) {
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 30, 64} {
		rs := n + 3
		rows := randData[T](ln*rs, uint64(n))
		tw := randData[T](ln*n, uint64(n)+7)
		got := make([]T, ln*3*n+ln)
		want := make([]T, ln*3*n+ln)
		for i := range got {
			got[i], want[i] = guard, guard
		}
		tt(unsafe.Pointer(&got[0]), unsafe.Pointer(&rows[0]), unsafe.Pointer(&tw[0]), sz*rs, 3*elemBytes, n)
		twTransGo[T](unsafe.Pointer(&want[0]), unsafe.Pointer(&rows[0]), unsafe.Pointer(&tw[0]), sz*rs, 3*elemBytes, n)
		if e := relRMS(got, want); !(e <= tol) {
			t.Errorf("%T n=%d: relative RMS %.2e", rows[0], n, e)
		}
		for i := range got {
			if (got[i] == guard) != (want[i] == guard) {
				t.Fatalf("%T n=%d: element %d written where it should not be, or not written", rows[0], n, i)
			}
		}
	}
}

// testLineStage checks a line-stage kernel of radix r and its Go
// reference against the stage computed from its definition in complex128
// (the DFT of r inputs, the twiddle of (p, k) picked from the lane-by-lane
// table, the output at r·p + k) for several counts of butterflies, with
// random twiddles, the inputs in order and with their halves swapped (as
// centring permutes them), forward and inverse; nothing may be written
// past the r·m values.
func testLineStage[T cplx](t *testing.T, name string, r, ln int, kernel func(*stageArgs), tol float64) {
	sz := int(unsafe.Sizeof(*new(T)))
	for _, m := range []int{ln, 2 * ln, 3 * ln, 8 * ln, 64} {
		n := r * m
		x := randData[T](n, uint64(m))
		tw := randData[T]((m/ln*(r-1)+1)*ln, uint64(m)+5)
		for _, swap := range []bool{false, true} {
			for inv := range 2 {
				var a stageArgs
				a.src, a.tw, a.m, a.s, a.inv = unsafe.Pointer(&x[0]), unsafe.Pointer(&tw[0]), m, 1, inv
				jj := make([]int, r)
				for j := range r {
					jj[j] = j
					if swap {
						jj[j] = (j + r/2) % r
					}
					a.so[j] = jj[j] * m * sz
				}
				want := make([]complex128, n)
				for p := range m {
					for k := range r {
						var sum complex128
						for j := range r {
							sum += complex128(x[p+m*jj[j]]) * cis((2*inv-1)*j*k, r)
						}
						if k > 0 {
							sum *= complex128(tw[(p/ln*(r-1)+k-1)*ln+p%ln])
						}
						want[r*p+k] = sum
					}
				}
				for _, f := range []struct {
					name string
					run  func(*stageArgs)
				}{{name, kernel}, {"lineStageGo", func(a *stageArgs) { lineStageGo[T](a, r, ln) }}} {
					got := make([]T, n+ln)
					for i := range got {
						got[i] = guard
					}
					b := a
					b.dst = unsafe.Pointer(&got[0])
					f.run(&b)
					g := make([]complex128, n)
					for i := range g {
						g[i] = complex128(got[i])
					}
					if e := relRMS(g, want); !(e <= tol) {
						t.Errorf("%s m=%d swap=%v inverse=%d: relative RMS %.2e", f.name, m, swap, inv, e)
					}
					for i := n; i < len(got); i++ {
						if got[i] != guard {
							t.Fatalf("%s m=%d: value %d written past the end", f.name, m, i)
						}
					}
				}
			}
		}
	}
}

// testTranspose checks a pair of transposes against the Go ones (exactly)
// for lengths with and without leftovers and rows further apart than their
// length.
func testTranspose[T cplx](t *testing.T, in, out func(strip, src unsafe.Pointer, rowStride, n int)) {
	ln := lanesOf[T]()
	sz := int(unsafe.Sizeof(*new(T)))
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 13, 30, 257} {
		for _, pad := range []int{0, 3} {
			rs := n + pad
			rows := randData[T](ln*rs, uint64(n))
			strip := make([]T, ln*n)
			stripRef := make([]T, ln*n)
			in(unsafe.Pointer(&strip[0]), unsafe.Pointer(&rows[0]), sz*rs, n)
			transposeInGo[T](unsafe.Pointer(&stripRef[0]), unsafe.Pointer(&rows[0]), sz*rs, n)
			for i := range strip {
				if strip[i] != stripRef[i] {
					t.Fatalf("%T n=%d pad=%d: transpose in differs at %d", rows[0], n, pad, i)
				}
			}
			back := make([]T, ln*rs)
			backRef := make([]T, ln*rs)
			for i := range back {
				back[i], backRef[i] = guard, guard
			}
			out(unsafe.Pointer(&back[0]), unsafe.Pointer(&strip[0]), sz*rs, n)
			transposeOutGo[T](unsafe.Pointer(&backRef[0]), unsafe.Pointer(&strip[0]), sz*rs, n)
			for i := range back {
				if back[i] != backRef[i] {
					t.Fatalf("%T n=%d pad=%d: transpose out differs at %d", rows[0], n, pad, i)
				}
			}
		}
	}
}
