package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// TSEOrder is the order in which the echo trains of a TSE fill k-space.
type TSEOrder int

// Phase-encoding orders. With S = N/ETL shots, both split the N lines into
// ETL groups of S lines, group e acquired by echo e of every shot.
const (
	// LinearOrder takes the groups as ETL consecutive segments of k-space:
	// echo e of shot s acquires line e·S + s, so ky rises steadily along
	// each train. The centre line N/2 falls at echo ⌊ETL/2⌋ (counted from
	// 0), giving an effective TE of (⌊ETL/2⌋ + 1)·ESP for an even matrix:
	// T2 weighting.
	LinearOrder TSEOrder = iota
	// CentreOutOrder ranks the lines by distance from the centre (N/2,
	// N/2−1, N/2+1, N/2−2, ...) and gives echo e the ranks e·S to
	// (e+1)·S − 1, shot s taking rank e·S + s. The first echo acquires the
	// centre: effective TE = ESP, proton-density weighting.
	CentreOutOrder
)

func (o TSEOrder) String() string {
	switch o {
	case LinearOrder:
		return "linear"
	case CentreOutOrder:
		return "centre-out"
	}
	return fmt.Sprintf("TSEOrder(%d)", int(o))
}

// TSEParams are the parameters of a 2D Cartesian turbo (fast) spin echo.
// Zero values mean the documented defaults (T2-weighted brain at 1.5 T).
type TSEParams struct {
	Matrix         int     // N×N matrix, a multiple of ETL; 0: 128
	FOV            float64 // square field of view [m]; 0: 0.256
	SliceThickness float64 // [m]; 0: 5 mm
	ETL            int     // echo-train length, echoes per excitation; 0: 8
	// ESP is the echo spacing [s]: the first refocusing pulse is ESP/2
	// after the excitation centre, the others ESP apart, and echo k
	// (from 1) is k·ESP after the excitation. 0: the shortest possible;
	// rounded up to twice the block raster.
	ESP   float64
	TR    float64  // excitation to excitation [s]; 0: 4 s
	Order TSEOrder // phase-encoding order; default LinearOrder
	// DummyShots is the number of echo trains played first without
	// acquisition (with the phase encoding of the first shot), so that
	// every acquired shot starts from the same longitudinal magnetisation
	// when TR is not much longer than T1. 0: none.
	DummyShots int
	Dwell      float64 // ADC dwell [s]; 0: 10 µs
	// Excitation is the kind of every RF pulse; default SincExcitation
	// (slice-selective 90° and 180°s). HardExcitation makes them all
	// non-selective rectangular pulses.
	Excitation    Pulse
	RFDuration    float64 // of the 90° and the 180° pulses [s]; 0: 2 ms (sinc) or 200 µs (hard)
	TimeBandwidth float64 // sinc time-bandwidth product; 0: 4
	System        *System // nil: DefaultSystem()
}

