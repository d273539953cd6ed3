package fft

import "strconv"

// Scaling says how a transform is normalised.
type Scaling int

// Normalisations.
const (
	// Unnormalised: neither direction is scaled, so Forward then Inverse
	// multiplies by N (FFTW, BART fft and fft -i).
	Unnormalised Scaling = iota
	// Unitary: both directions are scaled by 1/sqrt(N) (BART fft -u).
	Unitary
	// Backward: Forward is unscaled and Inverse is scaled by 1/N (numpy's
	// default), so an image reads in the units of the spins that made it.
	Backward
)

// Options configure a Plan. The zero value gives a centred, unnormalised
// transform.
type Options struct {
	Scaling Scaling
	// Uncentred puts the DC term at index 0 (FFTW, BART fft -n). The
	// default, centred, puts it at index N/2 in both domains: exactly
	// fftshift(FFT(ifftshift(x))), BART's fft.
	Uncentred bool
	// Workers is the number of goroutines a transform may use; 0 means
	// runtime.GOMAXPROCS(0). A pass splits its lines over them only when
	// it has enough work to pay for the hand-off (below that it runs on the
	// caller's goroutine), and the result is bit-identical for any count.
	Workers int
}

// String returns the name of the scaling ("Unnormalised", "Unitary",
// "Backward"), or "Scaling(n)" for a value outside the set.
func (s Scaling) String() string {
	switch s {
	case Unnormalised:
		return "Unnormalised"
	case Unitary:
		return "Unitary"
	case Backward:
		return "Backward"
	}
	return "Scaling(" + strconv.Itoa(int(s)) + ")"
}
