package dicomio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon"
)

// ErrUnsupported is wrapped by a FormatError for a file that may be valid
// DICOM but is not one Read handles (another SOP class or transfer syntax,
// colour, multi-frame, other bit depths, or beyond Read's size limits).
var ErrUnsupported = errors.New("unsupported")

// FormatError reports a file that Read cannot turn into an image: broken
// DICOM, or (wrapping ErrUnsupported) valid DICOM that Read does not handle.
type FormatError struct {
	File   string // the path given to Read
	Offset int64  // byte offset of the element at fault, or -1 if none
	Attr   string // the attribute at fault, e.g. "(0028,0010) Rows"; empty if none
	Err    error  // the cause
}

// Error returns "dicomio: <file>: offset <n>: <attribute>: <cause>", leaving
// out the parts that are unknown.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("dicomio: ")
	b.WriteString(e.File)
	if e.Offset >= 0 {
		fmt.Fprintf(&b, ": offset %d", e.Offset)
	}
	if e.Attr != "" {
		b.WriteString(": ")
		b.WriteString(e.Attr)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *FormatError) Unwrap() error { return e.Err }

// Read reads one single-frame MR Image Storage file, 16-bit monochrome, in
// Explicit or Implicit VR Little Endian, such as WriteSeries writes, and
// returns it as a one-slice image.
//
// The image has Kind Magnitude, or Complex (with zero imaginary parts) if a
// value is negative. Values are the stored pixels mapped by the first item
// of the Real World Value Mapping Sequence when present (WriteSeries puts
// its scale there, so Read returns the written magnitudes to within half a
// quantisation step), else by Rescale Slope and Intercept when present,
// else the stored values themselves.
//
// Geometry is in metres: Matrix is (Columns, Rows, 1), VoxelSize is Pixel
// Spacing swapped into (column spacing, row spacing) and, along k, Spacing
// Between Slices, else Slice Thickness, else the column spacing (so that the
// geometry validates); Position, RowDir and ColDir come from Image Position
// and Orientation (Patient). Params are converted back to SI units; when
// Magnetic Field Strength is absent, B0 is taken from Imaging Frequency.
// Idx is zero.
//
// Read refuses files larger than MaxFileSize, and checks every declared
// length against the bytes present before anything is allocated for it, so
// a lying header cannot exhaust memory. Errors about the file's content are
// *FormatError, naming the file; I/O errors are returned as they come.
func Read(path string) (*recon.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dicomio: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > MaxFileSize {
		return nil, &FormatError{File: path, Offset: -1, Err: fmt.Errorf("%w: file of %d bytes exceeds %d", ErrUnsupported, fi.Size(), MaxFileSize)}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("dicomio: %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, &FormatError{File: path, Offset: -1, Err: fmt.Errorf("%w: file exceeds %d bytes", ErrUnsupported, MaxFileSize)}
	}
	return decode(path, data)
}

// decode is Read on the bytes of a file; name is used in errors.
func decode(name string, data []byte) (*recon.Image, error) {
	if _, err := scan(data); err != nil {
		var se *scanError
		if errors.As(err, &se) {
			return nil, &FormatError{File: name, Offset: int64(se.off), Attr: se.attr, Err: se.err}
		}
		return nil, &FormatError{File: name, Offset: -1, Err: err}
	}
	ds, err := parse(data)
	if err != nil {
		return nil, &FormatError{File: name, Offset: -1, Err: err}
	}
	d := &decoder{ds: ds.Elements}
	im, err := d.image()
	if err != nil {
		return nil, &FormatError{File: name, Offset: -1, Attr: d.attr, Err: err}
	}
	return im, nil
}

// parse runs suyashkumar/dicom on data that scan accepted. The library
// panics on some malformed values (type assertions, MustGet...); such a
// panic is returned as an error.
func parse(data []byte) (ds dicom.Dataset, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("DICOM parser failed: %v", r)
		}
	}()
	return dicom.Parse(bytes.NewReader(data), int64(len(data)), nil, dicom.SkipProcessingPixelDataValue())
}

