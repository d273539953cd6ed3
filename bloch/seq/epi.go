package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// EPIParams are the parameters of a 2D blipped gradient-echo EPI. Zero
// values mean the documented defaults.
type EPIParams struct {
	Matrix         int     // N×N matrix, N even; 0: 64
	FOV            float64 // square field of view [m]; 0: 0.256
	SliceThickness float64 // [m]; 0: 5 mm
	// TE is the time from the excitation centre to the k-space centre
	// sample (kx = ky = 0) [s], met to within half a block raster;
	// 0: the shortest possible.
	TE float64
	// TR is the time between the excitations of consecutive shots [s];
	// 0: the shortest possible.
	TR        float64
	FlipAngle float64 // [rad]; 0: 90°
	// Shots is the number of interleaves: shot s acquires lines s, s+Shots,
	// s+2·Shots, ... 0 or 1: single shot. It must divide Matrix.
	Shots int
	// RampSampling makes the ADC span the readout ramps too: samples equally
	// spaced in time, so their kx is not uniform and the data must be
	// regridded (recon.RegridRamp) before the FFT. Without it the ADC
	// samples the flat top only, N samples 1/FOV apart in kx.
	RampSampling bool
	// Dwell is the ADC dwell [s]; the readout amplitude is 1/(FOV·Dwell),
	// so the flat-top samples are 1/FOV apart. 0: the dwell on the ADC
	// raster that gives the shortest echo spacing within the system limits.
	Dwell         float64
	RFDuration    float64 // sinc excitation [s]; 0: 2 ms
	TimeBandwidth float64 // sinc time-bandwidth product; 0: 4
	System        *System // nil: DefaultSystem()
}

