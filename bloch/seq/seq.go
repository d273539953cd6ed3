package seq

import (
	"fmt"
	"math"

	"github.com/larmor-mri/larmor/kspace"
)

// RFUse says what an RF pulse is for (Pulseq 1.5's "use" field). The
// simulator's ideal-spoiling option and the k-space trajectory depend on it.
type RFUse int

// RF pulse uses.
const (
	Excitation  RFUse = iota // tips magnetisation into the transverse plane; k restarts at 0
	Refocusing               // 180° refocusing; k is negated
	Inversion                // inversion preparation
	Saturation               // saturation preparation (e.g. fat sat)
	Preparation              // any other preparation
	Other                    // unknown
	// Undefined means the use was not stated: Pulseq's 'u', and every RF
	// pulse read from a file older than version 1.5. Trajectory
	// calculations treat it as an excitation, as the reference Pulseq
	// implementation does.
	Undefined
)

func (u RFUse) String() string {
	switch u {
	case Excitation:
		return "excitation"
	case Refocusing:
		return "refocusing"
	case Inversion:
		return "inversion"
	case Saturation:
		return "saturation"
	case Preparation:
		return "preparation"
	case Other:
		return "other"
	case Undefined:
		return "undefined"
	}
	return fmt.Sprintf("RFUse(%d)", int(u))
}

// RF is a radio-frequency pulse. Its complex envelope is piecewise constant:
// sample n holds Signal[n] from Delay + n*Dwell to Delay + (n+1)*Dwell
// within the block. |Signal| is the B1 amplitude as a nutation frequency
// γB1/2π [Hz]. As in Pulseq, the transmitter's phase is arg(Signal) +
// PhaseOffset + 2π·FreqOffset·t, t from the start of the pulse (Pulseq
// programs set PhaseOffset = −2π·FreqOffset·Center to make it zero at the
// centre), and the pulse is resonant with spins whose offset is Δf =
// FreqOffset: the slice at z under a gradient G [Hz/m] is selected by
// FreqOffset = G·z.
//
// In the rotating frame of the simulator (positive γ: a spin at Δf
// precesses as exp(−i2πΔf·t)) the field that is resonant at +Δf turns
// clockwise, so B1x + iB1y is the complex conjugate of the transmitted
// envelope: a phase-0 pulse rotates +z towards +y (90° gives Mx + iMy = i),
// and a pulse of phase φ turns about the axis at −φ from +x (phase 90°:
// about −y). A receiver with the same phase (ADC.PhaseOffset) undoes it,
// as RF spoiling needs.
type RF struct {
	Signal      []complex128 // envelope samples [Hz]
	Dwell       float64      // duration of one sample [s]
	Delay       float64      // start within the block [s]
	Center      float64      // time of the pulse's effective centre from its start [s]
	FreqOffset  float64      // [Hz]
	PhaseOffset float64      // [rad]
	Use         RFUse
	// FreqPPM is a frequency offset proportional to the Larmor frequency
	// f0 = γB0 [ppm]: the pulse is played at FreqOffset + FreqPPM·1e-6·f0
	// (Pulseq 1.5; e.g. −3.45 for fat saturation).
	FreqPPM float64
	// PhasePPM is a phase offset proportional to the Larmor frequency
	// [rad/MHz]: PhasePPM·f0/1e6 rad is added to PhaseOffset (Pulseq 1.5).
	PhasePPM float64
}

// Duration returns the length of the envelope, len(Signal)*Dwell [s].
func (r *RF) Duration() float64 { return float64(len(r.Signal)) * r.Dwell }

// FlipAngle returns the on-resonance flip angle of the pulse,
// 2π·|Σ Signal|·Dwell [rad]; it is exact for pulses of constant phase (real
// shapes, hard pulses).
func (r *RF) FlipAngle() float64 {
	var s complex128
	for _, v := range r.Signal {
		s += v
	}
	return 2 * math.Pi * math.Hypot(real(s), imag(s)) * r.Dwell
}

// Gradient is a gradient waveform on one axis, in Hz/m (γG/2π).
//
// A trapezoid (Waveform == nil) ramps from 0 to Amplitude in Rise, holds for
// Flat, and returns to 0 in Fall, starting at Delay. An arbitrary gradient
// is piecewise linear through the points (Delay + Times[n], Waveform[n]);
// Times start at 0 and increase.
type Gradient struct {
	Delay     float64 // start within the block [s]
	Amplitude float64 // trapezoid flat-top amplitude [Hz/m]
	Rise      float64 // [s]
	Flat      float64 // [s]
	Fall      float64 // [s]
	Waveform  []float64
	Times     []float64
}

