package seq

import (
	"fmt"
	"math"
	"math/cmplx"
)

// ceilRaster rounds t up to a whole number of rasters r (with 1 ps slack,
// so that values already on the raster stay put).
func ceilRaster(t, r float64) float64 {
	if r <= 0 {
		return t
	}
	return math.Ceil(t/r-1e-6) * r
}

// roundRaster rounds t to the nearest whole number of rasters r.
func roundRaster(t, r float64) float64 {
	if r <= 0 {
		return t
	}
	return math.Round(t/r) * r
}

// padDelay returns the delay [s] that lengthens an interval of minimum
// length min to want, rounded to the raster; want 0 means the minimum (no
// delay). It returns an error naming the builder and the parameter (TE,
// TR, …) when want is shorter than min.
func padDelay(builder, param string, want, min, raster float64) (float64, error) {
	if want == 0 {
		return 0, nil
	}
	d := roundRaster(want-min, raster)
	if d < -1e-12 {
		return 0, fmt.Errorf("seq: %s: %s %.3f ms is shorter than the minimum %.3f ms", builder, param, want*1e3, min*1e3)
	}
	return math.Max(d, 0), nil
}

// TrapezoidArea returns the shortest trapezoid on the gradient raster whose
// area is area [1/m] within the system's amplitude and slew limits. Rise and
// fall are equal. A zero area gives a zero trapezoid of one raster.
func TrapezoidArea(sys System, area float64) (*Gradient, error) {
	if math.IsNaN(area) || math.IsInf(area, 0) {
		return nil, fmt.Errorf("seq: trapezoid area %g is not finite", area)
	}
	if !(sys.MaxGrad > 0) || !(sys.MaxSlew > 0) || !(sys.GradRaster > 0) {
		return nil, fmt.Errorf("seq: system limits need positive MaxGrad, MaxSlew and GradRaster")
	}
	r := sys.GradRaster
	if area == 0 {
		return &Gradient{Rise: r, Fall: r}, nil
	}
	a := math.Abs(area)
	best := &Gradient{}
	bestT := math.Inf(1)
	fullRise := ceilRaster(sys.MaxGrad/sys.MaxSlew, r)
	// The search below steps the ramp one raster at a time; a ramp to full
	// amplitude of more than 1e5 rasters (1 s at 10 µs; clinical systems
	// need about 20) means limits in the wrong units.
	if fullRise/r > 1e5 {
		return nil, fmt.Errorf("seq: system limits MaxGrad %g Hz/m and MaxSlew %g Hz/m/s need a %g s ramp: not plausible (units are Hz/m and Hz/m/s)", sys.MaxGrad, sys.MaxSlew, fullRise)
	}
	for n := 1; ; n++ {
		rise := float64(n) * r
		gmax := math.Min(sys.MaxGrad, sys.MaxSlew*rise)
		flat := math.Max(0, ceilRaster(a/gmax-rise, r))
		if total := 2*rise + flat; total < bestT-1e-12 {
			bestT = total
			best = &Gradient{Amplitude: math.Copysign(a/(rise+flat), area), Rise: rise, Flat: flat, Fall: rise}
		}
		if rise >= fullRise || 2*rise > bestT {
			break
		}
	}
	return best, nil
}

// TrapezoidFlat returns a trapezoid whose flat top of duration flat [s]
// holds amplitude [Hz/m], with the shortest ramps on the gradient raster
// within the slew limit. It returns an error if the amplitude exceeds
// MaxGrad.
func TrapezoidFlat(sys System, amplitude, flat float64) (*Gradient, error) {
	if math.Abs(amplitude) > sys.MaxGrad {
		return nil, fmt.Errorf("seq: trapezoid amplitude %.4g Hz/m exceeds MaxGrad %.4g Hz/m", amplitude, sys.MaxGrad)
	}
	if !(flat >= 0) || !(sys.MaxSlew > 0) {
		return nil, fmt.Errorf("seq: trapezoid flat time %g s or slew limit %g invalid", flat, sys.MaxSlew)
	}
	rise := math.Max(sys.GradRaster, ceilRaster(math.Abs(amplitude)/sys.MaxSlew, sys.GradRaster))
	return &Gradient{Amplitude: amplitude, Rise: rise, Flat: ceilRaster(flat, sys.GradRaster), Fall: rise}, nil
}

