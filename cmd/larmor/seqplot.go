package main

import (
	"context"
	"fmt"
	"io"

	"github.com/larmor-mri/larmor/bloch/seq/seqplot"
	"github.com/larmor-mri/larmor/internal/atomicfile"
)

// runSeqPlot is `larmor seq plot FILE.seq --out seq.png`.
func runSeqPlot(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seq plot", " FILE.seq",
		"Draw the sequence diagram (RF magnitude and phase, Gx, Gy, Gz, ADC against time) of a\n"+
			"Pulseq file as PNG, and optionally the k-space positions of its ADC samples.", stderr)
	out := fs.String("out", "", "diagram `PNG` file (required)")
	from := fs.Float64("from", 0, "start of the time window [`s`]")
	to := fs.Float64("to", 0, "end of the time window [`s`] (0: the whole sequence, at most 1 s)")
	kout := fs.String("kspace", "", "also write the k-space trajectory to this `PNG` file")
	pos, err := parseArgs(fs, args, 1)
	if err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintf(stderr, "larmor seq plot: --out is required\n")
		return errUsage
	}
	s, _, err := readSeq(pos[0], nil)
	if err != nil {
		return err
	}
	end := *to
	if end == 0 {
		end = min(s.Duration(), *from+1)
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error { return seqplot.Diagram(w, s, *from, end) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %.1f–%.1f ms\n", *out, *from*1e3, end*1e3)
	if *kout != "" {
		if err := atomicfile.Write(*kout, func(w io.Writer) error { return seqplot.KSpace(w, s) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", *kout)
	}
	return nil
}
