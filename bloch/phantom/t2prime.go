package phantom

import (
	"fmt"
	"math"
)

// ExpandT2Prime models reversible dephasing: it returns a copy of o in
// which every spin with a finite T2' is replaced by k isochromats at the
// same place, each with M0/k, and off-resonances spread over a Lorentzian
// (Cauchy) distribution of half-width 1/(2π·T2') [Hz] around the spin's own
// DF, at the quantiles (j + 1/2)/k: Δf_j = tan(π((j+½)/k − ½))/(2π·T2').
// Their summed free induction decays as exp(−t/T2') up to t ≈ k·T2'/(2π)
// (the quantile grid then aliases), and a spin echo refocuses them
// exactly. The copies have T2Prime +Inf, so the simulator accepts them.
// Coil sensitivities and B1 are copied per isochromat. It returns an error
// if k < 1 or the result would exceed MaxCSVSpins spins.
func ExpandT2Prime(o *Object, k int) (*Object, error) {
	if k < 1 {
		return nil, fmt.Errorf("phantom: %d isochromats per spin, want at least 1", k)
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	total := 0
	for i := range o.Len() {
		if o.T2Prime != nil && !math.IsInf(o.T2Prime[i], 1) {
			total += k
		} else {
			total++
		}
		if total > MaxCSVSpins {
			return nil, fmt.Errorf("phantom: expanding T2' gives more than %d spins", MaxCSVSpins)
		}
	}
	out := &Object{}
	if o.Coils != nil {
		out.Coils = make([][]complex64, len(o.Coils))
	}
	add := func(i int, m0, df float64) {
		out.X = append(out.X, o.X[i])
		out.Y = append(out.Y, o.Y[i])
		out.Z = append(out.Z, o.Z[i])
		out.M0 = append(out.M0, m0)
		out.T1 = append(out.T1, o.T1[i])
		out.T2 = append(out.T2, o.T2[i])
		out.T2Prime = append(out.T2Prime, math.Inf(1))
		out.DF = append(out.DF, df)
		if o.B1 != nil {
			out.B1 = append(out.B1, o.B1[i])
		}
		for c := range o.Coils {
			out.Coils[c] = append(out.Coils[c], o.Coils[c][i])
		}
	}
	for i := range o.Len() {
		df := 0.0
		if o.DF != nil {
			df = o.DF[i]
		}
		if o.T2Prime == nil || math.IsInf(o.T2Prime[i], 1) {
			add(i, o.M0[i], df)
			continue
		}
		hw := 1 / (2 * math.Pi * o.T2Prime[i])
		for j := range k {
			q := (float64(j) + 0.5) / float64(k)
			add(i, o.M0[i]/float64(k), df+hw*math.Tan(math.Pi*(q-0.5)))
		}
	}
	return out, nil
}
