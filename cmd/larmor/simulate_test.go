package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"math"
	"math/cmplx"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/phantom"
	"github.com/larmor-mri/larmor/internal/tooltest"
	"github.com/larmor-mri/larmor/kspace/cfl"
	"github.com/larmor-mri/larmor/recon/fft"
)

// simRun runs one larmor command line and returns its exit status,
// standard output and standard error.
func simRun(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// simSampleTol is the tolerance of a simulated sample against its closed
// form: the simulator is exact for a spin at the isocentre without
// relaxation (rotations about one axis compose exactly); what remains is
// float64 rounding over a few thousand operations and the complex64
// output (relative 6e-8), with margin.
const simSampleTol = 1e-6

// simOneSpinCSV writes a phantom of one spin at the isocentre, M0 = 1,
// without relaxation or off-resonance, and returns its path.
func simOneSpinCSV(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "one.csv")
	text := "# one spin at the isocentre\nx_m,y_m,z_m,pd,t1_s,t2_s,t2prime_s,dw_rad_per_s\n0,0,0,1,inf,inf,inf,0\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// simOneSpinCentre is the closed-form k-space centre sample of coil c of n
// around one spin at the isocentre (M0 = 1, no relaxation) under the
// default GRE (flip α = 30°, RF spoiling) with ideal spoiling and no dummy
// scans: line N/2 is excitation number N/2, before which Mz = cos^{N/2}α;
// the pulse turns it into i·e^{iφ}·sinα·Mz (a phase-φ pulse tips +z
// towards the direction φ from +y), the receiver's phase φ cancels e^{iφ},
// and the spin at the isocentre sees no gradient. Coil c's sensitivity at
// the centre is the field there of loop c, Bx − iBy: along the loop's
// axis, towards the centre, so real negative for loop 0 at +x and
// rotated by e^{−i2πc/n} for loop c; the normalisation makes the RSS over
// the coils at the one spin 1, hence −e^{−i2πc/n}/√n. Without coils (n =
// 0) the sensitivity is 1.
func simOneSpinCentre(matrix, c, n int) complex128 {
	a := 30 * math.Pi / 180
	s := 1i * complex(math.Sin(a)*math.Pow(math.Cos(a), float64(matrix/2)), 0)
	if n == 0 {
		return s
	}
	return s * -cmplx.Exp(complex(0, -2*math.Pi*float64(c)/float64(n))) / complex(math.Sqrt(float64(n)), 0)
}

// TestSimulateCFL runs larmor simulate end to end into a .cfl, reads it
// back, and checks the dimensions and the k-space centre of a one-spin
// phantom against its closed form.
func TestSimulateCFL(t *testing.T) {
	dir := t.TempDir()
	const n, coils = 16, 4
	out := filepath.Join(dir, "k.cfl")
	code, stdout, stderr := simRun("simulate", "--out", out, "--phantom", simOneSpinCSV(t, dir), "--matrix", strconv.Itoa(n),
		"--coils", strconv.Itoa(coils), "--ideal-spoiling")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	dims, data, err := cfl.Read(strings.TrimSuffix(out, ".cfl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dims) < 4 || dims[0] != n || dims[1] != n || dims[2] != 1 || dims[3] != coils {
		t.Fatalf("dims %v, want [%d %d 1 %d ...]", dims, n, n, coils)
	}
	for c := range coils {
		got := complex128(data[n/2+n*(n/2)+n*n*c])
		want := simOneSpinCentre(n, c, coils)
		if cmplx.Abs(got-want) > simSampleTol {
			t.Errorf("coil %d: k-space centre %v, want %v", c, got, want)
		}
	}

	// The brain phantom, 8 coils, flags before and after, also runs.
	out = filepath.Join(dir, "brain.cfl")
	code, stdout, stderr = simRun("simulate", "--phantom", "brain", "--matrix", "32", "--coils", "8", "--out", out, "--b0", "3")
	if code != 0 {
		t.Fatalf("brain: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	dims, data, err = cfl.Read(strings.TrimSuffix(out, ".cfl"))
	if err != nil {
		t.Fatal(err)
	}
	if dims[0] != 32 || dims[1] != 32 || dims[3] != 8 || len(data) != 32*32*8 {
		t.Errorf("brain: dims %v, %d values", dims, len(data))
	}
}

// TestSimulateCSV runs larmor simulate into a .csv of ADC samples and
// checks the header, the row count (samples × coils), the times (≥ 12
// significant digits, one dwell apart within a readout) and the k-space
// centre of a one-spin phantom against its closed form.
func TestSimulateCSV(t *testing.T) {
	dir := t.TempDir()
	for _, coils := range []int{0, 3} {
		const n = 16
		out := filepath.Join(dir, "s.csv")
		code, stdout, stderr := simRun("simulate", "--phantom", simOneSpinCSV(t, dir), "--ideal-spoiling", "--matrix", strconv.Itoa(n),
			"--coils", strconv.Itoa(coils), "--out", out)
		if code != 0 {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		var rows [][]string
		for sc.Scan() {
			rows = append(rows, strings.Split(sc.Text(), ","))
		}
		f.Close()
		if len(rows) == 0 || strings.Join(rows[0], ",") != "t_s,coil,re,im" {
			t.Fatalf("header %v", rows[:min(1, len(rows))])
		}
		rows = rows[1:]
		nc := max(coils, 1)
		if len(rows) != n*n*nc {
			t.Fatalf("%d rows, want %d lines × %d samples × %d coils", len(rows), n, n, nc)
		}
		const dwell = 10e-6 // the GRE default
		var prev float64
		for r, row := range rows {
			if len(row) != 4 {
				t.Fatalf("row %d: %v", r, row)
			}
			mant := strings.TrimLeft(strings.SplitN(row[0], "e", 2)[0], "-")
			if digits := len(strings.Replace(mant, ".", "", 1)); digits < 12 {
				t.Fatalf("row %d: time %s has %d significant digits", r, row[0], digits)
			}
			tm, err := strconv.ParseFloat(row[0], 64)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := strconv.Atoi(row[1])
			if c != r%nc {
				t.Fatalf("row %d: coil %d, want %d", r, c, r%nc)
			}
			if s := (r / nc) % n; c == 0 && s > 0 && math.Abs(tm-prev-dwell) > 1e-12 {
				t.Fatalf("row %d: sample %d at %.15g s, previous at %.15g s: not one dwell apart", r, s, tm, prev)
			}
			if c == 0 {
				prev = tm
			}
		}
		for c := range nc {
			row := rows[((n/2)*n+n/2)*nc+c]
			re, _ := strconv.ParseFloat(row[2], 64)
			im, _ := strconv.ParseFloat(row[3], 64)
			want := simOneSpinCentre(n, c, coils)
			if cmplx.Abs(complex(re, im)-want) > simSampleTol {
				t.Errorf("%d coils: coil %d: centre sample %v, want %v", coils, c, complex(re, im), want)
			}
		}
	}
}

// TestSimulatePhantoms runs every kind of phantom: the built-in ones at
// both fields and a CSV phantom with a finite T2', which is expanded into
// isochromats.
func TestSimulatePhantoms(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "t2prime.csv")
	text := "x_m,y_m,z_m,pd,t1_s,t2_s,t2prime_s,dw_rad_per_s\n0,0,0,1,1,0.1,0.01,0\n0.01,0,0,1,1,0.1,inf,200\n"
	if err := os.WriteFile(csv, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--phantom", "shepp-logan", "--b0", "3"}, "MR Shepp-Logan"},
		{[]string{"--phantom", "brain", "--coils", "2"}, "2 circular loops"},
		{[]string{"--phantom", csv, "--isochromats", "8"}, "1 spin(s) with finite T2' expanded into 8 isochromats each): 9 spins"},
	} {
		out := filepath.Join(dir, "k.csv")
		args := append([]string{"simulate", "--matrix", "16", "--out", out}, c.args...)
		code, stdout, stderr := simRun(args...)
		if code != 0 || !strings.Contains(stdout, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 0 and %q", c.args, code, stdout, stderr, c.want)
		}
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			t.Errorf("%v: output %v", c.args, err)
		}
		os.Remove(out)
	}
}

// TestSimulateNoise checks --noise and --seed: the same seed gives the
// same file, and the noise added to the one-spin samples has standard
// deviation SIGMA in each of the real and imaginary parts (512 values:
// the estimate's relative standard error is 1/√1024 ≈ 3 %; allow 15 %).
func TestSimulateNoise(t *testing.T) {
	dir := t.TempDir()
	phan := simOneSpinCSV(t, dir)
	read := func(name string, extra ...string) []float64 {
		out := filepath.Join(dir, name)
		args := append([]string{"simulate", "--phantom", phan, "--matrix", "16", "--ideal-spoiling", "--out", out}, extra...)
		if code, stdout, stderr := simRun(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var v []float64
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
			f := strings.Split(line, ",")
			re, _ := strconv.ParseFloat(f[2], 64)
			im, _ := strconv.ParseFloat(f[3], 64)
			v = append(v, re, im)
		}
		return v
	}
	const sigma = 0.01
	clean := read("clean.csv")
	a := read("a.csv", "--noise", "0.01", "--seed", "7")
	b := read("b.csv", "--seed", "7", "--noise", "0.01")
	var ss float64
	for i := range clean {
		if a[i] != b[i] {
			t.Fatalf("value %d differs between two runs with seed 7: %g, %g", i, a[i], b[i])
		}
		d := a[i] - clean[i]
		ss += d * d
	}
	if sd := math.Sqrt(ss / float64(len(clean))); math.Abs(sd-sigma) > 0.15*sigma {
		t.Errorf("noise standard deviation %.4g, want %g", sd, sigma)
	}
}

// TestSimulateUsage checks that bad command lines exit with status 2 and
// say what is wrong.
func TestSimulateUsage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "k.cfl")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", out}, "--phantom is required"},
		{[]string{"--phantom", "brain"}, "--out is required"},
		{[]string{"--phantom", "head", "--out", out}, `--phantom "head"`},
		{[]string{"--phantom", "brain", "--out", filepath.Join(dir, "k.h5")}, "must end in .cfl"},
		{[]string{"--phantom", "brain", "--out", out, "--matrix", "1"}, "--matrix 1"},
		{[]string{"--phantom", "brain", "--out", out, "--fov", "-1"}, "--fov"},
		{[]string{"--phantom", "brain", "--out", out, "--b0", "0"}, "--b0"},
		{[]string{"--phantom", "brain", "--out", out, "--coils", "-2"}, "--coils -2"},
		{[]string{"--phantom", "brain", "--out", out, "--seq", "nope"}, `unknown sequence`},
		{[]string{"--phantom", "brain", "--out", out, "--noise", "-1"}, "--noise"},
		{[]string{"--phantom", "brain", "--out", out, "--bogus"}, "flag provided but not defined"},
		{[]string{"--phantom", "brain", "--out", out, "extra"}, "unexpected argument"},
		{[]string{"--phantom", "brain", "--out", out, "--matrix", "many"}, "invalid value"},
	} {
		code, _, stderr := simRun(append([]string{"simulate"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed command wrote its output")
	}
	if code, stdout, _ := simRun("help", "simulate"); code != 0 {
		t.Errorf("help simulate: exit %d\n%s", code, stdout)
	}
}

// TestSimulatePhantomFileErrors checks that an unreadable or malformed
// phantom file exits with status 1 and a message naming the file.
func TestSimulatePhantomFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.csv")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("x_m,y_m,z_m,pd,t1_s,t2_s,t2prime_s,dw_rad_per_s\n0,0,0,1,abc,1,inf,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	isDir := filepath.Join(dir, "dir.csv") // a directory: opens, cannot be read
	if err := os.Mkdir(isDir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "k.cfl")
	for _, c := range []struct{ file, want string }{
		{missing, missing},
		{bad, bad + ":2: t1_s"},
		{isDir, isDir},
	} {
		code, _, stderr := simRun("simulate", "--phantom", c.file, "--out", out)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q", c.file, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed command wrote its output")
	}
}

// TestSimulatePulseqFile simulates one spin at the isocentre under the
// JEMRIS EPI read from its .seq file: the raw .cfl has one row per
// readout, and every sample is the spin's transverse magnetisation after
// the 90° pulse, i (no relaxation, no gradient at the isocentre).
func TestSimulatePulseqFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "raw.cfl")
	var stdout, stderr bytes.Buffer
	args := []string{"simulate", "--phantom", simOneSpinCSV(t, dir), "--seq", "../../bloch/seq/testdata/pulseq/epi_100x100_jemris_v121.seq", "--out", out}
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	dims, data, err := cfl.Read(strings.TrimSuffix(out, ".cfl"))
	if err != nil {
		t.Fatal(err)
	}
	if dims[0] != 100 || dims[1] != 100 {
		t.Fatalf("dims %v, want 100 samples × 100 readouts", dims)
	}
	for i, v := range data {
		if cmplx.Abs(complex128(v)-1i) > simSampleTol {
			t.Fatalf("sample %d = %v, want i", i, v)
		}
	}
	if !strings.Contains(stdout.String(), "signature mismatch") {
		t.Errorf("the JEMRIS signature quirk is not reported:\n%s", stdout.String())
	}
}

