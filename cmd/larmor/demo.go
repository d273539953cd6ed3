package main

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/dicomio"
	"github.com/larmor-mri/larmor/internal/atomicfile"
	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/kspace/cfl"
	"github.com/larmor-mri/larmor/recon"
)

// demoConfig is what the demo subcommand runs.
type demoConfig struct {
	out    string
	matrix int
	seq    string
	fov    float64 // [m]
	b0     float64 // [T]
}

// demoResult is what the demo produced, for tests.
type demoResult struct {
	seq    *seq.Sequence
	obj    *phantom.Object
	data   *kspace.Dataset
	images []*recon.Image
	files  []string
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "",
		"Simulate the MR Shepp-Logan phantom under a 2D spoiled gradient echo with the\n"+
			"Bloch simulator, reconstruct it by FFT and write image.png, kspace.png,\n"+
			"kspace.cfl/.hdr (BART) and dicom/*.dcm to the output directory.", stderr)
	cfg := demoConfig{fov: 0.256, b0: 1.5}
	fs.StringVar(&cfg.out, "out", "larmor-out", "output `directory`")
	fs.IntVar(&cfg.matrix, "matrix", 128, "matrix size `N` (N×N, 8 to 512)")
	fs.StringVar(&cfg.seq, "seq", "gre", "sequence: gre")
	if err := parse(fs, args); err != nil {
		return err
	}
	if cfg.matrix < 8 || cfg.matrix > 512 {
		fmt.Fprintf(stderr, "larmor demo: --matrix %d outside [8, 512]\n", cfg.matrix)
		return errUsage
	}
	if cfg.seq != "gre" {
		fmt.Fprintf(stderr, "larmor demo: --seq %q: only \"gre\" is available\n", cfg.seq)
		return errUsage
	}
	if cfg.out == "" {
		fmt.Fprintf(stderr, "larmor demo: --out must not be empty\n")
		return errUsage
	}
	_, err := demo(ctx, cfg, stdout, isTerminal(stdout))
	return err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// demo runs the whole chain: phantom, sequence, simulation, reconstruction,
// pictures and DICOM.
func demo(ctx context.Context, cfg demoConfig, stdout io.Writer, bar bool) (*demoResult, error) {
	start := time.Now()
	res := &demoResult{}
	obj, err := phantom.SheppLogan2D(cfg.matrix, cfg.fov, cfg.b0)
	if err != nil {
		return nil, err
	}
	res.obj = obj
	sys := seq.DefaultSystem()
	sys.B0 = cfg.b0
	s, err := seq.GRE(seq.GREParams{Matrix: cfg.matrix, FOV: cfg.fov, DummyScans: demoDummyScans, System: &sys})
	if err != nil {
		return nil, err
	}
	res.seq = s
	p := s.Params
	fmt.Fprintf(stdout, "phantom   MR Shepp-Logan, %d spins on a %d×%d grid, FOV %g mm, B0 %g T\n",
		obj.Len(), cfg.matrix, cfg.matrix, cfg.fov*1e3, cfg.b0)
	fmt.Fprintf(stdout, "sequence  2D spoiled GRE: TR %.2f ms, TE %.2f ms, flip %.0f°, sinc excitation, %d blocks (%d dummy TRs), %.2f s\n",
		p.TR*1e3, p.TE*1e3, p.FlipAngle*180/math.Pi, len(s.Blocks), demoDummyScans, s.Duration())

	opts := bloch.Options{IdealSpoiling: true}
	if bar {
		opts.Progress = simProgressBar(stdout)
	}
	t0 := time.Now()
	d, err := bloch.Simulate(ctx, s, obj, opts)
	if err != nil {
		return nil, err
	}
	res.data = d
	fmt.Fprintf(stdout, "simulate  Bloch equations with ideal spoiling: %d acquisitions × %d samples in %.2f s\n",
		len(d.Acquisitions), cfg.matrix, time.Since(t0).Seconds())

	t0 = time.Now()
	ks, err := d.Cartesian()
	if err != nil {
		return nil, err
	}
	images, err := recon.Cartesian(ctx, d, recon.Options{})
	if err != nil {
		return nil, err
	}
	res.images = images
	fmt.Fprintf(stdout, "recon     centred inverse FFT, %d image(s) of %d×%d in %.3f s\n",
		len(images), images[0].Matrix[0], images[0].Matrix[1], time.Since(t0).Seconds())

	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return nil, err
	}
	imgPath := filepath.Join(cfg.out, "image.png")
	ksPath := filepath.Join(cfg.out, "kspace.png")
	if err := writePNG(imgPath, images[0].Picture(0)); err != nil {
		return nil, err
	}
	if err := writePNG(ksPath, recon.KSpacePicture(ks)); err != nil {
		return nil, err
	}
	cflName := filepath.Join(cfg.out, "kspace")
	if err := cfl.Write(cflName, ks.Dims[:], ks.Data); err != nil {
		return nil, err
	}
	var mags []*recon.Image
	for _, im := range images {
		mags = append(mags, im.Abs())
	}
	w := dicomio.Writer{SeriesDescription: "larmor demo: Shepp-Logan spoiled GRE"}
	dcm, err := w.WriteSeries(filepath.Join(cfg.out, "dicom"), mags)
	if err != nil {
		return nil, err
	}
	res.files = append([]string{imgPath, ksPath, cflName + ".cfl", cflName + ".hdr"}, dcm...)
	fmt.Fprintf(stdout, "wrote     %s (image), %s (log |k|), %s.{cfl,hdr} (BART k-space)\n", imgPath, ksPath, cflName)
	fmt.Fprintf(stdout, "wrote     %d DICOM file(s) in %s\n", len(dcm), filepath.Join(cfg.out, "dicom"))
	fmt.Fprintf(stdout, "done in %.2f s\n", time.Since(start).Seconds())
	return res, nil
}

// demoDummyScans brings the magnetisation to its steady state before the
// first line: the transient decays as (cos α·E1)^n, below 1e-6 of the signal
// after 100 TRs at 30° for every tissue of the phantom (CSF is slowest:
// 0.866·exp(−20 ms/4.2 s) = 0.862 per TR).
const demoDummyScans = 100

func writePNG(path string, img image.Image) error {
	return atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, img) })
}
