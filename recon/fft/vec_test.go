package fft

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// vecTol bounds the relative RMS difference between the float32 vector
// engine and the complex128 scalar path: float32 rounding (6e-8) over
// log2(n) ≤ 11 stages with a √ growth, times a margin of ~4.
const vecTol = 1e-6

func randData(n int, seed uint64) []complex64 {
	r := rand.New(rand.NewPCG(seed, 3))
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
	}
	return x
}

func relRMS(got, want []complex64) float64 {
	var num, den float64
	for i := range want {
		d := complex128(got[i]) - complex128(want[i])
		num += real(d)*real(d) + imag(d)*imag(d)
		den += float64(real(want[i])*real(want[i]) + imag(want[i])*imag(want[i]))
	}
	return math.Sqrt(num / den)
}

// scalarClone returns a copy of p that never uses the vector engine: the
// complex128 path that the naive-DFT tests check.
func scalarClone(p *Plan) *Plan {
	q := p.Clone()
	q.passes = append([]pass(nil), p.passes...)
	for i := range q.passes {
		q.passes[i].v = nil
	}
	return q
}

// TestVectorEngine compares the vector engine with the scalar path for
// every power-of-two size it handles, on contiguous lines (with a leftover
// line for the scalar fallback) and strided lines (with leftover lanes),
// for every option, in place and out of place.
func TestVectorEngine(t *testing.T) {
	if !hasVector {
		t.Skip("no vector kernels on this CPU")
	}
	used := false
	for n := 4; n <= 4096; n *= 2 {
		for _, shape := range []struct {
			dims []int
			mask uint32
		}{{[]int{n, 5}, 1}, {[]int{6, n}, 2}, {[]int{4, 3, n}, 4}} {
			for _, o := range []Options{{}, {Uncentred: true}, {Scaling: Unitary}, {Scaling: Backward, Uncentred: true}} {
				p, err := NewPlan(shape.dims, shape.mask, o)
				if err != nil {
					t.Fatal(err)
				}
				for _, ps := range p.passes {
					used = used || ps.v != nil
				}
				ref := scalarClone(p)
				x := randData(p.Len(), uint64(n))
				for _, inv := range []bool{false, true} {
					name := fmt.Sprintf("n=%d dims=%v %+v inverse=%v", n, shape.dims, o, inv)
					run := func(q *Plan, dst, src []complex64) []complex64 {
						if inv {
							return q.Inverse(dst, src)
						}
						return q.Forward(dst, src)
					}
					want := run(ref, nil, x)
					got := run(p, nil, x)
					if e := relRMS(got, want); e > vecTol {
						t.Errorf("%s: relative RMS %.2e", name, e)
					}
					inplace := append([]complex64(nil), x...)
					run(p, inplace, inplace)
					for i := range got {
						if inplace[i] != got[i] {
							t.Fatalf("%s: in place differs at %d", name, i)
						}
					}
				}
			}
		}
	}
	if !used {
		t.Fatal("the vector engine was never used")
	}
}

// TestKernelsMatchGo checks the assembly kernels against their Go
// versions on random strides and offsets (FMA rounding differs, hence a
// tolerance rather than equality).
func TestKernelsMatchGo(t *testing.T) {
	if !hasVector {
		t.Skip("no vector kernels on this CPU")
	}
	for _, n := range []int{8, 32, 128} {
		vp := newVplan(n)
		for _, centred := range []bool{false, true} {
			for _, inv := range []bool{false, true} {
				x := randData(lanes*n*3, 9)
				for i, st := range vp.stages {
					m := st.l / st.radix
					s := n / st.l
					a := stageArgs{m: m, s: s, sq: 3 * elemBytes, sp: 3 * s * elemBytes, dq: elemBytes, dp: st.radix * s * elemBytes}
					for j := range st.radix {
						a.so[j] = j * s * m * 3 * elemBytes
						a.do[j] = ((j + i) % st.radix) * s * elemBytes
					}
					tw := st.twF
					if inv {
						tw, a.inv = st.twI, 1
					}
					if centred {
						a.scaled, a.scale = 1, 0.25
					}
					got := make([]complex64, lanes*n)
					want := make([]complex64, lanes*n)
					ag, aw := a, a
					ag.src, ag.dst, ag.tw = ptr(x), ptr(got), ptr32(tw)
					aw.src, aw.dst, aw.tw = ptr(x), ptr(want), ptr32(tw)
					if st.radix == 4 {
						radix4(&ag)
						radix4Go(&aw)
					} else {
						radix2(&ag)
						radix2Go(&aw)
					}
					if e := relRMS(got, want); e > 1e-6 {
						t.Errorf("n=%d stage %d centred=%v inv=%v: relative RMS %.2e", n, i, centred, inv, e)
					}
				}
			}
		}
		x := randData(4*n, 5)
		strip := make([]complex64, 4*n)
		stripGo := make([]complex64, 4*n)
		transposeIn(ptr(strip), ptr(x), 8*n, n)
		transposeInGo(ptr(stripGo), ptr(x), 8*n, n)
		back := make([]complex64, 4*n)
		backGo := make([]complex64, 4*n)
		transposeOut(ptr(back), ptr(strip), 8*n, n)
		transposeOutGo(ptr(backGo), ptr(strip), 8*n, n)
		for i := range x {
			if strip[i] != stripGo[i] || back[i] != x[i] || backGo[i] != x[i] {
				t.Fatalf("n=%d: transpose differs at %d", n, i)
			}
		}
	}
}
