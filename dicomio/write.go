package dicomio

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"github.com/larmor-mri/larmor/internal/atomicfile"
	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon"
)

// DICOM identifiers used by the writer.
const (
	// MRImageStorage is the SOP Class UID of the (single-frame) MR Image
	// Storage SOP Class that WriteSeries writes and Read reads.
	MRImageStorage = "1.2.840.10008.5.1.4.1.1.4"

	explicitVRLittleEndian = "1.2.840.10008.1.2.1"
	implicitVRLittleEndian = "1.2.840.10008.1.2"
)

// maxStored is the largest stored pixel value (16-bit unsigned).
const maxStored = 65535

// Window is a display window (DICOM VOI LUT Window Center and Width) in the
// units of the image data: values up to Center-Width/2 show black, from
// Center+Width/2 white. WriteSeries converts it to stored units.
type Window struct {
	Center float64
	Width  float64 // a zero Width selects the automatic window
}

// Writer writes reconstructed images as a DICOM MR series. Its fields are
// options; the zero value is ready to use and gives the documented defaults.
// A Writer is a plain value: it may be copied and used concurrently.
type Writer struct {
	// PatientName is a DICOM person name ("Family^Given"), PatientID the
	// patient identifier; both may be empty (DICOM type 2).
	PatientName string
	PatientID   string

	// StudyDescription and SeriesDescription are free text (at most 64
	// characters); empty ones are left out.
	StudyDescription  string
	SeriesDescription string

	// SeriesNumber numbers the series within its study; 0 means 1.
	SeriesNumber int

	// StudyInstanceUID, SeriesInstanceUID and FrameOfReferenceUID, when
	// empty, are derived from a SHA-256 of the options and the images (see
	// UIDRoot): the study and frame of reference UIDs from the patient,
	// study description and StudyTime, so that series written with equal
	// options share them; the series UID also from the other options and
	// every image's geometry, parameters and data.
	StudyInstanceUID    string
	SeriesInstanceUID   string
	FrameOfReferenceUID string

	// UIDRoot is the organisation root under which derived UIDs are made
	// (at most 40 characters). Empty means "2.25", the root for UIDs made
	// from UUIDs (PS3.5 B.2): derived UIDs are then "2.25." followed by the
	// decimal value of a name-based (RFC 9562 version 8) UUID.
	UIDRoot string

	// Manufacturer is written to General Equipment; empty means "Larmor".
	Manufacturer string

	// StudyTime dates the study, series, content and instance creation,
	// written in its own location (time zone). The zero time means
	// time.Now() at the call, so that every call then starts a new study
	// unless StudyInstanceUID is set. Set it to get the same bytes, UIDs
	// included, every time the same images are written.
	StudyTime time.Time

	// Window is the display window written to every file. A zero Width
	// selects the automatic window, which spans the series from 0 to its
	// largest magnitude (see WriteSeries).
	Window Window
}

// ImageError reports an invalid image given to WriteSeries.
type ImageError struct {
	Index int   // position of the image in the slice passed to WriteSeries
	Err   error // what is wrong
}

// Error returns "dicomio: image <index>: <cause>".
// Error returns "dicomio: image <index>: <cause>".
func (e *ImageError) Error() string { return fmt.Sprintf("dicomio: image %d: %v", e.Index, e.Err) }

// Unwrap returns the cause.
func (e *ImageError) Unwrap() error { return e.Err }

// WriteSeries writes images as one MR series into dir with the default
// options. It is Writer{}.WriteSeries.
func WriteSeries(dir string, images []*recon.Image) ([]string, error) {
	return Writer{}.WriteSeries(dir, images)
}