// ScaledTo returns a copy of trapezoid g with the same timing and the given
// area [1/m]. It panics if g is not a trapezoid.
func (g *Gradient) ScaledTo(area float64) *Gradient {
	if !g.IsTrapezoid() {
		panic("seq: ScaledTo on an arbitrary gradient")
	}
	h := *g
	if den := g.Rise/2 + g.Flat + g.Fall/2; den > 0 {
		h.Amplitude = area / den
	} else {
		h.Amplitude = 0
	}
	return &h
}

// SincPulse describes a slice-selective sinc pulse.
type SincPulse struct {
	FlipAngle      float64 // [rad]
	Duration       float64 // [s]
	TimeBandwidth  float64 // duration × bandwidth (number of zero crossings)
	Apodization    float64 // Hann-type apodisation α: (1−α) + α·cos(2πt/T); 0.5 is Hann
	SliceThickness float64 // [m]; 0 or +Inf makes a non-selective pulse without Gz
	Dwell          float64 // RF sample duration [s]; 0: 10 µs (a multiple of the RF raster)
	PhaseOffset    float64 // [rad]
	Use            RFUse
}

// Make returns the RF pulse and, for a selective pulse, its slice-select
// trapezoid, timed for the start of a block: the gradient ramps up first,
// the pulse plays on the flat top (not before the RF dead time) and the
// block must last until the later of the gradient's end and the pulse's end
// plus ring-down (returned as blockDur).
//
// The envelope at time t from the pulse centre is
// sinc(BW·t)·((1−α) + α·cos(2πt/T)) with BW = TimeBandwidth/Duration, scaled
// so that its area gives FlipAngle. The slice-select amplitude is
// BW/SliceThickness [Hz/m].
func (p SincPulse) Make(sys System) (rf *RF, gz *Gradient, blockDur float64, err error) {
	if !(p.Duration > 0) || !(p.TimeBandwidth > 0) || math.IsNaN(p.FlipAngle) {
		return nil, nil, 0, fmt.Errorf("seq: sinc pulse: duration %g s, time-bandwidth %g, flip %g rad are invalid", p.Duration, p.TimeBandwidth, p.FlipAngle)
	}
	dwell := pulseDwell(sys, p.Dwell)
	n := int(math.Round(p.Duration / dwell))
	if n < 1 {
		return nil, nil, 0, fmt.Errorf("seq: sinc pulse of %g s is shorter than its dwell %g s", p.Duration, dwell)
	}
	dur := float64(n) * dwell
	bw := p.TimeBandwidth / dur
	sig := make([]complex128, n)
	for k := range sig {
		t := (float64(k)+0.5)*dwell - dur/2
		x := math.Pi * bw * t
		s := 1.0
		if x != 0 {
			s = math.Sin(x) / x
		}
		sig[k] = complex(s*apodize(p.Apodization, t, dur), 0)
	}
	return selectivePulse(sys, "sinc", sig, dwell, dur/2, p.FlipAngle, bw, p.SliceThickness, p.PhaseOffset, p.Use)
}

// apodize is the Hann-type window (1−α) + α·cos(2πt/T) at t from the
// centre of a pulse of length T.
func apodize(alpha, t, T float64) float64 { return (1 - alpha) + alpha*math.Cos(2*math.Pi*t/T) }

