package dicomio

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxDS is the longest value a DICOM Decimal String (DS) may hold.
const maxDS = 16

// formatDS formats v as a DICOM Decimal String: the shortest decimal that
// round-trips if it fits in 16 characters, otherwise as many significant
// digits as fit. v must be finite.
func formatDS(v float64) string {
	if v == 0 {
		return "0" // also turns -0 into 0
	}
	if s := strconv.FormatFloat(v, 'g', -1, 64); len(s) <= maxDS {
		return s
	}
	for p := 16; p > 0; p-- {
		if s := strconv.FormatFloat(v, 'g', p, 64); len(s) <= maxDS {
			return s
		}
	}
	return strconv.FormatFloat(v, 'g', 1, 64) // unreachable for finite v
}

// parseDS parses one Decimal String value (surrounding spaces allowed).
func parseDS(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("decimal string %q is not finite", s)
	}
	return v, nil
}

// parseIS parses one Integer String value (surrounding spaces allowed).
func parseIS(s string) (int, error) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	return int(v), err
}

// checkText checks a user-supplied value for a DICOM string attribute of the
// given VR: no backslash (the value separator), no control characters, valid
// UTF-8, and at most maxLen characters.
func checkText(field, vr string, s string, maxLen int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("dicomio: %s: %q is not valid UTF-8", field, s)
	}
	for _, r := range s {
		if r == '\\' || r < 0x20 || r == 0x7f {
			return fmt.Errorf("dicomio: %s: %q contains %q, not allowed in a DICOM %s", field, s, r, vr)
		}
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return fmt.Errorf("dicomio: %s: %q has %d characters, a DICOM %s holds at most %d", field, s, n, vr, maxLen)
	}
	return nil
}

// sanitizeSH makes s a valid DICOM Short String: control characters and
// backslashes become '_', and it is cut to 16 characters.
func sanitizeSH(s string) string {
	s = strings.ToValidUTF8(s, "_")
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 16 {
			break
		}
		if r == '\\' || r < 0x20 || r == 0x7f {
			r = '_'
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// isASCII reports whether s holds only 7-bit characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// checkUID checks a UID or UID root: dot-separated decimal components
// without leading zeros, at most maxLen characters.
func checkUID(field, u string, maxLen int) error {
	if u == "" || len(u) > maxLen {
		return fmt.Errorf("dicomio: %s: UID %q must have 1 to %d characters", field, u, maxLen)
	}
	for _, c := range strings.Split(u, ".") {
		if c == "" || (len(c) > 1 && c[0] == '0') {
			return fmt.Errorf("dicomio: %s: UID %q: component %q is empty or has a leading zero", field, u, c)
		}
		for i := 0; i < len(c); i++ {
			if c[i] < '0' || c[i] > '9' {
				return fmt.Errorf("dicomio: %s: UID %q: component %q is not a decimal number", field, u, c)
			}
		}
	}
	return nil
}