// TSE builds a 2D Cartesian turbo spin echo (RARE, FSE): each of the
// N/ETL shots is a 90° pulse (phase 0) followed by ETL 180° pulses of
// phase 90° (about −y in the simulator's frame: CPMG), each echo encoding its own phase-encoding line.
// Readout is along x, phase encoding along y, slice selection along z. A
// shot has the blocks:
//
//   - excitation, then slice rephaser with readout prephaser (of the
//     readout's sign: the 180° negates it), then a delay;
//   - for each echo: crusher (z); refocusing pulse; crusher; phase
//     encoding (y) of the echo's line; delay; readout with its ADC; and,
//     between echoes, a rewinder of the phase encoding with a small x
//     gradient that brings kx back to where it was at the previous 180°,
//     then a delay;
//   - after the last echo: rewinder with spoilers; a delay to TR.
//
// DummyShots trains without ADC come first.
//
// Every 180° centre sees the same k (along x the readout's area up to the
// echo, along y 0, along z the crusher and half the slice select), which
// the pulse negates, and the delays make excitation centre to first 180°
// centre, 180° centre to echo, and echo to next 180° centre all ESP/2 to
// the nanosecond (the echo lies on the gradient raster, pulse centres on
// the block raster): the CPMG conditions, so the echo train refocuses
// off-resonance and tolerates imperfect 180°s.
//
// The readout of line j (LABELSET LIN = j, SEG = echo index 0..ETL−1 in
// the train) has ky = (j − N/2)/FOV and sample n kx = (n − N/2)/FOV; every
// line is acquired once, in the order of Order. The echo index goes in
// SEG (kspace.Counters.Segment) rather than ECO, which kspace and recon
// take as a separate contrast. Params.TE is the effective TE, excitation
// to the echo that acquires line N/2; Params.EchoTrainLength is ETL.
//
// It returns an error if the parameters cannot be met (matrix not a
// multiple of ETL, ESP or TR too short, gradients too strong), naming the
// parameter.
func TSE(p TSEParams) (*Sequence, error) {
	g, err := newImaging2D("tse", p.System, p.Matrix, p.FOV, p.SliceThickness, p.Dwell, p.Excitation, p.RFDuration, p.TimeBandwidth)
	if err != nil {
		return nil, err
	}
	if p.ETL == 0 {
		p.ETL = 8
	}
	if p.TR == 0 {
		p.TR = 4
	}
	switch {
	case p.ETL < 1 || p.ETL > g.n:
		return nil, fmt.Errorf("seq: tse: ETL %d outside [1, matrix %d]", p.ETL, g.n)
	case g.n%p.ETL != 0:
		return nil, fmt.Errorf("seq: tse: matrix %d is not a multiple of ETL %d", g.n, p.ETL)
	case !(p.ESP >= 0) || math.IsInf(p.ESP, 0) || !(p.TR >= 0) || math.IsInf(p.TR, 0):
		return nil, fmt.Errorf("seq: tse: ESP %g s and TR %g s must be finite and not negative", p.ESP, p.TR)
	case p.Order != LinearOrder && p.Order != CentreOutOrder:
		return nil, fmt.Errorf("seq: tse: unknown order %v", p.Order)
	case p.DummyShots < 0 || p.DummyShots > 10000:
		return nil, fmt.Errorf("seq: tse: %d dummy shots outside [0, 10000]", p.DummyShots)
	}
	train, err := g.spinEchoTrain(p.ETL, p.ESP, "ESP")
	if err != nil {
		return nil, err
	}
	shots := tseOrder(g.n, p.ETL, p.Order)
	te := 0.0
	for _, lines := range shots {
		for e, l := range lines {
			if l == g.n/2 {
				te = float64(e+1) * train.te
			}
		}
	}
	trDelay := roundRaster(p.TR-train.dur, g.sys.BlockRaster)
	if trDelay < -1e-12 {
		return nil, fmt.Errorf("seq: tse: TR %.3f ms is shorter than the minimum %.3f ms (ETL %d, ESP %.3f ms)",
			p.TR*1e3, train.dur*1e3, p.ETL, train.te*1e3)
	}
	trDelay = math.Max(trDelay, 0)
	s := g.sequence(kspace.Params{SequenceName: "tse", TR: train.dur + trDelay, TE: te,
		FlipAngle: math.Pi / 2, EchoTrainLength: p.ETL})
	for range p.DummyShots {
		for _, b := range train.blocks(shots[0]) {
			b.ADC, b.Labels = nil, nil
			s.add(b)
		}
		s.add(Block{Duration: trDelay})
	}
	for _, lines := range shots {
		s.add(train.blocks(lines)...)
		s.add(Block{Duration: trDelay})
	}
	return s.done()
}

// tseOrder returns the lines of each shot, [shot][echo], as TSEOrder
// describes.
func tseOrder(n, etl int, order TSEOrder) [][]int {
	shots := n / etl
	rank := make([]int, 0, n) // rank r → line
	if order == CentreOutOrder {
		for d := 0; len(rank) < n; d++ {
			if n/2-d >= 0 {
				rank = append(rank, n/2-d)
			}
			if d > 0 && n/2+d < n {
				rank = append(rank, n/2+d)
			}
		}
	} else {
		for j := range n {
			rank = append(rank, j)
		}
	}
	out := make([][]int, shots)
	for s := range out {
		out[s] = make([]int, etl)
		for e := range etl {
			out[s][e] = rank[e*shots+s]
		}
	}
	return out
}

