// Command larmor simulates, reconstructs and exports MR images.
//
// Usage:
//
//	larmor demo [--out DIR] [--matrix N] [--seq gre]
//	larmor fft [-i] [-u] [-n] BITMASK INPUT OUTPUT
//	larmor simulate --phantom shepp-logan|brain|FILE.csv [--seq gre|FILE.seq] [flags] --out RAW.cfl|RAW.csv
//	larmor seq info [--json] FILE.seq
//	larmor seq convert [--version 1.5.1] IN.seq OUT.seq
//	larmor seq write gre|se|bssfp [flags] --out FILE.seq
//	larmor seq plot FILE.seq --out DIAGRAM.png [--from S --to S] [--kspace K.png]
//	larmor version
//	larmor help [COMMAND]
//
// Every subcommand takes --help. Flags may come before or after positional
// arguments.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

// Version is the version of the larmor tool and library.
const Version = "0.1.0-dev"

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"demo", "simulate a Shepp-Logan phantom, reconstruct it, write PNG and DICOM", runDemo},
		{"fft", "Fourier transform of a BART .cfl array, exactly as bart fft", runFFT},
		{"simulate", "Bloch-simulate a phantom under a sequence, write raw data (.cfl or .csv)", runSimulate},
		{"seq", "summarise and convert Pulseq .seq sequence files (info, convert)", runSeq},
		{"version", "print the version", func(_ context.Context, args []string, stdout, stderr io.Writer) error {
			fs := newFlagSet("version", "", "print the version of larmor", stderr)
			if err := parse(fs, args); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "larmor %s\n", Version)
			return nil
		}},
	}
}

// errUsage marks an error whose message has been printed with usage.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one larmor command line and returns the exit status: 0 on
// success, 2 on bad usage, 1 on any other error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(stderr, "larmor %s: %v\n", name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "larmor: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "larmor %s: MRI simulation, reconstruction and DICOM export\n\nUsage: larmor COMMAND [flags]\n\nCommands:\n", Version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-8s %s\n\nRun 'larmor COMMAND --help' for a command's flags.\n", "help", "show this help")
}

func newFlagSet(name, argsUsage, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: larmor %s [flags]%s\n\n%s\n\nFlags:\n", name, argsUsage, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags for a command without positional arguments and
// returns errUsage (after printing the problem and the usage) on bad flags
// or any positional argument, flag.ErrHelp for --help.
func parse(fs *flag.FlagSet, args []string) error {
	_, err := parseArgs(fs, args, 0)
	return err
}

// parseArgs parses flags that may come before or after positional
// arguments and returns the positional arguments, which must number want
// exactly; otherwise it prints the problem and the usage and returns
// errUsage. It returns flag.ErrHelp for --help.
func parseArgs(fs *flag.FlagSet, args []string, want int) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(io.Discard)
				return nil, flag.ErrHelp
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != want {
		if len(pos) > want {
			fmt.Fprintf(fs.Output(), "larmor %s: unexpected argument(s): %s\n", fs.Name(), strings.Join(pos[want:], " "))
		} else {
			fmt.Fprintf(fs.Output(), "larmor %s: %d argument(s) missing\n", fs.Name(), want-len(pos))
		}
		fs.Usage()
		return nil, errUsage
	}
	return pos, nil
}
