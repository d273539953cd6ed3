package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// IRReadout selects the readout that follows the inversion of an IR
// sequence.
type IRReadout int

// Inversion-recovery readouts.
const (
	IRSpinEcho     IRReadout = iota // 90°, 180° (CPMG), echo at TE: contrast M0·(1−2e^(−TI/T1))·e^(−TE/T2)
	IRGradientEcho                  // α, gradient echo at TE: contrast M0·(1−2e^(−TI/T1))·sinα·e^(−TE/T2*)
)

func (r IRReadout) String() string {
	switch r {
	case IRSpinEcho:
		return "spin echo"
	case IRGradientEcho:
		return "gradient echo"
	}
	return fmt.Sprintf("IRReadout(%d)", int(r))
}

// IRParams are the parameters of a 2D Cartesian inversion recovery. Zero
// values mean the documented defaults, chosen for T1-weighted brain
// imaging at 1.5 T (grey matter T1 ≈ 0.9 s, white matter ≈ 0.6 s).
type IRParams struct {
	Matrix         int     // N×N matrix; 0: 128
	FOV            float64 // square field of view [m]; 0: 0.256
	SliceThickness float64 // [m]; 0: 5 mm
	// TI is the inversion time, from the inversion pulse centre to the
	// excitation pulse centre [s], rounded to the block raster; 0: 400 ms.
	// A tissue of T1 = TI/ln 2 is nulled (STIR of fat at 1.5 T: TI ≈
	// 0.18 s; FLAIR of CSF: TI ≈ 2.5 s with TR ≈ 9 s).
	TI float64
	TE float64 // excitation centre to echo [s]; 0: the shortest possible
	TR float64 // inversion centre to the next inversion centre [s]; 0: 2 s
	// Readout is the readout after the inversion time; default IRSpinEcho.
	Readout IRReadout
	// FlipAngle is the excitation of the gradient-echo readout [rad]; 0:
	// 90°. The spin-echo readout is always 90°–180°: another value is an
	// error with it.
	FlipAngle float64
	// InversionThickness is the slab the inversion pulse inverts [m]; 0:
	// twice SliceThickness, so that the excited slice lies well inside the
	// flat part of the inversion profile.
	InversionThickness float64
	// NonSelectiveInversion plays the inversion sinc without a slice-select
	// gradient: it inverts everything within its bandwidth.
	NonSelectiveInversion bool
	Dwell                 float64 // ADC dwell [s]; 0: 10 µs
	// Excitation is the kind of every RF pulse (inversion, excitation,
	// refocusing); default SincExcitation. HardExcitation makes them all
	// non-selective rectangular pulses.
	Excitation    Pulse
	RFDuration    float64 // of every RF pulse [s]; 0: 2 ms (sinc) or 200 µs (hard)
	TimeBandwidth float64 // sinc time-bandwidth product; 0: 4
	System        *System // nil: DefaultSystem()
}

