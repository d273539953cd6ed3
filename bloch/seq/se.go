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
// (phase 0), a slice-selective 180° sinc about +y (phase 90°, CPMG) between
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
	sys := DefaultSystem()
	if p.System != nil {
		sys = *p.System
	}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	if p.Matrix == 0 {
		p.Matrix = 128
	}
	def(&p.FOV, 0.256)
	def(&p.SliceThickness, 5e-3)
	def(&p.TR, 0.5)
	def(&p.Dwell, 10e-6)
	def(&p.RFDuration, 2e-3)
	def(&p.TimeBandwidth, 4)
	n := p.Matrix
	switch {
	case n < 2 || n > 2048:
		return nil, fmt.Errorf("seq: se: matrix %d outside [2, 2048]", n)
	case !(p.FOV > 0) || math.IsInf(p.FOV, 0):
		return nil, fmt.Errorf("seq: se: field of view %g m is not positive", p.FOV)
	case !(p.SliceThickness > 0):
		return nil, fmt.Errorf("seq: se: slice thickness %g m is not positive", p.SliceThickness)
	case !(p.Dwell > 0):
		return nil, fmt.Errorf("seq: se: dwell %g s is not positive", p.Dwell)
	case p.TE < 0 || p.TR < 0:
		return nil, fmt.Errorf("seq: se: TE %g s and TR %g s must not be negative", p.TE, p.TR)
	}
	p.Dwell = math.Max(sys.ADCRaster, roundRaster(p.Dwell, sys.ADCRaster))
	dk := 1 / p.FOV
	pulse := func(flip, phase float64, use RFUse) (*RF, *Gradient, float64, error) {
		return SincPulse{FlipAngle: flip, Duration: p.RFDuration, TimeBandwidth: p.TimeBandwidth, Apodization: 0.5,
			SliceThickness: p.SliceThickness, PhaseOffset: phase, Use: use}.Make(sys)
	}
	exc, gzExc, excDur, err := pulse(math.Pi/2, 0, Excitation)
	if err != nil {
		return nil, fmt.Errorf("seq: se: excitation: %w", err)
	}
	ref, gzRef, refDur, err := pulse(math.Pi, math.Pi/2, Refocusing)
	if err != nil {
		return nil, fmt.Errorf("seq: se: refocusing: %w", err)
	}
	excCentre := exc.Delay + exc.Center
	refCentre := ref.Delay + ref.Center

	ro, err := echoReadout(sys, n, p.FOV, p.Dwell)
	if err != nil {
		return nil, fmt.Errorf("seq: se: %w", err)
	}
	gx, adc, tEcho, areaToEcho, readDur := ro.gx, ro.adc, ro.tEcho, ro.areaToEcho, ro.dur

	// Before the 180°: slice rephaser and the readout prephaser of the same
	// sign as the readout (the 180° negates k).
	gzReph, err := TrapezoidArea(sys, -(gzExc.Amplitude*(gzExc.Delay+gzExc.Rise+gzExc.Flat-excCentre) + gzExc.Amplitude*gzExc.Fall/2))
	if err != nil {
		return nil, err
	}
	gxPre, err := TrapezoidArea(sys, areaToEcho)
	if err != nil {
		return nil, err
	}
	preDur := ceilRaster(math.Max(gzReph.Duration(), gxPre.Duration()), sys.BlockRaster)
	crusher, err := TrapezoidArea(sys, 4/p.SliceThickness)
	if err != nil {
		return nil, err
	}
	crushDur := ceilRaster(crusher.Duration(), sys.BlockRaster)
	gyMax, err := TrapezoidArea(sys, float64(n/2)*dk)
	if err != nil {
		return nil, err
	}
	peDur := ceilRaster(gyMax.Duration(), sys.BlockRaster)

	// The halves of TE without their delays.
	a0 := excDur - excCentre + preDur + crushDur + refCentre
	b0 := refDur - refCentre + crushDur + peDur + tEcho
	half := math.Max(a0, b0)
	if p.TE != 0 {
		if p.TE/2 < half-1e-12 {
			return nil, fmt.Errorf("seq: se: TE %.3f ms is shorter than the minimum %.3f ms", p.TE*1e3, 2*half*1e3)
		}
		half = p.TE / 2
	}
	half = ceilRaster(half, sys.BlockRaster)
	p.TE = 2 * half
	d1 := roundRaster(half-a0, sys.BlockRaster)
	d2 := roundRaster(half-b0, sys.BlockRaster)

	gxSpoil, err := TrapezoidArea(sys, 2*float64(n)*dk)
	if err != nil {
		return nil, err
	}
	gzSpoil, err := TrapezoidArea(sys, 4/p.SliceThickness)
	if err != nil {
		return nil, err
	}
	spoilDur := ceilRaster(math.Max(math.Max(gxSpoil.Duration(), gzSpoil.Duration()), gyMax.Duration()), sys.BlockRaster)
	minTR := excDur + preDur + d1 + 2*crushDur + refDur + peDur + d2 + readDur + spoilDur
	trDelay := roundRaster(p.TR-minTR, sys.BlockRaster)
	if trDelay < -1e-12 {
		return nil, fmt.Errorf("seq: se: TR %.3f ms is shorter than the minimum %.3f ms", p.TR*1e3, minTR*1e3)
	}
	trDelay = math.Max(trDelay, 0)
	p.TR = minTR + trDelay

	s := &Sequence{
		System:   sys,
		Encoding: kspace.Space{Matrix: [3]int{n, n, 1}, FOV: [3]float64{p.FOV, p.FOV, p.SliceThickness}},
		Traj:     kspace.Cartesian,
		Params: kspace.Params{SequenceName: "se", B0: sys.B0, TR: p.TR, TE: p.TE,
			FlipAngle: math.Pi / 2, EchoTrainLength: 1},
	}
	for line := range n {
		area := float64(line-n/2) * dk
		add := func(b Block) {
			if b.Duration > 0 {
				s.Blocks = append(s.Blocks, b)
			}
		}
		add(Block{Duration: excDur, RF: exc, Gz: gzExc})
		add(Block{Duration: preDur, Gx: gxPre, Gz: gzReph})
		add(Block{Duration: d1})
		add(Block{Duration: crushDur, Gz: crusher})
		add(Block{Duration: refDur, RF: ref, Gz: gzRef})
		add(Block{Duration: crushDur, Gz: crusher})
		add(Block{Duration: peDur, Gy: gyMax.ScaledTo(area)})
		add(Block{Duration: d2})
		add(Block{Duration: readDur, Gx: gx, ADC: adc, Labels: []LabelEvent{{Label: LIN, Value: line}}})
		add(Block{Duration: spoilDur, Gx: gxSpoil, Gy: gyMax.ScaledTo(-area), Gz: gzSpoil})
		add(Block{Duration: trDelay})
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: se: built sequence violates the system limits: %w", err)
	}
	return s, nil
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
