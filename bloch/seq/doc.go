// Package seq describes MR pulse sequences in the Pulseq event-block model
// and builds common ones.
//
// # Overview
//
// A Sequence is a list of Blocks, each holding at most one RF pulse, one
// Gradient per axis (trapezoid or piecewise-linear), one ADC and Pulseq
// label events, with the System limits it was built for and the Encoding
// and Params it samples. Builders return ready sequences that pass Check
// for the default system and carry the labels reconstruction needs: GRE
// (2D RF-spoiled gradient echo), GRE3D (3D FLASH), SE (spin echo), IR
// (inversion recovery with a spin-echo or gradient-echo readout), TSE
// (turbo spin echo), BSSFP (balanced SSFP with α/2 preparation), EPI
// (blipped, single- or multi-shot, optional ramp sampling), Radial
// (uniform or golden angle) and Spiral (time-optimal Archimedean):
//
//	s, err := seq.GRE(seq.GREParams{Matrix: 128, TR: 0.02, FlipAngle: math.Pi / 6})
//	if err != nil { ... }
//	fmt.Println(s.Params.TE, s.Duration())
//	err = s.Check() // every violation of the system limits, by block
//
// Pulseq files of versions 1.2.0 to 1.5.1 are read by ReadFile and
// ReadPulseq (warnings and the signature check come back in PulseqInfo);
// WriteFile writes version 1.5.1 with its MD5 signature:
//
//	s, info, err := seq.ReadFile("epi.seq")
//	err = seq.WriteFile("epi_v151.seq", s)
//
// Event helpers build the parts, as pypulseq's make_* functions do:
// TrapezoidArea (shortest trapezoid of an area), TrapezoidFlat (flat top of
// a given amplitude), SincPulse.Make, GaussPulse.Make and
// ArbitraryPulse.Make (slice-selective or not, with the slice-select
// gradient), Rephaser (the slice rephaser of a pulse), HardPulse and
// RFSpoilPhase (quadratic RF spoiling).
//
// # Conventions
//
// As in Pulseq: times in seconds from the start of the block, RF amplitude
// as γB1/2π in Hz, gradients as γG/2π in Hz/m (their integral is k in 1/m),
// ADC sample n at Delay + (n + 1/2)·Dwell. RF phase is in radians. Axes x,
// y, z are the gradient axes, which the simulator takes as patient LPS.
// Blocks are numbered from 1 in messages, as in a .seq file.
//
// # Concurrency
//
// Sequences are plain data: safe for concurrent reads.
//
// # Errors
//
// Builders validate their parameters and return errors naming the
// parameter; Check returns a *CheckError listing every violation with its
// block, event and values.
package seq