// TestSimulateNonCartesianWithBART simulates the 64² Shepp-Logan under the
// radial (golden-angle and uniform) and spiral builders and reconstructs
// the written k-space and trajectory with BART's own gridding
// reconstruction (bart nufft -i, an implementation independent of ours),
// checking that the builders' trajectories, the simulator and the
// BART layout agree: the image's magnitude correlates with the phantom's
// spoiled steady state of each voxel (Ernst's formula at the sequence's
// TR, TE and flip angle) at ≥ 0.9 (BART's iterative inverse NUFFT without
// regularisation leaves some streaking and edge ringing). 100 dummy TRs bring every spoke to the steady
// state: otherwise the signal decays along the spoke order, which weights
// the angles unevenly and wrecks the image.
func TestSimulateNonCartesianWithBART(t *testing.T) {
	bart := tooltest.Require(t, "bart", "bart")
	dir := t.TempDir()
	const n = 64
	obj, err := phantom.SheppLogan2D(n, 0.256, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, seq string
		extra     []string
	}{
		{"radial", "radial", nil},
		{"golden", "radial", []string{"--golden"}},
		{"spiral", "spiral", []string{"--interleaves", "16"}},
	} {
		out := filepath.Join(dir, c.name+".cfl")
		args := append([]string{"simulate", "--phantom", "shepp-logan", "--matrix", strconv.Itoa(n), "--seq", c.seq,
			"--ideal-spoiling", "--dummy-scans", "100", "--out", out}, c.extra...)
		if code, stdout, stderr := simRun(args...); code != 0 {
			t.Fatalf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
		base := strings.TrimSuffix(out, ".cfl")
		img := filepath.Join(dir, c.name+"_img")
		cmd := exec.Command(bart, "nufft", "-i", "-d", fmt.Sprintf("%d:%d:1", n, n), base+"_traj", base, img)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("bart nufft: %v\n%s", err, b)
		}
		dims, data, err := cfl.Read(img)
		if err != nil {
			t.Fatal(err)
		}
		if dims[0] != n || dims[1] != n {
			t.Fatalf("%s: image dims %v", c.name, dims)
		}
		// The expected magnitude: the spoiled steady state (Ernst) of each
		// voxel's spin at the sequence's TR, TE and flip angle (the spins
		// sit on voxel centres, one per voxel), image x fastest as BART
		// writes it.
		f := addBuilderFlags(flag.NewFlagSet("x", flag.ContinueOnError))
		f.matrix, f.fov, f.golden, f.inter = n, 0.256, c.name == "golden", 16
		s, err := f.build(c.seq, nil)
		if err != nil {
			t.Fatal(err)
		}
		tr, te, fa := s.Params.TR, s.Params.TE, s.Params.FlipAngle
		want := make([]float64, n*n)
		dx := 0.256 / n
		for i := range obj.Len() {
			ix := int(math.Round(obj.X[i]/dx)) + n/2
			iy := int(math.Round(obj.Y[i]/dx)) + n/2
			e1 := math.Exp(-tr / obj.T1[i])
			want[ix+n*iy] += obj.M0[i] * math.Sin(fa) * (1 - e1) / (1 - e1*math.Cos(fa)) * math.Exp(-te/obj.T2[i])
		}
		got := make([]float64, n*n)
		for i := range got {
			got[i] = cmplx.Abs(complex128(data[i]))
		}
		r := pearson(got, want)
		t.Logf("%s: correlation of |bart nufft -i| with the Ernst steady state: %.4f", c.name, r)
		if r < 0.9 {
			t.Errorf("%s: correlation %.4f < 0.9", c.name, r)
		}
	}
}

