package main

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/kspace/cfl"
)

// bartTol is the NRMSE allowed between larmor fft and bart fft: both work
// in float32 (relative rounding 6e-8, growing like log2 N over the passes);
// a wrong convention (centring, sign, scale) gives an error of order 1.
const bartTol = 1e-6

// TestFFTMatchesBART runs `larmor fft` and `bart fft` on the same .cfl for
// every flag combination and the bitmasks 1, 2, 3 and 7, on an even and an
// odd shape.
func TestFFTMatchesBART(t *testing.T) {
	bart := tooltest.Require(t, "bart", "bart")
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	for si, dims := range [][]int{{16, 12, 6, 2}, {9, 7, 5}} {
		n := 1
		for _, d := range dims {
			n *= d
		}
		x := make([]complex64, n)
		for i := range x {
			x[i] = complex(float32(r.NormFloat64()), float32(r.NormFloat64()))
		}
		in := filepath.Join(dir, "in"+string(rune('a'+si)))
		if err := cfl.Write(in, dims, x); err != nil {
			t.Fatal(err)
		}
		for _, mask := range []string{"1", "2", "3", "7"} {
			for _, flags := range [][]string{nil, {"-i"}, {"-u"}, {"-n"}, {"-i", "-u"}, {"-i", "-n"}, {"-u", "-n", "-i"}} {
				outB := filepath.Join(dir, "bart")
				outL := filepath.Join(dir, "larmor")
				args := append(append([]string{"fft"}, flags...), mask, in)
				if b, err := exec.Command(bart, append(args, outB)...).CombinedOutput(); err != nil {
					t.Fatalf("bart %v: %v\n%s", args, err, b)
				}
				var stderr bytes.Buffer
				if code := run(context.Background(), append(args, outL), &bytes.Buffer{}, &stderr); code != 0 {
					t.Fatalf("larmor %v: exit %d: %s", args, code, stderr.String())
				}
				_, want, err := cfl.Read(outB)
				if err != nil {
					t.Fatal(err)
				}
				gotDims, got, err := cfl.Read(outL)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) || len(gotDims) < len(dims) {
					t.Fatalf("%v: %d values (dims %v), bart %d", args, len(got), gotDims, len(want))
				}
				if e := nrmse(got, want); e > bartTol {
					t.Errorf("dims %v, %v: NRMSE %.2e against bart", dims, args, e)
				}
			}
		}
	}
}

func nrmse(got, want []complex64) float64 {
	var num, den float64
	for i := range want {
		d := complex128(got[i]) - complex128(want[i])
		w := complex128(want[i])
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(w)*real(w) + imag(w)*imag(w)
	}
	return math.Sqrt(num / den)
}

func TestFFTErrors(t *testing.T) {
	dir := t.TempDir()
	if err := cfl.Write(filepath.Join(dir, "x"), []int{4, 4}, make([]complex64, 16)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"fft", "3", filepath.Join(dir, "missing"), filepath.Join(dir, "y")}, 1, "missing"},
		{[]string{"fft", "x3", filepath.Join(dir, "x"), filepath.Join(dir, "y")}, 2, "BITMASK"},
		{[]string{"fft", "65536", filepath.Join(dir, "x"), filepath.Join(dir, "y")}, 2, "BITMASK"},
		{[]string{"fft", "3", filepath.Join(dir, "x")}, 2, "missing"},
		{[]string{"fft", "-q", "3", filepath.Join(dir, "x"), filepath.Join(dir, "y")}, 2, "-q"},
		// Flags after the positional arguments work, as users type them.
		{[]string{"fft", "3", filepath.Join(dir, "x"), filepath.Join(dir, "y"), "-i"}, 0, ""},
	} {
		var stderr bytes.Buffer
		code := run(context.Background(), c.args, &bytes.Buffer{}, &stderr)
		if code != c.code || !strings.Contains(stderr.String(), c.msg) {
			t.Errorf("larmor %v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, stderr.String(), c.code, c.msg)
		}
	}
}
