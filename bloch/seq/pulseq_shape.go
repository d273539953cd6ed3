package seq

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Pulseq shapes: the run-length encoding of derivatives ("compressed
// shapes") and the conversion of sampled gradient shapes into the
// piecewise-linear corner points of the model.

// decompressShape decodes the data of a Pulseq shape of n samples.
//
// Since version 1.4, data of exactly n values are the samples themselves;
// otherwise (and always before 1.4, force = true) the data are the
// compressed form: the first sample followed by the differences between
// consecutive samples, in which a value written twice is followed by a
// count c and stands for c+2 copies of that value. The samples are the
// cumulative sum of the expanded differences. This is mr.decompressShape of
// the reference implementation.
//
// The caller has checked n against its limits; decompressShape never
// produces more than n values and returns an error naming the offending
// data index when the data do not describe exactly n samples.
func decompressShape(n int, data []float64, force bool) ([]float64, error) {
	if n < 0 {
		return nil, errors.New("negative number of samples")
	}
	if !force && len(data) == n {
		return append([]float64(nil), data...), nil
	}
	w := make([]float64, 0, n)
	for i := 0; i < len(data); {
		v := data[i]
		if i+1 < len(data) && data[i+1] == v {
			if i+2 >= len(data) {
				return nil, fmt.Errorf("value %d is repeated but no count follows", i+1)
			}
			c := data[i+2]
			if c < 0 || c != math.Trunc(c) || c > float64(n) {
				return nil, fmt.Errorf("repeat count %g at value %d is not an integer in [0, %d]", c, i+3, n)
			}
			reps := int(c) + 2
			if len(w)+reps > n {
				return nil, fmt.Errorf("data expand to more than the %d samples declared", n)
			}
			for range reps {
				w = append(w, v)
			}
			i += 3
			continue
		}
		if len(w) == n {
			return nil, fmt.Errorf("data expand to more than the %d samples declared", n)
		}
		w = append(w, v)
		i++
	}
	if len(w) != n {
		return nil, fmt.Errorf("data expand to %d samples, %d declared", len(w), n)
	}
	var s float64
	for i, d := range w {
		s += d
		w[i] = s
	}
	return w, nil
}

// shapeQuantum is the step on which the reference implementation
// quantises shape derivatives when compressing (mr.compressShape).
const shapeQuantum = 1e-7

// compressShape returns the compressed form of w exactly as the reference
// implementation's mr.compressShape computes it: the derivative is
// quantised to multiples of 1e-7 with the accumulated quantisation error
// corrected (so the decoded samples are the nearest multiples of 1e-7),
// runs of equal derivatives are written as "v v count-2", values below
// 1e-10 become 0, and every value is formatted as "%.9g". It returns nil
// if a value is not finite or too large to quantise.
func compressShape(w []float64) []string {
	if len(w) == 0 {
		return nil
	}
	datd := make([]float64, len(w))
	var sumq, prevRound float64
	for i, v := range w {
		ws := v / shapeQuantum
		if math.IsNaN(ws) || math.Abs(ws) > 1<<52 {
			return nil
		}
		var dq float64
		if i == 0 {
			dq = math.Round(ws)
		} else {
			dq = math.Round(ws - w[i-1]/shapeQuantum)
		}
		sumq += dq
		// Correct the accumulated rounding, as MATLAB's qerr/qcor do.
		r := math.Round(ws - sumq)
		corr := 0.0
		if i > 0 {
			corr = r - prevRound
		}
		prevRound = r
		datd[i] = dq + corr
	}
	var out []string
	fmtv := func(d float64) string {
		v := d * shapeQuantum
		if math.Abs(v) < 1e-10 {
			v = 0
		}
		return strconv.FormatFloat(v, 'g', 9, 64)
	}
	for i := 0; i < len(datd); {
		j := i + 1
		for j < len(datd) && datd[j] == datd[i] {
			j++
		}
		run := j - i
		s := fmtv(datd[i])
		if run == 1 {
			out = append(out, s)
		} else {
			out = append(out, s, s, strconv.Itoa(run-2))
		}
		i = j
	}
	return out
}

// encodedShape is a shape as it will be written: the number of samples,
// the tokens of its data lines, and the samples a reader decodes from them.
type encodedShape struct {
	n       int
	tokens  []string
	decoded []float64
}

// key identifies the shape's text for deduplication.
func (e *encodedShape) key() string {
	b := make([]byte, 0, 16*len(e.tokens)+8)
	b = strconv.AppendInt(b, int64(e.n), 10)
	for _, t := range e.tokens {
		b = append(b, ' ')
		b = append(b, t...)
	}
	return string(b)
}

// formatExact formats v so that parsing gives v back exactly.
func formatExact(v float64) string {
	if v == 0 {
		v = 0 // no "-0" in output
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// encodeShape chooses the form in which w is written: the compressed form
// of the reference implementation if it is shorter and reproduces w to
// 1e-12 of its largest magnitude (that is, when w already lies on the
// 1e-7 grid of a compressed Pulseq shape, as shapes read from files do),
// otherwise the samples themselves, each formatted exactly.
func encodeShape(w []float64) (*encodedShape, error) {
	n := len(w)
	if n == 0 {
		return nil, errors.New("empty shape")
	}
	var peak float64
	for _, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("shape value %g is not finite", v)
		}
		peak = math.Max(peak, math.Abs(v))
	}
	if c := compressShape(w); c != nil && len(c) < n {
		vals := make([]float64, len(c))
		ok := true
		for i, t := range c {
			v, err := strconv.ParseFloat(t, 64)
			if err != nil {
				ok = false
				break
			}
			vals[i] = v
		}
		if ok {
			if d, err := decompressShape(n, vals, true); err == nil {
				tol := 1e-12 * math.Max(peak, 1e-300)
				for i := range d {
					if math.Abs(d[i]-w[i]) > tol {
						ok = false
						break
					}
				}
				if ok {
					return &encodedShape{n: n, tokens: c, decoded: d}, nil
				}
			}
		}
	}
	tok := make([]string, n)
	dec := make([]float64, n)
	for i, v := range w {
		tok[i] = formatExact(v)
		dec[i], _ = strconv.ParseFloat(tok[i], 64)
	}
	return &encodedShape{n: n, tokens: tok, decoded: dec}, nil
}

// Thresholds for centreSampledCorners.
const (
	restoreRelTol  = 2e-5 // relative to the peak: restored edges that agree with interpolation (MATLAB's)
	straightRelTol = 1e-6 // relative to the peak: corners closer than this to a straight line are merged
	matlabEps      = 0x1p-52
	minRestored    = 8 // shapes shorter than this are always restored
)

// centreSampledCorners converts an arbitrary gradient sampled on the
// gradient raster, g[k] at (k+½)·dt (Pulseq's default timing, time shape
// id 0), with the value first at 0 and last at N·dt, into piecewise-linear
// corner points: times from the gradient's delay [s] and amplitudes
// [Hz/m], as the doc of PulseqReader.Read describes ("Gradients sampled on
// the raster"). If lastKnown is false (files before 1.5 do not store it),
// last is reconstructed; the last value used is returned.
func centreSampledCorners(g []float64, first, last, dt float64, lastKnown bool) (t, a []float64, lastOut float64) {
	n := len(g)
	var peak float64
	for _, v := range g {
		peak = math.Max(peak, math.Abs(v))
	}
	tol := restoreRelTol * peak
	rest := make([]float64, n+1)
	rest[0] = first
	for k, v := range g {
		rest[k+1] = 2*v - rest[k]
	}
	if !lastKnown {
		last = rest[n]
	}
	edges := make([]float64, n+1)
	edges[0], edges[n] = first, last
	corners := 0
	for k := 1; k < n; k++ {
		interp := 0.5 * (g[k-1] + g[k])
		if math.Abs(rest[k]-interp) <= matlabEps+tol {
			edges[k] = interp
		} else {
			edges[k] = rest[k]
			corners++
		}
	}
	clean := math.Abs(rest[n]-last) <= tol && (n < minRestored || 2*corners <= n-1)
	if clean {
		t = make([]float64, n+1)
		for k := range t {
			t[k] = float64(k) * dt
		}
		t, a = simplify(t, edges, straightRelTol*peak)
		return t, a, last
	}
	if !lastKnown {
		switch {
		case n >= 2:
			last = (3*g[n-1] - g[n-2]) / 2
		default:
			last = g[0]
		}
	}
	t = make([]float64, n+2)
	a = make([]float64, n+2)
	a[0] = first
	for k, v := range g {
		t[k+1] = (float64(k) + 0.5) * dt
		a[k+1] = v
	}
	t[n+1] = float64(n) * dt
	a[n+1] = last
	return t, a, last
}

// simplify removes points of the polyline (t, a), t increasing, so that
// every removed point lies within tol of the straight line between the
// points kept around it. The ends are kept. It runs in linear time: from
// each kept point it narrows the cone of slopes that pass within tol of
// the points skipped so far.
func simplify(t, a []float64, tol float64) ([]float64, []float64) {
	n := len(t)
	if n <= 2 {
		return t, a
	}
	kt := []float64{t[0]}
	ka := []float64{a[0]}
	anchor := 0
	lo, hi := math.Inf(-1), math.Inf(1)
	for j := 1; j < n; j++ {
		dtj := t[j] - t[anchor]
		s := (a[j] - a[anchor]) / dtj
		if j > anchor+1 && (s < lo || s > hi) {
			anchor = j - 1
			kt = append(kt, t[anchor])
			ka = append(ka, a[anchor])
			lo, hi = math.Inf(-1), math.Inf(1)
			dtj = t[j] - t[anchor]
		}
		lo = math.Max(lo, (a[j]-tol-a[anchor])/dtj)
		hi = math.Min(hi, (a[j]+tol-a[anchor])/dtj)
	}
	kt = append(kt, t[n-1])
	ka = append(ka, a[n-1])
	return kt, ka
}

// oversampledCorners converts a gradient oversampled by two (time shape id
// −1 of Pulseq 1.5: g[k] at (k+1)·dt/2, an odd number of samples) into
// corner points: (0, first), the samples, and ((N+1)·dt/2, last), as the
// reference implementation draws it.
func oversampledCorners(g []float64, first, last, dt float64) (t, a []float64) {
	n := len(g)
	t = make([]float64, n+2)
	a = make([]float64, n+2)
	a[0] = first
	for k, v := range g {
		t[k+1] = float64(k+1) * dt / 2
		a[k+1] = v
	}
	t[n+1] = float64(n+1) * dt / 2
	a[n+1] = last
	return t, a
}

// polylineAt evaluates the polyline (t, a), zero outside its span, at x.
func polylineAt(t, a []float64, x float64) float64 {
	n := len(t)
	if n == 0 || x < t[0] || x > t[n-1] {
		return 0
	}
	// Binary search for the last corner at or before x.
	lo, hi := 0, n-1
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if t[m] <= x {
			lo = m
		} else {
			hi = m
		}
	}
	if t[hi] <= x {
		return a[hi]
	}
	if t[hi] == t[lo] {
		return a[hi]
	}
	return a[lo] + (a[hi]-a[lo])*(x-t[lo])/(t[hi]-t[lo])
}
