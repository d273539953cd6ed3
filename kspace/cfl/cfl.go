package cfl

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/larmor-mri/larmor/internal/atomicfile"
)

// MaxDims is the largest number of dimensions BART handles (DIMS = 16).
const MaxDims = 16

// MaxHeaderSize is how much of a .hdr file is read, as in BART
// (IO_MAX_HDR_SIZE): the "# Dimensions" section must lie within the first
// 4096 bytes, and anything after them is ignored.
const MaxHeaderSize = 4096

// MaxElems is the largest number of elements a header may declare: the byte
// size of the .cfl, 8 bytes per element, must fit in an int.
const MaxElems = math.MaxInt / 8

// ErrUnsupported is the cause (see FormatError.Err) when a header is valid
// but uses a feature this package does not implement: a "# Data" section,
// with which BART keeps the data in another file.
var ErrUnsupported = errors.New("unsupported")

// Causes of FormatError, for errors.Is.
var (
	// ErrNoDimensions: the header has no "# Dimensions" section.
	ErrNoDimensions = errors.New(`no "# Dimensions" section`)
	// ErrSize: a size is not a decimal integer of at least 1.
	ErrSize = errors.New("size is not an integer of at least 1")
	// ErrTooLarge: too many dimensions, or sizes whose product exceeds
	// MaxElems.
	ErrTooLarge = errors.New("too large")
	// ErrDataSize: the .cfl file does not hold exactly 8 bytes per element.
	ErrDataSize = errors.New("data size does not match the dimensions")
)

// FormatError reports a .hdr or .cfl file that is malformed or disagrees
// with itself. Its message names the file, the line when known, and the
// offending value:
//
//	cfl: scan.hdr:2: size 3: "-4": size is not an integer of at least 1
type FormatError struct {
	File  string // path of the file at fault (name.hdr or name.cfl)
	Line  int    // 1-based line of the header, 0 when not about one line
	Field string // what was being read: "dimensions", "size 3", "data"
	Value string // the offending text or number, "" if none
	Err   error  // the cause: ErrNoDimensions, ErrSize, ErrTooLarge, ErrDataSize, ErrUnsupported, or another description
}

// Error returns "cfl: file:line: field: value: cause", leaving out the
// parts that are empty.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("cfl: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	if e.Value != "" {
		b.WriteString(": ")
		b.WriteString(strconv.Quote(e.Value))
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *FormatError) Unwrap() error { return e.Err }

// ReadHeader reads name.hdr and returns the sizes it declares, first
// dimension fastest, as written: at least 1 and at most MaxDims entries
// (sizes of 1 past the 16th, which BART allows, are dropped), each at least 1,
// with a product of at most MaxElems. It does not look at name.cfl.
//
// Like BART it takes the sizes from the "# Dimensions" section, the first
// line starting with "#" whose first word is "Dimensions": the integers that
// follow, on the same line or the lines after it up to the next line starting
// with "#". Other lines, comment sections ("# Command", "# Creator", ...)
// and blank lines are skipped. It is stricter than BART, which stops silently
// at the first character that is not part of a number: every word of the
// section must be a decimal integer.
//
// It returns a *FormatError, naming name.hdr, if there is no Dimensions
// section, more than one, no sizes, a size that is not an integer of at least
// 1, more than MaxDims sizes other than trailing 1s, a product over
// MaxElems, or a "# Data" section (Err is ErrUnsupported). Errors opening or
// reading the file are returned wrapped, so errors.Is(err, fs.ErrNotExist)
// works.
func ReadHeader(name string) ([]int, error) {
	file := name + ".hdr"
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cfl: %w", err)
	}
	defer f.Close()
	buf := make([]byte, MaxHeaderSize+1)
	n, err := io.ReadFull(f, buf)
	switch err {
	case nil:
		// The file is longer than MaxHeaderSize: parse only the first
		// MaxHeaderSize bytes, up to the last complete line.
		buf = buf[:MaxHeaderSize]
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			buf = buf[:i+1]
		}
	case io.EOF, io.ErrUnexpectedEOF:
		buf = buf[:n]
	default:
		return nil, fmt.Errorf("cfl: %w", err)
	}
	return parseHeader(file, buf)
}

// parseHeader parses the text of a header; file is used in errors.
func parseHeader(file string, text []byte) ([]int, error) {
	lines := strings.Split(string(text), "\n")
	var dims []int
	found := 0 // line of the Dimensions keyword, 0 if none yet
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !strings.HasPrefix(line, "#") {
			continue
		}
		words := strings.Fields(line[1:])
		if len(words) == 0 {
			continue
		}
		switch words[0] {
		case "Data":
			return nil, &FormatError{File: file, Line: i + 1, Field: "# Data", Value: strings.Join(words[1:], " "),
				Err: fmt.Errorf("%w: data in a separate file", ErrUnsupported)}
		case "Dimensions":
		default:
			continue
		}
		if found != 0 {
			return nil, &FormatError{File: file, Line: i + 1, Field: "dimensions",
				Err: fmt.Errorf("second \"# Dimensions\" section (first at line %d)", found)}
		}
		found = i + 1
		var err error
		dims, err = parseSizes(file, i+1, words[1:], nil)
		if err != nil {
			return nil, err
		}
		for i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "#") {
			i++
			dims, err = parseSizes(file, i+1, strings.Fields(lines[i]), dims)
			if err != nil {
				return nil, err
			}
		}
		if len(dims) == 0 {
			return nil, &FormatError{File: file, Line: found, Field: "dimensions", Err: fmt.Errorf("%w: no sizes", ErrSize)}
		}
	}
	if found == 0 {
		return nil, &FormatError{File: file, Field: "dimensions", Err: ErrNoDimensions}
	}
	return dims, nil
}

