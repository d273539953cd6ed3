package seq

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/cmplx"
	"strconv"
	"strings"

	"github.com/larmor-mri/larmor/internal/atomicfile"
)

// version returns the version to write, or an error for an unsupported one.
func (o PulseqWriter) version() (PulseqVersion, error) {
	v := o.Version
	if v == (PulseqVersion{}) {
		v = PulseqVersion{1, 5, 1}
	}
	if v != (PulseqVersion{1, 5, 1}) {
		return v, fmt.Errorf("seq: writing Pulseq version %v: only 1.5.1 is written: %w", v, ErrUnsupported)
	}
	return v, nil
}

// Write writes s to w as a Pulseq file: deduplicated event tables, shapes
// compressed where that is exact, the definitions and an MD5 signature.
// Nothing is written if s cannot be encoded.
//
// Encoding: block durations must be whole multiples of
// System.BlockRaster. Delays and times are written in µs and dwell times in
// ns, rounded to 1e-6 of the unit, so values on the rasters come back
// exactly; amplitudes and phases are written with as many digits as
// round-trip the float64. An RF envelope whose dwell is a multiple m of
// System.RFRaster is written on the RF raster with each sample repeated m
// times (a single sample as the block pulse time shape [0 T] of the
// reference implementation); other dwells as a time shape. A trapezoid is
// written to [TRAP]. An arbitrary gradient with all its corners on the
// gradient raster is written as an extended trapezoid (a time shape in
// raster units); one whose corners are what the reader makes of samples
// at the raster-cell centres (see "Gradients sampled on the raster" at
// PulseqReader.Read) is written as those samples (time shape 0) with its
// first and last values; any other as a time shape of fractional raster
// units, which the reference MATLAB reader accepts but scanner
// interpreters may not (Check reports such corners). Writing a sequence
// that was read from a file and reading it back gives the same events.
//
// Definitions: s.Definitions are written in order; the rasters are set
// from s.System, FOV from s.Encoding.FOV, Name from s.Params.SequenceName,
// TE, TR and TI from s.Params, TotalDuration and B0 (if present) from the
// sequence, each only where the stored value differs, and missing ones are
// appended; RequiredExtensions gets ROTATIONS if a block has a rotation.
// So a sequence read from a file is written back with its definitions
// unchanged.
func (o PulseqWriter) Write(w io.Writer, s *Sequence) error {
	if _, err := o.version(); err != nil {
		return err
	}
	b, err := encodePulseq(s)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// WriteFile writes s to the file at path atomically (see WriteFile).
func (o PulseqWriter) WriteFile(path string, s *Sequence) error {
	if _, err := o.version(); err != nil {
		return err
	}
	b, err := encodePulseq(s)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b)
}

// rasterUnits expresses t [s] in units of raster r, rounded to 1e-6 of a
// raster (whole numbers when t is on the raster).
func rasterUnits(t, r float64) float64 { return math.Round(t/r*1e6) / 1e6 }

// fmtUnit formats t [s] in the given unit (1e-6 for µs), rounded to 1e-6
// of the unit.
func fmtUnit(t, unit float64) string {
	x := math.Round(t/unit*1e6) / 1e6
	return formatExact(x)
}

type encoder struct {
	s        *Sequence
	sys      System
	shapes   []*encodedShape
	shapeIDs map[string]int

	rfRows []string
	rfIDs  map[string]int
	rfPtr  map[*RF]int

	gradRows []string // "g ..." or "t ..."
	gradIDs  map[string]int
	gradPtr  map[*Gradient]int

	adcRows []string
	adcIDs  map[string]int
	adcPtr  map[*ADC]int

	extTypes []string       // extension names in type-id order (id = index+1)
	extType  map[string]int // name → type id
	extRows  map[string][]string
	extIDs   map[string]map[string]int

	listRows []string
	listIDs  map[[3]int]int
}

