package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// suite is one family of benchmarks, run as "bench NAME [flags]".
type suite struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func suites() []suite {
	return []suite{
		{"fft", "recon/fft against FFTW, gonum dsp/fourier, go-dsp and gofft", runFFT},
		{"bloch", "the Bloch simulator's kernels and whole simulations", runBloch},
	}
}

// errUsage marks an error whose message has been printed with the usage.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one bench command line and returns the exit status: 0 on
// success, 2 on bad usage, 1 on any other error (including a side whose
// output is wrong).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return 0
	}
	for _, s := range suites() {
		if s.name != name {
			continue
		}
		err := s.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(stderr, "bench %s: %v\n", name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "bench: unknown suite %q\n\n", name)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "bench: time larmor against its peers, side by side, and print ratios\n\nUsage: go run [-tags fftw] ./bench SUITE [flags]\n\nSuites:\n")
	for _, s := range suites() {
		fmt.Fprintf(w, "  %-6s %s\n", s.name, s.summary)
	}
	fmt.Fprintf(w, "\nPlanned: recon (against BART and the ISMRMRD reference recon).\nRun 'go run ./bench SUITE -h' for a suite's flags.\n")
}
