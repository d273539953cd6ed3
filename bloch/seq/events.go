package seq

import (
	"fmt"
	"math"
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
	dwell := p.Dwell
	if dwell == 0 {
		dwell = 10e-6
	}
	dwell = math.Max(sys.RFRaster, roundRaster(dwell, sys.RFRaster))
	n := int(math.Round(p.Duration / dwell))
	if n < 1 {
		return nil, nil, 0, fmt.Errorf("seq: sinc pulse of %g s is shorter than its dwell %g s", p.Duration, dwell)
	}
	dur := float64(n) * dwell
	bw := p.TimeBandwidth / dur
	sig := make([]complex128, n)
	var sum float64
	for k := range sig {
		t := (float64(k)+0.5)*dwell - dur/2
		x := math.Pi * bw * t
		s := 1.0
		if x != 0 {
			s = math.Sin(x) / x
		}
		w := (1 - p.Apodization) + p.Apodization*math.Cos(2*math.Pi*t/dur)
		v := s * w
		sig[k] = complex(v, 0)
		sum += v
	}
	scale := p.FlipAngle / (2 * math.Pi * sum * dwell)
	for k := range sig {
		sig[k] *= complex(scale, 0)
	}
	rf = &RF{Signal: sig, Dwell: dwell, Center: dur / 2, PhaseOffset: p.PhaseOffset, Use: p.Use}
	if p.SliceThickness == 0 || math.IsInf(p.SliceThickness, 1) {
		rf.Delay = sys.RFDeadTime
		return rf, nil, ceilRaster(rf.Delay+dur+sys.RFRingdownTime, sys.BlockRaster), nil
	}
	gz, err = TrapezoidFlat(sys, bw/p.SliceThickness, dur)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("seq: sinc pulse: slice thickness %g m needs a stronger gradient: %w", p.SliceThickness, err)
	}
	if gz.Rise < sys.RFDeadTime {
		gz.Delay = ceilRaster(sys.RFDeadTime-gz.Rise, sys.GradRaster)
	}
	rf.Delay = gz.Delay + gz.Rise + (gz.Flat-dur)/2
	end := math.Max(gz.Duration(), rf.Delay+dur+sys.RFRingdownTime)
	return rf, gz, ceilRaster(end, sys.BlockRaster), nil
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