// IR builds a 2D Cartesian inversion-recovery sequence with one inversion
// per phase-encoding line (classic IR-SE or IR-GRE). Readout is along x,
// phase encoding along y, slice selection along z. Each TR has the blocks:
//
//   - inversion: a 180° sinc (RF use Inversion, phase 0) with its slab
//     select gradient, or a hard pulse;
//   - spoiler: x and z gradients that dephase whatever transverse
//     magnetisation the inversion left (2 cycles per pixel along x, 4
//     across the slice along z);
//   - a delay that makes TI, inversion centre to excitation centre, a
//     whole number of block rasters;
//   - the readout: for IRSpinEcho the blocks of SE (excitation; slice
//     rephaser with readout prephaser; delay; crusher; 180° of phase 90°;
//     crusher; phase encoding; delay; readout; rewinder with spoilers),
//     for IRGradientEcho those of GRE without RF spoiling (excitation;
//     prephasing with phase encoding; delay; readout; rewinder with
//     spoilers);
//   - a delay that completes TR, inversion to inversion.
//
// Line j (LABELSET LIN = j) has ky = (j − N/2)/FOV and readout sample n
// has kx = (n − N/2)/FOV, so the echo of line N/2 at sample N/2 is the
// k-space centre. The echo lies on the gradient raster (the ADC is shifted
// by half a dwell) and every pulse centre on the block raster, so TI and
// TE are exact: Params.TI and Params.TE are the times the blocks realise.
// TI is the value asked for rounded to the block raster. So is TE (to
// twice the block raster for the spin echo) when the gradient and block
// rasters are equal, as in DefaultSystem; otherwise the gradient echo's
// TE is within half a block raster of it, and the spin echo returns an
// error if its two halves cannot be made equal. Params.TR is the time between
// inversions; after a long TR (≫ T1) the echo of a tissue is
// M0·(1 − 2e^(−TI/T1)) times the readout's factor e^(−TE/T2) (spin echo)
// or sinα·e^(−TE/T2*) (gradient echo).
//
// It returns an error if the parameters cannot be met (TI, TE or TR too
// short, gradients too strong), naming the parameter.
func IR(p IRParams) (*Sequence, error) {
	g, err := newImaging2D("ir", p.System, p.Matrix, p.FOV, p.SliceThickness, p.Dwell, p.Excitation, p.RFDuration, p.TimeBandwidth)
	if err != nil {
		return nil, err
	}
	if p.TI == 0 {
		p.TI = 0.4
	}
	if p.TR == 0 {
		p.TR = 2
	}
	if p.InversionThickness == 0 {
		p.InversionThickness = 2 * g.slice
	}
	switch {
	case !(p.TI > 0) || math.IsInf(p.TI, 0):
		return nil, fmt.Errorf("seq: ir: TI %g s is not positive", p.TI)
	case !(p.TE >= 0) || math.IsInf(p.TE, 0) || !(p.TR >= 0) || math.IsInf(p.TR, 0):
		return nil, fmt.Errorf("seq: ir: TE %g s and TR %g s must be finite and not negative", p.TE, p.TR)
	case !(p.InversionThickness > 0):
		return nil, fmt.Errorf("seq: ir: inversion thickness %g m is not positive", p.InversionThickness)
	case p.Readout != IRSpinEcho && p.Readout != IRGradientEcho:
		return nil, fmt.Errorf("seq: ir: unknown readout %v", p.Readout)
	}

	var ro module
	switch p.Readout {
	case IRSpinEcho:
		if p.FlipAngle != 0 && p.FlipAngle != math.Pi/2 {
			return nil, fmt.Errorf("seq: ir: flip angle %g rad: the spin-echo readout excites with 90°", p.FlipAngle)
		}
		p.FlipAngle = math.Pi / 2
		ro, err = g.spinEchoTrain(1, p.TE, "TE")
	case IRGradientEcho:
		if p.FlipAngle == 0 {
			p.FlipAngle = math.Pi / 2
		}
		if !(p.FlipAngle > 0) || p.FlipAngle > math.Pi {
			return nil, fmt.Errorf("seq: ir: flip angle %g rad outside (0, π]", p.FlipAngle)
		}
		ro, err = g.gradientEcho(p.FlipAngle, p.TE)
	}
	if err != nil {
		return nil, err
	}
	p.TE = ro.te

	thick := p.InversionThickness
	if p.NonSelectiveInversion {
		thick = 0
	}
	inv, gzInv, invDur, err := g.pulse(math.Pi, 0, Inversion, thick)
	if err != nil {
		return nil, fmt.Errorf("seq: ir: inversion: %w", err)
	}
	gxSpoil, gzSpoil, spoilDur, err := g.spoilers()
	if err != nil {
		return nil, err
	}
	minTI := invDur - (inv.Delay + inv.Center) + spoilDur + ro.excCentre
	tiDelay := roundRaster(p.TI-minTI, g.sys.BlockRaster)
	if tiDelay < -1e-12 {
		return nil, fmt.Errorf("seq: ir: TI %.3f ms is shorter than the minimum %.3f ms", p.TI*1e3, minTI*1e3)
	}
	tiDelay = math.Max(tiDelay, 0)
	p.TI = minTI + tiDelay
	minTR := invDur + spoilDur + tiDelay + ro.dur
	trDelay := roundRaster(p.TR-minTR, g.sys.BlockRaster)
	if trDelay < -1e-12 {
		return nil, fmt.Errorf("seq: ir: TR %.3f ms is shorter than the minimum %.3f ms (TI %.3f ms, TE %.3f ms)",
			p.TR*1e3, minTR*1e3, p.TI*1e3, p.TE*1e3)
	}
	trDelay = math.Max(trDelay, 0)
	p.TR = minTR + trDelay

	s := g.sequence(kspace.Params{SequenceName: "ir", TR: p.TR, TE: p.TE, TI: p.TI,
		FlipAngle: p.FlipAngle, EchoTrainLength: 1})
	for line := range g.n {
		s.add(Block{Duration: invDur, RF: inv, Gz: gzInv})
		s.add(Block{Duration: spoilDur, Gx: gxSpoil, Gz: gzSpoil})
		s.add(Block{Duration: tiDelay})
		s.add(ro.blocks([]int{line})...)
		s.add(Block{Duration: trDelay})
	}
	return s.done()
}

