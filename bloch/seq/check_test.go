package seq_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestCheckHalfRaster checks where Check accepts the corners of arbitrary
// gradients: at the raster-cell centres (k+½)·Δt, as Pulseq's
// makeArbitraryGrad places the samples, and at multiples of Δt/2 (1.5's
// oversampled shapes), but not a third of the way into a cell; the corners
// of trapezoids must stay on the raster itself. Amplitudes are small, so
// only the timing can fail.
func TestCheckHalfRaster(t *testing.T) {
	sys := seq.DefaultSystem()
	dt := sys.GradRaster
	const a = 1000.0 // [Hz/m]: slew a/(Δt/2) = 2e8 Hz/m/s, far below MaxSlew
	block := func(g *seq.Gradient) *seq.Sequence {
		return &seq.Sequence{System: sys, Blocks: []seq.Block{{Duration: 100 * dt, Gx: g}}}
	}
	accepted := map[string]*seq.Gradient{
		"centre samples": {Delay: dt, Times: []float64{0, dt / 2, 3 * dt / 2, 5 * dt / 2, 3 * dt},
			Waveform: []float64{0, a, 2 * a, a, 0}},
		"oversampled":   {Times: []float64{0, dt / 2, dt, 3 * dt / 2, 2 * dt}, Waveform: []float64{0, a, 2 * a, a, 0}},
		"on the raster": {Times: []float64{0, dt, 2 * dt, 5 * dt}, Waveform: []float64{0, a, a, 0}},
	}
	for name, g := range accepted {
		if err := block(g).Check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	rejected := map[string]struct {
		g    *seq.Gradient
		want string
	}{
		"a third of a raster": {&seq.Gradient{Times: []float64{0, dt / 3, 4 * dt / 3, 2 * dt}, Waveform: []float64{0, a, a, 0}},
			"is off the half gradient raster 5e-06 s"},
		"a quarter of a raster": {&seq.Gradient{Times: []float64{0, dt / 2, 3 * dt / 2, 7 * dt / 4}, Waveform: []float64{0, a, a, 0}},
			"is off the half gradient raster 5e-06 s"},
		"trapezoid ramp of half a raster": {&seq.Gradient{Amplitude: a, Rise: dt / 2, Flat: dt, Fall: dt / 2},
			"corner at 5e-06 s is off the gradient raster 1e-05 s"},
	}
	for name, c := range rejected {
		err := block(c.g).Check()
		var ce *seq.CheckError
		if !errors.As(err, &ce) || len(ce.Violations) != 1 || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want one violation mentioning %q", name, err, c.want)
		}
	}
}
