// Package dicomio exports reconstructed images as DICOM MR image series and
// reads such files back.
//
// # Overview
//
// WriteSeries writes a slice of *recon.Image as one series of single-frame
// MR Image Storage files, one per 2D slice, named IM00001.dcm, IM00002.dcm,
// ...; a Writer value carries the options (patient, descriptions, UIDs,
// time, window), and its zero value gives the defaults:
//
//	paths, err := dicomio.WriteSeries("out/gre", []*recon.Image{img})
//
//	w := dicomio.Writer{PatientName: "Phantom^SheppLogan", SeriesDescription: "GRE TE 5 ms"}
//	paths, err = w.WriteSeries("out/gre", images)
//
// Read turns one such file (or any single-frame, 16-bit monochrome MR Image
// Storage file in Explicit or Implicit VR Little Endian) back into a
// *recon.Image, with the geometry in metres and the parameters in SI units:
//
//	img, err := dicomio.Read("out/gre/IM00001.dcm")
//
// Encoding and parsing are done by github.com/suyashkumar/dicom.
//
// # Conventions
//
// DICOM's units are converted at the boundary: millimetres for positions,
// spacings and thicknesses, milliseconds for TR, TE and TI, degrees for the
// flip angle, MHz for the imaging frequency; the API stays SI. Patient
// coordinates are LPS in both (DESIGN.md), so the centre of voxel (i, j, k),
// Geometry.VoxelCenter(i, j, k), is Image Position (Patient) of slice k plus
// i times the column spacing along the row direction plus j times the row
// spacing along the column direction, and DICOM pixel (row j, column i) is
// voxel (i, j). Note DICOM's order in Pixel Spacing: the spacing between rows
// (VoxelSize[1]) comes first.
//
// Pixels are magnitudes stored as 16-bit unsigned integers scaled so that
// the largest magnitude of the series stores as 65535:
// stored = round(65535·|v|/max). The scale max/65535 is recorded, per file,
// as the Real World Value Mapping slope (intercept 0, units "arbitrary
// unit"), which Read applies. The files carry no Rescale Slope/Intercept:
// these are not part of the MR Image IOD, dciodvfy warns that viewers may
// apply windows wrongly with them, and a window given in rescaled units of
// order 1 cannot be expressed with DICOM's LINEAR function (width >= 1). The
// Modality LUT is thus the identity and Window Center/Width are in stored
// units; by default they span 0 to 65535.
//
// UIDs that are not given are derived from a SHA-256 of the options and the
// images, so the same images written with the same options, StudyTime
// included, give byte-identical files. With the default, zero StudyTime
// (the current time) every call makes new UIDs.
//
// # Concurrency
//
// A Writer is a value with no internal state: calls may run concurrently,
// on different directories. Read is safe for concurrent use. There is no
// package-level state.
//
// # Errors
//
// WriteSeries checks every image before it writes anything and reports a
// bad one with an *ImageError holding its index (nil image, invalid or
// non-finite geometry, a Data length that does not match the matrix, NaN or
// infinite values, invalid parameters); invalid Writer options are plain
// errors. Each file is written atomically, through a temporary file in the
// same directory that is renamed into place, so no partial file is ever
// left; an I/O error part way through a series leaves the files already
// written, whose paths are returned with the error.
//
// Read returns a *FormatError, naming the file and, where known, the byte
// offset and attribute, for anything wrong with a file's content; it wraps
// ErrUnsupported when the file may be valid DICOM but is not one Read
// handles. Read never panics on malformed input: before the file reaches
// the parser it refuses files over MaxFileSize, checks that every declared
// length fits in the bytes that remain, limits sequence nesting and the
// number of elements, and accepts only uncompressed little-endian transfer
// syntaxes; the pixel data length must equal Rows×Columns×2. A panic inside
// suyashkumar/dicom is recovered and returned as a *FormatError. Nothing in
// the package panics on user data.
package dicomio
