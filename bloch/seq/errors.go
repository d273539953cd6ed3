package seq

import (
	"fmt"
	"strings"
)

// CheckError lists every violation found by Sequence.Check, in block order.
type CheckError struct {
	Violations []error
}

func (e *CheckError) Error() string {
	const show = 10
	var b strings.Builder
	fmt.Fprintf(&b, "seq: %d limit violation(s)", len(e.Violations))
	for i, v := range e.Violations {
		if i == show {
			fmt.Fprintf(&b, "\n\t... and %d more", len(e.Violations)-show)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(v.Error())
	}
	return b.String()
}

// Unwrap returns the individual violations, for errors.Is and errors.As.
func (e *CheckError) Unwrap() []error { return e.Violations }

func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return &CheckError{Violations: errs}
}
