package seq_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"math"
	"math/cmplx"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
	"github.com/larmor-mri/larmor/kspace"
)

// fixture describes one public .seq file in testdata/pulseq and what
// testdata/pulseq/README.md (from the fixtures' SOURCES.md) says about it.
type fixture struct {
	file      string
	version   string
	signature seq.SignatureStatus
	blocks    int     // SOURCES.md, where it states the count (0: the text scan only)
	duration  float64 // [s], SOURCES.md, where it states it
	// kExtent is the expected k-space extent of the ADC samples [1/m],
	// derived from the design parameters in SOURCES.md (matrix, FOV,
	// trajectory), not from this package; kTol is its relative tolerance.
	kExtent [3]float64
	kTol    float64
}

// kAmpTol is the relative tolerance of k extents from files whose gradient
// amplitudes are printed with 6 significant digits (MATLAB's and
// pypulseq's "%12g"), so relative rounding up to 5e-6, doubled for margin.
const kAmpTol = 1e-5

func fixtures() []fixture {
	cart := func(nx, ny int, fov float64) [3]float64 {
		return [3]float64{float64(nx-1) / fov, float64(ny-1) / fov, 0}
	}
	return []fixture{
		// 100×100 EPI over 230 mm: 99 steps of 1/FOV in x and y.
		{"epi_100x100_jemris_v121.seq", "1.2.1", seq.SignatureMismatch, 204, 1.000, cart(100, 100, 0.230), kAmpTol},
		{"trufi_256_v121.seq", "1.2.1", seq.SignatureNone, 0, 0, cart(256, 256, 0.220), kAmpTol},
		// 32 samples and 32 lines (×3 inversions) over 256 mm.
		{"mprage_simple_v120.seq", "1.2.0", seq.SignatureNone, 390, 0.57624, cart(32, 32, 0.256), kAmpTol},
		{"mprage_simple_v150.seq", "1.5.0", seq.SignatureOK, 390, 0.56922, cart(32, 32, 0.256), kAmpTol},
		{"gre_label_256_v131.seq", "1.3.1", seq.SignatureNone, 0, 2.56, cart(256, 256, 0.224), kAmpTol},
		// Spiral out to k = Nx/(2·FOV) = 187.5/m: the outermost turn
		// reaches ±kmax only approximately on each axis.
		{"spiral_96_v141.seq", "1.4.1", seq.SignatureOK, 4, 0.0614, [3]float64{96 / 0.256, 96 / 0.256, 0}, 0.03},
		{"gre_64_v150.seq", "1.5.0", seq.SignatureOK, 0, 0, cart(64, 64, 0.256), kAmpTol},
		// write_tse.py lengthens the readout by the ADC dead time, so its
		// amplitude is 0.31 % below 1/(FOV·dwell): 0.5 % tolerance.
		{"tse_64_v150.seq", "1.5.0", seq.SignatureOK, 0, 10, cart(64, 64, 0.256), 5e-3},
		// 64 samples at k = (n − 32)/FOV on 60 spokes at 3° steps: x spans
		// −32 to 32·cos 3°, y −32 to 31 (the spoke at 90°).
		{"radial_gre_64_v150.seq", "1.5.0", seq.SignatureOK, 0, 0,
			[3]float64{(32 + 32*math.Cos(3*math.Pi/180)) / 0.26, 63 / 0.26, 0}, kAmpTol},
		// Ramp-sampled readout: x from the gridding parameters (below); y:
		// 96 lines over 220 mm.
		{"epi_rs_96_v151.seq", "1.5.1", seq.SignatureOK, 0, 3, [3]float64{0, 95 / 0.22, 0}, kAmpTol},
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pulseq", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// textCount is what a plain scan of a .seq file's text finds, independently
// of the reader: blocks, events, samples and the total duration.
type textCount struct {
	version                  string
	blocks, rf, adc, samples int
	duration                 float64 // [s]
	defs                     map[string]string
	traps                    map[string][]float64 // id → amplitude, rise, flat, fall, delay (µs)
	adcs                     map[string][]float64 // id → num, dwell (ns), delay (µs)
}

// scanText counts a .seq file's content line by line. A block's duration is
// the stored one from version 1.4 on, and before that the latest end of its
// events and its [DELAYS] entry, taking an RF or arbitrary-gradient shape
// to last num_samples rasters.
func scanText(t *testing.T, data []byte) textCount {
	c := textCount{defs: map[string]string{}, traps: map[string][]float64{}, adcs: map[string][]float64{}}
	var major, minor, rev string
	sec, shapeID := "", ""
	rows := map[string]map[string][]string{}
	shapeN := map[string]float64{}
	var blocks [][]string
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("scan: %q: %v", s, err)
		}
		return v
	}
	for _, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if l == "" || l[0] == '#' {
			continue
		}
		if l[0] == '[' || strings.HasPrefix(l, "extension ") {
			sec = l
			continue
		}
		f := strings.Fields(l)
		switch sec {
		case "[VERSION]":
			switch f[0] {
			case "major":
				major = f[1]
			case "minor":
				minor = f[1]
			case "revision":
				rev = f[1]
			}
		case "[DEFINITIONS]":
			c.defs[f[0]] = strings.Join(f[1:], " ")
		case "[BLOCKS]":
			blocks = append(blocks, f)
		case "[SHAPES]":
			switch f[0] {
			case "shape_id":
				shapeID = f[1]
			case "num_samples":
				shapeN[shapeID] = num(f[1])
			}
		default:
			if rows[sec] == nil {
				rows[sec] = map[string][]string{}
			}
			rows[sec][f[0]] = f
		}
	}
	c.version = major + "." + minor + "." + rev
	raster := func(key string, def float64) float64 {
		if v, ok := c.defs[key]; ok {
			return num(v)
		}
		return def
	}
	rfRaster, gradRaster := raster("RadiofrequencyRasterTime", 1e-6), raster("GradientRasterTime", 1e-5)
	blockRaster := raster("BlockDurationRaster", 1e-5)
	for id, f := range rows["[TRAP]"] {
		c.traps[id] = []float64{num(f[1]), num(f[2]), num(f[3]), num(f[4]), num(f[5])}
	}
	for id, f := range rows["[ADC]"] {
		c.adcs[id] = []float64{num(f[1]), num(f[2]), num(f[3])}
	}
	old := major == "1" && (minor == "2" || minor == "3")
	for _, b := range blocks {
		c.blocks++
		if b[2] != "0" {
			c.rf++
		}
		adc := b[6]
		if adc != "0" {
			c.adc++
			c.samples += int(c.adcs[adc][0])
		}
		if !old {
			c.duration += num(b[1]) * blockRaster
			continue
		}
		var d float64 // [µs]
		if b[1] != "0" {
			d = num(rows["[DELAYS]"][b[1]][1])
		}
		if b[2] != "0" {
			r := rows["[RF]"][b[2]]
			d = math.Max(d, num(r[4])+shapeN[r[2]]*rfRaster*1e6)
		}
		for _, g := range b[3:6] {
			if tr, ok := c.traps[g]; ok {
				d = math.Max(d, tr[1]+tr[2]+tr[3]+tr[4])
			} else if a, ok := rows["[GRADIENTS]"][g]; ok {
				d = math.Max(d, num(a[3])+shapeN[a[2]]*gradRaster*1e6)
			}
		}
		if adc != "0" {
			a := c.adcs[adc]
			d = math.Max(d, a[2]+a[0]*a[1]*1e-3)
		}
		c.duration += d * 1e-6
	}
	return c
}

