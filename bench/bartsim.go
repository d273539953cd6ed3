package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/internal/bartsim"
	"github.com/larmor-mri/larmor/kspace/cfl"
)

// The bart side of the rf case times `bart sim --ROT` (BART 0.8), BART's
// Bloch simulator with RF pulses as rotations, on FLASH with its 2 ms
// windowed-sinc pulse (BWTP 4, Hamming). At bart's default sampling rate of
// 1 MHz each pulse is 2000 steps; a step rotates by the RF sample, then
// relaxes and precesses in closed form (src/simu/simulation.c, rot_pulse):
// the same per-sample work as larmor's exact RF kernel, in float32. bart
// simulates one isochromat per T1 value of -1 min:max:N, each through all
// repetitions, so a run is N·Nrep·2000 isochromat·RF steps, against which
// the few closed-form relaxations per repetition are negligible. (bart also
// carries three derivative vectors through every step — 4 vectors per
// isochromat — whether or not they are asked for; we count what the caller
// gets, one isochromat.) bloch's TestBARTSimROTSincPulse shows that on
// such a workload bart and larmor compute the same signal, and bartCheck
// checks this one before it is timed.
const (
	bartT1s    = 16   // isochromats, T1 from bartT1lo in steps of (bartT1hi − bartT1lo)/bartT1s
	bartT1lo   = 0.5  // [s]
	bartT1hi   = 1.5  // [s]
	bartT2     = 0.05 // [s]
	bartReps   = 100  // FLASH repetitions
	bartTR     = 4e-3 // [s]
	bartTE     = 3e-3 // [s]
	bartFA     = 30.0 // [deg]
	bartTrf    = 2e-3 // pulse length [s]
	bartRate   = 1e6  // bart's default RF sampling rate [Hz]
	bartSteps  = 2000 // RF steps per pulse, bartTrf·bartRate
	bartTol    = 5e-4 // of M0, for the check: see bartCheck
	bartADCDwl = 1e-6 // [s] the one-sample ADC of bartSequence
)

// bartArgs returns the sim command line for n T1 values and reps
// repetitions, writing to out.
func bartArgs(n, reps int, out string) []string {
	hi := bartT1hi
	if n == 1 {
		hi = bartT1lo
	}
	return []string{"sim", "--ROT",
		"--seq", fmt.Sprintf("FLASH,TR=%g,TE=%g,FA=%g,Trf=%g,Nrep=%d", bartTR, bartTE, bartFA, bartTrf, reps),
		"-1", fmt.Sprintf("%g:%g:%d", bartT1lo, hi, n), "-2", fmt.Sprintf("%g:%g:1", bartT2, bartT2), out}
}

// runBART runs bart with args on one thread and returns its wall time,
// process start and file output included.
func runBART(ctx context.Context, bart string, args []string) (float64, error) {
	cmd := exec.CommandContext(ctx, bart, args...)
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	err := cmd.Run()
	sec := time.Since(t0).Seconds()
	if err != nil {
		return 0, fmt.Errorf("bart %v: %w\n%s", args, err, out.Bytes())
	}
	return sec, nil
}

