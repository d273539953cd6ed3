package seq

import "math"

// Summary gives a sequence's size and coverage in numbers: what
// `larmor seq info` prints.
type Summary struct {
	Blocks     int
	Duration   float64 // sum of the block durations [s]
	RFEvents   int     // blocks with an RF pulse
	ADCEvents  int     // blocks with an ADC
	ADCSamples int     // ADC samples in all blocks
	// KMin and KMax bound the k-space positions of all ADC samples, per
	// physical axis [1/m]; both are zero without ADC samples.
	KMin, KMax [3]float64
}

// KExtent returns KMax − KMin per axis [1/m].
func (s Summary) KExtent() [3]float64 {
	return [3]float64{s.KMax[0] - s.KMin[0], s.KMax[1] - s.KMin[1], s.KMax[2] - s.KMin[2]}
}

// Summarize counts the sequence's blocks, events and samples and computes
// the k-space position of every ADC sample as the reference Pulseq
// implementation does (calculateKspacePP): k is the time integral of the
// gradients, integrated exactly over their corner points, and set to zero
// at the centre (Delay + Center) of every RF pulse whose Use is Excitation
// or Undefined and negated at the centre of every Refocusing pulse; other
// pulses leave it alone. Sample n of an ADC is at Delay + (n+½)·Dwell.
// A block's Rotation turns its gradients before they are integrated.
func (s *Sequence) Summarize() Summary {
	sum := Summary{Blocks: len(s.Blocks), Duration: s.Duration()}
	for i := range s.Blocks {
		if s.Blocks[i].RF != nil {
			sum.RFEvents++
		}
		if a := s.Blocks[i].ADC; a != nil {
			sum.ADCEvents++
			sum.ADCSamples += a.Samples
		}
	}
	first := true
	s.walkK(func(v [3]float64) {
		for ax := range 3 {
			if first || v[ax] < sum.KMin[ax] {
				sum.KMin[ax] = v[ax]
			}
			if first || v[ax] > sum.KMax[ax] {
				sum.KMax[ax] = v[ax]
			}
		}
		first = false
	})
	return sum
}

// KSpace returns the k-space position [1/m] of every ADC sample, in order,
// computed as Summarize describes.
func (s *Sequence) KSpace() [][3]float64 {
	var k [][3]float64
	s.walkK(func(v [3]float64) { k = append(k, v) })
	return k
}

// walkK calls visit with the k-space position of every ADC sample in order.
func (s *Sequence) walkK(visit func(k [3]float64)) {
	var base [3]float64 // k at the start of the block [1/m]
	for i := range s.Blocks {
		b := &s.Blocks[i]
		var ints [3]*integral
		for ax := range 3 {
			if g := b.Grad(ax); g != nil {
				t, a := g.Corners()
				ints[ax] = newIntegral(t, a)
			}
		}
		rot := [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
		if b.Rotation != nil {
			rot = b.Rotation.Matrix()
		}
		kAt := func(t float64) [3]float64 {
			var kl, kp [3]float64
			for ax := range 3 {
				if ints[ax] != nil {
					kl[ax] = ints[ax].at(t)
				}
			}
			for r := range 3 {
				kp[r] = rot[r][0]*kl[0] + rot[r][1]*kl[1] + rot[r][2]*kl[2]
			}
			return kp
		}
		tc := math.Inf(1)
		reset, negate := false, false
		if rf := b.RF; rf != nil {
			switch rf.Use {
			case Excitation, Undefined:
				tc, reset = rf.Delay+rf.Center, true
			case Refocusing:
				tc, negate = rf.Delay+rf.Center, true
			}
		}
		applyRF := func() {
			k := kAt(tc)
			for ax := range 3 {
				if reset {
					base[ax] = -k[ax]
				} else {
					base[ax] = -(base[ax] + k[ax]) - k[ax]
				}
			}
			tc = math.Inf(1)
		}
		if a := b.ADC; a != nil {
			for n := range a.Samples {
				t := a.Delay + (float64(n)+0.5)*a.Dwell
				if t >= tc && (reset || negate) {
					applyRF()
				}
				k := kAt(t)
				visit([3]float64{base[0] + k[0], base[1] + k[1], base[2] + k[2]})
			}
		}
		if !math.IsInf(tc, 1) {
			applyRF()
		}
		k := kAt(b.Duration)
		for ax := range 3 {
			base[ax] += k[ax]
		}
	}
}

// integral evaluates ∫₀ᵗ of a polyline (zero outside its corners) at
// increasing or arbitrary times.
type integral struct {
	t, a, cum []float64 // cum[i] = ∫ up to t[i]
}

func newIntegral(t, a []float64) *integral {
	cum := make([]float64, len(t))
	for i := 1; i < len(t); i++ {
		cum[i] = cum[i-1] + 0.5*(a[i]+a[i-1])*(t[i]-t[i-1])
	}
	return &integral{t, a, cum}
}

func (p *integral) at(x float64) float64 {
	n := len(p.t)
	if n == 0 || x <= p.t[0] {
		return 0
	}
	if x >= p.t[n-1] {
		return p.cum[n-1]
	}
	lo, hi := 0, n-1
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if p.t[m] <= x {
			lo = m
		} else {
			hi = m
		}
	}
	dt := p.t[hi] - p.t[lo]
	if dt <= 0 {
		return p.cum[hi]
	}
	v := p.a[lo] + (p.a[hi]-p.a[lo])*(x-p.t[lo])/dt
	return p.cum[lo] + 0.5*(p.a[lo]+v)*(x-p.t[lo])
}
