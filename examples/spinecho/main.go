// Command spinecho shows how a spin echo refocuses off-resonance. It
// simulates a 90° pulse at t = 0 and a 180° pulse at TE/2 with the Bloch
// simulator and plots, against time:
//
//   - top: the magnetisation of one spin that is off resonance by Δf. Mx
//     and My are simulated (an ADC samples the spin every 50 µs); Mz is
//     the closed form for instantaneous pulses, Mz = M0 + (Mz(t0) − M0)·
//     exp(−(t − t0)/T1) from 0 after the 90° pulse and from −Mz after the
//     180° pulse, because the simulator reports only transverse signal;
//   - bottom: the net transverse magnetisation |Mxy| of many isochromats
//     whose off-resonances spread over a Lorentzian of half-width
//     1/(2πT2'), simulated, on the closed form M0·exp(−t/T2)·exp(−|t − τ|/T2')
//     (τ = 0 before the 180° pulse, TE after it) and the T2 envelope
//     M0·exp(−t/T2) that the echo touches at t = TE.
//
// It writes spinecho.png (or the file given by -out).
//
//	go run ./examples/spinecho -te 0.05 -df 30 -out spinecho.png
package main

import (
	"context"
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/internal/atomicfile"
)

// params are the physics of the experiment.
type params struct {
	TE          float64 // echo time [s], a multiple of 20 µs
	T1, T2      float64 // of the spin [s]
	DF          float64 // off-resonance of the single spin [Hz]
	T2Prime     float64 // reversible dephasing of the ensemble [s]
	Isochromats int     // spins of the ensemble
}

// dwell is the time between samples of the magnetisation [s].
const dwell = 50e-6

// pulseDuration is the length of the hard pulses [s]: 25 kHz of B1 for
// the 90°, 50 kHz for the 180°, so that off-resonance of tens of Hz tilts
// their axes by about 1e-3 rad and they are practically instantaneous.
const pulseDuration = 10e-6

func main() {
	var p params
	flag.Float64Var(&p.TE, "te", 0.05, "echo time `TE` [s] (a multiple of 20 µs)")
	flag.Float64Var(&p.T1, "t1", 0.3, "longitudinal relaxation time [s]")
	flag.Float64Var(&p.T2, "t2", 0.08, "transverse relaxation time [s]")
	flag.Float64Var(&p.DF, "df", 30, "off-resonance of the single spin [Hz]")
	flag.Float64Var(&p.T2Prime, "t2prime", 0.008, "reversible dephasing time T2' of the ensemble [s]")
	flag.IntVar(&p.Isochromats, "isochromats", 1000, "number of isochromats of the ensemble")
	out := flag.String("out", "spinecho.png", "output PNG `file`")
	flag.Parse()
	if err := run(p, *out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "spinecho:", err)
		os.Exit(1)
	}
}

// trace is a simulated signal: times from the centre of the 90° pulse [s]
// and the complex transverse magnetisation Mx + iMy summed over the spins.
type trace struct {
	t   []float64
	mxy []complex128
}

