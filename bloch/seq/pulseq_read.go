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
	"unicode/utf8"

	"github.com/larmor-mri/larmor/kspace"
)

// MATLAB defaults for the rasters of files that do not define them
// (mr.opts): 10 µs gradients, 1 µs RF, 100 ns ADC, 10 µs block durations.
const (
	defaultGradRaster  = 10e-6
	defaultRFRaster    = 1e-6
	defaultADCRaster   = 100e-9
	defaultBlockRaster = 10e-6
)

// blockRow is one [BLOCKS] row, parsed without knowing the version.
type blockRow struct {
	line int
	nf   int    // number of fields
	v    [8]int // the first 8 fields
	bad  int    // index of the first field that is not a non-negative integer, or -1
	tok  string // that field; the whole line if there are more than 8
}

// rawRow is one table row: its line number and fields.
type rawRow struct {
	line int
	f    []string
}

type rawShape struct {
	line int // line of "shape_id"
	n    int
	data []float64
}

type extSpec struct {
	name string
	line int
	rows map[int]rawRow
}

// gradEntry is a [GRADIENTS] or [TRAP] library entry.
type gradEntry struct {
	row      rawRow
	section  string
	trap     bool
	dur      float64 // delay + shape duration [s], known before decoding
	prepared bool
	hasFirst bool // first/last given (1.5) or reconstructed
	first    float64
	last     float64
	g        *Gradient // decoded
	// arbitrary gradients
	amp     float64
	shapeID int
	timeID  int
	delay   float64
}

type parser struct {
	opt  PulseqReader
	name string
	data []byte
	info *PulseqInfo

	haveVersion bool
	versionLine int
	version     PulseqVersion
	jemris      bool

	defs     []Definition
	defLines []int

	blockRows []blockRow
	rfRows    map[int]rawRow
	grads     map[int]*gradEntry
	adcRows   map[int]rawRow
	delayRows map[int]rawRow
	extRows   map[int]rawRow
	extSpecs  map[int]*extSpec // by numeric extension type id
	shapes    map[int]*rawShape

	sigLine   int
	sigOffset int
	sigType   string
	sigHash   string

	sys      System
	samples  int // decoded samples so far, against opt.MaxSamples
	decoded  map[int][]float64
	rfCache  map[int]*RF
	adcCache map[int]*ADC
	warned   map[string]bool
}

// Read reads a Pulseq file from r. Name is the file's name, used in errors
// and warnings. It returns the sequence, what the file says about itself
// (version, signature, warnings) and an error: a *FormatError for
// malformed input. The whole file is read into memory (up to MaxBytes).
//
// # Conversion to the model
//
// Units are converted to SI as the reference reader does: RF amplitude
// [Hz] times the magnitude shape times exp(i·2π·phase shape), delays, the
// RF centre and trigger times in µs, ADC dwell in ns, gradient amplitudes
// [Hz/m]. Times are rounded to whole picoseconds, so that "130" µs reads
// as the float64 nearest to 130e-6. The System gets the file's rasters
// (GradientRasterTime, RadiofrequencyRasterTime, AdcRasterTime,
// BlockDurationRaster, with the MATLAB defaults 10 µs, 1 µs, 100 ns and
// 10 µs where missing) and B0 from a "B0" definition; MaxGrad and MaxSlew
// are DefaultSystem's and the dead and ring-down times are zero, since
// files do not store them. Definitions are kept in order in
// Sequence.Definitions (missing rasters are appended, as MATLAB's reader
// does); "FOV" fills Encoding.FOV (values above 1 are taken as
// millimetres, as old demos wrote them: converted, also in Definitions,
// and reported), "Name" Params.SequenceName, and "TE", "TR", "TI" the
// Params. The format carries no matrix or trajectory kind: Encoding.Matrix
// is zero and Traj is kspace.Other.
//
// Blocks: version 1.2 and 1.3 blocks last as long as their longest event,
// the [DELAYS] entry included (no dead or ring-down time is added); from
// 1.4 on the duration is stored. Events used by several blocks are decoded
// once and shared: blocks point to the same *RF, *Gradient and *ADC, so
// copy an event before changing it.
//
// RF: a shape on the RF raster (time shape 0) holds one sample per raster
// cell; runs that make the envelope constant over groups of m cells are
// merged into samples of dwell m·raster (the same piecewise-constant
// envelope in fewer samples: a hard pulse becomes one sample). A time
// shape whose points are the centres of equal intervals d (as
// makeArbitraryRf with a dwell writes it) gives samples of dwell d; a time
// shape of constant amplitude (a block pulse, [0 T]) gives one sample from
// its first to its last point; any other time shape is a polyline,
// converted to its mean over each RF-raster cell with a warning. Before
// 1.5 the centre is computed as MATLAB's calcRfCenter does (middle of the
// samples within 1e-5 of the peak magnitude) and the use is Undefined (see
// DetectRFUse).
//
// Gradients: trapezoids are kept as trapezoids (before 1.4,
// zero-amplitude trapezoids with zero ramps get one-raster ramps, as MATLAB
// does). Arbitrary gradients become corner points: time-shaped (extended
// trapezoid) ones are the given points; shapes on the raster (time shape
// 0) are converted as described below; 1.5's oversampled shapes (time
// shape −1) are the samples at half-raster spacing with first and last
// added at the ends. Before 1.5 the first and last values are not stored:
// first is the value the same axis ended with in the previous block (0
// after a delay, a trapezoid or a gap), as in MATLAB's read.m. Values
// within 1e-9 of a waveform's peak of zero are set to zero (rounding of
// the shape decompression).
//
// # Gradients sampled on the raster
//
// Pulseq stores such a gradient as samples g[k] at the centres
// (k+½)·Δt of the N raster cells, with the values first at 0 and last at
// N·Δt. The reference implementations draw it differently: MATLAB's
// waveforms_and_times restores the values at the raster edges, pypulseq
// and KomaMRI draw the polyline through the samples. This reader
//
//  1. restores the edge values as MATLAB does (read.m,
//     mr.restoreAdditionalShapeSamples): r[0] = first and
//     r[k+1] = 2·g[k] − r[k], so that each sample is the mean of its two
//     edges, as it is when a waveform that is linear between raster edges
//     is sampled at the cell centres; an interior edge keeps the mean of
//     its neighbouring samples where that agrees with r[k] to 2e-5 of the
//     peak |g|, and takes r[k] (a corner) where it does not;
//  2. if that restoration is clean — r[N] agrees with last to 2e-5 of the
//     peak (MATLAB's test) and, for shapes of 8 samples or more, at most
//     half of the interior edges are corners — uses the polyline through
//     the N+1 edge values, all on the raster, merging points that lie
//     within 1e-6 of the peak of a straight line between their neighbours.
//     A trapezoid converted to a shape comes back as its four corners;
//     each cell's mean is its sample to within 2e-5 of the peak, so the
//     area is Σ g[k]·Δt, the area Pulseq assigns;
//  3. otherwise — curved shapes such as spirals, or a first value that
//     does not fit the samples, for which MATLAB's restoration zig-zags
//     from edge to edge — uses the polyline through (0, first), the
//     samples at the cell centres and (N·Δt, last), as pypulseq and
//     KomaMRI draw it and MATLAB falls back to. Its area differs from
//     Σ g[k]·Δt by (first − g[0] + last − g[N−1])·Δt/4, and its corners
//     lie on the half raster, which Sequence.Check accepts for sampled
//     gradients.
//
// Before 1.5, last is r[N] in case 2 (MATLAB's reconstruction) and the
// extrapolation (3·g[N−1] − g[N−2])/2 in case 3 (pypulseq's).
//
// Extensions: LABELSET and LABELINC become Block.Labels (in list order),
// TRIGGERS Block.Triggers, DELAYS (1.5 soft delays) Block.SoftDelay,
// RF_SHIMS Block.RFShim and ROTATIONS Block.Rotation; any other extension
// is kept verbatim in Block.Extensions with a warning.
//
// Signature: see Signature. A hash matching only the MD5 that includes the
// newline before [SIGNATURE] (JEMRIS) gives SignatureMismatch and a
// warning, not an error.
func (o PulseqReader) Read(r io.Reader, name string) (*Sequence, *PulseqInfo, error) {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxPulseqBytes
	}
	if o.MaxBlocks <= 0 {
		o.MaxBlocks = DefaultMaxPulseqBlocks
	}
	if o.MaxShapeSamples <= 0 {
		o.MaxShapeSamples = DefaultMaxShapeSamples
	}
	if o.MaxSamples <= 0 {
		o.MaxSamples = DefaultMaxPulseqSamples
	}
	data, err := io.ReadAll(io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("seq: %s: %w", name, err)
	}
	if int64(len(data)) > o.MaxBytes {
		return nil, nil, &FormatError{File: name, Err: fmt.Errorf("file exceeds the limit of %d bytes", o.MaxBytes)}
	}
	p := &parser{
		opt: o, name: name, data: data, info: &PulseqInfo{},
		rfRows: map[int]rawRow{}, grads: map[int]*gradEntry{}, adcRows: map[int]rawRow{},
		delayRows: map[int]rawRow{}, extRows: map[int]rawRow{}, extSpecs: map[int]*extSpec{},
		shapes: map[int]*rawShape{}, decoded: map[int][]float64{}, rfCache: map[int]*RF{},
		adcCache: map[int]*ADC{}, warned: map[string]bool{},
	}
	if err := p.scan(); err != nil {
		return nil, nil, err
	}
	s, err := p.build()
	if err != nil {
		return nil, nil, err
	}
	return s, p.info, nil
}