// IsTrapezoid reports whether g is a trapezoid.
func (g *Gradient) IsTrapezoid() bool { return g.Waveform == nil }

// Corners returns the waveform as piecewise-linear corner points, times from
// the start of the block [s] and amplitudes [Hz/m]. The slices are freshly
// allocated.
func (g *Gradient) Corners() (t, a []float64) {
	if g.IsTrapezoid() {
		d := g.Delay
		return []float64{d, d + g.Rise, d + g.Rise + g.Flat, d + g.Rise + g.Flat + g.Fall},
			[]float64{0, g.Amplitude, g.Amplitude, 0}
	}
	t = make([]float64, len(g.Times))
	for i, v := range g.Times {
		t[i] = g.Delay + v
	}
	return t, append([]float64(nil), g.Waveform...)
}

// Duration returns the time from the block start to the gradient's end [s].
func (g *Gradient) Duration() float64 {
	if g.IsTrapezoid() {
		return g.Delay + g.Rise + g.Flat + g.Fall
	}
	if len(g.Times) == 0 {
		return g.Delay
	}
	return g.Delay + g.Times[len(g.Times)-1]
}

// Area returns the gradient's time integral [1/m]: its k-space displacement.
func (g *Gradient) Area() float64 {
	t, a := g.Corners()
	var s float64
	for i := 1; i < len(t); i++ {
		s += 0.5 * (a[i] + a[i-1]) * (t[i] - t[i-1])
	}
	return s
}

// ADC is an acquisition window: Samples samples Dwell apart; sample n is
// taken at Delay + (n+0.5)*Dwell from the block start (the Pulseq
// convention). As the RF's, the receiver's reference phase is PhaseOffset
// + 2π·FreqOffset·t, t from the start of the window (t = (n+0.5)·Dwell at
// sample n), and a recorded sample is the signal times exp(+i·that phase):
// a spin at Δf = FreqOffset (signal ∝ exp(−i2πΔf·t)) is received at zero
// frequency, and a receiver phase equal to the pulse's cancels the phase
// the pulse gave the magnetisation.
type ADC struct {
	Samples     int
	Dwell       float64 // [s]
	Delay       float64 // [s]
	FreqOffset  float64 // [Hz]
	PhaseOffset float64 // [rad]
	FreqPPM     float64 // receiver frequency offset proportional to the Larmor frequency [ppm], as RF.FreqPPM
	PhasePPM    float64 // receiver phase offset proportional to the Larmor frequency [rad/MHz], as RF.PhasePPM
	// PhaseModulation, if not nil, holds one receiver phase per sample
	// [rad], added to PhaseOffset for that sample (Pulseq 1.5 ADC phase
	// shape). Its length is Samples.
	PhaseModulation []float64
}

// Duration returns Delay + Samples*Dwell [s].
func (a *ADC) Duration() float64 { return a.Delay + float64(a.Samples)*a.Dwell }

// Label names a Pulseq counter or flag (the LABELSET / LABELINC extension).
type Label int

// Pulseq labels: counters, then flags.
const (
	LIN   Label = iota // phase-encoding line → kspace.Counters.KSpaceEncodeStep1
	PAR                // partition → KSpaceEncodeStep2
	SLC                // slice
	SEG                // segment
	REP                // repetition
	AVG                // average
	SET                // set
	ECO                // echo → Contrast
	PHS                // cardiac phase
	NAV                // flag: navigator data
	REV                // flag: reversed readout
	SMS                // flag: simultaneous multi-slice
	REF                // flag: parallel-imaging reference
	IMA                // flag: reference and imaging
	NOISE              // flag: noise scan
	ACQ                // counter: acquisition (Pulseq 1.4)
	OFF                // flag: offline data, not for the online reconstruction
	PMC                // flag: prospective motion correction
	NOROT              // flag: do not apply the slice rotation to this block's gradients
	NOPOS              // flag: do not apply the slice position to this block
	NOSCL              // flag: do not scale this block's gradients
	ONCE               // 1: play only in the first repetition, 2: only in the last
	TRID               // counter: identifier of the TR module (for the scanner's timing analysis)
	numLabels
)

var labelNames = [numLabels]string{"LIN", "PAR", "SLC", "SEG", "REP", "AVG", "SET", "ECO", "PHS",
	"NAV", "REV", "SMS", "REF", "IMA", "NOISE", "ACQ", "OFF", "PMC", "NOROT", "NOPOS", "NOSCL", "ONCE", "TRID"}

