package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"math/cmplx"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/larmor-mri/larmor/recon/fft"
)

// tinyFFT is a configuration that runs the whole suite in well under a
// second: two small shapes, batches of 100 µs, median of 3.
func tinyFFT(t *testing.T, extra ...string) fftConfig {
	t.Helper()
	var stderr bytes.Buffer
	cfg, err := parseFFTFlags(append([]string{"-sizes", "64,16x16", "-batch", "100us", "-batches", "3"}, extra...), &stderr)
	if err != nil {
		t.Fatalf("parseFFTFlags: %v\n%s", err, stderr.String())
	}
	return cfg
}

func TestFFTSuiteJSON(t *testing.T) {
	var out bytes.Buffer
	if err := runFFTSuite(context.Background(), tinyFFT(t, "-json"), fftSides(), &out); err != nil {
		t.Fatal(err)
	}
	want := []string{"godsp", "gofft", "gonum", "larmor"}
	if fftwBuilt {
		want = append(want, "fftw")
	}
	seen := map[string][]string{} // shape -> impls
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r struct {
			Suite   string `json:"suite"`
			Dtype   string `json:"dtype"`
			Shape   []int  `json:"shape"`
			Impl    string `json:"impl"`
			Threads int    `json:"threads"`
			NS      *int64 `json:"ns"`
			Allocs  *int64 `json:"allocs"`
		}
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if r.Suite != "fft" || (r.Dtype != c64 && r.Dtype != c128) || r.Threads < 1 || r.NS == nil || *r.NS <= 0 || r.Allocs == nil || *r.Allocs < 0 {
			t.Errorf("bad result line %q", sc.Text())
		}
		seen[shapeString(r.Shape)] = append(seen[shapeString(r.Shape)], r.Impl)
	}
	for _, sh := range []string{"64", "16x16"} {
		for _, impl := range want {
			if !slices.Contains(seen[sh], impl) {
				t.Errorf("shape %s: no result from %s (got %v)", sh, impl, seen[sh])
			}
		}
	}
	if len(seen) != 2 {
		t.Errorf("results for shapes %v, want 64 and 16x16", seen)
	}
}

func TestFFTSuiteTable(t *testing.T) {
	var out bytes.Buffer
	if err := runFFTSuite(context.Background(), tinyFFT(t, "-sizes", "12x6"), fftSides(), &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"Uncentred: true", "12x6 ", "larmor", "gonum", "not a power of 2", "ref"} {
		if !strings.Contains(s, want) {
			t.Errorf("table lacks %q:\n%s", want, s)
		}
	}
}

// TestSpeedup checks the speed-up column against hand-worked values.
func TestSpeedup(t *testing.T) {
	done := []result{
		{Impl: "larmor", Dtype: c64, Threads: 1, NS: 200},
		{Impl: "larmor", Dtype: c128, Threads: 1, NS: 300, skipped: "not timed"},
		{Impl: "fftw", Dtype: c64, Threads: 1, NS: 150},
	}
	for _, c := range []struct {
		res  result
		want string
	}{
		{result{Impl: "larmor", Dtype: c64, Threads: 2, NS: 100}, "2.00×"},
		{result{Impl: "larmor", Dtype: c64, Threads: 2, NS: 125}, "1.60×"},
		{result{Impl: "fftw", Dtype: c64, Threads: 2, NS: 200}, "0.75×"},
		{result{Impl: "larmor", Dtype: c64, Threads: 1, NS: 200}, ""},
		{result{Impl: "larmor", Dtype: c128, Threads: 2, NS: 100}, "-"}, // one-thread side skipped
		{result{Impl: "gonum", Dtype: c64, Threads: 2, NS: 100}, "-"},   // no one-thread side
	} {
		if got := speedup(c.res, done); got != c.want {
			t.Errorf("speedup(%+v) = %q, want %q", c.res, got, c.want)
		}
	}
}

// A side that computes the wrong transform (here the centred one, larmor's
// default) must stop the run before it is timed.
func TestFFTSuiteRejectsWrongWork(t *testing.T) {
	centred := func(dims []int, mask uint32, o fft.Options) (*fft.Plan, error) {
		o.Uncentred = false
		return fft.NewPlan(dims, mask, o)
	}
	bad := larmorSide[complex64](centred, 1)
	bad.impl = "centred"
	err := runFFTSuite(context.Background(), tinyFFT(t, "-json"), []side{larmorSide[complex64](fft.NewPlan, 1), bad}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "refusing to time wrong work") {
		t.Fatalf("err = %v, want a refusal to time the centred side", err)
	}
}

// A side that overwrites its input is not out of place from the caller's
// view and must be refused, even though its output is right.
func TestFFTSuiteRejectsInPlace(t *testing.T) {
	inPlace := side{impl: "inplace", dtype: c64, threads: 1,
		make: func(sh []int, in inputs) (*runner, error) {
			p, err := fft.NewPlan(sh, 1<<len(sh)-1, fft.Options{Uncentred: true})
			if err != nil {
				return nil, err
			}
			x := slices.Clone(in.c64)
			return &runner{
				run: func() { p.Forward(x, x) },
				out: func() []complex128 { return widen(x) },
				in:  func() []complex128 { return widen(x) },
			}, nil
		}}
	err := runFFTSuite(context.Background(), tinyFFT(t, "-json"), []side{inPlace}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "changed its input") {
		t.Fatalf("err = %v, want a refusal of a side that changes its input", err)
	}
}

