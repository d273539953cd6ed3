package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/argusdusty/gofft"
	"github.com/larmor-mri/larmor/recon/fft"
	"github.com/mjibson/go-dsp/dsputils"
	godsp "github.com/mjibson/go-dsp/fft"
	"gonum.org/v1/gonum/dsp/fourier"
)

// The element types, as named in the table and the JSON lines.
const (
	c64  = "complex64"
	c128 = "complex128"
)

// checkTol is the largest relative RMS difference from the reference that a
// side's output may have before it is timed. Rounding to float32 gives about
// 1e-7 at these sizes (larmor documents a few times 1e-8; single-precision
// FFTW about 1e-7), so 1e-4 passes every correct side, while wrong work
// (sign, scaling, centring, layout) differs by O(1).
const checkTol = 1e-4

// naiveMaxOps bounds the work of the naive reference DFT, counted as
// len(x)·Σdims complex multiply-adds (about a second at 3e8). Larger shapes
// are checked against larmor's complex64 output instead: every side must
// then agree with larmor, so a wrong larmor would stop the run too.
const naiveMaxOps = 3e8

// maxElems bounds a -sizes shape: 1<<26 elements are 1 GiB per complex128
// array, and a shape needs several.
const maxElems = 1 << 26

// larmorThreads returns the worker counts timed for larmor, as for FFTW.
func larmorThreads() []int { return []int{1, 2} }

// fftConfig is the parsed command line of the fft suite.
type fftConfig struct {
	shapes  [][]int
	json    bool
	batch   time.Duration // least duration of a timed batch
	batches int           // timed batches per result
	// quantile of the batches' times per call that is reported: 0.5, the
	// median, by default.
	quantile float64
}

// defaultShapes are the shapes of issue 4: 1D 64 to 4096, square 2D from
// 64² to 1024² with odd and non-power-of-two sizes (192 = 3·2⁶,
// 240 = 2⁴·3·5, 257 prime, 270 = 2·3³·5, 320, 384), and 128³.
func defaultShapes() [][]int {
	s := [][]int{{64}, {128}, {256}, {512}, {1024}, {2048}, {4096}}
	for _, n := range []int{64, 128, 192, 240, 256, 257, 270, 320, 384, 512, 1024} {
		s = append(s, []int{n, n})
	}
	return append(s, []int{128, 128, 128})
}

func runFFT(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFFTFlags(args, stderr)
	if err != nil {
		return err
	}
	return runFFTSuite(ctx, cfg, fftSides(), stdout)
}

func parseFFTFlags(args []string, stderr io.Writer) (fftConfig, error) {
	fs := flag.NewFlagSet("fft", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "", "comma-separated `shapes`, first dimension fastest, e.g. 1024,256x256,128x128x128 (default: all of issue 4)")
	quick := fs.Bool("quick", false, "short run: batches of 1 ms, median of 3")
	asJSON := fs.Bool("json", false, "print one JSON object per timed result instead of the table")
	batch := fs.Duration("batch", 0, "least `duration` of a timed batch (default 4ms, 1ms with -quick)")
	batches := fs.Int("batches", 0, "timed batches per result, of which the median is reported (default 7, 3 with -quick)")
	quantile := fs.Float64("quantile", 0.5, "report this `quantile` of the batches' times instead of the median (0 the fastest batch): on a\nshared machine a low one, over many batches, approaches the time with the cores free")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run [-tags fftw] ./bench fft [flags]\n\n"+
			"Times larmor's forward FFT against FFTW (with -tags fftw), gonum dsp/fourier,\n"+
			"go-dsp and gofft on the same input, checks every output, and prints ratios.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return fftConfig{}, err
		}
		return fftConfig{}, errUsage
	}
	bad := func(format string, a ...any) (fftConfig, error) {
		fmt.Fprintf(fs.Output(), "bench fft: "+format+"\n", a...)
		fs.Usage()
		return fftConfig{}, errUsage
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument(s): %s", strings.Join(fs.Args(), " "))
	}
	cfg := fftConfig{json: *asJSON, batch: 4 * time.Millisecond, batches: 7, quantile: *quantile}
	if !(*quantile >= 0 && *quantile <= 1) {
		return bad("-quantile is %v, want 0 to 1", *quantile)
	}
	if *quick {
		cfg.batch, cfg.batches = time.Millisecond, 3
	}
	if *batch < 0 {
		return bad("-batch is %v, want a positive duration", *batch)
	} else if *batch > 0 {
		cfg.batch = *batch
	}
	if *batches < 0 {
		return bad("-batches is %d, want at least 1", *batches)
	} else if *batches > 0 {
		cfg.batches = *batches
	}
	if *sizes == "" {
		cfg.shapes = defaultShapes()
	} else {
		for _, s := range strings.Split(*sizes, ",") {
			sh, err := parseShape(strings.TrimSpace(s))
			if err != nil {
				return bad("-sizes: %v", err)
			}
			cfg.shapes = append(cfg.shapes, sh)
		}
	}
	return cfg, nil
}

