package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// GRE3DParams are the parameters of a 3D Cartesian spoiled gradient echo.
// Zero values mean the documented defaults.
type GRE3DParams struct {
	// Matrix is the number of samples along x (readout), lines along y and
	// partitions along z; 0 entries: 64, 64, 16.
	Matrix [3]int
	// FOV is the field of view along x, y and z [m]; 0 entries: 0.256,
	// 0.256, 0.064.
	FOV [3]float64
	// SlabThickness is the excited slab of the sinc excitation [m]; 0: FOV[2].
	// The hard excitation is non-selective.
	SlabThickness float64
	TR            float64 // [s]; 0: the shortest possible
	TE            float64 // excitation centre to k-space centre [s], met to within half a block raster; 0: the shortest possible
	FlipAngle     float64 // [rad]; 0: 15°
	Dwell         float64 // ADC dwell [s]; 0: 10 µs
	Excitation    Pulse   // default SincExcitation (slab-selective)
	RFDuration    float64 // [s]; 0: 2 ms (sinc) or 200 µs (hard)
	TimeBandwidth float64 // sinc time-bandwidth product; 0: 4
	// NoRFSpoiling turns off the quadratic RF phase cycling (117°
	// increment, receiver phase following the pulse) that is on by default.
	NoRFSpoiling bool
	DummyScans   int     // TRs played without acquisition first; 0: none
	System       *System // nil: DefaultSystem()
}