func (p *parser) errf(line int, section string, block int, field, value string, format string, args ...any) error {
	if len(value) > 64 {
		value = value[:61] + "..."
	}
	if !utf8.ValidString(value) {
		value = strings.ToValidUTF8(value, "?")
	}
	return &FormatError{File: p.name, Line: line, Section: section, Block: block, Field: field, Value: value,
		Err: fmt.Errorf(format, args...)}
}

func (p *parser) warn(line int, section string, block int, format string, args ...any) {
	p.info.Warnings = append(p.info.Warnings, Warning{File: p.name, Line: line, Section: section, Block: block,
		Msg: fmt.Sprintf(format, args...)})
}

// warnOnce warns once per key.
func (p *parser) warnOnce(key string, line int, section string, block int, format string, args ...any) {
	if p.warned[key] {
		return
	}
	p.warned[key] = true
	p.warn(line, section, block, format, args...)
}

// scan splits the file into sections and collects their rows.
func (p *parser) scan() error {
	section := ""
	var shape *rawShape
	var spec *extSpec
	lineNo := 0
	start := 0
	if bytes.HasPrefix(p.data, []byte("\xef\xbb\xbf")) {
		start = 3 // UTF-8 byte-order mark
	}
	for off := start; off < len(p.data); {
		end := bytes.IndexByte(p.data[off:], '\n')
		var raw []byte
		next := len(p.data)
		if end >= 0 {
			raw = p.data[off : off+end]
			next = off + end + 1
		} else {
			raw = p.data[off:]
		}
		lineStart := off
		off = next
		lineNo++
		line := strings.TrimSpace(string(raw))
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			section = line
			shape, spec = nil, nil
			switch section {
			case "[VERSION]", "[DEFINITIONS]", "[BLOCKS]", "[RF]", "[GRADIENTS]", "[TRAP]", "[ADC]",
				"[DELAYS]", "[EXTENSIONS]", "[SHAPES]":
			case "[SIGNATURE]":
				if p.sigLine != 0 {
					p.warn(lineNo, section, 0, "second [SIGNATURE] section ignored")
					section = "[SIGNATURE-ignored]"
					continue
				}
				p.sigLine, p.sigOffset = lineNo, lineStart
			case "[JEMRIS]":
				p.jemris = true
			default:
				p.warn(lineNo, section, 0, "unknown section skipped")
			}
			continue
		}
		f := strings.Fields(line)
		if f[0] == "extension" {
			if len(f) != 3 {
				return p.errf(lineNo, line, 0, "extension header", line, "want \"extension NAME ID\"")
			}
			id, err := parseInt(f[2])
			if err != nil || id <= 0 {
				return p.errf(lineNo, line, 0, "extension id", f[2], "not a positive integer")
			}
			if _, dup := p.extSpecs[id]; dup {
				return p.errf(lineNo, line, 0, "extension id", f[2], "defined twice")
			}
			section = "extension " + f[1]
			spec = &extSpec{name: f[1], line: lineNo, rows: map[int]rawRow{}}
			p.extSpecs[id] = spec
			continue
		}
		row := rawRow{line: lineNo, f: f}
		switch section {
		case "":
			return p.errf(lineNo, "", 0, "line", line, "outside any section")
		case "[VERSION]":
			if err := p.versionLine1(row); err != nil {
				return err
			}
		case "[DEFINITIONS]":
			val := strings.TrimSpace(line[len(f[0]):])
			p.defs = append(p.defs, Definition{Key: f[0], Value: val})
			p.defLines = append(p.defLines, lineNo)
		case "[BLOCKS]":
			if len(p.blockRows) >= p.opt.MaxBlocks {
				return p.errf(lineNo, section, 0, "blocks", "", "more than the limit of %d blocks", p.opt.MaxBlocks)
			}
			br := blockRow{line: lineNo, nf: len(f), bad: -1}
			for k, t := range f {
				x, err := parseInt(t)
				if (err != nil || x < 0) && br.bad < 0 {
					br.bad, br.tok = k, t
				}
				if k < len(br.v) {
					br.v[k] = x
				}
			}
			if len(f) > len(br.v) {
				br.tok = line
			}
			p.blockRows = append(p.blockRows, br)
		case "[RF]":
			if err := p.addRow(p.rfRows, row, section); err != nil {
				return err
			}
		case "[GRADIENTS]", "[TRAP]":
			id, err := parseInt(f[0])
			if err != nil || id <= 0 {
				return p.errf(lineNo, section, 0, "id", f[0], "not a positive integer")
			}
			if g, dup := p.grads[id]; dup {
				return p.errf(lineNo, section, 0, "id", f[0], "gradient id already used on line %d", g.row.line)
			}
			p.grads[id] = &gradEntry{row: row, section: section, trap: section == "[TRAP]"}
		case "[ADC]":
			if err := p.addRow(p.adcRows, row, section); err != nil {
				return err
			}
		case "[DELAYS]":
			if err := p.addRow(p.delayRows, row, section); err != nil {
				return err
			}
		case "[EXTENSIONS]":
			if err := p.addRow(p.extRows, row, section); err != nil {
				return err
			}
		case "[SHAPES]":
			switch f[0] {
			case "shape_id":
				if len(f) != 2 {
					return p.errf(lineNo, section, 0, "shape_id", line, "want \"shape_id ID\"")
				}
				id, err := parseInt(f[1])
				if err != nil || id <= 0 {
					return p.errf(lineNo, section, 0, "shape_id", f[1], "not a positive integer")
				}
				if s, dup := p.shapes[id]; dup {
					return p.errf(lineNo, section, 0, "shape_id", f[1], "already defined on line %d", s.line)
				}
				shape = &rawShape{line: lineNo, n: -1}
				p.shapes[id] = shape
			case "num_samples":
				if shape == nil || shape.n >= 0 || len(shape.data) > 0 || len(f) != 2 {
					return p.errf(lineNo, section, 0, "num_samples", line, "not directly after shape_id")
				}
				n, err := parseInt(f[1])
				if err != nil || n < 1 {
					return p.errf(lineNo, section, 0, "num_samples", f[1], "not a positive integer")
				}
				if n > p.opt.MaxShapeSamples {
					return p.errf(lineNo, section, 0, "num_samples", f[1], "exceeds the limit of %d samples per shape", p.opt.MaxShapeSamples)
				}
				shape.n = n
			default:
				if shape == nil || shape.n < 0 {
					return p.errf(lineNo, section, 0, "shape data", line, "before shape_id and num_samples")
				}
				for _, t := range f {
					v, err := parseFloat(t)
					if err != nil {
						return p.errf(lineNo, section, 0, "shape sample", t, "%v", err)
					}
					shape.data = append(shape.data, v)
				}
			}
		case "[SIGNATURE]":
			switch f[0] {
			case "Type":
				p.sigType = strings.TrimSpace(line[len("Type"):])
			case "Hash":
				p.sigHash = strings.ToLower(strings.Join(f[1:], ""))
			default:
				p.warn(lineNo, section, 0, "unknown signature field %q ignored", f[0])
			}
		default:
			if spec != nil {
				id, err := parseInt(f[0])
				if err != nil || id <= 0 {
					return p.errf(lineNo, section, 0, "id", f[0], "not a positive integer")
				}
				if r, dup := spec.rows[id]; dup {
					return p.errf(lineNo, section, 0, "id", f[0], "already defined on line %d", r.line)
				}
				spec.rows[id] = row
			}
			// Rows of unknown or ignored sections are skipped.
		}
	}
	if !p.haveVersion {
		return p.errf(0, "[VERSION]", 0, "version", "", "missing [VERSION] section")
	}
	return nil
}

