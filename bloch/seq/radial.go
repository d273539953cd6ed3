package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// SpokeOrder is the order in which a radial acquisition visits its spoke
// angles.
type SpokeOrder int

// Spoke orders.
const (
	// UniformSpokes spaces the spokes evenly over 180°: spoke i has angle
	// π·i/Spokes.
	UniformSpokes SpokeOrder = iota
	// GoldenAngleSpokes advances every spoke by GoldenAngle: spoke i has
	// angle i·GoldenAngle mod 2π.
	GoldenAngleSpokes
)

func (o SpokeOrder) String() string {
	switch o {
	case UniformSpokes:
		return "uniform"
	case GoldenAngleSpokes:
		return "golden angle"
	}
	return fmt.Sprintf("SpokeOrder(%d)", int(o))
}

// GoldenAngle is the angle increment of golden-angle radial sampling with
// spokes through the k-space centre: 180°/Φ = π(√5 − 1)/2 ≈ 111.246°
// [rad], Φ the golden ratio (Winkelmann et al., IEEE Trans. Med. Imaging
// 26:68, 2007). Any number of consecutive spokes then covers 180° nearly
// uniformly.
const GoldenAngle = math.Pi / math.Phi

// spokeAngle returns the direction angle of spoke i of n [rad], in [0, 2π).
func spokeAngle(o SpokeOrder, i, n int) float64 {
	if o == GoldenAngleSpokes {
		return math.Mod(float64(i)*GoldenAngle, 2*math.Pi)
	}
	return math.Pi * float64(i) / float64(n)
}

// RadialParams are the parameters of a 2D radial spoiled gradient echo.
// Zero values mean the documented defaults.
type RadialParams struct {
	Matrix         int        // samples per spoke and N×N image matrix; 0: 128
	FOV            float64    // field of view [m]; 0: 0.256
	SliceThickness float64    // [m]; 0: 5 mm
	Spokes         int        // 0: ⌈π/2·N⌉, the Nyquist number for full spokes
	Order          SpokeOrder // default UniformSpokes
	TR             float64    // [s]; 0: 20 ms
	TE             float64    // excitation centre to the k-space centre [s], met to within half a block raster; 0: the shortest possible
	FlipAngle      float64    // [rad]; 0: 30°
	Dwell          float64    // ADC dwell [s]; 0: 10 µs
	RFDuration     float64    // sinc duration [s]; 0: 2 ms
	TimeBandwidth  float64    // sinc time-bandwidth product; 0: 4
	// NoRFSpoiling turns off the quadratic RF phase cycling that is on by
	// default, as in GREParams.
	NoRFSpoiling bool
	// DummyScans is the number of TRs played without acquisition first
	// (with the gradients of spoke 0). 0: none.
	DummyScans int
	System     *System // nil: DefaultSystem()
}

