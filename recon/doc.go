// Package recon reconstructs images from raw k-space and describes them
// with their geometry.
//
// # Overview
//
// Image is one reconstructed volume (or slice) with its Geometry (matrix,
// voxel size, position of the first voxel, row and column directions, slice
// thickness), the acquisition Params and counters, so exporters need
// nothing else. Cartesian turns a Cartesian kspace.Dataset into images:
//
//	imgs, err := recon.Cartesian(ctx, d, recon.Options{}) // RSS over coils
//	if err != nil { ... }
//	im := imgs[0].Abs()
//	png.Encode(f, im.Picture(0))
//	dicomio.WriteSeries("out", []*recon.Image{im})
//
// RegridRamp first maps readouts sampled on gradient ramps (an EPI with
// ramp sampling) onto the uniform kx grid, exactly for objects on the voxel
// grid, so that Cartesian can place them.
//
// # Conventions
//
// The image is the centred inverse DFT of k-space scaled by 1/N (DC and the
// image centre at index N/2), so a voxel reads the transverse magnetisation
// of the spins in it. Voxel (i, j, k) is Data[i + Nx*(j + Ny*k)]; i runs
// along Geometry.RowDir (the readout direction), j along ColDir; positions
// are patient LPS in metres, as DICOM's (which uses millimetres).
//
// # Concurrency
//
// Functions are safe for concurrent use; Images are plain data.
//
// # Errors
//
// Cartesian returns the errors of kspace assembly (naming the acquisition),
// of the FFT plan, or ctx.Err() when cancelled. Geometry.Validate reports
// empty matrices, non-positive voxel sizes and non-orthonormal directions.
package recon
