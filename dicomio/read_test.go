package dicomio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/recon"
)

// smallFile returns the bytes of a small valid file written by WriteSeries.
func smallFile(t testing.TB) []byte {
	t.Helper()
	im := axialImage(3, 2, 1, 1)
	im.Data[0] = 0.5
	paths, err := Writer{StudyTime: testTime}.WriteSeries(t.TempDir(), []*recon.Image{im})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// elemAt returns the offset of the explicit-VR element (group,elem) with VR
// vr in data, after the 132-byte preamble.
func elemAt(t *testing.T, data []byte, group, elem uint16, vr string) int {
	t.Helper()
	var pat [6]byte
	binary.LittleEndian.PutUint16(pat[0:], group)
	binary.LittleEndian.PutUint16(pat[2:], elem)
	copy(pat[4:], vr)
	i := bytes.Index(data[132:], pat[:])
	if i < 0 {
		t.Fatalf("element (%04x,%04x) %s not found", group, elem, vr)
	}
	return 132 + i
}

// mustFormatError checks that err is a *FormatError (wrapping
// ErrUnsupported if unsupported is set) mentioning want.
func mustFormatError(t *testing.T, err error, unsupported bool, want string) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want *FormatError", err, err)
	}
	if errors.Is(err, ErrUnsupported) != unsupported {
		t.Errorf("err = %v: errors.Is(ErrUnsupported) = %v, want %v", err, !unsupported, unsupported)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to mention %q", err, want)
	}
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// lieAllocLimit bounds what decoding a small file with a lying length may
// allocate: the file is ~1.5 KiB, a lie claims up to 4 GiB.
const lieAllocLimit = 1 << 20

func TestReadRejects(t *testing.T) {
	good := smallFile(t)
	if _, err := decode("good.dcm", good); err != nil {
		t.Fatalf("valid file: %v", err)
	}
	patch := func(f func(b []byte)) []byte {
		b := bytes.Clone(good)
		f(b)
		return b
	}
	cases := []struct {
		name        string
		data        []byte
		unsupported bool
		want        string
	}{
		{"empty", nil, false, "not a DICOM Part 10 file"},
		{"text", []byte(strings.Repeat("not dicom ", 30)), false, "DICM"},
		{"meta length lie", patch(func(b []byte) { binary.LittleEndian.PutUint32(b[140:], 0x7FFFFFF0) }), false, "group length"},
		{"short VL lie", patch(func(b []byte) {
			p := elemAt(t, b, 0x0010, 0x0010, "PN")
			binary.LittleEndian.PutUint16(b[p+6:], 0xFFF0)
		}), false, "(0010,0010) PatientName: value length 65520 exceeds"},
		{"pixel VL lie", patch(func(b []byte) {
			p := elemAt(t, b, 0x7FE0, 0x0010, "OW")
			binary.LittleEndian.PutUint32(b[p+8:], 0xFFFFFFF0)
		}), false, "PixelData: value length 4294967280 exceeds"},
		{"rows lie", patch(func(b []byte) {
			p := elemAt(t, b, 0x0028, 0x0010, "US")
			binary.LittleEndian.PutUint16(b[p+8:], 65535)
		}), false, "65535 rows x 3 columns"},
		{"zero columns", patch(func(b []byte) {
			p := elemAt(t, b, 0x0028, 0x0011, "US")
			binary.LittleEndian.PutUint16(b[p+8:], 0)
		}), false, "empty image"},
		{"8 bits", patch(func(b []byte) {
			p := elemAt(t, b, 0x0028, 0x0100, "US")
			binary.LittleEndian.PutUint16(b[p+8:], 8)
		}), true, "bits allocated"},
		{"big endian", patch(func(b []byte) {
			p := bytes.Index(b, []byte(explicitVRLittleEndian))
			b[p+len(explicitVRLittleEndian)-1] = '2' // 1.2.840.10008.1.2.2
		}), true, "transfer syntax"},
		{"bad VR", patch(func(b []byte) {
			p := elemAt(t, b, 0x0010, 0x0010, "PN")
			copy(b[p+4:], "ZZ")
		}), false, "unknown VR"},
		{"odd length", patch(func(b []byte) {
			p := elemAt(t, b, 0x0010, 0x0010, "PN")
			binary.LittleEndian.PutUint16(b[p+6:], 3)
		}), false, "odd value length"},
		{"not MR", patch(func(b []byte) {
			p := elemAt(t, b, 0x0008, 0x0016, "UI")
			copy(b[p+8:], "1.2.840.10008.5.1.4.1.1.7") // same length: Secondary Capture
		}), true, "SOP class"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = decode(c.name, c.data) })
			mustFormatError(t, err, c.unsupported, c.want)
			if !strings.Contains(err.Error(), c.name) {
				t.Errorf("err = %q does not name the file", err)
			}
			if n > lieAllocLimit {
				t.Errorf("decoding allocated %d bytes", n)
			}
		})
	}
}