// Radial builds a 2D radial spoiled gradient-echo sequence: an axial slice
// at z = 0 excited by a slice-selective sinc, and one spoke per TR, a full
// diameter of k-space through its centre. Spoke i runs along the direction
// (cos φᵢ, sin φᵢ, 0) with φᵢ from Order (UniformSpokes: π·i/Spokes over
// 180°; GoldenAngleSpokes: i·GoldenAngle mod 2π; a spoke at φ + π covers
// the line of φ in the opposite direction); its readout and prephaser are
// each a pair of trapezoids on x and y with the same timing and amplitudes
// scaled by cos φᵢ and sin φᵢ.
//
// Each TR has the blocks: excitation (RF with slice-select gradient);
// prephasing (readout prephaser along the spoke, slice rephaser); a delay
// to meet TE if needed; the readout with its ADC and LABELSET LIN = i; the
// rewinder, which brings the in-plane k back to 0, with a slice spoiler of
// four cycles across the slice, so that every TR has the same net gradient
// moment, as RF spoiling needs; and the delay that completes TR.
//
// Sample n of every spoke (n = 0..N−1) lies at k = (n − N/2)/FOV along the
// spoke direction, so kmax = N/(2·FOV), and sample N/2 is the k-space
// centre, TE after the pulse centre. RF spoiling is that of GRE. The
// sequence's Traj is kspace.Radial; reconstruction needs a NUFFT or
// gridding.
//
// It returns an error if the parameters cannot be met under the system
// limits (TE or TR too short, gradients too strong), naming the parameter.
func Radial(p RadialParams) (*Sequence, error) {
	g, err := newImaging2D("radial", p.System, p.Matrix, p.FOV, p.SliceThickness, p.Dwell, SincExcitation, p.RFDuration, p.TimeBandwidth)
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
	if p.Spokes == 0 {
		p.Spokes = int(math.Ceil(math.Pi / 2 * float64(n)))
	}
	switch {
	case p.Spokes < 1 || p.Spokes > 100000:
		return nil, fmt.Errorf("seq: radial: %d spokes outside [1, 100000]", p.Spokes)
	case p.Order != UniformSpokes && p.Order != GoldenAngleSpokes:
		return nil, fmt.Errorf("seq: radial: spoke order %v unknown", p.Order)
	case !(p.FlipAngle > 0) || p.FlipAngle > math.Pi:
		return nil, fmt.Errorf("seq: radial: flip angle %g rad outside (0, π]", p.FlipAngle)
	case p.DummyScans < 0 || p.DummyScans > 100000:
		return nil, fmt.Errorf("seq: radial: %d dummy scans outside [0, 100000]", p.DummyScans)
	case !(p.TE >= 0) || !(p.TR >= 0) || math.IsInf(p.TE, 0) || math.IsInf(p.TR, 0):
		return nil, fmt.Errorf("seq: radial: TE %g s and TR %g s must be finite and not negative", p.TE, p.TR)
	}

	ex, err := sliceExcitation(sys, p.FlipAngle, p.RFDuration, p.TimeBandwidth, p.SliceThickness)
	if err != nil {
		return nil, fmt.Errorf("seq: radial: %w", err)
	}
	ro, err := echoReadout(sys, n, p.FOV, p.Dwell)
	if err != nil {
		return nil, fmt.Errorf("seq: radial: %w", err)
	}
	pre, err := TrapezoidArea(sys, -ro.areaToEcho)
	if err != nil {
		return nil, err
	}
	rew, err := TrapezoidArea(sys, -(ro.gx.Area() - ro.areaToEcho))
	if err != nil {
		return nil, err
	}
	preDur := ceilRaster(math.Max(pre.Duration(), ex.gzReph.Duration()), sys.BlockRaster)
	spoilDur := ceilRaster(math.Max(rew.Duration(), ex.gzSpoil.Duration()), sys.BlockRaster)

	minTE := ex.dur - ex.centre + preDur + ro.tEcho
	teDelay, err := padDelay("radial", "TE", p.TE, minTE, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TE = minTE + teDelay
	minTR := ex.dur + preDur + teDelay + ro.dur + spoilDur
	trDelay, err := padDelay("radial", "TR", p.TR, minTR, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TR = minTR + trDelay

	s := &Sequence{
		System:   sys,
		Encoding: kspace.Space{Matrix: [3]int{n, n, 1}, FOV: [3]float64{p.FOV, p.FOV, p.SliceThickness}},
		Traj:     kspace.Radial,
		Params: kspace.Params{SequenceName: "radial", B0: sys.B0, TR: p.TR, TE: p.TE,
			FlipAngle: p.FlipAngle, EchoTrainLength: 1},
	}
	add := func(b Block) {
		if b.Duration > 0 {
			s.Blocks = append(s.Blocks, b)
		}
	}
	for m := range p.DummyScans + p.Spokes {
		spoke := m - p.DummyScans
		phi := spokeAngle(p.Order, max(spoke, 0), p.Spokes)
		phase := spoilPhase(m, p.NoRFSpoiling)
		r := *ex.rf
		r.PhaseOffset = phase
		add(Block{Duration: ex.dur, RF: &r, Gz: ex.gz})
		gx, gy := along(pre, phi)
		add(Block{Duration: preDur, Gx: gx, Gy: gy, Gz: ex.gzReph})
		add(Block{Duration: teDelay})
		gx, gy = along(ro.gx, phi)
		rd := Block{Duration: ro.dur, Gx: gx, Gy: gy}
		if spoke >= 0 {
			a := *ro.adc
			a.PhaseOffset = phase
			rd.ADC = &a
			rd.Labels = []LabelEvent{{Label: LIN, Value: spoke}}
		}
		add(rd)
		gx, gy = along(rew, phi)
		add(Block{Duration: spoilDur, Gx: gx, Gy: gy, Gz: ex.gzSpoil})
		add(Block{Duration: trDelay})
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: radial: built sequence violates the system limits: %w", err)
	}
	return s, nil
}

// along returns trapezoid g played along the in-plane direction
// (cos φ, sin φ): two copies of g with amplitudes scaled by cos φ (x) and
// sin φ (y).
func along(g *Gradient, phi float64) (gx, gy *Gradient) {
	x, y := *g, *g
	x.Amplitude *= math.Cos(phi)
	y.Amplitude *= math.Sin(phi)
	return &x, &y
}

// excitationEvents are the excitation events shared by the radial and
// spiral builders: a slice-selective sinc with its slice-select gradient,
// the slice rephaser, and a slice spoiler of four cycles across the slice.
type excitationEvents struct {
	rf      *RF
	gz      *Gradient
	dur     float64 // excitation block duration [s]
	centre  float64 // pulse centre from the block start [s]
	gzReph  *Gradient
	gzSpoil *Gradient
}

func sliceExcitation(sys System, flip, duration, tbw, thickness float64) (excitationEvents, error) {
	rf, gz, dur, err := SincPulse{FlipAngle: flip, Duration: duration, TimeBandwidth: tbw,
		Apodization: 0.5, SliceThickness: thickness, Use: Excitation}.Make(sys)
	if err != nil {
		return excitationEvents{}, fmt.Errorf("excitation: %w", err)
	}
	centre := rf.Delay + rf.Center
	reph, err := TrapezoidArea(sys, sliceRephaseArea(gz, centre))
	if err != nil {
		return excitationEvents{}, err
	}
	spoil, err := TrapezoidArea(sys, 4/thickness)
	if err != nil {
		return excitationEvents{}, err
	}
	return excitationEvents{rf: rf, gz: gz, dur: dur, centre: centre, gzReph: reph, gzSpoil: spoil}, nil
}

// spoilPhase returns the RF (and receiver) phase of TR m, counting dummies:
// RFSpoilIncrement·m(m+1)/2 mod 2π, or 0 without RF spoiling.
func spoilPhase(m int, off bool) float64 {
	if off {
		return 0
	}
	return RFSpoilPhase(m)
}
