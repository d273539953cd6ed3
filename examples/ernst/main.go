// Command ernst shows where the Ernst angle comes from: it simulates the
// steady-state signal of a spoiled gradient echo for three tissues of the
// MR Shepp-Logan phantom over flip angles from 1° to 90° with the Bloch
// simulator, plots it against the closed-form signal
//
//	S(α) = M0·sinα·(1 − E1)/(1 − cosα·E1)·E2,  E1 = exp(−TR/T1), E2 = exp(−TE/T2),
//
// and marks each tissue's Ernst angle αE = arccos(E1), where the signal
// peaks. It writes ernst.png (or the file given by -out).
//
//	go run ./examples/ernst -tr 0.02 -out ernst.png
package main

import (
	"context"
	"flag"
	"fmt"
	"image/color"
	"math"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/larmor-mri/larmor/bloch"
	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/bloch/seq"
)

func main() {
	tr := flag.Float64("tr", 0.020, "repetition time `TR` [s]")
	b0 := flag.Float64("b0", 1.5, "main field [T] (sets T1)")
	out := flag.String("out", "ernst.png", "output PNG `file`")
	flag.Parse()
	if err := run(*tr, *b0, *out); err != nil {
		fmt.Fprintln(os.Stderr, "ernst:", err)
		os.Exit(1)
	}
}

func run(tr, b0 float64, out string) error {
	el := phantom.SheppLogan2DEllipses()
	tissues := []struct {
		u, v float64 // a point inside the tissue, phantom coordinates
		col  color.RGBA
	}{
		{0, 0.35, color.RGBA{R: 200, A: 255}}, // white matter
		{0.5, 0, color.RGBA{G: 150, A: 255}},  // grey matter
		{0.22, 0, color.RGBA{B: 220, A: 255}}, // CSF
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Spoiled GRE steady state, TR %.0f ms, B0 %.1f T", tr*1e3, b0)
	p.X.Label.Text = "flip angle [°]"
	p.Y.Label.Text = "signal [M0 units]"
	p.Legend.Top = true
	p.Y.Min, p.Y.Max = 0, 0.1 // room for the legend above the curves
	for _, ts := range tissues {
		t, _ := phantom.TissueAt(el, ts.u, ts.v)
		t1 := t.T1(b0)
		e1 := math.Exp(-tr / t1)
		var te float64
		closed := plotter.XYs{}
		for a := 1.0; a <= 90; a += 0.5 {
			r := a * math.Pi / 180
			closed = append(closed, plotter.XY{X: a, Y: t.M0 * math.Sin(r) * (1 - e1) / (1 - math.Cos(r)*e1)})
		}
		sim := plotter.XYs{}
		for a := 2.0; a <= 90; a += 4 {
			s, err := seq.GRE(seq.GREParams{Matrix: 2, TR: tr, FlipAngle: a * math.Pi / 180,
				Excitation: seq.HardExcitation, RFDuration: 20e-6, DummyScans: 400})
			if err != nil {
				return err
			}
			te = s.Params.TE
			// One spin at the isocentre: its k-space centre sample is the
			// voxel's signal.
			obj := &phantom.Object{X: []float64{0}, Y: []float64{0}, Z: []float64{0},
				M0: []float64{t.M0}, T1: []float64{t1}, T2: []float64{t.T2}}
			d, err := bloch.Simulate(context.Background(), s, obj, bloch.Options{IdealSpoiling: true})
			if err != nil {
				return err
			}
			v := d.Acquisitions[1].Data[1] // line N/2, sample N/2: k = 0
			sim = append(sim, plotter.XY{X: a, Y: math.Hypot(float64(real(v)), float64(imag(v)))})
		}
		e2 := math.Exp(-te / t.T2)
		for i := range closed {
			closed[i].Y *= e2
		}
		line, err := plotter.NewLine(closed)
		if err != nil {
			return err
		}
		line.Color = ts.col
		pts, err := plotter.NewScatter(sim)
		if err != nil {
			return err
		}
		pts.Color = ts.col
		ernst := math.Acos(e1) * 180 / math.Pi
		mark, err := plotter.NewLine(plotter.XYs{{X: ernst, Y: 0}, {X: ernst, Y: t.M0 * math.Sqrt((1-e1)/(1+e1)) * e2}})
		if err != nil {
			return err
		}
		mark.Color = ts.col
		mark.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(line, pts, mark)
		p.Legend.Add(fmt.Sprintf("%s (T1 %.2f s): Ernst angle %.1f°", t.Name, t1, ernst), line)
		fmt.Printf("%-13s T1 %.3f s  Ernst angle %5.1f°  peak signal %.4f\n", t.Name, t1, ernst, t.M0*math.Sqrt((1-e1)/(1+e1))*e2)
	}
	if err := p.Save(7*vg.Inch, 4.5*vg.Inch, out); err != nil {
		return err
	}
	fmt.Println("wrote", out, "(lines: closed form; dots: Bloch simulation)")
	return nil
}
