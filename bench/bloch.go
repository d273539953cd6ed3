package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

// blochCase is one workload of the bloch suite.
type blochCase struct {
	name   string
	unit   string  // the JSON field of the rate, or "seconds"
	work   float64 // spin·samples or spin·steps per run (0 for seconds)
	seq    *seq.Sequence
	obj    *phantom.Object
	opts   bloch.Options
	detail string
}

func runBloch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bloch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quick := fs.Bool("quick", false, "fewer repeats (same workloads)")
	asJSON := fs.Bool("json", false, "one JSON object per line instead of a table")
	komaSeq := fs.String("koma-seq", "", "the JEMRIS EPI `FILE.seq` of koma_epi (default: the repository's bloch/seq/testdata/pulseq/"+komaSeqName+")")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./bench bloch [-quick] [-json] [-koma-seq FILE.seq]\n\nTimes the Bloch simulator on fixed workloads and prints its rates.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bench bloch: unexpected arguments %v\n", fs.Args())
		return errUsage
	}
	repeats := 7
	if *quick {
		repeats = 3
	}
	cases, err := blochCases(*komaSeq)
	if err != nil {
		return err
	}
	if !*asJSON {
		fmt.Fprintf(stdout, "bench bloch: larmor's Bloch simulator, median of %d runs after a warm-up; %s, GOMAXPROCS %d\n", repeats, runtime.Version(), runtime.GOMAXPROCS(0))
		fmt.Fprintf(stdout, "  (peer: bart sim --ROT on the rf kernel, when bart is on PATH; anchor: KomaMRI's paper ran koma_epi in 0.24 s on an RTX 2080 Ti)\n\n")
		fmt.Fprintf(stdout, "%-9s %-7s %14s %12s %8s  %s\n", "case", "threads", "rate", "time", "allocs", "workload")
	}
	for _, c := range cases {
		for _, threads := range []int{1, 2} {
			if err := ctx.Err(); err != nil {
				return err
			}
			o := c.opts
			o.Workers = threads
			if _, err := bloch.Simulate(ctx, c.seq, c.obj, o); err != nil { // warm-up and check
				return fmt.Errorf("%s: %w", c.name, err)
			}
			var times []float64
			var allocs uint64
			for range repeats {
				var m0, m1 runtime.MemStats
				runtime.ReadMemStats(&m0)
				t0 := time.Now()
				if _, err := bloch.Simulate(ctx, c.seq, c.obj, o); err != nil {
					return err
				}
				times = append(times, time.Since(t0).Seconds())
				runtime.ReadMemStats(&m1)
				allocs = m1.Mallocs - m0.Mallocs
			}
			sort.Float64s(times)
			sec := times[len(times)/2]
			rec := map[string]any{"suite": "bloch", "case": c.name, "impl": "larmor", "threads": threads, "allocs": allocs}
			rate := ""
			if c.work > 0 {
				rec[c.unit] = c.work / sec
				rate = fmt.Sprintf("%.3g/s", c.work/sec)
			} else {
				rec["spins"] = c.obj.Len()
			}
			rec["seconds"] = sec
			if *asJSON {
				b, _ := json.Marshal(rec)
				fmt.Fprintln(stdout, string(b))
			} else {
				fmt.Fprintf(stdout, "%-9s %-7d %14s %10.4f s %8d  %s\n", c.name, threads, rate, sec, allocs, c.detail)
			}
		}
		if c.name == "rf" {
			larmorRF := func() (float64, error) {
				o := c.opts
				o.Workers = 1
				t0 := time.Now()
				if _, err := bloch.Simulate(ctx, c.seq, c.obj, o); err != nil {
					return 0, err
				}
				return c.work / time.Since(t0).Seconds(), nil
			}
			if err := runBARTRF(ctx, stdout, *asJSON, repeats, larmorRF); err != nil {
				return err
			}
		}
	}
	return nil
}

