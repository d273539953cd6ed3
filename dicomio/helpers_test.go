package dicomio

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/recon"
)

// testTime fixes StudyTime so that test files are reproducible.
var testTime = time.Date(2024, 3, 14, 15, 9, 26, 0, time.UTC)

// rotate returns R·v with R = Rz(a)·Rx(b).
func rotate(a, b float64, v [3]float64) [3]float64 {
	// Rx(b)
	y := v[1]*math.Cos(b) - v[2]*math.Sin(b)
	z := v[1]*math.Sin(b) + v[2]*math.Cos(b)
	x := v[0]
	// Rz(a)
	return [3]float64{x*math.Cos(a) - y*math.Sin(a), x*math.Sin(a) + y*math.Cos(a), z}
}

// obliqueVolume is a complex 2-slice volume with a non-square matrix,
// anisotropic voxels, an oblique orientation and an off-centre position.
func obliqueVolume() *recon.Image {
	im := &recon.Image{Kind: recon.Complex}
	im.Matrix = [3]int{12, 9, 2}
	im.VoxelSize = [3]float64{1.25e-3, 2e-3, 3.5e-3}
	im.Position = [3]float64{-0.0123, 0.0456, -0.0789}
	im.RowDir = rotate(0.3, 0.4, [3]float64{1, 0, 0})
	im.ColDir = rotate(0.3, 0.4, [3]float64{0, 1, 0})
	im.SliceThickness = 3e-3
	im.Data = make([]complex64, 12*9*2)
	for n := range im.Data {
		ph := 0.7 * float64(n)
		a := 0.05 + 0.9*math.Abs(math.Sin(0.37*float64(n)))
		im.Data[n] = complex(float32(a*math.Cos(ph)), float32(a*math.Sin(ph)))
	}
	im.Params = kspace.Params{SequenceName: "gre", B0: 3, TR: 0.012, TE: 0.0045, FlipAngle: 15 * math.Pi / 180, EchoTrainLength: 1}
	return im
}

// axialImage is a single-slice axial magnitude image centred on the
// isocentre (voxel (nx/2, ny/2) at the origin), zero but for one voxel.
func axialImage(nx, ny, bi, bj int) *recon.Image {
	im := &recon.Image{Kind: recon.Magnitude}
	im.Matrix = [3]int{nx, ny, 1}
	im.VoxelSize = [3]float64{1e-3, 1e-3, 5e-3}
	im.Position = [3]float64{-float64(nx/2) * 1e-3, -float64(ny/2) * 1e-3, 0}
	im.RowDir = [3]float64{1, 0, 0}
	im.ColDir = [3]float64{0, 1, 0}
	im.Data = make([]complex64, nx*ny)
	im.Data[bi+nx*bj] = 1
	return im
}

// expectedStored computes the documented scaling, stored =
// round(65535·|v|/max) with max over the series, independently of the
// writer.
func expectedStored(images []*recon.Image) [][]uint16 {
	max := 0.0
	for _, im := range images {
		for _, v := range im.Data {
			max = math.Max(max, math.Hypot(float64(real(v)), float64(imag(v))))
		}
	}
	var out [][]uint16
	for _, im := range images {
		n := im.Matrix[0] * im.Matrix[1]
		for k := range im.Matrix[2] {
			s := make([]uint16, n)
			for i, v := range im.Data[k*n : (k+1)*n] {
				s[i] = uint16(math.Round(65535 * math.Hypot(float64(real(v)), float64(imag(v))) / max))
			}
			out = append(out, s)
		}
	}
	return out
}

// writeTestSeries writes the oblique volume with fixed options.
func writeTestSeries(t *testing.T) (string, []string, []*recon.Image) {
	t.Helper()
	dir := t.TempDir()
	images := []*recon.Image{obliqueVolume()}
	w := Writer{PatientName: "Phantom^Oblique", PatientID: "LARMOR-1", SeriesDescription: "oblique test", StudyTime: testTime}
	paths, err := w.WriteSeries(dir, images)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 {
		t.Fatalf("wrote %d files, want 2", len(paths))
	}
	return dir, paths, images
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// readBytes reads a file.
func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