func (l Label) String() string {
	if l >= 0 && l < numLabels {
		return labelNames[l]
	}
	return fmt.Sprintf("Label(%d)", int(l))
}

// LabelEvent sets or increments a label when its block starts, as Pulseq's
// LABELSET and LABELINC. Flags take 0 or 1.
type LabelEvent struct {
	Label Label
	Value int
	Inc   bool // true: add Value (LABELINC); false: set to Value (LABELSET)
}

// TriggerKind says whether a Trigger emits a signal or waits for one.
type TriggerKind int

// Trigger kinds, numbered as in Pulseq's TRIGGERS extension.
const (
	TriggerOutput TriggerKind = 1 // digital output; channel 1 osc0, 2 osc1, 3 ext1
	TriggerInput  TriggerKind = 2 // wait for an input trigger; channel 1 physio1, 2 physio2
)

func (k TriggerKind) String() string {
	switch k {
	case TriggerOutput:
		return "output"
	case TriggerInput:
		return "input"
	}
	return fmt.Sprintf("TriggerKind(%d)", int(k))
}

// Trigger is a Pulseq TRIGGERS extension event: a digital output pulse or
// a wait for an external (e.g. physiological) trigger.
type Trigger struct {
	Kind     TriggerKind
	Channel  int     // channel code, 1-based, as listed at TriggerKind
	Delay    float64 // from the block start [s]
	Duration float64 // [s]
}

// SoftDelay is a Pulseq 1.5 soft delay (DELAYS extension): a block whose
// duration the scanner operator may change. The block's duration is
// Offset + Factor × (the value of delay Num), and Duration holds it for
// the default value.
type SoftDelay struct {
	Num    int     // numeric id of the adjustable delay; blocks sharing it change together
	Offset float64 // [s]
	Factor float64
	Hint   string // name shown to the operator, e.g. "TE"
}

// RFShim is a Pulseq RF_SHIMS extension event: the magnitude and phase of
// each transmit channel for the RF pulse of its block.
type RFShim struct {
	Magnitude []float64 // per channel, relative
	Phase     []float64 // per channel [rad]; same length as Magnitude
}

// Rotation is a Pulseq ROTATIONS extension event: the unit quaternion
// W + Xi + Yj + Zk by which the scanner rotates the block's gradient
// vector (Gx, Gy, Gz) before playing it.
type Rotation struct {
	W, X, Y, Z float64
}

