// Command epi builds a 2D blipped gradient-echo EPI with seq.EPI and draws
// it with package seqplot:
//
//   - the sequence diagram from the first excitation to the end of its
//     first few readouts (RF, Gx, Gy, Gz, ADC against time): the readout
//     gradient alternating in sign, the small phase-encoding blips between
//     readouts and the ADC windows on the flat tops (or across the ramps
//     with -ramp);
//   - the k-space position of every ADC sample: the raster of lines that
//     the echo train sweeps back and forth.
//
// It prints the timing that decides how EPI images look: the echo
// spacing, TE, and the bandwidth per pixel along the phase-encoding
// direction, which sets how far off-resonance shifts the image.
//
//	go run ./examples/epi -matrix 64 -shots 1 -ramp -diagram epi.png -kspace epi_k.png
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/bloch/seq/seqplot"
	"github.com/larmor-mri/larmor/internal/atomicfile"
)

func main() {
	var p seq.EPIParams
	flag.IntVar(&p.Matrix, "matrix", 64, "matrix `N` (N×N, even)")
	flag.Float64Var(&p.FOV, "fov", 0.256, "field of view [m]")
	flag.IntVar(&p.Shots, "shots", 1, "interleaved shots (must divide the matrix)")
	flag.BoolVar(&p.RampSampling, "ramp", false, "sample on the readout ramps too")
	readouts := flag.Int("readouts", 6, "readouts of the first shot shown in the diagram")
	diagram := flag.String("diagram", "epi_diagram.png", "output PNG `file` of the sequence diagram")
	kspace := flag.String("kspace", "epi_kspace.png", "output PNG `file` of the k-space trajectory")
	flag.Parse()
	if err := run(p, *readouts, *diagram, *kspace, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "epi:", err)
		os.Exit(1)
	}
}

// window returns the time span [s] from the start of the sequence to the
// end of the n-th readout block (counting from 1), or to the end of the
// first shot's last readout if it has fewer.
func window(s *seq.Sequence, n int) (from, to float64, err error) {
	if n < 1 {
		return 0, 0, fmt.Errorf("%d readouts to show: want at least 1", n)
	}
	t, seen := 0.0, 0
	for i := range s.Blocks {
		b := &s.Blocks[i]
		if b.RF != nil && seen > 0 {
			break // the second shot
		}
		t += b.Duration
		if b.ADC != nil {
			seen++
			to = t
			if seen == n {
				break
			}
		}
	}
	if seen == 0 {
		return 0, 0, fmt.Errorf("the sequence has no readout")
	}
	return 0, to, nil
}

func run(p seq.EPIParams, readouts int, diagramOut, kspaceOut string, stdout io.Writer) error {
	s, err := seq.EPI(p)
	if err != nil {
		return err
	}
	from, to, err := window(s, readouts)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(diagramOut, func(w io.Writer) error { return seqplot.Diagram(w, s, from, to) }); err != nil {
		return err
	}
	if err := atomicfile.Write(kspaceOut, func(w io.Writer) error { return seqplot.KSpace(w, s) }); err != nil {
		return err
	}
	var ro *seq.Block
	for i := range s.Blocks {
		if s.Blocks[i].ADC != nil {
			ro = &s.Blocks[i]
			break
		}
	}
	n, shots := s.Encoding.Matrix[0], max(p.Shots, 1)
	esp := ro.Duration // readout blocks follow each other: the echo spacing
	// Lines j and j+1 are acquired esp/shots apart on average, so an
	// off-resonance Δf adds a phase 2πΔf·esp/shots per line: a shift of
	// Δf·N·esp/shots pixels along y. The bandwidth per pixel is its inverse.
	bwPE := float64(shots) / (float64(n) * esp)
	sampling := "flat-top"
	if p.RampSampling {
		sampling = "ramp"
	}
	fmt.Fprintf(stdout, "%d×%d EPI, %d shot(s), %s sampling: %d readouts per shot of %d samples, dwell %.1f µs\n",
		n, n, shots, sampling, s.Params.EchoTrainLength, ro.ADC.Samples, ro.ADC.Dwell*1e6)
	fmt.Fprintf(stdout, "echo spacing %.0f µs, TE %.2f ms, TR %.2f ms\n", esp*1e6, s.Params.TE*1e3, s.Params.TR*1e3)
	fmt.Fprintf(stdout, "phase-encoding bandwidth %.1f Hz/pixel: 100 Hz off resonance shifts the image %.1f pixels along y\n",
		bwPE, 100/bwPE)
	fmt.Fprintln(stdout, "wrote", diagramOut, "and", kspaceOut)
	return nil
}