// pearson is the correlation coefficient of a and b.
func pearson(a, b []float64) float64 {
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= float64(len(a))
	mb /= float64(len(b))
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

// TestSimulateCartesianBuilders runs larmor simulate with the Cartesian
// builders whose k-space needs more than placing lines: EPI (reversed
// lines), ramp-sampled EPI (regridded) and TSE (ETL lines per shot). Each
// .cfl is reconstructed by a centred inverse FFT (recon/fft, checked
// against BART elsewhere) and its magnitude must correlate with the
// Shepp-Logan M0 map at ≥ 0.9 (the contrast differs by tissue: T2
// weighting at the echo time and, for TSE, blurring across the train).
func TestSimulateCartesianBuilders(t *testing.T) {
	dir := t.TempDir()
	const n = 64
	obj, err := phantom.SheppLogan2D(n, 0.256, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]float64, n*n)
	dx := 0.256 / n
	for i := range obj.Len() {
		want[int(math.Round(obj.X[i]/dx))+n/2+n*(int(math.Round(obj.Y[i]/dx))+n/2)] = obj.M0[i]
	}
	plan, err := fft.NewPlan([]int{n, n}, 3, fft.Options{Scaling: fft.Backward})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][]string{{"epi"}, {"epi", "--ramp"}, {"tse", "--dummy-scans", "1"}} {
		out := filepath.Join(dir, c[0]+".cfl")
		args := append([]string{"simulate", "--phantom", "shepp-logan", "--matrix", strconv.Itoa(n), "--seq", c[0], "--out", out}, c[1:]...)
		if code, stdout, stderr := simRun(args...); code != 0 {
			t.Fatalf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
		dims, data, err := cfl.Read(strings.TrimSuffix(out, ".cfl"))
		if err != nil {
			t.Fatal(err)
		}
		if dims[0] != n || dims[1] != n || len(data) != n*n {
			t.Fatalf("%v: dims %v", c, dims)
		}
		img := plan.Inverse(nil, data)
		got := make([]float64, n*n)
		for i := range got {
			got[i] = cmplx.Abs(complex128(img[i]))
		}
		r := pearson(got, want)
		t.Logf("%v: correlation with M0 %.4f", c, r)
		if r < 0.9 {
			t.Errorf("%v: correlation %.4f < 0.9", c, r)
		}
	}
}

