package bloch

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"slices"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// ErrUnsupported marks a valid input that the simulator does not handle yet.
var ErrUnsupported = errors.New("not supported")

// step is one interval of the sequence timeline, the same for every spin.
// Free steps carry the gradient moment over the interval; RF steps point to
// an rfEvent. A step may end with an ADC sample.
type step struct {
	dt     float64    // [s], quantised to 1 ps so that equal intervals are bit-equal
	m      [3]float64 // gradient moment over the step [1/m]
	rf     int32      // index into timeline.rf, or -1 for free precession
	sample int32      // global sample index recorded at the end of the step, or -1
	spoil  bool       // ideal spoiling: zero the transverse magnetisation first
	// run > 0 makes this step stand for run identical free steps, each
	// ending with a sample: samples sample, sample+1, ... (a readout on a
	// constant gradient).
	run int32
}

// rfEvent is one RF pulse split into sub-steps over which the B1 field and
// the mean gradient are constant.
type rfEvent struct {
	b1   []complex128 // B1 per sub-step [Hz] in the pulse's frame (below)
	dt   []float64    // [s]
	g    [][3]float64 // mean gradient per sub-step [Hz/m]
	axes [3]bool      // axes with a gradient during the pulse
	// freq is the pulse's frequency offset [Hz]. The sub-steps are
	// computed in a frame that turns with the pulse, in which its B1 is
	// piecewise constant and every spin's offset is lowered by freq, so
	// that a frequency offset is exact however coarse the RF raster; the
	// magnetisation is turned back by exp(−i2π·freq·dur) at the end.
	freq, dur float64
}

// adcEvent is one acquisition window of the timeline.
type adcEvent struct {
	first   int       // global index of its first sample
	n       int       // samples
	dwell   float64   // [s]
	t0      float64   // time of the first sample from the sequence start [s]
	phase   float64   // receiver phase offset [rad]
	freq    float64   // receiver frequency offset [Hz]
	mod     []float64 // receiver phase per sample added to phase [rad], or nil
	idx     kspace.Counters
	flags   kspace.Flags
	kx      []float32 // k-space position of each sample, 3 per sample [1/m]
	blockNo int
}

type timeline struct {
	steps   []step
	rf      []rfEvent
	adc     []adcEvent
	samples int
}

const tEps = 1e-12 // [s] times closer than this are the same breakpoint

func quantise(dt float64) float64 { return math.Round(dt*1e12) / 1e12 }

// piecewise is a gradient as corner points, zero outside them.
type piecewise struct{ t, a []float64 }

// integral returns ∫ over [t0, t1] of p, assuming no corner lies strictly
// inside (the interval is within one linear piece), using dt as the length.
func (p piecewise) integral(t0, t1, dt float64) float64 {
	if len(p.t) == 0 {
		return 0
	}
	mid := 0.5 * (t0 + t1)
	if mid < p.t[0] || mid > p.t[len(p.t)-1] {
		return 0
	}
	// Values at the ends of the piece containing mid.
	i, _ := slices.BinarySearch(p.t, mid)
	i = min(max(i, 1), len(p.t)-1)
	ta, tb := p.t[i-1], p.t[i]
	aa, ab := p.a[i-1], p.a[i]
	if aa == ab || tb <= ta {
		return aa * dt
	}
	v0 := aa + (ab-aa)*(t0-ta)/(tb-ta)
	v1 := aa + (ab-aa)*(t1-ta)/(tb-ta)
	return 0.5 * (v0 + v1) * dt
}

// integralSpan integrates p over any interval [t0, t1] exactly.
func (p piecewise) integralSpan(t0, t1 float64) float64 {
	if t1 <= t0 || len(p.t) == 0 {
		return 0
	}
	pts := []float64{t0}
	for _, c := range p.t {
		if c > t0 && c < t1 {
			pts = append(pts, c)
		}
	}
	pts = append(pts, t1)
	var s float64
	for i := 1; i < len(pts); i++ {
		s += p.integral(pts[i-1], pts[i], pts[i]-pts[i-1])
	}
	return s
}

// labelState applies Pulseq LABELSET/LABELINC events.
type labelState [16]int

func (l *labelState) apply(ev []seq.LabelEvent) {
	for _, e := range ev {
		if e.Label < 0 || int(e.Label) >= len(l) {
			continue
		}
		if e.Inc {
			l[e.Label] += e.Value
		} else {
			l[e.Label] = e.Value
		}
	}
}

