package dicomio

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"

	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon"
)

// geomTol is the round-trip tolerance on positions and directions [m, -]:
// DS values keep at least 11 significant digits, far below 1 µm.
const geomTol = 1e-6

// TestRoundTrip writes the oblique series and reads it back with Read:
// geometry to 1e-6 m, magnitudes to within one quantisation step, and the
// parameters.
func TestRoundTrip(t *testing.T) {
	_, paths, images := writeTestSeries(t)
	src := images[0]
	g := src.Geometry
	max := 0.0
	for _, v := range src.Data {
		max = math.Max(max, magnitude(v))
	}
	step := max / 65535 // one quantisation step
	n := g.Matrix[0] * g.Matrix[1]
	for k, p := range paths {
		im, err := Read(p)
		if err != nil {
			t.Fatal(err)
		}
		if im.Kind != recon.Magnitude {
			t.Errorf("slice %d: kind %v, want magnitude", k, im.Kind)
		}
		if im.Matrix != [3]int{g.Matrix[0], g.Matrix[1], 1} {
			t.Fatalf("slice %d: matrix %v", k, im.Matrix)
		}
		near := func(what string, got, want [3]float64) {
			for a := range 3 {
				if math.Abs(got[a]-want[a]) > geomTol {
					t.Errorf("slice %d: %s = %v, want %v", k, what, got, want)
					return
				}
			}
		}
		near("position", im.Position, g.VoxelCenter(0, 0, k))
		near("row direction", im.RowDir, g.RowDir)
		near("column direction", im.ColDir, g.ColDir)
		near("voxel size", im.VoxelSize, g.VoxelSize)
		if math.Abs(im.SliceThickness-g.SliceThickness) > geomTol {
			t.Errorf("slice %d: thickness %g, want %g", k, im.SliceThickness, g.SliceThickness)
		}
		for i, v := range im.Data {
			want := magnitude(src.Data[k*n+i])
			if d := math.Abs(float64(real(v)) - want); d > step || imag(v) != 0 {
				t.Fatalf("slice %d voxel %d: read %v, wrote |v| = %g (step %g)", k, i, v, want, step)
			}
		}
		p, q := im.Params, src.Params
		if p.SequenceName != q.SequenceName || p.EchoTrainLength != q.EchoTrainLength ||
			math.Abs(p.TR-q.TR) > 1e-12 || math.Abs(p.TE-q.TE) > 1e-12 || p.TI != 0 ||
			math.Abs(p.FlipAngle-q.FlipAngle) > 1e-9 || math.Abs(p.B0-q.B0) > 1e-12 {
			t.Errorf("slice %d: params %+v, want %+v", k, p, q)
		}
	}
}