// decoder extracts an image from parsed elements; attr names the attribute
// being decoded, for errors.
type decoder struct {
	ds   []*dicom.Element
	attr string
}

func find(elems []*dicom.Element, t tag.Tag) *dicom.Element {
	for _, e := range elems {
		if e.Tag == t {
			return e
		}
	}
	return nil
}

// strs returns the string values of t; ok is false if t is absent or empty.
func (d *decoder) strs(elems []*dicom.Element, t tag.Tag) ([]string, bool, error) {
	d.attr = attrName(t)
	e := find(elems, t)
	if e == nil || e.Value == nil {
		return nil, false, nil
	}
	v, ok := e.Value.GetValue().([]string)
	if !ok {
		return nil, false, fmt.Errorf("not a string value")
	}
	if len(v) == 0 || (len(v) == 1 && strings.TrimSpace(v[0]) == "") {
		return nil, false, nil
	}
	return v, true, nil
}

// str returns the single string value of t, trimmed ("" if absent).
func (d *decoder) str(t tag.Tag) (string, error) {
	v, ok, err := d.strs(d.ds, t)
	if err != nil || !ok {
		return "", err
	}
	return strings.TrimSpace(v[0]), nil
}

// floats returns the n decimal-string values of t (ok false if absent or
// empty); want n < 0 accepts any count.
func (d *decoder) floats(elems []*dicom.Element, t tag.Tag, n int) ([]float64, bool, error) {
	v, ok, err := d.strs(elems, t)
	if err != nil || !ok {
		return nil, false, err
	}
	if n >= 0 && len(v) != n {
		return nil, false, fmt.Errorf("%d values, want %d", len(v), n)
	}
	f := make([]float64, len(v))
	for i, s := range v {
		if f[i], err = parseDS(s); err != nil {
			return nil, false, err
		}
	}
	return f, true, nil
}

// float returns the single decimal-string value of t, or 0 if absent.
func (d *decoder) float(t tag.Tag) (float64, error) {
	f, ok, err := d.floats(d.ds, t, 1)
	if err != nil || !ok {
		return 0, err
	}
	return f[0], nil
}

// required returns the n decimal-string values of t, which must be present.
func (d *decoder) required(t tag.Tag, n int) ([]float64, error) {
	f, ok, err := d.floats(d.ds, t, n)
	if err == nil && !ok {
		err = errors.New("missing")
	}
	return f, err
}

// us returns the single unsigned integer value of t; ok is false if absent.
func (d *decoder) us(t tag.Tag) (int, bool, error) {
	d.attr = attrName(t)
	e := find(d.ds, t)
	if e == nil || e.Value == nil {
		return 0, false, nil
	}
	v, ok := e.Value.GetValue().([]int)
	if !ok || len(v) != 1 {
		return 0, false, fmt.Errorf("want one integer value")
	}
	return v[0], true, nil
}

// fd returns the single binary float value of t within elems (FD, or UN
// holding 8 bytes, as an implicit VR reader may leave it).
func (d *decoder) fd(elems []*dicom.Element, t tag.Tag) (float64, bool, error) {
	d.attr = attrName(t)
	e := find(elems, t)
	if e == nil || e.Value == nil {
		return 0, false, nil
	}
	switch v := e.Value.GetValue().(type) {
	case []float64:
		if len(v) == 1 && finite(v[0]) {
			return v[0], true, nil
		}
	case []byte:
		if len(v) == 8 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(v))
			if finite(x) {
				return x, true, nil
			}
		}
	}
	return 0, false, fmt.Errorf("want one finite binary float")
}

