// Package cfl reads and writes BART's .cfl/.hdr file pairs.
//
// # Overview
//
// An array is stored as two files named after it: name.hdr, a short text
// header giving the sizes, and name.cfl, the raw data. As in BART the name
// given to Read, ReadHeader and Write has no extension:
//
//	err := cfl.Write("/tmp/ksp", []int{256, 256, 1, 8}, data) // writes /tmp/ksp.hdr and /tmp/ksp.cfl
//	dims, data, err := cfl.Read("/tmp/ksp")                    // reads them back
//	dims, err = cfl.ReadHeader("/tmp/ksp")                     // sizes only, no data read
//
// The files are exchanged with BART (bart fft 3 /tmp/ksp /tmp/img) and with
// its Python and MATLAB readers.
//
// # Conventions
//
// dims are in BART's order, first dimension fastest (readout, phase 1,
// phase 2, coil, ...), as DESIGN.md fixes for every array; the package knows
// nothing of their meaning and keeps them as a plain []int. Read returns the
// sizes as written in the header (at least 1 and at most MaxDims of them),
// not padded to 16; a missing trailing size means 1, as in BART.
//
// name.cfl holds the elements in that order as complex64, each a
// little-endian float32 real part followed by the imaginary part, with no
// header or padding. name.hdr is text; Write produces exactly what BART
// writes before its optional comment sections:
//
//	# Dimensions
//	256 256 1 8
//
// (each size followed by a space). Reading follows BART: lines starting
// with "#" name sections, the sizes follow "# Dimensions", and other sections
// ("# Command", "# Files", "# Creator") are ignored. See ReadHeader for the
// exact rules and where they are stricter than BART.
//
// # Concurrency
//
// The functions have no shared state and may be called concurrently. Writes
// are atomic per file; two writers of the same name race, and the pair left
// may mix their .hdr and .cfl (Read then reports the mismatch if the sizes
// differ).
//
// # Errors
//
// Read and ReadHeader never panic and never allocate more than the header's
// declared size after checking it: they read at most MaxHeaderSize bytes of
// header, refuse more than MaxDims sizes (except trailing 1s, which BART
// also accepts), sizes below 1 or not integers, products over MaxElems, and
// compare the .cfl's size from a stat with the header before allocating the
// data, then read exactly that many bytes. Malformed or inconsistent files
// give a *FormatError naming the file and line, whose Err is the cause:
// ErrNoDimensions, ErrSize, ErrTooLarge, ErrDataSize, ErrUnsupported for a
// valid header this package does not handle (a "# Data" section pointing to
// another file), or a plain description (a repeated "# Dimensions"). Failures to open or read a file are returned as wrapped
// *fs.PathError. Write returns an error, and writes nothing, for bad dims or
// a data length that does not match them.
package cfl