// TestReadTruncated cuts a valid file at every length: each must fail with a
// *FormatError, never panic.
func TestReadTruncated(t *testing.T) {
	good := smallFile(t)
	for n := range len(good) {
		if _, err := decode("cut.dcm", good[:n]); err == nil {
			t.Fatalf("file cut to %d of %d bytes accepted", n, len(good))
		} else if fe := (*FormatError)(nil); !errors.As(err, &fe) {
			t.Fatalf("cut to %d: %v (%T)", n, err, err)
		}
	}
}

// header returns the bytes of a Part 10 file up to the data set, with the
// given transfer syntax.
func header(ts string) []byte {
	var meta bytes.Buffer
	el := func(g, e uint16, vr string, v []byte) {
		binary.Write(&meta, binary.LittleEndian, [2]uint16{g, e})
		meta.WriteString(vr)
		binary.Write(&meta, binary.LittleEndian, uint16(len(v)))
		meta.Write(v)
	}
	v := []byte(ts)
	if len(v)%2 == 1 {
		v = append(v, 0)
	}
	el(0x0002, 0x0010, "UI", v)
	b := make([]byte, 128, 1024)
	b = append(b, "DICM"...)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = append(b, "UL"...)
	b = binary.LittleEndian.AppendUint16(b, 4)
	b = binary.LittleEndian.AppendUint32(b, uint32(meta.Len()))
	return append(b, meta.Bytes()...)
}