func (p *parser) addRow(m map[int]rawRow, row rawRow, section string) error {
	id, err := parseInt(row.f[0])
	if err != nil || id <= 0 {
		return p.errf(row.line, section, 0, "id", row.f[0], "not a positive integer")
	}
	if r, dup := m[id]; dup {
		return p.errf(row.line, section, 0, "id", row.f[0], "already defined on line %d", r.line)
	}
	m[id] = row
	return nil
}

func (p *parser) versionLine1(row rawRow) error {
	f := row.f
	if len(f) != 2 {
		return p.errf(row.line, "[VERSION]", 0, "version", strings.Join(f, " "), "want \"KEY NUMBER\"")
	}
	// pypulseq writes revisions such as "0.post1"; keep the leading digits.
	digits := f[1]
	for i, c := range digits {
		if c < '0' || c > '9' {
			digits = digits[:i]
			break
		}
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v > 1000 {
		return p.errf(row.line, "[VERSION]", 0, f[0], f[1], "not a version number")
	}
	if digits != f[1] {
		p.warn(row.line, "[VERSION]", 0, "%s %q read as %d", f[0], f[1], v)
	}
	switch f[0] {
	case "major":
		p.version.Major = v
	case "minor":
		p.version.Minor = v
	case "revision":
		p.version.Revision = v
	default:
		p.warn(row.line, "[VERSION]", 0, "unknown version field %q ignored", f[0])
		return nil
	}
	p.haveVersion = true
	if p.versionLine == 0 {
		p.versionLine = row.line
	}
	return nil
}

// parseFloat parses a finite decimal number.
func parseFloat(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, errors.New("not a number")
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not finite")
	}
	return v, nil
}

// parseInt parses an integer in [-2^31, 2^31); integral decimals such as
// "3.0" or "1e3" are accepted, as MATLAB's sscanf('%f') reads them.
func parseInt(s string) (int, error) {
	if v, err := strconv.ParseInt(s, 10, 32); err == nil {
		return int(v), nil
	}
	v, err := parseFloat(s)
	if err != nil {
		return 0, err
	}
	if v != math.Trunc(v) || v < math.MinInt32 || v > math.MaxInt32 {
		return 0, errors.New("not an integer")
	}
	return int(v), nil
}

// fields checks the number of fields of a row.
func (p *parser) fields(row rawRow, section string, want int, layout string) error {
	if len(row.f) != want {
		return p.errf(row.line, section, 0, "row", strings.Join(row.f, " "),
			"has %d fields, version %v wants %d (%s)", len(row.f), p.version, want, layout)
	}
	return nil
}

// num parses field i of row as a finite number.
func (p *parser) num(row rawRow, section string, i int, field string) (float64, error) {
	v, err := parseFloat(row.f[i])
	if err != nil {
		return 0, p.errf(row.line, section, 0, field, row.f[i], "%v", err)
	}
	return v, nil
}

// time parses field i as a non-negative time in the given unit [s].
func (p *parser) time(row rawRow, section string, i int, field string, unit float64) (float64, error) {
	v, err := p.num(row, section, i, field)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, p.errf(row.line, section, 0, field, row.f[i], "negative")
	}
	return psTime(v, unit), nil
}

func (p *parser) id(row rawRow, section string, i int, field string) (int, error) {
	v, err := parseInt(row.f[i])
	if err != nil {
		return 0, p.errf(row.line, section, 0, field, row.f[i], "%v", err)
	}
	return v, nil
}

// psTime converts v in the given unit to seconds on a whole number of
// picoseconds, so that "130" µs gives the float64 nearest to 130e-6.
func psTime(v, unit float64) float64 {
	ps := v * (unit / 1e-12)
	if math.Abs(ps) > 1<<53 {
		return v * unit
	}
	return math.Round(ps) / 1e12
}

// rowReader reads the named columns of one table row; the first error
// sticks. Columns a layout lacks read as zero.
type rowReader struct {
	p      *parser
	row    rawRow
	sec    string
	prefix string // e.g. "rf ", for the field in errors
	cols   []string
	err    error
}

// reader checks that row has the columns of layout.
func (p *parser) reader(row rawRow, sec, prefix, layout string) *rowReader {
	r := &rowReader{p: p, row: row, sec: sec, prefix: prefix, cols: strings.Fields(layout)}
	r.err = p.fields(row, sec, len(r.cols), layout)
	return r
}

func (r *rowReader) col(name string) int {
	if r.err != nil {
		return -1
	}
	for i, c := range r.cols {
		if c == name {
			return i
		}
	}
	return -1
}

func (r *rowReader) num(name string) float64 {
	i := r.col(name)
	if i < 0 {
		return 0
	}
	v, err := r.p.num(r.row, r.sec, i, r.prefix+name)
	if err != nil {
		r.err = err
	}
	return v
}

// time reads a non-negative time in unit [s].
func (r *rowReader) time(name string, unit float64) float64 {
	v := r.num(name)
	if v < 0 && r.err == nil {
		r.err = r.p.errf(r.row.line, r.sec, 0, r.prefix+name, r.row.f[r.col(name)], "negative")
	}
	return psTime(v, unit)
}

func (r *rowReader) id(name string) int {
	i := r.col(name)
	if i < 0 {
		return 0
	}
	v, err := r.p.id(r.row, r.sec, i, r.prefix+name)
	if err != nil {
		r.err = err
	}
	return v
}

// text returns column name, or "" if the layout lacks it.
func (r *rowReader) text(name string) string {
	if i := r.col(name); i >= 0 {
		return r.row.f[i]
	}
	return ""
}

// bad returns a FormatError about column name.
func (r *rowReader) bad(name, format string, args ...any) error {
	return r.p.errf(r.row.line, r.sec, 0, r.prefix+name, r.text(name), format, args...)
}

