package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/larmor-mri/larmor/kspace/cfl"
	"github.com/larmor-mri/larmor/recon/fft"
)

// runFFT is `larmor fft [-i] [-u] [-n] BITMASK INPUT OUTPUT`, with the
// semantics of BART's fft: centred by default, unnormalised (the inverse
// too) unless -u, on the dimensions whose bits are set; INPUT and OUTPUT
// are .cfl/.hdr pairs named without their extension.
func runFFT(_ context.Context, args []string, _, stderr io.Writer) error {
	fs := newFlagSet("fft", " BITMASK INPUT OUTPUT",
		"Compute the centred FFT of a BART .cfl array along the dimensions set in BITMASK\n"+
			"(bit d for dimension d: 3 = readout and phase), as bart fft does. INPUT and\n"+
			"OUTPUT are .cfl/.hdr pairs named without extension.", stderr)
	inverse := fs.Bool("i", false, "inverse transform (unscaled, as bart fft -i)")
	unitary := fs.Bool("u", false, "unitary: scale by 1/sqrt(N) in either direction")
	uncentred := fs.Bool("n", false, "uncentred: DC at index 0 (FFTW order)")
	pos, err := parseArgs(fs, args, 3)
	if err != nil {
		return err
	}
	mask, err := strconv.ParseUint(pos[0], 10, 32)
	if err != nil || mask >= 1<<cfl.MaxDims {
		fmt.Fprintf(stderr, "larmor fft: BITMASK %q is not a number below 2^%d\n", pos[0], cfl.MaxDims)
		return errUsage
	}
	dims, data, err := cfl.Read(pos[1])
	if err != nil {
		return err
	}
	// Dimensions not written in the header have size 1, as in BART.
	written := len(dims)
	for len(dims) < cfl.MaxDims {
		dims = append(dims, 1)
	}
	o := fft.Options{Uncentred: *uncentred}
	if *unitary {
		o.Scaling = fft.Unitary
	}
	p, err := fft.NewPlan(dims, uint32(mask), o)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[1], err)
	}
	if *inverse {
		p.Inverse(data, data)
	} else {
		p.Forward(data, data)
	}
	return cfl.Write(pos[2], dims[:written], data)
}