// echoSequence returns a 90°–180° spin echo with an ADC sampling every
// dwell from just after the 90° pulse to just before the 180° pulse and
// from just after it to end (times from the centre of the 90° pulse), with
// a sample exactly at TE, and the time of the 90° pulse's centre from the
// start of the sequence.
func echoSequence(te, end float64) (*seq.Sequence, float64, error) {
	sys := seq.DefaultSystem()
	exc, d1, err := seq.HardPulse(sys, math.Pi/2, pulseDuration, 0, seq.Excitation)
	if err != nil {
		return nil, 0, err
	}
	// Phase π/2: the 180° pulse turns about −y, so the echo forms along +y
	// where the 90° pulse put the magnetisation (the CPMG choice).
	ref, d2, err := seq.HardPulse(sys, math.Pi, pulseDuration, math.Pi/2, seq.Refocusing)
	if err != nil {
		return nil, 0, err
	}
	t90 := exc.Delay + exc.Center
	after1 := d1 - t90                // from the 90° centre to the end of its block
	before2 := ref.Delay + ref.Center // from the start of the 180° block to its centre
	gap := te/2 - after1 - before2    // the block between the pulses
	after2 := te/2 + d2 - before2     // start of the last block, from the 90° centre
	if r := math.Remainder(gap, sys.BlockRaster); gap < 2*sys.ADCDeadTime || math.Abs(r) > 1e-12 {
		return nil, 0, fmt.Errorf("TE %g s: TE/2 must be a multiple of %g s and longer than the pulses", te, sys.BlockRaster)
	}
	n1 := int(math.Floor((gap-sys.ADCDeadTime)/dwell + 1e-9))
	// Delay the second ADC so that a sample falls exactly on TE.
	delay := sys.ADCDeadTime + math.Mod(te-after2-sys.ADCDeadTime-dwell/2, dwell)
	n2 := int(math.Floor((end-after2-delay)/dwell + 1e-9))
	if n1 < 1 || n2 < 1 {
		return nil, 0, fmt.Errorf("TE %g s is too short to sample", te)
	}
	last := math.Ceil((delay+float64(n2)*dwell)/sys.BlockRaster-1e-9) * sys.BlockRaster
	return &seq.Sequence{System: sys, Blocks: []seq.Block{
		{Duration: d1, RF: exc},
		{Duration: gap, ADC: &seq.ADC{Samples: n1, Dwell: dwell, Delay: sys.ADCDeadTime}},
		{Duration: d2, RF: ref},
		{Duration: last, ADC: &seq.ADC{Samples: n2, Dwell: dwell, Delay: delay}},
	}}, t90, nil
}

// simulate runs the spin echo on obj and returns its signal.
func simulate(s *seq.Sequence, t90 float64, obj *phantom.Object) (trace, error) {
	d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{})
	if err != nil {
		return trace{}, err
	}
	var tr trace
	for _, a := range d.Acquisitions {
		for n := range a.Samples {
			tr.t = append(tr.t, a.Time+float64(n)*a.Dwell-t90)
			tr.mxy = append(tr.mxy, complex128(a.Data[n]))
		}
	}
	return tr, nil
}

// experiment simulates the single spin and the ensemble up to 1.5·TE.
func experiment(p params) (spin, ensemble trace, err error) {
	if !(p.TE > 0) || !(p.T1 > 0) || !(p.T2 > 0) || !(p.T2Prime > 0) || p.Isochromats < 1 || math.IsNaN(p.DF) {
		return trace{}, trace{}, fmt.Errorf("parameters %+v: times must be positive, isochromats at least 1", p)
	}
	s, t90, err := echoSequence(p.TE, 1.5*p.TE)
	if err != nil {
		return trace{}, trace{}, err
	}
	one := &phantom.Object{X: []float64{0}, Y: []float64{0}, Z: []float64{0},
		M0: []float64{1}, T1: []float64{p.T1}, T2: []float64{p.T2}, DF: []float64{p.DF}}
	if spin, err = simulate(s, t90, one); err != nil {
		return trace{}, trace{}, err
	}
	// The ensemble: one spin with a finite T2', expanded into isochromats
	// of M0 1/K each whose off-resonances sit at the quantiles of a
	// Lorentzian, which dephase as exp(−t/T2').
	spread := &phantom.Object{X: []float64{0}, Y: []float64{0}, Z: []float64{0},
		M0: []float64{1}, T1: []float64{p.T1}, T2: []float64{p.T2}, T2Prime: []float64{p.T2Prime}}
	iso, err := phantom.ExpandT2Prime(spread, p.Isochromats)
	if err != nil {
		return trace{}, trace{}, err
	}
	if ensemble, err = simulate(s, t90, iso); err != nil {
		return trace{}, trace{}, err
	}
	return spin, ensemble, nil
}