// trapIntegral integrates a trapezoid (µs times, amplitude [Hz/m]) from t0
// to t1 [µs] and returns the area [1/m].
func trapIntegral(amp, rise, flat, fall, t0, t1 float64) float64 {
	g := func(t float64) float64 {
		switch {
		case t <= 0 || t >= rise+flat+fall:
			return 0
		case t < rise:
			return amp * t / rise
		case t <= rise+flat:
			return amp
		default:
			return amp * (rise + flat + fall - t) / fall
		}
	}
	// Exact for a polyline when the corners are among the points.
	pts := []float64{t0, t1}
	for _, c := range []float64{rise, rise + flat} {
		if c > t0 && c < t1 {
			pts = append(pts, c)
		}
	}
	for i := 0; i < len(pts); i++ {
		for j := i + 1; j < len(pts); j++ {
			if pts[j] < pts[i] {
				pts[i], pts[j] = pts[j], pts[i]
			}
		}
	}
	var s float64
	for i := 1; i < len(pts); i++ {
		s += 0.5 * (g(pts[i-1]) + g(pts[i])) * (pts[i] - pts[i-1])
	}
	return s * 1e-6
}

// specMD5 computes the signature status the Pulseq specification defines,
// independently of the reader: MD5 of the bytes before the newline that
// precedes "[SIGNATURE]".
func specMD5(data []byte) (seq.SignatureStatus, bool) {
	i := bytes.Index(data, []byte("\n[SIGNATURE]"))
	if i < 0 {
		return seq.SignatureNone, false
	}
	var stored string
	for _, l := range strings.Split(string(data[i:]), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "Hash" {
			stored = f[1]
		}
	}
	spec := md5.Sum(data[:i])
	if hex.EncodeToString(spec[:]) == stored {
		return seq.SignatureOK, false
	}
	incl := md5.Sum(data[:i+1])
	return seq.SignatureMismatch, hex.EncodeToString(incl[:]) == stored
}

// Tolerances of the fixture checks.
// durTol is the tolerance of total durations [s]: sums of a few thousand
// float64 durations, each exact to 1 ps.
const durTol = 1e-9

// TestReadFixtures reads every fixture and checks its blocks, duration,
// events, samples, signature and k-space extent against the text scan and
// the numbers of SOURCES.md.
func TestReadFixtures(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.file, func(t *testing.T) {
			data := readFixture(t, fx.file)
			s, info, err := seq.ReadPulseq(bytes.NewReader(data), fx.file)
			if err != nil {
				t.Fatal(err)
			}
			tc := scanText(t, data)
			if got := info.Version.String(); got != fx.version || got != tc.version {
				t.Errorf("version %s, want %s (text %s)", got, fx.version, tc.version)
			}
			sum := s.Summarize()
			if sum.Blocks != tc.blocks || (fx.blocks != 0 && sum.Blocks != fx.blocks) {
				t.Errorf("%d blocks, text scan %d, SOURCES.md %d", sum.Blocks, tc.blocks, fx.blocks)
			}
			if math.Abs(sum.Duration-tc.duration) > durTol {
				t.Errorf("duration %.12g s, text scan %.12g s", sum.Duration, tc.duration)
			}
			if fx.duration != 0 && math.Abs(sum.Duration-fx.duration) > 5e-5 {
				t.Errorf("duration %.9g s, SOURCES.md %g s", sum.Duration, fx.duration)
			}
			if td, ok := tc.defs["TotalDuration"]; ok {
				if x, _ := strconv.ParseFloat(td, 64); math.Abs(x-sum.Duration) > 1e-5*x {
					t.Errorf("duration %.9g s, TotalDuration %s", sum.Duration, td)
				}
			}
			if sum.RFEvents != tc.rf || sum.ADCEvents != tc.adc || sum.ADCSamples != tc.samples {
				t.Errorf("rf %d, adc %d, samples %d; text scan %d, %d, %d", sum.RFEvents, sum.ADCEvents, sum.ADCSamples, tc.rf, tc.adc, tc.samples)
			}
			wantSig, inclNL := specMD5(data)
			if info.Signature.Status != fx.signature || info.Signature.Status != wantSig || info.Signature.IncludingNewline != inclNL {
				t.Errorf("signature %v (including newline %v), want %v, spec MD5 says %v (%v)", info.Signature.Status,
					info.Signature.IncludingNewline, fx.signature, wantSig, inclNL)
			}
			want := fx.kExtent
			if fx.file == "epi_rs_96_v151.seq" {
				want[0] = epiRSReadoutExtent(t, tc)
			}
			got := sum.KExtent()
			for ax := range 3 {
				if math.Abs(got[ax]-want[ax]) > fx.kTol*want[ax]+kAmpTol*max(want[0], want[1]) {
					t.Errorf("k extent %c: %.6g /m, want %.6g /m", "xyz"[ax], got[ax], want[ax])
				}
			}
			for _, w := range info.Warnings {
				t.Log(w)
			}
		})
	}
}

// epiRSReadoutExtent is the k-space span of one ramp-sampled readout of
// epi_rs from its text: the readout trapezoid named by the definition
// TrapezoidGriddingParameters (rise flat fall adcDelay adcDuration [s]),
// integrated from the first to the last ADC sample centre.
func epiRSReadoutExtent(t *testing.T, tc textCount) float64 {
	p := strings.Fields(tc.defs["TrapezoidGriddingParameters"])
	var us [5]float64
	for i := range us {
		v, err := strconv.ParseFloat(p[i], 64)
		if err != nil {
			t.Fatal(err)
		}
		us[i] = math.Round(v * 1e6)
	}
	var dwell float64
	for _, a := range tc.adcs {
		if math.Abs(a[0]*a[1]*1e-3-us[4]) < 1e-6 {
			dwell = a[1] * 1e-3
		}
	}
	for _, tr := range tc.traps {
		if tr[1] == us[0] && tr[2] == us[1] && tr[3] == us[2] && tr[4] == 0 {
			return math.Abs(trapIntegral(tr[0], tr[1], tr[2], tr[3], us[3]+dwell/2, us[3]+us[4]-dwell/2))
		}
	}
	t.Fatal("epi_rs: no readout trapezoid")
	return 0
}