func encodePulseq(s *Sequence) ([]byte, error) {
	if s == nil {
		return nil, errors.New("seq: nil sequence")
	}
	e := &encoder{
		s: s, sys: s.System, shapeIDs: map[string]int{},
		rfIDs: map[string]int{}, rfPtr: map[*RF]int{},
		gradIDs: map[string]int{}, gradPtr: map[*Gradient]int{},
		adcIDs: map[string]int{}, adcPtr: map[*ADC]int{},
		extType: map[string]int{}, extRows: map[string][]string{}, extIDs: map[string]map[string]int{},
		listIDs: map[[3]int]int{},
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"GradRaster", e.sys.GradRaster}, {"RFRaster", e.sys.RFRaster}, {"ADCRaster", e.sys.ADCRaster}, {"BlockRaster", e.sys.BlockRaster}} {
		if !(r.v > 0) || r.v > 1 {
			return nil, fmt.Errorf("seq: writing Pulseq: System.%s %g s is not a raster time in (0, 1] s", r.name, r.v)
		}
	}
	defs, err := e.definitions()
	if err != nil {
		return nil, err
	}
	e.registerExtensionTypes()
	var blocks strings.Builder
	for i := range s.Blocks {
		row, err := e.block(i)
		if err != nil {
			return nil, fmt.Errorf("seq: writing Pulseq: block %d: %w", i+1, err)
		}
		blocks.WriteString(row)
	}

	var b bytes.Buffer
	b.WriteString("# Pulseq sequence file\n# Created by Larmor (github.com/larmor-mri/larmor)\n\n")
	b.WriteString("[VERSION]\nmajor 1\nminor 5\nrevision 1\n\n")
	if len(defs) > 0 {
		b.WriteString("[DEFINITIONS]\n")
		for _, d := range defs {
			b.WriteString(d.Key)
			if d.Value != "" {
				b.WriteString(" " + d.Value)
			}
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	b.WriteString("# Format of blocks:\n# NUM DUR RF  GX  GY  GZ  ADC  EXT\n[BLOCKS]\n")
	b.WriteString(blocks.String())
	b.WriteByte('\n')
	if len(e.rfRows) > 0 {
		b.WriteString("# Format of RF events:\n" +
			"# id ampl. mag_id phase_id time_shape_id center delay freqPPM phasePPM freq phase use\n" +
			"# ..   Hz      ..       ..            ..     us    us     ppm  rad/MHz   Hz   rad  ..\n" +
			"# Field 'use' is the initial of: \n" +
			"#   excitation refocusing inversion saturation preparation other undefined\n[RF]\n")
		for i, r := range e.rfRows {
			fmt.Fprintf(&b, "%d %s\n", i+1, r)
		}
		b.WriteByte('\n')
	}
	var arb, trap bytes.Buffer
	for i, r := range e.gradRows {
		if r[0] == 'g' {
			fmt.Fprintf(&arb, "%d %s\n", i+1, r[2:])
		} else {
			fmt.Fprintf(&trap, "%d %s\n", i+1, r[2:])
		}
	}
	if arb.Len() > 0 {
		b.WriteString("# Format of arbitrary gradients:\n" +
			"#   time_shape_id of 0 means default timing (stepping with grad_raster starting at 1/2 of grad_raster)\n" +
			"# id amplitude first last amp_shape_id time_shape_id delay\n" +
			"# ..      Hz/m  Hz/m Hz/m        ..         ..          us\n[GRADIENTS]\n")
		b.Write(arb.Bytes())
		b.WriteByte('\n')
	}
	if trap.Len() > 0 {
		b.WriteString("# Format of trapezoid gradients:\n# id amplitude rise flat fall delay\n" +
			"# ..      Hz/m   us   us   us    us\n[TRAP]\n")
		b.Write(trap.Bytes())
		b.WriteByte('\n')
	}
	if len(e.adcRows) > 0 {
		b.WriteString("# Format of ADC events:\n# id num dwell delay freqPPM phasePPM freq phase phase_id\n" +
			"# ..  ..    ns    us     ppm  rad/MHz   Hz   rad       ..\n[ADC]\n")
		for i, r := range e.adcRows {
			fmt.Fprintf(&b, "%d %s\n", i+1, r)
		}
		b.WriteByte('\n')
	}
	if len(e.listRows) > 0 {
		b.WriteString("# Format of extension lists:\n# id type ref next_id\n# next_id of 0 terminates the list\n" +
			"# Extension list is followed by extension specifications\n[EXTENSIONS]\n")
		for i, r := range e.listRows {
			fmt.Fprintf(&b, "%d %s\n", i+1, r)
		}
		b.WriteByte('\n')
		for id, name := range e.extTypes {
			rows := e.extRows[name]
			if len(rows) == 0 {
				continue
			}
			b.WriteString(extHeader(name))
			fmt.Fprintf(&b, "extension %s %d\n", name, id+1)
			for i, r := range rows {
				fmt.Fprintf(&b, "%d %s\n", i+1, r)
			}
			b.WriteByte('\n')
		}
	}
	if len(e.shapes) > 0 {
		b.WriteString("# Sequence Shapes\n[SHAPES]\n\n")
		for i, sh := range e.shapes {
			fmt.Fprintf(&b, "shape_id %d\nnum_samples %d\n", i+1, sh.n)
			for _, t := range sh.tokens {
				b.WriteString(t)
				b.WriteByte('\n')
			}
			b.WriteByte('\n')
		}
	}
	// The signature covers the bytes before the newline that precedes
	// "[SIGNATURE]".
	sum := md5.Sum(b.Bytes())
	b.WriteString("\n[SIGNATURE]\n" +
		"# This is the hash of the Pulseq file, calculated right before the [SIGNATURE] section was added\n" +
		"# It can be reproduced/verified with md5sum if the file trimmed to the position right above [SIGNATURE]\n" +
		"# The new line character preceding [SIGNATURE] BELONGS to the signature (and needs to be stripped away for recalculating/verification)\n")
	fmt.Fprintf(&b, "Type md5\nHash %s\n", hex.EncodeToString(sum[:]))
	return b.Bytes(), nil
}

func extHeader(name string) string {
	switch name {
	case "TRIGGERS":
		return "# Extension specification for digital output and input triggers:\n# id type channel delay (us) duration (us)\n"
	case "LABELSET":
		return "# Extension specification for setting labels:\n# id set labelstring\n"
	case "LABELINC":
		return "# Extension specification for increasing labels:\n# id inc labelstring\n"
	case "DELAYS":
		return "# Extension specification for soft delays:\n# id num offset factor hint\n# ..  ..     us     ..   ..\n"
	case "RF_SHIMS":
		return "# Extension specification for RF shimming:\n# id num_chan magn_c1 phase_c1 magn_c2 phase_c2 ...\n"
	case "ROTATIONS":
		return "# Extension specification for rotation events:\n# id RotQuat0 RotQuatX RotQuatY RotQuatZ\n"
	}
	return "# Extension " + name + " (kept verbatim)\n"
}

// definitions returns the definitions to write.
func (e *encoder) definitions() ([]Definition, error) {
	defs := append([]Definition(nil), e.s.Definitions...)
	for _, d := range defs {
		if d.Key == "" || strings.ContainsAny(d.Key, " \t\r\n#[") || strings.ContainsAny(d.Value, "\r\n") {
			return nil, fmt.Errorf("seq: writing Pulseq: definition %q %q: keys are one word, values one line", d.Key, d.Value)
		}
	}
	find := func(key string) int {
		for i := len(defs) - 1; i >= 0; i-- {
			if defs[i].Key == key {
				return i
			}
		}
		return -1
	}
	// set stores value under key unless the present value is the same.
	set := func(key, value string, same func(string) bool) {
		if i := find(key); i >= 0 {
			if !same(defs[i].Value) {
				defs[i].Value = value
			}
			return
		}
		defs = append(defs, Definition{Key: key, Value: value})
	}
	sameNum := func(x float64) func(string) bool {
		return func(old string) bool {
			v, err := parseFloat(old)
			return err == nil && math.Abs(v-x) <= 1e-9*math.Abs(x)
		}
	}
	for _, r := range []struct {
		key string
		v   float64
	}{
		{"AdcRasterTime", e.sys.ADCRaster}, {"BlockDurationRaster", e.sys.BlockRaster},
		{"GradientRasterTime", e.sys.GradRaster}, {"RadiofrequencyRasterTime", e.sys.RFRaster},
	} {
		set(r.key, formatExact(r.v), sameNum(r.v))
	}
	if fov := e.s.Encoding.FOV; fov != [3]float64{} {
		txt := formatExact(fov[0]) + " " + formatExact(fov[1]) + " " + formatExact(fov[2])
		set("FOV", txt, func(old string) bool {
			v, err := parseFloats(old)
			if err != nil || len(v) < 2 || len(v) > 3 {
				return false
			}
			for k := range fov {
				x := 0.0
				if k < len(v) {
					x = v[k]
				}
				if math.Abs(x-fov[k]) > 1e-9*math.Abs(fov[k]) {
					return false
				}
			}
			return true
		})
	}
	if name := strings.Join(strings.Fields(e.s.Params.SequenceName), " "); name != "" {
		set("Name", name, func(old string) bool {
			txt, ok := asciiCodes(old)
			return old == name || (ok && txt == name)
		})
	}
	for _, t := range []struct {
		key string
		v   float64
	}{{"TE", e.s.Params.TE}, {"TR", e.s.Params.TR}, {"TI", e.s.Params.TI}} {
		if t.v > 0 {
			set(t.key, formatExact(t.v), sameNum(t.v))
		}
	}
	if find("TotalDuration") >= 0 {
		d := e.s.Duration()
		set("TotalDuration", strconv.FormatFloat(d, 'g', 12, 64), func(old string) bool {
			v, err := parseFloat(old)
			return err == nil && math.Abs(v-d) <= 1e-9*d+1e-12
		})
	}
	if find("B0") >= 0 && e.sys.B0 > 0 {
		set("B0", formatExact(e.sys.B0), sameNum(e.sys.B0))
	}
	for i := range e.s.Blocks {
		if e.s.Blocks[i].Rotation != nil {
			if k := find("RequiredExtensions"); k < 0 {
				defs = append(defs, Definition{Key: "RequiredExtensions", Value: "ROTATIONS"})
			} else if !strings.Contains(" "+defs[k].Value+" ", " ROTATIONS ") {
				defs[k].Value = strings.TrimSpace(defs[k].Value + " ROTATIONS")
			}
			break
		}
	}
	return defs, nil
}

// registerExtensionTypes numbers the extension types the blocks use.
func (e *encoder) registerExtensionTypes() {
	used := map[string]bool{}
	var unknown []string
	for i := range e.s.Blocks {
		b := &e.s.Blocks[i]
		for _, l := range b.Labels {
			if l.Inc {
				used["LABELINC"] = true
			} else {
				used["LABELSET"] = true
			}
		}
		if len(b.Triggers) > 0 {
			used["TRIGGERS"] = true
		}
		if b.SoftDelay != nil {
			used["DELAYS"] = true
		}
		if b.RFShim != nil {
			used["RF_SHIMS"] = true
		}
		if b.Rotation != nil {
			used["ROTATIONS"] = true
		}
		for _, x := range b.Extensions {
			if !used[x.Name] {
				used[x.Name] = true
				unknown = append(unknown, x.Name)
			}
		}
	}
	for _, name := range append([]string{"TRIGGERS", "LABELSET", "LABELINC", "DELAYS", "RF_SHIMS", "ROTATIONS"}, unknown...) {
		if used[name] && e.extType[name] == 0 {
			e.extTypes = append(e.extTypes, name)
			e.extType[name] = len(e.extTypes)
		}
	}
}

func (e *encoder) block(i int) (string, error) {
	b := &e.s.Blocks[i]
	d := b.Duration
	if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
		return "", fmt.Errorf("duration %g s is not a non-negative number", d)
	}
	n := math.Round(d / e.sys.BlockRaster)
	if math.Abs(d/e.sys.BlockRaster-n) > 1e-6 || n > math.MaxInt32 {
		return "", fmt.Errorf("duration %g s is not a multiple of the block raster %g s", d, e.sys.BlockRaster)
	}
	var ids [6]int
	var err error
	if b.RF != nil {
		if ids[0], err = e.rf(b.RF); err != nil {
			return "", fmt.Errorf("rf: %w", err)
		}
	}
	for ax := range 3 {
		if g := b.Grad(ax); g != nil {
			if ids[1+ax], err = e.grad(g); err != nil {
				return "", fmt.Errorf("gradient %c: %w", "xyz"[ax], err)
			}
		}
	}
	if b.ADC != nil {
		if ids[4], err = e.adc(b.ADC); err != nil {
			return "", fmt.Errorf("adc: %w", err)
		}
	}
	if ids[5], err = e.extList(b); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %d %d %d %d %d %d %d\n", i+1, int64(n), ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]), nil
}