// parseShape reads a shape such as 256x128 (first dimension fastest).
func parseShape(s string) ([]int, error) {
	var sh []int
	n := 1
	for _, f := range strings.Split(s, "x") {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("shape %q: %q is not a size (want a positive integer, dimensions joined by x)", s, f)
		}
		if v > maxElems/n {
			return nil, fmt.Errorf("shape %q has more than %d elements", s, maxElems)
		}
		n *= v
		sh = append(sh, v)
	}
	if len(sh) > fft.MaxDims {
		return nil, fmt.Errorf("shape %q has %d dimensions, at most %d allowed", s, len(sh), fft.MaxDims)
	}
	return sh, nil
}

// inputs is the input of one shape, the same numbers for every side: random
// complex64 values, and the same values widened (exactly) to complex128.
type inputs struct {
	c64  []complex64
	c128 []complex128
}

func newInputs(n int) inputs {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	in := inputs{make([]complex64, n), make([]complex128, n)}
	for i := range in.c64 {
		in.c64[i] = complex(float32(2*r.Float64()-1), float32(2*r.Float64()-1))
		in.c128[i] = complex128(in.c64[i])
	}
	return in
}

// side is one implementation, element type and thread count.
type side struct {
	impl    string // larmor, fftw, gonum, godsp, gofft
	dtype   string // c64 or c128
	threads int
	// skip, if not nil, says why the side cannot transform a shape, or "".
	skip func(sh []int) string
	// make prepares the side for one shape (plans, buffers, the input); it
	// is not timed.
	make func(sh []int, in inputs) (*runner, error)
}

func (s side) String() string { return fmt.Sprintf("%s %s threads=%d", s.impl, s.dtype, s.threads) }

// runner is a side made ready for one shape.
type runner struct {
	run   func()              // one forward transform: the timed call
	out   func() []complex128 // the output of the last run, widened
	in    func() []complex128 // the input the side reads, widened: it must not change
	close func()              // frees what make allocated outside Go; may be nil
}

// fftSides lists the sides in the order they are timed and printed: for
// each element type the FFTW reference first, so that every row's ratio is
// known when it is printed.
func fftSides() []side {
	s := fftwSides(c64)
	for _, t := range larmorThreads() {
		s = append(s, larmorSide[complex64](fft.NewPlan, t))
	}
	s = append(s, fftwSides(c128)...)
	s = append(s, larmor128Sides()...)
	return append(s, gonumSide(), godspSide(), gofftSide())
}

// larmor128Sides returns the larmor complex128 sides.
func larmor128Sides() []side {
	var s []side
	for _, t := range larmorThreads() {
		s = append(s, larmorSide[complex128](fft.NewPlan128, t))
	}
	return s
}

// fwdPlan is a larmor plan for elements of type T.
type fwdPlan[T complex64 | complex128] interface {
	Forward(dst, src []T) []T
}