// mz is the closed-form longitudinal magnetisation of a spin of M0 = 1
// after an instantaneous 90° pulse at t = 0 and 180° pulse at TE/2.
func mz(p params, t float64) float64 {
	switch {
	case t < 0:
		return 1
	case t < p.TE/2:
		return 1 - math.Exp(-t/p.T1)
	}
	m := -(1 - math.Exp(-p.TE/2/p.T1))
	return 1 + (m-1)*math.Exp(-(t-p.TE/2)/p.T1)
}

// ensembleClosedForm is |Mxy| of a continuous Lorentzian ensemble of
// M0 = 1: exp(−t/T2)·exp(−|t − τ|/T2'), τ = 0 before the 180° pulse and TE
// after it.
func ensembleClosedForm(p params, t float64) float64 {
	tau := 0.0
	if t > p.TE/2 {
		tau = p.TE
	}
	return math.Exp(-t/p.T2) * math.Exp(-math.Abs(t-tau)/p.T2Prime)
}

func run(p params, out string, stdout io.Writer) error {
	spin, ens, err := experiment(p)
	if err != nil {
		return err
	}
	ms := func(t float64) float64 { return t * 1e3 }
	lead := -0.1 * p.TE // equilibrium before the 90° pulse

	// Top: one spin.
	top := plot.New()
	top.Title.Text = fmt.Sprintf("One spin, Δf = %g Hz: 90° at 0, 180° (about y) at TE/2 = %g ms, echo at TE = %g ms", p.DF, ms(p.TE/2), ms(p.TE))
	top.Y.Label.Text = "magnetisation [M0]"
	top.Y.Min, top.Y.Max = -1.1, 1.25
	top.X.Min, top.X.Max = ms(lead), ms(spin.t[len(spin.t)-1])
	mx := plotter.XYs{{X: ms(lead), Y: 0}, {X: 0, Y: 0}}
	my := plotter.XYs{{X: ms(lead), Y: 0}, {X: 0, Y: 0}}
	for i, t := range spin.t {
		mx = append(mx, plotter.XY{X: ms(t), Y: real(spin.mxy[i])})
		my = append(my, plotter.XY{X: ms(t), Y: imag(spin.mxy[i])})
	}
	mzs := plotter.XYs{{X: ms(lead), Y: 1}, {X: 0, Y: 1}}
	for t := 0.0; t <= spin.t[len(spin.t)-1]; t += dwell {
		if t < p.TE/2 && t+dwell >= p.TE/2 {
			mzs = append(mzs, plotter.XY{X: ms(p.TE / 2), Y: mz(p, p.TE/2-1e-12)})
		}
		mzs = append(mzs, plotter.XY{X: ms(t), Y: mz(p, t)})
	}
	red, blue, green, grey := color.RGBA{R: 210, A: 255}, color.RGBA{B: 220, A: 255}, color.RGBA{G: 150, A: 255}, color.Gray{Y: 120}
	if err := addLine(top, mx, red, false, "Mx (simulated)"); err != nil {
		return err
	}
	if err := addLine(top, my, blue, false, "My (simulated)"); err != nil {
		return err
	}
	if err := addLine(top, mzs, green, true, "Mz (closed form, instantaneous pulses)"); err != nil {
		return err
	}
	if err := markEvents(top, p, grey, 1.12); err != nil {
		return err
	}
	top.Legend.Top = true
	top.Legend.Left = false

	// Bottom: the ensemble.
	bot := plot.New()
	bot.Title.Text = fmt.Sprintf("%d isochromats, T2' = %g ms (Lorentzian spread), T2 = %g ms", p.Isochromats, ms(p.T2Prime), ms(p.T2))
	bot.X.Label.Text = "time after the 90° pulse [ms]"
	bot.Y.Label.Text = "|Mxy| [M0]"
	bot.Y.Min, bot.Y.Max = 0, 1.15
	bot.X.Min, bot.X.Max = top.X.Min, top.X.Max
	sim := plotter.XYs{}
	closed := plotter.XYs{}
	env := plotter.XYs{}
	for i, t := range ens.t {
		sim = append(sim, plotter.XY{X: ms(t), Y: math.Hypot(real(ens.mxy[i]), imag(ens.mxy[i]))})
		closed = append(closed, plotter.XY{X: ms(t), Y: ensembleClosedForm(p, t)})
		env = append(env, plotter.XY{X: ms(t), Y: math.Exp(-t / p.T2)})
	}
	if err := addLine(bot, sim, blue, false, "net |Mxy| (simulated)"); err != nil {
		return err
	}
	if err := addLine(bot, closed, red, true, "exp(−t/T2)·exp(−|t − τ|/T2')"); err != nil {
		return err
	}
	if err := addLine(bot, env, grey, true, "T2 envelope exp(−t/T2)"); err != nil {
		return err
	}
	if err := markEvents(bot, p, grey, 1.07); err != nil {
		return err
	}
	bot.Legend.Top = true

	ticks := timeTicks(top.X.Min, top.X.Max, p.TE)
	top.X.Tick.Marker = ticks
	bot.X.Tick.Marker = ticks

	const w, h = 8 * vg.Inch, 7 * vg.Inch
	img := vgimg.New(w, h)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2,
		PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 4, PadY: vg.Millimeter * 6}
	canvases := plot.Align([][]*plot.Plot{{top}, {bot}}, tiles, dc)
	top.Draw(canvases[0][0])
	bot.Draw(canvases[1][0])
	err = atomicfile.Write(out, func(f io.Writer) error {
		_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(f)
		return err
	})
	if err != nil {
		return err
	}
	i := nearest(spin.t, p.TE)
	fmt.Fprintf(stdout, "one spin at TE:    Mx %+.4f  My %+.4f  (exp(−TE/T2) = %.4f along +y)\n", real(spin.mxy[i]), imag(spin.mxy[i]), math.Exp(-p.TE/p.T2))
	fmt.Fprintf(stdout, "ensemble at TE:    |Mxy| %.4f  (closed form %.4f)\n", math.Hypot(real(ens.mxy[i]), imag(ens.mxy[i])), ensembleClosedForm(p, p.TE))
	fmt.Fprintln(stdout, "wrote", out)
	return nil
}