// TestReadFixtureQuirks checks the documented quirks: the JEMRIS signature,
// the FOV in millimetres, the Name in character codes, label extensions.
func TestReadFixtureQuirks(t *testing.T) {
	hasWarning := func(info *seq.PulseqInfo, parts ...string) bool {
	next:
		for _, w := range info.Warnings {
			for _, p := range parts {
				if !strings.Contains(w.String(), p) {
					continue next
				}
			}
			return true
		}
		return false
	}
	read := func(name string) (*seq.Sequence, *seq.PulseqInfo) {
		s, info, err := seq.ReadFile(filepath.Join("testdata", "pulseq", name))
		if err != nil {
			t.Fatal(err)
		}
		return s, info
	}
	_, info := read("epi_100x100_jemris_v121.seq")
	if info.Signature.Hash != "3702fabce5880c76499cccaca9be4477" || info.Signature.Computed != "d57f9a7d6121d2d3e3b20f37d67deee6" ||
		!hasWarning(info, "[SIGNATURE]", "including the newline") {
		t.Errorf("JEMRIS signature: %+v, warnings %v", info.Signature, info.Warnings)
	}
	s, info := read("trufi_256_v121.seq")
	if s.Encoding.FOV != [3]float64{0.22, 0.22, 0.004} || !hasWarning(info, ":10:", "FOV", "millimetres") {
		t.Errorf("trufi FOV %v, warnings %v", s.Encoding.FOV, info.Warnings)
	}
	// No RF phase alternation: every pulse has phase 0.
	for i, b := range s.Blocks {
		if b.RF != nil && (b.RF.PhaseOffset != 0 || b.RF.Use != seq.Undefined) {
			t.Fatalf("trufi block %d: rf phase %g, use %v", i+1, b.RF.PhaseOffset, b.RF.Use)
		}
	}
	s, info = read("mprage_simple_v120.seq")
	if s.Params.SequenceName != "mprage" || !hasWarning(info, "Name", "character codes") {
		t.Errorf("mprage name %q", s.Params.SequenceName)
	}
	// gre_label: LIN is incremented with SLC and reset; LIN counts 0..255
	// over the ADCs, as the k-space lines do.
	s, _ = read("gre_label_256_v131.seq")
	lin, n := 0, 0
	for i, b := range s.Blocks {
		for _, l := range b.Labels {
			if l.Label == seq.LIN {
				if l.Inc {
					lin += l.Value
				} else {
					lin = l.Value
				}
			}
		}
		if b.ADC != nil {
			if lin != n {
				t.Fatalf("gre_label block %d: LIN %d at ADC %d", i+1, lin, n)
			}
			n++
		}
	}
	// epi_rs: triggers, soft delays, labels and the ADC phase shape.
	s, _ = read("epi_rs_96_v151.seq")
	var trig, soft, phase int
	for _, b := range s.Blocks {
		trig += len(b.Triggers)
		if b.SoftDelay != nil {
			soft++
			if b.SoftDelay.Hint != "TE" && b.SoftDelay.Hint != "TR" {
				t.Errorf("soft delay hint %q", b.SoftDelay.Hint)
			}
		}
		if b.ADC != nil && len(b.ADC.PhaseModulation) == b.ADC.Samples {
			phase++
		}
	}
	if trig == 0 || soft == 0 || phase == 0 {
		t.Errorf("epi_rs: %d triggers, %d soft delays, %d phase-modulated ADCs", trig, soft, phase)
	}
	if b := s.Blocks[1]; b.RF == nil || b.RF.Use != seq.Saturation || b.RF.FreqPPM != -3.45 || b.RF.Center != 4000e-6 {
		t.Errorf("epi_rs fat sat: %+v", b.RF)
	}
	// DetectRFUse: the JEMRIS 90° pulse (2500 Hz × 100 µs) is below
	// 90.01°, an excitation; the MPRAGE's 180° inversion is not at the
	// fat frequency, so MATLAB's rule calls it refocusing.
	for _, c := range []struct {
		file  string
		block int
		want  seq.RFUse
	}{{"epi_100x100_jemris_v121.seq", 1, seq.Excitation}, {"mprage_simple_v120.seq", 1, seq.Refocusing}, {"mprage_simple_v120.seq", 3, seq.Excitation}} {
		s, _, err := seq.PulseqReader{DetectRFUse: true}.Read(bytes.NewReader(readFixture(t, c.file)), c.file)
		if err != nil {
			t.Fatal(err)
		}
		if u := s.Blocks[c.block-1].RF.Use; u != c.want {
			t.Errorf("%s block %d: use %v, want %v", c.file, c.block, u, c.want)
		}
	}
}

// TestMPRAGEAcrossVersions compares the same toy MPRAGE written as 1.2.0
// and 1.5.0: identical ADCs and gradients (gradient 6: a centre-sampled
// shape in 1.2.0, an extended trapezoid in 1.5.0), RF pulses of the same
// flip angle and the same k-space extent. Block durations differ (1.2.0
// zero-fills its RF shapes), so times are not compared.
func TestMPRAGEAcrossVersions(t *testing.T) {
	a, _, err := seq.ReadFile("testdata/pulseq/mprage_simple_v120.seq")
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := seq.ReadFile("testdata/pulseq/mprage_simple_v150.seq")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Blocks) != len(b.Blocks) {
		t.Fatalf("%d and %d blocks", len(a.Blocks), len(b.Blocks))
	}
	const ampTol = 1e-5 // relative: 6-digit amplitudes, 1e-7 shape quantisation
	for i := range a.Blocks {
		x, y := &a.Blocks[i], &b.Blocks[i]
		if (x.ADC == nil) != (y.ADC == nil) || (x.ADC != nil && (x.ADC.Samples != y.ADC.Samples || x.ADC.Dwell != y.ADC.Dwell ||
			x.ADC.Delay != y.ADC.Delay || x.ADC.PhaseOffset != y.ADC.PhaseOffset || x.ADC.FreqOffset != y.ADC.FreqOffset)) {
			t.Fatalf("block %d: ADC %+v vs %+v", i+1, x.ADC, y.ADC)
		}
		for ax := range 3 {
			gx, gy := x.Grad(ax), y.Grad(ax)
			if (gx == nil) != (gy == nil) {
				t.Fatalf("block %d axis %d: gradient presence differs", i+1, ax)
			}
			if gx == nil {
				continue
			}
			tx, ax1 := gx.Corners()
			ty, ay := gy.Corners()
			if len(tx) != len(ty) {
				t.Fatalf("block %d axis %d: corners %v %v vs %v %v", i+1, ax, tx, ax1, ty, ay)
			}
			var peak float64
			for k := range ax1 {
				peak = math.Max(peak, math.Abs(ax1[k]))
			}
			for k := range tx {
				if math.Abs(tx[k]-ty[k]) > 1e-12 || math.Abs(ax1[k]-ay[k]) > ampTol*peak {
					t.Fatalf("block %d axis %d corner %d: (%g, %g) vs (%g, %g)", i+1, ax, k, tx[k], ax1[k], ty[k], ay[k])
				}
			}
		}
		if (x.RF == nil) != (y.RF == nil) {
			t.Fatalf("block %d: RF presence differs", i+1)
		}
		if x.RF != nil && math.Abs(x.RF.FlipAngle()-y.RF.FlipAngle()) > 1e-4*y.RF.FlipAngle() {
			t.Errorf("block %d: flip %g vs %g rad", i+1, x.RF.FlipAngle(), y.RF.FlipAngle())
		}
	}
	ea, eb := a.Summarize().KExtent(), b.Summarize().KExtent()
	for ax := range 3 {
		if math.Abs(ea[ax]-eb[ax]) > 1e-6*eb[ax]+1e-9 {
			t.Errorf("k extent %v vs %v", ea, eb)
		}
	}
}