// spinEchoTrain is one CPMG excitation with etl echoes esp apart (0: the
// shortest spacing; param names esp in errors): the shot of TSE's doc
// comment. With one echo it is the repetition of SE (esp is then TE). The
// module's te is the echo spacing; its readouts carry LIN and, in trains
// of more than one echo, SEG = echo index.
func (g imaging2D) spinEchoTrain(etl int, esp float64, param string) (module, error) {
	sys := g.sys
	fail := func(what string, err error) (module, error) {
		return module{}, fmt.Errorf("seq: %s: %s: %w", g.name, what, err)
	}
	exc, gzExc, excDur, err := g.pulse(math.Pi/2, 0, Excitation, g.slice)
	if err != nil {
		return fail("excitation", err)
	}
	ref, gzRef, refDur, err := g.pulse(math.Pi, math.Pi/2, Refocusing, g.slice)
	if err != nil {
		return fail("refocusing", err)
	}
	excCentre := exc.Delay + exc.Center
	refCentre := ref.Delay + ref.Center
	ro, err := echoReadout(sys, g.n, g.fov, g.dwell)
	if err != nil {
		return fail("readout", err)
	}

	// Before the first 180°: slice rephaser and a readout prephaser of the
	// readout's sign (the 180° negates k).
	var gzReph, gxPre *Gradient
	if gzExc != nil {
		if gzReph, err = TrapezoidArea(sys, sliceRephaseArea(gzExc, excCentre)); err != nil {
			return fail("slice rephaser", err)
		}
	}
	if gxPre, err = TrapezoidArea(sys, ro.areaToEcho); err != nil {
		return fail("readout prephaser", err)
	}
	preDur := g.blockDur(gzReph, gxPre)
	crusher, err := TrapezoidArea(sys, 4/g.slice)
	if err != nil {
		return fail("crusher", err)
	}
	crushDur := g.blockDur(crusher)
	gyMax, err := g.phaseEncodingMax()
	if err != nil {
		return fail("phase encoding", err)
	}
	peDur := g.blockDur(gyMax)
	// Between echoes: after the echo kx is gx.Area() − areaToEcho; bring it
	// back to areaToEcho, its value at every 180°.
	gxBal, err := TrapezoidArea(sys, 2*ro.areaToEcho-ro.gx.Area())
	if err != nil {
		return fail("readout balancing", err)
	}
	rwDur := g.blockDur(gxBal, gyMax)
	gxSpoil, gzSpoil, spoilDur, err := g.spoilers()
	if err != nil {
		return module{}, err
	}

	// The three kinds of half spacing without their delays: excitation to
	// 180°, 180° to echo, echo to the next 180°.
	a0 := excDur - excCentre + preDur + crushDur + refCentre
	b0 := refDur - refCentre + crushDur + peDur + ro.tEcho
	c0 := ro.dur - ro.tEcho + rwDur + crushDur + refCentre
	half := math.Max(a0, b0)
	if etl > 1 {
		half = math.Max(half, c0)
	}
	if esp != 0 {
		if esp/2 < half-1e-12 {
			return module{}, fmt.Errorf("seq: %s: %s %.3f ms is shorter than the minimum %.3f ms", g.name, param, esp*1e3, 2*half*1e3)
		}
		half = esp / 2
	}
	half = ceilRaster(half, sys.BlockRaster)
	d1 := roundRaster(half-a0, sys.BlockRaster)
	d2 := roundRaster(half-b0, sys.BlockRaster)
	d3 := roundRaster(half-c0, sys.BlockRaster)
	if math.Abs(a0+d1-half) > 1e-9 || math.Abs(b0+d2-half) > 1e-9 || (etl > 1 && math.Abs(c0+d3-half) > 1e-9) {
		return module{}, fmt.Errorf("seq: %s: the system's rasters (gradient %g s, block %g s) cannot make the halves of %s equal",
			g.name, sys.GradRaster, sys.BlockRaster, param)
	}
	dur := excDur + preDur + d1 + float64(etl)*(2*crushDur+refDur+peDur+d2+ro.dur) + float64(etl-1)*(rwDur+d3) + spoilDur

	return module{
		excCentre: excCentre,
		te:        2 * half,
		dur:       dur,
		blocks: func(lines []int) []Block {
			bs := []Block{
				{Duration: excDur, RF: exc, Gz: gzExc},
				{Duration: preDur, Gx: gxPre, Gz: gzReph},
				{Duration: d1},
			}
			for e, line := range lines {
				area := g.lineArea(line)
				labels := []LabelEvent{{Label: LIN, Value: line}}
				if etl > 1 {
					labels = append(labels, LabelEvent{Label: SEG, Value: e})
				}
				bs = append(bs,
					Block{Duration: crushDur, Gz: crusher},
					Block{Duration: refDur, RF: ref, Gz: gzRef},
					Block{Duration: crushDur, Gz: crusher},
					Block{Duration: peDur, Gy: gyMax.ScaledTo(area)},
					Block{Duration: d2},
					Block{Duration: ro.dur, Gx: ro.gx, ADC: ro.adc, Labels: labels},
				)
				if e < len(lines)-1 {
					bs = append(bs, Block{Duration: rwDur, Gx: gxBal, Gy: gyMax.ScaledTo(-area)}, Block{Duration: d3})
				} else {
					bs = append(bs, Block{Duration: spoilDur, Gx: gxSpoil, Gy: gyMax.ScaledTo(-area), Gz: gzSpoil})
				}
			}
			return nonEmpty(bs...)
		},
	}, nil
}
