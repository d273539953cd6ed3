package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// BSSFPParams are the parameters of a 2D Cartesian balanced SSFP
// (TrueFISP). Zero values mean the documented defaults.
type BSSFPParams struct {
	Matrix         int     // N×N matrix; 0: 128
	FOV            float64 // square field of view [m]; 0: 0.256
	SliceThickness float64 // [m]; 0: 5 mm
	TR             float64 // [s]; 0: the shortest possible
	FlipAngle      float64 // [rad]; 0: 60°
	Dwell          float64 // ADC dwell [s]; 0: 10 µs
	Excitation     Pulse   // default SincExcitation
	RFDuration     float64 // [s]; 0: 1 ms (sinc) or 100 µs (hard)
	TimeBandwidth  float64 // sinc time-bandwidth product; 0: 3
	// DummyScans is the number of TRs played without acquisition after
	// the α/2 preparation. 0: none.
	DummyScans int
	System     *System // nil: DefaultSystem()
}

// BSSFP builds a 2D Cartesian balanced steady-state free precession
// sequence: an α/2 pulse of phase π half a TR before the first α, then
// pulses of flip α with phases alternating 0, π (the receiver follows), and
// every gradient balanced within each TR (slice rephasers on both sides of
// the pulse, readout prephaser and rewinder, phase encoding and its
// rewinder), with the echo (sample N/2 of line N/2) at TE = TR/2 from the
// pulse centre. Line j (LABELSET LIN = j) has ky = (j − N/2)/FOV; readout
// sample n has kx = (n − N/2)/FOV. The ADC is shifted by half a dwell so
// that TE = TR/2 holds to the nanosecond.
func BSSFP(p BSSFPParams) (*Sequence, error) {
	// bSSFP wants short pulses: 1 ms sincs of time-bandwidth 3, 100 µs hard.
	if p.TimeBandwidth == 0 {
		p.TimeBandwidth = 3
	}
	if p.RFDuration == 0 {
		p.RFDuration = 1e-3
		if p.Excitation == HardExcitation {
			p.RFDuration = 100e-6
		}
	}
	g, err := newImaging2D("bssfp", p.System, p.Matrix, p.FOV, p.SliceThickness, p.Dwell, p.Excitation, p.RFDuration, p.TimeBandwidth)
	if err != nil {
		return nil, err
	}
	sys := g.sys
	p.Matrix, p.FOV, p.SliceThickness, p.Dwell, p.RFDuration, p.TimeBandwidth = g.n, g.fov, g.slice, g.dwell, g.rfDur, g.tbw
	if p.FlipAngle == 0 {
		p.FlipAngle = 60 * math.Pi / 180
	}
	n := p.Matrix
	switch {
	case !(p.FlipAngle > 0) || p.FlipAngle > math.Pi:
		return nil, fmt.Errorf("seq: bssfp: flip angle %g rad outside (0, π]", p.FlipAngle)
	case p.DummyScans < 0 || p.DummyScans > 100000:
		return nil, fmt.Errorf("seq: bssfp: %d dummy scans outside [0, 100000]", p.DummyScans)
	case !(p.TR >= 0) || math.IsInf(p.TR, 0):
		return nil, fmt.Errorf("seq: bssfp: TR %g s must be finite and not negative", p.TR)
	}
	dk := 1 / p.FOV
	makePulse := func(flip, phase float64) (*RF, *Gradient, float64, error) {
		if p.Excitation == HardExcitation {
			rf, dur, err := HardPulse(sys, flip, p.RFDuration, phase, Excitation)
			return rf, nil, dur, err
		}
		return SincPulse{FlipAngle: flip, Duration: p.RFDuration, TimeBandwidth: p.TimeBandwidth, Apodization: 0.5,
			SliceThickness: p.SliceThickness, PhaseOffset: phase, Use: Excitation}.Make(sys)
	}
	rf, gz, excDur, err := makePulse(p.FlipAngle, 0)
	if err != nil {
		return nil, fmt.Errorf("seq: bssfp: excitation: %w", err)
	}
	half, gzHalf, halfDur, err := makePulse(p.FlipAngle/2, math.Pi)
	if err != nil {
		return nil, fmt.Errorf("seq: bssfp: preparation: %w", err)
	}
	centre := rf.Delay + rf.Center

	ro, err := echoReadout(sys, n, p.FOV, p.Dwell)
	if err != nil {
		return nil, fmt.Errorf("seq: bssfp: %w", err)
	}
	gx, adc, tEcho, areaToEcho, readDur := ro.gx, ro.adc, ro.tEcho, ro.areaToEcho, ro.dur

	// Balancing gradients: slice rephaser (area after / before the centre),
	// readout prephaser and rewinder, phase encoding and rewinder.
	var gzReph *Gradient
	if gz != nil {
		if gzReph, err = TrapezoidArea(sys, sliceRephaseArea(gz, centre)); err != nil {
			return nil, err
		}
	}
	gxPre, err := TrapezoidArea(sys, -areaToEcho)
	if err != nil {
		return nil, err
	}
	gxRew, err := TrapezoidArea(sys, -(gx.Area() - areaToEcho))
	if err != nil {
		return nil, err
	}
	gyMax, err := TrapezoidArea(sys, float64(n/2)*dk)
	if err != nil {
		return nil, err
	}
	durOf := func(gs ...*Gradient) float64 {
		d := 0.0
		for _, g := range gs {
			if g != nil {
				d = math.Max(d, g.Duration())
			}
		}
		return ceilRaster(d, sys.BlockRaster)
	}
	preDur := durOf(gxPre, gyMax, gzReph)
	postDur := durOf(gxRew, gyMax, gzReph)
	// α/2 preparation, its centre TR/2 before the first α's centre.
	halfCentre := half.Delay + half.Center
	var gzHalfReph *Gradient
	if gzHalf != nil {
		after := gzHalf.Amplitude*(gzHalf.Delay+gzHalf.Rise+gzHalf.Flat-halfCentre) + gzHalf.Amplitude*gzHalf.Fall/2
		if gzHalfReph, err = TrapezoidArea(sys, -after); err != nil {
			return nil, err
		}
	}
	// Rephase the α/2's slice select and pre-wind the first α's, together.
	var prepGz *Gradient
	if gzHalf != nil {
		if prepGz, err = TrapezoidArea(sys, gzHalfReph.Area()+gzReph.Area()); err != nil {
			return nil, err
		}
	}
	prepReph := durOf(prepGz)
	prepNeed := halfDur - halfCentre + prepReph + centre
	// Halves of TR: pulse centre to echo, and echo to the next centre; the
	// preparation needs its own half TR too.
	a0 := excDur - centre + preDur + tEcho
	b0 := readDur - tEcho + postDur + centre
	halfTR := ceilRaster(math.Max(math.Max(a0, b0), prepNeed), sys.BlockRaster)
	if p.TR != 0 {
		if p.TR/2 < halfTR-1e-12 {
			return nil, fmt.Errorf("seq: bssfp: TR %.3f ms is shorter than the minimum %.3f ms", p.TR*1e3, 2*halfTR*1e3)
		}
		halfTR = ceilRaster(p.TR/2, sys.BlockRaster)
	}
	d1 := roundRaster(halfTR-a0, sys.BlockRaster)
	d2 := roundRaster(halfTR-b0, sys.BlockRaster)
	tr := 2 * halfTR

	s := &Sequence{
		System:   sys,
		Encoding: kspace.Space{Matrix: [3]int{n, n, 1}, FOV: [3]float64{p.FOV, p.FOV, p.SliceThickness}},
		Traj:     kspace.Cartesian,
		Params: kspace.Params{SequenceName: "bssfp", B0: sys.B0, TR: tr, TE: tr / 2,
			FlipAngle: p.FlipAngle, EchoTrainLength: 1},
	}
	add := func(b Block) {
		if b.Duration > 0 {
			s.Blocks = append(s.Blocks, b)
		}
	}
	add(Block{Duration: halfDur, RF: half, Gz: gzHalf})
	add(Block{Duration: prepReph, Gz: prepGz})
	add(Block{Duration: math.Max(roundRaster(halfTR-prepNeed, sys.BlockRaster), 0)})
	for m := range p.DummyScans + n {
		phase := 0.0
		if m%2 == 1 {
			phase = math.Pi
		}
		line := m - p.DummyScans
		area := 0.0
		if line >= 0 {
			area = float64(line-n/2) * dk
		}
		r := *rf
		r.PhaseOffset = phase
		add(Block{Duration: excDur, RF: &r, Gz: gz})
		add(Block{Duration: preDur, Gx: gxPre, Gy: gyMax.ScaledTo(area), Gz: gzReph})
		add(Block{Duration: d1})
		rd := Block{Duration: readDur, Gx: gx}
		if line >= 0 {
			a := *adc
			a.PhaseOffset = phase
			rd.ADC = &a
			rd.Labels = []LabelEvent{{Label: LIN, Value: line}}
		}
		add(rd)
		add(Block{Duration: postDur, Gx: gxRew, Gy: gyMax.ScaledTo(-area), Gz: gzReph})
		add(Block{Duration: d2})
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: bssfp: built sequence violates the system limits: %w", err)
	}
	return s, nil
}