// Round-trip tolerances: values are written with as many digits as
// round-trip float64, times rounded to 1e-6 µs, shape values re-quantised
// only when that reproduces them to 1e-12 of the peak.
const (
	rtTimeTol = 1e-12 // [s]
	rtRelTol  = 1e-9  // relative to the largest magnitude of a waveform
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// diffSeq reports the first difference between two sequences' events and
// system, or "" if they agree to the round-trip tolerances.
func diffSeq(a, b *seq.Sequence, defs bool) string {
	if a.System.GradRaster != b.System.GradRaster || a.System.RFRaster != b.System.RFRaster ||
		a.System.ADCRaster != b.System.ADCRaster || a.System.BlockRaster != b.System.BlockRaster {
		return "rasters differ"
	}
	if a.Encoding.FOV != b.Encoding.FOV || a.Params.SequenceName != b.Params.SequenceName ||
		a.Params.TE != b.Params.TE || a.Params.TR != b.Params.TR {
		return "FOV, name, TE or TR differ"
	}
	if defs && len(a.Definitions) != len(b.Definitions) {
		return "definitions differ: " + strconv.Itoa(len(a.Definitions)) + " vs " + strconv.Itoa(len(b.Definitions))
	}
	if defs {
		for i := range a.Definitions {
			if a.Definitions[i] != b.Definitions[i] {
				return "definition " + a.Definitions[i].Key + " differs"
			}
		}
	}
	if len(a.Blocks) != len(b.Blocks) {
		return "block counts differ"
	}
	for i := range a.Blocks {
		if d := diffBlock(&a.Blocks[i], &b.Blocks[i]); d != "" {
			return "block " + strconv.Itoa(i+1) + ": " + d
		}
	}
	return ""
}

func diffBlock(x, y *seq.Block) string {
	if !near(x.Duration, y.Duration, rtTimeTol) {
		return "duration"
	}
	if (x.RF == nil) != (y.RF == nil) {
		return "rf presence"
	}
	if r, q := x.RF, y.RF; r != nil {
		if len(r.Signal) != len(q.Signal) || !near(r.Dwell, q.Dwell, rtTimeTol) || !near(r.Delay, q.Delay, rtTimeTol) ||
			!near(r.Center, q.Center, rtTimeTol) || r.FreqOffset != q.FreqOffset || r.PhaseOffset != q.PhaseOffset ||
			r.Use != q.Use || r.FreqPPM != q.FreqPPM || r.PhasePPM != q.PhasePPM {
			return "rf parameters"
		}
		var peak float64
		for _, v := range r.Signal {
			peak = math.Max(peak, cmplx.Abs(v))
		}
		for k := range r.Signal {
			if cmplx.Abs(r.Signal[k]-q.Signal[k]) > rtRelTol*peak {
				return "rf sample " + strconv.Itoa(k)
			}
		}
	}
	for ax := range 3 {
		g, h := x.Grad(ax), y.Grad(ax)
		if (g == nil) != (h == nil) {
			return "gradient presence"
		}
		if g == nil {
			continue
		}
		if g.IsTrapezoid() != h.IsTrapezoid() {
			return "gradient kind"
		}
		if g.IsTrapezoid() {
			if g.Amplitude != h.Amplitude || !near(g.Rise, h.Rise, rtTimeTol) || !near(g.Flat, h.Flat, rtTimeTol) ||
				!near(g.Fall, h.Fall, rtTimeTol) || !near(g.Delay, h.Delay, rtTimeTol) {
				return "trapezoid"
			}
			continue
		}
		if len(g.Times) != len(h.Times) || !near(g.Delay, h.Delay, rtTimeTol) {
			return "arbitrary gradient corners: " + strconv.Itoa(len(g.Times)) + " vs " + strconv.Itoa(len(h.Times))
		}
		var peak float64
		for _, v := range g.Waveform {
			peak = math.Max(peak, math.Abs(v))
		}
		for k := range g.Times {
			if !near(g.Times[k], h.Times[k], rtTimeTol) || !near(g.Waveform[k], h.Waveform[k], rtRelTol*peak) {
				return "arbitrary gradient corner " + strconv.Itoa(k)
			}
		}
	}
	if (x.ADC == nil) != (y.ADC == nil) {
		return "adc presence"
	}
	if a, c := x.ADC, y.ADC; a != nil {
		if a.Samples != c.Samples || !near(a.Dwell, c.Dwell, 1e-15) || !near(a.Delay, c.Delay, rtTimeTol) ||
			a.FreqOffset != c.FreqOffset || a.PhaseOffset != c.PhaseOffset || a.FreqPPM != c.FreqPPM ||
			a.PhasePPM != c.PhasePPM || len(a.PhaseModulation) != len(c.PhaseModulation) {
			return "adc"
		}
		for k := range a.PhaseModulation {
			if !near(a.PhaseModulation[k], c.PhaseModulation[k], 1e-12) {
				return "adc phase modulation"
			}
		}
	}
	if len(x.Labels) != len(y.Labels) {
		return "labels"
	}
	for k := range x.Labels {
		if x.Labels[k] != y.Labels[k] {
			return "label"
		}
	}
	if len(x.Triggers) != len(y.Triggers) {
		return "triggers"
	}
	for k := range x.Triggers {
		p, q := x.Triggers[k], y.Triggers[k]
		if p.Kind != q.Kind || p.Channel != q.Channel || !near(p.Delay, q.Delay, rtTimeTol) || !near(p.Duration, q.Duration, rtTimeTol) {
			return "trigger"
		}
	}
	if (x.SoftDelay == nil) != (y.SoftDelay == nil) || (x.SoftDelay != nil && (x.SoftDelay.Num != y.SoftDelay.Num ||
		!near(x.SoftDelay.Offset, y.SoftDelay.Offset, rtTimeTol) || x.SoftDelay.Factor != y.SoftDelay.Factor || x.SoftDelay.Hint != y.SoftDelay.Hint)) {
		return "soft delay"
	}
	if (x.RFShim == nil) != (y.RFShim == nil) || (x.RFShim != nil && (!equalF(x.RFShim.Magnitude, y.RFShim.Magnitude) || !equalF(x.RFShim.Phase, y.RFShim.Phase))) {
		return "rf shim"
	}
	if (x.Rotation == nil) != (y.Rotation == nil) || (x.Rotation != nil && *x.Rotation != *y.Rotation) {
		return "rotation"
	}
	if len(x.Extensions) != len(y.Extensions) {
		return "extensions"
	}
	for k := range x.Extensions {
		if x.Extensions[k].Name != y.Extensions[k].Name || strings.Join(x.Extensions[k].Fields, " ") != strings.Join(y.Extensions[k].Fields, " ") {
			return "extension"
		}
	}
	return ""
}

func equalF(a, b []float64) bool {
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

// TestRoundTripFixtures reads every fixture, writes it as 1.5.1, reads that
// back and checks that the events and definitions are the same and that
// writing again gives the same bytes with a valid signature.
func TestRoundTripFixtures(t *testing.T) {
	for _, fx := range fixtures() {
		t.Run(fx.file, func(t *testing.T) {
			s1, _, err := seq.ReadPulseq(bytes.NewReader(readFixture(t, fx.file)), fx.file)
			if err != nil {
				t.Fatal(err)
			}
			var w1 bytes.Buffer
			if err := seq.WritePulseq(&w1, s1); err != nil {
				t.Fatal(err)
			}
			s2, info, err := seq.ReadPulseq(bytes.NewReader(w1.Bytes()), "written")
			if err != nil {
				t.Fatal(err)
			}
			if info.Version.String() != "1.5.1" || info.Signature.Status != seq.SignatureOK {
				t.Errorf("written file: version %v, signature %v", info.Version, info.Signature.Status)
			}
			if st, _ := specMD5(w1.Bytes()); st != seq.SignatureOK {
				t.Errorf("written signature does not verify by the specification")
			}
			if d := diffSeq(s1, s2, true); d != "" {
				t.Fatalf("read → write → read: %s", d)
			}
			var w2 bytes.Buffer
			if err := seq.WritePulseq(&w2, s2); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
				t.Errorf("writing the re-read sequence gives different bytes")
			}
		})
	}
}

// TestRoundTripGRE writes the builders' output (GRE and SE), reads it back
// and checks that the events are the same and still pass Check.
func TestRoundTripGRE(t *testing.T) {
	var built []*seq.Sequence
	for _, p := range []seq.GREParams{
		{Matrix: 32},
		{Matrix: 16, FOV: 0.2, TE: 8e-3, TR: 30e-3, Excitation: seq.HardExcitation, DummyScans: 2, NoRFSpoiling: true},
	} {
		s, err := seq.GRE(p)
		if err != nil {
			t.Fatal(err)
		}
		built = append(built, s)
	}
	se, err := seq.SE(seq.SEParams{Matrix: 16, TE: 0.03, TR: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	built = append(built, se)
	ss, err := seq.BSSFP(seq.BSSFPParams{Matrix: 16, DummyScans: 2})
	if err != nil {
		t.Fatal(err)
	}
	built = append(built, ss)
	for _, s := range built {
		dir := t.TempDir()
		path := filepath.Join(dir, "gre.seq")
		if err := seq.WriteFile(path, s); err != nil {
			t.Fatal(err)
		}
		r, info, err := seq.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(info.Warnings) != 0 || info.Signature.Status != seq.SignatureOK {
			t.Errorf("warnings %v, signature %v", info.Warnings, info.Signature.Status)
		}
		if d := diffSeq(s, r, false); d != "" {
			t.Fatalf("write → read: %s", d)
		}
		if err := r.Check(); err != nil {
			t.Errorf("read-back GRE: %v", err)
		}
		var w1, w2 bytes.Buffer
		if err := seq.WritePulseq(&w1, s); err != nil {
			t.Fatal(err)
		}
		if err := seq.WritePulseq(&w2, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Error("the read-back GRE writes different bytes")
		}
	}
}

// extensionSequence has every event and extension kind the writer knows.
func extensionSequence() *seq.Sequence {
	sys := seq.DefaultSystem()
	sine := func(n int, amp float64) ([]float64, []float64) {
		// Centre samples of a half sine, drawn as Pulseq's default timing:
		// (0, 0), centres, (n·Δ, 0).
		t := []float64{0}
		a := []float64{0}
		for k := range n {
			t = append(t, (float64(k)+0.5)*sys.GradRaster)
			a = append(a, amp*math.Sin(math.Pi*(float64(k)+0.5)/float64(n)))
		}
		return append(t, float64(n)*sys.GradRaster), append(a, 0)
	}
	st, sa := sine(40, 2e5)
	pm := make([]float64, 64)
	for i := range pm {
		pm[i] = 0.01 * float64(i*i%7)
	}
	sinc := make([]complex128, 20)
	for k := range sinc {
		x := float64(k) - 9.5
		sinc[k] = complex(300*math.Sin(x)/x, 0)
	}
	return &seq.Sequence{
		System:   sys,
		Encoding: kspace.Space{FOV: [3]float64{0.2, 0.2, 0.005}},
		Params:   kspace.Params{SequenceName: "all events", TE: 5e-3, TR: 20e-3},
		Blocks: []seq.Block{
			{Duration: 1e-3, RF: &seq.RF{Signal: []complex128{1000}, Dwell: 250e-6, Delay: 100e-6, Center: 125e-6,
				Use: seq.Saturation, FreqPPM: -3.45, PhasePPM: 0.1, PhaseOffset: 1},
				Triggers: []seq.Trigger{{Kind: seq.TriggerOutput, Channel: 1, Duration: 100e-6}},
				Labels:   []seq.LabelEvent{{Label: seq.LIN, Value: -3}, {Label: seq.SLC, Value: 1, Inc: true}, {Label: seq.NOROT, Value: 1}},
				RFShim:   &seq.RFShim{Magnitude: []float64{1, 0.5}, Phase: []float64{0, 1.25}}},
			{Duration: 2e-3, Gx: &seq.Gradient{Amplitude: 1e5, Rise: 100e-6, Flat: 640e-6, Fall: 100e-6},
				ADC:        &seq.ADC{Samples: 64, Dwell: 10e-6, Delay: 100e-6, PhaseModulation: pm, FreqPPM: 1.5},
				Rotation:   &seq.Rotation{W: math.Cos(math.Pi / 8), Z: math.Sin(math.Pi / 8)},
				Extensions: []seq.Extension{{Name: "NCO", Fields: []string{"1", "2.5"}}}},
			{Duration: 1e-3, SoftDelay: &seq.SoftDelay{Num: 0, Offset: -1e-4, Factor: 1, Hint: "TE"}},
			{Duration: 1e-3, Gy: &seq.Gradient{Times: []float64{0, 1e-4, 3e-4, 4e-4}, Waveform: []float64{0, 1e5, 1e5, 0}}},
			{Duration: 1e-3, Gz: &seq.Gradient{Delay: 20e-6, Times: st, Waveform: sa}},
			{Duration: 1e-3, Gx: &seq.Gradient{Times: []float64{0, 3e-6, 17e-6}, Waveform: []float64{0, 500, 0}},
				RF: &seq.RF{Signal: sinc, Dwell: 10e-6, Delay: 100e-6, Center: 100e-6, Use: seq.Excitation}},
			{Duration: 1e-3, RF: &seq.RF{Signal: sinc[:5], Dwell: 1.5e-6, Delay: 50e-6, Center: 3.75e-6, Use: seq.Undefined}},
		},
	}
}

// TestRoundTripExtensions writes and reads back a sequence with every
// extension and event encoding.
func TestRoundTripExtensions(t *testing.T) {
	s := extensionSequence()
	var w bytes.Buffer
	if err := seq.WritePulseq(&w, s); err != nil {
		t.Fatal(err)
	}
	txt := w.String()
	for _, want := range []string{"RequiredExtensions ROTATIONS", "extension TRIGGERS", "extension LABELSET", "extension LABELINC",
		"extension DELAYS", "extension RF_SHIMS", "extension ROTATIONS", "extension NCO", "Name all events", "TE 0.005"} {
		if !strings.Contains(txt, want) {
			t.Errorf("written file lacks %q", want)
		}
	}
	r, info, err := seq.ReadPulseq(bytes.NewReader(w.Bytes()), "ext.seq")
	if err != nil {
		t.Fatalf("%v\n%s", err, txt)
	}
	if d := diffSeq(s, r, false); d != "" {
		t.Fatalf("write → read: %s", d)
	}
	var unknown bool
	for _, w := range info.Warnings {
		unknown = unknown || strings.Contains(w.Msg, "NCO is not interpreted")
	}
	if !unknown || len(info.Warnings) != 1 {
		t.Errorf("warnings %v, want one about NCO", info.Warnings)
	}
	// The rotation turns gradient x by 45° about z: k along (1, 1)/√2.
	sum := (&seq.Sequence{System: s.System, Blocks: s.Blocks[1:2]}).Summarize()
	e := sum.KExtent()
	if math.Abs(e[0]-e[1]) > 1e-9*e[0] || e[0] == 0 || e[2] != 0 {
		t.Errorf("rotated readout k extent %v", e)
	}
}

// pulseqMini is a small valid 1.5.1 file: a 90° hard pulse, then a readout.
const pulseqMini = `# minimal
[VERSION]
major 1
minor 5
revision 1

[DEFINITIONS]
AdcRasterTime 1e-07
BlockDurationRaster 1e-05
GradientRasterTime 1e-05
RadiofrequencyRasterTime 1e-06

[BLOCKS]
1 20 1 0 0 0 0 0
2 50 0 1 0 0 1 0

[RF]
1 2500 1 2 0 50 0 0 0 0 0 e

[TRAP]
1 100000 10 200 10 0

[ADC]
1 20 10000 10 0 0 0 0 0

[SHAPES]

shape_id 1
num_samples 100
1
0
0
97

shape_id 2
num_samples 100
0
0
98
`

// TestReadMini checks a hand-made file against hand-computed values.
func TestReadMini(t *testing.T) {
	s, info, err := seq.ReadPulseq(strings.NewReader(pulseqMini), "mini.seq")
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Warnings) != 0 || info.Signature.Status != seq.SignatureNone {
		t.Errorf("warnings %v, signature %v", info.Warnings, info.Signature.Status)
	}
	// The same with a byte-order mark and CR LF line ends.
	crlf := "\xef\xbb\xbf" + strings.ReplaceAll(pulseqMini, "\n", "\r\n")
	if s2, _, err := seq.ReadPulseq(strings.NewReader(crlf), "crlf.seq"); err != nil || diffSeq(s, s2, true) != "" {
		t.Errorf("BOM and CR LF: %v", err)
	}
	rf := s.Blocks[0].RF
	// 100 equal samples of 1 µs merge into one of 100 µs; 2500 Hz for
	// 100 µs is a quarter turn.
	if len(rf.Signal) != 1 || rf.Dwell != 100e-6 || math.Abs(rf.FlipAngle()-math.Pi/2) > 1e-12 || rf.Center != 50e-6 || rf.Use != seq.Excitation {
		t.Errorf("rf %+v", rf)
	}
	if d := s.Duration(); math.Abs(d-700e-6) > 1e-15 {
		t.Errorf("duration %g", d)
	}
	// Readout: samples at 10 µs + (n+½)·10 µs on a 100 000 Hz/m gradient
	// that ramps for 10 µs: k(t) = 1e5·(t − 5 µs) on the flat top.
	sum := s.Summarize()
	if e := sum.KExtent(); math.Abs(e[0]-19*1e5*10e-6) > 1e-9 {
		t.Errorf("k extent %v, want 19 samples of 1/m", e)
	}
	if math.Abs(sum.KMin[0]-1e5*(15e-6-5e-6)) > 1e-9 {
		t.Errorf("k of the first sample %g", sum.KMin[0])
	}
}

// TestMalformed checks that broken files give FormatErrors that name the
// place and the field.
func TestMalformed(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           []string // substrings of the error
		unsupported    bool
	}{
		{"version", "major 1", "major 2", []string{"[VERSION]", "version", "2.5.1"}, true},
		{"no version", "[VERSION]\nmajor 1\nminor 5\nrevision 1\n", "", []string{"missing [VERSION]"}, false},
		{"block fields", "2 50 0 1 0 0 1 0", "2 50 0 1 0 0 1", []string{"mini.seq:15", "[BLOCKS]", "block 2", "has 7 fields"}, false},
		{"block id", "1 20 1 0 0 0 0 0", "3 20 1 0 0 0 0 0", []string{"mini.seq:14", "block 1", "id", "numbered"}, false},
		{"block adc", "2 50 0 1 0 0 1 0", "2 50 0 1 0 0 7 0", []string{"mini.seq:15", "block 2", "adc", "no such ADC"}, false},
		{"block value", "2 50 0 1 0 0 1 0", "2 50 0 x 0 0 1 0", []string{"block 2", "gx", `"x"`}, false},
		{"rf shape", "1 2500 1 2 0", "1 2500 9 2 0", []string{"mini.seq:18", "[RF]", "block 1", "rf mag_id", "no such shape"}, false},
		{"rf delay", "0 50 0 0 0 0 0 e", "0 50 -5 0 0 0 0 e", []string{"[RF]", "rf delay", "negative"}, false},
		{"trap", "1 100000 10 200", "1 100000 ten 200", []string{"mini.seq:21", "[TRAP]", "trap rise", `"ten"`}, false},
		{"adc dwell", "1 20 10000 10", "1 20 0 10", []string{"mini.seq:24", "[ADC]", "adc dwell", "zero"}, false},
		{"shape count", "0\n0\n97", "0\n0\n98", []string{"mini.seq:28", "[SHAPES]", "shape 1", "more than the 100 samples"}, false},
		{"shape nan", "0\n0\n97", "0\n0\nnan", []string{"[SHAPES]", "shape sample", "not finite"}, false},
		{"shape huge", "num_samples 100\n1", "num_samples 99999999\n1", []string{"[SHAPES]", "num_samples", "limit"}, false},
		{"raster", "GradientRasterTime 1e-05", "GradientRasterTime -1", []string{"[DEFINITIONS]", "GradientRasterTime", `"-1"`}, false},
		{"label", "1 20 1 0 0 0 0 0", "1 20 1 0 0 0 0 1\n[EXTENSIONS]\n1 1 1 0\nextension LABELSET 1\n1 0 FOO\n", []string{"LABELSET", "label", "FOO"}, true},
		{"ext loop", "1 20 1 0 0 0 0 0", "1 20 1 0 0 0 0 1\n[EXTENSIONS]\n1 1 1 1\nextension LABELSET 1\n1 0 LIN\n", []string{"block 1", "loops"}, false},
	}
	for _, c := range cases {
		if !strings.Contains(pulseqMini, c.old) {
			t.Fatalf("%s: %q not in the file", c.name, c.old)
		}
		in := strings.Replace(pulseqMini, c.old, c.new, 1)
		_, _, err := seq.ReadPulseq(strings.NewReader(in), "mini.seq")
		var fe *seq.FormatError
		if !errors.As(err, &fe) {
			t.Errorf("%s: got %v, want a FormatError", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not mention %q", c.name, err, w)
			}
		}
		if errors.Is(err, seq.ErrUnsupported) != c.unsupported {
			t.Errorf("%s: %v: unsupported %v", c.name, err, !c.unsupported)
		}
	}
}

// TestWriteErrors checks that sequences the format cannot hold are refused.
func TestWriteErrors(t *testing.T) {
	s := &seq.Sequence{System: seq.DefaultSystem(), Blocks: []seq.Block{{Duration: 12.5e-6}}}
	if err := seq.WritePulseq(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), "block 1") {
		t.Errorf("off-raster duration: %v", err)
	}
	s.Blocks[0] = seq.Block{Duration: 1e-3, SoftDelay: &seq.SoftDelay{Hint: "two words", Factor: 1}}
	if err := seq.WritePulseq(&bytes.Buffer{}, s); err == nil {
		t.Error("soft delay hint with a space written")
	}
	if err := (seq.PulseqWriter{Version: seq.PulseqVersion{Major: 1, Minor: 4, Revision: 1}}).Write(&bytes.Buffer{}, s); !errors.Is(err, seq.ErrUnsupported) {
		t.Errorf("version 1.4.1: %v", err)
	}
	// A failed WriteFile leaves the old file.
	path := filepath.Join(t.TempDir(), "x.seq")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Blocks[0] = seq.Block{Duration: 12.5e-6}
	if err := seq.WriteFile(path, s); err == nil {
		t.Error("WriteFile accepted an off-raster block")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file now holds %q", b)
	}
}