func (l *labelState) counters() (kspace.Counters, kspace.Flags) {
	c := kspace.Counters{
		KSpaceEncodeStep1: l[seq.LIN], KSpaceEncodeStep2: l[seq.PAR], Slice: l[seq.SLC],
		Segment: l[seq.SEG], Repetition: l[seq.REP], Average: l[seq.AVG], Set: l[seq.SET],
		Contrast: l[seq.ECO], Phase: l[seq.PHS],
	}
	var f kspace.Flags
	for _, m := range []struct {
		l seq.Label
		f kspace.Flags
	}{{seq.NAV, kspace.IsNavigationData}, {seq.REV, kspace.IsReverse}, {seq.NOISE, kspace.IsNoiseMeasurement},
		{seq.REF, kspace.IsParallelCalib}, {seq.IMA, kspace.IsParallelCalibAndImaging}} {
		if l[m.l] != 0 {
			f |= m.f
		}
	}
	return c, f
}

// buildTimeline turns a sequence into steps shared by every spin. It
// validates what it needs and reports problems with the block number.
func buildTimeline(s *seq.Sequence, idealSpoil bool) (*timeline, error) {
	tl := &timeline{}
	var labels labelState
	var k [3]float64 // current k-space position [1/m]
	tBlock := 0.0
	// Scratch reused from block to block, so that building allocates per
	// RF pulse and ADC (what the timeline keeps), not per breakpoint.
	var bpsBuf, rfBuf []float64
	sampleAt := map[int]int{}
	// Offsets given in ppm are relative to the Larmor frequency of the
	// system's field.
	f0 := kspace.Gamma1H * s.System.B0
	needF0 := func(what string, v float64) error {
		if v != 0 && !(f0 > 0) {
			return fmt.Errorf("%s %g needs the system's B0, which is %g T", what, v, s.System.B0)
		}
		return nil
	}
	for bi := range s.Blocks {
		b := &s.Blocks[bi]
		bn := bi + 1
		labels.apply(b.Labels)
		if !(b.Duration >= 0) || math.IsInf(b.Duration, 0) {
			return nil, fmt.Errorf("bloch: block %d: duration %g s is not valid", bn, b.Duration)
		}
		var g [3]piecewise
		bps := append(bpsBuf[:0], 0, b.Duration)
		for ax := range 3 {
			gr := b.Grad(ax)
			if gr == nil {
				continue
			}
			t, a := gr.Corners()
			if len(t) != len(a) || len(t) < 2 {
				return nil, fmt.Errorf("bloch: block %d: gradient on axis %d has %d times for %d amplitudes", bn, ax, len(t), len(a))
			}
			for i := range t {
				if math.IsNaN(t[i]) || math.IsNaN(a[i]) || math.IsInf(a[i], 0) || (i > 0 && t[i] < t[i-1]) || t[i] < -tEps || t[i] > b.Duration+tEps {
					return nil, fmt.Errorf("bloch: block %d: gradient on axis %d: point %d (%g s, %g Hz/m) is invalid or outside the block", bn, ax, i, t[i], a[i])
				}
			}
			g[ax] = piecewise{t, a}
			bps = append(bps, t...)
		}
		var rs, re float64 = -1, -1
		rf := b.RF
		if rf != nil {
			if len(rf.Signal) == 0 || !(rf.Dwell > 0) || rf.Delay < 0 {
				return nil, fmt.Errorf("bloch: block %d: rf: %d samples, dwell %g s, delay %g s", bn, len(rf.Signal), rf.Dwell, rf.Delay)
			}
			rs, re = rf.Delay, rf.Delay+rf.Duration()
			if re > b.Duration+tEps {
				return nil, fmt.Errorf("bloch: block %d: rf ends at %g s after the block end %g s", bn, re, b.Duration)
			}
			bps = append(bps, rs, re)
			if err := cmp.Or(needF0("FreqPPM", rf.FreqPPM), needF0("PhasePPM", rf.PhasePPM)); err != nil {
				return nil, fmt.Errorf("bloch: block %d: rf: %w", bn, err)
			}
		}
		clear(sampleAt)
		var rot *[3][3]float64
		if q := b.Rotation; q != nil {
			if !(q.W*q.W+q.X*q.X+q.Y*q.Y+q.Z*q.Z > 0) || math.IsInf(q.W+q.X+q.Y+q.Z, 0) {
				return nil, fmt.Errorf("bloch: block %d: rotation quaternion %v is not a rotation", bn, *q)
			}
			m := q.Matrix()
			rot = &m
		}
		adc := b.ADC
		if adc != nil {
			if adc.Samples < 1 || !(adc.Dwell > 0) || adc.Delay < 0 || adc.Samples > 1<<24 {
				return nil, fmt.Errorf("bloch: block %d: adc: %d samples, dwell %g s, delay %g s", bn, adc.Samples, adc.Dwell, adc.Delay)
			}
			if adc.Duration() > b.Duration+tEps {
				return nil, fmt.Errorf("bloch: block %d: adc ends at %g s after the block end %g s", bn, adc.Duration(), b.Duration)
			}
			if err := cmp.Or(needF0("FreqPPM", adc.FreqPPM), needF0("PhasePPM", adc.PhasePPM)); err != nil {
				return nil, fmt.Errorf("bloch: block %d: adc: %w", bn, err)
			}
			if m := adc.PhaseModulation; m != nil {
				if len(m) != adc.Samples {
					return nil, fmt.Errorf("bloch: block %d: adc: phase modulation has %d values for %d samples", bn, len(m), adc.Samples)
				}
				for n, v := range m {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return nil, fmt.Errorf("bloch: block %d: adc: phase modulation value %d is %g", bn, n, v)
					}
				}
			}
			for n := range adc.Samples {
				t := adc.Delay + (float64(n)+0.5)*adc.Dwell
				if rf != nil && t > rs && t < re {
					return nil, fmt.Errorf("bloch: block %d: adc sample %d during the rf pulse: %w", bn, n, ErrUnsupported)
				}
				bps = append(bps, t)
			}
		}
		slices.Sort(bps)
		// Merge breakpoints closer than tEps.
		uniq := bps[:1]
		for _, t := range bps[1:] {
			if t-uniq[len(uniq)-1] > tEps {
				uniq = append(uniq, t)
			}
		}
		bps = uniq
		bpsBuf = bps
		if adc != nil {
			// Map each sample to its breakpoint index.
			for n := range adc.Samples {
				t := adc.Delay + (float64(n)+0.5)*adc.Dwell
				i, _ := slices.BinarySearch(bps, t-tEps)
				sampleAt[i] = n
			}
			c, f := labels.counters()
			tl.adc = append(tl.adc, adcEvent{
				first: tl.samples, n: adc.Samples, dwell: adc.Dwell,
				t0:    tBlock + adc.Delay + 0.5*adc.Dwell,
				phase: adc.PhaseOffset + adc.PhasePPM*1e-6*f0, freq: adc.FreqOffset + adc.FreqPPM*1e-6*f0, mod: adc.PhaseModulation,
				idx: c, flags: f, kx: make([]float32, 3*adc.Samples), blockNo: bn,
			})
		}
		ai := len(tl.adc) - 1
		pendingSpoil := idealSpoil && rf != nil && excites(rf.Use)
		for i := 1; i < len(bps); i++ {
			t0, t1 := bps[i-1], bps[i]
			if rf != nil && t0 >= rs-tEps && t1 <= re+tEps {
				if t0 <= rs+tEps {
					// The whole pulse is one RF step.
					ev, mBefore, mAfter, err := makeRFEvent(rf, &g, rot, rs, re, f0, &rfBuf)
					if err != nil {
						return nil, fmt.Errorf("bloch: block %d: %w", bn, err)
					}
					var m [3]float64
					for ax := range 3 {
						m[ax] = mBefore[ax] + mAfter[ax]
					}
					tl.rf = append(tl.rf, ev)
					tl.steps = append(tl.steps, step{dt: quantise(re - rs), m: m, rf: int32(len(tl.rf) - 1), sample: -1, spoil: pendingSpoil})
					pendingSpoil = false
					for ax := range 3 {
						switch rf.Use {
						case seq.Excitation, seq.Undefined:
							k[ax] = mAfter[ax]
						case seq.Refocusing:
							k[ax] = -(k[ax] + mBefore[ax]) + mAfter[ax]
						default:
							k[ax] += m[ax]
						}
					}
				}
				continue
			}
			dt := quantise(t1 - t0)
			st := step{dt: dt, rf: -1, sample: -1}
			for ax := range 3 {
				st.m[ax] = g[ax].integral(t0, t1, dt)
			}
			st.m = rotate(rot, st.m)
			for ax := range 3 {
				k[ax] += st.m[ax]
			}
			if n, ok := sampleAt[i]; ok && adc != nil {
				st.sample = int32(tl.samples + n)
				for ax := range 3 {
					tl.adc[ai].kx[3*n+ax] = float32(k[ax])
				}
			}
			// Merge into the previous free step when neither records a
			// sample: free precession over consecutive intervals composes.
			if nl := len(tl.steps); nl > 0 && st.sample < 0 {
				prev := &tl.steps[nl-1]
				if prev.rf < 0 && prev.sample < 0 && !st.spoil {
					prev.dt = quantise(prev.dt + st.dt)
					for ax := range 3 {
						prev.m[ax] += st.m[ax]
					}
					continue
				}
			}
			tl.steps = append(tl.steps, st)
		}
		if adc != nil {
			tl.samples += adc.Samples
		}
		tBlock += b.Duration
	}
	tl.steps = mergeRuns(tl.steps)
	return tl, nil
}

