// Package phantom builds numerical objects for the Bloch simulator: sets of
// spins with proton density, relaxation times, off-resonance and receive
// coil sensitivities.
//
// # Overview
//
// An Object stores its spins as parallel slices (structure of arrays).
// SheppLogan2D samples the MR Shepp-Logan phantom (Gach, Tanase and Boada
// 2008), by default with one spin per voxel centre:
//
//	obj, err := phantom.SheppLogan2D(128, 0.256, 1.5) // N, FOV [m], B0 [T]
//	if err != nil { ... }
//	fmt.Println(obj.Len(), obj.T1[0], obj.T2[0])
//	t, ok := phantom.TissueAt(phantom.SheppLogan2DEllipses(), 0, 0.35) // white matter
//
// SheppLogan3D samples its 3D version on an n×n×n grid. A Sampling option
// puts s×s (s×s×s) spins in each voxel, at the sub-voxel centres, so that
// voxels on a tissue edge hold each tissue in proportion (partial volume)
// instead of the staircase one spin per voxel draws:
//
//	obj, err := phantom.SheppLogan3D(64, 0.256, 3, phantom.Sampling{SpinsPerEdge: 2})
//
// Brain2D is a brain-like axial slice (white and grey matter, CSF, fat with
// its −3.4 ppm chemical shift) with literature T1/T2 at 1.5 and 3 T.
// FromMaps builds an Object from user maps (M0, T1, T2, T2′, off-resonance,
// B1 on a 2D or 3D grid); ReadCSV reads spin lists; ExpandT2Prime turns a
// finite T2′ into Lorentzian isochromats; CoilRing and CircularCoils give
// receive coil sensitivities from the exact field of circular loops around
// the object.
//
// # Conventions
//
// Positions are patient LPS coordinates in metres (+x left, +y posterior,
// +z head); relaxation times in seconds; off-resonance in Hz. A coil's
// sensitivity is C = Bx − iBy of its field per unit current (reciprocity
// with the simulator's positive-γ convention), normalised so that the mean
// root-sum-of-squares over the spins is 1. Phantom
// drawings use normalised coordinates with y up (anterior) and, in 3D, z
// towards the head, mapped to LPS x = u·FOV/2, y = −v·FOV/2, z = w·FOV/2
// so the image looks as usual. Analytic phantoms and FromMaps share one
// grid, voxel i centred at (i − n/2)·voxel size, and one sub-voxel
// convention: s spins per voxel edge at offsets ((c + ½)/s − ½) voxel, each
// with 1/s² (1/s³) of the voxel's M0.
//
// # Concurrency
//
// Objects are plain data; the simulator only reads them.
//
// # Errors
//
// Constructors and Object.Validate return errors naming the parameter,
// field or spin that is wrong.
package phantom
