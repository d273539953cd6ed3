package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// SEParams are the parameters of a 2D Cartesian spin echo. Zero values mean
// the documented defaults.
type SEParams struct {
	Matrix         int     // N×N matrix; 0: 128
	FOV            float64 // square field of view [m]; 0: 0.256
	SliceThickness float64 // [m]; 0: 5 mm
	TR             float64 // [s]; 0: 500 ms
	TE             float64 // excitation centre to echo [s]; 0: the shortest possible
	Dwell          float64 // ADC dwell [s]; 0: 10 µs
	RFDuration     float64 // of the 90° and the 180° sinc pulses [s]; 0: 2 ms
	TimeBandwidth  float64 // sinc time-bandwidth product; 0: 4
	System         *System // nil: DefaultSystem()
}

// SE builds a 2D Cartesian spin-echo sequence: a slice-selective 90° sinc
// (phase 0), a slice-selective 180° sinc of phase 90° (CPMG; about −y in
// the simulator's frame, see RF) between
// crushers at TE/2, and the readout with its echo at TE. Readout is along x,
// phase encoding along y (after the 180°), slice selection along z. Each
// TR has the blocks: excitation; slice rephaser with readout prephaser (of
// the readout's sign: the 180° negates it); delay; crusher; refocusing;
// crusher; phase encoding; delay; readout; rewinder with spoilers; delay to
// TR.
//
// Line j (LABELSET LIN = j) has ky = (j − N/2)/FOV, and readout sample n
// has kx = (n − N/2)/FOV, so the echo of line N/2 at sample N/2 is the
// k-space centre. The two halves of TE are equal to the nanosecond (the ADC
// is shifted by half a dwell so that the echo lies on the gradient raster),
// so off-resonance refocuses at the echo; TE is rounded up to twice the
// block raster.
//
// It returns an error if the parameters cannot be met (TE or TR too short,
// gradients too strong), naming the parameter.
func SE(p SEParams) (*Sequence, error) {
	g, err := newImaging2D("se", p.System, p.Matrix, p.FOV, p.SliceThickness, p.Dwell, SincExcitation, p.RFDuration, p.TimeBandwidth)
	if err != nil {
		return nil, err
	}
	if p.TR == 0 {
		p.TR = 0.5
	}
	if !(p.TE >= 0) || !(p.TR >= 0) || math.IsInf(p.TE, 0) || math.IsInf(p.TR, 0) {
		return nil, fmt.Errorf("seq: se: TE %g s and TR %g s must be finite and not negative", p.TE, p.TR)
	}
	// One echo of the CPMG train that TSE uses: its echo spacing is TE.
	train, err := g.spinEchoTrain(1, p.TE, "TE")
	if err != nil {
		return nil, err
	}
	trDelay, err := padDelay("se", "TR", p.TR, train.dur, g.sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	s := g.sequence(kspace.Params{SequenceName: "se", TR: train.dur + trDelay, TE: train.te,
		FlipAngle: math.Pi / 2, EchoTrainLength: 1})
	for line := range g.n {
		s.add(train.blocks([]int{line})...)
		s.add(Block{Duration: trDelay})
	}
	return s.done()
}

// echoReadoutEvents is a readout whose echo (sample N/2) lies on the gradient
// raster: the flat top holds the samples plus half a dwell, and the ADC is
// placed so that sample N/2 falls on a raster point. Builders that need
// two equal halves of an echo time to the nanosecond use it.
type echoReadoutEvents struct {
	gx         *Gradient
	adc        *ADC
	tEcho      float64 // time of sample N/2 from the block start [s]
	areaToEcho float64 // readout area before the echo [1/m]
	dur        float64 // block duration [s]
}

func echoReadout(sys System, n int, fov, dwell float64) (echoReadoutEvents, error) {
	amp := 1 / (fov * dwell)
	adcDur := float64(n) * dwell
	gx, err := TrapezoidFlat(sys, amp, adcDur+dwell)
	if err != nil {
		return echoReadoutEvents{}, fmt.Errorf("readout of dwell %g s over FOV %g m: %w", dwell, fov, err)
	}
	gx.Delay = ceilRaster(math.Max(0, sys.ADCDeadTime-gx.Rise), sys.GradRaster)
	tEcho := ceilRaster(gx.Delay+gx.Rise+(float64(n/2)+0.5)*dwell, sys.GradRaster)
	adcDelay := tEcho - (float64(n/2)+0.5)*dwell
	if adcDelay < gx.Delay+gx.Rise-1e-12 || adcDelay+adcDur > gx.Delay+gx.Rise+gx.Flat+1e-12 {
		return echoReadoutEvents{}, fmt.Errorf("ADC of %g s does not fit the readout flat top", adcDur)
	}
	adc := &ADC{Samples: n, Dwell: dwell, Delay: adcDelay}
	return echoReadoutEvents{
		gx: gx, adc: adc, tEcho: tEcho,
		areaToEcho: amp * (gx.Rise/2 + (tEcho - gx.Delay - gx.Rise)),
		dur:        ceilRaster(math.Max(gx.Duration(), adc.Duration()), sys.BlockRaster),
	}, nil
}