// image decodes the pixel data, geometry and parameters.
func (d *decoder) image() (*recon.Image, error) {
	if sop, err := d.str(tag.SOPClassUID); err != nil {
		return nil, err
	} else if sop != MRImageStorage {
		return nil, fmt.Errorf("%w: SOP class %q is not MR Image Storage", ErrUnsupported, sop)
	}
	pix := map[tag.Tag]int{}
	for _, t := range []tag.Tag{tag.Rows, tag.Columns, tag.SamplesPerPixel, tag.BitsAllocated, tag.BitsStored, tag.HighBit, tag.PixelRepresentation} {
		v, ok, err := d.us(t)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errors.New("missing")
		}
		pix[t] = v
	}
	rows, cols, bits := pix[tag.Rows], pix[tag.Columns], pix[tag.BitsStored]
	switch {
	case rows < 1 || cols < 1:
		d.attr = attrName(tag.Rows)
		return nil, fmt.Errorf("empty image: %d rows, %d columns", rows, cols)
	case pix[tag.SamplesPerPixel] != 1:
		d.attr = attrName(tag.SamplesPerPixel)
		return nil, fmt.Errorf("%w: %d samples per pixel", ErrUnsupported, pix[tag.SamplesPerPixel])
	case pix[tag.BitsAllocated] != 16:
		d.attr = attrName(tag.BitsAllocated)
		return nil, fmt.Errorf("%w: %d bits allocated, want 16", ErrUnsupported, pix[tag.BitsAllocated])
	case bits < 1 || bits > 16 || pix[tag.HighBit] != bits-1:
		d.attr = attrName(tag.BitsStored)
		return nil, fmt.Errorf("%w: bits stored %d with high bit %d", ErrUnsupported, bits, pix[tag.HighBit])
	case pix[tag.PixelRepresentation] > 1:
		d.attr = attrName(tag.PixelRepresentation)
		return nil, fmt.Errorf("invalid pixel representation %d", pix[tag.PixelRepresentation])
	}
	if pi, err := d.str(tag.PhotometricInterpretation); err != nil {
		return nil, err
	} else if pi != "MONOCHROME2" && pi != "MONOCHROME1" {
		return nil, fmt.Errorf("%w: photometric interpretation %q", ErrUnsupported, pi)
	}
	if nf, err := d.str(tag.NumberOfFrames); err != nil {
		return nil, err
	} else if nf != "" && nf != "1" {
		return nil, fmt.Errorf("%w: %s frames", ErrUnsupported, nf)
	}

	d.attr = attrName(tag.PixelData)
	e := find(d.ds, tag.PixelData)
	if e == nil || e.Value == nil {
		return nil, errors.New("missing")
	}
	info, ok := e.Value.GetValue().(dicom.PixelDataInfo)
	if !ok || !info.IntentionallyUnprocessed {
		return nil, errors.New("pixel data not read as native data")
	}
	raw := info.UnprocessedValueData
	if len(raw) != 2*rows*cols {
		return nil, fmt.Errorf("%d bytes, %d rows x %d columns x 2 bytes need %d", len(raw), rows, cols, 2*rows*cols)
	}

	slope, icept, err := d.mapping()
	if err != nil {
		return nil, err
	}
	d.attr = attrName(tag.PixelData)
	im := &recon.Image{Kind: recon.Magnitude, Data: make([]complex64, rows*cols)}
	signed := pix[tag.PixelRepresentation] == 1
	mask := uint16(1<<bits - 1)
	for i := range im.Data {
		u := binary.LittleEndian.Uint16(raw[2*i:]) & mask
		var sv float64
		if signed && u&(1<<(bits-1)) != 0 {
			sv = float64(int(u) - 1<<bits)
		} else {
			sv = float64(u)
		}
		v := sv*slope + icept
		if !(math.Abs(v) <= math.MaxFloat32) {
			return nil, fmt.Errorf("stored value %g maps to %g, outside float32 range", sv, v)
		}
		if v < 0 {
			im.Kind = recon.Complex
		}
		im.Data[i] = complex(float32(v), 0)
	}

	if err := d.geometry(im, rows, cols); err != nil {
		return nil, err
	}
	if err := d.params(&im.Params); err != nil {
		return nil, err
	}
	return im, nil
}

