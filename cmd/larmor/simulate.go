package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/internal/atomicfile"
	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/kspace/cfl"
	"github.com/larmor-mri/larmor/recon"
)

// simConfig is what the simulate subcommand runs.
type simConfig struct {
	phantom      string  // "shepp-logan", "shepp-logan-3d", "brain" or a .csv path
	matrix       int     // N×N sequence matrix (and phantom grid)
	fov          float64 // [m]
	b0           float64 // [T]
	coils        int     // 0: one uniform coil
	seq          string  // a builder name or a .seq path
	builder      *builderFlags
	spinsPerEdge int // sub-voxel spins per voxel edge of the built-in phantoms
	idealSpoil   bool
	dummies      int
	isochromats  int     // per spin with a finite T2'
	noise        float64 // receiver noise standard deviation per real component
	seed         uint64
	out          string // .cfl or .csv
}

// simRingMargin is how far beyond the object the receive loops sit: the
// ring radius is simRingMargin times the largest distance of a spin from
// the z axis (and at least FOV/2).
const simRingMargin = 1.1

func runSimulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("simulate", "",
		"Simulate a phantom under a pulse sequence with the Bloch simulator and write the\n"+
			"raw data: RAW.cfl is the Cartesian k-space for BART (readout, phase, 1, coil),\n"+
			"RAW.csv every ADC sample as t_s,coil,re,im. A phantom FILE.csv has the header\n"+
			"x_m,y_m,z_m,pd,t1_s,t2_s,t2prime_s,dw_rad_per_s. --seq names a built-in sequence\n"+
			"(its flags as for larmor seq write) or a Pulseq FILE.seq. Cartesian sequences give\n"+
			"Cartesian k-space (ramp-sampled EPI regridded); radial and spiral give BART's\n"+
			"non-Cartesian layout [1, samples, acquisitions, coil] with RAW_traj.cfl beside it\n"+
			"(k·FOV, for bart nufft); a FILE.seq gives [samples, acquisitions, 1, coil].\n"+builderSummary, stderr)
	cfg := simConfig{}
	fs.StringVar(&cfg.phantom, "phantom", "", "phantom: shepp-logan, shepp-logan-3d (N³ spins; with --seq gre3d), brain (WM, GM, CSF, fat) or `FILE.csv` (required)")
	fs.IntVar(&cfg.matrix, "matrix", 128, "matrix size `N` (N×N, 2 to 2048; also the grid of the built-in phantoms)")
	fs.Float64Var(&cfg.fov, "fov", 0.256, "square field of view in `metres` (also the grid of the built-in phantoms)")
	fs.Float64Var(&cfg.b0, "b0", 1.5, "main field in `tesla`: sets T1, T2 and the fat shift of the built-in phantoms")
	fs.IntVar(&cfg.coils, "coils", 0, fmt.Sprintf("`N` receive loops on a ring around the object, mean root-sum-of-squares 1 (0: one uniform coil; at most %d)", phantom.MaxCoils))
	fs.StringVar(&cfg.seq, "seq", "gre", "sequence: a built-in `NAME` (see above) or a Pulseq FILE.seq")
	fs.IntVar(&cfg.spinsPerEdge, "spins-per-voxel", 1, "sub-voxel spins `S` per voxel edge of the built-in phantoms (S² per voxel)")
	fs.BoolVar(&cfg.idealSpoil, "ideal-spoiling", false, "null the transverse magnetisation before every excitation (perfect spoiling)")
	fs.IntVar(&cfg.dummies, "dummy-scans", 0, "TRs `N` played before the first line, towards the steady state")
	fs.IntVar(&cfg.isochromats, "isochromats", 16, "isochromats `K` per spin of a CSV phantom with a finite T2' (Lorentzian spread)")
	fs.Float64Var(&cfg.noise, "noise", 0, "complex Gaussian receiver noise: standard deviation `SIGMA` of the real and imaginary parts")
	fs.Uint64Var(&cfg.seed, "seed", 1, "`SEED` of the receiver noise")
	fs.StringVar(&cfg.out, "out", "", "output `RAW.cfl` (BART k-space) or RAW.csv (ADC samples) (required)")
	cfg.builder = addBuilderFlags(fs, "matrix", "fov", "dummy-scans")
	if err := parse(fs, args); err != nil {
		return err
	}
	usageErr := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "larmor simulate: "+format+"\n", a...)
		return errUsage
	}
	switch {
	case cfg.phantom == "":
		return usageErr("--phantom is required: shepp-logan, shepp-logan-3d, brain or FILE.csv")
	case cfg.phantom != "shepp-logan" && cfg.phantom != "shepp-logan-3d" && cfg.phantom != "brain" && !strings.HasSuffix(strings.ToLower(cfg.phantom), ".csv"):
		return usageErr("--phantom %q: want shepp-logan, shepp-logan-3d, brain or a FILE.csv", cfg.phantom)
	case cfg.phantom == "shepp-logan-3d" && cfg.matrix*cfg.spinsPerEdge > 256:
		return usageErr("--phantom shepp-logan-3d: --matrix %d × --spins-per-voxel %d above 256 per edge (%d³ spins)", cfg.matrix, cfg.spinsPerEdge, cfg.matrix*cfg.spinsPerEdge)
	case cfg.matrix < 2 || cfg.matrix > 2048:
		return usageErr("--matrix %d outside [2, 2048]", cfg.matrix)
	case !(cfg.fov > 0) || math.IsInf(cfg.fov, 0):
		return usageErr("--fov %g m is not a positive number", cfg.fov)
	case !(cfg.b0 > 0) || math.IsInf(cfg.b0, 0):
		return usageErr("--b0 %g T is not a positive number", cfg.b0)
	case cfg.coils < 0 || cfg.coils > phantom.MaxCoils:
		return usageErr("--coils %d outside [0, %d]", cfg.coils, phantom.MaxCoils)
	case strings.HasSuffix(strings.ToLower(cfg.seq), ".seq"):
	case !isBuilder(cfg.seq):
		return usageErr("--seq %q: unknown sequence; available: %s or a FILE.seq", cfg.seq, strings.Join(builderNames, ", "))
	case cfg.spinsPerEdge < 1 || cfg.spinsPerEdge > 16:
		return usageErr("--spins-per-voxel %d outside [1, 16]", cfg.spinsPerEdge)
	case cfg.dummies < 0 || cfg.dummies > 100000:
		return usageErr("--dummy-scans %d outside [0, 100000]", cfg.dummies)
	case cfg.isochromats < 1 || cfg.isochromats > 10000:
		return usageErr("--isochromats %d outside [1, 10000]", cfg.isochromats)
	case !(cfg.noise >= 0) || math.IsInf(cfg.noise, 0):
		return usageErr("--noise %g is not a non-negative number", cfg.noise)
	case cfg.out == "":
		return usageErr("--out is required: RAW.cfl or RAW.csv")
	case !strings.HasSuffix(cfg.out, ".cfl") && !strings.HasSuffix(cfg.out, ".csv"):
		return usageErr("--out %q: the name must end in .cfl (BART k-space) or .csv (ADC samples)", cfg.out)
	}
	_, err := simulate(ctx, cfg, stdout, isTerminal(stdout))
	return err
}