// larmorSide times larmor's Plan.Forward, uncentred (every side computes
// the plain DFT; larmor's default is centred) and unnormalised, made by
// newPlan (fft.NewPlan, or a complex128 constructor with the same signature).
func larmorSide[T complex64 | complex128, P fwdPlan[T]](newPlan func([]int, uint32, fft.Options) (P, error), threads int) side {
	return side{impl: "larmor", dtype: dtypeOf[T](), threads: threads,
		make: func(sh []int, in inputs) (*runner, error) {
			p, err := newPlan(sh, 1<<len(sh)-1, fft.Options{Uncentred: true, Workers: threads})
			if err != nil {
				return nil, err
			}
			src := inputOf[T](in)
			dst := make([]T, len(src))
			return &runner{
				run: func() { p.Forward(dst, src) },
				out: func() []complex128 { return widen(dst) },
				in:  func() []complex128 { return widen(src) },
			}, nil
		}}
}

// gonumSide times gonum's dsp/fourier CmplxFFT. It is 1D only, so an N-d
// transform is what a user would write: rows (contiguous, out of place from
// src into dst), then every other dimension line by line through a
// gather/scatter buffer, transformed in place.
func gonumSide() side {
	return side{impl: "gonum", dtype: c128, threads: 1,
		make: func(sh []int, in inputs) (*runner, error) {
			plans := make([]*fourier.CmplxFFT, len(sh))
			for d, n := range sh {
				if i := slices.Index(sh[:d], n); i >= 0 {
					plans[d] = plans[i]
				} else {
					plans[d] = fourier.NewCmplxFFT(n)
				}
			}
			src := inputOf[complex128](in)
			dst := make([]complex128, len(src))
			buf := make([]complex128, slices.Max(sh))
			nx := sh[0]
			run := func() {
				for i := 0; i < len(src); i += nx {
					plans[0].Coefficients(dst[i:i+nx], src[i:i+nx])
				}
				linePasses(dst, sh, 1, buf, func(d int, line []complex128) {
					plans[d].Coefficients(line, line)
				})
			}
			return &runner{
				run: run,
				out: func() []complex128 { return slices.Clone(dst) },
				in:  func() []complex128 { return slices.Clone(src) },
			}, nil
		}}
}

// godspSide times go-dsp's FFT (1D), FFT2 (2D, on row slices of the flat
// input) and FFTN (3D and more, on a dsputils.Matrix wrapping the flat
// input). They allocate their results: FFT's is the output, while FFT2's
// rows and FFTN's lines are copied into a flat dst inside the timed call, as
// a caller holding a flat array must. go-dsp's radix-2 stages run on a pool
// of goroutines, set to 1 worker (SetWorkerPoolSize) for the single-thread
// row.
func godspSide() side {
	return side{impl: "godsp", dtype: c128, threads: 1,
		make: func(sh []int, in inputs) (*runner, error) {
			godsp.SetWorkerPoolSize(1)
			src := inputOf[complex128](in)
			dst := make([]complex128, len(src))
			var run func()
			switch nx := sh[0]; len(sh) {
			case 1:
				run = func() { dst = godsp.FFT(src) }
			case 2:
				rows := make([][]complex128, sh[1])
				for j := range rows {
					rows[j] = src[j*nx : (j+1)*nx : (j+1)*nx]
				}
				run = func() {
					for j, r := range godsp.FFT2(rows) {
						copy(dst[j*nx:], r)
					}
				}
			default:
				// dsputils.Matrix stores the last dimension fastest.
				rev := slices.Clone(sh)
				slices.Reverse(rev)
				m := dsputils.MakeMatrix(src, rev)
				run = func() {
					res := godsp.FFTN(m)
					idx := make([]int, len(rev))
					idx[len(idx)-1] = -1
					for i := 0; i < len(dst); i += nx {
						copy(dst[i:], res.Dim(idx))
						// Next line: odometer over rev[:len-1], last fastest.
						for d := len(idx) - 2; d >= 0; d-- {
							if idx[d]++; idx[d] < rev[d] {
								break
							}
							idx[d] = 0
						}
					}
				}
			}
			return &runner{
				run: run,
				out: func() []complex128 { return slices.Clone(dst) },
				in:  func() []complex128 { return slices.Clone(src) },
			}, nil
		}}
}