// FuzzReadPulseq feeds arbitrary bytes to the reader with small limits:
// it must not panic, hang or allocate without bound, and whatever it reads
// must write and read back with the same number of blocks.
func FuzzReadPulseq(f *testing.F) {
	for _, s := range []string{pulseqMini, pulseq121, pulseq131, pulseq141, pulseq151} {
		f.Add([]byte(s))
	}
	names, _ := filepath.Glob(filepath.Join("testdata", "pulseq", "*.seq"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	var w bytes.Buffer
	if err := seq.WritePulseq(&w, extensionSequence()); err != nil {
		f.Fatal(err)
	}
	f.Add(w.Bytes())
	rd := seq.PulseqReader{MaxBytes: 1 << 20, MaxBlocks: 1 << 14, MaxShapeSamples: 1 << 16, MaxSamples: 1 << 18}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := rd.Read(bytes.NewReader(data), "fuzz.seq")
		if err != nil {
			var fe *seq.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FormatError", err)
			}
			return
		}
		var out bytes.Buffer
		if err := seq.WritePulseq(&out, s); err != nil {
			return // e.g. block durations off the raster of a 1.2 file
		}
		r, _, err := seq.ReadPulseq(bytes.NewReader(out.Bytes()), "rewritten.seq")
		if err != nil {
			t.Fatalf("re-reading the written file: %v", err)
		}
		if len(r.Blocks) != len(s.Blocks) {
			t.Fatalf("%d blocks, %d after writing", len(s.Blocks), len(r.Blocks))
		}
	})
}