// shape returns the decompressed shape id, referenced from row.
func (p *parser) shape(id int, row rawRow, section, field string) ([]float64, error) {
	if w, ok := p.decoded[id]; ok {
		return w, nil
	}
	s, ok := p.shapes[id]
	if !ok {
		return nil, p.errf(row.line, section, 0, field, strconv.Itoa(id), "no such shape")
	}
	if s.n < 0 {
		return nil, p.errf(s.line, "[SHAPES]", 0, "num_samples", "", "missing for shape %d", id)
	}
	if err := p.budget(s.n, row, section); err != nil {
		return nil, err
	}
	// Before 1.4 shapes are always compressed; from 1.4 on, data of
	// num_samples values are the samples themselves.
	w, err := decompressShape(s.n, s.data, p.version.num() < 1004000)
	if err != nil {
		return nil, p.errf(s.line, "[SHAPES]", 0, fmt.Sprintf("shape %d", id), "", "%v", err)
	}
	p.decoded[id] = w
	return w, nil
}

// budget charges n decoded samples against MaxSamples.
func (p *parser) budget(n int, row rawRow, section string) error {
	p.samples += n
	if p.samples > p.opt.MaxSamples {
		return p.errf(row.line, section, 0, "samples", "", "decoded events exceed the limit of %d samples", p.opt.MaxSamples)
	}
	return nil
}

// build interprets the collected sections.
func (p *parser) build() (*Sequence, error) {
	v := p.version
	p.info.Version = v
	switch {
	case v.Major != 1 || v.num() < 1002000:
		return nil, &FormatError{File: p.name, Line: p.versionLine, Section: "[VERSION]", Field: "version", Value: v.String(),
			Err: fmt.Errorf("only versions 1.2.0 to 1.5.1 are read: %w", ErrUnsupported)}
	case v.Minor > 5:
		return nil, &FormatError{File: p.name, Line: p.versionLine, Section: "[VERSION]", Field: "version", Value: v.String(),
			Err: fmt.Errorf("versions after 1.5 are not read: %w", ErrUnsupported)}
	case v.num() > 1005001:
		p.warn(p.versionLine, "[VERSION]", 0, "version %v is newer than 1.5.1; read as 1.5.1", v)
	}
	s := &Sequence{System: DefaultSystem()}
	s.System.RFDeadTime, s.System.RFRingdownTime, s.System.ADCDeadTime = 0, 0, 0
	s.Traj = kspace.Other
	if err := p.definitions(s); err != nil {
		return nil, err
	}
	p.sys = s.System
	if len(p.delayRows) > 0 && v.num() >= 1004000 {
		p.warnOnce("delays", p.delayRows[firstKey(p.delayRows)].line, "[DELAYS]", 0, "[DELAYS] is not part of version %v; ignored", v)
	}
	if err := p.blocks(s); err != nil {
		return nil, err
	}
	p.checkDefinitions(s)
	p.signature()
	return s, nil
}

func firstKey(m map[int]rawRow) int {
	k := math.MaxInt
	for id := range m {
		k = min(k, id)
	}
	return k
}

// definitions interprets [DEFINITIONS].
func (p *parser) definitions(s *Sequence) error {
	last := map[string]int{}
	for i, d := range p.defs {
		if j, dup := last[d.Key]; dup {
			p.warn(p.defLines[i], "[DEFINITIONS]", 0, "%s defined again (first on line %d); the last value is used", d.Key, p.defLines[j])
		}
		last[d.Key] = i
	}
	rasters := []struct {
		key string
		dst *float64
		def float64
	}{
		{"GradientRasterTime", &s.System.GradRaster, defaultGradRaster},
		{"RadiofrequencyRasterTime", &s.System.RFRaster, defaultRFRaster},
		{"AdcRasterTime", &s.System.ADCRaster, defaultADCRaster},
		{"BlockDurationRaster", &s.System.BlockRaster, defaultBlockRaster},
	}
	for _, r := range rasters {
		i, ok := last[r.key]
		if !ok {
			*r.dst = r.def
			if p.version.num() >= 1004000 {
				p.warn(0, "[DEFINITIONS]", 0, "required definition %s missing; using %g s", r.key, r.def)
			}
			p.defs = append(p.defs, Definition{Key: r.key, Value: formatExact(r.def)})
			p.defLines = append(p.defLines, 0)
			continue
		}
		val := p.defs[i].Value
		x, err := parseFloat(val)
		if err != nil || !(x > 0) || x > 1 {
			return p.errf(p.defLines[i], "[DEFINITIONS]", 0, r.key, val, "not a raster time in (0, 1] s")
		}
		*r.dst = x
	}
	if i, ok := last["B0"]; ok {
		if x, err := parseFloat(p.defs[i].Value); err == nil && x > 0 && x < 100 {
			s.System.B0 = x
		} else {
			p.warn(p.defLines[i], "[DEFINITIONS]", 0, "B0 %q is not a field in tesla; ignored", p.defs[i].Value)
		}
	}
	s.Params.B0 = s.System.B0
	if i, ok := last["FOV"]; ok {
		fov, err := parseFloats(p.defs[i].Value)
		switch {
		case err != nil || len(fov) < 1 || len(fov) > 3:
			p.warn(p.defLines[i], "[DEFINITIONS]", 0, "FOV %q is not 1 to 3 numbers; ignored", p.defs[i].Value)
		default:
			mm := false
			for _, x := range fov {
				if x < 0 {
					err = errors.New("negative")
				}
				if x > 1 {
					mm = true
				}
			}
			if err != nil {
				p.warn(p.defLines[i], "[DEFINITIONS]", 0, "FOV %q is negative; ignored", p.defs[i].Value)
				break
			}
			if mm {
				f := make([]string, len(fov))
				for k := range fov {
					fov[k] /= 1000
					f[k] = formatExact(fov[k])
				}
				p.warn(p.defLines[i], "[DEFINITIONS]", 0, "FOV %q exceeds 1 m: read as millimetres (old Pulseq demos), %s m", p.defs[i].Value, strings.Join(f, " "))
				p.defs[i].Value = strings.Join(f, " ")
			}
			copy(s.Encoding.FOV[:], fov)
		}
	}
	if i, ok := last["Name"]; ok {
		s.Params.SequenceName = p.defs[i].Value
		if txt, ok := asciiCodes(p.defs[i].Value); ok {
			s.Params.SequenceName = txt
			p.warn(p.defLines[i], "[DEFINITIONS]", 0, "Name %q read as the character codes of %q", p.defs[i].Value, txt)
		}
	}
	for _, d := range []struct {
		key string
		dst *float64
	}{{"TE", &s.Params.TE}, {"TR", &s.Params.TR}, {"TI", &s.Params.TI}} {
		if i, ok := last[d.key]; ok {
			if x, err := parseFloat(p.defs[i].Value); err == nil && x > 0 && x < 1000 {
				*d.dst = x
			} else {
				p.warn(p.defLines[i], "[DEFINITIONS]", 0, "%s %q is not a time in seconds; ignored", d.key, p.defs[i].Value)
			}
		}
	}
	if i, ok := last["RequiredExtensions"]; ok {
		for _, e := range strings.Fields(p.defs[i].Value) {
			if !knownExtension(e) {
				p.warn(p.defLines[i], "[DEFINITIONS]", 0, "required extension %s is not interpreted by this reader; its events are kept verbatim", e)
			}
		}
	}
	s.Definitions = p.defs
	return nil
}

func knownExtension(name string) bool {
	switch name {
	case "TRIGGERS", "LABELSET", "LABELINC", "DELAYS", "RF_SHIMS", "ROTATIONS":
		return true
	}
	return false
}