// EPI builds a 2D blipped gradient-echo echo-planar imaging sequence:
// readout along x with alternating polarity, phase-encoding blips along y,
// slice selection along z (an axial slice at z = 0). Each shot has the
// blocks: excitation (sinc with slice-select gradient); prephasing (readout
// prephaser, phase-encoding prephaser to the shot's first line, slice
// rephaser); a delay to meet TE; L = Matrix/Shots readouts back to back;
// spoiling (readout and slice spoilers); a delay to TR.
//
// Every readout block holds the readout trapezoid and the ADC centred on
// it; the blip that moves ky by Shots/FOV between two readouts is a
// triangle split at the block boundary: its rising half ends the first
// readout block and its falling half starts the next (Gy is a piecewise
// linear gradient), outside the ADC window, so ky is constant while the ADC
// samples. kx at the centre of every readout trapezoid is −1/(2·FOV), so
// the flat-top samples of both polarities fall on the grid
// kx = (q − N/2)/FOV: on a positive readout of M samples sample n is at
// q = n − M/2 + N/2, on a negative (reversed) one at q = M/2 − 1 − n + N/2.
//
// Readout r of shot s acquires line j = s + r·Shots at ky = (j − N/2)/FOV
// and carries LABELSET LIN = j, REV = 1 on reversed (negative) readouts and
// 0 on the others, and, for several shots, SEG = s. The polarities
// alternate so that the readout holding the centre line N/2 is positive;
// TE is the time from the pulse centre to its sample at kx = 0, and the
// readout of the same index in every other shot passes kx = 0 at the same
// time after its pulse.
//
// Without RampSampling, the ADC takes N samples on the flat top. With it,
// the ADC covers the whole trapezoid except the blip halves (and the ADC
// dead time) at its ends: M (even) samples Dwell apart whose kx span at
// least N/FOV, which lets the readout be shorter; the flat top is at least
// one dwell, so the centre samples are on it. Params.EchoTrainLength is L.
// Simulated data are reconstructed by recon.RegridRamp, which puts every
// readout on the kx grid in increasing order (reversing the reversed
// lines), then recon.Cartesian.
//
// It returns an error if the parameters cannot be met under the system
// limits (TE or TR too short, gradients too strong), naming the parameter.
func EPI(p EPIParams) (*Sequence, error) {
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
		p.Matrix = 64
	}
	if p.Shots == 0 {
		p.Shots = 1
	}
	def(&p.FOV, 0.256)
	def(&p.SliceThickness, 5e-3)
	def(&p.FlipAngle, math.Pi/2)
	def(&p.RFDuration, 2e-3)
	def(&p.TimeBandwidth, 4)
	n, shots := p.Matrix, p.Shots
	switch {
	case n < 4 || n > 1024 || n%2 != 0:
		return nil, fmt.Errorf("seq: epi: matrix %d is not an even number in [4, 1024]", n)
	case shots < 1 || shots > n || n%shots != 0:
		return nil, fmt.Errorf("seq: epi: %d shots do not divide the matrix %d", shots, n)
	case !(p.FOV > 0) || math.IsInf(p.FOV, 0):
		return nil, fmt.Errorf("seq: epi: field of view %g m is not positive", p.FOV)
	case !(p.SliceThickness > 0) || math.IsInf(p.SliceThickness, 0):
		return nil, fmt.Errorf("seq: epi: slice thickness %g m is not positive", p.SliceThickness)
	case !(p.FlipAngle > 0) || p.FlipAngle > math.Pi:
		return nil, fmt.Errorf("seq: epi: flip angle %g rad outside (0, π]", p.FlipAngle)
	case p.Dwell < 0 || math.IsNaN(p.Dwell) || math.IsInf(p.Dwell, 0):
		return nil, fmt.Errorf("seq: epi: dwell %g s is negative or not finite", p.Dwell)
	case p.TE < 0 || p.TR < 0 || math.IsNaN(p.TE) || math.IsNaN(p.TR):
		return nil, fmt.Errorf("seq: epi: TE %g s and TR %g s must not be negative", p.TE, p.TR)
	}
	if !(sys.MaxGrad > 0) || !(sys.MaxSlew > 0) || !(sys.GradRaster > 0) || !(sys.ADCRaster > 0) || !(sys.BlockRaster > 0) {
		return nil, fmt.Errorf("seq: epi: system limits need positive MaxGrad, MaxSlew and rasters")
	}
	dk := 1 / p.FOV
	lines := n / shots

	// Blip: a triangle of area shots/FOV split into halves of h on the raster.
	blipArea := float64(shots) * dk
	h := ceilRaster(math.Max(math.Sqrt(blipArea/sys.MaxSlew), blipArea/sys.MaxGrad), sys.GradRaster)
	blipAmp := blipArea / h

	var ro epiReadout
	var err error
	if p.Dwell > 0 {
		p.Dwell = math.Max(sys.ADCRaster, roundRaster(p.Dwell, sys.ADCRaster))
		if ro, err = newEPIReadout(sys, n, p.FOV, p.Dwell, p.RampSampling, h); err != nil {
			return nil, fmt.Errorf("seq: epi: dwell %g s: %w", p.Dwell, err)
		}
	} else if ro, err = fastestEPIReadout(sys, n, p.FOV, p.RampSampling, h); err != nil {
		return nil, fmt.Errorf("seq: epi: %w", err)
	}
	esp := ro.dur

	rf, gz, excDur, err := SincPulse{FlipAngle: p.FlipAngle, Duration: p.RFDuration, TimeBandwidth: p.TimeBandwidth,
		Apodization: 0.5, SliceThickness: p.SliceThickness, Use: Excitation}.Make(sys)
	if err != nil {
		return nil, fmt.Errorf("seq: epi: excitation: %w", err)
	}
	rfCentre := rf.Delay + rf.Center

	// The centre line N/2 is readout r0 of shot s0; readout r has the
	// polarity (−1)^(r − r0), so r0 is positive.
	r0 := (n / 2) / shots
	sign := func(r int) float64 {
		if (r-r0)%2 == 0 {
			return 1
		}
		return -1
	}
	kc := -dk / 2 // kx at the centre of every readout
	gxPre, err := TrapezoidArea(sys, kc-sign(0)*ro.gx.Area()/2)
	if err != nil {
		return nil, err
	}
	gyMax, err := TrapezoidArea(sys, float64(n/2)*dk)
	if err != nil {
		return nil, err
	}
	gzReph, err := TrapezoidArea(sys, sliceRephaseArea(gz, rfCentre))
	if err != nil {
		return nil, err
	}
	preDur := ceilRaster(math.Max(math.Max(gxPre.Duration(), gyMax.Duration()), gzReph.Duration()), sys.BlockRaster)

	gxSpoil, err := TrapezoidArea(sys, 2*float64(n)*dk)
	if err != nil {
		return nil, err
	}
	gzSpoil, err := TrapezoidArea(sys, 4/p.SliceThickness)
	if err != nil {
		return nil, err
	}
	spoilDur := ceilRaster(math.Max(gxSpoil.Duration(), gzSpoil.Duration()), sys.BlockRaster)

	minTE := excDur - rfCentre + preDur + float64(r0)*esp + ro.tCentre
	teDelay, err := padDelay("epi", "TE", p.TE, minTE, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TE = minTE + teDelay
	minTR := excDur + preDur + teDelay + float64(lines)*esp + spoilDur
	trDelay, err := padDelay("epi", "TR", p.TR, minTR, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TR = minTR + trDelay

	s := &Sequence{
		System:   sys,
		Encoding: kspace.Space{Matrix: [3]int{n, n, 1}, FOV: [3]float64{p.FOV, p.FOV, p.SliceThickness}},
		Traj:     kspace.EPI,
		Params: kspace.Params{SequenceName: "epi", B0: sys.B0, TR: p.TR, TE: p.TE,
			FlipAngle: p.FlipAngle, EchoTrainLength: lines},
	}
	// Gy of a readout block: the falling half of the previous blip at its
	// start, the rising half of the next at its end.
	blips := func(r int) *Gradient {
		prev, next := r > 0, r < lines-1
		switch {
		case prev && next:
			return &Gradient{Times: []float64{0, h, esp - h, esp}, Waveform: []float64{blipAmp, 0, 0, blipAmp}}
		case prev:
			return &Gradient{Times: []float64{0, h}, Waveform: []float64{blipAmp, 0}}
		case next:
			return &Gradient{Delay: esp - h, Times: []float64{0, h}, Waveform: []float64{0, blipAmp}}
		}
		return nil
	}
	gxNeg := *ro.gx
	gxNeg.Amplitude = -gxNeg.Amplitude
	add := func(b Block) {
		if b.Duration > 0 {
			s.Blocks = append(s.Blocks, b)
		}
	}
	for shot := range shots {
		add(Block{Duration: excDur, RF: rf, Gz: gz})
		add(Block{Duration: preDur, Gx: gxPre, Gy: gyMax.ScaledTo(float64(shot-n/2) * dk), Gz: gzReph})
		add(Block{Duration: teDelay})
		for r := range lines {
			b := Block{Duration: esp, Gx: ro.gx, Gy: blips(r), ADC: ro.adc}
			rev := 0
			if sign(r) < 0 {
				b.Gx, rev = &gxNeg, 1
			}
			b.Labels = []LabelEvent{{Label: LIN, Value: shot + r*shots}, {Label: REV, Value: rev}}
			if shots > 1 {
				b.Labels = append(b.Labels, LabelEvent{Label: SEG, Value: shot})
			}
			add(b)
		}
		add(Block{Duration: spoilDur, Gx: gxSpoil, Gz: gzSpoil})
		add(Block{Duration: trDelay})
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: epi: built sequence violates the system limits: %w", err)
	}
	return s, nil
}

// epiReadout is one positive EPI readout block: the trapezoid from the
// block start, the ADC centred on it, the time of the sample at
// kx = kc + 1/(2·FOV) (the trapezoid centre plus half a dwell) and the
// block duration, which is the echo spacing.
type epiReadout struct {
	gx      *Gradient
	adc     *ADC
	tCentre float64 // [s] from the block start
	dur     float64 // [s]
}

// newEPIReadout designs the readout for a dwell: amplitude 1/(FOV·dwell),
// the shortest ramps, and the shortest flat top that holds the ADC (N
// samples, or with ramp sampling M samples spanning N/FOV in kx) between
// blip halves of h at the block's ends and after the ADC dead time.
func newEPIReadout(sys System, n int, fov, dwell float64, ramp bool, h float64) (epiReadout, error) {
	amp := 1 / (fov * dwell)
	if amp > sys.MaxGrad {
		return epiReadout{}, fmt.Errorf("readout amplitude 1/(FOV·dwell) = %.4g mT/m exceeds MaxGrad %.4g mT/m",
			amp/kspace.Gamma1H*1e3, sys.MaxGrad/kspace.Gamma1H*1e3)
	}
	rise := math.Max(sys.GradRaster, ceilRaster(amp/sys.MaxSlew, sys.GradRaster))
	margin := math.Max(h, sys.ADCDeadTime) // no samples during the blips or the dead time
	build := func(flat float64, samples int) epiReadout {
		gx := &Gradient{Amplitude: amp, Rise: rise, Flat: flat, Fall: rise}
		c := rise + flat/2
		adc := &ADC{Samples: samples, Dwell: dwell, Delay: roundRaster(c-float64(samples/2)*dwell, sys.ADCRaster)}
		return epiReadout{gx: gx, adc: adc, tCentre: c + dwell/2, dur: ceilRaster(gx.Duration(), sys.BlockRaster)}
	}
	if !ramp {
		adcDur := float64(n) * dwell
		flat := ceilRaster(math.Max(adcDur, adcDur+2*(margin-rise)), sys.GradRaster)
		return build(flat, n), nil
	}
	// Ramp sampling: lengthen the flat top (at least one dwell, so the
	// centre samples are on it) until the samples inside the margins span
	// N/FOV in kx.
	for flat := ceilRaster(dwell, sys.GradRaster); flat <= float64(n)*dwell+sys.GradRaster; flat += sys.GradRaster {
		c := rise + flat/2
		m := 2 * int(math.Floor((c-margin)/dwell+1e-9))
		if m < 2 {
			continue
		}
		ro := build(flat, m)
		t, a := ro.gx.Corners()
		k := newIntegral(t, a)
		first := ro.adc.Delay + 0.5*dwell
		last := ro.adc.Delay + (float64(m)-0.5)*dwell
		if k.at(last)-k.at(first) >= float64(n)/fov*(1-1e-12) {
			return ro, nil
		}
	}
	return epiReadout{}, fmt.Errorf("no ramp-sampled readout spans %d/FOV", n)
}

// fastestEPIReadout returns the readout of the shortest echo spacing over
// the dwells on the ADC raster from the shortest the gradient amplitude
// allows to 50 µs, preferring the longer dwell (lower bandwidth) on ties.
func fastestEPIReadout(sys System, n int, fov float64, ramp bool, h float64) (epiReadout, error) {
	first := math.Max(1, math.Ceil(1/(fov*sys.MaxGrad)/sys.ADCRaster-1e-9))
	last := math.Floor(50e-6/sys.ADCRaster + 1e-9)
	var best epiReadout
	found := false
	for k := first; k <= last; k++ {
		ro, err := newEPIReadout(sys, n, fov, k*sys.ADCRaster, ramp, h)
		if err != nil {
			continue
		}
		if !found || ro.dur <= best.dur+1e-12 {
			best, found = ro, true
		}
	}
	if !found {
		return epiReadout{}, fmt.Errorf("no readout dwell up to 50 µs meets the limits for FOV %g m", fov)
	}
	return best, nil
}