// timeTicks marks the time axis [ms] at multiples of TE/10 (TE/5 past 20
// marks), labelling every other mark.
func timeTicks(lo, hi, te float64) plot.ConstantTicks {
	step := te * 1e3 / 10
	if (hi-lo)/step > 20 {
		step *= 2
	}
	var ticks plot.ConstantTicks
	for k := math.Ceil(lo / step); k*step <= hi; k++ {
		label := ""
		if int(k)%2 == 0 {
			label = strconv.FormatFloat(k*step, 'g', 4, 64)
		}
		ticks = append(ticks, plot.Tick{Value: k * step, Label: label})
	}
	return ticks
}

// nearest returns the index of the time in ts closest to t.
func nearest(ts []float64, t float64) int {
	best := 0
	for i, v := range ts {
		if math.Abs(v-t) < math.Abs(ts[best]-t) {
			best = i
		}
	}
	return best
}

// addLine adds a line to p with a legend entry.
func addLine(p *plot.Plot, xys plotter.XYs, c color.Color, dashed bool, label string) error {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(1.2)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

// markEvents draws dotted vertical lines at the 90° and 180° pulses and
// the echo, labelled at height y.
func markEvents(p *plot.Plot, pr params, c color.Color, y float64) error {
	ts := []float64{0, pr.TE / 2, pr.TE}
	names := []string{"90°", "180°", "echo"}
	for _, t := range ts {
		l, err := plotter.NewLine(plotter.XYs{{X: t * 1e3, Y: p.Y.Min}, {X: t * 1e3, Y: p.Y.Max}})
		if err != nil {
			return err
		}
		l.Color = c
		l.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
		p.Add(l)
	}
	xys := make(plotter.XYs, len(ts))
	for i, t := range ts {
		xys[i] = plotter.XY{X: t*1e3 + 0.01*(p.X.Max-p.X.Min), Y: y}
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: names})
	if err != nil {
		return err
	}
	p.Add(labels)
	return nil
}