// blochCases builds the workloads.
func blochCases(komaSeq string) ([]blochCase, error) {
	sys := seq.DefaultSystem()
	var cases []blochCase

	// readout: 65,536 spins on a grid, one excitation, then 4,096 samples on
	// a constant gradient: the free-precession kernel.
	{
		const n, samples, dwell = 256, 4096, 4e-6
		obj := grid(n, 0.256)
		rf, dur, err := seq.HardPulse(sys, math.Pi/2, 20e-6, 0, seq.Excitation)
		if err != nil {
			return nil, err
		}
		g := 1 / (0.256 * dwell) / 16 // a slow readout: a few cycles across the object
		s := &seq.Sequence{System: sys, Blocks: []seq.Block{
			{Duration: dur, RF: rf},
			{Duration: samples * dwell, Gx: &seq.Gradient{Waveform: []float64{g, g}, Times: []float64{0, samples * dwell}},
				ADC: &seq.ADC{Samples: samples, Dwell: dwell}},
		}}
		cases = append(cases, blochCase{name: "readout", unit: "spin_samples_per_s", work: float64(obj.Len() * samples),
			seq: s, obj: obj, detail: fmt.Sprintf("%d spins × %d samples on a constant gradient", obj.Len(), samples)})
	}
	// rf: a 2,000-sample shaped pulse under gradients on x, y and z, on
	// 4,096 spins at distinct random positions, so that no two share a
	// rotation: the exact per-spin RF kernel.
	{
		r := rand.New(rand.NewPCG(1, 1))
		obj := &phantom.Object{}
		for range 4096 {
			obj.X = append(obj.X, (r.Float64()-0.5)*0.2)
			obj.Y = append(obj.Y, (r.Float64()-0.5)*0.2)
			obj.Z = append(obj.Z, (r.Float64()-0.5)*0.01)
			obj.M0 = append(obj.M0, 1)
			obj.T1 = append(obj.T1, 1)
			obj.T2 = append(obj.T2, 0.1)
		}
		rf, gz, dur, err := seq.SincPulse{FlipAngle: math.Pi / 2, Duration: 2e-3, TimeBandwidth: 4, Apodization: 0.5,
			SliceThickness: 5e-3, Dwell: 1e-6, Use: seq.Excitation}.Make(sys)
		if err != nil {
			return nil, err
		}
		gx := &seq.Gradient{Delay: gz.Delay, Amplitude: 1000, Rise: gz.Rise, Flat: gz.Flat, Fall: gz.Fall}
		s := &seq.Sequence{System: sys, Blocks: []seq.Block{
			{Duration: dur, RF: rf, Gx: gx, Gy: gx, Gz: gz},
			{Duration: 1e-4, ADC: &seq.ADC{Samples: 1, Dwell: 1e-4}},
		}}
		cases = append(cases, blochCase{name: "rf", unit: "spin_steps_per_s", work: float64(obj.Len() * len(rf.Signal)),
			seq: s, obj: obj, detail: fmt.Sprintf("%d spins × %d RF samples, no shared rotations", obj.Len(), len(rf.Signal))})
	}
	// koma_epi: the KomaMRI paper's speed workload, a 2D brain phantom of
	// 25,841 spins under the 100×100 EPI that JEMRIS wrote
	// (epi_100x100_TE100_FOV230.seq), read from the Pulseq file.
	{
		s, err := readKomaSeq(komaSeq)
		if err != nil {
			return nil, err
		}
		obj, err := phantom.Brain2D(280, 0.23, 1.5)
		if err != nil {
			return nil, err
		}
		obj = everyKth(obj, 25841)
		cases = append(cases, blochCase{name: "koma_epi", unit: "spin_samples_per_s", work: float64(obj.Len() * 10000),
			seq: s, obj: obj, detail: fmt.Sprintf("brain phantom, %d spins, JEMRIS 100×100 EPI (1 s) from its .seq", obj.Len())})
	}
	// gre128 and gre256: the demo's spoiled GRE (sinc excitation, 1 spin per
	// voxel of the Shepp-Logan phantom), the whole Simulate call.
	for _, n := range []int{128, 256} {
		obj, err := phantom.SheppLogan2D(n, 0.256, 1.5)
		if err != nil {
			return nil, err
		}
		s, err := seq.GRE(seq.GREParams{Matrix: n})
		if err != nil {
			return nil, err
		}
		cases = append(cases, blochCase{name: fmt.Sprintf("gre%d", n), unit: "spin_samples_per_s", work: float64(obj.Len() * n * n),
			seq: s, obj: obj, opts: bloch.Options{IdealSpoiling: true},
			detail: fmt.Sprintf("%d×%d GRE, %d spins, sinc excitation", n, n, obj.Len())})
	}
	return cases, nil
}

// grid returns n×n spins on the voxel centres of a square field of view.
func grid(n int, fov float64) *phantom.Object {
	o := &phantom.Object{}
	for j := range n {
		for i := range n {
			o.X = append(o.X, float64(i-n/2)*fov/float64(n))
			o.Y = append(o.Y, float64(j-n/2)*fov/float64(n))
			o.Z = append(o.Z, 0)
			o.M0 = append(o.M0, 1)
			o.T1 = append(o.T1, 1)
			o.T2 = append(o.T2, 0.1)
		}
	}
	return o
}

// komaSeqName is the JEMRIS-written EPI of the KomaMRI paper in the
// repository's Pulseq fixtures.
const komaSeqName = "epi_100x100_jemris_v121.seq"

// readKomaSeq reads the koma_epi sequence from path, or, when path is
// empty, from the repository that holds the working directory.
func readKomaSeq(path string) (*seq.Sequence, error) {
	if path == "" {
		dir, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				path = filepath.Join(dir, "bloch", "seq", "testdata", "pulseq", komaSeqName)
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return nil, fmt.Errorf("koma_epi: no go.mod above the working directory to find %s; give -koma-seq", komaSeqName)
			}
			dir = parent
		}
	}
	s, _, err := seq.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("koma_epi: %w", err)
	}
	return s, nil
}

// everyKth returns n spins of o spread evenly over it (spin ⌊k·len/n⌋ for
// k < n), so that the whole object keeps its shape; relaxation, position
// and off-resonance fields only, as a Brain2D object has.
func everyKth(o *phantom.Object, n int) *phantom.Object {
	c := &phantom.Object{}
	for k := range min(n, o.Len()) {
		i := k * o.Len() / n
		c.X, c.Y, c.Z = append(c.X, o.X[i]), append(c.Y, o.Y[i]), append(c.Z, o.Z[i])
		c.M0, c.T1, c.T2 = append(c.M0, o.M0[i]), append(c.T1, o.T1[i]), append(c.T2, o.T2[i])
		if o.DF != nil {
			c.DF = append(c.DF, o.DF[i])
		}
	}
	return c
}