// imaging2D holds what the 2D Cartesian builders IR and TSE share: the
// system, the geometry and the RF pulse settings, defaulted and validated.
// (GRE, SE and BSSFP predate it and keep their own copies.)
type imaging2D struct {
	name  string // builder name for messages, e.g. "ir"
	sys   System
	n     int
	fov   float64 // [m]
	slice float64 // [m]
	dwell float64 // [s], on the ADC raster
	kind  Pulse
	rfDur float64 // [s]
	tbw   float64
}

// newImaging2D applies the defaults (matrix 128, FOV 0.256 m, slice 5 mm,
// dwell 10 µs, RF 2 ms sinc of time-bandwidth 4 or 200 µs hard pulse) and
// validates the values, naming the parameter in errors prefixed by
// "seq: name:".
func newImaging2D(name string, sys *System, n int, fov, slice, dwell float64, kind Pulse, rfDur, tbw float64) (imaging2D, error) {
	g := imaging2D{name: name, sys: DefaultSystem(), n: n, fov: fov, slice: slice, dwell: dwell, kind: kind, rfDur: rfDur, tbw: tbw}
	if sys != nil {
		g.sys = *sys
	}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	if g.n == 0 {
		g.n = 128
	}
	def(&g.fov, 0.256)
	def(&g.slice, 5e-3)
	def(&g.dwell, 10e-6)
	def(&g.tbw, 4)
	if kind == HardExcitation {
		def(&g.rfDur, 200e-6)
	} else {
		def(&g.rfDur, 2e-3)
	}
	switch {
	case g.n < 2 || g.n > 2048:
		return g, fmt.Errorf("seq: %s: matrix %d outside [2, 2048]", name, g.n)
	case !(g.fov > 0) || math.IsInf(g.fov, 0):
		return g, fmt.Errorf("seq: %s: field of view %g m is not positive", name, g.fov)
	case !(g.slice > 0) || math.IsInf(g.slice, 0):
		return g, fmt.Errorf("seq: %s: slice thickness %g m is not positive", name, g.slice)
	case !(g.dwell > 0) || math.IsInf(g.dwell, 0):
		return g, fmt.Errorf("seq: %s: dwell %g s is not positive", name, g.dwell)
	case !(g.rfDur > 0) || g.rfDur > 0.1:
		return g, fmt.Errorf("seq: %s: RF duration %g s outside (0, 0.1]", name, g.rfDur)
	case !(g.tbw > 0) || g.tbw > 100:
		return g, fmt.Errorf("seq: %s: time-bandwidth product %g outside (0, 100]", name, g.tbw)
	case kind != SincExcitation && kind != HardExcitation:
		return g, fmt.Errorf("seq: %s: unknown pulse kind %d", name, int(kind))
	case !(g.sys.BlockRaster > 0) || !(g.sys.GradRaster > 0) || !(g.sys.RFRaster > 0) || !(g.sys.ADCRaster > 0):
		return g, fmt.Errorf("seq: %s: system rasters must be positive", name)
	}
	g.dwell = math.Max(g.sys.ADCRaster, roundRaster(g.dwell, g.sys.ADCRaster))
	return g, nil
}

