package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// Pulse selects the excitation of a builder.
type Pulse int

// Excitation pulses.
const (
	SincExcitation Pulse = iota // slice-selective sinc with slice-select gradient and rephaser
	HardExcitation              // non-selective rectangular pulse
)

// GREParams are the parameters of a 2D Cartesian spoiled gradient echo
// (FLASH). Zero values mean the documented defaults.
type GREParams struct {
	Matrix         int     // N×N matrix; 0: 128
	FOV            float64 // square field of view [m]; 0: 0.256
	SliceThickness float64 // [m]; 0: 5 mm
	TR             float64 // [s]; 0: 20 ms
	TE             float64 // excitation centre to k-space centre [s], met to within half a block raster; 0: the shortest possible
	FlipAngle      float64 // [rad]; 0: 30°
	Dwell          float64 // ADC dwell [s]; 0: 10 µs (readout bandwidth 1/(N·Dwell) per pixel)
	Excitation     Pulse   // default SincExcitation
	RFDuration     float64 // [s]; 0: 2 ms (sinc) or 200 µs (hard)
	TimeBandwidth  float64 // sinc time-bandwidth product; 0: 4
	// NoRFSpoiling turns off the quadratic RF phase cycling (117° increment,
	// receiver phase following the pulse) that is on by default.
	NoRFSpoiling bool
	// DummyScans is the number of TRs played without acquisition first, to
	// approach the steady state. 0: none.
	DummyScans int
	System     *System // nil: DefaultSystem()
}

// RFSpoilIncrement is the quadratic RF-spoiling phase increment, 117°
// (Zur, Wood and Neuringer, MRM 1991) [rad].
const RFSpoilIncrement = 117 * math.Pi / 180

