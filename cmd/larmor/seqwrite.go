package main

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// runSeqWrite is `larmor seq write NAME [flags] --out FILE.seq`: a builder's
// sequence as Pulseq 1.5.1.
func runSeqWrite(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seq write", " NAME",
		"Build a sequence and write it as Pulseq 1.5.1 (- for standard output). NAME is gre\n"+
			"(2D RF-spoiled gradient echo), se (2D spin echo) or bssfp (2D balanced SSFP, TE = TR/2).\n"+
			"Zero values of the timing flags mean the builder's defaults (shortest TE).", stderr)
	out := fs.String("out", "", "output `FILE.seq` (required; - for standard output)")
	matrix := fs.Int("matrix", 128, "matrix size `N` (N×N)")
	fov := fs.Float64("fov", 0.256, "field of view [`m`]")
	thick := fs.Float64("slice", 0.005, "slice thickness [`m`]")
	tr := fs.Float64("tr", 0, "repetition time [`s`] (0: the builder's default)")
	te := fs.Float64("te", 0, "echo time [`s`] (0: the shortest)")
	flip := fs.Float64("flip", 0, "flip angle [`degrees`] (gre, bssfp; 0: 30° and 60°)")
	pos, err := parseArgs(fs, args, 1)
	if err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintf(stderr, "larmor seq write: --out is required\n")
		return errUsage
	}
	var s *seq.Sequence
	switch pos[0] {
	case "gre":
		s, err = seq.GRE(seq.GREParams{Matrix: *matrix, FOV: *fov, SliceThickness: *thick, TR: *tr, TE: *te, FlipAngle: *flip * math.Pi / 180})
	case "se":
		s, err = seq.SE(seq.SEParams{Matrix: *matrix, FOV: *fov, SliceThickness: *thick, TR: *tr, TE: *te})
	case "bssfp":
		s, err = seq.BSSFP(seq.BSSFPParams{Matrix: *matrix, FOV: *fov, SliceThickness: *thick, TR: *tr, FlipAngle: *flip * math.Pi / 180})
	default:
		fmt.Fprintf(stderr, "larmor seq write: unknown sequence %q; available: gre, se, bssfp\n", pos[0])
		return errUsage
	}
	if err != nil {
		return err
	}
	if *out == "-" {
		return seq.WritePulseq(stdout, s)
	}
	if err := seq.WriteFile(*out, s); err != nil {
		return err
	}
	p := s.Params
	fmt.Fprintf(stdout, "wrote %s: %s %d×%d, TR %.2f ms, TE %.2f ms, %d blocks, %.3f s\n",
		*out, pos[0], *matrix, *matrix, p.TR*1e3, p.TE*1e3, len(s.Blocks), s.Duration())
	return nil
}