// The naive DFT is the reference of the checks, so it is itself checked
// against closed forms: a complex exponential of frequency (3, 2) on a
// 5x4 grid transforms to N at index (3, 2) and 0 elsewhere.
func TestNaiveDFT(t *testing.T) {
	sh := []int{5, 4}
	x := make([]complex128, 20)
	for j := range 4 {
		for i := range 5 {
			x[i+5*j] = cmplx.Exp(complex(0, 2*math.Pi*(3*float64(i)/5+2*float64(j)/4)))
		}
	}
	y := naiveDFT(x, sh)
	for k, v := range y {
		want := complex128(0)
		if k == 3+5*2 {
			want = 20
		}
		if cmplx.Abs(v-want) > 1e-12 {
			t.Errorf("X[%d] = %v, want %v", k, v, want)
		}
	}
}

func TestParseFFTFlags(t *testing.T) {
	var stderr bytes.Buffer
	cfg, err := parseFFTFlags([]string{"-quick", "-sizes", "1024, 256x128,128x128x128"}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]int{{1024}, {256, 128}, {128, 128, 128}}; !slices.EqualFunc(cfg.shapes, want, slices.Equal) {
		t.Errorf("shapes %v, want %v", cfg.shapes, want)
	}
	if cfg.batch != time.Millisecond || cfg.batches != 3 {
		t.Errorf("-quick gives batches of %v, %d of them; want 1ms, 3", cfg.batch, cfg.batches)
	}
	cfg, err = parseFFTFlags(nil, &stderr)
	if err != nil || len(cfg.shapes) != 19 || cfg.batch != 4*time.Millisecond || cfg.batches != 7 || cfg.quantile != 0.5 {
		t.Errorf("defaults: %d shapes, batches of %v, %d of them, quantile %v, err %v; want 19, 4ms, 7, 0.5",
			len(cfg.shapes), cfg.batch, cfg.batches, cfg.quantile, err)
	}
	if cfg, err := parseFFTFlags([]string{"-quantile", "0.1"}, &stderr); err != nil || cfg.quantile != 0.1 {
		t.Errorf("-quantile 0.1: %v, %v", cfg.quantile, err)
	}
	for _, bad := range [][]string{{"-sizes", "0"}, {"-sizes", "64x"}, {"-sizes", "100000x100000"}, {"-batches", "-1"},
		{"-quantile", "-0.1"}, {"-quantile", "1.5"}, {"-quantile", "NaN"}, {"extra"}} {
		if _, err := parseFFTFlags(bad, &stderr); err != errUsage {
			t.Errorf("parseFFTFlags(%q) = %v, want errUsage", bad, err)
		}
	}
}

// TestQuantileOf checks the reported statistic against values worked by
// hand: the median of odd and even counts, the extremes, and a quantile
// between two values.
func TestQuantileOf(t *testing.T) {
	for _, c := range []struct {
		x    []float64
		q, w float64
	}{
		{[]float64{1, 2, 9}, 0.5, 2}, {[]float64{1, 2, 4, 9}, 0.5, 3}, {[]float64{5}, 0.5, 5},
		{[]float64{1, 2, 4, 9}, 0, 1}, {[]float64{1, 2, 4, 9}, 1, 9}, {[]float64{0, 10, 20}, 0.1, 2},
	} {
		if g := quantileOf(c.x, c.q); math.Abs(g-c.w) > 1e-12 {
			t.Errorf("quantileOf(%v, %v) = %v, want %v", c.x, c.q, g, c.w)
		}
	}
}

func TestRunUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "fft") {
		t.Errorf("no suite: code %d, stderr %q; want 2 and a list of suites", code, stderr.String())
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"nosuch"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), `unknown suite "nosuch"`) {
		t.Errorf("unknown suite: code %d, stderr %q", code, stderr.String())
	}
}

// TestCoresProbe: the probe's runners do their work on one goroutine and
// on two, also after the helper has parked, and close ends the helper.
func TestCoresProbe(t *testing.T) {
	before := runtime.NumGoroutine()
	one, two := probeRunner(1), probeRunner(2)
	for range 3 {
		one.run()
		two.run()
	}
	time.Sleep(5 * probeIdle) // the helper parks
	s0 := probeSink.Load()
	two.run()
	if probeSink.Load() == s0 {
		t.Fatal("the two-goroutine probe did no work after its helper parked")
	}
	two.close()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after close, %d before", n, before)
	}
}

// TestCoresProbeLine: the table has a cores line after a shape of 256² with
// two-thread sides, and none after a smaller shape or in JSON.
func TestCoresProbeLine(t *testing.T) {
	sides := []side{larmorSide[complex64](fft.NewPlan, 1), larmorSide[complex64](fft.NewPlan, 2)}
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"-sizes", "256x256,64"}, 1},
		{[]string{"-sizes", "256x256", "-json"}, 0},
	} {
		var stderr bytes.Buffer
		cfg, err := parseFFTFlags(append(c.args, "-batch", "100us", "-batches", "3"), &stderr)
		if err != nil {
			t.Fatal(err, stderr.String())
		}
		var out bytes.Buffer
		if err := runFFTSuite(context.Background(), cfg, sides, &out); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(out.String(), "cores: arithmetic"); n != c.want {
			t.Errorf("%v: %d cores lines, want %d:\n%s", c.args, n, c.want, out.String())
		}
	}
}