// WriteSeries writes images as one DICOM MR series into dir, creating dir if
// needed, and returns the paths of the files written in order.
//
// Every 2D slice becomes one MR Image Storage file (Explicit VR Little
// Endian, with File Meta Information) named IM00001.dcm, IM00002.dcm, ...
// in the order of images and, within a volume, of increasing k; existing
// files of those names are replaced. Slice k of an image lies at
// Position + k*VoxelSize[2]*SliceDir(). Each file is written atomically
// (temporary file, then rename). Every image is checked before the first
// file is written, so invalid input leaves dir untouched; if an I/O error
// stops the series part way, the files already written stay, and their
// paths are returned with the error.
//
// Pixels are the magnitude |v| of each value, stored as 16-bit unsigned
// integers (MONOCHROME2, all 16 bits used) with one scale for the whole
// series:
//
//	stored = round(65535 * |v| / max)
//
// computed in float64, where max is the largest |v| over all images and
// round is half away from zero (all zeros store as 0). Every file records
// the scale max/65535 (1 if max is 0) as the slope of its Real World Value
// Mapping Sequence, intercept 0, so that image value = stored*slope to
// within slope/2, and says so in Image Comments. There is no Rescale
// Slope/Intercept (see the package doc), so Window Center and Width are in
// stored units: Writer.Window, given in image units, is converted so that
// DICOM's LINEAR function maps Center-Width/2 to black and Center+Width/2 to
// white; the automatic window spans 0 to 65535 (Center 32768, Width 65536).
//
// Geometry goes out in DICOM's millimetres: Image Position (Patient) is the
// centre of the slice's first voxel, Image Orientation (Patient) is RowDir
// then ColDir, Pixel Spacing is VoxelSize[1] (between rows) then
// VoxelSize[0] (between columns), Rows is Matrix[1] and Columns Matrix[0].
// Slice Thickness is Geometry.SliceThickness, or VoxelSize[2] when that is
// 0; Slice Location is the position along SliceDir(); volumes
// (Matrix[2] > 1) also get Spacing Between Slices and MR Acquisition Type
// 3D, single slices 2D.
//
// Parameters come from Image.Params in DICOM's units: Repetition, Echo and
// Inversion Time in ms, Flip Angle in degrees, Magnetic Field Strength in T,
// Imaging Frequency (the 1H Larmor frequency) in MHz, Echo Train Length and
// Sequence Name (cut to 16 characters). Zero parameters are unknown: type 2
// attributes are left empty and optional ones out. Scanning Sequence and
// Sequence Variant are derived from the words (runs of letters, any case)
// of the sequence name; names of up to four letters must match a whole
// word, longer ones the start of a word:
//
//	word                                          Scanning Sequence; Sequence Variant
//	epi                                           EP, with SE if a spin-echo word is present, else GR
//	se, tse, fse, rare, haste, spin               SE; SK if Echo Train Length > 1
//	gre, flash, spgr, fl, ge, gradient, spoiled   GR; SP (spoiled)
//	ssfp, bssfp, trufi, fisp, fiesta              GR; SS (steady state)
//	psif                                          GR; TRSS (time-reversed steady state)
//	ir, inversion, flair, stir (or TI > 0)        adds IR; MP with GR
//	mprage                                        GR and IR; MP
//	none of these                                 RM (research mode); NONE
//
// Patient Position is HFS (DESIGN.md's head-first supine patient), Image
// Type ORIGINAL\PRIMARY\OTHER, and Laterality empty (unknown body part).
//
// WriteSeries returns an *ImageError for a nil image, an image whose
// geometry fails Geometry.Validate or has non-finite values, a matrix with
// more than 65535 rows or columns, a Data length that does not match the
// matrix, an unknown Kind, NaN or infinite voxel values, or invalid
// parameters; and a plain error for invalid options.
func (w Writer) WriteSeries(dir string, images []*recon.Image) ([]string, error) {
	if err := w.check(); err != nil {
		return nil, err
	}
	if len(images) == 0 {
		return nil, errors.New("dicomio: WriteSeries: no images")
	}
	maxAbs := 0.0
	for n, im := range images {
		m, err := checkImage(im)
		if err != nil {
			return nil, &ImageError{Index: n, Err: err}
		}
		maxAbs = math.Max(maxAbs, m)
	}
	q := newQuantizer(maxAbs)
	win := q.window(w.Window)

	s := w.series(images)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dicomio: %w", err)
	}
	var paths []string
	inst := 0
	for n, im := range images {
		for k := range im.Matrix[2] {
			inst++
			path := filepath.Join(dir, fmt.Sprintf("IM%05d.dcm", inst))
			ds, err := s.slice(im, k, inst, q, win)
			if err != nil {
				return paths, &ImageError{Index: n, Err: err}
			}
			var buf bytes.Buffer
			if err := dicom.Write(&buf, dicom.Dataset{Elements: ds}); err != nil {
				return paths, &ImageError{Index: n, Err: fmt.Errorf("slice %d: encoding: %w", k, err)}
			}
			if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
				return paths, fmt.Errorf("dicomio: %w", err)
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}

// check validates the options.
func (w Writer) check() error {
	texts := []struct {
		field, vr, v string
		max          int
	}{
		{"PatientName", "PN", w.PatientName, 64},
		{"PatientID", "LO", w.PatientID, 64},
		{"StudyDescription", "LO", w.StudyDescription, 64},
		{"SeriesDescription", "LO", w.SeriesDescription, 64},
		{"Manufacturer", "LO", w.Manufacturer, 64},
	}
	for _, t := range texts {
		if err := checkText("Writer."+t.field, t.vr, t.v, t.max); err != nil {
			return err
		}
	}
	if w.SeriesNumber < 0 || w.SeriesNumber > math.MaxInt32 {
		return fmt.Errorf("dicomio: Writer.SeriesNumber %d is negative or too large", w.SeriesNumber)
	}
	for _, u := range []struct{ field, v string }{
		{"StudyInstanceUID", w.StudyInstanceUID},
		{"SeriesInstanceUID", w.SeriesInstanceUID},
		{"FrameOfReferenceUID", w.FrameOfReferenceUID},
	} {
		if u.v != "" {
			if err := checkUID("Writer."+u.field, u.v, 64); err != nil {
				return err
			}
		}
	}
	if w.UIDRoot != "" {
		if err := checkUID("Writer.UIDRoot", w.UIDRoot, maxRootLen); err != nil {
			return err
		}
	}
	if win := w.Window; win.Width != 0 && (!finite(win.Center) || !finite(win.Width) || win.Width < 0) {
		return fmt.Errorf("dicomio: Writer.Window %+v: centre and width must be finite, width positive", win)
	}
	return nil
}

// checkImage validates one image and returns its largest magnitude.
func checkImage(im *recon.Image) (float64, error) {
	if im == nil {
		return 0, errors.New("nil image")
	}
	g := im.Geometry
	if err := g.Validate(); err != nil {
		return 0, err
	}
	for _, v := range [][3]float64{g.Position, g.RowDir, g.ColDir} {
		for _, x := range v {
			if !finite(x) {
				return 0, fmt.Errorf("geometry: position %v, row %v, column %v: values must be finite", g.Position, g.RowDir, g.ColDir)
			}
		}
	}
	if !finite(g.SliceThickness) || g.SliceThickness < 0 {
		return 0, fmt.Errorf("geometry: slice thickness %g [m] must be finite and not negative", g.SliceThickness)
	}
	if g.Matrix[0] > maxStored || g.Matrix[1] > maxStored {
		return 0, fmt.Errorf("matrix %v: DICOM allows at most 65535 rows and columns", g.Matrix)
	}
	n := 1
	for _, d := range g.Matrix {
		if n > math.MaxInt/d {
			return 0, fmt.Errorf("matrix %v overflows", g.Matrix)
		}
		n *= d
	}
	if len(im.Data) != n {
		return 0, fmt.Errorf("data has %d values, matrix %v needs %d", len(im.Data), g.Matrix, n)
	}
	if im.Kind != recon.Complex && im.Kind != recon.Magnitude {
		return 0, fmt.Errorf("unknown kind %v", im.Kind)
	}
	if err := checkParams(im.Params); err != nil {
		return 0, err
	}
	m := 0.0
	for i, v := range im.Data {
		a := magnitude(v)
		if math.IsNaN(a) || math.IsInf(a, 0) {
			nx, ny := g.Matrix[0], g.Matrix[1]
			return 0, fmt.Errorf("voxel (%d,%d,%d) is %v", i%nx, i/nx%ny, i/(nx*ny), v)
		}
		m = math.Max(m, a)
	}
	return m, nil
}

func checkParams(p kspace.Params) error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"B0", p.B0}, {"TR", p.TR}, {"TE", p.TE}, {"TI", p.TI}, {"FlipAngle", p.FlipAngle}} {
		if !finite(f.v) || f.v < 0 {
			return fmt.Errorf("params: %s = %g must be finite and not negative", f.name, f.v)
		}
	}
	if p.EchoTrainLength < 0 || p.EchoTrainLength > math.MaxInt32 {
		return fmt.Errorf("params: EchoTrainLength = %d out of range", p.EchoTrainLength)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// magnitude returns |v| computed in float64.
func magnitude(v complex64) float64 { return math.Hypot(float64(real(v)), float64(imag(v))) }

// quantizer maps magnitudes to stored values: round(65535*a/max).
type quantizer struct {
	max   float64 // largest magnitude in the series
	slope float64 // image value per stored unit: max/65535, or 1 if max is 0
}

func newQuantizer(max float64) quantizer {
	if !(max > 0) {
		return quantizer{max: 0, slope: 1}
	}
	return quantizer{max: max, slope: max / maxStored}
}

// stored returns the stored value of magnitude a (0 <= a <= max).
func (q quantizer) stored(a float64) uint16 {
	if q.max == 0 {
		return 0
	}
	v := math.Round(maxStored * a / q.max)
	if v > maxStored { // cannot happen for a <= max; kept as a guard
		v = maxStored
	}
	return uint16(v)
}

// window converts a window in image units to stored units, such that DICOM's
// LINEAR VOI function (PS3.3 C.11.2.1.2.1) maps Center-Width/2 to black and
// Center+Width/2 to white; a zero Width gives the automatic window, stored
// values 0 to 65535 (Center 32768, Width 65536).
func (q quantizer) window(w Window) Window {
	lo, hi := 0.0, float64(maxStored)
	if w.Width != 0 {
		lo, hi = (w.Center-w.Width/2)/q.slope, (w.Center+w.Width/2)/q.slope
	}
	// LINEAR: x <= c-0.5-(w-1)/2 is black, x > c-0.5+(w-1)/2 is white.
	return Window{Center: (lo+hi)/2 + 0.5, Width: math.Max(hi-lo+1, 1)}
}

// series holds what every file of one WriteSeries call shares.
type series struct {
	w                           Writer
	t                           time.Time
	studyUID, seriesUID, forUID string
	charset                     bool // non-ASCII text present: write ISO_IR 192
}

// series derives the shared attributes and UIDs.
func (w Writer) series(images []*recon.Image) *series {
	s := &series{w: w, t: w.StudyTime}
	if s.t.IsZero() {
		s.t = time.Now()
	}
	if w.SeriesNumber == 0 {
		s.w.SeriesNumber = 1
	}
	if w.Manufacturer == "" {
		s.w.Manufacturer = "Larmor"
	}
	s.studyUID = w.StudyInstanceUID
	if s.studyUID == "" {
		s.studyUID = newUIDHash("study").str(w.UIDRoot).str(w.PatientName).str(w.PatientID).
			str(w.StudyDescription).int(s.t.UnixNano()).str(s.t.Format(time.RFC3339Nano)).uid(w.UIDRoot)
	}
	s.forUID = w.FrameOfReferenceUID
	if s.forUID == "" {
		s.forUID = newUIDHash("frame of reference").str(s.studyUID).uid(w.UIDRoot)
	}
	s.seriesUID = w.SeriesInstanceUID
	if s.seriesUID == "" {
		h := newUIDHash("series").str(s.studyUID).int(int64(s.w.SeriesNumber)).str(w.SeriesDescription).
			str(s.w.Manufacturer).str(fmt.Sprint(w.Window))
		for _, im := range images {
			h.str(fmt.Sprintf("%v|%v|%v|%v", im.Geometry, im.Kind, im.Params, im.Idx))
			h.complexes(im.Data)
		}
		s.seriesUID = h.uid(w.UIDRoot)
	}
	for _, t := range []string{w.PatientName, w.PatientID, w.StudyDescription, w.SeriesDescription, w.Manufacturer} {
		s.charset = s.charset || !isASCII(t)
	}
	for _, im := range images {
		s.charset = s.charset || !isASCII(sanitizeSH(im.Params.SequenceName))
	}
	return s
}

// builder collects data elements; the first error sticks.
type builder struct {
	elems []*dicom.Element
	err   error
}

func (b *builder) add(t tag.Tag, vr string, data any) {
	if b.err != nil {
		return
	}
	v, err := dicom.NewValue(data)
	if err != nil {
		b.err = fmt.Errorf("element %v: %w", t, err)
		return
	}
	b.elems = append(b.elems, &dicom.Element{Tag: t, ValueRepresentation: tag.GetVRKind(t, vr), RawValueRepresentation: vr, Value: v})
}

func (b *builder) str(t tag.Tag, vr string, v ...string) { b.add(t, vr, v) }

func (b *builder) ds(t tag.Tag, v ...float64) {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatDS(x)
	}
	b.add(t, "DS", s)
}