// simPhantom builds or reads the phantom of cfg.
func simPhantom(cfg simConfig) (*phantom.Object, string, error) {
	switch cfg.phantom {
	case "shepp-logan":
		o, err := phantom.SheppLogan2D(cfg.matrix, cfg.fov, cfg.b0, phantom.Sampling{SpinsPerEdge: cfg.spinsPerEdge})
		return o, "MR Shepp-Logan", err
	case "shepp-logan-3d":
		o, err := phantom.SheppLogan3D(cfg.matrix, cfg.fov, cfg.b0, phantom.Sampling{SpinsPerEdge: cfg.spinsPerEdge})
		return o, "3D MR Shepp-Logan", err
	case "brain":
		o, err := phantom.Brain2D(cfg.matrix, cfg.fov, cfg.b0, phantom.Sampling{SpinsPerEdge: cfg.spinsPerEdge})
		return o, "brain", err
	}
	f, err := os.Open(cfg.phantom)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	o, err := phantom.ReadCSV(f, cfg.phantom)
	if err != nil {
		return nil, "", err
	}
	finite := 0
	for _, v := range o.T2Prime {
		if !math.IsInf(v, 1) {
			finite++
		}
	}
	desc := cfg.phantom
	if finite > 0 {
		if o, err = phantom.ExpandT2Prime(o, cfg.isochromats); err != nil {
			return nil, "", fmt.Errorf("%s: %w", cfg.phantom, err)
		}
		desc += fmt.Sprintf(" (%d spin(s) with finite T2' expanded into %d isochromats each)", finite, cfg.isochromats)
	}
	return o, desc, nil
}

