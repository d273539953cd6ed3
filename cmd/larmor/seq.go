package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/internal/atomicfile"
	"github.com/larmor-mri/larmor/kspace"
)

// seqCommands are the subcommands of `larmor seq`.
func seqCommands() []command {
	return []command{
		{"info", "summarise a Pulseq .seq file: duration, events, k-space extent, signature", runSeqInfo},
		{"convert", "read a Pulseq .seq file of any version and write it as Pulseq 1.5.1", runSeqConvert},
		{"write", "build a sequence (gre, se, bssfp) and write it as Pulseq 1.5.1", runSeqWrite},
		{"plot", "draw a .seq file's sequence diagram (and k-space) as PNG", runSeqPlot},
	}
}

// runSeq is `larmor seq SUBCOMMAND ...`.
func runSeq(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	subs := seqCommands()
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: larmor seq SUBCOMMAND [flags] ARGS\n\nWork with Pulseq .seq sequence files.\n\nSubcommands:\n")
		for _, c := range subs {
			fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
		}
		fmt.Fprintf(w, "\nRun 'larmor seq SUBCOMMAND --help' for its flags.\n")
	}
	if len(args) == 0 {
		usage(stderr)
		return errUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[0] == "help" {
			return runSeq(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return nil
	}
	for _, c := range subs {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "larmor seq: unknown subcommand %q\n\n", args[0])
	usage(stderr)
	return errUsage
}

// readSeq reads a .seq file, or standard input for "-".
func readSeq(path string, stdin io.Reader) (*seq.Sequence, *seq.PulseqInfo, error) {
	if path == "-" {
		if stdin == nil {
			stdin = os.Stdin
		}
		return seq.ReadPulseq(stdin, "<stdin>")
	}
	return seq.ReadFile(path)
}

// seqInfoJSON is the --json output of `larmor seq info`, one object with
// exactly these keys.
type seqInfoJSON struct {
	Version      string     `json:"version"`
	Blocks       int        `json:"blocks"`
	DurationS    float64    `json:"duration_s"`
	ADCEvents    int        `json:"adc_events"`
	ADCSamples   int        `json:"adc_samples"`
	RFEvents     int        `json:"rf_events"`
	KExtentPerM  [3]float64 `json:"k_extent_per_m"`
	Signature    string     `json:"signature"`
	WarningsText []string   `json:"warnings"`
}

// runSeqInfo is `larmor seq info [--json] FILE.seq`.
func runSeqInfo(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seq info", " FILE.seq",
		"Print what a Pulseq .seq file (version 1.2.0 to 1.5.1; - for standard input) holds: version,\n"+
			"blocks, duration, RF and ADC events, TR/TE if defined, a check against the gradient limits,\n"+
			"the k-space extent of the ADC samples (from the gradient moments since the last excitation)\n"+
			"and the MD5 signature.", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	maxGrad := fs.Float64("max-grad", 0.04, "gradient amplitude limit for the check [T/m]")
	maxSlew := fs.Float64("max-slew", 150, "gradient slew-rate limit for the check [T/m/s]")
	pos, err := parseArgs(fs, args, 1)
	if err != nil {
		return err
	}
	s, info, err := readSeq(pos[0], nil)
	if err != nil {
		return err
	}
	sum := s.Summarize()
	warnings := make([]string, len(info.Warnings))
	for i, w := range info.Warnings {
		warnings[i] = w.String()
	}
	if *asJSON {
		out := seqInfoJSON{
			// Durations are sums of float64s: round to 1 ps.
			Version: info.Version.String(), Blocks: sum.Blocks, DurationS: math.Round(sum.Duration*1e12) / 1e12,
			ADCEvents: sum.ADCEvents, ADCSamples: sum.ADCSamples, RFEvents: sum.RFEvents,
			KExtentPerM: sum.KExtent(), Signature: info.Signature.Status.String(), WarningsText: warnings,
		}
		enc := json.NewEncoder(stdout)
		return enc.Encode(out)
	}
	w := &errWriter{w: stdout}
	fmt.Fprintf(w, "file        %s\n", pos[0])
	fmt.Fprintf(w, "version     %s\n", info.Version)
	if name := s.Params.SequenceName; name != "" {
		fmt.Fprintf(w, "name        %s\n", name)
	}
	fmt.Fprintf(w, "blocks      %d\n", sum.Blocks)
	fmt.Fprintf(w, "duration    %s s\n", strconv.FormatFloat(sum.Duration, 'g', 9, 64))
	fmt.Fprintf(w, "rf events   %d\n", sum.RFEvents)
	fmt.Fprintf(w, "adc events  %d (%d samples)\n", sum.ADCEvents, sum.ADCSamples)
	if s.Params.TR > 0 {
		fmt.Fprintf(w, "TR          %g ms\n", s.Params.TR*1e3)
	}
	if s.Params.TE > 0 {
		fmt.Fprintf(w, "TE          %g ms\n", s.Params.TE*1e3)
	}
	if fov := s.Encoding.FOV; fov != [3]float64{} {
		fmt.Fprintf(w, "FOV         %g × %g × %g mm\n", fov[0]*1e3, fov[1]*1e3, fov[2]*1e3)
	}
	fmt.Fprintf(w, "rasters     RF %g µs, gradient %g µs, ADC %g ns, block %g µs\n",
		s.System.RFRaster*1e6, s.System.GradRaster*1e6, s.System.ADCRaster*1e9, s.System.BlockRaster*1e6)
	ext := sum.KExtent()
	fmt.Fprintf(w, "k extent    %.6g %.6g %.6g 1/m (x y z)", ext[0], ext[1], ext[2])
	var res []string
	for ax := range 3 {
		if ext[ax] > 0 {
			res = append(res, fmt.Sprintf("%s %.3g mm", "xyz"[ax:ax+1], 1e3/ext[ax]))
		}
	}
	if len(res) > 0 {
		fmt.Fprintf(w, ", resolution 1/extent: %s", strings.Join(res, ", "))
	}
	fmt.Fprintln(w)
	sig := info.Signature.Status.String()
	if info.Signature.Status != seq.SignatureNone {
		sig += " (" + info.Signature.Type + " " + info.Signature.Hash + ")"
	}
	fmt.Fprintf(w, "signature   %s\n", sig)
	sys := s.System
	sys.MaxGrad = *maxGrad * kspace.Gamma1H
	sys.MaxSlew = *maxSlew * kspace.Gamma1H
	checked := *s
	checked.System = sys
	if err := checked.Check(); err != nil {
		var ce *seq.CheckError
		if errors.As(err, &ce) {
			fmt.Fprintf(w, "limits      %d violation(s) of %g mT/m, %g T/m/s and the rasters:\n", len(ce.Violations), *maxGrad*1e3, *maxSlew)
			for i, v := range ce.Violations {
				if i == 5 {
					fmt.Fprintf(w, "            ... and %d more\n", len(ce.Violations)-5)
					break
				}
				fmt.Fprintf(w, "            %v\n", v)
			}
		} else {
			fmt.Fprintf(w, "limits      %v\n", err)
		}
	} else {
		fmt.Fprintf(w, "limits      ok (%g mT/m, %g T/m/s, rasters)\n", *maxGrad*1e3, *maxSlew)
	}
	for _, m := range warnings {
		fmt.Fprintf(w, "warning     %s\n", m)
	}
	return w.err
}

// runSeqConvert is `larmor seq convert [--version 1.5.1] IN.seq OUT.seq`.
func runSeqConvert(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seq convert", " IN.seq OUT.seq",
		"Read a Pulseq .seq file of any version from 1.2.0 to 1.5.1 and write it in the given\n"+
			"version (1.5.1, the only one written) with deduplicated events, compressed shapes and an\n"+
			"MD5 signature. - reads standard input or writes standard output. Warnings go to stderr.", stderr)
	version := fs.String("version", "1.5.1", "Pulseq version to write")
	pos, err := parseArgs(fs, args, 2)
	if err != nil {
		return err
	}
	v, err := parseVersion(*version)
	if err != nil {
		fmt.Fprintf(stderr, "larmor seq convert: --version %q: %v\n", *version, err)
		return errUsage
	}
	if v != (seq.PulseqVersion{Major: 1, Minor: 5, Revision: 1}) {
		return fmt.Errorf("convert: writing Pulseq %v is not supported; only 1.5.1 is written", v)
	}
	wr := seq.PulseqWriter{Version: v}
	s, info, err := readSeq(pos[0], nil)
	if err != nil {
		return err
	}
	for _, w := range info.Warnings {
		fmt.Fprintf(stderr, "larmor seq convert: warning: %s\n", w)
	}
	if pos[1] == "-" {
		return wr.Write(stdout, s)
	}
	// Encode fully before touching the output path.
	return atomicfile.Write(pos[1], func(w io.Writer) error { return wr.Write(w, s) })
}

func parseVersion(s string) (seq.PulseqVersion, error) {
	f := strings.Split(s, ".")
	if len(f) != 3 {
		return seq.PulseqVersion{}, errors.New("want MAJOR.MINOR.REVISION")
	}
	var n [3]int
	for i, t := range f {
		x, err := strconv.Atoi(t)
		if err != nil || x < 0 {
			return seq.PulseqVersion{}, errors.New("want MAJOR.MINOR.REVISION")
		}
		n[i] = x
	}
	return seq.PulseqVersion{Major: n[0], Minor: n[1], Revision: n[2]}, nil
}

// errWriter remembers the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