// runBARTRF times the bart side of the rf case and prints its line and the
// ratio to larmor's rate at one thread. larmorRF runs larmor's rf case once
// on one thread and returns its rate [spin·steps/s]; it is timed in turn
// with bart's runs, so that both see the same load on a shared machine. It
// prints a note instead when bart is not installed.
func runBARTRF(ctx context.Context, stdout io.Writer, asJSON bool, repeats int, larmorRF func() (float64, error)) error {
	bart, err := exec.LookPath("bart")
	if err != nil {
		if !asJSON {
			fmt.Fprintf(stdout, "%-9s %-7s  bart not on PATH: no bart line (apt-get install bart)\n", "rf", "1")
		}
		return nil
	}
	dir, err := os.MkdirTemp("", "bench-bart-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "signal")
	big, small := bartArgs(bartT1s, bartReps, out), bartArgs(1, 1, out)
	// Warm-up, and check the work before timing it.
	if _, err := runBART(ctx, bart, big); err != nil {
		return err
	}
	if err := bartCheck(out); err != nil {
		return fmt.Errorf("bart rf: refusing to time wrong work: %w", err)
	}
	var tBig, tSmall, larmor []float64
	for range repeats {
		r, err := larmorRF()
		if err != nil {
			return err
		}
		larmor = append(larmor, r)
		for _, r := range []struct {
			args []string
			t    *[]float64
		}{{big, &tBig}, {small, &tSmall}} {
			sec, err := runBART(ctx, bart, r.args)
			if err != nil {
				return err
			}
			*r.t = append(*r.t, sec)
		}
	}
	// The small run (one isochromat, one repetition) costs what every run
	// pays besides its steps: process start, option parsing, file output.
	startup := median(tSmall)
	work := float64((bartT1s*bartReps - 1) * bartSteps)
	sec := median(tBig) - startup
	rate := work / sec
	if asJSON {
		b, _ := json.Marshal(map[string]any{"suite": "bloch", "case": "rf", "impl": "bart", "threads": 1,
			"spin_steps_per_s": rate, "seconds": sec, "startup_seconds": startup})
		fmt.Fprintln(stdout, string(b))
		return nil
	}
	fmt.Fprintf(stdout, "%-9s %-7d %14s %10.4f s %8s  bart sim --ROT: %d isochromats × %d FLASH TRs × %d RF steps (2 ms sinc at 1 µs), start-up %.4f s subtracted\n",
		"rf", 1, fmt.Sprintf("%.3g/s", rate), sec, "-", bartT1s, bartReps, bartSteps, startup)
	fmt.Fprintf(stdout, "%-9s %-7s %14s  larmor/bart per spin·step, 1 thread, larmor's rf timed in turn with bart (target ≥ 2.5×)\n",
		"rf", "ratio", fmt.Sprintf("%.2f×", median(larmor)/rate))
	return nil
}

// median returns the middle of v (the upper one for an even length),
// leaving v as it is.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// bartCheck reads bart's output for the big run and compares it with
// larmor's simulation of the same experiment (bartSequence), isochromat by
// isochromat and repetition by repetition, within bartTol of M0. What is
// left is bart's float32 arithmetic over 2000 steps per pulse (bloch's
// bart_test.go explains it): 1.8e-4 of M0 measured, mostly from rounding
// exp(−1 µs/T1), which is only ~20 float32 spacings below 1. Wrong work
// differs by more: a flip angle 5% off by 0.02, a TR 2% off by 5.5e-4.
func bartCheck(out string) error {
	dims, data, err := cfl.Read(out)
	if err != nil {
		return err
	}
	want := []int{1, 1, 1, 1, 1, bartReps, bartT1s}
	for i, d := range dims {
		w := 1
		if i < len(want) {
			w = want[i]
		}
		if d != w {
			return fmt.Errorf("bart wrote dims %v, want %v", dims, want)
		}
	}
	s, err := bartSequence()
	if err != nil {
		return err
	}
	lo, hi := float32(bartT1lo), float32(bartT1hi)
	var worst float64
	for k := range bartT1s {
		// bart's T1 grid, in its float32 arithmetic.
		t1 := lo + (hi-lo)/float32(bartT1s)*float32(k)
		spin := &phantom.Object{X: []float64{0}, Y: []float64{0}, Z: []float64{0}, M0: []float64{1},
			T1: []float64{float64(t1)}, T2: []float64{float64(float32(bartT2))}}
		d, err := bloch.Simulate(context.Background(), s, spin, bloch.Options{IdealSpoiling: true, Workers: 1})
		if err != nil {
			return err
		}
		for r, a := range d.Acquisitions {
			diff := complex128(data[k*bartReps+r]) - complex128(a.Data[0])
			worst = max(worst, math.Hypot(real(diff), imag(diff)))
		}
	}
	if worst > bartTol {
		return fmt.Errorf("bart's signal differs from larmor's simulation of the same FLASH by up to %.2g of M0 (tolerance %g)", worst, bartTol)
	}
	return nil
}

// bartSequence is the bart workload as a larmor sequence: bart's sinc
// samples (bartSinc), each played centred on the instant bart applies it,
// so our pulse starts half a sample before bart's; ideal spoiling stands
// for bart's R2 + 10⁴ s⁻¹ from TE to TR; one sample at TE from bart's pulse
// start. Times are bart's float32 values.
func bartSequence() (*seq.Sequence, error) {
	w1, dt := bartsim.Sinc(float64(float32(bartFA))*math.Pi/180, float64(float32(bartTrf)), bartRate)
	if len(w1) != bartSteps {
		return nil, fmt.Errorf("bart's pulse has %d samples, want %d", len(w1), bartSteps)
	}
	sig := make([]complex128, len(w1))
	for k, w := range w1 {
		sig[k] = complex(w/(2*math.Pi), 0)
	}
	d := float64(len(sig)) * dt
	tr, te := float64(float32(bartTR)), float64(float32(bartTE))
	s := &seq.Sequence{System: seq.DefaultSystem()}
	for range bartReps {
		s.Blocks = append(s.Blocks,
			seq.Block{Duration: d, RF: &seq.RF{Signal: sig, Dwell: dt, Center: d / 2, Use: seq.Excitation}},
			seq.Block{Duration: tr - d, ADC: &seq.ADC{Samples: 1, Dwell: bartADCDwl, Delay: dt/2 + te - d - bartADCDwl/2}})
	}
	return s, nil
}