// gofftSide times github.com/argusdusty/gofft, which transforms in place and
// only powers of two: the timed call copies src into dst (what a caller who
// keeps src must do), transforms the rows of dst in place, then every other
// dimension line by line through a gather/scatter buffer.
func gofftSide() side {
	return side{impl: "gofft", dtype: c128, threads: 1,
		skip: func(sh []int) string {
			for _, n := range sh {
				if n&(n-1) != 0 {
					return "not a power of 2 (radix 2 only)"
				}
			}
			return ""
		},
		make: func(sh []int, in inputs) (*runner, error) {
			src := inputOf[complex128](in)
			dst := make([]complex128, len(src))
			buf := make([]complex128, slices.Max(sh))
			nx := sh[0]
			f := func(_ int, line []complex128) {
				if err := gofft.FFT(line); err != nil {
					panic(err) // sizes were checked by skip
				}
			}
			run := func() {
				copy(dst, src)
				for i := 0; i < len(dst); i += nx {
					f(0, dst[i:i+nx])
				}
				linePasses(dst, sh, 1, buf, f)
			}
			return &runner{
				run: run,
				out: func() []complex128 { return slices.Clone(dst) },
				in:  func() []complex128 { return slices.Clone(src) },
			}, nil
		}}
}

// linePasses calls f on every line of x along each dimension d >= from of
// the shape sh (first dimension fastest), gathering the strided line into
// buf and scattering it back afterwards.
func linePasses(x []complex128, sh []int, from int, buf []complex128, f func(d int, line []complex128)) {
	stride := 1
	for _, n := range sh[:from] {
		stride *= n
	}
	for d := from; d < len(sh); d++ {
		n := sh[d]
		line := buf[:n]
		for b := 0; b < len(x); b += stride * n {
			for a := b; a < b+stride; a++ {
				for j := range line {
					line[j] = x[a+j*stride]
				}
				f(d, line)
				for j, v := range line {
					x[a+j*stride] = v
				}
			}
		}
		stride *= n
	}
}

func dtypeOf[T complex64 | complex128]() string {
	var z T
	if _, ok := any(z).(complex64); ok {
		return c64
	}
	return c128
}

// inputOf returns a copy of the input in the element type T, so that a side
// that wrote to its input could not change another side's.
func inputOf[T complex64 | complex128](in inputs) []T {
	var z T
	if _, ok := any(z).(complex64); ok {
		return any(slices.Clone(in.c64)).([]T)
	}
	return any(slices.Clone(in.c128)).([]T)
}

// widen returns a complex128 copy of x.
func widen[T complex64 | complex128](x []T) []complex128 {
	w := make([]complex128, len(x))
	for i, v := range x {
		w[i] = complex128(v)
	}
	return w
}

// naiveDFT returns the unnormalised forward DFT of x along every dimension
// of sh (first fastest), X[k] = Σ_j x[j] exp(-2πi jk/n) per dimension, by
// direct summation with an exact twiddle table.
func naiveDFT(x []complex128, sh []int) []complex128 {
	y := slices.Clone(x)
	buf := make([]complex128, slices.Max(sh))
	res := make([]complex128, len(buf))
	for d, n := range sh {
		w := make([]complex128, n)
		for m := range w {
			s, c := math.Sincos(-2 * math.Pi * float64(m) / float64(n))
			w[m] = complex(c, s)
		}
		linePasses(y, sh[:d+1], d, buf, func(_ int, line []complex128) {
			for k := range line {
				var sum complex128
				m := 0
				for _, v := range line {
					sum += v * w[m]
					if m += k; m >= n {
						m -= n
					}
				}
				res[k] = sum
			}
			copy(line, res[:len(line)])
		})
	}
	return y
}

