package main

import (
	"flag"
	"fmt"
	"math"
	"strings"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// builderNames are the sequences `larmor seq write` and `larmor simulate
// --seq` build, in the order the help lists them.
var builderNames = []string{"gre", "se", "ir", "bssfp", "epi", "tse", "radial", "spiral", "gre3d"}

// builderSummary is the help text that lists the builders.
const builderSummary = "NAME is one of: gre (2D RF-spoiled gradient echo), se (2D spin echo), ir (inversion\n" +
	"recovery, --readout se|gre), bssfp (2D balanced SSFP with α/2 preparation, TE = TR/2), epi\n" +
	"(blipped EPI, --shots, --ramp), tse (turbo spin echo, --etl, --esp, --order), radial (--spokes,\n" +
	"--golden), spiral (Archimedean spiral-out, --interleaves) or gre3d (3D FLASH, --partitions,\n" +
	"--slab). Zero values of the timing flags mean the builder's defaults (the shortest TE)."

// builderFlags are the parameters of every builder; each uses those that
// apply to it (see builderSummary) and rejects none.
type builderFlags struct {
	matrix, partitions        int
	fov, slice, slab          float64
	tr, te, ti, flip, esp     float64 // [s], [s], [s], [degrees], [s]
	readout, order            string
	etl, shots, spokes, inter int
	ramp, golden              bool
	dummies                   int
}

// addBuilderFlags defines the builder flags on fs. Flags that another
// command defines itself (matrix, fov) are skipped when own lists them.
func addBuilderFlags(fs *flag.FlagSet, own ...string) *builderFlags {
	f := &builderFlags{}
	skip := map[string]bool{}
	for _, o := range own {
		skip[o] = true
	}
	if !skip["matrix"] {
		fs.IntVar(&f.matrix, "matrix", 128, "matrix size `N` (N×N; gre3d: N×N in-plane)")
	}
	if !skip["fov"] {
		fs.Float64Var(&f.fov, "fov", 0.256, "field of view [`m`]")
	}
	fs.Float64Var(&f.slice, "slice", 0.005, "slice thickness [`m`] (2D sequences)")
	fs.Float64Var(&f.tr, "tr", 0, "repetition time [`s`] (0: the builder's default)")
	fs.Float64Var(&f.te, "te", 0, "echo time [`s`] (0: the shortest)")
	fs.Float64Var(&f.ti, "ti", 0, "inversion time [`s`] (ir; 0: 0.4 s)")
	fs.Float64Var(&f.flip, "flip", 0, "flip angle [`degrees`] (0: the builder's default)")
	fs.StringVar(&f.readout, "readout", "se", "readout of ir: `se` or gre")
	fs.IntVar(&f.etl, "etl", 0, "echo-train length `N` (tse; 0: 8)")
	fs.Float64Var(&f.esp, "esp", 0, "echo spacing [`s`] (tse; 0: the shortest)")
	fs.StringVar(&f.order, "order", "linear", "phase-encoding order of tse: `linear` or centre-out")
	fs.IntVar(&f.shots, "shots", 1, "shots `N` of epi (interleaved)")
	fs.BoolVar(&f.ramp, "ramp", false, "sample on the readout ramps (epi)")
	fs.IntVar(&f.spokes, "spokes", 0, "spokes `N` of radial (0: π/2·matrix)")
	fs.BoolVar(&f.golden, "golden", false, "golden-angle spoke order (radial; default: uniform over 180°)")
	fs.IntVar(&f.inter, "interleaves", 1, "spiral arms `N` (spiral)")
	fs.IntVar(&f.partitions, "partitions", 16, "partitions `N` along z (gre3d)")
	fs.Float64Var(&f.slab, "slab", 0.064, "slab thickness and z field of view [`m`] (gre3d)")
	if skip["dummy-scans"] {
		return f
	}
	fs.IntVar(&f.dummies, "dummy-scans", 0, "TRs `N` played before the first acquisition (gre, bssfp, radial, spiral, gre3d; tse: dummy shots)")
	return f
}

// build returns the sequence NAME with the flags' parameters for the
// system sys, or an error naming what is wrong.
func (f *builderFlags) build(name string, sys *seq.System) (*seq.Sequence, error) {
	flip := f.flip * math.Pi / 180
	switch name {
	case "gre":
		return seq.GRE(seq.GREParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr, TE: f.te,
			FlipAngle: flip, DummyScans: f.dummies, System: sys})
	case "se":
		return seq.SE(seq.SEParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr, TE: f.te, System: sys})
	case "ir":
		p := seq.IRParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr, TE: f.te, TI: f.ti,
			FlipAngle: flip, System: sys}
		switch f.readout {
		case "se":
			p.Readout = seq.IRSpinEcho
		case "gre":
			p.Readout = seq.IRGradientEcho
		default:
			return nil, fmt.Errorf("--readout %q: want se or gre", f.readout)
		}
		return seq.IR(p)
	case "bssfp":
		return seq.BSSFP(seq.BSSFPParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr,
			FlipAngle: flip, DummyScans: f.dummies, System: sys})
	case "epi":
		return seq.EPI(seq.EPIParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr, TE: f.te,
			FlipAngle: flip, Shots: f.shots, RampSampling: f.ramp, System: sys})
	case "tse":
		p := seq.TSEParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr, ETL: f.etl, ESP: f.esp,
			DummyShots: f.dummies, System: sys}
		switch f.order {
		case "linear":
			p.Order = seq.LinearOrder
		case "centre-out", "center-out":
			p.Order = seq.CentreOutOrder
		default:
			return nil, fmt.Errorf("--order %q: want linear or centre-out", f.order)
		}
		return seq.TSE(p)
	case "radial":
		p := seq.RadialParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr, TE: f.te,
			FlipAngle: flip, Spokes: f.spokes, DummyScans: f.dummies, System: sys}
		if f.golden {
			p.Order = seq.GoldenAngleSpokes
		}
		return seq.Radial(p)
	case "spiral":
		return seq.Spiral(seq.SpiralParams{Matrix: f.matrix, FOV: f.fov, SliceThickness: f.slice, TR: f.tr, TE: f.te,
			FlipAngle: flip, Interleaves: f.inter, DummyScans: f.dummies, System: sys})
	case "gre3d":
		return seq.GRE3D(seq.GRE3DParams{Matrix: [3]int{f.matrix, f.matrix, f.partitions},
			FOV: [3]float64{f.fov, f.fov, f.slab}, TR: f.tr, TE: f.te, FlipAngle: flip, DummyScans: f.dummies, System: sys})
	}
	return nil, fmt.Errorf("unknown sequence %q; available: %s", name, strings.Join(builderNames, ", "))
}

// isBuilder reports whether name is one of builderNames.
func isBuilder(name string) bool {
	for _, b := range builderNames {
		if b == name {
			return true
		}
	}
	return false
}
