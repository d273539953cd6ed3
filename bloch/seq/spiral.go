package seq

import (
	"fmt"
	"math"
	"math/cmplx"

	"github.com/larmor-mri/larmor/kspace"
)

// SpiralParams are the parameters of a 2D spiral-out spoiled gradient
// echo. Zero values mean the documented defaults.
type SpiralParams struct {
	Matrix         int     // nominal N×N matrix: the spiral reaches kmax = N/(2·FOV); 0: 128
	FOV            float64 // field of view [m]; 0: 0.256
	SliceThickness float64 // [m]; 0: 5 mm
	Interleaves    int     // spiral arms, one per TR; 0: 1
	TR             float64 // [s]; 0: the shortest possible
	TE             float64 // excitation centre to the start of the spiral (the k-space centre) [s], met to within half a block raster; 0: the shortest possible
	FlipAngle      float64 // [rad]; 0: 30°
	// Dwell is the ADC dwell [s]. 0: the longest on the ADC raster for
	// which the samples are at most 1/FOV apart along the trajectory up to
	// kmax.
	Dwell         float64
	RFDuration    float64 // sinc duration [s]; 0: 2 ms
	TimeBandwidth float64 // sinc time-bandwidth product; 0: 4
	// NoRFSpoiling turns off the quadratic RF phase cycling that is on by
	// default, as in GREParams.
	NoRFSpoiling bool
	// DummyScans is the number of TRs played without acquisition first
	// (with the gradients of interleave 0). 0: none.
	DummyScans int
	System     *System // nil: DefaultSystem()
}

// maxSpiralCells bounds the length of a spiral readout in gradient
// rasters (2 s at 10 µs).
const maxSpiralCells = 200000

