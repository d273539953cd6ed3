package phantom_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/bloch/phantom"
)

const csvHeader = "x_m,y_m,z_m,pd,t1_s,t2_s,t2prime_s,dw_rad_per_s\n"

func TestReadCSV(t *testing.T) {
	in := "# comment\n" + csvHeader + "0.001,-0.002,0,1,0.1,0.05,inf,200\n\n# more\n-0.0095,0.0495,0.0,0.5,1.2,0.1,0.02,0\n"
	o, err := phantom.ReadCSV(strings.NewReader(in), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	if o.Len() != 2 || o.X[0] != 0.001 || o.Y[1] != 0.0495 || o.M0[1] != 0.5 || !math.IsInf(o.T2Prime[0], 1) || o.T2Prime[1] != 0.02 {
		t.Fatalf("read %+v", o)
	}
	// 200 rad/s is 200/2π Hz.
	if math.Abs(o.DF[0]-31.830988618379067) > 1e-12 {
		t.Errorf("Δf = %g Hz, want 31.83", o.DF[0])
	}
	if err := o.Validate(); err != nil {
		t.Error(err)
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"", "no header"},
		{csvHeader, "no spins"},
		{"x,y\n", "header has 2 columns"},
		{strings.Replace(csvHeader, "pd", "rho", 1), `header column 4 is "rho"`},
		{csvHeader + "1,2,3\n", "p.csv:2"},
		{csvHeader + "0,0,0,1,abc,0.1,inf,0\n", `p.csv:2: t1_s "abc": not a number`},
		{csvHeader + "0,0,0,1,-1,0.1,inf,0\n", "t1_s"},
		{csvHeader + "0,0,0,nan,1,0.1,inf,0\n", "pd"},
		{csvHeader + "0,inf,0,1,1,0.1,inf,0\n", "y_m"},
	} {
		_, err := phantom.ReadCSV(strings.NewReader(c.in), "p.csv")
		var ce *phantom.CSVError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want one mentioning %q", c.in, err, c.want)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(csvHeader + "0.001,-0.002,0,1,0.1,0.05,inf,200\n")
	f.Add("# c\n" + csvHeader + "1e300,0,0,1,1e-300,1,1,-5\n")
	f.Add(csvHeader + "0,0,0,1,1,1,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		o, err := phantom.ReadCSV(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			return
		}
		if err := o.Validate(); err != nil {
			t.Fatalf("ReadCSV accepted an object that does not validate: %v", err)
		}
	})
}
