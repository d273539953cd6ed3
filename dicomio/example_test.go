package dicomio_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/larmor-mri/larmor/dicomio"
	"github.com/larmor-mri/larmor/recon"
)

// A bright voxel right of and above the centre of an axial slice lands at
// +x (the patient's left) and -y (anterior) in DICOM patient coordinates.
func ExampleWriteSeries() {
	im := &recon.Image{Kind: recon.Magnitude, Data: make([]complex64, 4*4)}
	im.Matrix = [3]int{4, 4, 1}
	im.VoxelSize = [3]float64{2e-3, 2e-3, 5e-3} // [m]
	im.Position = [3]float64{-4e-3, -4e-3, 0}   // voxel (2, 2) sits at the isocentre
	im.RowDir = [3]float64{1, 0, 0}
	im.ColDir = [3]float64{0, 1, 0}
	im.Data[3+4*1] = 1 // voxel (i=3, j=1)

	dir, err := os.MkdirTemp("", "dicomio-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	paths, err := dicomio.WriteSeries(dir, []*recon.Image{im})
	if err != nil {
		log.Fatal(err)
	}
	back, err := dicomio.Read(paths[0])
	if err != nil {
		log.Fatal(err)
	}
	p := back.VoxelCenter(3, 1, 0)
	fmt.Printf("%s: voxel (3,1) = %.0f at x = %+.0f mm, y = %+.0f mm\n",
		filepath.Base(paths[0]), real(back.At(3, 1, 0)), 1e3*p[0], 1e3*p[1])
	// Output: IM00001.dcm: voxel (3,1) = 1 at x = +2 mm, y = -2 mm
}
