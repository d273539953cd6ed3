package fft_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/kspace/cfl"
	"github.com/larmor-mri/larmor/recon/fft"
)

// bartTol bounds the NRMSE ‖ours-bart‖/‖bart‖. BART runs FFTW in single
// precision and centres with float32 phase ramps (fftmod) before and after,
// so its own relative error is a few times the float32 unit roundoff 6e-8
// times log2 N; ours is ≈ 1e-7 (see relTol). Their difference is ≈ 1e-7 to
// 3e-7 at the sizes used here (the largest seen is 2.5e-7, at N = 257);
// 1e-6 keeps a margin of 4 while a different convention (sign, centring,
// scaling) gives an NRMSE of order 1.
const bartTol = 1e-6

// nrmse is BART's normalised root-mean-square error ‖x-ref‖/‖ref‖.
func nrmse(x, ref []complex64) float64 {
	var num, den float64
	for i := range ref {
		d := complex128(x[i]) - complex128(ref[i])
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(complex128(ref[i]))*real(complex128(ref[i])) + imag(complex128(ref[i]))*imag(complex128(ref[i]))
	}
	return math.Sqrt(num / den)
}

// TestMatchesBART compares Plan with bart fft on the same data, for even and
// odd shapes, bitmasks 1, 2, 3, 7 and 5, and every combination of -i
// (inverse), -u (unitary) and -n (uncentred).
func TestMatchesBART(t *testing.T) {
	bart := tooltest.Require(t, "bart", "bart")
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(9, 9))
	in := filepath.Join(dir, "in")
	out := filepath.Join(dir, "out")
	worst := 0.0
	for _, dims := range [][]int{{16, 12, 5}, {9, 7, 3}, {1, 15, 2, 4}, {257, 2, 3}} {
		n := dims[0] * dims[1] * dims[2]
		for _, d := range dims[3:] {
			n *= d
		}
		x := randomArray(rng, n)
		if err := cfl.Write(in, dims, x); err != nil {
			t.Fatal(err)
		}
		for _, mask := range []uint32{1, 2, 3, 7, 5} {
			for flags := range 8 {
				inverse, unitary, uncentred := flags&1 != 0, flags&2 != 0, flags&4 != 0
				args := []string{"fft"}
				o := fft.Options{Uncentred: uncentred}
				if unitary {
					args = append(args, "-u")
					o.Scaling = fft.Unitary
				}
				if inverse {
					args = append(args, "-i")
				}
				if uncentred {
					args = append(args, "-n")
				}
				args = append(args, fmt.Sprint(mask), in, out)
				if b, err := exec.Command(bart, args...).CombinedOutput(); err != nil {
					t.Fatalf("bart %s: %v\n%s", strings.Join(args, " "), err, b)
				}
				_, want, err := cfl.Read(out)
				if err != nil {
					t.Fatal(err)
				}
				p, err := fft.NewPlan(dims, mask, o)
				if err != nil {
					t.Fatal(err)
				}
				var got []complex64
				if inverse {
					got = p.Inverse(nil, x)
				} else {
					got = p.Forward(nil, x)
				}
				e := nrmse(got, want)
				worst = max(worst, e)
				if !(e <= bartTol) {
					t.Errorf("dims %v, bart %s: NRMSE %.3g > %g", dims, strings.Join(args[:len(args)-2], " "), e, bartTol)
				}
			}
		}
	}
	t.Logf("largest NRMSE against bart fft: %.3g", worst)
}