// mapping returns the stored-to-image value map: the first Real World Value
// Mapping item, else Rescale Slope and Intercept, else identity.
func (d *decoder) mapping() (slope, icept float64, err error) {
	d.attr = attrName(tag.RealWorldValueMappingSequence)
	if e := find(d.ds, tag.RealWorldValueMappingSequence); e != nil && e.Value != nil {
		items, ok := e.Value.GetValue().([]*dicom.SequenceItemValue)
		if !ok {
			return 0, 0, errors.New("not a sequence")
		}
		if len(items) > 0 {
			elems, ok := items[0].GetValue().([]*dicom.Element)
			if !ok {
				return 0, 0, errors.New("malformed item")
			}
			s, okS, err := d.fd(elems, tag.RealWorldValueSlope)
			if err != nil {
				return 0, 0, err
			}
			c, okC, err := d.fd(elems, tag.RealWorldValueIntercept)
			if err != nil {
				return 0, 0, err
			}
			if okS && okC {
				return s, c, nil
			}
		}
	}
	s, okS, err := d.floats(d.ds, tag.RescaleSlope, 1)
	if err != nil {
		return 0, 0, err
	}
	c, okC, err := d.floats(d.ds, tag.RescaleIntercept, 1)
	if err != nil {
		return 0, 0, err
	}
	if okS && okC {
		return s[0], c[0], nil
	}
	return 1, 0, nil
}

// geometry fills im's geometry from the Image Plane module.
func (d *decoder) geometry(im *recon.Image, rows, cols int) error {
	ps, err := d.required(tag.PixelSpacing, 2)
	if err != nil {
		return err
	}
	iop, err := d.required(tag.ImageOrientationPatient, 6)
	if err != nil {
		return err
	}
	ipp, err := d.required(tag.ImagePositionPatient, 3)
	if err != nil {
		return err
	}
	thick, err := d.float(tag.SliceThickness)
	if err != nil {
		return err
	}
	spacing, err := d.float(tag.SpacingBetweenSlices)
	if err != nil {
		return err
	}
	d.attr = ""
	g := &im.Geometry
	g.Matrix = [3]int{cols, rows, 1}
	g.VoxelSize = [3]float64{ps[1] / 1e3, ps[0] / 1e3, ps[1] / 1e3}
	switch {
	case spacing > 0:
		g.VoxelSize[2] = spacing / 1e3
	case thick > 0:
		g.VoxelSize[2] = thick / 1e3
	}
	if thick > 0 {
		g.SliceThickness = thick / 1e3
	}
	for a := range 3 {
		g.Position[a] = ipp[a] / 1e3
		g.RowDir[a] = iop[a]
		g.ColDir[a] = iop[3+a]
	}
	return g.Validate()
}

// params fills p from the MR Image module (absent attributes leave zeros).
func (d *decoder) params(p *kspace.Params) error {
	var err error
	if p.SequenceName, err = d.str(tag.SequenceName); err != nil {
		return err
	}
	ms := []struct {
		t   tag.Tag
		dst *float64
	}{{tag.RepetitionTime, &p.TR}, {tag.EchoTime, &p.TE}, {tag.InversionTime, &p.TI}}
	for _, m := range ms {
		v, err := d.float(m.t)
		if err != nil {
			return err
		}
		*m.dst = v / 1e3
	}
	fa, err := d.float(tag.FlipAngle)
	if err != nil {
		return err
	}
	p.FlipAngle = fa * math.Pi / 180
	if p.B0, err = d.float(tag.MagneticFieldStrength); err != nil {
		return err
	}
	if p.B0 == 0 {
		f, err := d.float(tag.ImagingFrequency)
		if err != nil {
			return err
		}
		p.B0 = f * 1e6 / kspace.Gamma1H
	}
	if etl, err := d.str(tag.EchoTrainLength); err != nil {
		return err
	} else if etl != "" {
		if p.EchoTrainLength, err = parseIS(etl); err != nil {
			return err
		}
	}
	return nil
}
