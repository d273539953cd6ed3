// Package seqplot draws pulse sequences for teaching and checking: the
// sequence diagram (RF magnitude and phase, Gx, Gy, Gz, ADC against time,
// like pypulseq's plot) and the k-space trajectory of the ADC samples. It
// is kept apart from bloch/seq so that importing the sequence model does
// not bring in the plotting library (gonum.org/v1/plot).
//
// # Overview
//
//	s, _ := seq.SE(seq.SEParams{Matrix: 64})
//	f, _ := os.Create("se.png")
//	err := seqplot.Diagram(f, s, 0, s.Params.TR) // the first TR
//	err = seqplot.KSpace(g, s)
//
// # Conventions
//
// Times in ms, RF in Hz (γB1/2π), gradients in mT/m, k in 1/m, as the axes
// say. Diagrams are PNG.
//
// # Errors
//
// Diagram returns an error for an empty or inverted time window or a
// sequence without blocks; both return the encoder's errors.
package seqplot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"math/cmplx"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// Diagram writes a PNG of the sequence between times from and to [s] from
// its start: six panels (RF magnitude [Hz], RF phase [rad], Gx, Gy, Gz
// [mT/m], ADC windows with their samples).
func Diagram(w io.Writer, s *seq.Sequence, from, to float64) error {
	if s == nil || len(s.Blocks) == 0 {
		return fmt.Errorf("seqplot: no blocks")
	}
	if !(to > from) {
		return fmt.Errorf("seqplot: time window [%g, %g] s is empty", from, to)
	}
	var rfMag, rfPh, adc plotter.XYs
	var g [3]plotter.XYs
	t0 := 0.0
	ms := func(t float64) float64 { return t * 1e3 }
	for i := range s.Blocks {
		b := &s.Blocks[i]
		if t0 > to {
			break
		}
		if t0+b.Duration >= from {
			if rf := b.RF; rf != nil {
				for n, v := range rf.Signal {
					ta := t0 + rf.Delay + float64(n)*rf.Dwell
					mag, ph := cmplx.Abs(v), cmplx.Phase(v)+rf.PhaseOffset
					rfMag = append(rfMag, plotter.XY{X: ms(ta), Y: mag}, plotter.XY{X: ms(ta + rf.Dwell), Y: mag})
					rfPh = append(rfPh, plotter.XY{X: ms(ta), Y: math.Remainder(ph, 2*math.Pi)})
				}
				rfMag = append(rfMag, plotter.XY{X: ms(t0 + rf.Delay + rf.Duration()), Y: 0})
			}
			for ax := range 3 {
				gr := b.Grad(ax)
				if gr == nil {
					continue
				}
				tt, aa := gr.Corners()
				for k := range tt {
					g[ax] = append(g[ax], plotter.XY{X: ms(t0 + tt[k]), Y: aa[k] / kspace.Gamma1H * 1e3})
				}
			}
			if a := b.ADC; a != nil {
				for n := range a.Samples {
					adc = append(adc, plotter.XY{X: ms(t0 + a.Delay + (float64(n)+0.5)*a.Dwell), Y: 1})
				}
			}
		}
		t0 += b.Duration
	}
	panels := []struct {
		name string
		data plotter.XYs
		dots bool
	}{
		{"RF |B1| [Hz]", rfMag, false},
		{"RF phase [rad]", rfPh, true},
		{"Gx [mT/m]", g[0], false},
		{"Gy [mT/m]", g[1], false},
		{"Gz [mT/m]", g[2], false},
		{"ADC", adc, true},
	}
	const width, rowHeight = 10 * vg.Inch, 1.4 * vg.Inch
	img := vgimg.New(width, rowHeight*vg.Length(len(panels)))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadX: vg.Millimeter, PadY: vg.Millimeter}
	plots := make([][]*plot.Plot, len(panels))
	for r, pn := range panels {
		p := plot.New()
		p.Y.Label.Text = pn.name
		if r == len(panels)-1 {
			p.X.Label.Text = "time [ms]"
		}
		if len(pn.data) > 0 {
			if pn.dots {
				sc, err := plotter.NewScatter(pn.data)
				if err != nil {
					return err
				}
				sc.GlyphStyle.Radius = vg.Points(1)
				sc.Color = color.RGBA{R: 180, A: 255}
				p.Add(sc)
			} else {
				l, err := plotter.NewLine(pn.data)
				if err != nil {
					return err
				}
				l.Color = color.RGBA{B: 200, A: 255}
				p.Add(l)
			}
		}
		p.Add(plotter.NewGrid())
		// After Add, which widens the axis to the data: every panel shows
		// exactly the window asked for, so the panels line up in time.
		p.X.Min, p.X.Max = ms(from), ms(to)
		plots[r] = []*plot.Plot{p}
	}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		plots[r][0].Draw(canvases[r][0])
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// KSpace writes a PNG of the k-space positions of every ADC sample (kx
// against ky [1/m]), computed as seq.Sequence.KSpace does.
func KSpace(w io.Writer, s *seq.Sequence) error {
	k := s.KSpace()
	pts := make(plotter.XYs, len(k))
	for i, v := range k {
		pts[i] = plotter.XY{X: v[0], Y: v[1]}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("k-space: %d samples", len(k))
	p.X.Label.Text = "kx [1/m]"
	p.Y.Label.Text = "ky [1/m]"
	if len(pts) > 0 {
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		sc.GlyphStyle.Radius = vg.Points(0.8)
		p.Add(sc)
	}
	p.Add(plotter.NewGrid())
	wt, err := p.WriterTo(6*vg.Inch, 6*vg.Inch, "png")
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}