// parseSizes appends the sizes in words, found on line, to dims, checking
// each as it goes so that no input makes dims grow past MaxDims.
func parseSizes(file string, line int, words []string, dims []int) ([]int, error) {
	for _, w := range words {
		field := "size " + strconv.Itoa(len(dims))
		v, err := strconv.ParseInt(w, 10, 64)
		if err != nil || v < 1 {
			return nil, &FormatError{File: file, Line: line, Field: field, Value: w, Err: ErrSize}
		}
		if len(dims) >= MaxDims {
			// BART accepts and drops trailing sizes of 1.
			if v != 1 {
				return nil, &FormatError{File: file, Line: line, Field: field, Value: w,
					Err: fmt.Errorf("%w: more than %d dimensions", ErrTooLarge, MaxDims)}
			}
			continue
		}
		if v > MaxElems || product(dims) > MaxElems/int(v) {
			return nil, &FormatError{File: file, Line: line, Field: field, Value: w,
				Err: fmt.Errorf("%w: more than %d elements", ErrTooLarge, MaxElems)}
		}
		dims = append(dims, int(v))
	}
	return dims, nil
}

// product returns the product of dims, which the callers keep at most
// MaxElems.
func product(dims []int) int {
	n := 1
	for _, d := range dims {
		n *= d
	}
	return n
}

// Read reads name.hdr and name.cfl and returns the dims (as ReadHeader does)
// and the data, len(data) being the product of dims.
//
// The size of name.cfl is checked against the header before any data is
// allocated or read, and exactly that many bytes are read: a file of the
// wrong size gives a *FormatError naming name.cfl with Err ErrDataSize, as
// does a file that shrinks while it is read. Header errors are those of
// ReadHeader.
func Read(name string) (dims []int, data []complex64, err error) {
	dims, err = ReadHeader(name)
	if err != nil {
		return nil, nil, err
	}
	file := name + ".cfl"
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("cfl: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("cfl: %w", err)
	}
	n := product(dims)
	want := int64(n) * 8
	if !st.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("cfl: %s: not a regular file", file)
	}
	if st.Size() != want {
		return nil, nil, &FormatError{File: file, Field: "data", Value: strconv.FormatInt(st.Size(), 10) + " bytes",
			Err: fmt.Errorf("%w: dims %v need %d bytes", ErrDataSize, dims, want)}
	}
	data = make([]complex64, n)
	lr := io.LimitReader(f, want)
	buf := make([]byte, min(want, chunkBytes))
	for i := 0; i < n; {
		b := buf[:min(n-i, len(buf)/8)*8]
		if _, err := io.ReadFull(lr, b); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil, nil, &FormatError{File: file, Field: "data", Value: "element " + strconv.Itoa(i),
					Err: fmt.Errorf("%w: file ended early", ErrDataSize)}
			}
			return nil, nil, fmt.Errorf("cfl: %s: %w", file, err)
		}
		for j := 0; j < len(b); j += 8 {
			data[i] = complex(
				math.Float32frombits(binary.LittleEndian.Uint32(b[j:])),
				math.Float32frombits(binary.LittleEndian.Uint32(b[j+4:])))
			i++
		}
	}
	return dims, data, nil
}

// chunkBytes is the buffer size for reading and writing data, a multiple of 8.
const chunkBytes = 64 << 10

// Write writes data, an array of the given dims (first fastest), to name.cfl
// as little-endian float32 pairs (real, imaginary) and its dims to name.hdr
// as BART does: "# Dimensions", then the sizes, each followed by a space, on
// one line. name has no extension. Both files are written atomically
// (a temporary file then a rename), the .cfl first, so a crash can leave a
// new .cfl beside an old .hdr but never a truncated file; a reader then
// reports ErrDataSize if the sizes differ.
//
// It returns an error, writing nothing, if dims is empty or has more than
// MaxDims entries, a size below 1 or a product over MaxElems, or if
// len(data) is not the product of dims.
func Write(name string, dims []int, data []complex64) error {
	if len(dims) == 0 || len(dims) > MaxDims {
		return fmt.Errorf("cfl: write %s: %d dimensions, want 1 to %d", name, len(dims), MaxDims)
	}
	n := 1
	for d, size := range dims {
		if size < 1 {
			return fmt.Errorf("cfl: write %s: dimension %d has size %d, want at least 1", name, d, size)
		}
		if n > MaxElems/size {
			return fmt.Errorf("cfl: write %s: dims %v hold more than %d elements", name, dims, MaxElems)
		}
		n *= size
	}
	if len(data) != n {
		return fmt.Errorf("cfl: write %s: %d elements, dims %v need %d", name, len(data), dims, n)
	}
	err := atomicfile.Write(name+".cfl", func(w io.Writer) error {
		buf := make([]byte, 0, min(8*len(data), chunkBytes))
		for i, v := range data {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(real(v)))
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(imag(v)))
			if len(buf) == cap(buf) || i == len(data)-1 {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cfl: %w", err)
	}
	var hdr strings.Builder
	hdr.WriteString("# Dimensions\n")
	for _, size := range dims {
		hdr.WriteString(strconv.Itoa(size))
		hdr.WriteByte(' ')
	}
	hdr.WriteByte('\n')
	if err := atomicfile.WriteFile(name+".hdr", []byte(hdr.String())); err != nil {
		return fmt.Errorf("cfl: %w", err)
	}
	return nil
}