// simulate builds the phantom and the sequence, runs the simulator and
// writes cfg.out. With bar, it draws a progress bar on stdout.
func simulate(ctx context.Context, cfg simConfig, stdout io.Writer, bar bool) (*kspace.Dataset, error) {
	start := time.Now()
	obj, desc, err := simPhantom(cfg)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "phantom   %s: %d spins, B0 %g T\n", desc, obj.Len(), cfg.b0)
	if cfg.coils > 0 {
		r := cfg.fov / 2
		for i := range obj.Len() {
			r = math.Max(r, simRingMargin*math.Hypot(obj.X[i], obj.Y[i]))
		}
		if err := phantom.CircularCoils(obj, cfg.coils, r); err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "coils     %d circular loops on a ring of radius %.0f mm\n", cfg.coils, r*1e3)
	}
	sys := seq.DefaultSystem()
	sys.B0 = cfg.b0
	var s *seq.Sequence
	if isBuilder(cfg.seq) {
		bf := cfg.builder
		if bf == nil {
			bf = addBuilderFlags(flag.NewFlagSet("defaults", flag.ContinueOnError), "matrix", "fov", "dummy-scans")
		}
		bf.matrix, bf.fov, bf.dummies = cfg.matrix, cfg.fov, cfg.dummies
		var err error
		if s, err = bf.build(cfg.seq, &sys); err != nil {
			return nil, err
		}
		p := s.Params
		m := s.Encoding.Matrix
		fmt.Fprintf(stdout, "sequence  %s %d×%d×%d, FOV %g mm: TR %.2f ms, TE %.2f ms, flip %.0f°, %d blocks, %.2f s\n",
			cfg.seq, m[0], m[1], m[2], cfg.fov*1e3, p.TR*1e3, p.TE*1e3, p.FlipAngle*180/math.Pi, len(s.Blocks), s.Duration())
	} else {
		var info *seq.PulseqInfo
		var err error
		s, info, err = seq.ReadFile(cfg.seq)
		if err != nil {
			return nil, err
		}
		if s.Params.B0 == 0 {
			s.Params.B0 = cfg.b0
		}
		sum := s.Summarize()
		fmt.Fprintf(stdout, "sequence  %s: Pulseq %s, %d blocks, %d ADC events, %.3f s, signature %v\n",
			cfg.seq, info.Version, len(s.Blocks), sum.ADCEvents, s.Duration(), info.Signature.Status)
		for _, w := range info.Warnings {
			fmt.Fprintf(stdout, "warning   %v\n", w)
		}
	}

	opts := bloch.Options{IdealSpoiling: cfg.idealSpoil}
	if cfg.noise > 0 {
		opts.Noise = &bloch.Noise{Sigma: cfg.noise, Seed: cfg.seed}
	}
	if bar {
		opts.Progress = simProgressBar(stdout)
	}
	t0 := time.Now()
	d, err := bloch.Simulate(ctx, s, obj, opts)
	if err != nil {
		return nil, err
	}
	spoil := "spoiling by the sequence's gradients and RF phases"
	if cfg.idealSpoil {
		spoil = "ideal spoiling"
	}
	fmt.Fprintf(stdout, "simulate  %d acquisitions, %d samples in all, × %d coil(s), %s, in %.2f s\n",
		len(d.Acquisitions), simSamples(d), obj.NumCoils(), spoil, time.Since(t0).Seconds())

	if strings.HasSuffix(cfg.out, ".cfl") {
		name := strings.TrimSuffix(cfg.out, ".cfl")
		var ks *kspace.Array
		switch {
		case d.Header.Encoded.Matrix[0] > 0 && (d.Header.Trajectory == kspace.Cartesian || d.Header.Trajectory == kspace.EPI):
			cart := d
			if cfg.seq == "epi" && cfg.builder != nil && cfg.builder.ramp {
				if cart, err = recon.RegridRamp(d, d.Header.Encoded.Matrix[0]); err != nil {
					return nil, err
				}
			}
			ks, err = cart.Cartesian()
		case d.Header.Encoded.Matrix[0] > 0:
			ks, err = nonCartesian(name, d, stdout)
		default:
			ks, err = rawArray(d)
		}
		if err != nil {
			return nil, err
		}
		if err := cfl.Write(name, ks.Dims[:], ks.Data); err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "wrote     %s.{cfl,hdr}: BART k-space %d×%d×%d×%d\n", name, ks.Dims[0], ks.Dims[1], ks.Dims[2], ks.Dims[3])
	} else {
		if err := writeSamplesCSV(cfg.out, d); err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "wrote     %s: %d ADC samples × %d coil(s)\n", cfg.out, simSamples(d), d.Header.Coils)
	}
	fmt.Fprintf(stdout, "done in %.2f s\n", time.Since(start).Seconds())
	return d, nil
}