// GRE3D builds a 3D Cartesian spoiled gradient-echo sequence (3D FLASH):
// readout along x, phase encoding along y and partition encoding along z,
// after a slab-selective sinc (slab along z) or a non-selective hard pulse.
// Each TR has the blocks: excitation; prephasing (readout prephaser, phase
// encoding, and the slab rephaser together with the partition encoding in
// one z gradient); a delay to meet TE; the readout with its ADC; rewinding
// and spoiling (the y and z encodings rewound, with a z spoiler of four
// cycles per partition and an x spoiler of twice the readout area added);
// a delay to TR.
//
// Partitions are the outer loop and lines the inner one. The readout of
// line j, partition p carries LABELSET LIN = j and PAR = p; it has
// ky = (j − Ny/2)/FOV[1] and kz = (p − Nz/2)/FOV[2], and readout sample n
// has kx = (n − Nx/2)/FOV[0], so the k-space centre is at index N/2 of each
// dimension and TE is the time from the pulse centre to sample Nx/2. RF
// spoiling is that of GRE: pulse m (counting dummies) has phase
// RFSpoilIncrement·m(m+1)/2 and the ADC follows it. Dummy scans play no
// phase or partition encoding and no ADC.
//
// It returns an error if the parameters cannot be met under the system
// limits (TE or TR too short, gradients too strong), naming the parameter.
func GRE3D(p GRE3DParams) (*Sequence, error) {
	sys := DefaultSystem()
	if p.System != nil {
		sys = *p.System
	}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	for i, d := range [3]int{64, 64, 16} {
		if p.Matrix[i] == 0 {
			p.Matrix[i] = d
		}
	}
	for i, d := range [3]float64{0.256, 0.256, 0.064} {
		def(&p.FOV[i], d)
	}
	def(&p.SlabThickness, p.FOV[2])
	def(&p.FlipAngle, 15*math.Pi/180)
	def(&p.Dwell, 10e-6)
	def(&p.TimeBandwidth, 4)
	if p.Excitation == HardExcitation {
		def(&p.RFDuration, 200e-6)
	} else {
		def(&p.RFDuration, 2e-3)
	}
	nx, ny, nz := p.Matrix[0], p.Matrix[1], p.Matrix[2]
	for i, n := range p.Matrix {
		lo := 2 // readout and lines; one partition is allowed
		if i == 2 {
			lo = 1
		}
		if n < lo || n > 2048 {
			return nil, fmt.Errorf("seq: gre3d: matrix %v: dimension %d outside [%d, 2048]", p.Matrix, i, lo)
		}
		if !(p.FOV[i] > 0) || math.IsInf(p.FOV[i], 0) {
			return nil, fmt.Errorf("seq: gre3d: field of view %v m: dimension %d is not positive", p.FOV, i)
		}
	}
	switch {
	case p.Excitation != SincExcitation && p.Excitation != HardExcitation:
		return nil, fmt.Errorf("seq: gre3d: excitation %d unknown", p.Excitation)
	case !(p.SlabThickness > 0) || math.IsInf(p.SlabThickness, 0):
		return nil, fmt.Errorf("seq: gre3d: slab thickness %g m is not positive", p.SlabThickness)
	case !(p.FlipAngle > 0) || p.FlipAngle > math.Pi:
		return nil, fmt.Errorf("seq: gre3d: flip angle %g rad outside (0, π]", p.FlipAngle)
	case !(p.Dwell > 0) || math.IsInf(p.Dwell, 0):
		return nil, fmt.Errorf("seq: gre3d: dwell %g s is not positive", p.Dwell)
	case p.DummyScans < 0 || p.DummyScans > 100000:
		return nil, fmt.Errorf("seq: gre3d: %d dummy scans outside [0, 100000]", p.DummyScans)
	case p.TE < 0 || p.TR < 0 || math.IsNaN(p.TE) || math.IsNaN(p.TR):
		return nil, fmt.Errorf("seq: gre3d: TE %g s and TR %g s must not be negative", p.TE, p.TR)
	}
	p.Dwell = math.Max(sys.ADCRaster, roundRaster(p.Dwell, sys.ADCRaster))
	dky, dkz := 1/p.FOV[1], 1/p.FOV[2]

	var rf *RF
	var gz *Gradient
	var excDur float64
	var err error
	if p.Excitation == HardExcitation {
		rf, excDur, err = HardPulse(sys, p.FlipAngle, p.RFDuration, 0, Excitation)
	} else {
		rf, gz, excDur, err = SincPulse{FlipAngle: p.FlipAngle, Duration: p.RFDuration, TimeBandwidth: p.TimeBandwidth,
			Apodization: 0.5, SliceThickness: p.SlabThickness, Use: Excitation}.Make(sys)
	}
	if err != nil {
		return nil, fmt.Errorf("seq: gre3d: excitation: %w", err)
	}
	rfCentre := rf.Delay + rf.Center

	ro, err := echoReadout(sys, nx, p.FOV[0], p.Dwell)
	if err != nil {
		return nil, fmt.Errorf("seq: gre3d: %w", err)
	}

	// Prephasing. The z gradient holds the slab rephaser and the partition
	// encoding; its timing is that of the largest area, scaled per partition.
	slabReph := sliceRephaseArea(gz, rfCentre)
	kz := func(part int) float64 { return float64(part-nz/2) * dkz }
	gxPre, err := TrapezoidArea(sys, -ro.areaToEcho)
	if err != nil {
		return nil, err
	}
	gyMax, err := TrapezoidArea(sys, float64(ny/2)*dky)
	if err != nil {
		return nil, err
	}
	gzPreMax, err := TrapezoidArea(sys, math.Max(math.Abs(slabReph+kz(0)), math.Abs(slabReph+kz(nz-1))))
	if err != nil {
		return nil, err
	}
	preDur := ceilRaster(math.Max(math.Max(gxPre.Duration(), gyMax.Duration()), gzPreMax.Duration()), sys.BlockRaster)

	// Rewinding and spoiling.
	spoilZ := 4 * float64(nz) / p.FOV[2]
	gxSpoil, err := TrapezoidArea(sys, 2*float64(nx)/p.FOV[0])
	if err != nil {
		return nil, err
	}
	gzPostMax, err := TrapezoidArea(sys, math.Max(math.Abs(spoilZ-kz(0)), math.Abs(spoilZ-kz(nz-1))))
	if err != nil {
		return nil, err
	}
	postDur := ceilRaster(math.Max(math.Max(gxSpoil.Duration(), gyMax.Duration()), gzPostMax.Duration()), sys.BlockRaster)

	minTE := excDur - rfCentre + preDur + ro.tEcho
	teDelay, err := padDelay("gre3d", "TE", p.TE, minTE, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TE = minTE + teDelay
	minTR := excDur + preDur + teDelay + ro.dur + postDur
	trDelay, err := padDelay("gre3d", "TR", p.TR, minTR, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TR = minTR + trDelay

	s := &Sequence{
		System:   sys,
		Encoding: kspace.Space{Matrix: [3]int{nx, ny, nz}, FOV: p.FOV},
		Traj:     kspace.Cartesian,
		Params: kspace.Params{SequenceName: "gre3d", B0: sys.B0, TR: p.TR, TE: p.TE,
			FlipAngle: p.FlipAngle, EchoTrainLength: 1},
	}
	add := func(b Block) {
		if b.Duration > 0 {
			s.Blocks = append(s.Blocks, b)
		}
	}
	total := p.DummyScans + ny*nz
	s.Blocks = make([]Block, 0, total*6)
	for m := range total {
		phase := 0.0
		if !p.NoRFSpoiling {
			phase = RFSpoilPhase(m)
		}
		// Dummy scans play no phase or partition encoding and no ADC.
		acq := m - p.DummyScans
		line, part := acq%ny, acq/ny
		ky, kzp := float64(line-ny/2)*dky, kz(part)
		if acq < 0 {
			ky, kzp = 0, 0
		}
		r := *rf
		r.PhaseOffset = phase
		add(Block{Duration: excDur, RF: &r, Gz: gz})
		add(Block{Duration: preDur, Gx: gxPre, Gy: gyMax.ScaledTo(ky), Gz: gzPreMax.ScaledTo(slabReph + kzp)})
		add(Block{Duration: teDelay})
		rd := Block{Duration: ro.dur, Gx: ro.gx}
		if acq >= 0 {
			a := *ro.adc
			a.PhaseOffset = phase
			rd.ADC = &a
			rd.Labels = []LabelEvent{{Label: LIN, Value: line}, {Label: PAR, Value: part}}
		}
		add(rd)
		add(Block{Duration: postDur, Gx: gxSpoil, Gy: gyMax.ScaledTo(-ky), Gz: gzPostMax.ScaledTo(spoilZ - kzp)})
		add(Block{Duration: trDelay})
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: gre3d: built sequence violates the system limits: %w", err)
	}
	return s, nil
}