// minRun is the shortest sequence of identical sampled steps worth
// simulating as one readout run.
const minRun = 4

// mergeRuns replaces sequences of free steps that each end with the next
// sample and have bit-identical duration and gradient moment (uniform
// sampling on a constant gradient) by one run step.
func mergeRuns(steps []step) []step {
	out := steps[:0]
	for i := 0; i < len(steps); {
		st := steps[i]
		j := i + 1
		if st.rf < 0 && st.sample >= 0 && !st.spoil {
			for j < len(steps) {
				nx := &steps[j]
				if nx.rf >= 0 || nx.spoil || nx.sample != st.sample+int32(j-i) || nx.dt != st.dt || nx.m != st.m {
					break
				}
				j++
			}
		}
		if j-i >= minRun {
			st.run = int32(j - i)
			out = append(out, st)
			i = j
			continue
		}
		out = append(out, steps[i:j]...)
		i = j
	}
	return out
}

// makeRFEvent splits an RF pulse at its samples and at gradient corners and
// returns the gradient moments before and after the pulse centre.
func makeRFEvent(rf *seq.RF, g *[3]piecewise, rot *[3][3]float64, rs, re, f0 float64, scratch *[]float64) (ev rfEvent, mBefore, mAfter [3]float64, err error) {
	tc := rs + rf.Center
	freq := rf.FreqOffset + rf.FreqPPM*1e-6*f0
	phase0 := rf.PhaseOffset + rf.PhasePPM*1e-6*f0
	if rf.Center < 0 || tc > re+tEps {
		return ev, mBefore, mAfter, fmt.Errorf("rf: centre %g s outside the pulse of %g s", rf.Center, re-rs)
	}
	bps := (*scratch)[:0]
	defer func() { *scratch = bps }()
	for n := 0; n <= len(rf.Signal); n++ {
		bps = append(bps, rs+float64(n)*rf.Dwell)
	}
	for ax := range 3 {
		for _, c := range g[ax].t {
			if c > rs && c < re {
				bps = append(bps, c)
			}
		}
	}
	slices.Sort(bps)
	ev.b1 = make([]complex128, 0, len(bps)-1)
	ev.dt = make([]float64, 0, len(bps)-1)
	ev.g = make([][3]float64, 0, len(bps)-1)
	for i := 1; i < len(bps); i++ {
		t0, t1 := bps[i-1], bps[i]
		if t1-t0 <= tEps {
			continue
		}
		n := int((0.5*(t0+t1) - rs) / rf.Dwell)
		n = min(max(n, 0), len(rf.Signal)-1)
		v := rf.Signal[n]
		if math.IsNaN(real(v)) || math.IsNaN(imag(v)) || math.IsInf(real(v), 0) || math.IsInf(imag(v), 0) {
			return ev, mBefore, mAfter, fmt.Errorf("rf: sample %d is %v", n, v)
		}
		// The transmitter's phase, Pulseq's: shape phase + PhaseOffset +
		// 2π·FreqOffset·t from the start of the pulse. The spins precess as
		// exp(−i2πΔf·t), so the field that is resonant with Δf = FreqOffset
		// turns the other way: the B1 of the rotating frame is the complex
		// conjugate of the transmitted envelope (see seq.RF).
		s, c := math.Sincos(-phase0)
		dt := t1 - t0
		var gm [3]float64
		for ax := range 3 {
			gm[ax] = g[ax].integral(t0, t1, dt) / dt
		}
		gm = rotate(rot, gm)
		for ax := range 3 {
			if gm[ax] != 0 {
				ev.axes[ax] = true
			}
		}
		ev.b1 = append(ev.b1, cmplx.Conj(v)*complex(c, s))
		ev.dt = append(ev.dt, dt)
		ev.dur += dt
		ev.g = append(ev.g, gm)
	}
	ev.freq = freq
	for ax := range 3 {
		mBefore[ax] = g[ax].integralSpan(rs, tc)
		mAfter[ax] = g[ax].integralSpan(tc, re)
	}
	return ev, rotate(rot, mBefore), rotate(rot, mAfter), nil
}

// rotate returns r·v, or v when r is nil: a block's gradient moments
// turned by its Pulseq rotation extension into the axes the spins see.
func rotate(r *[3][3]float64, v [3]float64) [3]float64 {
	if r == nil {
		return v
	}
	var out [3]float64
	for i := range 3 {
		out[i] = r[i][0]*v[0] + r[i][1]*v[1] + r[i][2]*v[2]
	}
	return out
}

// excites reports whether a pulse of this use starts a new echo: an
// excitation, or a pulse of undefined use (Pulseq files before 1.5 do not
// say; like the reference MATLAB reader, such pulses count as excitations).
func excites(u seq.RFUse) bool { return u == seq.Excitation || u == seq.Undefined }