// dsOrEmpty writes a type 2 Decimal String: empty when v is 0 (unknown).
func (b *builder) dsOrEmpty(t tag.Tag, v float64) {
	if v == 0 {
		b.str(t, "DS", "")
		return
	}
	b.ds(t, v)
}

func (b *builder) us(t tag.Tag, v ...int) { b.add(t, "US", v) }

// seq adds a sequence whose items are filled by the given functions.
func (b *builder) seq(t tag.Tag, items ...func(*builder)) {
	var all [][]*dicom.Element
	for _, fill := range items {
		var ib builder
		fill(&ib)
		if ib.err != nil && b.err == nil {
			b.err = ib.err
		}
		all = append(all, ib.sorted())
	}
	b.add(t, "SQ", all)
}

// sorted returns the elements in ascending tag order, as DICOM requires.
func (b *builder) sorted() []*dicom.Element {
	slices.SortFunc(b.elems, func(x, y *dicom.Element) int { return cmp.Compare(x.Tag.Uint32(), y.Tag.Uint32()) })
	return b.elems
}

// slice builds the data set of slice k of im, instance number inst.
func (s *series) slice(im *recon.Image, k, inst int, q quantizer, win Window) ([]*dicom.Element, error) {
	g := im.Geometry
	p := im.Params
	nx, ny := g.Matrix[0], g.Matrix[1]
	sopUID := newUIDHash("instance").str(s.seriesUID).int(int64(inst)).uid(s.w.UIDRoot)
	date, tm := s.t.Format("20060102"), s.t.Format("150405")

	// Pixels, little endian, DICOM row j = image j.
	pix := im.Data[nx*ny*k : nx*ny*(k+1)]
	raw := make([]byte, 2*len(pix))
	lo, hi := maxStored, 0
	for i, v := range pix {
		sv := q.stored(magnitude(v))
		binary.LittleEndian.PutUint16(raw[2*i:], sv)
		lo, hi = min(lo, int(sv)), max(hi, int(sv))
	}

	pos := g.VoxelCenter(0, 0, k)
	normal := g.SliceDir()
	thick := g.SliceThickness
	if thick == 0 {
		thick = g.VoxelSize[2]
	}
	seqs, variant := scanning(p)

	var b builder
	// File Meta Information.
	b.add(tag.FileMetaInformationVersion, "OB", []byte{0, 1})
	b.str(tag.MediaStorageSOPClassUID, "UI", MRImageStorage)
	b.str(tag.MediaStorageSOPInstanceUID, "UI", sopUID)
	b.str(tag.TransferSyntaxUID, "UI", explicitVRLittleEndian)
	b.str(tag.ImplementationClassUID, "UI", implementationClassUID)
	b.str(tag.ImplementationVersionName, "SH", implementationVersionName)

	// SOP Common.
	if s.charset {
		b.str(tag.SpecificCharacterSet, "CS", "ISO_IR 192")
	}
	b.str(tag.SOPClassUID, "UI", MRImageStorage)
	b.str(tag.SOPInstanceUID, "UI", sopUID)
	b.str(tag.InstanceCreationDate, "DA", date)
	b.str(tag.InstanceCreationTime, "TM", tm)

	// Patient.
	b.str(tag.PatientName, "PN", s.w.PatientName)
	b.str(tag.PatientID, "LO", s.w.PatientID)
	b.str(tag.PatientBirthDate, "DA", "")
	b.str(tag.PatientSex, "CS", "")

	// General Study.
	b.str(tag.StudyInstanceUID, "UI", s.studyUID)
	b.str(tag.StudyDate, "DA", date)
	b.str(tag.StudyTime, "TM", tm)
	b.str(tag.ReferringPhysicianName, "PN", "")
	b.str(tag.StudyID, "SH", "")
	b.str(tag.AccessionNumber, "SH", "")
	if s.w.StudyDescription != "" {
		b.str(tag.StudyDescription, "LO", s.w.StudyDescription)
	}

	// General Series.
	b.str(tag.Modality, "CS", "MR")
	b.str(tag.SeriesInstanceUID, "UI", s.seriesUID)
	b.str(tag.SeriesNumber, "IS", fmt.Sprint(s.w.SeriesNumber))
	b.str(tag.SeriesDate, "DA", date)
	b.str(tag.SeriesTime, "TM", tm)
	if s.w.SeriesDescription != "" {
		b.str(tag.SeriesDescription, "LO", s.w.SeriesDescription)
	}
	b.str(tag.PatientPosition, "CS", "HFS")
	b.str(tag.Laterality, "CS", "")

	// Frame of Reference.
	b.str(tag.FrameOfReferenceUID, "UI", s.forUID)
	b.str(tag.PositionReferenceIndicator, "LO", "")

	// General Equipment.
	b.str(tag.Manufacturer, "LO", s.w.Manufacturer)

	// General Image.
	b.str(tag.InstanceNumber, "IS", fmt.Sprint(inst))
	b.str(tag.ContentDate, "DA", date)
	b.str(tag.ContentTime, "TM", tm)
	b.str(tag.LossyImageCompression, "CS", "00")

	// Image Plane.
	b.ds(tag.PixelSpacing, 1e3*g.VoxelSize[1], 1e3*g.VoxelSize[0])
	b.ds(tag.ImageOrientationPatient, g.RowDir[0], g.RowDir[1], g.RowDir[2], g.ColDir[0], g.ColDir[1], g.ColDir[2])
	b.ds(tag.ImagePositionPatient, 1e3*pos[0], 1e3*pos[1], 1e3*pos[2])
	b.ds(tag.SliceThickness, 1e3*thick)
	if g.Matrix[2] > 1 {
		b.ds(tag.SpacingBetweenSlices, 1e3*g.VoxelSize[2])
	}
	b.ds(tag.SliceLocation, 1e3*(pos[0]*normal[0]+pos[1]*normal[1]+pos[2]*normal[2]))

	// Image Pixel.
	b.us(tag.SamplesPerPixel, 1)
	b.str(tag.PhotometricInterpretation, "CS", "MONOCHROME2")
	b.us(tag.Rows, ny)
	b.us(tag.Columns, nx)
	b.us(tag.BitsAllocated, 16)
	b.us(tag.BitsStored, 16)
	b.us(tag.HighBit, 15)
	b.us(tag.PixelRepresentation, 0)
	b.us(tag.SmallestImagePixelValue, lo)
	b.us(tag.LargestImagePixelValue, hi)
	b.add(tag.PixelData, "OW", dicom.PixelDataInfo{IntentionallyUnprocessed: true, UnprocessedValueData: raw})

	// MR Image.
	b.str(tag.ImageType, "CS", "ORIGINAL", "PRIMARY", "OTHER")
	b.str(tag.ScanningSequence, "CS", seqs...)
	b.str(tag.SequenceVariant, "CS", variant...)
	b.str(tag.ScanOptions, "CS", "")
	if g.Matrix[2] > 1 {
		b.str(tag.MRAcquisitionType, "CS", "3D")
	} else {
		b.str(tag.MRAcquisitionType, "CS", "2D")
	}
	if name := sanitizeSH(p.SequenceName); name != "" {
		b.str(tag.SequenceName, "SH", name)
	}
	b.dsOrEmpty(tag.RepetitionTime, 1e3*p.TR)
	b.dsOrEmpty(tag.EchoTime, 1e3*p.TE)
	if slices.Contains(seqs, "IR") {
		b.dsOrEmpty(tag.InversionTime, 1e3*p.TI)
	}
	if p.EchoTrainLength > 0 {
		b.str(tag.EchoTrainLength, "IS", fmt.Sprint(p.EchoTrainLength))
	} else {
		b.str(tag.EchoTrainLength, "IS", "")
	}
	if p.B0 > 0 {
		b.ds(tag.ImagingFrequency, p.LarmorFrequency()/1e6)
		b.ds(tag.MagneticFieldStrength, p.B0)
	}
	b.str(tag.ImagedNucleus, "SH", "1H")
	if p.FlipAngle > 0 {
		b.ds(tag.FlipAngle, p.FlipAngle*180/math.Pi)
	}

	// Real World Value Mapping (General Image): image value = stored*slope.
	b.seq(tag.RealWorldValueMappingSequence, func(it *builder) {
		it.str(tag.LUTExplanation, "LO", "Larmor image value")
		it.seq(tag.MeasurementUnitsCodeSequence, func(c *builder) {
			c.str(tag.CodeValue, "SH", "[arb'U]")
			c.str(tag.CodingSchemeDesignator, "SH", "UCUM")
			c.str(tag.CodeMeaning, "LO", "arbitrary unit")
		})
		it.str(tag.LUTLabel, "SH", "LARMOR")
		it.us(tag.RealWorldValueLastValueMapped, maxStored)
		it.us(tag.RealWorldValueFirstValueMapped, 0)
		it.add(tag.RealWorldValueIntercept, "FD", []float64{0})
		it.add(tag.RealWorldValueSlope, "FD", []float64{q.slope})
	})
	b.str(tag.ImageComments, "LT", fmt.Sprintf("image value = %s * stored value (magnitude)", formatDS(q.slope)))

	// VOI LUT.
	b.ds(tag.WindowCenter, win.Center)
	b.ds(tag.WindowWidth, win.Width)

	if b.err != nil {
		return nil, fmt.Errorf("slice %d: %w", k, b.err)
	}
	return b.sorted(), nil
}