// Spiral builds a 2D spiral-out spoiled gradient-echo sequence: an axial
// slice at z = 0 excited by a slice-selective sinc, and one interleave of
// an Archimedean spiral per TR.
//
// Trajectory: interleave i of I follows k(θ) = λθ·e^{i(θ + 2πi/I)} (x
// real, y imaginary) from θ = 0 to past θmax = kmax/λ, with λ = I/(2π·FOV)
// and kmax = N/(2·FOV): successive turns of one interleave are I/FOV
// apart, so the I interleaves together sample every direction at radial
// steps of 1/FOV (Nyquist for the field of view).
//
// Gradient design: a numerical, time-optimal forward design on the
// gradient raster Δt (not Glover's analytic approximation, MRM 42:412,
// 1999, though it shows the same two regimes). The gradient of raster cell
// j is the chord g_j = (k(θ_{j+1}) − k(θ_j))/Δt, and θ_{j+1} is the
// largest angle for which
//
//   - |g_j| ≤ MaxGrad,
//   - |g_j − g_{j−1}| ≤ MaxSlew·Δt (g_{−1} = 0), and
//   - |g_j|²·κ ≤ MaxSlew, κ the curvature of the spiral at θ_j (the
//     largest over the cell): the slew rate a speed |g| needs to follow
//     the curve.
//
// This integrates dk/dt along the curve at the fastest speed both limits
// allow, the forward pass of Lustig, Kim and Pauly (IEEE Trans. Med.
// Imaging 27:866, 2008), whose speed bound is min(MaxGrad, √(MaxSlew/κ)).
// Near the centre the slew rate limits (|g| grows as √(|k|·MaxSlew));
// beyond |k| ≈ MaxGrad²/MaxSlew the amplitude does. The spiral takes at
// most a few rasters longer than ∫ ds / min(MaxGrad, √(MaxSlew/κ)) along
// the curve, a lower bound for any gradient within the limits. The limits
// apply to the vector (x, y), so every rotated interleave meets them on
// each axis. After the spiral the gradient ramps to zero along its last
// direction at the slew limit.
//
// The gradients are arbitrary gradients sampled on the raster as Pulseq's
// makeArbitraryGrad makes them, one zero sample first: corners (0, 0),
// ((j+½)·Δt, h_j) for h = (0, g_0, g_1, ..., ramp, 0), and the last raster
// edge, 0; a Pulseq file stores them as a shape with the default timing.
// The spiral starts (θ = 0) one raster after the gradient. The polyline's
// integral at raster edge J is the design's k(θ_J) plus
// Δt·(g_J − g_{J−1})/8, at most MaxSlew·Δt²/8 (0.08 /m at 150 T/m/s and
// 10 µs, 2% of 1/FOV at 256 mm); the leading zero sample removes the
// constant offset a first sample g_0 would leave. Between raster edges k
// stays as close to the curve: the slew limit bounds how far both the
// played k and the spiral bow away from their common chord.
//
// Each TR has the blocks: excitation (RF with slice-select gradient);
// slice rephaser; a delay to meet TE if needed; the readout (spiral
// gradients on x and y, ADC from the start of the spiral, LABELSET LIN =
// interleave); the rewinder, which brings the in-plane k back to 0, with a
// slice spoiler of four cycles across the slice, so that every TR has the
// same net gradient moment, as RF spoiling needs; and the delay that
// completes TR. The ADC starts with the spiral, at the k-space centre, and
// runs until |k| ≥ kmax. RF spoiling is that of GRE. The sequence's
// Traj is kspace.Spiral; reconstruction needs a NUFFT or gridding.
//
// It returns an error if the parameters cannot be met (TE or TR too short,
// a readout longer than 200 000 gradient rasters), naming the parameter.
func Spiral(p SpiralParams) (*Sequence, error) {
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
	if p.Interleaves == 0 {
		p.Interleaves = 1
	}
	def(&p.FOV, 0.256)
	def(&p.SliceThickness, 5e-3)
	def(&p.FlipAngle, 30*math.Pi/180)
	def(&p.RFDuration, 2e-3)
	def(&p.TimeBandwidth, 4)
	n, ni := p.Matrix, p.Interleaves
	switch {
	case n < 2 || n > 2048:
		return nil, fmt.Errorf("seq: spiral: matrix %d outside [2, 2048]", n)
	case ni < 1 || ni > n:
		return nil, fmt.Errorf("seq: spiral: %d interleaves outside [1, matrix %d]", ni, n)
	case !(p.FOV > 0) || math.IsInf(p.FOV, 0):
		return nil, fmt.Errorf("seq: spiral: field of view %g m is not positive", p.FOV)
	case !(p.SliceThickness > 0):
		return nil, fmt.Errorf("seq: spiral: slice thickness %g m is not positive", p.SliceThickness)
	case !(p.FlipAngle > 0) || p.FlipAngle > math.Pi:
		return nil, fmt.Errorf("seq: spiral: flip angle %g rad outside (0, π]", p.FlipAngle)
	case !(p.Dwell >= 0) || math.IsInf(p.Dwell, 0):
		return nil, fmt.Errorf("seq: spiral: dwell %g s is not a non-negative finite number", p.Dwell)
	case p.DummyScans < 0 || p.DummyScans > 100000:
		return nil, fmt.Errorf("seq: spiral: %d dummy scans outside [0, 100000]", p.DummyScans)
	case p.TE < 0 || p.TR < 0:
		return nil, fmt.Errorf("seq: spiral: TE %g s and TR %g s must not be negative", p.TE, p.TR)
	case !(sys.MaxGrad > 0) || !(sys.MaxSlew > 0) || !(sys.GradRaster > 0) || !(sys.ADCRaster > 0):
		return nil, fmt.Errorf("seq: spiral: system needs positive MaxGrad, MaxSlew, GradRaster and ADCRaster")
	}
	ex, err := sliceExcitation(sys, p.FlipAngle, p.RFDuration, p.TimeBandwidth, p.SliceThickness)
	if err != nil {
		return nil, fmt.Errorf("seq: spiral: %w", err)
	}

	dt := sys.GradRaster
	d := spiralDesign{lambda: float64(ni) / (2 * math.Pi * p.FOV), gmax: sys.MaxGrad, smax: sys.MaxSlew, dt: dt,
		theta: []float64{0}}
	thetaMax := math.Pi * float64(n) / float64(ni)
	if tmin := d.minDuration(thetaMax); tmin > 0.9*maxSpiralCells*dt {
		return nil, fmt.Errorf("seq: spiral: matrix %d, FOV %g m, %d interleaves: the spiral needs at least %.3g s, longer than %d gradient rasters",
			n, p.FOV, ni, tmin, maxSpiralCells)
	}
	// Design on until |k| is MaxSlew·Δt²/4 past kmax, twice the largest
	// lag of the played k behind the design: the last ADC sample comes
	// after that.
	for d.lambda*d.theta[len(d.g)] < d.lambda*thetaMax+sys.MaxSlew*dt*dt/4 {
		if err := d.step(); err != nil {
			return nil, fmt.Errorf("seq: spiral: matrix %d, FOV %g m: %w", n, p.FOV, err)
		}
	}
	var peak float64
	for _, g := range d.g {
		peak = math.Max(peak, cmplx.Abs(g))
	}
	if p.Dwell == 0 {
		p.Dwell = math.Floor(1/(p.FOV*peak)/sys.ADCRaster+1e-9) * sys.ADCRaster
	}
	p.Dwell = math.Max(sys.ADCRaster, roundRaster(p.Dwell, sys.ADCRaster))
	reach := float64(len(d.g)) * dt
	samples := int(math.Ceil(reach/p.Dwell + 0.5))
	for float64(len(d.g))*dt < float64(samples)*p.Dwell-1e-12 {
		if err := d.step(); err != nil {
			return nil, fmt.Errorf("seq: spiral: dwell %g s: %w", p.Dwell, err)
		}
	}
	// A zero sample first: see the doc comment.
	wave := append([]complex128{0}, d.rampDown()...)

	// The spiral starts (θ = 0) one raster after the gradient, with the ADC.
	gDelay := ceilRaster(math.Max(0, sys.ADCDeadTime-dt), dt)
	times := make([]float64, len(wave)+2)
	for j := range wave {
		times[j+1] = (float64(j) + 0.5) * dt
	}
	times[len(wave)+1] = float64(len(wave)) * dt
	adc := &ADC{Samples: samples, Dwell: p.Dwell, Delay: gDelay + dt}
	readDur := ceilRaster(math.Max(gDelay+times[len(times)-1], adc.Duration()), sys.BlockRaster)
	// Interleave i: the design rotated by 2πi/I.
	arms := make([][2]*Gradient, ni)
	var kEnd float64
	for i := range arms {
		rot := cmplx.Rect(1, 2*math.Pi*float64(i)/float64(ni))
		gx, gy := make([]float64, len(times)), make([]float64, len(times))
		for j, g := range wave {
			v := g * rot
			gx[j+1], gy[j+1] = real(v), imag(v)
		}
		arms[i] = [2]*Gradient{{Delay: gDelay, Times: times, Waveform: gx}, {Delay: gDelay, Times: times, Waveform: gy}}
		kEnd = math.Max(kEnd, math.Hypot(arms[i][0].Area(), arms[i][1].Area()))
	}
	// One rewinder timing for every interleave: that of the largest area.
	rew, err := TrapezoidArea(sys, kEnd)
	if err != nil {
		return nil, err
	}
	preDur := ceilRaster(ex.gzReph.Duration(), sys.BlockRaster)
	spoilDur := ceilRaster(math.Max(rew.Duration(), ex.gzSpoil.Duration()), sys.BlockRaster)

	minTE := ex.dur - ex.centre + preDur + adc.Delay
	teDelay, err := padDelay("spiral", "TE", p.TE, minTE, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TE = minTE + teDelay
	minTR := ex.dur + preDur + teDelay + readDur + spoilDur
	trDelay, err := padDelay("spiral", "TR", p.TR, minTR, sys.BlockRaster)
	if err != nil {
		return nil, err
	}
	p.TR = minTR + trDelay

	s := &Sequence{
		System:   sys,
		Encoding: kspace.Space{Matrix: [3]int{n, n, 1}, FOV: [3]float64{p.FOV, p.FOV, p.SliceThickness}},
		Traj:     kspace.Spiral,
		Params: kspace.Params{SequenceName: "spiral", B0: sys.B0, TR: p.TR, TE: p.TE,
			FlipAngle: p.FlipAngle, EchoTrainLength: 1},
	}
	add := func(b Block) {
		if b.Duration > 0 {
			s.Blocks = append(s.Blocks, b)
		}
	}
	for m := range p.DummyScans + ni {
		arm := m - p.DummyScans
		g := arms[max(arm, 0)]
		phase := spoilPhase(m, p.NoRFSpoiling)
		r := *ex.rf
		r.PhaseOffset = phase
		add(Block{Duration: ex.dur, RF: &r, Gz: ex.gz})
		add(Block{Duration: preDur, Gz: ex.gzReph})
		add(Block{Duration: teDelay})
		rd := Block{Duration: readDur, Gx: g[0], Gy: g[1]}
		if arm >= 0 {
			a := *adc
			a.PhaseOffset = phase
			rd.ADC = &a
			rd.Labels = []LabelEvent{{Label: LIN, Value: arm}}
		}
		add(rd)
		add(Block{Duration: spoilDur, Gx: rew.ScaledTo(-g[0].Area()), Gy: rew.ScaledTo(-g[1].Area()), Gz: ex.gzSpoil})
		add(Block{Duration: trDelay})
	}
	if err := s.Check(); err != nil {
		return nil, fmt.Errorf("seq: spiral: built sequence violates the system limits: %w", err)
	}
	return s, nil
}

// spiralDesign designs one interleave of the Archimedean spiral
// k(θ) = λθ·e^{iθ} [1/m] on the gradient raster, cell by cell (see Spiral).
type spiralDesign struct {
	lambda     float64 // [1/m/rad]
	gmax, smax float64 // [Hz/m], [Hz/m/s]
	dt         float64 // gradient raster [s]
	theta      []float64
	g          []complex128 // mean gradient of each cell, x + iy [Hz/m]; len(theta) = len(g)+1
}

func (d *spiralDesign) at(theta float64) complex128 {
	return cmplx.Rect(d.lambda*theta, theta)
}

// curvature returns the curvature of the spiral at θ [m]:
// (2 + θ²)/(λ(1 + θ²)^{3/2}), which decreases with θ.
func (d *spiralDesign) curvature(theta float64) float64 {
	q := 1 + theta*theta
	return (1 + q) / (d.lambda * q * math.Sqrt(q))
}

// minDuration returns ∫ ds / min(gmax, √(smax/κ)) along the spiral from 0
// to thetaMax [s], by the midpoint rule: the shortest time any gradient
// within the limits needs, to about 1%.
func (d *spiralDesign) minDuration(thetaMax float64) float64 {
	const steps = 1000
	h := thetaMax / steps
	var sum float64
	for i := range steps {
		th := (float64(i) + 0.5) * h
		sum += d.lambda * math.Sqrt(1+th*th) * h / math.Min(d.gmax, math.Sqrt(d.smax/d.curvature(th)))
	}
	return sum
}

// step appends the cell that advances θ the most within the limits.
func (d *spiralDesign) step() error {
	j := len(d.g)
	if j >= maxSpiralCells {
		return fmt.Errorf("spiral readout longer than %d gradient rasters", maxSpiralCells)
	}
	th := d.theta[j]
	k0 := d.at(th)
	budget := d.smax * d.dt
	var prev complex128 // the zero sample before the spiral
	if j > 0 {
		prev = d.g[j-1]
	}
	chord := func(x float64) complex128 { return (d.at(x) - k0) / complex(d.dt, 0) }
	slew := func(x float64) float64 { return cmplx.Abs(chord(x) - prev) }
	// The speed limit: MaxGrad, and √(MaxSlew/κ) with the curvature κ at
	// the start of the cell, its largest value over the cell.
	gmax := math.Min(d.gmax, math.Sqrt(d.smax/d.curvature(th)))
	// |chord| grows with x up to half a turn; steps stay below a quarter.
	hi := th + math.Pi/2
	if cmplx.Abs(chord(hi)) > gmax {
		hi = lastTrue(th, hi, func(x float64) bool { return cmplx.Abs(chord(x)) <= gmax })
	}
	m := argmin(th, hi, slew)
	if slew(m) > budget {
		return fmt.Errorf("spiral design: the slew limit cannot follow the curve at θ = %.4g rad", th)
	}
	next := hi
	if slew(hi) > budget {
		next = lastTrue(m, hi, func(x float64) bool { return slew(x) <= budget })
	}
	d.theta = append(d.theta, next)
	d.g = append(d.g, chord(next))
	return nil
}

// rampDown returns the designed cells followed by a ramp of the last
// gradient to zero at the slew limit: equal steps, the last one to 0.
func (d *spiralDesign) rampDown() []complex128 {
	last := d.g[len(d.g)-1]
	r := max(1, int(math.Ceil(cmplx.Abs(last)/(d.smax*d.dt)-1e-9)))
	w := append([]complex128(nil), d.g...)
	for j := 1; j <= r; j++ {
		w = append(w, last*complex(float64(r-j)/float64(r), 0))
	}
	return w
}

// lastTrue returns the largest x in [lo, hi] found by bisection with ok(x),
// given ok(lo) and not ok(hi).
func lastTrue(lo, hi float64, ok func(float64) bool) float64 {
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		if ok(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// argmin returns the minimiser of a unimodal f on [lo, hi] by
// golden-section search.
func argmin(lo, hi float64, f func(float64) float64) float64 {
	const r = 0.6180339887498949 // 1/Φ
	a, b := lo, hi
	c, e := b-r*(b-a), a+r*(b-a)
	fc, fe := f(c), f(e)
	for range 200 {
		if b-a <= 1e-15*math.Max(1, math.Abs(a)) {
			break
		}
		if fc <= fe {
			b, e, fe = e, c, fc
			c = b - r*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, e, fe
			e = a + r*(b-a)
			fe = f(e)
		}
	}
	best := (a + b) / 2
	for _, x := range []float64{lo, hi} {
		if f(x) < f(best) {
			best = x
		}
	}
	return best
}