// relRMS returns ‖a-b‖/‖b‖.
func relRMS(a, b []complex128) float64 {
	var num, den float64
	for i := range b {
		d := a[i] - b[i]
		num += real(d)*real(d) + imag(d)*imag(d)
		den += real(b[i])*real(b[i]) + imag(b[i])*imag(b[i])
	}
	return math.Sqrt(num / den)
}

// result is one row of the table and one JSON line.
type result struct {
	Suite   string `json:"suite"`
	Dtype   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Impl    string `json:"impl"`
	Threads int    `json:"threads"`
	NS      int64  `json:"ns"`     // median (or -quantile) time per call
	Allocs  int64  `json:"allocs"` // Go heap allocations per call

	skipped string // why the side was not timed, or ""
}

// timed is a side made ready and checked for one shape, and its timings.
type timed struct {
	res    *result
	r      *runner
	n      int       // calls per batch
	per    []float64 // ns per call of each timed batch
	allocs int64     // fewest Go heap allocations per call in a timed batch
	probe  bool      // a cores probe (see cores.go), not a side
}

// batch runs n calls of r and returns their duration and the Go heap
// allocations they made.
func batch(r *runner, n int) (time.Duration, uint64) {
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	for range n {
		r.run()
	}
	d := time.Since(t0)
	runtime.ReadMemStats(&m1)
	return d, m1.Mallocs - m0.Mallocs
}

// warmUp runs r until a batch of n calls takes at least cfg.batch and
// returns n. first is the duration of the first call, already made; a first
// call that long is the warm-up on its own.
func warmUp(ctx context.Context, cfg fftConfig, r *runner, first time.Duration) (int, error) {
	n, d := 1, first
	for d < cfg.batch {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		grow := 100.0
		if d > 0 {
			grow = min(grow, 1.2*float64(cfg.batch)/float64(d))
		}
		n = max(n+1, int(float64(n)*grow))
		d, _ = batch(r, n)
	}
	return n, nil
}

// rewarm is the untimed run before every timed batch, in batch lengths
// (see timeSides).
const rewarm = 5

// timeSides times every side of a shape in cfg.batches rounds, one batch of
// each side per round, the order of the sides rotated from round to round,
// and untimed calls for rewarm batch lengths (at least one call) before
// every batch: they bring the side's data back into the caches and wake
// its threads after the other sides ran. The machine's load changes over
// seconds, so timing the sides one after the other let it bias their
// ratios; interleaved, a slow spell lands on every side alike. One untimed
// call was not enough where a call is long: after the other sides of
// 1024² had run (gofft, go-dsp and gonum for 50–140 ms each, on one
// core, through arrays of 16 MiB and more), larmor complex64 one worker
// took 6.6–8.8 ms, then 4.0–4.6 ms, and 3.5–3.7 ms only from the third
// or fourth call on; two workers 3.5–3.9, then 2.3–3.1, then 1.7–1.9 ms.
// With a batch of 4 ms a call there, the medians were those second calls:
// two workers against one 1.61× (complex64) and 1.74× (complex128), FFTW's
// two threads against one 1.24× and 1.37×; with rewarm, 2.11× and 2.19×,
// FFTW's 1.66× and 1.95× (-batches 9 and 15, one run each). Before the
// untimed calls a full collection clears the garbage of the side before
// (go-dsp makes megabytes a call): its marking and sweeping otherwise run
// on into the next batch, on the core a two-thread side needs (larmor
// complex64 256² on two workers, bench medians of three runs each: 80–91
// µs, 77–79 µs with the collector off). Each result gets the median time
// per call of its batches, or the quantile cfg asks for.
func timeSides(ctx context.Context, cfg fftConfig, ts []*timed) error {
	for r := range cfg.batches {
		for i := range ts {
			t := ts[(i+r)%len(ts)]
			if err := ctx.Err(); err != nil {
				return err
			}
			runtime.GC()
			for t0 := time.Now(); ; {
				t.r.run()
				if time.Since(t0) >= rewarm*cfg.batch {
					break
				}
			}
			d, m := batch(t.r, t.n)
			t.per = append(t.per, float64(d.Nanoseconds())/float64(t.n))
			t.allocs = min(t.allocs, int64(m/uint64(t.n)))
		}
	}
	for _, t := range ts {
		slices.Sort(t.per)
		t.res.NS, t.res.Allocs = int64(math.Round(quantileOf(t.per, cfg.quantile))), t.allocs
	}
	return nil
}