// selectivePulse scales the real or complex envelope sig (samples dwell
// apart, effective centre at centre from the start) so that its area gives
// flip, and times it in a block: on the flat top of a slice-select
// trapezoid of amplitude bw/thickness [Hz/m] when thickness is finite and
// positive, else alone after the RF dead time. It returns the pulse, its
// gradient (nil if none) and the block duration (ring-down included).
func selectivePulse(sys System, name string, sig []complex128, dwell, centre, flip, bw, thickness, phase float64, use RFUse) (*RF, *Gradient, float64, error) {
	var sum complex128
	for _, v := range sig {
		sum += v
	}
	if cmplx.Abs(sum) == 0 || cmplx.IsNaN(sum) || cmplx.IsInf(sum) {
		return nil, nil, 0, fmt.Errorf("seq: %s pulse: the envelope has area %v: it cannot be scaled to a flip angle", name, sum*complex(dwell, 0))
	}
	// The flip of a pulse whose B1 keeps one direction is 2π times the
	// magnitude of its envelope's area; the shape's phase is kept.
	scale := complex(flip/(2*math.Pi*cmplx.Abs(sum)*dwell), 0)
	out := make([]complex128, len(sig))
	for k, v := range sig {
		out[k] = v * scale
	}
	dur := float64(len(sig)) * dwell
	rf := &RF{Signal: out, Dwell: dwell, Center: centre, PhaseOffset: phase, Use: use}
	if thickness == 0 || math.IsInf(thickness, 1) {
		rf.Delay = sys.RFDeadTime
		return rf, nil, ceilRaster(rf.Delay+dur+sys.RFRingdownTime, sys.BlockRaster), nil
	}
	if !(thickness > 0) || !(bw > 0) || math.IsInf(bw, 0) {
		return nil, nil, 0, fmt.Errorf("seq: %s pulse: slice thickness %g m with bandwidth %g Hz is invalid", name, thickness, bw)
	}
	gz, err := TrapezoidFlat(sys, bw/thickness, dur)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("seq: %s pulse: slice thickness %g m needs a stronger gradient: %w", name, thickness, err)
	}
	if gz.Rise < sys.RFDeadTime {
		gz.Delay = ceilRaster(sys.RFDeadTime-gz.Rise, sys.GradRaster)
	}
	rf.Delay = gz.Delay + gz.Rise + (gz.Flat-dur)/2
	end := math.Max(gz.Duration(), rf.Delay+dur+sys.RFRingdownTime)
	return rf, gz, ceilRaster(end, sys.BlockRaster), nil
}

// pulseDwell returns the RF sample time: d, or 10 µs when d is 0, on the RF
// raster.
func pulseDwell(sys System, d float64) float64 {
	if d == 0 {
		d = 10e-6
	}
	return math.Max(sys.RFRaster, roundRaster(d, sys.RFRaster))
}

// GaussPulse describes a Gaussian pulse, slice-selective or not, as
// pypulseq's make_gauss_pulse.
type GaussPulse struct {
	FlipAngle      float64 // [rad]
	Duration       float64 // [s]
	TimeBandwidth  float64 // duration × bandwidth; 0: 4
	Apodization    float64 // Hann-type apodisation α as SincPulse's; 0: none
	SliceThickness float64 // [m]; 0 or +Inf makes a non-selective pulse without Gz
	Dwell          float64 // RF sample duration [s]; 0: 10 µs
	PhaseOffset    float64 // [rad]
	FreqPPM        float64 // frequency offset in ppm of the Larmor frequency (−3.45: fat)
	Use            RFUse
}

// Make returns the pulse, its slice-select trapezoid (nil for a
// non-selective pulse) and its block duration, timed as SincPulse.Make.
// The envelope at t from the centre is exp(−π(BW·t)²)·((1−α) +
// α·cos(2πt/T)) with BW = TimeBandwidth/Duration, whose spectrum
// exp(−π(f/BW)²)/BW has its full width at half maximum 0.94·BW; the
// slice-select amplitude is BW/SliceThickness [Hz/m].
func (p GaussPulse) Make(sys System) (*RF, *Gradient, float64, error) {
	if p.TimeBandwidth == 0 {
		p.TimeBandwidth = 4
	}
	if !(p.Duration > 0) || !(p.TimeBandwidth > 0) || math.IsNaN(p.FlipAngle) || math.IsInf(p.Duration, 0) {
		return nil, nil, 0, fmt.Errorf("seq: gauss pulse: duration %g s, time-bandwidth %g, flip %g rad are invalid", p.Duration, p.TimeBandwidth, p.FlipAngle)
	}
	dwell := pulseDwell(sys, p.Dwell)
	n := int(math.Round(p.Duration / dwell))
	if n < 1 || n > 1<<20 {
		return nil, nil, 0, fmt.Errorf("seq: gauss pulse: %g s in samples of %g s is %d samples, want 1 to 2^20", p.Duration, dwell, n)
	}
	dur := float64(n) * dwell
	bw := p.TimeBandwidth / dur
	sig := make([]complex128, n)
	for k := range sig {
		t := (float64(k)+0.5)*dwell - dur/2
		sig[k] = complex(math.Exp(-math.Pi*(bw*t)*(bw*t))*apodize(p.Apodization, t, dur), 0)
	}
	rf, gz, blk, err := selectivePulse(sys, "gauss", sig, dwell, dur/2, p.FlipAngle, bw, p.SliceThickness, p.PhaseOffset, p.Use)
	if rf != nil {
		rf.FreqPPM = p.FreqPPM
	}
	return rf, gz, blk, err
}