// GRE builds a 2D Cartesian spoiled gradient-echo sequence with readout
// along x, phase encoding along y and slice selection along z (an axial
// slice at z = 0 in the simulator's patient frame). Each TR has four
// blocks: excitation (RF with slice-select gradient), prephasing (readout
// prephaser, phase encoding and slice rephaser together), the readout with
// its ADC (plus a delay before it to meet TE), and spoiling (phase-encoding
// rewinder, readout and slice spoilers) with the delay that completes TR.
//
// Line j (LABELSET LIN = j, j = 0..N−1) has phase-encoding area (j − N/2)/FOV,
// and readout sample n sits at kx = (n − N/2)/FOV, so the k-space centre is
// at index N/2 in both directions and TE is the time from the pulse centre
// to sample N/2 of line N/2. RF spoiling sets the phase of pulse m (counting
// dummies) to RFSpoilIncrement·m(m+1)/2 and the ADC phase to match.
//
// It returns an error if the parameters cannot be met under the system
// limits (TE or TR too short, gradients too strong), naming the parameter.
func GRE(p GREParams) (*Sequence, error) {
	g, err := newImaging2D("gre", p.System, p.Matrix, p.FOV, p.SliceThickness, p.Dwell, p.Excitation, p.RFDuration, p.TimeBandwidth)
	if err != nil {
		return nil, err
	}
	sys := g.sys
	p.Matrix, p.FOV, p.SliceThickness, p.Dwell, p.RFDuration, p.TimeBandwidth = g.n, g.fov, g.slice, g.dwell, g.rfDur, g.tbw
	if p.TR == 0 {
		p.TR = 20e-3
	}
	if p.FlipAngle == 0 {
		p.FlipAngle = 30 * math.Pi / 180
	}
	n := p.Matrix
	switch {
	case !(p.FlipAngle > 0) || p.FlipAngle > math.Pi:
		return nil, fmt.Errorf("seq: gre: flip angle %g rad outside (0, π]", p.FlipAngle)
	case p.DummyScans < 0 || p.DummyScans > 100000:
		return nil, fmt.Errorf("seq: gre: %d dummy scans outside [0, 100000]", p.DummyScans)
	case !(p.TE >= 0) || !(p.TR >= 0) || math.IsInf(p.TE, 0) || math.IsInf(p.TR, 0):
		return nil, fmt.Errorf("seq: gre: TE %g s and TR %g s must be finite and not negative", p.TE, p.TR)
	}
	dk := 1 / p.FOV

	// Excitation.
	var rf *RF
	var gz *Gradient
	var excDur float64
	if p.Excitation == HardExcitation {
		rf, excDur, err = HardPulse(sys, p.FlipAngle, p.RFDuration, 0, Excitation)
	} else {
		rf, gz, excDur, err = SincPulse{FlipAngle: p.FlipAngle, Duration: p.RFDuration, TimeBandwidth: p.TimeBandwidth,
			Apodization: 0.5, SliceThickness: p.SliceThickness, Use: Excitation}.Make(sys)
	}
	if err != nil {
		return nil, fmt.Errorf("seq: gre: excitation: %w", err)
	}
	rfCentre := rf.Delay + rf.Center

	// Readout: samples on the flat top, centred.
	amp := dk / p.Dwell
	adcDur := float64(n) * p.Dwell
	gx, err := TrapezoidFlat(sys, amp, adcDur)
	if err != nil {
		return nil, fmt.Errorf("seq: gre: readout of dwell %g s over FOV %g m: %w", p.Dwell, p.FOV, err)
	}
	adcDelay := roundRaster(gx.Rise+(gx.Flat-adcDur)/2, sys.ADCRaster)
	if adcDelay < sys.ADCDeadTime {
		gx.Delay = ceilRaster(sys.ADCDeadTime-adcDelay, sys.GradRaster)
		adcDelay += gx.Delay
	}
	adc := &ADC{Samples: n, Dwell: p.Dwell, Delay: adcDelay}
	// Time of sample N/2 and the readout area before it.
	tEcho := adcDelay + (float64(n/2)+0.5)*p.Dwell
	areaToEcho := amp * (gx.Rise/2 + (tEcho - gx.Delay - gx.Rise))
	readDur := ceilRaster(math.Max(gx.Duration(), adc.Duration()), sys.BlockRaster)

	// Prephasing: readout prephaser, phase encoding, slice rephaser.
	gxPre, err := TrapezoidArea(sys, -areaToEcho)
	if err != nil {
		return nil, err
	}
	gyMax, err := TrapezoidArea(sys, float64(n/2)*dk)
	if err != nil {
		return nil, err
	}
	preDur := math.Max(gxPre.Duration(), gyMax.Duration())
	var gzReph *Gradient
	if gz != nil {
		if gzReph, err = TrapezoidArea(sys, sliceRephaseArea(gz, rfCentre)); err != nil {
			return nil, err
		}
		preDur = math.Max(preDur, gzReph.Duration())
	}
	preDur = ceilRaster(preDur, sys.BlockRaster)

	// Spoiling: rewind phase encoding, spoil along x (2× the readout area)
	// and z (4 cycles across the slice).
	gxSpoil, err := TrapezoidArea(sys, 2*float64(n)*dk)
	if err != nil {
		return nil, err
	}
	gzSpoil, err := TrapezoidArea(sys, 4/p.SliceThickness)
	if err != nil {
		return nil, err
	}
	spoilDur := ceilRaster(math.Max(math.Max(gxSpoil.Duration(), gzSpoil.Duration()), gyMax.Duration()), sys.BlockRaster)

	minTE := excDur - rfCentre + preDur + tEcho
	teDelay, err := padDelay("gre", "TE", p.TE, minTE, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TE = minTE + teDelay
	minTR := excDur + preDur + teDelay + readDur + spoilDur
	trDelay, err := padDelay("gre", "TR", p.TR, minTR, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TR = minTR + trDelay

	s := &Sequence{
		System:   sys,
		Encoding: kspace.Space{Matrix: [3]int{n, n, 1}, FOV: [3]float64{p.FOV, p.FOV, p.SliceThickness}},
		Traj:     kspace.Cartesian,
		Params: kspace.Params{
			SequenceName: "gre", B0: sys.B0, TR: p.TR, TE: p.TE,
			FlipAngle: p.FlipAngle, EchoTrainLength: 1,
		},
	}
	total := p.DummyScans + n
	s.Blocks = make([]Block, 0, total*6)
	for m := range total {
		phase := 0.0
		if !p.NoRFSpoiling {
			phase = RFSpoilPhase(m)
		}
		line := m - p.DummyScans
		area := 0.0
		if line >= 0 {
			area = float64(line-n/2) * dk
		}
		r := *rf
		r.PhaseOffset = phase
		s.Blocks = append(s.Blocks, Block{Duration: excDur, RF: &r, Gz: gz})
		s.Blocks = append(s.Blocks, Block{Duration: preDur, Gx: gxPre, Gy: gyMax.ScaledTo(area), Gz: gzReph})
		if teDelay > 0 {
			s.Blocks = append(s.Blocks, Block{Duration: teDelay})
		}
		rd := Block{Duration: readDur, Gx: gx}
		if line >= 0 {
			a := *adc
			a.PhaseOffset = phase
			rd.ADC = &a
			rd.Labels = []LabelEvent{{Label: LIN, Value: line}}
		}
		s.Blocks = append(s.Blocks, rd)
		s.Blocks = append(s.Blocks, Block{Duration: spoilDur, Gx: gxSpoil, Gy: gyMax.ScaledTo(-area), Gz: gzSpoil})
		if trDelay > 0 {
			s.Blocks = append(s.Blocks, Block{Duration: trDelay})
		}
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: gre: built sequence violates the system limits: %w", err)
	}
	return s, nil
}