// quantileOf returns the q-quantile of the sorted values x, interpolating
// linearly between neighbours (q = 0.5 gives the median, the mean of the
// middle two for an even count).
func quantileOf(x []float64, q float64) float64 {
	pos := q * float64(len(x)-1)
	i := int(pos)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (pos-float64(i))*(x[i+1]-x[i])
}

// runFFTSuite checks and times every side on every shape of cfg and prints
// the table (or the JSON lines) to w as the results come.
func runFFTSuite(ctx context.Context, cfg fftConfig, sides []side, w io.Writer) error {
	if !cfg.json {
		printFFTHeader(w, cfg)
	}
	for _, sh := range cfg.shapes {
		if err := runShape(ctx, cfg, sides, sh, w); err != nil {
			return err
		}
	}
	return nil
}

func runShape(ctx context.Context, cfg fftConfig, sides []side, sh []int, w io.Writer) error {
	n := 1
	sum := 0
	for _, v := range sh {
		n *= v
		sum += v
	}
	in := newInputs(n)
	var ref []complex128
	refName := "the naive DFT"
	if float64(n)*float64(sum) <= naiveMaxOps {
		ref = naiveDFT(in.c128, sh)
	} else {
		p, err := fft.NewPlan(sh, 1<<len(sh)-1, fft.Options{Uncentred: true})
		if err != nil {
			return fmt.Errorf("%s: reference plan: %v", shapeString(sh), err)
		}
		ref = widen(p.Forward(nil, in.c64))
		refName = "larmor complex64"
	}

	results := make([]result, len(sides))
	var ts []*timed
	defer func() {
		for _, t := range ts {
			if t.r.close != nil {
				t.r.close()
			}
		}
	}()
	for i, sd := range sides {
		res := &results[i]
		*res = result{Suite: "fft", Dtype: sd.dtype, Shape: sh, Impl: sd.impl, Threads: sd.threads}
		if sd.skip != nil {
			if res.skipped = sd.skip(sh); res.skipped != "" {
				continue
			}
		}
		t, err := prepare(ctx, cfg, sd, sh, in, ref, refName)
		if t != nil {
			t.res = res
			ts = append(ts, t)
		}
		if err != nil {
			return err
		}
	}
	var probe [2]result
	if !cfg.json && n >= probeMinElems && slices.ContainsFunc(sides, func(sd side) bool { return sd.threads > 1 }) {
		for i := range probe {
			r := probeRunner(i + 1)
			t := &timed{r: r, res: &probe[i], probe: true, allocs: math.MaxInt64}
			ts = append(ts, t)
			t0 := time.Now()
			r.run()
			var err error
			if t.n, err = warmUp(ctx, cfg, r, time.Since(t0)); err != nil {
				return err
			}
		}
	}
	if err := timeSides(ctx, cfg, ts); err != nil {
		return err
	}
	for _, t := range ts {
		if t.probe {
			continue
		}
		// The timed calls must leave the same output.
		if e := relRMS(t.r.out(), ref); !(e <= checkTol) {
			return fmt.Errorf("%s %s %s threads=%d: output after timing differs from %s by %.3g relative RMS",
				shapeString(sh), t.res.Impl, t.res.Dtype, t.res.Threads, refName, e)
		}
	}
	for i, res := range results {
		if cfg.json {
			if res.skipped == "" {
				b, err := json.Marshal(res)
				if err != nil {
					return err
				}
				if _, err := fmt.Fprintf(w, "%s\n", b); err != nil {
					return err
				}
			}
		} else if err := printFFTRow(w, res, i == 0, results[:i+1]); err != nil {
			return err
		}
	}
	if !cfg.json {
		if probe[1].NS > 0 {
			if _, err := fmt.Fprintf(w, "%-12s cores: arithmetic %.2f× as fast on 2 goroutines as on 1 in these rounds\n", "", float64(probe[0].NS)/float64(probe[1].NS)); err != nil {
				return err
			}
		}
		_, err := fmt.Fprintln(w)
		return err
	}
	return nil
}