// asciiCodes decodes a definition written as character codes by old MATLAB
// versions ("109 112 114 97 103 101" for "mprage").
func asciiCodes(v string) (string, bool) {
	f := strings.Fields(v)
	if len(f) < 2 {
		return "", false
	}
	b := make([]byte, len(f))
	for i, t := range f {
		c, err := strconv.Atoi(t)
		if err != nil || c < 32 || c > 126 {
			return "", false
		}
		b[i] = byte(c)
	}
	return string(b), true
}

func parseFloats(v string) ([]float64, error) {
	f := strings.Fields(v)
	out := make([]float64, len(f))
	for i, t := range f {
		x, err := parseFloat(t)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// checkDefinitions compares informative definitions with the sequence.
func (p *parser) checkDefinitions(s *Sequence) {
	for i, d := range p.defs {
		switch d.Key {
		case "TotalDuration":
			x, err := parseFloat(d.Value)
			if got := s.Duration(); err != nil || math.Abs(x-got) > 1e-5*got+1e-9 {
				p.warn(p.defLines[i], "[DEFINITIONS]", 0, "TotalDuration %q differs from the sum of the block durations, %.9g s", d.Value, got)
			}
		case "Num_Blocks":
			if n, err := parseInt(d.Value); err != nil || n != len(s.Blocks) {
				p.warn(p.defLines[i], "[DEFINITIONS]", 0, "Num_Blocks %q differs from the %d blocks", d.Value, len(s.Blocks))
			}
		}
	}
}

// signature verifies [SIGNATURE].
func (p *parser) signature() {
	sig := &p.info.Signature
	if p.sigLine == 0 {
		return
	}
	sig.Type, sig.Hash = p.sigType, p.sigHash
	if !strings.EqualFold(p.sigType, "md5") {
		p.warn(p.sigLine, "[SIGNATURE]", 0, "signature type %q is not supported; not verified", p.sigType)
		return
	}
	off := p.sigOffset
	excl := off
	if off > 0 && p.data[off-1] == '\n' {
		excl = off - 1
	}
	sum := md5.Sum(p.data[:excl])
	sig.Computed = hex.EncodeToString(sum[:])
	if sig.Hash == sig.Computed {
		sig.Status = SignatureOK
		return
	}
	sig.Status = SignatureMismatch
	if excl > 0 && p.data[excl-1] == '\r' {
		if s := md5.Sum(p.data[:excl-1]); hex.EncodeToString(s[:]) == sig.Hash {
			sig.Status = SignatureOK
			p.warn(p.sigLine, "[SIGNATURE]", 0, "signature matches with the CR LF line end before [SIGNATURE] excluded")
			return
		}
	}
	if excl != off {
		if s := md5.Sum(p.data[:off]); hex.EncodeToString(s[:]) == sig.Hash {
			sig.IncludingNewline = true
			p.warn(p.sigLine, "[SIGNATURE]", 0, "signature mismatch: the stored hash %s is the MD5 of the file including the newline before [SIGNATURE] (as JEMRIS 2.9 writes it); the specification excludes it (MD5 %s)", sig.Hash, sig.Computed)
			return
		}
	}
	p.warn(p.sigLine, "[SIGNATURE]", 0, "signature mismatch: stored %s, MD5 %s", sig.Hash, sig.Computed)
}

// blockIDs is one parsed [BLOCKS] row.
type blockIDs struct {
	line                   int
	dur                    float64 // 1.4+: stored duration [s]
	delay                  int     // before 1.4: delay id
	rf, gx, gy, gz, adc, e int
}

func (p *parser) blocks(s *Sequence) error {
	v := p.version.num()
	want, layout := 8, "id duration rf gx gy gz adc ext"
	switch {
	case v <= 1002001:
		want, layout = 7, "id delay rf gx gy gz adc"
	case v < 1004000:
		layout = "id delay rf gx gy gz adc ext"
	}
	ids := make([]blockIDs, len(p.blockRows))
	for i, row := range p.blockRows {
		fe := &FormatError{File: p.name, Line: row.line, Section: "[BLOCKS]", Block: i + 1}
		if row.nf != want {
			fe.Field, fe.Value = "row", row.tok
			if row.nf <= len(row.v) {
				f := make([]string, row.nf)
				for k := range f {
					f[k] = strconv.Itoa(row.v[k])
				}
				if row.bad >= 0 {
					f[row.bad] = row.tok
				}
				fe.Value = strings.Join(f, " ")
			}
			fe.Err = fmt.Errorf("has %d fields, version %v wants %d (%s)", row.nf, p.version, want, layout)
			return fe
		}
		if row.bad >= 0 {
			fe.Field, fe.Value, fe.Err = strings.Fields(layout)[row.bad], row.tok, errors.New("not a non-negative integer")
			return fe
		}
		n := row.v
		if n[0] != i+1 {
			fe.Field, fe.Value, fe.Err = "id", strconv.Itoa(n[0]), fmt.Errorf("blocks must be numbered 1, 2, ...; want %d", i+1)
			return fe
		}
		b := blockIDs{line: row.line, rf: n[2], gx: n[3], gy: n[4], gz: n[5], adc: n[6], e: n[7]}
		if v >= 1004000 {
			b.dur = psTime(float64(n[1])*s.System.BlockRaster, 1)
		} else {
			b.delay = n[1]
		}
		ids[i] = b
	}
	s.Blocks = make([]Block, len(ids))
	for i := range ids {
		if err := p.blockEvents(s, i, &ids[i]); err != nil {
			return err
		}
	}
	// Arbitrary gradients: first and last values (stored from 1.5 on),
	// then the corner points.
	var prevLast [3]float64
	for i := range ids {
		b := &ids[i]
		for ax, gid := range [3]int{b.gx, b.gy, b.gz} {
			if gid == 0 {
				prevLast[ax] = 0
				continue
			}
			g := p.grads[gid]
			if g.trap {
				prevLast[ax] = 0
				continue
			}
			if g.delay > 0 {
				prevLast[ax] = 0
			}
			if !g.hasFirst {
				g.first = prevLast[ax]
			}
			if g.g == nil {
				if err := p.decodeArbitrary(gid, g); err != nil {
					return err
				}
			}
			if g.dur+1e-12 < s.Blocks[i].Duration {
				prevLast[ax] = 0
			} else {
				prevLast[ax] = g.last
			}
			switch ax {
			case 0:
				s.Blocks[i].Gx = g.g
			case 1:
				s.Blocks[i].Gy = g.g
			case 2:
				s.Blocks[i].Gz = g.g
			}
		}
	}
	return nil
}

// blockEvents decodes the events of block i except arbitrary gradients.
func (p *parser) blockEvents(s *Sequence, i int, b *blockIDs) error {
	blk := &s.Blocks[i]
	bad := func(field string, id int, err error) error {
		var fe *FormatError
		if errors.As(err, &fe) {
			if fe.Block == 0 {
				fe.Block = i + 1
			}
			return fe
		}
		return &FormatError{File: p.name, Line: b.line, Section: "[BLOCKS]", Block: i + 1, Field: field,
			Value: strconv.Itoa(id), Err: err}
	}
	dur := 0.0
	if b.rf != 0 {
		rf, err := p.rf(b.rf)
		if err != nil {
			return bad("rf", b.rf, err)
		}
		blk.RF = rf
		dur = math.Max(dur, rf.Delay+rf.Duration())
	}
	for ax, gid := range [3]int{b.gx, b.gy, b.gz} {
		if gid == 0 {
			continue
		}
		g, ok := p.grads[gid]
		if !ok {
			return bad("gradient "+"xyz"[ax:ax+1], gid, errors.New("no such gradient"))
		}
		if err := p.prepareGrad(gid, g); err != nil {
			return bad("gradient "+"xyz"[ax:ax+1], gid, err)
		}
		dur = math.Max(dur, g.dur)
		if g.trap {
			switch ax {
			case 0:
				blk.Gx = g.g
			case 1:
				blk.Gy = g.g
			case 2:
				blk.Gz = g.g
			}
		}
	}
	if b.adc != 0 {
		a, err := p.adc(b.adc)
		if err != nil {
			return bad("adc", b.adc, err)
		}
		blk.ADC = a
		dur = math.Max(dur, a.Duration())
	}
	if b.e != 0 {
		if err := p.extensions(blk, i+1, b); err != nil {
			return bad("extension", b.e, err)
		}
	}
	if p.version.num() >= 1004000 {
		blk.Duration = b.dur
		return nil
	}
	if b.delay != 0 {
		row, ok := p.delayRows[b.delay]
		if !ok {
			return bad("delay", b.delay, errors.New("no such delay"))
		}
		if err := p.fields(row, "[DELAYS]", 2, "id delay"); err != nil {
			return err
		}
		d, err := p.time(row, "[DELAYS]", 1, "delay", 1e-6)
		if err != nil {
			return err
		}
		dur = math.Max(dur, d)
	}
	blk.Duration = dur
	return nil
}

// rf decodes RF event id.
func (p *parser) rf(id int) (*RF, error) {
	if rf, ok := p.rfCache[id]; ok {
		return rf, nil
	}
	row, ok := p.rfRows[id]
	if !ok {
		return nil, errors.New("no such RF event")
	}
	const sec = "[RF]"
	v := p.version.num()
	layout := "id amplitude mag_id phase_id delay freq phase"
	switch {
	case v >= 1005000:
		layout = "id amplitude mag_id phase_id time_shape_id center delay freqPPM phasePPM freq phase use"
	case v >= 1004000:
		layout = "id amplitude mag_id phase_id time_shape_id delay freq phase"
	}
	r := p.reader(row, sec, "rf ", layout)
	amp, magID, phID, timeID := r.num("amplitude"), r.id("mag_id"), r.id("phase_id"), r.id("time_shape_id")
	center := psTime(r.num("center"), 1e-6)
	delay := r.time("delay", 1e-6)
	fppm, pppm, freq, phase := r.num("freqPPM"), r.num("phasePPM"), r.num("freq"), r.num("phase")
	if r.err != nil {
		return nil, r.err
	}
	use := Undefined
	if v >= 1005000 {
		switch u := r.text("use"); u {
		case "e":
			use = Excitation
		case "r":
			use = Refocusing
		case "i":
			use = Inversion
		case "s":
			use = Saturation
		case "p":
			use = Preparation
		case "o":
			use = Other
		case "u":
		default:
			p.warn(row.line, sec, 0, "rf %d: unknown use %q read as undefined", id, u)
		}
	}
	mag, err := p.shape(magID, row, sec, "rf mag_id")
	if err != nil {
		return nil, err
	}
	ph, err := p.shape(phID, row, sec, "rf phase_id")
	if err != nil {
		return nil, err
	}
	if len(ph) != len(mag) {
		return nil, r.bad("phase_id", "phase shape has %d samples, magnitude shape %d", len(ph), len(mag))
	}
	if err := p.budget(len(mag), row, sec); err != nil {
		return nil, err
	}
	sig := make([]complex128, len(mag))
	for k := range mag {
		s, c := math.Sincos(2 * math.Pi * ph[k])
		sig[k] = complex(amp*mag[k]*c, amp*mag[k]*s)
	}
	raster := p.sys.RFRaster
	rf := &RF{Delay: delay, FreqOffset: freq, PhaseOffset: phase, Use: use, FreqPPM: fppm, PhasePPM: pppm}
	var tt []float64 // sample times from the delay, for the centre
	switch {
	case timeID == 0:
		rf.Signal, rf.Dwell = sig, raster
		tt = make([]float64, len(sig))
		for k := range tt {
			tt[k] = (float64(k) + 0.5) * raster
		}
	case timeID < 0:
		return nil, r.bad("time_shape_id", "negative time shape ids are defined for gradients only")
	default:
		ts, err := p.shape(timeID, row, sec, "rf time_shape_id")
		if err != nil {
			return nil, err
		}
		if len(ts) != len(sig) {
			return nil, r.bad("time_shape_id", "time shape has %d samples, magnitude shape %d", len(ts), len(sig))
		}
		tt = make([]float64, len(ts))
		for k, x := range ts {
			tt[k] = psTime(x, raster)
			if k > 0 && tt[k] < tt[k-1] {
				return nil, r.bad("time_shape_id", "times decrease at sample %d", k)
			}
		}
		if tt[0] < 0 {
			return nil, r.bad("time_shape_id", "negative time")
		}
		shift, resampled, err := timeShapedRF(rf, sig, tt, raster, p.opt.MaxShapeSamples)
		if err != nil {
			return nil, r.bad("time_shape_id", "%v", err)
		}
		if resampled {
			if err := p.budget(len(rf.Signal), row, sec); err != nil {
				return nil, err
			}
			p.warn(row.line, sec, 0, "rf %d: time-shaped envelope resampled as its mean over each RF raster cell", id)
		}
		center = psTime(center-shift, 1)
	}
	if v < 1005000 {
		center = psTime(rfCenter(sig, tt)-(rf.Delay-delay), 1)
		if p.opt.DetectRFUse {
			rf.Use = p.detectUse(sig, tt, freq)
		}
	}
	rf.Center = center
	if timeID == 0 {
		mergeRuns(rf)
	}
	p.rfCache[id] = rf
	return rf, nil
}

// rfCenter returns the middle of the samples whose magnitude is within
// 1e-5 of the peak (MATLAB's mr.calcRfCenter), times tt from the delay.
func rfCenter(sig []complex128, tt []float64) float64 {
	var peak float64
	for _, v := range sig {
		peak = math.Max(peak, cmplx.Abs(v))
	}
	first, last := -1, -1
	for k, v := range sig {
		if cmplx.Abs(v) >= peak*0.99999 {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	if first < 0 {
		return 0
	}
	return (tt[first] + tt[last]) / 2
}

// detectUse is MATLAB's detectRFuse rule: the flip angle |Σ s[k]·(t[k+1]−t[k])|·360°
// below 90.01° is an excitation; above, a pulse longer than 6 ms at −3.5 to
// −3.4 ppm (at System.B0) is a saturation and any other a refocusing pulse.
func (p *parser) detectUse(sig []complex128, tt []float64, freq float64) RFUse {
	var s complex128
	for k := 0; k+1 < len(sig); k++ {
		s += sig[k] * complex(tt[k+1]-tt[k], 0)
	}
	if cmplx.Abs(s)*360 < 90.01 {
		return Excitation
	}
	dur := math.Ceil(tt[len(tt)-1]/p.sys.RFRaster-1e-9) * p.sys.RFRaster
	if ppm := 1e6 * freq / (p.sys.B0 * kspace.Gamma1H); dur > 6e-3 && ppm >= -3.5 && ppm <= -3.4 {
		return Saturation
	}
	return Refocusing
}

// timeShapedRF sets the envelope of rf from samples sig at times tt (from
// the delay, increasing), see Read. It returns how far the envelope's start
// moved after the delay and whether the samples were resampled.
func timeShapedRF(rf *RF, sig []complex128, tt []float64, raster float64, maxCells int) (shift float64, resampled bool, err error) {
	n := len(sig)
	// Centres of equal intervals d.
	if d := 2 * tt[0]; d > 0 {
		ok := true
		for k, t := range tt {
			if math.Abs(t-(float64(k)+0.5)*d) > 1e-6*d {
				ok = false
				break
			}
		}
		if ok {
			rf.Signal, rf.Dwell = sig, psTime(d, 1)
			mergeRuns(rf)
			return 0, false, nil
		}
	}
	span := tt[n-1] - tt[0]
	if n >= 2 && span > 0 {
		constant := true
		for _, v := range sig[1:] {
			if v != sig[0] {
				constant = false
				break
			}
		}
		if constant {
			rf.Signal, rf.Dwell = []complex128{sig[0]}, psTime(span, 1)
			rf.Delay = psTime(rf.Delay+tt[0], 1)
			return tt[0], false, nil
		}
	}
	if !(span > 0) {
		return 0, false, errors.New("time shape spans no time")
	}
	// Mean of the polyline over each raster cell.
	c0 := math.Floor(tt[0]/raster + 1e-9)
	c1 := math.Ceil(tt[n-1]/raster - 1e-9)
	if c1-c0 > float64(maxCells) {
		return 0, false, fmt.Errorf("time shape spans %g RF raster cells, more than the limit of %d", c1-c0, maxCells)
	}
	out := make([]complex128, int(c1-c0))
	k := 0 // first segment that may overlap the cell
	for j := range out {
		a, b := (c0+float64(j))*raster, (c0+float64(j)+1)*raster
		for k+1 < n-1 && tt[k+1] <= a {
			k++
		}
		var acc complex128
		for m := k; m+1 < n && tt[m] < b; m++ {
			lo, hi := math.Max(a, tt[m]), math.Min(b, tt[m+1])
			if hi <= lo {
				continue
			}
			w := tt[m+1] - tt[m]
			at := func(t float64) complex128 {
				return sig[m] + (sig[m+1]-sig[m])*complex((t-tt[m])/w, 0)
			}
			acc += (at(lo) + at(hi)) * complex((hi-lo)/2, 0)
		}
		out[j] = acc / complex(raster, 0)
	}
	rf.Signal, rf.Dwell = out, raster
	rf.Delay = psTime(rf.Delay+c0*raster, 1)
	mergeRuns(rf)
	return c0 * raster, true, nil
}

// mergeRuns merges runs of equal samples: if the envelope is constant over
// every group of m samples (m the greatest common divisor of the run
// lengths), it becomes len/m samples of dwell m·Dwell.
func mergeRuns(rf *RF) {
	g := 0
	for i := 0; i < len(rf.Signal); {
		j := i + 1
		for j < len(rf.Signal) && rf.Signal[j] == rf.Signal[i] {
			j++
		}
		g = gcd(g, j-i)
		if g == 1 {
			return
		}
		i = j
	}
	if g <= 1 {
		return
	}
	out := make([]complex128, len(rf.Signal)/g)
	for k := range out {
		out[k] = rf.Signal[k*g]
	}
	rf.Signal = out
	rf.Dwell = psTime(rf.Dwell*float64(g), 1)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// prepareGrad parses gradient entry id: trapezoids are decoded; arbitrary
// gradients get their duration (their corners need first, see blocks).
func (p *parser) prepareGrad(id int, g *gradEntry) error {
	if g.prepared {
		return nil
	}
	g.prepared = true
	row, sec := g.row, g.section
	v := p.version.num()
	if g.trap {
		layout := "id amplitude rise flat fall delay"
		if p.jemris && len(row.f) == 5 {
			layout = "id amplitude rise flat fall" // pypulseq reads JEMRIS trapezoids without a delay
		}
		r := p.reader(row, sec, "trap ", layout)
		tr := &Gradient{Amplitude: r.num("amplitude"), Rise: r.time("rise", 1e-6), Flat: r.time("flat", 1e-6),
			Fall: r.time("fall", 1e-6), Delay: r.time("delay", 1e-6)}
		if r.err != nil {
			return r.err
		}
		if v < 1004000 && tr.Amplitude == 0 && tr.Flat > 0 {
			// MATLAB's read.m gives old zero-amplitude trapezoids without
			// ramps one-raster ramps.
			d := p.sys.GradRaster
			if tr.Rise == 0 {
				tr.Rise, tr.Flat = d, psTime(tr.Flat-d, 1)
			}
			if tr.Fall == 0 && tr.Flat > 0 {
				tr.Flat, tr.Fall = psTime(tr.Flat-d, 1), d
			}
			tr.Flat = math.Max(tr.Flat, 0)
		}
		g.g = tr
		g.dur = tr.Duration()
		return nil
	}
	layout := "id amplitude shape_id delay"
	switch {
	case v >= 1005000:
		layout = "id amplitude first last amp_shape_id time_shape_id delay"
		g.hasFirst = true
	case v >= 1004000:
		layout = "id amplitude amp_shape_id time_shape_id delay"
	}
	r := p.reader(row, sec, "gradient ", layout)
	g.amp, g.first, g.last = r.num("amplitude"), r.num("first"), r.num("last")
	g.shapeID, g.timeID = r.id("amp_shape_id")+r.id("shape_id"), r.id("time_shape_id")
	g.delay = r.time("delay", 1e-6)
	if r.err != nil {
		return r.err
	}
	w, err := p.shape(g.shapeID, row, sec, "gradient amp_shape_id")
	if err != nil {
		return err
	}
	n := len(w)
	dt := p.sys.GradRaster
	switch {
	case g.timeID == 0:
		g.dur = g.delay + float64(n)*dt
	case g.timeID == -1 && v >= 1005000:
		if n%2 != 1 {
			return r.bad("time_shape_id", "an oversampled gradient needs an odd number of samples, not %d", n)
		}
		g.dur = g.delay + float64(n+1)*dt/2
	case g.timeID > 0 && v >= 1004000:
		ts, err := p.shape(g.timeID, row, sec, "gradient time_shape_id")
		if err != nil {
			return err
		}
		if len(ts) != n {
			return r.bad("time_shape_id", "time shape has %d samples, amplitude shape %d", len(ts), n)
		}
		for k := range ts {
			if k > 0 && ts[k] < ts[k-1] {
				return r.bad("time_shape_id", "times decrease at sample %d", k)
			}
		}
		if ts[0] < 0 {
			return r.bad("time_shape_id", "negative time")
		}
		g.dur = g.delay + ts[n-1]*dt
	default:
		return r.bad("time_shape_id", "invalid time shape id")
	}
	return nil
}

// decodeArbitrary computes the corner points of an arbitrary gradient.
func (p *parser) decodeArbitrary(id int, g *gradEntry) error {
	w := p.decoded[g.shapeID]
	if err := p.budget(2*len(w)+2, g.row, g.section); err != nil {
		return err
	}
	wave := make([]float64, len(w))
	for k, x := range w {
		wave[k] = g.amp * x
	}
	dt := p.sys.GradRaster
	gr := &Gradient{Delay: g.delay}
	switch {
	case g.timeID == 0:
		gr.Times, gr.Waveform, g.last = centreSampledCorners(wave, g.first, g.last, dt, g.hasFirst)
	case g.timeID == -1:
		gr.Times, gr.Waveform = oversampledCorners(wave, g.first, g.last, dt)
	default:
		ts := p.decoded[g.timeID]
		tt := make([]float64, len(ts))
		for k, x := range ts {
			tt[k] = psTime(x, dt)
		}
		if math.Abs(ts[0]-0.5) < 1e-6 {
			// MATLAB draws a time shape that starts half a raster in as a
			// rasterised gradient: it adds the first point at 0.
			tt = append([]float64{0}, tt...)
			wave = append([]float64{g.first}, wave...)
		} else if tt[0] > 0 {
			gr.Delay += tt[0]
			t0 := tt[0]
			for k := range tt {
				tt[k] -= t0
			}
		}
		gr.Times, gr.Waveform = tt, wave
		if !g.hasFirst {
			g.last = wave[len(wave)-1]
		}
	}
	for k, x := range gr.Times {
		gr.Times[k] = psTime(x, 1)
	}
	// Zero to within rounding of the decompression (cumulative sums of
	// differences) is zero.
	var peak float64
	for _, x := range gr.Waveform {
		peak = math.Max(peak, math.Abs(x))
	}
	for k, x := range gr.Waveform {
		if math.Abs(x) <= 1e-9*peak {
			gr.Waveform[k] = 0
		}
	}
	if math.Abs(g.last) <= 1e-9*peak {
		g.last = 0
	}
	g.hasFirst = true
	g.g = gr
	return nil
}

// adc decodes ADC event id.
func (p *parser) adc(id int) (*ADC, error) {
	if a, ok := p.adcCache[id]; ok {
		return a, nil
	}
	row, ok := p.adcRows[id]
	if !ok {
		return nil, errors.New("no such ADC event")
	}
	const sec = "[ADC]"
	layout := "id num dwell delay freq phase"
	if p.version.num() >= 1005000 {
		layout = "id num dwell delay freqPPM phasePPM freq phase phase_id"
	}
	r := p.reader(row, sec, "adc ", layout)
	n := r.id("num")
	a := &ADC{Samples: n, Dwell: r.time("dwell", 1e-9), Delay: r.time("delay", 1e-6), FreqPPM: r.num("freqPPM"),
		PhasePPM: r.num("phasePPM"), FreqOffset: r.num("freq"), PhaseOffset: r.num("phase")}
	phaseID := r.id("phase_id")
	switch {
	case r.err != nil:
		return nil, r.err
	case n < 1 || n > p.opt.MaxShapeSamples:
		return nil, r.bad("num", "not in [1, %d]", p.opt.MaxShapeSamples)
	case a.Dwell == 0:
		return nil, r.bad("dwell", "zero")
	case phaseID < 0:
		return nil, r.bad("phase_id", "negative")
	}
	if phaseID > 0 {
		w, err := p.shape(phaseID, row, sec, "adc phase_id")
		if err != nil {
			return nil, err
		}
		if len(w) != n {
			return nil, r.bad("phase_id", "phase shape has %d samples, the ADC %d", len(w), n)
		}
		a.PhaseModulation = w
	}
	p.adcCache[id] = a
	return a, nil
}

// extensions decodes the extension list starting at b.e into blk.
func (p *parser) extensions(blk *Block, blockNo int, b *blockIDs) error {
	for id, steps := b.e, 0; id != 0; steps++ {
		if steps >= len(p.extRows) {
			return fmt.Errorf("extension list loops at entry %d", id)
		}
		row, ok := p.extRows[id]
		if !ok {
			return fmt.Errorf("no extension list entry %d", id)
		}
		const sec = "[EXTENSIONS]"
		if err := p.fields(row, sec, 4, "id type ref next_id"); err != nil {
			return err
		}
		typ, err := p.id(row, sec, 1, "extension type")
		if err != nil {
			return err
		}
		ref, err := p.id(row, sec, 2, "extension ref")
		if err != nil {
			return err
		}
		next, err := p.id(row, sec, 3, "extension next_id")
		if err != nil {
			return err
		}
		if next < 0 {
			return p.errf(row.line, sec, 0, "extension next_id", row.f[3], "negative")
		}
		id = next
		spec, ok := p.extSpecs[typ]
		if !ok {
			p.warnOnce(fmt.Sprintf("ext-type-%d", typ), row.line, sec, blockNo, "extension type %d has no specification section; its events are skipped", typ)
			continue
		}
		er, ok := spec.rows[ref]
		if !ok {
			return p.errf(row.line, sec, 0, "extension ref", row.f[2], "no entry %d in extension %s", ref, spec.name)
		}
		if err := p.extension(blk, blockNo, spec, er); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) extension(blk *Block, blockNo int, spec *extSpec, row rawRow) error {
	sec := "extension " + spec.name
	switch spec.name {
	case "LABELSET", "LABELINC":
		r := p.reader(row, sec, "label ", "id value label")
		val := r.id("value")
		if r.err != nil {
			return r.err
		}
		l := Label(-1)
		for k, name := range labelNames {
			if name == r.text("label") {
				l = Label(k)
			}
		}
		if l < 0 {
			return r.bad("label", "unknown label: %w", ErrUnsupported)
		}
		blk.Labels = append(blk.Labels, LabelEvent{Label: l, Value: val, Inc: spec.name == "LABELINC"})
	case "TRIGGERS":
		r := p.reader(row, sec, "trigger ", "id type channel delay duration")
		tr := Trigger{Kind: TriggerKind(r.id("type")), Channel: r.id("channel"), Delay: r.time("delay", 1e-6), Duration: r.time("duration", 1e-6)}
		if r.err != nil {
			return r.err
		}
		if tr.Kind != TriggerOutput && tr.Kind != TriggerInput {
			return r.bad("type", "not 1 (output) or 2 (input)")
		}
		blk.Triggers = append(blk.Triggers, tr)
	case "DELAYS":
		r := p.reader(row, sec, "soft delay ", "id num offset factor hint")
		d := &SoftDelay{Num: r.id("num"), Offset: psTime(r.num("offset"), 1e-6), Factor: r.num("factor"), Hint: r.text("hint")}
		if r.err != nil {
			return r.err
		}
		if blk.SoftDelay != nil {
			return p.errf(row.line, sec, blockNo, "soft delay", "", "more than one soft delay in a block")
		}
		blk.SoftDelay = d
	case "RF_SHIMS":
		if len(row.f) < 2 {
			return p.errf(row.line, sec, 0, "row", strings.Join(row.f, " "), "want \"id num_chan magnitude phase ...\"")
		}
		n, err := p.id(row, sec, 1, "rf shim channels")
		if err != nil {
			return err
		}
		if n < 1 || len(row.f) != 2+2*n {
			return p.errf(row.line, sec, 0, "rf shim channels", row.f[1], "row has %d values for %s channels", len(row.f)-2, row.f[1])
		}
		if blk.RFShim != nil {
			return p.errf(row.line, sec, blockNo, "rf shim", "", "more than one RF shim in a block")
		}
		sh := &RFShim{Magnitude: make([]float64, n), Phase: make([]float64, n)}
		for c := range n {
			if sh.Magnitude[c], err = p.num(row, sec, 2+2*c, "rf shim magnitude"); err != nil {
				return err
			}
			if sh.Phase[c], err = p.num(row, sec, 3+2*c, "rf shim phase"); err != nil {
				return err
			}
		}
		blk.RFShim = sh
	case "ROTATIONS":
		r := p.reader(row, sec, "rotation ", "id q0 qx qy qz")
		q := Rotation{W: r.num("q0"), X: r.num("qx"), Y: r.num("qy"), Z: r.num("qz")}
		if r.err != nil {
			return r.err
		}
		if q == (Rotation{}) {
			return p.errf(row.line, sec, 0, "rotation quaternion", strings.Join(row.f[1:], " "), "zero")
		}
		if blk.Rotation != nil {
			return p.errf(row.line, sec, blockNo, "rotation", "", "more than one rotation in a block")
		}
		blk.Rotation = &q
	default:
		p.warnOnce("ext-"+spec.name, spec.line, sec, 0, "extension %s is not interpreted; its events are kept verbatim", spec.name)
		blk.Extensions = append(blk.Extensions, Extension{Name: spec.name, Fields: append([]string(nil), row.f[1:]...)})
	}
	return nil
}
