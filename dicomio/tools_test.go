package dicomio

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon"
)

// TestDciodvfy checks every file of an oblique two-slice series against the
// MR Image IOD with dicom3tools' validator: no line may start with "Error".
// Warnings are logged.
func TestDciodvfy(t *testing.T) {
	bin := tooltest.Require(t, "dciodvfy", "dicom3tools")
	_, paths, _ := writeTestSeries(t)
	// A 2D inversion-recovery slice with non-ASCII text exercises
	// Inversion Time and Specific Character Set.
	ir := axialImage(6, 4, 4, 1)
	ir.Params = kspace.Params{SequenceName: "ir-se", B0: 1.5, TR: 2, TE: 0.015, TI: 0.4, FlipAngle: math.Pi / 2, EchoTrainLength: 1}
	w := Writer{PatientName: "Müller^Jürgen", PatientID: "ÄÖÜ-1", SeriesDescription: "Überblick", StudyTime: testTime}
	more, err := w.WriteSeries(t.TempDir(), []*recon.Image{ir})
	if err != nil {
		t.Fatal(err)
	}
	if im, err := Read(more[0]); err != nil || im.Params != ir.Params {
		t.Errorf("IR slice read back as %+v, %v; want %+v", im.Params, err, ir.Params)
	}
	for _, p := range append(paths, more...) {
		out, err := exec.Command(bin, p).CombinedOutput()
		if err != nil {
			// dciodvfy exits non-zero when it finds errors; the lines say which.
			t.Logf("%s: dciodvfy: %v", filepath.Base(p), err)
		}
		errs := 0
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "Error"):
				errs++
				t.Errorf("%s: %s", filepath.Base(p), line)
			case strings.HasPrefix(line, "Warning"):
				t.Logf("%s: %s", filepath.Base(p), line)
			}
		}
		if err != nil && errs == 0 {
			t.Errorf("%s: dciodvfy failed without an Error line:\n%s", filepath.Base(p), out)
		}
	}
}

// TestDcmdump checks that dcmtk parses every file without errors or warnings.
func TestDcmdump(t *testing.T) {
	bin := tooltest.Require(t, "dcmdump", "dcmtk")
	_, paths, _ := writeTestSeries(t)
	for _, p := range paths {
		out, err := exec.Command(bin, "-dc", "-E", "-Ep", "-M", p).CombinedOutput()
		if err != nil {
			t.Errorf("%s: dcmdump: %v\n%s", filepath.Base(p), err, out)
			continue
		}
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "E:") || strings.HasPrefix(line, "W:") || strings.HasPrefix(line, "F:") {
				t.Errorf("%s: dcmdump: %s", filepath.Base(p), line)
			}
		}
		if !strings.Contains(string(out), "(7fe0,0010) OW") {
			t.Errorf("%s: dcmdump shows no OW pixel data", filepath.Base(p))
		}
	}
}

// pydicomCheck is run by python3 over all files at once. It reads the
// expectations from a JSON file: pixel values computed by the test from the
// documented scaling, and the geometry in mm.
const pydicomCheck = `
import json, sys
import numpy as np
import pydicom

tol = float(sys.argv[2])
fails = []
for c in json.load(open(sys.argv[1])):
    ds = pydicom.dcmread(c["path"])
    name = c["path"].split("/")[-1]
    arr = ds.pixel_array
    want = np.array(c["pixels"], dtype=np.uint16).reshape(c["rows"], c["cols"])
    if arr.dtype != np.uint16 or arr.shape != want.shape:
        fails.append("%s: pixel_array %s %s, want uint16 %s" % (name, arr.dtype, arr.shape, want.shape))
    elif not np.array_equal(arr, want):
        n = int(np.sum(arr != want))
        fails.append("%s: %d pixels differ, first at %s" % (name, n, np.argwhere(arr != want)[0]))
    for key in ("ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing"):
        got = [float(v) for v in ds[key].value]
        exp = c[key]
        if len(got) != len(exp) or max(abs(a - b) for a, b in zip(got, exp)) > tol:
            fails.append("%s: %s = %s, want %s" % (name, key, got, exp))
    if ds.SOPClassUID != "1.2.840.10008.5.1.4.1.1.4" or ds.Modality != "MR":
        fails.append("%s: SOP class %s modality %s" % (name, ds.SOPClassUID, ds.Modality))
    if ds.file_meta.TransferSyntaxUID != "1.2.840.10008.1.2.1":
        fails.append("%s: transfer syntax %s" % (name, ds.file_meta.TransferSyntaxUID))
print("\n".join(fails) if fails else "OK %d files" % len(json.load(open(sys.argv[1]))))
sys.exit(1 if fails else 0)
`

// pydicomGeomTol is the geometry tolerance in mm: DS values keep at least
// 11 significant digits, so 1e-6 mm (1 nm) leaves a wide margin.
const pydicomGeomTol = 1e-6

// TestPydicom reads the series back with pydicom: pixel_array must equal,
// bit for bit, round(65535·|v|/max) computed here, and Image Position /
// Orientation (Patient) and Pixel Spacing must be the geometry in mm.
func TestPydicom(t *testing.T) {
	py := tooltest.Python(t, "python3-pydicom python3-numpy", "pydicom", "numpy")
	dir, paths, images := writeTestSeries(t)
	want := expectedStored(images)
	g := images[0].Geometry
	type check struct {
		Path                    string    `json:"path"`
		Rows                    int       `json:"rows"`
		Cols                    int       `json:"cols"`
		Pixels                  []uint16  `json:"pixels"`
		ImagePositionPatient    []float64 `json:"ImagePositionPatient"`
		ImageOrientationPatient []float64 `json:"ImageOrientationPatient"`
		PixelSpacing            []float64 `json:"PixelSpacing"`
	}
	var checks []check
	for k, p := range paths {
		c := g.VoxelCenter(0, 0, k)
		checks = append(checks, check{
			Path: p, Rows: g.Matrix[1], Cols: g.Matrix[0], Pixels: want[k],
			ImagePositionPatient:    []float64{1e3 * c[0], 1e3 * c[1], 1e3 * c[2]},
			ImageOrientationPatient: []float64{g.RowDir[0], g.RowDir[1], g.RowDir[2], g.ColDir[0], g.ColDir[1], g.ColDir[2]},
			PixelSpacing:            []float64{1e3 * g.VoxelSize[1], 1e3 * g.VoxelSize[0]},
		})
	}
	js, err := json.Marshal(checks)
	if err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(t.TempDir(), "expect.json")
	if err := os.WriteFile(spec, js, 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "check.py")
	if err := os.WriteFile(script, []byte(pydicomCheck), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, script, spec, strconv.FormatFloat(pydicomGeomTol, 'g', -1, 64)).CombinedOutput()
	if err != nil {
		t.Fatalf("pydicom check of %s failed: %v\n%s", dir, err, out)
	}
	t.Logf("pydicom: %s", strings.TrimSpace(string(out)))
}
