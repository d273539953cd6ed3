// Package bloch simulates MR signals by solving the Bloch equations for a
// set of spins under a pulse sequence, producing raw k-space data.
//
// # Overview
//
// Simulate takes a seq.Sequence (Pulseq event blocks), a phantom.Object
// (spins with M0, T1, T2, off-resonance and coil sensitivities) and
// Options, and returns a kspace.Dataset with one acquisition per ADC event:
//
//	obj, _ := phantom.SheppLogan2D(128, 0.256, 1.5)
//	s, _ := seq.GRE(seq.GREParams{Matrix: 128, DummyScans: 100})
//	d, err := bloch.Simulate(ctx, s, obj, bloch.Options{IdealSpoiling: true})
//	imgs, _ := recon.Cartesian(ctx, d, recon.Options{})
//
// Between RF pulses the simulator does not time-step: precession and
// relaxation over each interval between events are applied in closed form
// from the exact gradient moment. RF pulses are exact rotations sample by
// sample; spins that see the same field during a pulse share its affine map.
//
// # Conventions
//
// SI units; RF and gradients in Hz and Hz/m as in package seq. Positive γ:
// a phase-0 pulse tips +z towards +y (Mxy = i after 90°), and the signal of
// a spin at r accrues phase exp(−i2π(k·r + Δf·t)), so the image of the
// centred inverse DFT shows an object at +x at +x. The simulator's gradient
// axes x, y, z are patient LPS axes.
//
// Pulseq semantics: an RF or receiver frequency offset f is resonant with
// spins at Δf = f (the slice at z under G is selected by f = G·z); the
// rotating-frame B1 is the complex conjugate of the transmitted envelope
// (shape, phase offset and frequency offset alike, the phase referred to
// the start of the pulse), so a pulse of phase φ turns about the axis at
// −φ from +x, and the receiver multiplies by exp(+i·its phase); offsets
// in ppm are relative to γB0 of the sequence's System, the ADC's phase
// modulation is applied per sample, and a block's rotation extension turns
// its gradients (and the recorded trajectory) before the spins see them.
// RF shim extensions are not simulated: an Object has one transmit scale
// per spin (B1), not a field map per transmit channel.
//
// # Concurrency
//
// Simulate runs on Options.Workers goroutines (default GOMAXPROCS), all
// ended before it returns, and its result is bit-identical for any worker
// count. It checks ctx between chunks of spins.
//
// # Errors
//
// Simulate returns an error naming the spin or block when the object or
// sequence is invalid, wraps ErrUnsupported for valid inputs it cannot
// simulate yet (finite T2', an ADC sample during an RF pulse), and returns
// ctx.Err() when cancelled. It never panics on user data.
package bloch
