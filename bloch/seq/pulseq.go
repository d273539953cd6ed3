package seq

// Pulseq .seq interoperability: the public types and entry points. The
// reader is in pulseq_read.go, the writer in pulseq_write.go and the shape
// codec and gradient-waveform conversion they share in pulseq_shape.go.
//
// The Pulseq format (https://pulseq.github.io, specification CC-BY-4.0)
// stores a sequence as a table of blocks referring to deduplicated event
// tables ([RF], [GRADIENTS], [TRAP], [ADC], extensions) and compressed
// shapes. Column layouts differ between versions 1.2, 1.3, 1.4 and 1.5; the
// source of truth for their meaning is the reference MATLAB implementation
// (pulseq/pulseq, matlab/+mr/@Sequence/read.m, getBlock and
// waveforms_and_times of v1.5.1), which this reader follows; where it
// deviates, the doc comment of the conversion says so.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrUnsupported marks valid Pulseq input that this package cannot
// represent or write (an unknown major version, an unsupported output
// version). Test for it with errors.Is.
var ErrUnsupported = errors.New("not supported")

// PulseqVersion is a Pulseq file-format version, e.g. 1.4.1.
type PulseqVersion struct {
	Major, Minor, Revision int
}

func (v PulseqVersion) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Revision)
}

// num returns the version as one comparable number, as MATLAB's
// version_combined: 1.4.1 is 1004001.
func (v PulseqVersion) num() int { return v.Major*1000000 + v.Minor*1000 + v.Revision }

// SignatureStatus is the result of checking a file's [SIGNATURE].
type SignatureStatus int

// Signature states.
const (
	SignatureNone     SignatureStatus = iota // no [SIGNATURE] section, or an unsupported hash type
	SignatureOK                              // the MD5 defined by the specification matches
	SignatureMismatch                        // the stored hash differs from the specification's MD5
)

func (s SignatureStatus) String() string {
	switch s {
	case SignatureNone:
		return "none"
	case SignatureOK:
		return "ok"
	case SignatureMismatch:
		return "mismatch"
	}
	return fmt.Sprintf("SignatureStatus(%d)", int(s))
}

// Signature is a file's [SIGNATURE] section and its verification. The
// Pulseq specification defines the hash as the MD5 of the file's bytes up
// to, and excluding, the newline that precedes the line "[SIGNATURE]".
type Signature struct {
	Type     string // as stored, e.g. "md5"; empty if the file has no signature
	Hash     string // as stored, lower case
	Computed string // MD5 per the specification, hex; empty if Type is not md5
	Status   SignatureStatus
	// IncludingNewline reports that the stored hash equals the MD5 of the
	// bytes including that newline, the variant JEMRIS 2.9 writes. Status
	// is then SignatureMismatch and a Warning says so.
	IncludingNewline bool
}

// Warning is a problem in a file that the reader worked around: what it
// assumed, where, and why. Warnings are returned, never printed.
type Warning struct {
	File    string
	Line    int    // 1-based; 0 when the warning concerns the file as a whole
	Section string // e.g. "[DEFINITIONS]"; empty for the whole file
	Block   int    // 1-based block number; 0 when not about one block
	Msg     string
}

func (w Warning) String() string {
	var b strings.Builder
	b.WriteString(w.File)
	if w.Line > 0 {
		fmt.Fprintf(&b, ":%d", w.Line)
	}
	if w.Section != "" {
		b.WriteString(": " + w.Section)
	}
	if w.Block > 0 {
		fmt.Fprintf(&b, ": block %d", w.Block)
	}
	b.WriteString(": " + w.Msg)
	return b.String()
}

// FormatError reports malformed Pulseq input: the file, line, section,
// block (0 outside [BLOCKS]), field and value where it was found, and why.
// Err is the cause; it is ErrUnsupported (test with errors.Is) when the
// input is valid but not supported.
type FormatError struct {
	File    string
	Line    int    // 1-based; 0 if not tied to one line
	Section string // e.g. "[RF]"
	Block   int    // 1-based block number, 0 if not about one block
	Field   string // e.g. "rf delay", "shape 3 sample"
	Value   string // the offending text, possibly shortened
	Err     error
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("seq: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Section != "" {
		b.WriteString(": " + e.Section)
	}
	if e.Block > 0 {
		fmt.Fprintf(&b, ": block %d", e.Block)
	}
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " %q", e.Value)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *FormatError) Unwrap() error { return e.Err }

// PulseqInfo describes a .seq file beyond the Sequence it holds.
type PulseqInfo struct {
	Version   PulseqVersion // the file's version
	Signature Signature
	Warnings  []Warning
}

// Default limits of PulseqReader; see its fields.
const (
	DefaultMaxPulseqBytes   = 1 << 30
	DefaultMaxPulseqBlocks  = 1 << 22
	DefaultMaxShapeSamples  = 1 << 22
	DefaultMaxPulseqSamples = 1 << 24
)

// PulseqReader reads Pulseq .seq files of versions 1.2.0 to 1.5.1. The
// zero value reads with the default limits; the limits protect against
// lying input: a file that exceeds one is refused with a FormatError
// before the memory is allocated.
type PulseqReader struct {
	MaxBytes  int64 // file size; 0: DefaultMaxPulseqBytes (1 GiB)
	MaxBlocks int   // 0: DefaultMaxPulseqBlocks (4 Mi)
	// MaxShapeSamples bounds the samples of one shape, of one ADC and of
	// one resampled RF pulse; 0: DefaultMaxShapeSamples (4 Mi).
	MaxShapeSamples int
	// MaxSamples bounds the decompressed samples of all the events the
	// blocks use together; 0: DefaultMaxPulseqSamples (16 Mi).
	MaxSamples int
	// DetectRFUse infers the use of RF pulses in files older than 1.5,
	// which do not store it, as MATLAB's read(..., 'detectRFuse') does:
	// a flip angle below 90.01° is an excitation; larger ones are
	// saturations if longer than 6 ms at −3.4 to −3.5 ppm (System.B0)
	// and refocusing pulses otherwise. By default (false) such pulses
	// are Undefined, as MATLAB and pypulseq read them.
	DetectRFUse bool
}

// ReadPulseq reads a Pulseq file from r with the default limits. Name is
// the file's name, used in errors and warnings.
func ReadPulseq(r io.Reader, name string) (*Sequence, *PulseqInfo, error) {
	return PulseqReader{}.Read(r, name)
}

// ReadFile reads the Pulseq file at path with the default limits.
func ReadFile(path string) (*Sequence, *PulseqInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return PulseqReader{}.Read(f, path)
}

// PulseqWriter writes Pulseq files. The zero value writes version 1.5.1,
// the only version supported for writing.
type PulseqWriter struct {
	// Version to write; the zero value means 1.5.1. Other versions give
	// an error wrapping ErrUnsupported.
	Version PulseqVersion
}

// WritePulseq writes s to w as a Pulseq 1.5.1 file.
func WritePulseq(w io.Writer, s *Sequence) error { return PulseqWriter{}.Write(w, s) }

// WriteFile writes s as a Pulseq 1.5.1 file at path, atomically: the file
// is written to a temporary file in the same directory and renamed, so
// path is either the complete new file or left as it was.
func WriteFile(path string, s *Sequence) error { return PulseqWriter{}.WriteFile(path, s) }
