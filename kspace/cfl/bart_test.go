package cfl_test

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/kspace/cfl"
)

func runBART(t *testing.T, bart string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bart, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("bart %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// bartValues returns the elements of a file as printed by bart show with
// nine significant digits, enough to identify a float32 exactly: an
// independent decoding of the .cfl.
func bartValues(t *testing.T, bart, name string) []complex64 {
	t.Helper()
	out := runBART(t, bart, "show", "-s", "\n", "-f", "%+.9e%+.9ei", name)
	var vals []complex64
	for _, f := range strings.Fields(out) {
		v, err := strconv.ParseComplex(f, 64)
		if err != nil {
			t.Fatalf("bart show printed %q: %v", f, err)
		}
		vals = append(vals, complex64(v))
	}
	return vals
}

// bartDims returns the 16 sizes bart show -m reports.
func bartDims(t *testing.T, bart, name string) []int {
	t.Helper()
	for line := range strings.SplitSeq(runBART(t, bart, "show", "-m", name), "\n") {
		if rest, ok := strings.CutPrefix(line, "AoD:"); ok {
			var dims []int
			for _, f := range strings.Fields(rest) {
				d, err := strconv.Atoi(f)
				if err != nil {
					t.Fatalf("bart show -m: %q", line)
				}
				dims = append(dims, d)
			}
			return dims
		}
	}
	t.Fatalf("bart show -m printed no AoD line")
	return nil
}

func pad16(dims []int) []int {
	out := slices.Clone(dims)
	for len(out) < 16 {
		out = append(out, 1)
	}
	return out
}

// TestBARTReadsOurs writes files and has BART read them: bart show prints the
// same dims and values, and bart copy writes back the same bits.
func TestBARTReadsOurs(t *testing.T) {
	bart := tooltest.Require(t, "bart", "bart")
	dir := t.TempDir()
	for i, dims := range [][]int{{3, 5, 2}, {7}, {2, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}} {
		n := 1
		for _, d := range dims {
			n *= d
		}
		data := randomData(uint64(100+i), n)
		name := filepath.Join(dir, "ours")
		if err := cfl.Write(name, dims, data); err != nil {
			t.Fatal(err)
		}
		if got := bartDims(t, bart, name); !slices.Equal(got, pad16(dims)) {
			t.Errorf("bart sees dims %v, want %v", got, pad16(dims))
		}
		if got := bartValues(t, bart, name); !sameBits(got, data) {
			t.Errorf("dims %v: bart show prints other values", dims)
		}
		copied := filepath.Join(dir, "copied")
		runBART(t, bart, "copy", name, copied)
		gotDims, got, err := cfl.Read(copied)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pad16(gotDims), pad16(dims)) || !sameBits(got, data) {
			t.Errorf("dims %v: bart copy gives dims %v and different data", dims, gotDims)
		}
		if out := runBART(t, bart, "nrmse", name, copied); strings.TrimSpace(out) != "0.000000" {
			t.Errorf("bart nrmse between ours and bart's copy = %s", out)
		}
	}
}

// TestWeReadBART reads files written by BART and compares them with what
// bart show prints.
func TestWeReadBART(t *testing.T) {
	bart := tooltest.Require(t, "bart", "bart")
	dir := t.TempDir()
	p := func(s string) string { return filepath.Join(dir, s) }
	runBART(t, bart, "ones", "3", "2", "3", "4", p("ones"))
	runBART(t, bart, "phantom", "-x", "8", p("phantom"))
	runBART(t, bart, "phantom", "-k", "-x", "6", "-s", "2", p("kphantom"))
	runBART(t, bart, "noise", "-s", "7", p("ones"), p("noise"))
	for _, c := range []struct {
		name string
		dims []int
	}{
		{"ones", []int{2, 3, 4}},
		{"phantom", pad16([]int{8, 8})},
		{"kphantom", pad16([]int{6, 6, 1, 2})},
		{"noise", pad16([]int{2, 3, 4})},
	} {
		dims, data, err := cfl.Read(p(c.name))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(dims, c.dims) {
			t.Errorf("%s: dims %v, want %v", c.name, dims, c.dims)
		}
		if want := bartValues(t, bart, p(c.name)); !sameBits(data, want) {
			t.Errorf("%s: data differ from bart show", c.name)
		}
	}
}