// TestReadDeepAndMany checks the structural limits: sequences nested a
// million deep and a million tiny elements are refused cheaply, without
// exhausting the stack or memory.
func TestReadDeepAndMany(t *testing.T) {
	deep := header(explicitVRLittleEndian)
	for range 1_000_000 {
		deep = binary.LittleEndian.AppendUint16(deep, 0x0008)
		deep = binary.LittleEndian.AppendUint16(deep, 0x1140) // ReferencedImageSequence
		deep = append(deep, 'S', 'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF)
		deep = append(deep, 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF) // item, undefined length
	}
	many := header(implicitVRLittleEndian)
	for range 1_000_000 {
		many = append(many, 0x09, 0x00, 0x10, 0x10, 0, 0, 0, 0) // private, empty
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{{"deep", deep, "nested more than"}, {"many", many, "data elements"}} {
		var err error
		n := allocated(func() { _, err = decode(c.name, c.data) })
		mustFormatError(t, err, true, c.want)
		// The scan makes short-lived garbage per element (dictionary
		// look-ups); what matters is that it stays of the order of the input.
		if n > uint64(len(c.data))+lieAllocLimit {
			t.Errorf("%s: decoding %d bytes allocated %d bytes", c.name, len(c.data), n)
		}
	}
}

// TestReadForeign reads files that WriteSeries does not write: Implicit VR
// Little Endian made by dcmtk's dcmconv (and Big Endian, refused), and a
// file carrying Rescale Slope/Intercept instead of a Real World Value
// Mapping, rewritten with suyashkumar/dicom.
func TestReadForeign(t *testing.T) {
	_, paths, _ := writeTestSeries(t)
	want, err := Read(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Run("rescale", func(t *testing.T) {
		ds, err := dicom.ParseFile(paths[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		var els []*dicom.Element
		for _, e := range ds.Elements {
			switch e.Tag {
			case tag.RealWorldValueMappingSequence:
				continue
			case tag.WindowWidth: // keep tag order: rescale follows the window
				els = append(els, e)
				for _, r := range []struct {
					t tag.Tag
					v string
				}{{tag.RescaleIntercept, "-10000"}, {tag.RescaleSlope, "0.5"}} {
					re, err := dicom.NewElement(r.t, []string{r.v})
					if err != nil {
						t.Fatal(err)
					}
					els = append(els, re)
				}
				continue
			}
			els = append(els, e)
		}
		var buf bytes.Buffer
		if err := dicom.Write(&buf, dicom.Dataset{Elements: els}); err != nil {
			t.Fatal(err)
		}
		im, err := decode("rescaled.dcm", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if im.Kind != recon.Complex {
			t.Errorf("negative values read as kind %v", im.Kind)
		}
		raw := readStored(t, paths[0])
		for i, v := range im.Data {
			if e := float64(raw[i])*0.5 - 10000; math.Abs(float64(real(v))-e) > 1e-3 {
				t.Fatalf("voxel %d: %v, want %g", i, v, e)
			}
		}
	})
	conv := tooltest.Require(t, "dcmconv", "dcmtk")
	for _, c := range []struct {
		opt         string
		unsupported bool
	}{{"+ti", false}, {"+tb", true}} {
		out := filepath.Join(t.TempDir(), "conv.dcm")
		if msg, err := exec.Command(conv, c.opt, paths[0], out).CombinedOutput(); err != nil {
			t.Fatalf("dcmconv %s: %v\n%s", c.opt, err, msg)
		}
		im, err := Read(out)
		if c.unsupported {
			mustFormatError(t, err, true, "transfer syntax")
			continue
		}
		if err != nil {
			t.Fatalf("implicit VR: %v", err)
		}
		if im.Geometry != want.Geometry || im.Params != want.Params || !slicesEqual(im.Data, want.Data) {
			t.Errorf("implicit VR file reads differently:\n%+v\n%+v", im.Geometry, want.Geometry)
		}
	}
}

func slicesEqual(a, b []complex64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// readStored returns a file's stored pixel values, parsed with the library.
func readStored(t *testing.T, path string) []uint16 {
	t.Helper()
	ds, err := dicom.ParseFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ds.FindElementByTag(tag.PixelData)
	if err != nil {
		t.Fatal(err)
	}
	return dicom.MustGetPixelDataInfo(e.Value).Frames[0].NativeData.RawDataSlice().([]uint16)
}

// TestReadTooLarge checks the file size limit without writing 1 GiB: a
// sparse file.
func TestReadTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.dcm")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 2); err != nil {
		t.Skipf("cannot make a sparse file: %v", err)
	}
	f.Close()
	_, err = Read(p)
	mustFormatError(t, err, true, "exceeds")
	if _, err := Read(filepath.Join(t.TempDir(), "missing.dcm")); err == nil || !os.IsNotExist(errors.Unwrap(err)) {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzRead feeds arbitrary bytes to the reader: it must return an image that
// validates or a *FormatError, and never panic. Seeds: smallFile, and in
// testdata/fuzz/FuzzRead the same 3×2 file as written (seed-explicit-3x2),
// converted to Implicit VR Little Endian by dcmtk's "dcmconv +ti"
// (seed-implicit-3x2) and cut in half (seed-truncated), plus a crasher the
// fuzzer found (405dc68a18f17020: File Meta Information ending inside an
// element header, which scan read past).
func FuzzRead(f *testing.F) {
	f.Add(smallFile(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := decode("fuzz.dcm", data)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is %T, want *FormatError", err, err)
			}
			return
		}
		if err := im.Geometry.Validate(); err != nil {
			t.Fatalf("accepted image with invalid geometry: %v", err)
		}
		if n := im.Matrix[0] * im.Matrix[1] * im.Matrix[2]; len(im.Data) != n {
			t.Fatalf("accepted image with %d values for matrix %v", len(im.Data), im.Matrix)
		}
		for _, v := range im.Data {
			if math.IsNaN(float64(real(v))) || math.IsInf(float64(real(v)), 0) {
				t.Fatalf("accepted non-finite value %v", v)
			}
		}
	})
}

// TestParseRecovers checks that a panic inside suyashkumar/dicom (here: a
// File Meta Information Group Length with no value, which v1.1.0 indexes
// unchecked) comes back as an error. scan refuses this file before parse
// sees it; the recovery is the second line of defence.
func TestParseRecovers(t *testing.T) {
	b := make([]byte, 128, 256)
	b = append(b, "DICM"...)
	b = append(b, 0x02, 0x00, 0x00, 0x00, 'U', 'L', 0x00, 0x00)
	b = append(b, make([]byte, 64)...)
	if _, err := parse(b); err == nil || !strings.Contains(err.Error(), "parser failed") {
		t.Errorf("parse: %v, want a recovered panic", err)
	}
	_, err := decode("empty-group-length.dcm", b)
	mustFormatError(t, err, false, "FileMetaInformationGroupLength")
}