// simProgressBar returns a progress callback that redraws a bar on w.
func simProgressBar(w io.Writer) func(bloch.Progress) {
	return func(pr bloch.Progress) {
		const width = 40
		total := max(pr.Total, 1)
		n := width * pr.Spins / total
		fmt.Fprintf(w, "\rsimulate  [%s%s] %3d%%", strings.Repeat("#", n), strings.Repeat(".", width-n), 100*pr.Spins/total)
		if pr.Spins == pr.Total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

// simSamples returns the number of ADC samples per coil in d.
func simSamples(d *kspace.Dataset) int {
	n := 0
	for i := range d.Acquisitions {
		n += d.Acquisitions[i].Samples
	}
	return n
}

// writeSamplesCSV writes every ADC sample of d to path, atomically: the
// header t_s,coil,re,im, then one row per sample and coil, in acquisition
// order, samples in time order and coils from 0 within a sample. t_s is
// the sample's time from the start of the sequence, Acquisition.Time +
// n·Dwell [s], with 15 significant digits; re and im are the complex64
// sample as written by strconv (shortest exact representation).
func writeSamplesCSV(path string, d *kspace.Dataset) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		bw.WriteString("t_s,coil,re,im\n")
		var line []byte
		for i := range d.Acquisitions {
			a := &d.Acquisitions[i]
			if len(a.Data) != a.Coils*a.Samples {
				return fmt.Errorf("acquisition %d: %d values for %d coils × %d samples", i, len(a.Data), a.Coils, a.Samples)
			}
			for n := range a.Samples {
				t := a.Time + float64(n)*a.Dwell
				for c := range a.Coils {
					v := a.Data[c*a.Samples+n]
					line = strconv.AppendFloat(line[:0], t, 'e', 14, 64)
					line = append(line, ',')
					line = strconv.AppendInt(line, int64(c), 10)
					line = append(line, ',')
					line = strconv.AppendFloat(line, float64(real(v)), 'g', -1, 32)
					line = append(line, ',')
					line = strconv.AppendFloat(line, float64(imag(v)), 'g', -1, 32)
					line = append(line, '\n')
					if _, err := bw.Write(line); err != nil {
						return err
					}
				}
			}
		}
		return bw.Flush()
	})
}

// rawArray lays out the samples of a dataset without a Cartesian encoding
// (a sequence read from a file) as [samples, acquisitions, 1, coil]. All
// acquisitions must have the same number of samples.
func rawArray(d *kspace.Dataset) (*kspace.Array, error) {
	if len(d.Acquisitions) == 0 {
		return nil, fmt.Errorf("the sequence has no ADC events")
	}
	ns, nc := d.Acquisitions[0].Samples, d.Header.Coils
	for i, a := range d.Acquisitions {
		if a.Samples != ns {
			return nil, fmt.Errorf("acquisition %d has %d samples, acquisition 0 %d: write .csv instead", i, a.Samples, ns)
		}
	}
	out := kspace.NewArray(ns, len(d.Acquisitions), 1, nc)
	for i, a := range d.Acquisitions {
		for c := range nc {
			copy(out.Data[out.Index(0, i, 0, c):], a.Data[c*ns:(c+1)*ns])
		}
	}
	return out, nil
}

// nonCartesian lays out a radial or spiral dataset as BART does for
// non-Cartesian data, [1, samples, acquisitions, coil], and writes its
// trajectory to NAME_traj.cfl as [3, samples, acquisitions] in units of
// 1/FOV (k·FOV along x, y, z: what bart nufft expects; 0 along an axis
// that is not encoded). All acquisitions
// must have the same number of samples.
func nonCartesian(name string, d *kspace.Dataset, stdout io.Writer) (*kspace.Array, error) {
	raw, err := rawArray(d)
	if err != nil {
		return nil, err
	}
	ns, na, nc := raw.Dims[0], raw.Dims[1], raw.Dims[3]
	out := kspace.NewArray(1, ns, na, nc)
	copy(out.Data, raw.Data) // same order: sample fastest, then acquisition, then coil
	fov := d.Header.Encoded.FOV
	traj := make([]complex64, 3*ns*na)
	for i, a := range d.Acquisitions {
		if a.TrajDims != 3 || len(a.Traj) != 3*ns {
			return nil, fmt.Errorf("acquisition %d has no 3D trajectory", i)
		}
		for j := range ns {
			for ax := range 3 {
				if d.Header.Encoded.Matrix[ax] > 1 { // a 2D scan's kz (rounding residue of the slice rephaser) stays 0
					traj[3*(i*ns+j)+ax] = complex(a.Traj[3*j+ax]*float32(fov[ax]), 0)
				}
			}
		}
	}
	if err := cfl.Write(name+"_traj", []int{3, ns, na}, traj); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "wrote     %s_traj.{cfl,hdr}: BART trajectory 3×%d×%d (k·FOV)\n", name, ns, na)
	return out, nil
}
