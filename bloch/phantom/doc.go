// Package phantom builds numerical objects for the Bloch simulator: sets of
// spins with proton density, relaxation times, off-resonance and receive
// coil sensitivities.
//
// # Overview
//
// An Object stores its spins as parallel slices (structure of arrays).
// SheppLogan2D samples the MR Shepp-Logan phantom (Gach, Tanase and Boada
// 2008) with one spin per voxel centre:
//
//	obj, err := phantom.SheppLogan2D(128, 0.256, 1.5) // N, FOV [m], B0 [T]
//	if err != nil { ... }
//	fmt.Println(obj.Len(), obj.T1[0], obj.T2[0])
//	t, ok := phantom.TissueAt(phantom.SheppLogan2DEllipses(), 0, 0.35) // white matter
//
// # Conventions
//
// Positions are patient LPS coordinates in metres (+x left, +y posterior,
// +z head); relaxation times in seconds; off-resonance in Hz. Phantom
// drawings use normalised coordinates with y up (anterior), mapped to
// LPS y = −v·FOV/2 so the image looks as usual.
//
// # Concurrency
//
// Objects are plain data; the simulator only reads them.
//
// # Errors
//
// Constructors and Object.Validate return errors naming the field and spin
// that is wrong.
package phantom