// prepare makes sd for sh, checks its first output against ref and that
// its input is unchanged, and finds its batch size. The runner it returns
// (also with an error, once made) must be closed.
func prepare(ctx context.Context, cfg fftConfig, sd side, sh []int, in inputs, ref []complex128, refName string) (*timed, error) {
	r, err := sd.make(sh, in)
	if err != nil {
		return nil, fmt.Errorf("%s %v: %v", shapeString(sh), sd, err)
	}
	t := &timed{r: r, allocs: math.MaxInt64}
	runtime.GC() // the garbage of earlier sides is not this side's cost
	t0 := time.Now()
	r.run()
	first := time.Since(t0)
	if e := relRMS(r.out(), ref); !(e <= checkTol) {
		return t, fmt.Errorf("%s %v: output differs from %s by %.3g relative RMS (tolerance %g); refusing to time wrong work", shapeString(sh), sd, refName, e, checkTol)
	}
	if !slices.Equal(r.in(), in.c128) {
		return t, fmt.Errorf("%s %v: the transform changed its input; every side must be out of place from the caller's view", shapeString(sh), sd)
	}
	t.n, err = warmUp(ctx, cfg, r, first)
	return t, err
}

func shapeString(sh []int) string {
	s := make([]string, len(sh))
	for i, v := range sh {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, "x")
}

// ratioRef returns the result that res is compared with among done: FFTW of
// the same element type and thread count (1 thread if that is missing) or,
// without FFTW, larmor complex64 on 1 thread.
func ratioRef(res result, done []result) (result, bool) {
	find := func(impl, dtype string, threads int) (result, bool) {
		for _, d := range done {
			if d.Impl == impl && d.Dtype == dtype && d.Threads == threads && d.skipped == "" {
				return d, true
			}
		}
		return result{}, false
	}
	if !fftwBuilt {
		return find("larmor", c64, 1)
	}
	if r, ok := find("fftw", res.Dtype, res.Threads); ok {
		return r, true
	}
	return find("fftw", res.Dtype, 1)
}

const rowFormat = "%-12s %-7s %-10s %7s %10s %8s %7s %9s\n"