// ArbitraryPulse describes a pulse of any envelope, as pypulseq's
// make_arbitrary_rf.
type ArbitraryPulse struct {
	Signal    []complex128 // the envelope's shape, one value per Dwell; scaled by Make
	Dwell     float64      // [s]; 0: 10 µs
	FlipAngle float64      // [rad]
	// Bandwidth is the pulse's excitation bandwidth [Hz], which sets the
	// slice-select amplitude Bandwidth/SliceThickness; needed only for a
	// selective pulse.
	Bandwidth      float64
	SliceThickness float64 // [m]; 0 or +Inf makes a non-selective pulse without Gz
	PhaseOffset    float64 // [rad]
	Use            RFUse
}

// Make returns the pulse with Signal scaled by a positive factor so that
// it gives FlipAngle (2π times the magnitude of the envelope's area; the
// shape's phase is kept), its slice-select trapezoid and block duration as
// SincPulse.Make. The centre is the middle of the samples of largest
// magnitude (the peak; pypulseq's choice).
func (p ArbitraryPulse) Make(sys System) (*RF, *Gradient, float64, error) {
	if len(p.Signal) == 0 || len(p.Signal) > 1<<20 || math.IsNaN(p.FlipAngle) {
		return nil, nil, 0, fmt.Errorf("seq: arbitrary pulse: %d samples and flip %g rad are invalid", len(p.Signal), p.FlipAngle)
	}
	dwell := pulseDwell(sys, p.Dwell)
	peak, first, last := 0.0, 0, 0
	for k, v := range p.Signal {
		switch a := cmplx.Abs(v); {
		case a > peak:
			peak, first, last = a, k, k
		case a == peak:
			last = k
		}
	}
	centre := (float64(first+last)/2 + 0.5) * dwell
	return selectivePulse(sys, "arbitrary", p.Signal, dwell, centre, p.FlipAngle, p.Bandwidth, p.SliceThickness, p.PhaseOffset, p.Use)
}

// Rephaser returns the trapezoid that undoes the slice-select gradient gz
// after the centre of its pulse rf (both from one block): its area is minus
// gz's area from the pulse centre to the gradient's end, so that spins
// across the slice are in phase again. It returns nil for a nil gz.
func Rephaser(sys System, rf *RF, gz *Gradient) (*Gradient, error) {
	if gz == nil {
		return nil, nil
	}
	return TrapezoidArea(sys, sliceRephaseArea(gz, rf.Delay+rf.Center))
}

// RFSpoilPhase returns the phase of pulse m (from 0) under quadratic RF
// spoiling, RFSpoilIncrement·m(m+1)/2 modulo 2π [rad]; the receiver
// follows it.
func RFSpoilPhase(m int) float64 {
	return math.Mod(RFSpoilIncrement*float64(m)*float64(m+1)/2, 2*math.Pi)
}

// HardPulse returns a constant-amplitude (rectangular, non-selective) RF
// pulse of the given flip angle [rad] and duration [s], starting at the RF
// dead time, and the block duration it needs.
func HardPulse(sys System, flip, duration, phase float64, use RFUse) (*RF, float64, error) {
	dur := ceilRaster(duration, sys.RFRaster)
	if !(dur > 0) || math.IsNaN(flip) {
		return nil, 0, fmt.Errorf("seq: hard pulse: duration %g s, flip %g rad are invalid", duration, flip)
	}
	rf := &RF{
		Signal:      []complex128{complex(flip/(2*math.Pi*dur), 0)},
		Dwell:       dur,
		Delay:       sys.RFDeadTime,
		Center:      dur / 2,
		PhaseOffset: phase,
		Use:         use,
	}
	return rf, ceilRaster(rf.Delay+dur+sys.RFRingdownTime, sys.BlockRaster), nil
}
