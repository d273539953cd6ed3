package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// runSeqWrite is `larmor seq write NAME [flags] --out FILE.seq`: a builder's
// sequence as Pulseq 1.5.1.
func runSeqWrite(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seq write", " NAME",
		"Build a sequence and write it as Pulseq 1.5.1 (- for standard output).\n"+builderSummary, stderr)
	out := fs.String("out", "", "output `FILE.seq` (required; - for standard output)")
	bf := addBuilderFlags(fs)
	pos, err := parseArgs(fs, args, 1)
	if err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintf(stderr, "larmor seq write: --out is required\n")
		return errUsage
	}
	if !isBuilder(pos[0]) {
		fmt.Fprintf(stderr, "larmor seq write: unknown sequence %q; available: %s\n", pos[0], strings.Join(builderNames, ", "))
		return errUsage
	}
	s, err := bf.build(pos[0], nil)
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
	m := s.Encoding.Matrix
	fmt.Fprintf(stdout, "wrote %s: %s %d×%d×%d, TR %.2f ms, TE %.2f ms, %d blocks, %.3f s\n",
		*out, pos[0], m[0], m[1], m[2], p.TR*1e3, p.TE*1e3, len(s.Blocks), s.Duration())
	return nil
}