// shape registers a shape and returns its id and decoded samples.
func (e *encoder) shape(w []float64) (int, []float64, error) {
	sh, err := encodeShape(w)
	if err != nil {
		return 0, nil, err
	}
	k := sh.key()
	if id, ok := e.shapeIDs[k]; ok {
		return id, e.shapes[id-1].decoded, nil
	}
	e.shapes = append(e.shapes, sh)
	e.shapeIDs[k] = len(e.shapes)
	return len(e.shapes), sh.decoded, nil
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

func (e *encoder) rf(r *RF) (int, error) {
	if id, ok := e.rfPtr[r]; ok {
		return id, nil
	}
	n := len(r.Signal)
	if n == 0 || !(r.Dwell > 0) || !finite(r.Dwell, r.Delay, r.Center, r.FreqOffset, r.PhaseOffset, r.FreqPPM, r.PhasePPM) || r.Delay < 0 {
		return 0, fmt.Errorf("%d samples, dwell %g s, delay %g s: not a valid envelope", n, r.Dwell, r.Delay)
	}
	var amp float64
	for _, v := range r.Signal {
		if !finite(real(v), imag(v)) {
			return 0, fmt.Errorf("sample %v is not finite", v)
		}
		amp = math.Max(amp, cmplx.Abs(v))
	}
	raster := e.sys.RFRaster
	m := r.Dwell / raster
	reps := 0
	if m >= 0.5 && m <= 1<<20 && math.Abs(m-math.Round(m)) <= 1e-6 {
		reps = int(math.Round(m))
	}
	var samples []complex128
	var times []float64 // nil: on the raster
	switch {
	case n == 1:
		samples = []complex128{r.Signal[0], r.Signal[0]}
		times = []float64{0, rasterUnits(r.Dwell, raster)}
	case reps >= 1 && n*reps <= 1<<20:
		samples = make([]complex128, 0, n*reps)
		for _, v := range r.Signal {
			for range reps {
				samples = append(samples, v)
			}
		}
	default:
		samples = r.Signal
		times = make([]float64, n)
		for k := range times {
			times[k] = rasterUnits((float64(k)+0.5)*r.Dwell, raster)
		}
	}
	mag := make([]float64, len(samples))
	ph := make([]float64, len(samples))
	for k, v := range samples {
		if amp > 0 {
			mag[k] = cmplx.Abs(v) / amp
		}
		if v != 0 {
			a := cmplx.Phase(v)
			if a < 0 {
				a += 2 * math.Pi
			}
			ph[k] = a / (2 * math.Pi)
		}
	}
	magID, _, err := e.shape(mag)
	if err != nil {
		return 0, err
	}
	phID, _, err := e.shape(ph)
	if err != nil {
		return 0, err
	}
	timeID := 0
	if times != nil {
		if timeID, _, err = e.shape(times); err != nil {
			return 0, err
		}
	}
	use := useCode(r.Use)
	if use == "" {
		return 0, fmt.Errorf("use %v has no Pulseq code", r.Use)
	}
	row := strings.Join([]string{formatExact(amp), strconv.Itoa(magID), strconv.Itoa(phID), strconv.Itoa(timeID),
		fmtUnit(r.Center, 1e-6), fmtUnit(r.Delay, 1e-6), formatExact(r.FreqPPM), formatExact(r.PhasePPM),
		formatExact(r.FreqOffset), formatExact(r.PhaseOffset), use}, " ")
	id, ok := e.rfIDs[row]
	if !ok {
		e.rfRows = append(e.rfRows, row)
		id = len(e.rfRows)
		e.rfIDs[row] = id
	}
	e.rfPtr[r] = id
	return id, nil
}

// useCode is the Pulseq 1.5 letter of an RF use.
func useCode(u RFUse) string {
	switch u {
	case Excitation:
		return "e"
	case Refocusing:
		return "r"
	case Inversion:
		return "i"
	case Saturation:
		return "s"
	case Preparation:
		return "p"
	case Other:
		return "o"
	case Undefined:
		return "u"
	}
	return ""
}

func (e *encoder) grad(g *Gradient) (int, error) {
	if id, ok := e.gradPtr[g]; ok {
		return id, nil
	}
	var row string
	if g.IsTrapezoid() {
		if !finite(g.Amplitude, g.Rise, g.Flat, g.Fall, g.Delay) || g.Rise < 0 || g.Flat < 0 || g.Fall < 0 || g.Delay < 0 {
			return 0, fmt.Errorf("trapezoid %g Hz/m, %g/%g/%g s, delay %g s is not valid", g.Amplitude, g.Rise, g.Flat, g.Fall, g.Delay)
		}
		row = "t " + strings.Join([]string{formatExact(g.Amplitude), fmtUnit(g.Rise, 1e-6), fmtUnit(g.Flat, 1e-6),
			fmtUnit(g.Fall, 1e-6), fmtUnit(g.Delay, 1e-6)}, " ")
	} else {
		var err error
		if row, err = e.arbitrary(g); err != nil {
			return 0, err
		}
	}
	id, ok := e.gradIDs[row]
	if !ok {
		e.gradRows = append(e.gradRows, row)
		id = len(e.gradRows)
		e.gradIDs[row] = id
	}
	e.gradPtr[g] = id
	return id, nil
}

// normalise returns the amplitude (largest magnitude, with the sign of the
// first non-zero value, as the reference implementation) and w/amplitude.
func normalise(w []float64) (float64, []float64) {
	var amp, sign float64
	for _, v := range w {
		if sign == 0 && v != 0 {
			sign = math.Copysign(1, v)
		}
		amp = math.Max(amp, math.Abs(v))
	}
	out := make([]float64, len(w))
	if amp == 0 {
		return 0, out
	}
	amp *= sign
	for k, v := range w {
		out[k] = v / amp
	}
	return amp, out
}

func (e *encoder) arbitrary(g *Gradient) (string, error) {
	t, w := g.Times, g.Waveform
	n := len(t)
	if n == 0 || len(w) != n || !finite(g.Delay) || g.Delay < 0 {
		return "", fmt.Errorf("%d times for %d amplitudes, delay %g s: not a valid waveform", n, len(w), g.Delay)
	}
	for k := range t {
		if !finite(t[k], w[k]) || (k > 0 && t[k] < t[k-1]) {
			return "", fmt.Errorf("corner %d (%g s, %g Hz/m) is not finite or not in time order", k, t[k], w[k])
		}
	}
	delay := g.Delay
	if t[0] != 0 {
		delay += t[0]
		t0 := t[0]
		tt := make([]float64, n)
		for k := range t {
			tt[k] = t[k] - t0
		}
		t = tt
	}
	if delay < 0 {
		return "", fmt.Errorf("starts at %g s, before the block", delay)
	}
	dt := e.sys.GradRaster
	u := make([]float64, n)
	onRaster := true
	for k, x := range t {
		u[k] = rasterUnits(x, dt)
		if u[k] != math.Round(u[k]) {
			onRaster = false
		}
	}
	var peak float64
	for _, v := range w {
		peak = math.Max(peak, math.Abs(v))
	}
	row := func(amp, first, last float64, shapeID, timeID int) string {
		return "g " + strings.Join([]string{formatExact(amp), formatExact(first), formatExact(last),
			strconv.Itoa(shapeID), strconv.Itoa(timeID), fmtUnit(delay, 1e-6)}, " ")
	}
	// Corners on the raster go out as they are (the tail below). Otherwise
	// first the polyline through first, samples at the cell centres and
	// last that the reader makes of centre samples it cannot restore:
	// write the samples, if the reader makes the same of them.
	if m := n - 2; !onRaster && m >= 1 && u[n-1] == float64(m) && pattern(u, func(k int) float64 { return float64(k) - 0.5 }) {
		c := w[1 : n-1]
		amp, shape := normalise(c)
		enc, err := encodeShape(shape)
		if err != nil {
			return "", err
		}
		a, _ := strconv.ParseFloat(formatExact(amp), 64)
		back := make([]float64, len(enc.decoded))
		for k, x := range enc.decoded {
			back[k] = a * x
		}
		bt, bw, _ := centreSampledCorners(back, w[0], w[n-1], dt, true)
		if sameCorners(bt, bw, t, w, dt, peak) {
			sid, _, err := e.shape(shape)
			if err != nil {
				return "", err
			}
			return row(amp, w[0], w[n-1], sid, 0), nil
		}
	}
	// Samples at half-raster spacing with first and last added: 1.5's
	// oversampled gradient (time shape −1).
	if m := n - 2; !onRaster && m >= 1 && m%2 == 1 && u[n-1] == float64(m+1)/2 && pattern(u, func(k int) float64 { return float64(k) / 2 }) {
		amp, shape := normalise(w[1 : n-1])
		sid, _, err := e.shape(shape)
		if err != nil {
			return "", err
		}
		return row(amp, w[0], w[n-1], sid, -1), nil
	}
	amp, shape := normalise(w)
	sid, _, err := e.shape(shape)
	if err != nil {
		return "", err
	}
	tid, _, err := e.shape(u)
	if err != nil {
		return "", err
	}
	return row(amp, w[0], w[n-1], sid, tid), nil
}

// pattern reports whether u[1 : len(u)-1], times in raster units, are
// at[k] for k = 1, 2, ... and u[0] is 0.
func pattern(u []float64, at func(k int) float64) bool {
	if u[0] != 0 {
		return false
	}
	for k := 1; k < len(u)-1; k++ {
		if u[k] != at(k) {
			return false
		}
	}
	return true
}

// sameCorners reports whether two corner lists agree to 1e-6 of the raster
// in time and 1e-9 of the peak in amplitude.
func sameCorners(t1, a1, t2, a2 []float64, dt, peak float64) bool {
	if len(t1) != len(t2) {
		return false
	}
	for k := range t1 {
		if math.Abs(t1[k]-t2[k]) > 1e-6*dt || math.Abs(a1[k]-a2[k]) > 1e-9*peak {
			return false
		}
	}
	return true
}

func (e *encoder) adc(a *ADC) (int, error) {
	if id, ok := e.adcPtr[a]; ok {
		return id, nil
	}
	if a.Samples < 1 || !(a.Dwell > 0) || a.Delay < 0 || !finite(a.Dwell, a.Delay, a.FreqOffset, a.PhaseOffset, a.FreqPPM, a.PhasePPM) {
		return 0, fmt.Errorf("%d samples of dwell %g s, delay %g s: not a valid ADC", a.Samples, a.Dwell, a.Delay)
	}
	phaseID := 0
	if a.PhaseModulation != nil {
		if len(a.PhaseModulation) != a.Samples {
			return 0, fmt.Errorf("%d phase modulation values for %d samples", len(a.PhaseModulation), a.Samples)
		}
		var err error
		if phaseID, _, err = e.shape(a.PhaseModulation); err != nil {
			return 0, err
		}
	}
	row := strings.Join([]string{strconv.Itoa(a.Samples), fmtUnit(a.Dwell, 1e-9), fmtUnit(a.Delay, 1e-6),
		formatExact(a.FreqPPM), formatExact(a.PhasePPM), formatExact(a.FreqOffset), formatExact(a.PhaseOffset),
		strconv.Itoa(phaseID)}, " ")
	id, ok := e.adcIDs[row]
	if !ok {
		e.adcRows = append(e.adcRows, row)
		id = len(e.adcRows)
		e.adcIDs[row] = id
	}
	e.adcPtr[a] = id
	return id, nil
}

// extRef registers an extension row and returns its id within its type.
func (e *encoder) extRef(name, row string) int {
	ids := e.extIDs[name]
	if ids == nil {
		ids = map[string]int{}
		e.extIDs[name] = ids
	}
	if id, ok := ids[row]; ok {
		return id
	}
	e.extRows[name] = append(e.extRows[name], row)
	ids[row] = len(e.extRows[name])
	return ids[row]
}

func oneWord(s string) bool { return s != "" && !strings.ContainsAny(s, " \t\r\n") }

// extList registers the block's extension events as a list and returns
// the id of its head (0 for none).
func (e *encoder) extList(b *Block) (int, error) {
	type ev struct {
		name string
		row  string
	}
	var evs []ev
	for _, l := range b.Labels {
		if l.Label < 0 || l.Label >= numLabels {
			return 0, fmt.Errorf("label %d unknown", int(l.Label))
		}
		name := "LABELSET"
		if l.Inc {
			name = "LABELINC"
		}
		evs = append(evs, ev{name, strconv.Itoa(l.Value) + " " + l.Label.String()})
	}
	for _, t := range b.Triggers {
		if t.Kind != TriggerOutput && t.Kind != TriggerInput || !finite(t.Delay, t.Duration) || t.Delay < 0 || t.Duration < 0 {
			return 0, fmt.Errorf("trigger %+v is not valid", t)
		}
		evs = append(evs, ev{"TRIGGERS", fmt.Sprintf("%d %d %s %s", int(t.Kind), t.Channel, fmtUnit(t.Delay, 1e-6), fmtUnit(t.Duration, 1e-6))})
	}
	if d := b.SoftDelay; d != nil {
		if !oneWord(d.Hint) || !finite(d.Offset, d.Factor) {
			return 0, fmt.Errorf("soft delay %+v: the hint must be one word and the numbers finite", *d)
		}
		evs = append(evs, ev{"DELAYS", fmt.Sprintf("%d %s %s %s", d.Num, fmtUnit(d.Offset, 1e-6), formatExact(d.Factor), d.Hint)})
	}
	if sh := b.RFShim; sh != nil {
		if len(sh.Magnitude) == 0 || len(sh.Phase) != len(sh.Magnitude) {
			return 0, fmt.Errorf("rf shim with %d magnitudes and %d phases", len(sh.Magnitude), len(sh.Phase))
		}
		f := []string{strconv.Itoa(len(sh.Magnitude))}
		for c := range sh.Magnitude {
			if !finite(sh.Magnitude[c], sh.Phase[c]) {
				return 0, errors.New("rf shim value not finite")
			}
			f = append(f, formatExact(sh.Magnitude[c]), formatExact(sh.Phase[c]))
		}
		evs = append(evs, ev{"RF_SHIMS", strings.Join(f, " ")})
	}
	if q := b.Rotation; q != nil {
		if !finite(q.W, q.X, q.Y, q.Z) || *q == (Rotation{}) {
			return 0, fmt.Errorf("rotation %+v is not a finite non-zero quaternion", *q)
		}
		evs = append(evs, ev{"ROTATIONS", strings.Join([]string{formatExact(q.W), formatExact(q.X), formatExact(q.Y), formatExact(q.Z)}, " ")})
	}
	for _, x := range b.Extensions {
		if !oneWord(x.Name) || knownExtension(x.Name) {
			return 0, fmt.Errorf("extension name %q is not one word or is one this package interprets", x.Name)
		}
		for _, f := range x.Fields {
			if !oneWord(f) {
				return 0, fmt.Errorf("extension %s field %q is not one word", x.Name, f)
			}
		}
		evs = append(evs, ev{x.Name, strings.Join(x.Fields, " ")})
	}
	next := 0
	for k := len(evs) - 1; k >= 0; k-- {
		key := [3]int{e.extType[evs[k].name], e.extRef(evs[k].name, evs[k].row), next}
		id, ok := e.listIDs[key]
		if !ok {
			e.listRows = append(e.listRows, fmt.Sprintf("%d %d %d", key[0], key[1], key[2]))
			id = len(e.listRows)
			e.listIDs[key] = id
		}
		next = id
	}
	return next, nil
}
