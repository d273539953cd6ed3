// Package bartsim holds what larmor's tests and benchmarks need to
// reproduce BART's `sim` tool exactly: its sinc pulse as --ROT samples it.
// It imports only the standard library.
package bartsim

import "math"

// Sinc returns the samples of bart's windowed-sinc pulse as its --ROT
// simulation applies them at the given sampling rate [Hz] (pulse.c and
// simulation.c of BART 0.8): Hamming window (α = 0.46), BWTP 4 (two zero
// crossings either side of the main lobe, t0 = Trf/4), amplitude such that
// the analytic integral of the pulse is flip [rad], and sample k at the
// float32 time t_k that bart accumulates (t += dt in float32) from dt/2
// while t ≤ Trf. Those times matter: over 1000 additions they drift by up
// to 1e-7 s, which lowers the flip angle by 8e-6 of itself. The shape is
// evaluated in float64 at bart's times. It returns the rotation rate of
// each step [rad/s] and the step dt = float32(1/rate) [s].
func Sinc(flip, trf, rate float64) (w1 []float64, dt float64) {
	const alpha, bwtp = 0.46, 4.0
	n, t0 := bwtp/2, trf/bwtp
	shape := func(t float64) float64 {
		x := math.Pi * t / t0
		s := 1.0
		if x != 0 {
			s = math.Sin(x) / x
		}
		return ((1 - alpha) + alpha*math.Cos(math.Pi*t/(n*t0))) * s
	}
	// ∫ shape over [−Trf/2, Trf/2] by Simpson's rule on 20000 intervals:
	// error ~ h⁴·max|f⁗|·Trf/180, below 1e-15 of the integral.
	const m = 20000
	h := trf / m
	var integral float64
	for i := 0; i <= m; i++ {
		w := 2.0
		if i == 0 || i == m {
			w = 1
		} else if i%2 == 1 {
			w = 4
		}
		integral += w * shape(-trf/2+float64(i)*h)
	}
	integral *= h / 3
	a := flip / integral
	dt32 := float32(1 / rate)
	end := float32(trf)
	mid := float32(float64(end) / 2)
	for tk := float32(float64(dt32) / 2); tk <= end; tk += dt32 {
		w1 = append(w1, a*shape(float64(tk-mid)))
	}
	return w1, float64(dt32)
}
