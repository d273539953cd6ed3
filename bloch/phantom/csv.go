package phantom

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// CSVColumns are the columns of a phantom CSV file, in order: position [m],
// proton density, T1 and T2 [s], T2' [s] ("inf" for none), and
// off-resonance as an angular frequency [rad/s] (KomaMRI's Δw; 2π·31.83 Hz
// = 200 rad/s).
var CSVColumns = []string{"x_m", "y_m", "z_m", "pd", "t1_s", "t2_s", "t2prime_s", "dw_rad_per_s"}

// MaxCSVSpins bounds the number of spins ReadCSV accepts (24 bytes a value,
// 9 values a spin: about 2 GB), so that a file cannot exhaust memory.
const MaxCSVSpins = 10_000_000

// CSVError reports a problem in a phantom CSV file.
type CSVError struct {
	File  string
	Line  int    // 1-based; 0 for the file as a whole
	Field string // column name, or "" for the line
	Value string
	Err   error
}

func (e *CSVError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "phantom: %s", e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " %q", e.Value)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *CSVError) Unwrap() error { return e.Err }

// ReadCSV reads a phantom from CSV text with a header line naming
// CSVColumns in that order, one spin per line after it, and lines starting
// with '#' as comments (the format of the JEMRIS sphere phantom that
// KomaMRI's tests use). name is used in error messages. Off-resonance is
// converted to Hz (Δf = Δw/2π); T2' "inf" becomes +Inf.
//
// It returns a *CSVError naming the line and column of the first bad value,
// a missing or different header, or more than MaxCSVSpins spins.
func ReadCSV(r io.Reader, name string) (*Object, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	o := &Object{}
	line := 0
	header := false
	fail := func(field, value string, err error) (*Object, error) {
		return nil, &CSVError{File: name, Line: line, Field: field, Value: value, Err: err}
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, ",")
		if !header {
			if len(f) != len(CSVColumns) {
				return fail("", text, fmt.Errorf("header has %d columns, want %s", len(f), strings.Join(CSVColumns, ",")))
			}
			for i, c := range CSVColumns {
				if strings.TrimSpace(f[i]) != c {
					return fail("", text, fmt.Errorf("header column %d is %q, want %q", i+1, strings.TrimSpace(f[i]), c))
				}
			}
			header = true
			continue
		}
		if len(f) != len(CSVColumns) {
			return fail("", text, fmt.Errorf("%d values, want %d", len(f), len(CSVColumns)))
		}
		if o.Len() == MaxCSVSpins {
			return fail("", "", fmt.Errorf("more than %d spins", MaxCSVSpins))
		}
		var v [8]float64
		for i := range v {
			s := strings.TrimSpace(f[i])
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return fail(CSVColumns[i], s, errors.New("not a number"))
			}
			bad := math.IsNaN(x) || (math.IsInf(x, 0) && CSVColumns[i] != "t2prime_s" && CSVColumns[i] != "t1_s" && CSVColumns[i] != "t2_s")
			switch CSVColumns[i] {
			case "t1_s", "t2_s", "t2prime_s":
				bad = bad || !(x > 0)
			}
			if bad {
				return fail(CSVColumns[i], s, errors.New("out of range"))
			}
			v[i] = x
		}
		o.X = append(o.X, v[0])
		o.Y = append(o.Y, v[1])
		o.Z = append(o.Z, v[2])
		o.M0 = append(o.M0, v[3])
		o.T1 = append(o.T1, v[4])
		o.T2 = append(o.T2, v[5])
		o.T2Prime = append(o.T2Prime, v[6])
		o.DF = append(o.DF, v[7]/(2*math.Pi))
	}
	if err := sc.Err(); err != nil {
		return nil, &CSVError{File: name, Line: line + 1, Err: err}
	}
	if !header {
		return nil, &CSVError{File: name, Err: errors.New("no header line")}
	}
	if o.Len() == 0 {
		return nil, &CSVError{File: name, Err: errors.New("no spins")}
	}
	return o, nil
}
