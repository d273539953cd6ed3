// Command sediagram builds a 2D spin-echo sequence with seq.SE, prints the
// blocks of its first repetition and draws its diagram and k-space
// trajectory:
//
//	go run ./examples/sediagram -matrix 64 -te 0.03 -out se.png -kspace se-k.png
//
// The diagram shows one TR: the slice-selective 90° sinc with its slice
// rephaser and readout prephaser, crushers around the 180° (phase 90°,
// CPMG) at TE/2, the phase-encoding step, the readout with its ADC centred
// on the echo at TE, and the spoilers. The trajectory shows every line of
// the acquisition: each a horizontal line of kx at its own ky.
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
	p := seq.SEParams{}
	flag.IntVar(&p.Matrix, "matrix", 64, "matrix size `N` (N×N)")
	flag.Float64Var(&p.FOV, "fov", 0.256, "field of view [m]")
	flag.Float64Var(&p.TE, "te", 0.03, "echo time [s] (0: the shortest)")
	flag.Float64Var(&p.TR, "tr", 0.5, "repetition time [s]")
	out := flag.String("out", "se-diagram.png", "diagram PNG `file`")
	kout := flag.String("kspace", "se-kspace.png", "k-space trajectory PNG `file`")
	flag.Parse()
	if err := run(p, *out, *kout, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sediagram:", err)
		os.Exit(1)
	}
}

// run builds the sequence, prints its first TR and writes both pictures.
func run(p seq.SEParams, out, kout string, w io.Writer) error {
	s, err := seq.SE(p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "spin echo %d×%d: TE %.2f ms, TR %.1f ms, %d blocks, %.2f s\n\n",
		s.Encoding.Matrix[0], s.Encoding.Matrix[1], s.Params.TE*1e3, s.Params.TR*1e3, len(s.Blocks), s.Duration())
	fmt.Fprintf(w, "%5s %9s %9s  %s\n", "block", "start/ms", "length/ms", "events")
	t, end := 0.0, 0.0
	for i := range s.Blocks {
		b := &s.Blocks[i]
		if i > 0 && b.RF != nil && b.RF.Use == seq.Excitation {
			break // the next TR
		}
		fmt.Fprintf(w, "%5d %9.3f %9.3f  %s\n", i+1, t*1e3, b.Duration*1e3, describe(b))
		t += b.Duration
		if b.RF != nil || b.ADC != nil || b.Gx != nil || b.Gy != nil || b.Gz != nil {
			end = t // the diagram stops before the delay that completes TR
		}
	}
	var diag, kpic bytes.Buffer
	if err := seqplot.Diagram(&diag, s, 0, end); err != nil {
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
	fmt.Fprintf(w, "\nwrote %s (0–%.1f ms) and %s\n", out, end*1e3, kout)
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