// Small files of each format version, with values worked out by hand in
// TestReadVersions. They are also fuzzing seeds.
const (
	pulseq121 = `[VERSION]
major 1
minor 2
revision 1

[DEFINITIONS]
FOV 200 200 5
Name 116 101 115 116

# D RF GX GY GZ ADC
[BLOCKS]
1 0 1 0 0 1 0
2 1 0 2 0 0 1
3 2 0 0 0 0 0

[RF]
1 500 1 2 20 100 1.5

[GRADIENTS]
1 400000 3 0

[TRAP]
2 100000 20 100 20 10

[ADC]
1 10 10000 30 0 0

[DELAYS]
1 300
2 1000

[SHAPES]

shape_id 1
num_samples 40
1
0
0
37

shape_id 2
num_samples 40
0
0
38

shape_id 3
num_samples 6
0.25
0.5
0.25
0
-0.25
-0.5
`
	pulseq131 = `[VERSION]
major 1
minor 3
revision 1

[BLOCKS]
1 0 1 0 0 0 0 1
2 1 0 0 0 0 1 2

[RF]
1 500 1 1 0 0 0

[ADC]
1 10 10000 0 0 0

[DELAYS]
1 500

[EXTENSIONS]
1 1 1 0
2 2 1 3
3 3 1 0

extension LABELSET 1
1 5 LIN

extension LABELINC 2
1 -1 SLC

extension TRIGGERS 3
1 2 1 0 10

[SHAPES]

shape_id 1
num_samples 10
1
0
0
7
`
	pulseq141 = `[VERSION]
major 1
minor 4
revision 1

[DEFINITIONS]
AdcRasterTime 1e-07
BlockDurationRaster 1e-05
GradientRasterTime 1e-05
RadiofrequencyRasterTime 1e-06

[BLOCKS]
1 100 1 0 0 0 0 0
2 50 0 1 0 0 0 0

[RF]
1 250 1 3 2 100 0 0

[GRADIENTS]
1 100000 4 5 10

[SHAPES]

shape_id 1
num_samples 2
1
1

shape_id 2
num_samples 2
0
800

shape_id 3
num_samples 2
0
0

shape_id 4
num_samples 4
0
1
1
0

shape_id 5
num_samples 4
0
10
30
40
`
	pulseq151 = `[VERSION]
major 1
minor 5
revision 1

[DEFINITIONS]
AdcRasterTime 1e-07
BlockDurationRaster 1e-05
GradientRasterTime 1e-05
RadiofrequencyRasterTime 1e-06
RequiredExtensions ROTATIONS

[BLOCKS]
1 100 1 0 0 0 0 1
2 10 0 1 0 0 1 2
3 10 0 0 0 0 0 4

[RF]
1 250 1 3 2 400 100 -3.45 0.5 0 0 s

[GRADIENTS]
1 100000 0 0 6 -1 0

[ADC]
1 4 5000 5 0 0 0 0 7

[EXTENSIONS]
1 2 1 0
2 1 1 5
4 3 1 0
5 4 1 0

extension ROTATIONS 1
1 0.7071067811865476 0 0 0.7071067811865476

extension RF_SHIMS 2
1 2 1 0 0.5 1.5

extension DELAYS 3
1 0 -50 1 TE

extension NCO 4
1 7 abc

[SHAPES]

shape_id 1
num_samples 2
1
1

shape_id 2
num_samples 2
0
800

shape_id 3
num_samples 2
0
0

shape_id 6
num_samples 5
0.5
1
1
1
0.5

shape_id 7
num_samples 4
0
0.1
0.2
0.3
`
)

