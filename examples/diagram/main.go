// Command diagram builds one of the seq package's sequences, prints the
// blocks of its first repetition and draws its diagram and k-space
// trajectory:
//
//	go run ./examples/diagram -seq se -matrix 64 -te 0.03 -out se.png -kspace se-k.png
//	go run ./examples/diagram -seq spiral -out spiral.png -kspace spiral-k.png
//
// For the spin echo (the default) the diagram shows one TR: the
// slice-selective 90° sinc with its slice rephaser and readout prephaser,
// crushers around the 180° (phase 90°, CPMG) at TE/2, the phase-encoding
// step, the readout with its ADC centred on the echo at TE, and the
// spoilers. The trajectory shows every line of the acquisition: each a
// horizontal line of kx at its own ky. README.md describes the others.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/bloch/seq/seqplot"
	"github.com/larmor-mri/larmor/internal/atomicfile"
)

func main() {
	var p params
	flag.StringVar(&p.name, "seq", "se", "sequence: gre, se, ir, tse, bssfp, epi, radial, spiral or gre3d")
	flag.IntVar(&p.matrix, "matrix", 64, "matrix size `N` (N×N)")
	flag.Float64Var(&p.fov, "fov", 0.256, "field of view [m]")
	flag.Float64Var(&p.te, "te", 0, "echo time [s] (0: the shortest)")
	flag.Float64Var(&p.tr, "tr", 0, "repetition time [s] (0: the builder's default)")
	out := flag.String("out", "diagram.png", "diagram PNG `file`")
	kout := flag.String("kspace", "kspace.png", "k-space trajectory PNG `file`")
	flag.Parse()
	if err := run(p, *out, *kout, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "diagram:", err)
		os.Exit(1)
	}
}

// params are the few parameters the example passes to a builder; the rest
// are the builder's defaults.
type params struct {
	name   string
	matrix int
	fov    float64
	te, tr float64 // [s]; 0: the builder's defaults
}

// build returns the sequence p names.
func build(p params) (*seq.Sequence, error) {
	n, fov, te, tr := p.matrix, p.fov, p.te, p.tr
	switch p.name {
	case "gre":
		return seq.GRE(seq.GREParams{Matrix: n, FOV: fov, TE: te, TR: tr})
	case "se":
		return seq.SE(seq.SEParams{Matrix: n, FOV: fov, TE: te, TR: tr})
	case "ir":
		return seq.IR(seq.IRParams{Matrix: n, FOV: fov, TE: te, TR: tr})
	case "tse":
		return seq.TSE(seq.TSEParams{Matrix: n, FOV: fov, TR: tr})
	case "bssfp":
		return seq.BSSFP(seq.BSSFPParams{Matrix: n, FOV: fov, TR: tr})
	case "epi":
		return seq.EPI(seq.EPIParams{Matrix: n, FOV: fov, TE: te, TR: tr})
	case "radial":
		return seq.Radial(seq.RadialParams{Matrix: n, FOV: fov, TE: te, TR: tr})
	case "spiral":
		return seq.Spiral(seq.SpiralParams{Matrix: n, FOV: fov, TE: te, TR: tr, Interleaves: 8})
	case "gre3d":
		return seq.GRE3D(seq.GRE3DParams{Matrix: [3]int{n, n, 16}, FOV: [3]float64{fov, fov, 0.064}, TE: te, TR: tr})
	}
	return nil, fmt.Errorf("unknown sequence %q: want gre, se, ir, tse, bssfp, epi, radial, spiral or gre3d", p.name)
}

// run builds the sequence, prints its first TR and writes both pictures.
func run(p params, out, kout string, w io.Writer) error {
	s, err := build(p)
	if err != nil {
		return err
	}
	m := s.Encoding.Matrix
	fmt.Fprintf(w, "%s %d×%d×%d: TE %.2f ms, TR %.1f ms, %d blocks, %.2f s\n\n",
		p.name, m[0], m[1], m[2], s.Params.TE*1e3, s.Params.TR*1e3, len(s.Blocks), s.Duration())
	// One repetition: from the last pulse of the kind that starts one
	// (the sequence's first pulse: an excitation, or an inversion) before
	// the first ADC, to the next such pulse.
	first, adc := -1, -1
	for i := range s.Blocks {
		b := &s.Blocks[i]
		if b.RF != nil && (first < 0 || b.RF.Use == s.Blocks[first].RF.Use) && adc < 0 {
			first = i
		}
		if b.ADC != nil && adc < 0 {
			adc = i
		}
	}
	if first < 0 || adc < 0 {
		return fmt.Errorf("%s: no RF pulse before an ADC", p.name)
	}
	start := 0.0
	for i := range first {
		start += s.Blocks[i].Duration
	}
	fmt.Fprintf(w, "%5s %9s %9s  %s\n", "block", "start/ms", "length/ms", "events")
	t, end := start, start
	for i := first; i < len(s.Blocks); i++ {
		b := &s.Blocks[i]
		if i > adc && b.RF != nil && b.RF.Use == s.Blocks[first].RF.Use {
			break // the next repetition
		}
		fmt.Fprintf(w, "%5d %9.3f %9.3f  %s\n", i+1, t*1e3, b.Duration*1e3, describe(b))
		t += b.Duration
		if b.RF != nil || b.ADC != nil || b.Gx != nil || b.Gy != nil || b.Gz != nil {
			end = t // the diagram stops before the delay that completes TR
		}
	}
	var diag, kpic bytes.Buffer
	if err := seqplot.Diagram(&diag, s, start, end); err != nil {
		return err
	}
	if err := seqplot.KSpace(&kpic, s); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(out, diag.Bytes()); err != nil {
		return err
	}
	if err := atomicfile.WriteFile(kout, kpic.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nwrote %s (%.1f–%.1f ms) and %s\n", out, start*1e3, end*1e3, kout)
	return nil
}

// describe lists a block's events in words.
func describe(b *seq.Block) string {
	var d string
	add := func(s string) {
		if d != "" {
			d += ", "
		}
		d += s
	}
	if b.RF != nil {
		add(fmt.Sprintf("RF %s %.0f° phase %.0f°", b.RF.Use, b.RF.FlipAngle()*180/math.Pi, b.RF.PhaseOffset*180/math.Pi))
	}
	for ax, name := range []string{"Gx", "Gy", "Gz"} {
		if g := b.Grad(ax); g != nil {
			add(fmt.Sprintf("%s area %.1f/m", name, g.Area()))
		}
	}
	if b.ADC != nil {
		add(fmt.Sprintf("ADC %d × %.1f µs", b.ADC.Samples, b.ADC.Dwell*1e6))
	}
	if d == "" {
		d = "delay"
	}
	return d
}
