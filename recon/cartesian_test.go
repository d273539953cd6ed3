package recon_test

import (
	"context"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/kspace"
	"github.com/larmor-mri/larmor/kspace/cfl"
	"github.com/larmor-mri/larmor/recon"
)

// fftTol bounds the relative RMS difference between complex64 FFT results
// and float64 references: float32 rounding (6e-8) grows like log2(N) over
// the passes, ~1e-6 at these sizes with margin.
const fftTol = 2e-6

// randomDataset returns a fully sampled Cartesian dataset of nx×ny with
// random samples and coils receive channels.
func randomDataset(nx, ny, coils int, seed uint64) *kspace.Dataset {
	r := rand.New(rand.NewPCG(seed, 1))
	d := &kspace.Dataset{Header: kspace.Header{
		Encoded: kspace.Space{Matrix: [3]int{nx, ny, 1}, FOV: [3]float64{0.2, 0.15, 0.005}},
		Coils:   coils,
	}}
	d.Header.Recon = d.Header.Encoded
	for y := range ny {
		a := kspace.Acquisition{Coils: coils, Samples: nx, Center: nx / 2, Idx: kspace.Counters{KSpaceEncodeStep1: y},
			ReadDir: [3]float64{1, 0, 0}, PhaseDir: [3]float64{0, 1, 0}, SliceDir: [3]float64{0, 0, 1},
			Position: [3]float64{0.01, -0.02, 0.03}}
		for range coils * nx {
			a.Data = append(a.Data, complex(float32(r.NormFloat64()), float32(r.NormFloat64())))
		}
		d.Acquisitions = append(d.Acquisitions, a)
	}
	return d
}

// naiveImage is the centred inverse DFT with 1/N scaling, from its
// definition: m[i,j] = 1/N Σ_{p,q} s[p,q] exp(+i2π((p−cx)(i−cx)/nx + (q−cy)(j−cy)/ny)).
func naiveImage(d *kspace.Dataset, coil int) []complex128 {
	nx, ny := d.Header.Encoded.Matrix[0], d.Header.Encoded.Matrix[1]
	out := make([]complex128, nx*ny)
	for j := range ny {
		for i := range nx {
			var v complex128
			for q := range ny {
				row := d.Acquisitions[q].Data[coil*nx:]
				for p := range nx {
					ph := 2 * math.Pi * (float64((p-nx/2)*(i-nx/2))/float64(nx) + float64((q-ny/2)*(j-ny/2))/float64(ny))
					v += complex128(row[p]) * cmplx.Exp(complex(0, ph))
				}
			}
			out[i+nx*j] = v / complex(float64(nx*ny), 0)
		}
	}
	return out
}

func nrmse(got []complex64, want []complex128) float64 {
	var num, den float64
	for i := range want {
		e := complex128(got[i]) - want[i]
		num += real(e)*real(e) + imag(e)*imag(e)
		den += real(want[i])*real(want[i]) + imag(want[i])*imag(want[i])
	}
	return math.Sqrt(num / den)
}

func TestCartesianMatchesNaiveDFT(t *testing.T) {
	for _, sz := range [][2]int{{16, 12}, {9, 7}, {10, 15}} {
		d := randomDataset(sz[0], sz[1], 1, uint64(sz[0]))
		imgs, err := recon.Cartesian(context.Background(), d, recon.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(imgs) != 1 || imgs[0].Kind != recon.Complex {
			t.Fatalf("%v: %d images of kind %v", sz, len(imgs), imgs[0].Kind)
		}
		if e := nrmse(imgs[0].Data, naiveImage(d, 0)); e > fftTol {
			t.Errorf("%v: NRMSE %.2e against the naive DFT", sz, e)
		}
		// Geometry: voxel (nx/2, ny/2) is at the acquisition position.
		g := imgs[0].Geometry
		c := g.VoxelCenter(sz[0]/2, sz[1]/2, 0)
		for k := range 3 {
			if math.Abs(c[k]-d.Acquisitions[0].Position[k]) > 1e-12 {
				t.Errorf("%v: centre voxel at %v, want %v", sz, c, d.Acquisitions[0].Position)
			}
		}
		if g.VoxelSize[0] != 0.2/float64(sz[0]) || g.SliceThickness != 0.005 {
			t.Errorf("%v: voxel %v thickness %g", sz, g.VoxelSize, g.SliceThickness)
		}
	}
}

// TestCartesianMatchesBART runs `bart fft -i 3` (centred, unscaled inverse)
// on the same k-space written as a .cfl and compares with recon's image
// times N.
func TestCartesianMatchesBART(t *testing.T) {
	bart := tooltest.Require(t, "bart", "bart")
	for _, sz := range [][2]int{{32, 24}, {15, 11}} {
		d := randomDataset(sz[0], sz[1], 1, 7)
		a, err := d.Cartesian()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		in, out := filepath.Join(dir, "k"), filepath.Join(dir, "img")
		if err := cfl.Write(in, a.Dims[:], a.Data); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command(bart, "fft", "-i", "3", in, out).CombinedOutput(); err != nil {
			t.Fatalf("bart fft: %v\n%s", err, b)
		}
		_, ref, err := cfl.Read(out)
		if err != nil {
			t.Fatal(err)
		}
		imgs, err := recon.Cartesian(context.Background(), d, recon.Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := float64(sz[0] * sz[1])
		want := make([]complex128, len(ref))
		for i, v := range ref {
			want[i] = complex128(v) / complex(n, 0)
		}
		if e := nrmse(imgs[0].Data, want); e > fftTol {
			t.Errorf("%v: NRMSE %.2e against bart fft -i 3", sz, e)
		}
	}
}

func TestCoilCombination(t *testing.T) {
	d := randomDataset(8, 6, 3, 3)
	sep, err := recon.Cartesian(context.Background(), d, recon.Options{Combine: recon.NoCombine})
	if err != nil {
		t.Fatal(err)
	}
	rss, err := recon.Cartesian(context.Background(), d, recon.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sep) != 3 || len(rss) != 1 || rss[0].Kind != recon.Magnitude {
		t.Fatalf("%d coil images, %d combined of kind %v", len(sep), len(rss), rss[0].Kind)
	}
	for c := range 3 {
		if e := nrmse(sep[c].Data, naiveImage(d, c)); e > fftTol {
			t.Errorf("coil %d: NRMSE %.2e", c, e)
		}
	}
	for i, v := range rss[0].Data {
		var s float64
		for c := range 3 {
			s += math.Pow(cmplx.Abs(complex128(sep[c].Data[i])), 2)
		}
		if want := math.Sqrt(s); math.Abs(float64(real(v))-want) > 1e-6*want || imag(v) != 0 {
			t.Fatalf("voxel %d: RSS %v, want %g", i, v, want)
		}
	}
}

func TestGeometryValidate(t *testing.T) {
	g := recon.Geometry{Matrix: [3]int{4, 4, 1}, VoxelSize: [3]float64{1e-3, 1e-3, 5e-3},
		RowDir: [3]float64{1, 0, 0}, ColDir: [3]float64{0, 1, 0}}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	if s := g.SliceDir(); s != [3]float64{0, 0, 1} {
		t.Errorf("slice direction %v", s)
	}
	g.ColDir = [3]float64{1, 0, 0}
	if err := g.Validate(); err == nil {
		t.Error("parallel directions accepted")
	}
}