// TestSimulate3D runs the 3D Shepp-Logan (16³ spins on voxel centres)
// under the 3D GRE with a slab as thick as the field of view, through
// larmor simulate into a 16×16×16 .cfl, reconstructs it by a centred 3D
// inverse FFT and compares the magnitude with the spoiled steady state of
// every voxel (Ernst's formula at the sequence's TR, TE and flip angle;
// ideal spoiling after 50 dummy TRs): correlation ≥ 0.9 (the slab
// profile of the sinc and Gibbs ringing at the ellipsoids' edges).
func TestSimulate3D(t *testing.T) {
	const n, fov = 16, 0.256
	dir := t.TempDir()
	out := filepath.Join(dir, "k3.cfl")
	args := []string{"simulate", "--phantom", "shepp-logan-3d", "--matrix", strconv.Itoa(n), "--fov", "0.256", "--seq", "gre3d",
		"--partitions", strconv.Itoa(n), "--slab", "0.256", "--ideal-spoiling", "--dummy-scans", "50", "--out", out}
	if code, stdout, stderr := simRun(args...); code != 0 {
		t.Fatalf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
	}
	dims, data, err := cfl.Read(strings.TrimSuffix(out, ".cfl"))
	if err != nil {
		t.Fatal(err)
	}
	if dims[0] != n || dims[1] != n || dims[2] != n || len(data) != n*n*n {
		t.Fatalf("dims %v", dims)
	}
	plan, err := fft.NewPlan([]int{n, n, n}, 7, fft.Options{Scaling: fft.Backward})
	if err != nil {
		t.Fatal(err)
	}
	img := plan.Inverse(nil, data)
	f := addBuilderFlags(flag.NewFlagSet("x", flag.ContinueOnError))
	f.matrix, f.fov, f.partitions, f.slab = n, fov, n, fov
	s, err := f.build("gre3d", nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := phantom.SheppLogan3D(n, fov, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	tr, te, fa := s.Params.TR, s.Params.TE, s.Params.FlipAngle
	want := make([]float64, n*n*n)
	dx := fov / n
	for i := range obj.Len() {
		ix := int(math.Round(obj.X[i]/dx)) + n/2
		iy := int(math.Round(obj.Y[i]/dx)) + n/2
		iz := int(math.Round(obj.Z[i]/dx)) + n/2
		e1 := math.Exp(-tr / obj.T1[i])
		want[ix+n*(iy+n*iz)] += obj.M0[i] * math.Sin(fa) * (1 - e1) / (1 - e1*math.Cos(fa)) * math.Exp(-te/obj.T2[i])
	}
	got := make([]float64, len(img))
	for i := range got {
		got[i] = cmplx.Abs(complex128(img[i]))
	}
	r := pearson(got, want)
	t.Logf("3D Shepp-Logan under gre3d: correlation with the Ernst steady state %.4f", r)
	if r < 0.9 {
		t.Errorf("correlation %.4f < 0.9", r)
	}
}
