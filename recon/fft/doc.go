// Package fft computes centred, N-dimensional discrete Fourier transforms of
// complex64 and complex128 arrays of any size, with BART's conventions.
//
// # Overview
//
// A Plan is made once for an array shape and a set of dimensions to
// transform, then called as often as needed with dst first:
//
//	p, err := fft.NewPlan([]int{256, 256, 8}, 0b011, fft.Options{}) // kx, ky; batched over 8 coils
//	if err != nil { ... }
//	img := p.Inverse(nil, ksp)   // allocates the result
//	p.Inverse(img, ksp)          // reuses img: no allocation
//	p.Forward(img, img)          // in place
//
// The mask selects dimensions as BART's fft bitmask does (bit d for
// dimension d), and the other dimensions are batched. Plan128 does the same
// for complex128.
//
// # Algorithms
//
// Any size is supported in O(N log N). Lines are transformed several at a
// time by a vector engine: the lanes of one 32-byte element hold the same
// index of four complex64 (or two complex128) lines, neighbouring columns
// of the array or rows gathered by in-register transposes. Each transform
// is a Stockham autosort decimation in frequency with radix-2, 3, 4, 5, 7,
// 8, 11 and 13 stages and precomputed twiddles; other prime factors go
// through Bluestein's algorithm with a precomputed chirp spectrum. Centring costs
// nothing where the first and last stages have even radices (their inputs
// and outputs are permuted) and one modulation pass at each end otherwise.
// On amd64 the kernels are AVX2/FMA assembly, chosen at run time when the
// CPU has them (golang.org/x/sys/cpu); where it also has AVX-512, stages
// whose neighbouring butterflies lie side by side run wide versions of the
// radix-2, 3, 4, 5, 7, 8, 11 and 13 kernels, which take two of them in one
// 64-byte vector with the same results (GODEBUG=cpu.avx512f=off turns them off);
// elsewhere, and under the purego build tag, the same engine runs Go
// kernels (built with GOEXPERIMENT=simd on amd64, its radix-4 and radix-8
// stages, products and modulations on simd/archsimd vectors). Lines left over from whole groups of lanes go through it as a
// group with the missing lanes zero. A single line of 64 points or more
// with two factors of at least 8 (a 1D transform, or lines too few to
// fill the lanes) is computed by the four-step method as a small 2D
// problem on the same engine; where its length is 8·m with lanes dividing
// m, the first of those sets of transforms is one radix-8 stage run along
// the line by a kernel that twiddles and transposes in registers (a line
// stage; for complex128 with AVX-512, four butterflies at a time), which
// leaves the rest of one Stockham transform, and one of 33 points or more that has no
// such factors (a prime) by Bluestein's algorithm over four-step
// transforms; shorter such lines, and sizes below 4, use a scalar
// complex128 path. Long rows (1 KiB or more in complex128, 2 KiB in
// complex64) also go one at a time through the line stage, where strips
// of lanes rows would not fit the L1, and columns far apart in memory are
// copied by blocks of several groups that run as one batch in the wide
// kernels. Bluestein's convolution length
// is a power of two or, where much shorter, a multiple of 16 with no
// prime factor above 5.
//
// complex64 transforms compute in float32, as FFTW's single precision does:
// the relative RMS error is about 1.4e-7 at 256² and 2.5e-7 at 257².
// complex128 transforms reach about 1.5e-15.
//
// # Conventions
//
// Arrays are stored first dimension fastest (readout, then phase encodings,
// then coils ...), as in DESIGN.md and BART. The forward transform uses
// exp(-2πi ...) and the inverse exp(+2πi ...).
//
// By default transforms are centred: along a dimension of size N the origin
// of both domains is at index c = N/2 (integer division), and
//
//	Forward: X[p] = Σ_i x[i] exp(-2πi (p-c)(i-c)/N)
//
// which is fftshift(FFT(ifftshift(x))) for every N. BART's fft computes the
// same thing: it centres with phase ramps (fftmod) rather than shifts, but
// for odd N as for even N the result equals the shift definition, as the
// tests check against bart fft on odd and even sizes. Options.Uncentred puts
// the origin at index 0 (FFTW, numpy, BART fft -n).
//
// Normalisation is set by Options.Scaling: Unnormalised (the default; BART
// fft and fft -i), Unitary (1/√N both ways; BART fft -u) or Backward (1/N on
// the inverse only; numpy's default). With several transformed dimensions N
// is the product of their sizes.
//
// # Concurrency
//
// A Plan holds scratch space and is not safe for concurrent use; Clone
// returns a plan with its own scratch that shares the precomputed tables, one
// per goroutine. A transform large enough to gain from it runs its lines on
// Options.Workers goroutines (GOMAXPROCS by default), with bit-identical
// results for any count; those goroutines are started with the plan, idle
// between calls (spinning for up to 250 µs after each, then parked), and
// end when the plan is garbage collected. A 2D plan from 256² up to 3 MiB
// (N even) computes the even and the odd output rows as two
// independent halves, so that two workers share no data but the input
// (a worker done early takes over the end of the other's half, so that a
// core slowed by other load does not hold the transform up); such a plan holds a buffer a few per cent larger than the array, where
// the halves keep their rows by blocks of columns between the row and the
// column transforms.
//
// # Errors
//
// NewPlan returns an error for an empty or too long dims (more than
// MaxDims), a size below 1, sizes whose product overflows, a transformed size
// above 2^30, a mask naming a dimension beyond the array, an unknown Scaling
// or negative Workers. Forward and Inverse are low-level dst-first kernels:
// they panic, with a message starting "fft: ", when src or a non-nil dst does
// not have Len() elements, which is a programming error.
package fft