// rawAttrs parses a file with suyashkumar/dicom (not with Read) and returns
// a decimal-string attribute's values.
func rawDS(t *testing.T, ds dicom.Dataset, tg tag.Tag) []float64 {
	t.Helper()
	e, err := ds.FindElementByTag(tg)
	if err != nil {
		t.Fatal(err)
	}
	var out []float64
	for _, s := range dicom.MustGetStrings(e.Value) {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestOffCentrePixel pins the sign conventions: a bright voxel at i > Nx/2
// of an axial image centred on the isocentre lies at +x (patient left), and
// DICOM's own arithmetic, Image Position + column·spacing·row direction +
// row·spacing·column direction, puts it where Geometry.VoxelCenter says.
// The file is parsed here with the DICOM library directly, not with Read.
func TestOffCentrePixel(t *testing.T) {
	oblique := axialImage(16, 10, 13, 3)
	oblique.RowDir = rotate(0.5, -0.2, [3]float64{1, 0, 0})
	oblique.ColDir = rotate(0.5, -0.2, [3]float64{0, 1, 0})
	for _, tc := range []struct {
		name string
		im   *recon.Image
	}{{"axial", axialImage(16, 10, 13, 3)}, {"oblique", oblique}} {
		t.Run(tc.name, func(t *testing.T) {
			const bi, bj = 13, 3
			paths, err := Writer{StudyTime: testTime}.WriteSeries(t.TempDir(), []*recon.Image{tc.im})
			if err != nil {
				t.Fatal(err)
			}
			ds, err := dicom.ParseFile(paths[0], nil)
			if err != nil {
				t.Fatal(err)
			}
			ipp := rawDS(t, ds, tag.ImagePositionPatient)
			iop := rawDS(t, ds, tag.ImageOrientationPatient)
			ps := rawDS(t, ds, tag.PixelSpacing)
			pe, err := ds.FindElementByTag(tag.PixelData)
			if err != nil {
				t.Fatal(err)
			}
			fr := dicom.MustGetPixelDataInfo(pe.Value).Frames[0].NativeData
			brightR, brightC := -1, -1
			for r := range fr.Rows() {
				for c := range fr.Cols() {
					px, err := fr.GetPixel(c, r)
					if err != nil {
						t.Fatal(err)
					}
					if px[0] == 65535 {
						brightR, brightC = r, c
					}
				}
			}
			if brightR != bj || brightC != bi {
				t.Fatalf("bright pixel at row %d column %d, want row %d column %d", brightR, brightC, bj, bi)
			}
			var x [3]float64 // mm
			for a := range 3 {
				x[a] = ipp[a] + float64(brightC)*ps[1]*iop[a] + float64(brightR)*ps[0]*iop[3+a]
			}
			want := tc.im.VoxelCenter(bi, bj, 0)
			for a := range 3 {
				if math.Abs(x[a]/1e3-want[a]) > geomTol {
					t.Fatalf("bright voxel at %v mm from DICOM, VoxelCenter says %v m", x, want)
				}
			}
			if tc.name == "axial" && !(x[0] > 0) {
				t.Errorf("voxel i=%d > Nx/2 at x = %g mm, want x > 0 (patient left)", bi, x[0])
			}
		})
	}
}

// TestAtomicWrite checks that no temporary files remain after a successful
// write, that an invalid second image stops the call before any file is
// written, and that an I/O failure on the second file leaves the first
// intact and no partial or temporary file.
func TestAtomicWrite(t *testing.T) {
	dir, paths, _ := writeTestSeries(t)
	if got := dirNames(t, dir); !slices.Equal(got, []string{"IM00001.dcm", "IM00002.dcm"}) {
		t.Errorf("after success the directory holds %q", got)
	}
	for _, p := range paths {
		if filepath.Dir(p) != dir {
			t.Errorf("path %s not in %s", p, dir)
		}
	}

	bad := axialImage(8, 8, 1, 1)
	bad.Data = bad.Data[:10]
	dir2 := filepath.Join(t.TempDir(), "new")
	_, err := WriteSeries(dir2, []*recon.Image{axialImage(8, 8, 1, 1), bad})
	var ie *ImageError
	if !errors.As(err, &ie) || ie.Index != 1 {
		t.Fatalf("invalid second image: err = %v, want *ImageError for image 1", err)
	}
	if _, err := os.Stat(dir2); !os.IsNotExist(err) {
		t.Errorf("invalid input created %s (stat error %v)", dir2, err)
	}

	// Make the second file impossible to rename into place.
	dir3 := t.TempDir()
	block := filepath.Join(dir3, "IM00002.dcm")
	if err := os.MkdirAll(filepath.Join(block, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := WriteSeries(dir3, []*recon.Image{axialImage(8, 8, 1, 1), axialImage(8, 8, 2, 2)})
	if err == nil {
		t.Fatal("write over a directory succeeded")
	}
	if len(got) != 1 || filepath.Base(got[0]) != "IM00001.dcm" {
		t.Errorf("returned paths %q, want the first file only", got)
	}
	if names := dirNames(t, dir3); !slices.Equal(names, []string{"IM00001.dcm", "IM00002.dcm"}) {
		t.Errorf("after the failure the directory holds %q", names)
	}
	if _, err := Read(filepath.Join(dir3, "IM00001.dcm")); err != nil {
		t.Errorf("first file: %v", err)
	}
	if fi, err := os.Stat(block); err != nil || !fi.IsDir() {
		t.Errorf("blocking directory changed: %v", err)
	}
}

// TestWriteErrors checks that bad images and options are refused with an
// error naming the image, before any file is written.
func TestWriteErrors(t *testing.T) {
	good := func() *recon.Image { return axialImage(4, 4, 1, 1) }
	cases := []struct {
		name   string
		mutate func(*recon.Image) *recon.Image
		want   string
	}{
		{"nil", func(*recon.Image) *recon.Image { return nil }, "nil image"},
		{"short data", func(im *recon.Image) *recon.Image { im.Data = im.Data[:15]; return im }, "data has 15 values"},
		{"zero voxel", func(im *recon.Image) *recon.Image { im.VoxelSize[1] = 0; return im }, "voxel size"},
		{"not orthogonal", func(im *recon.Image) *recon.Image { im.ColDir = [3]float64{1, 0, 0}; return im }, "orthonormal"},
		{"NaN direction", func(im *recon.Image) *recon.Image { im.RowDir[2] = math.NaN(); return im }, "finite"},
		{"NaN position", func(im *recon.Image) *recon.Image { im.Position[0] = math.NaN(); return im }, "finite"},
		{"NaN value", func(im *recon.Image) *recon.Image { im.Data[6] = complex(float32(math.NaN()), 0); return im }, "voxel (2,1,0)"},
		{"Inf value", func(im *recon.Image) *recon.Image { im.Data[0] = complex(0, float32(math.Inf(1))); return im }, "voxel (0,0,0)"},
		{"big matrix", func(im *recon.Image) *recon.Image { im.Matrix[0] = 70000; return im }, "65535"},
		{"negative TR", func(im *recon.Image) *recon.Image { im.Params.TR = -1; return im }, "TR"},
		{"bad kind", func(im *recon.Image) *recon.Image { im.Kind = 7; return im }, "kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := WriteSeries(dir, []*recon.Image{good(), c.mutate(good())})
			var ie *ImageError
			if !errors.As(err, &ie) || ie.Index != 1 {
				t.Fatalf("err = %v, want *ImageError for image 1", err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "image 1") {
				t.Errorf("err = %q, want it to mention %q and image 1", err, c.want)
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Errorf("files written: %q", names)
			}
		})
	}
	for _, w := range []Writer{
		{PatientName: `Doe\Jane`},
		{PatientID: strings.Repeat("x", 65)},
		{SeriesDescription: "line\nbreak"},
		{StudyInstanceUID: "1.2.03"},
		{UIDRoot: "1.2.x"},
		{UIDRoot: "1." + strings.Repeat("2", 45)},
		{SeriesNumber: -1},
		{Window: Window{Center: 1, Width: math.Inf(1)}},
	} {
		if _, err := w.WriteSeries(t.TempDir(), []*recon.Image{good()}); err == nil {
			t.Errorf("%+v accepted", w)
		}
	}
	if _, err := WriteSeries(t.TempDir(), nil); err == nil {
		t.Error("no images accepted")
	}
}

// TestDeterministic checks that equal inputs give byte-identical files,
// that different series of one study share its study and frame of
// reference UIDs, and that UIDRoot is honoured.
func TestDeterministic(t *testing.T) {
	w := Writer{PatientName: "Det^Erministic", StudyTime: testTime}
	a, err := w.WriteSeries(t.TempDir(), []*recon.Image{obliqueVolume()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.WriteSeries(t.TempDir(), []*recon.Image{obliqueVolume()})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if !bytes.Equal(readBytes(t, a[i]), readBytes(t, b[i])) {
			t.Errorf("file %d differs between identical writes", i)
		}
	}
	other := obliqueVolume()
	other.Data[0] *= 2
	w.SeriesNumber = 2
	c, err := w.WriteSeries(t.TempDir(), []*recon.Image{other})
	if err != nil {
		t.Fatal(err)
	}
	uids := func(p string) (study, series, frame, sop string) {
		ds, err := dicom.ParseFile(p, nil, dicom.SkipPixelData())
		if err != nil {
			t.Fatal(err)
		}
		get := func(tg tag.Tag) string {
			e, err := ds.FindElementByTag(tg)
			if err != nil {
				t.Fatal(err)
			}
			u := dicom.MustGetStrings(e.Value)[0]
			if err := checkUID("test", u, 64); err != nil {
				t.Error(err)
			}
			return u
		}
		return get(tag.StudyInstanceUID), get(tag.SeriesInstanceUID), get(tag.FrameOfReferenceUID), get(tag.SOPInstanceUID)
	}
	st1, se1, f1, sop1 := uids(a[0])
	_, se1b, _, sop2 := uids(a[1])
	st2, se2, f2, _ := uids(c[0])
	if st1 != st2 || f1 != f2 {
		t.Errorf("series of one study got study %s / %s, frame %s / %s", st1, st2, f1, f2)
	}
	if se1 == se2 || se1 != se1b || sop1 == sop2 {
		t.Errorf("series UIDs %s %s %s, SOP UIDs %s %s", se1, se1b, se2, sop1, sop2)
	}
	if !strings.HasPrefix(st1, "2.25.") {
		t.Errorf("default study UID %s is not UUID-derived", st1)
	}
	w.UIDRoot = "1.2.826.0.1.3680043.10.999"
	r, err := w.WriteSeries(t.TempDir(), []*recon.Image{other})
	if err != nil {
		t.Fatal(err)
	}
	st3, se3, f3, sop3 := uids(r[0])
	for _, u := range []string{st3, se3, f3, sop3} {
		if !strings.HasPrefix(u, w.UIDRoot+".") || len(u) > 64 {
			t.Errorf("UID %s does not extend root %s within 64 characters", u, w.UIDRoot)
		}
	}
}

// TestScanning checks the Scanning Sequence / Sequence Variant table.
func TestScanning(t *testing.T) {
	for _, c := range []struct {
		p          kspace.Params
		seq, varnt string
	}{
		{kspace.Params{SequenceName: "gre"}, `GR`, `SP`},
		{kspace.Params{SequenceName: "FLASH 3D"}, `GR`, `SP`},
		{kspace.Params{SequenceName: "se"}, `SE`, `NONE`},
		{kspace.Params{SequenceName: "tse", EchoTrainLength: 8}, `SE`, `SK`},
		{kspace.Params{SequenceName: "ir-se", TI: 0.5}, `SE\IR`, `NONE`},
		{kspace.Params{SequenceName: "bSSFP"}, `GR`, `SS`},
		{kspace.Params{SequenceName: "psif"}, `GR`, `TRSS`},
		{kspace.Params{SequenceName: "mprage", TI: 0.9}, `GR\IR`, `MP`},
		{kspace.Params{SequenceName: "epi"}, `GR\EP`, `NONE`},
		{kspace.Params{SequenceName: "se_epi"}, `SE\EP`, `NONE`},
		{kspace.Params{SequenceName: "spiral"}, `RM`, `NONE`},
		{kspace.Params{SequenceName: "segment"}, `RM`, `NONE`}, // "se" must be a whole word
		{kspace.Params{}, `RM`, `NONE`},
	} {
		s, v := scanning(c.p)
		if strings.Join(s, `\`) != c.seq || strings.Join(v, `\`) != c.varnt {
			t.Errorf("%q TI=%g ETL=%d: %v / %v, want %s / %s", c.p.SequenceName, c.p.TI, c.p.EchoTrainLength, s, v, c.seq, c.varnt)
		}
	}
}

// TestWindow checks the conversion of a window to stored units against
// DICOM's LINEAR function: Center-Width/2 maps to the bottom edge and
// Center+Width/2 to the top.
func TestWindow(t *testing.T) {
	q := newQuantizer(2) // slope 2/65535
	for _, w := range []Window{{}, {Center: 1, Width: 1}, {Center: 0.25, Width: 0.1}} {
		ws := q.window(w)
		lo, hi := ws.Center-0.5-(ws.Width-1)/2, ws.Center-0.5+(ws.Width-1)/2
		wantLo, wantHi := 0.0, 65535.0
		if w.Width != 0 {
			wantLo, wantHi = (w.Center-w.Width/2)/q.slope, (w.Center+w.Width/2)/q.slope
		}
		if math.Abs(lo-wantLo) > 1e-6 || math.Abs(hi-wantHi) > 1e-6 {
			t.Errorf("%+v -> %+v: edges %g..%g, want %g..%g", w, ws, lo, hi, wantLo, wantHi)
		}
	}
}

// TestFormatDS checks Decimal Strings: at most 16 characters, and parsing
// back to within the precision that allows.
func TestFormatDS(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1.5, 1.0 / 3, -123.456789012345678, 6.02214076e23, -1.602176634e-19, 65535, 5e-324} {
		s := formatDS(v)
		if len(s) > 16 || strings.HasPrefix(s, "-0") && v == 0 {
			t.Errorf("formatDS(%g) = %q", v, s)
		}
		got, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Abs(got-v) > 1e-10*math.Abs(v) {
			t.Errorf("formatDS(%g) = %q parses to %g, %v", v, s, got, err)
		}
	}
}