func printFFTHeader(w io.Writer, cfg fftConfig) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("bench fft: forward DFT, out of place from the caller's view, plans made before timing\n")
	p("  work:    every side computes the plain (uncentred) unnormalised DFT X[k] = Σ x[j] exp(-2πi jk/N)\n")
	p("           along every dimension: larmor with fft.Options{Uncentred: true}, as its default is centred\n")
	p("  input:   the same random array for every side (complex64 values, widened exactly for complex128);\n")
	p("           shapes are first dimension fastest\n")
	stat := "median"
	if cfg.quantile != 0.5 {
		stat = fmt.Sprintf("quantile %g", cfg.quantile)
	}
	p("  time:    %s per call of %d batches of ≥ %v each; the sides of a shape take turns, a batch\n", stat, cfg.batches, cfg.batch)
	p("           each per round, so that the machine's changing load falls on all alike, every batch\n")
	p("           after %v of untimed calls of the same side (its data back in the caches)\n", rewarm*cfg.batch)
	p("  allocs:  Go heap allocations per call (fewest in a batch; C allocations are not seen)\n")
	p("  check:   before timing, every output within %g relative RMS of the naive DFT (of larmor complex64\n", checkTol)
	p("           where the naive DFT would take over %.0e operations), and every input left unchanged\n", naiveMaxOps)
	if fftwBuilt {
		p("  ratio:   time / FFTW time, same dtype and thread count (ref): complex64 / fftwf, complex128 / fftw\n")
	} else {
		p("  ratio:   time / larmor complex64 time (1 thread, ref), because FFTW is not built in\n")
		p("           (go run -tags fftw ./bench fft adds it; needs cgo and libfftw3-dev)\n")
	}
	p("  speed-up: on rows of more than one thread, the same side's one-thread time / this time\n")
	p("  cores:   after shapes of %d elements or more, the speed-up of register-only arithmetic on two\n", probeMinElems)
	p("           goroutines over one, timed in the same rounds: 2× with both cores free, less when the\n")
	p("           two-thread rows ran in a spell of load on the second core\n")
	p("  sides:   larmor: recon/fft Plan.Forward(dst, src) (complex64), Plan128.Forward (complex128),\n")
	p("                  Options.Workers = threads\n")
	if fftwBuilt {
		p("           fftw: %s\n", fftwInfo())
	}
	p("           gonum: dsp/fourier CmplxFFT (1D); N-d as rows, then columns via a gather/scatter buffer\n")
	p("           godsp: go-dsp FFT, FFT2, FFTN, which allocate their results; the 2D and 3D ones are\n")
	p("                  copied to a flat dst in the timed call; SetWorkerPoolSize(1)\n")
	p("           gofft: in place, so the timed call copies src into dst first; N-d as gonum; powers of 2\n")
	p("  machine: %s %s/%s, %s, %d CPUs, GOMAXPROCS %d\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	p(rowFormat, "shape", "impl", "dtype", "threads", "time", "allocs", "ratio", "speed-up")
}

func printFFTRow(w io.Writer, res result, firstOfShape bool, done []result) error {
	shape := ""
	if firstOfShape {
		shape = shapeString(res.Shape)
	}
	if res.skipped != "" {
		_, err := fmt.Fprintf(w, "%-12s %-7s %-10s %7d   %s\n", shape, res.Impl, res.Dtype, res.Threads, res.skipped)
		return err
	}
	ratio := "-"
	if ref, ok := ratioRef(res, done); ok && ref.Impl == res.Impl && ref.Dtype == res.Dtype && ref.Threads == res.Threads {
		ratio = "ref"
	} else if ok && ref.NS > 0 {
		r := float64(res.NS) / float64(ref.NS)
		if r >= 100 {
			ratio = fmt.Sprintf("%.0f", r)
		} else {
			ratio = fmt.Sprintf("%.2f", r)
		}
	}
	line := fmt.Sprintf(rowFormat, shape, res.Impl, res.Dtype, strconv.Itoa(res.Threads), formatNS(res.NS), strconv.FormatInt(res.Allocs, 10), ratio, speedup(res, done))
	_, err := io.WriteString(w, strings.TrimRight(line, " \n")+"\n")
	return err
}

// speedup returns, for a result on more than one thread, the time of the
// same implementation and element type on one thread over its time ("1.94×"),
// "-" when that is not known, and "" for a one-thread result.
func speedup(res result, done []result) string {
	if res.Threads <= 1 {
		return ""
	}
	for _, d := range done {
		if d.Impl == res.Impl && d.Dtype == res.Dtype && d.Threads == 1 && d.skipped == "" && d.NS > 0 && res.NS > 0 {
			return fmt.Sprintf("%.2f×", float64(d.NS)/float64(res.NS))
		}
	}
	return "-"
}

// formatNS prints a duration in ns with three significant digits.
func formatNS(ns int64) string {
	v, unit := float64(ns), "ns"
	for _, u := range []string{"µs", "ms", "s"} {
		if v < 999.5 {
			break
		}
		v, unit = v/1000, u
	}
	switch {
	case v < 9.995 && unit != "ns":
		return fmt.Sprintf("%.2f %s", v, unit)
	case v < 99.95 && unit != "ns":
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.0f %s", v, unit)
}

// cpuModel returns the processor's name from /proc/cpuinfo, or "unknown CPU".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}
