package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixturePath(name string) string {
	return filepath.Join("..", "..", "bloch", "seq", "testdata", "pulseq", name)
}

func runLarmor(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if stdin != nil {
		// readSeq uses os.Stdin for "-": swap it for the call.
		f, err := os.CreateTemp(t.TempDir(), "stdin")
		if err != nil {
			t.Fatal(err)
		}
		f.Write(stdin)
		f.Seek(0, 0)
		old := os.Stdin
		os.Stdin = f
		defer func() { os.Stdin = old; f.Close() }()
	}
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// infoKeys are the keys of `larmor seq info --json`, exactly.
var infoKeys = []string{"version", "blocks", "duration_s", "adc_events", "adc_samples", "rf_events", "k_extent_per_m", "signature", "warnings"}

func infoJSON(t *testing.T, out string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value: %q", out)
	}
	if len(m) != len(infoKeys) {
		t.Errorf("keys %v, want %v", m, infoKeys)
	}
	for _, k := range infoKeys {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	return m
}

// TestSeqInfoJSON checks `larmor seq info --json` on two fixtures against
// the numbers in their SOURCES.md: the JEMRIS EPI (204 blocks, 1 s, 100
// readouts of 100 samples, one RF, k extent 99/0.23 m in x and y, a
// signature that includes the newline before [SIGNATURE]) and the
// pypulseq GRE (320 blocks, 64 readouts of 64 samples, 64 RF, 63/0.256 m).
func TestSeqInfoJSON(t *testing.T) {
	const kTol = 1e-5 // relative: 6-7 digit amplitudes in the files
	for _, c := range []struct {
		file, version, sig, warn string
		blocks, adc, samples, rf int
		dur                      float64
		k                        [3]float64
	}{
		{"epi_100x100_jemris_v121.seq", "1.2.1", "mismatch", "including the newline", 204, 100, 10000, 1, 1, [3]float64{99 / 0.23, 99 / 0.23, 0}},
		{"gre_64_v150.seq", "1.5.0", "ok", "", 320, 64, 4096, 64, 0.768, [3]float64{63 / 0.256, 63 / 0.256, 0}},
	} {
		// Flags may follow the file name.
		code, out, errs := runLarmor(t, nil, "seq", "info", fixturePath(c.file), "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.file, code, errs)
		}
		m := infoJSON(t, out)
		if m["version"] != c.version || m["signature"] != c.sig || m["blocks"] != float64(c.blocks) ||
			m["adc_events"] != float64(c.adc) || m["adc_samples"] != float64(c.samples) || m["rf_events"] != float64(c.rf) {
			t.Errorf("%s: %v", c.file, m)
		}
		if d := m["duration_s"].(float64); math.Abs(d-c.dur) > 1e-9 {
			t.Errorf("%s: duration %g, want %g", c.file, d, c.dur)
		}
		k := m["k_extent_per_m"].([]any)
		for ax := range 3 {
			if got := k[ax].(float64); math.Abs(got-c.k[ax]) > kTol*c.k[0] {
				t.Errorf("%s: k extent %v, want %v", c.file, k, c.k)
			}
		}
		w := m["warnings"].([]any)
		if c.warn == "" && len(w) != 0 || c.warn != "" && (len(w) != 1 || !strings.Contains(w[0].(string), c.warn)) {
			t.Errorf("%s: warnings %v", c.file, w)
		}
	}
}

func TestSeqInfoText(t *testing.T) {
	code, out, errs := runLarmor(t, nil, "seq", "info", fixturePath("trufi_256_v121.seq"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"version     1.2.1", "blocks      516", "adc events  256 (65536 samples)",
		"FOV         220 × 220 × 4 mm", "signature   none", "limits      ok", "warning", "millimetres"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Standard input, and a limits violation: the spiral's gradients need
	// more than 40 T/m/s.
	code, out, errs = runLarmor(t, mustRead(t, fixturePath("spiral_96_v141.seq")), "seq", "info", "--max-slew", "40", "-")
	if code != 0 || !strings.Contains(out, "file        -") || !strings.Contains(out, "slew") {
		t.Errorf("exit %d: %s\n%s", code, errs, out)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSeqConvert converts a 1.3.1 fixture to 1.5.1 and checks the result
// with seq info: same blocks, duration and samples, a valid signature.
func TestSeqConvert(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "gre.seq")
	in := fixturePath("gre_label_256_v131.seq")
	if code, _, errs := runLarmor(t, nil, "seq", "convert", in, out, "--version", "1.5.1"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	_, a, _ := runLarmor(t, nil, "seq", "info", "--json", in)
	_, b, _ := runLarmor(t, nil, "seq", "info", "--json", out)
	ma, mb := infoJSON(t, a), infoJSON(t, b)
	if mb["version"] != "1.5.1" || mb["signature"] != "ok" || len(mb["warnings"].([]any)) != 0 {
		t.Errorf("converted: %v", mb)
	}
	for _, k := range []string{"blocks", "duration_s", "adc_events", "adc_samples", "rf_events"} {
		if ma[k] != mb[k] {
			t.Errorf("%s: %v before, %v after", k, ma[k], mb[k])
		}
	}
	// Standard input to standard output.
	code, stdout, errs := runLarmor(t, mustRead(t, in), "seq", "convert", "-", "-")
	if code != 0 || !strings.HasPrefix(stdout, "# Pulseq sequence file") || !bytes.Equal([]byte(stdout), mustRead(t, out)) {
		t.Errorf("stdin to stdout: exit %d: %s", code, errs)
	}
	// An unsupported version is an error and writes nothing.
	other := filepath.Join(dir, "old.seq")
	if code, _, errs := runLarmor(t, nil, "seq", "convert", "--version", "1.4.1", in, other); code != 1 || !strings.Contains(errs, "1.4.1") {
		t.Errorf("--version 1.4.1: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("an output was written for an unsupported version")
	}
}

func TestSeqUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"seq"}, 2, "Subcommands"},
		{[]string{"seq", "--help"}, 0, "convert"},
		{[]string{"seq", "help", "info"}, 0, "-json"},
		{[]string{"seq", "frobnicate"}, 2, "unknown subcommand"},
		{[]string{"seq", "info"}, 2, "missing"},
		{[]string{"seq", "convert", "a.seq"}, 2, "missing"},
		{[]string{"seq", "convert", "--version", "x", "a", "b"}, 2, "MAJOR.MINOR.REVISION"},
		{[]string{"seq", "info", "no-such-file.seq"}, 1, "no-such-file.seq"},
	} {
		code, out, errs := runLarmor(t, nil, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("%v: exit %d, want %d; output %q %q lacks %q", c.args, code, c.code, out, errs, c.want)
		}
	}
}