// Matrix returns the rotation matrix of the (normalised) quaternion,
// R[i][j] acting on column vectors: g_played = R·g.
func (q Rotation) Matrix() [3][3]float64 {
	n := math.Sqrt(q.W*q.W + q.X*q.X + q.Y*q.Y + q.Z*q.Z)
	if n == 0 {
		return [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	}
	w, x, y, z := q.W/n, q.X/n, q.Y/n, q.Z/n
	return [3][3]float64{
		{1 - 2*(y*y+z*z), 2 * (x*y - w*z), 2 * (x*z + w*y)},
		{2 * (x*y + w*z), 1 - 2*(x*x+z*z), 2 * (y*z - w*x)},
		{2 * (x*z - w*y), 2 * (y*z + w*x), 1 - 2*(x*x+y*y)},
	}
}

// Extension is a Pulseq extension event this package does not interpret,
// kept so that it is written back unchanged: the extension's name (as in
// the file's "extension NAME id" line) and the fields of its row after
// the row id.
type Extension struct {
	Name   string
	Fields []string
}

// Block is one Pulseq event block: at most one RF pulse, one gradient per
// axis, one ADC, label events, and a duration. Event times are relative to
// the block start.
type Block struct {
	Duration float64 // [s]
	RF       *RF
	Gx       *Gradient
	Gy       *Gradient
	Gz       *Gradient
	ADC      *ADC
	Labels   []LabelEvent
	// Extension events (Pulseq TRIGGERS, DELAYS, RF_SHIMS, ROTATIONS and
	// any other extension, kept verbatim).
	Triggers   []Trigger
	SoftDelay  *SoftDelay
	RFShim     *RFShim
	Rotation   *Rotation
	Extensions []Extension
}

// Grad returns the gradient on axis 0 (x), 1 (y) or 2 (z), or nil.
func (b *Block) Grad(axis int) *Gradient {
	switch axis {
	case 0:
		return b.Gx
	case 1:
		return b.Gy
	case 2:
		return b.Gz
	}
	return nil
}

// System holds the limits and rasters of a scanner. Gradients are in Hz/m
// and slew rates in Hz/m/s (γG/2π), as everywhere in this package.
type System struct {
	B0             float64 // main field [T]
	MaxGrad        float64 // [Hz/m]
	MaxSlew        float64 // [Hz/m/s]
	RFRaster       float64 // [s]
	GradRaster     float64 // [s]
	ADCRaster      float64 // [s]
	BlockRaster    float64 // [s]
	RFDeadTime     float64 // minimum time before an RF pulse in its block [s]
	RFRingdownTime float64 // minimum time after an RF pulse in its block [s]
	ADCDeadTime    float64 // minimum time before an ADC in its block [s]
}

// DefaultSystem returns the limits of a typical 1.5 T clinical scanner:
// 40 mT/m, 150 T/m/s, rasters of 1 µs (RF), 10 µs (gradients, blocks) and
// 100 ns (ADC), dead times of 100 µs (RF), 10 µs (ADC) and an RF ring-down of
// 60 µs, like pypulseq's defaults.
func DefaultSystem() System {
	return System{
		B0:             1.5,
		MaxGrad:        40e-3 * kspace.Gamma1H,
		MaxSlew:        150 * kspace.Gamma1H,
		RFRaster:       1e-6,
		GradRaster:     10e-6,
		ADCRaster:      100e-9,
		BlockRaster:    10e-6,
		RFDeadTime:     100e-6,
		RFRingdownTime: 60e-6,
		ADCDeadTime:    10e-6,
	}
}

// Sequence is a pulse sequence in the Pulseq event-block model, with the
// system it was built for and the parameters it encodes.
type Sequence struct {
	System System
	Blocks []Block
	// Encoding is what the sequence samples: matrix and field of view
	// (FOV[2] is the slice thickness for 2D), and the trajectory kind.
	Encoding kspace.Space
	Traj     kspace.Trajectory
	// Params are the acquisition parameters (TR, TE, flip angle, ...) that
	// travel to the raw data and images.
	Params kspace.Params
	// Definitions are the Pulseq [DEFINITIONS] of a sequence read from a
	// file, in file order, so that writing it back keeps them. Builders
	// leave it nil; WritePulseq derives the definitions it needs (rasters,
	// FOV, name, TE, TR) from the other fields.
	Definitions []Definition
}

// Definition is one key and its value text from a Pulseq [DEFINITIONS]
// section (e.g. "FOV", "0.256 0.256 0.005"). The value is free text.
type Definition struct {
	Key   string
	Value string
}

// Duration returns the sum of the block durations [s].
func (s *Sequence) Duration() float64 {
	var d float64
	for i := range s.Blocks {
		d += s.Blocks[i].Duration
	}
	return d
}

// Check validates every block against the system limits and returns one
// error listing every violation, each naming the block (numbered from 1, as
// in a .seq file), the event and the values; it returns nil if the sequence
// is valid. It checks that events fit in their block, that amplitudes and
// slew rates stay within MaxGrad and MaxSlew, that samples and events lie
// on their rasters (to 1 ns), and that values are finite. The corners of a
// trapezoid lie on the gradient raster; those of an arbitrary gradient may
// also lie halfway between raster points, where Pulseq places the samples
// of a gradient sampled on the raster ((k+½)·GradRaster, MATLAB's
// makeArbitraryGrad) and those of 1.5's oversampled shapes (k·GradRaster/2).
func (s *Sequence) Check() error {
	var errs []error
	sys := s.System
	add := func(b int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("seq: block %d: "+format, append([]any{b}, args...)...))
	}
	onRaster := func(t, r float64) bool {
		if r <= 0 {
			return true
		}
		n := math.Round(t / r)
		return math.Abs(t-n*r) < 1e-9
	}
	const slack = 1e-9 // [s] timing comparisons tolerate rounding of sums
	for i := range s.Blocks {
		n := i + 1
		b := &s.Blocks[i]
		if !(b.Duration >= 0) || math.IsInf(b.Duration, 0) {
			add(n, "duration %g s is not a non-negative finite number", b.Duration)
			continue
		}
		if !onRaster(b.Duration, sys.BlockRaster) {
			add(n, "duration %g s is not on the block raster %g s", b.Duration, sys.BlockRaster)
		}
		if rf := b.RF; rf != nil {
			if rf.Dwell <= 0 || len(rf.Signal) == 0 {
				add(n, "rf: %d samples of dwell %g s", len(rf.Signal), rf.Dwell)
			} else {
				if rf.Delay < sys.RFDeadTime-slack {
					add(n, "rf: delay %g s shorter than the RF dead time %g s", rf.Delay, sys.RFDeadTime)
				}
				if end := rf.Delay + rf.Duration() + sys.RFRingdownTime; end > b.Duration+slack {
					add(n, "rf: ends with ring-down at %g s, after the block's end at %g s", end, b.Duration)
				}
				if !onRaster(rf.Dwell, sys.RFRaster) {
					add(n, "rf: dwell %g s is not a multiple of the RF raster %g s", rf.Dwell, sys.RFRaster)
				}
				for k, v := range rf.Signal {
					if math.IsNaN(real(v)) || math.IsNaN(imag(v)) || math.IsInf(real(v), 0) || math.IsInf(imag(v), 0) {
						add(n, "rf: sample %d is %v", k, v)
						break
					}
				}
			}
		}
		for axis, name := range [3]string{"x", "y", "z"} {
			g := b.Grad(axis)
			if g == nil {
				continue
			}
			t, a := g.Corners()
			cornerRaster, rasterName := sys.GradRaster, "gradient raster"
			if !g.IsTrapezoid() {
				cornerRaster, rasterName = sys.GradRaster/2, "half gradient raster"
			}
			if len(t) != len(a) || len(t) == 0 {
				add(n, "gradient %s: %d times for %d amplitudes", name, len(t), len(a))
				continue
			}
			if g.Delay < -slack || !onRaster(g.Delay, sys.GradRaster) {
				add(n, "gradient %s: delay %g s is negative or off the gradient raster %g s", name, g.Delay, sys.GradRaster)
			}
			if end := g.Duration(); end > b.Duration+slack {
				add(n, "gradient %s: ends at %g s, after the block's end at %g s", name, end, b.Duration)
			}
			for k := range a {
				if math.IsNaN(a[k]) || math.IsInf(a[k], 0) || math.IsNaN(t[k]) {
					add(n, "gradient %s: point %d is (%g s, %g Hz/m)", name, k, t[k], a[k])
					break
				}
				if math.Abs(a[k]) > sys.MaxGrad*(1+1e-9) {
					add(n, "gradient %s: amplitude %.4g mT/m exceeds limit %.4g mT/m", name, a[k]/kspace.Gamma1H*1e3, sys.MaxGrad/kspace.Gamma1H*1e3)
					break
				}
				if k > 0 {
					dt := t[k] - t[k-1]
					if dt < -slack {
						add(n, "gradient %s: time %g s before the previous point %g s", name, t[k], t[k-1])
						break
					}
					if !onRaster(t[k]-t[0], cornerRaster) {
						add(n, "gradient %s: corner at %g s is off the %s %g s", name, t[k], rasterName, cornerRaster)
						break
					}
					if da := math.Abs(a[k] - a[k-1]); da > 0 {
						if dt <= 0 || da/dt > sys.MaxSlew*(1+1e-6) {
							add(n, "gradient %s: slew %.4g T/m/s exceeds limit %.4g T/m/s", name, da/math.Max(dt, 1e-12)/kspace.Gamma1H, sys.MaxSlew/kspace.Gamma1H)
							break
						}
					}
				}
			}
			if (a[0] != 0 && t[0] > slack) || (a[len(a)-1] != 0 && g.Duration() < b.Duration-slack) {
				add(n, "gradient %s: does not start and end at zero inside the block", name)
			}
		}
		if adc := b.ADC; adc != nil {
			if adc.Samples < 1 || !(adc.Dwell > 0) {
				add(n, "adc: %d samples of dwell %g s", adc.Samples, adc.Dwell)
			} else {
				if adc.Delay < sys.ADCDeadTime-slack {
					add(n, "adc: delay %g s shorter than the ADC dead time %g s", adc.Delay, sys.ADCDeadTime)
				}
				if end := adc.Duration(); end > b.Duration+slack {
					add(n, "adc: ends at %g s, after the block's end at %g s", end, b.Duration)
				}
				if !onRaster(adc.Dwell, sys.ADCRaster) {
					add(n, "adc: dwell %g s is not a multiple of the ADC raster %g s", adc.Dwell, sys.ADCRaster)
				}
			}
		}
		for _, l := range b.Labels {
			if l.Label < 0 || l.Label >= numLabels {
				add(n, "label %d unknown", int(l.Label))
			}
		}
	}
	return joinErrors(errs)
}