// scanning derives Scanning Sequence and Sequence Variant from the sequence
// name and parameters (the table in WriteSeries' doc comment).
func scanning(p kspace.Params) (seqs, variant []string) {
	words := strings.FieldsFunc(strings.ToLower(p.SequenceName), func(r rune) bool { return r < 'a' || r > 'z' })
	// match reports whether a word equals one of the names (up to four
	// letters) or starts with one (longer names).
	match := func(names ...string) bool {
		for _, w := range words {
			for _, n := range names {
				if w == n || len(n) > 4 && strings.HasPrefix(w, n) {
					return true
				}
			}
		}
		return false
	}
	epi := match("epi")
	se := match("se", "tse", "fse", "rare", "haste", "spin")
	spoiled := match("gre", "spgr", "fl", "ge", "flash", "gradient", "spoiled")
	ss := match("ssfp", "bssfp", "trufi", "fisp", "fiesta")
	trss := match("psif")
	mprage := match("mprage")
	ir := p.TI > 0 || mprage || match("ir", "inversion", "flair", "stir")
	gr := spoiled || ss || trss || mprage || (epi && !se)

	switch {
	case se:
		seqs = append(seqs, "SE")
	case gr:
		seqs = append(seqs, "GR")
	}
	if ir {
		seqs = append(seqs, "IR")
	}
	if epi {
		seqs = append(seqs, "EP")
	}
	if len(seqs) == 0 {
		seqs = []string{"RM"}
	}
	switch {
	case se && p.EchoTrainLength > 1:
		variant = append(variant, "SK")
	case trss:
		variant = append(variant, "TRSS")
	case ss:
		variant = append(variant, "SS")
	case spoiled:
		variant = append(variant, "SP")
	}
	if ir && gr {
		variant = append(variant, "MP")
	}
	if len(variant) == 0 {
		variant = []string{"NONE"}
	}
	return seqs, variant
}