// TestReadVersions checks one small file of each column layout against
// values worked out by hand.
func TestReadVersions(t *testing.T) {
	read := func(name, text string) (*seq.Sequence, *seq.PulseqInfo) {
		t.Helper()
		s, info, err := seq.ReadPulseq(strings.NewReader(text), name)
		if err != nil {
			t.Fatal(err)
		}
		return s, info
	}
	corners := func(g *seq.Gradient) string {
		tt, aa := g.Corners()
		var b strings.Builder
		for k := range tt {
			b.WriteString(strconv.FormatFloat(tt[k]*1e6, 'g', 10, 64) + ":" + strconv.FormatFloat(aa[k], 'g', 10, 64) + " ")
		}
		return b.String()
	}

	// 1.2.1: delays, centre-sampled shape, millimetre FOV, coded name.
	s, info := read("v121.seq", pulseq121)
	if len(info.Warnings) != 2 || s.Encoding.FOV != [3]float64{0.2, 0.2, 0.005} || s.Params.SequenceName != "test" {
		t.Errorf("1.2.1: FOV %v, name %q, warnings %v", s.Encoding.FOV, s.Params.SequenceName, info.Warnings)
	}
	// Block 1: 40 equal RF samples from 20 µs (one of 40 µs, centre at
	// 20 µs); the shape 0.25 0.75 1 1 0.75 0.25 of 400 000 Hz/m on the
	// 10 µs raster is a trapezoid with 20 µs ramps.
	rf := s.Blocks[0].RF
	if len(rf.Signal) != 1 || rf.Signal[0] != 500 || rf.Dwell != 40e-6 || rf.Delay != 20e-6 || rf.Center != 20e-6 ||
		rf.FreqOffset != 100 || rf.PhaseOffset != 1.5 || rf.Use != seq.Undefined {
		t.Errorf("1.2.1 rf %+v", rf)
	}
	if c := corners(s.Blocks[0].Gz); c != "0:0 20:400000 40:400000 60:0 " {
		t.Errorf("1.2.1 gz corners %s", c)
	}
	// Durations: the longest event (60 µs); the delay (300 µs) beyond a
	// 150 µs trapezoid and a 130 µs ADC; the delay alone (1000 µs).
	for i, want := range []float64{60e-6, 300e-6, 1000e-6} {
		if d := s.Blocks[i].Duration; math.Abs(d-want) > 1e-15 {
			t.Errorf("1.2.1 block %d: duration %g, want %g", i+1, d, want)
		}
	}
	if a := s.Blocks[1].ADC; a.Samples != 10 || a.Dwell != 10e-6 || a.Delay != 30e-6 {
		t.Errorf("1.2.1 adc %+v", a)
	}

	// 1.3.1: extension lists.
	s, _ = read("v131.seq", pulseq131)
	if l := s.Blocks[0].Labels; len(l) != 1 || l[0] != (seq.LabelEvent{Label: seq.LIN, Value: 5}) {
		t.Errorf("1.3.1 block 1 labels %v", l)
	}
	b := s.Blocks[1]
	if len(b.Labels) != 1 || b.Labels[0] != (seq.LabelEvent{Label: seq.SLC, Value: -1, Inc: true}) ||
		len(b.Triggers) != 1 || b.Triggers[0] != (seq.Trigger{Kind: seq.TriggerInput, Channel: 1, Duration: 10e-6}) || b.Duration != 500e-6 {
		t.Errorf("1.3.1 block 2 %+v", b)
	}

	// 1.4.1: time shapes. A [0 800] block pulse of 250 Hz: 72°, centre
	// at 400 µs; an extended trapezoid 0-100-300-400 µs after 10 µs.
	s, _ = read("v141.seq", pulseq141)
	rf = s.Blocks[0].RF
	if len(rf.Signal) != 1 || rf.Dwell != 800e-6 || rf.Delay != 100e-6 || rf.Center != 400e-6 ||
		math.Abs(rf.FlipAngle()-72*math.Pi/180) > 1e-12 {
		t.Errorf("1.4.1 rf %+v", rf)
	}
	if g := s.Blocks[1].Gx; g.Delay != 10e-6 || corners(g) != "10:0 110:100000 310:100000 410:0 " {
		t.Errorf("1.4.1 gx delay %g, corners %s", g.Delay, corners(g))
	}
	if d := s.Duration(); math.Abs(d-1.5e-3) > 1e-15 {
		t.Errorf("1.4.1 duration %g", d)
	}

	// 1.5.1: use, ppm, centre, oversampled gradient, ADC phase shape,
	// rotation, shims, soft delay, and an unknown extension kept.
	s, info = read("v151.seq", pulseq151)
	rf = s.Blocks[0].RF
	if rf.Use != seq.Saturation || rf.FreqPPM != -3.45 || rf.PhasePPM != 0.5 || rf.Center != 400e-6 {
		t.Errorf("1.5.1 rf %+v", rf)
	}
	if sh := s.Blocks[0].RFShim; sh == nil || !equalF(sh.Magnitude, []float64{1, 0.5}) || !equalF(sh.Phase, []float64{0, 1.5}) {
		t.Errorf("1.5.1 shim %+v", sh)
	}
	b = s.Blocks[1]
	if c := corners(b.Gx); c != "0:0 5:50000 10:100000 15:100000 20:100000 25:50000 30:0 " {
		t.Errorf("1.5.1 oversampled gx %s", c)
	}
	if b.ADC.Dwell != 5e-6 || !equalF(b.ADC.PhaseModulation, []float64{0, 0.1, 0.2, 0.3}) {
		t.Errorf("1.5.1 adc %+v", b.ADC)
	}
	if b.Rotation == nil || len(b.Extensions) != 1 || b.Extensions[0].Name != "NCO" || strings.Join(b.Extensions[0].Fields, " ") != "7 abc" {
		t.Errorf("1.5.1 block 2 rotation %v, extensions %v", b.Rotation, b.Extensions)
	}
	if d := s.Blocks[2].SoftDelay; d == nil || *d != (seq.SoftDelay{Num: 0, Offset: -50e-6, Factor: 1, Hint: "TE"}) {
		t.Errorf("1.5.1 soft delay %+v", d)
	}
	if len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0].String(), "NCO") {
		t.Errorf("1.5.1 warnings %v", info.Warnings)
	}
	// The rotation by 90° about z plays x as y: samples at 7.5, 12.5, 17.5
	// and 22.5 µs on the trapezoid, k from 56.25 to 156.25... per 100 000 Hz/m.
	sum := s.Summarize()
	k := func(t float64) float64 { // ∫ of the oversampled trapezoid [1/m]
		switch {
		case t <= 10e-6:
			return 1e5 * t * t / 20e-6
		case t <= 20e-6:
			return 1e5 * (5e-6 + (t - 10e-6))
		default:
			return 1e5*(15e-6) + 1e5*(t-20e-6) - 1e5*(t-20e-6)*(t-20e-6)/20e-6
		}
	}
	if e := sum.KExtent(); math.Abs(e[0]) > 1e-9 || math.Abs(e[1]-(k(22.5e-6)-k(7.5e-6))) > 1e-9 {
		t.Errorf("1.5.1 rotated k extent %v, want y %g", e, k(22.5e-6)-k(7.5e-6))
	}
}

// TestRoundTripVersions writes the small files of every version as 1.5.1
// and reads them back; the oversampled gradient keeps its encoding.
func TestRoundTripVersions(t *testing.T) {
	for name, text := range map[string]string{"mini": pulseqMini, "v121": pulseq121, "v131": pulseq131, "v141": pulseq141, "v151": pulseq151} {
		s1, _, err := seq.ReadPulseq(strings.NewReader(text), name)
		if err != nil {
			t.Fatal(err)
		}
		var w bytes.Buffer
		if err := seq.WritePulseq(&w, s1); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s2, _, err := seq.ReadPulseq(bytes.NewReader(w.Bytes()), name+" written")
		if err != nil {
			t.Fatal(err)
		}
		if d := diffSeq(s1, s2, true); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		if name == "v151" && !strings.Contains(w.String(), "\n1 100000 0 0 4 -1 0\n") {
			t.Errorf("v151: oversampled gradient not written with time shape -1:\n%s", w.String())
		}
	}
}
