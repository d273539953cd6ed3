// Package kspace holds raw MR data: acquisitions with their headers, as
// ISMRMRD models them, and dense N-d arrays in BART's dimension order.
//
// # Overview
//
// A Dataset is a Header (encoded and reconstruction spaces, trajectory,
// coils, sequence Params, encoding Limits) plus Acquisitions, one per
// readout: complex64 samples per coil, encoding Counters (line, partition,
// slice, echo, repetition, ...), Flags, timing, the slice geometry and,
// for non-Cartesian data, the k-space position of every sample.
// Dataset.Cartesian places Cartesian acquisitions into an Array:
//
//	d, _ := bloch.Simulate(ctx, s, obj, bloch.Options{})
//	a, err := d.Cartesian()                  // [kx, ky, kz, coil, echo, ...]
//	fmt.Println(a.Dims[kspace.DimCoil])      // receive channels
//	v := a.Data[a.Index(kx, ky)]             // one sample, coil 0
//	err = cfl.Write("ksp", a.Dims[:], a.Data) // for BART
//
// # Conventions
//
// Arrays are stored first dimension fastest with BART's 16 dimensions
// (DimRead, DimPhase1, DimPhase2, DimCoil, ..., DimSlice): readout, then
// phase encoding, then coil, then the rest. The k-space centre (DC) sits at
// index N/2 (integer division) of each encoded dimension. k-space positions
// are in cycles per metre; times in seconds; angles in radians; B0 in tesla.
// Flags use ISMRMRD's bit positions.
//
// # Concurrency
//
// Values are plain data; concurrent reads are safe, writes need the caller's
// synchronisation.
//
// # Errors
//
// Dataset.Cartesian returns an error naming the acquisition whose counters
// or sample count do not fit the encoded matrix, and ErrNoData when there is
// nothing to assemble. NewArray panics on invalid sizes (a programmer
// error); FullDims reports them as an error.
package kspace