// pulse returns an RF pulse of the builder's kind (a Hann-apodised sinc,
// slice-selective over thickness unless it is 0, or a hard pulse), its
// gradient (nil if none) and its block duration. The duration is rounded
// up to twice the gradient raster (sinc) or RF raster (hard), and the
// pulse with its gradient is delayed so that its centre falls on the block
// raster: intervals between pulse centres and echoes then come out of
// whole blocks exactly.
func (g imaging2D) pulse(flip, phase float64, use RFUse, thickness float64) (*RF, *Gradient, float64, error) {
	sys := g.sys
	var rf *RF
	var gz *Gradient
	var err error
	if g.kind == HardExcitation {
		rf, _, err = HardPulse(sys, flip, ceilRaster(g.rfDur, 2*sys.RFRaster), phase, use)
	} else {
		rf, gz, _, err = SincPulse{FlipAngle: flip, Duration: ceilRaster(g.rfDur, 2*sys.GradRaster), TimeBandwidth: g.tbw,
			Apodization: 0.5, SliceThickness: thickness, PhaseOffset: phase, Use: use}.Make(sys)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	c := rf.Delay + rf.Center
	shift := ceilRaster(c, sys.BlockRaster) - c
	if !onRasterTol(shift, sys.RFRaster) || (gz != nil && !onRasterTol(shift, sys.GradRaster)) {
		return nil, nil, 0, fmt.Errorf("RF duration %g s puts the pulse centre %g s off the block raster %g s", g.rfDur, c, sys.BlockRaster)
	}
	rf.Delay += shift
	end := rf.Delay + rf.Duration() + sys.RFRingdownTime
	if gz != nil {
		gz.Delay += shift
		end = math.Max(end, gz.Duration())
	}
	return rf, gz, ceilRaster(end, sys.BlockRaster), nil
}

// onRasterTol reports whether t is a whole number of rasters r, to 1 ns.
func onRasterTol(t, r float64) bool {
	return math.Abs(t-math.Round(t/r)*r) < 1e-9
}

// sliceRephaseArea returns the area [1/m] that rephases the slice-select
// gradient gz (nil: none) of a pulse centred at centre (from the block
// start): minus its area from the centre to its end.
func sliceRephaseArea(gz *Gradient, centre float64) float64 {
	if gz == nil {
		return 0
	}
	return -(gz.Amplitude*(gz.Delay+gz.Rise+gz.Flat-centre) + gz.Amplitude*gz.Fall/2)
}

// spoilers returns the end-of-repetition spoilers, 2 cycles per pixel
// along x and 4 cycles across the slice along z, and the block duration
// that holds them and a phase-encoding rewinder.
func (g imaging2D) spoilers() (gx, gz *Gradient, dur float64, err error) {
	if gx, err = TrapezoidArea(g.sys, 2*float64(g.n)/g.fov); err != nil {
		return nil, nil, 0, err
	}
	if gz, err = TrapezoidArea(g.sys, 4/g.slice); err != nil {
		return nil, nil, 0, err
	}
	gy, err := g.phaseEncodingMax()
	if err != nil {
		return nil, nil, 0, err
	}
	return gx, gz, g.blockDur(gx, gy, gz), nil
}

// blockDur returns the shortest block duration on the block raster that
// holds the gradients (nil ones are skipped).
func (g imaging2D) blockDur(gs ...*Gradient) float64 {
	d := 0.0
	for _, gr := range gs {
		if gr != nil {
			d = math.Max(d, gr.Duration())
		}
	}
	return ceilRaster(d, g.sys.BlockRaster)
}

// phaseEncodingMax is the shortest trapezoid of the largest phase
// encoding, N/2 steps of 1/FOV; every line scales it (ScaledTo).
func (g imaging2D) phaseEncodingMax() (*Gradient, error) {
	return TrapezoidArea(g.sys, float64(g.n/2)/g.fov)
}

// lineArea returns the phase-encoding area of line j, (j − N/2)/FOV [1/m].
func (g imaging2D) lineArea(j int) float64 { return float64(j-g.n/2) / g.fov }

// module is the part of a repetition from an excitation to the end of its
// readouts' spoiling, ready to be placed after a preparation.
type module struct {
	excCentre float64 // excitation pulse centre from the module start [s]
	te        float64 // excitation centre to the first echo [s]
	dur       float64 // [s]
	// blocks returns the module's blocks acquiring lines[e] at echo e.
	blocks func(lines []int) []Block
}

// gradientEcho is GRE's repetition without RF spoiling and with its echo
// on the gradient raster: excitation of flip α (phase 0); readout
// prephaser, phase encoding and slice rephaser; a delay to TE (0: the
// shortest); the readout; rewinder with spoilers.
func (g imaging2D) gradientEcho(flip, te float64) (module, error) {
	sys := g.sys
	rf, gz, excDur, err := g.pulse(flip, 0, Excitation, g.slice)
	if err != nil {
		return module{}, fmt.Errorf("seq: %s: excitation: %w", g.name, err)
	}
	centre := rf.Delay + rf.Center
	ro, err := echoReadout(sys, g.n, g.fov, g.dwell)
	if err != nil {
		return module{}, fmt.Errorf("seq: %s: %w", g.name, err)
	}
	gxPre, err := TrapezoidArea(sys, -ro.areaToEcho)
	if err != nil {
		return module{}, err
	}
	gyMax, err := g.phaseEncodingMax()
	if err != nil {
		return module{}, err
	}
	var gzReph *Gradient
	if gz != nil {
		if gzReph, err = TrapezoidArea(sys, sliceRephaseArea(gz, centre)); err != nil {
			return module{}, err
		}
	}
	preDur := g.blockDur(gxPre, gyMax, gzReph)
	gxSpoil, gzSpoil, spoilDur, err := g.spoilers()
	if err != nil {
		return module{}, err
	}
	minTE := excDur - centre + preDur + ro.tEcho
	teDelay := 0.0
	if te != 0 {
		if teDelay = roundRaster(te-minTE, sys.BlockRaster); teDelay < -1e-12 {
			return module{}, fmt.Errorf("seq: %s: TE %.3f ms is shorter than the minimum %.3f ms", g.name, te*1e3, minTE*1e3)
		}
		teDelay = math.Max(teDelay, 0)
	}
	return module{
		excCentre: centre,
		te:        minTE + teDelay,
		dur:       excDur + preDur + teDelay + ro.dur + spoilDur,
		blocks: func(lines []int) []Block {
			area := g.lineArea(lines[0])
			return nonEmpty(
				Block{Duration: excDur, RF: rf, Gz: gz},
				Block{Duration: preDur, Gx: gxPre, Gy: gyMax.ScaledTo(area), Gz: gzReph},
				Block{Duration: teDelay},
				Block{Duration: ro.dur, Gx: ro.gx, ADC: ro.adc, Labels: []LabelEvent{{Label: LIN, Value: lines[0]}}},
				Block{Duration: spoilDur, Gx: gxSpoil, Gy: gyMax.ScaledTo(-area), Gz: gzSpoil},
			)
		},
	}, nil
}

// nonEmpty returns the blocks of positive duration.
func nonEmpty(bs ...Block) []Block {
	out := make([]Block, 0, len(bs))
	for _, b := range bs {
		if b.Duration > 0 {
			out = append(out, b)
		}
	}
	return out
}

// builtSequence is a sequence under construction by a builder.
type builtSequence struct {
	*Sequence
	name string
}

// sequence starts the builder's sequence with its system, encoding and
// parameters (B0 from the system).
func (g imaging2D) sequence(params kspace.Params) builtSequence {
	params.B0 = g.sys.B0
	return builtSequence{name: g.name, Sequence: &Sequence{
		System:   g.sys,
		Encoding: kspace.Space{Matrix: [3]int{g.n, g.n, 1}, FOV: [3]float64{g.fov, g.fov, g.slice}},
		Traj:     kspace.Cartesian,
		Params:   params,
	}}
}

// add appends the blocks of positive duration.
func (s builtSequence) add(bs ...Block) {
	s.Blocks = append(s.Blocks, nonEmpty(bs...)...)
}

// done checks the sequence against the system limits.
func (s builtSequence) done() (*Sequence, error) {
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: %s: built sequence violates the system limits: %w", s.name, err)
	}
	return s.Sequence, nil
}
