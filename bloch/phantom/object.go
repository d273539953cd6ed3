package phantom

import (
	"fmt"
	"math"
)

// Object is a set of spins (isochromats), stored as parallel slices
// (structure of arrays) so that the simulator streams through them. Every
// non-nil slice has Len() entries.
type Object struct {
	X, Y, Z []float64 // position, patient LPS [m]
	M0      []float64 // equilibrium magnetisation (proton density) [arbitrary units]
	T1      []float64 // longitudinal relaxation time [s]; +Inf: none
	T2      []float64 // transverse relaxation time [s]; +Inf: none
	// T2Prime is the reversible dephasing time [s] (T2* = 1/(1/T2 + 1/T2')).
	// nil or +Inf means none. The simulator does not model it yet and
	// refuses objects with a finite T2'.
	T2Prime []float64
	DF      []float64 // off-resonance [Hz] (B0 inhomogeneity, chemical shift); nil: 0
	B1      []float64 // transmit field scale (1 = nominal flip); nil: 1
	// Coils holds receive sensitivities, Coils[c][n] for coil c and spin n
	// (complex, unitless). nil means one uniform coil of sensitivity 1.
	Coils [][]complex64
}

// Len returns the number of spins.
func (o *Object) Len() int { return len(o.M0) }

// NumCoils returns the number of receive coils (1 when Coils is nil).
func (o *Object) NumCoils() int {
	if o.Coils == nil {
		return 1
	}
	return len(o.Coils)
}

// Validate returns an error if slices differ in length, a position or M0 is
// not finite, a relaxation time is not positive (+Inf is allowed), or there
// are no spins. The error names the field and the first bad spin.
func (o *Object) Validate() error {
	n := o.Len()
	if n == 0 {
		return fmt.Errorf("phantom: object has no spins")
	}
	fields := []struct {
		name     string
		v        []float64
		required bool
	}{
		{"X", o.X, true}, {"Y", o.Y, true}, {"Z", o.Z, true}, {"M0", o.M0, true},
		{"T1", o.T1, true}, {"T2", o.T2, true}, {"T2Prime", o.T2Prime, false},
		{"DF", o.DF, false}, {"B1", o.B1, false},
	}
	for _, f := range fields {
		if f.v == nil && !f.required {
			continue
		}
		if len(f.v) != n {
			return fmt.Errorf("phantom: %s has %d entries, M0 has %d", f.name, len(f.v), n)
		}
		for i, v := range f.v {
			bad := math.IsNaN(v)
			switch f.name {
			case "T1", "T2", "T2Prime":
				bad = bad || !(v > 0)
			default:
				bad = bad || math.IsInf(v, 0)
			}
			if bad {
				return fmt.Errorf("phantom: spin %d: %s = %g is not valid", i, f.name, v)
			}
		}
	}
	for c, s := range o.Coils {
		if len(s) != n {
			return fmt.Errorf("phantom: coil %d has %d sensitivities for %d spins", c, len(s), n)
		}
	}
	if o.Coils != nil && len(o.Coils) == 0 {
		return fmt.Errorf("phantom: Coils is empty but not nil")
	}
	return nil
}
