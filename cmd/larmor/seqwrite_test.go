package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestSeqWrite writes each builder through the CLI and reads the file back
// with the Pulseq reader: the signature verifies, there are N readouts, and
// the echo time the builder reports is what was asked for.
func TestSeqWrite(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"gre", "se"} {
		path := filepath.Join(dir, name+".seq")
		var stdout, stderr bytes.Buffer
		args := []string{"seq", "write", "--matrix", "32", "--te", "0.02", "--tr", "0.1", name, "--out", path}
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		s, info, err := seq.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Signature.Status != seq.SignatureOK {
			t.Errorf("%s: signature %v", name, info.Signature.Status)
		}
		if sum := s.Summarize(); sum.ADCEvents != 32 {
			t.Errorf("%s: %d ADC events, want 32", name, sum.ADCEvents)
		}
		if math.Abs(s.Duration()-32*0.1) > 1e-6 {
			t.Errorf("%s: duration %g s, want 32 TRs of 0.1 s", name, s.Duration())
		}
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"seq", "write", "epi", "--out", filepath.Join(dir, "x.seq")}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("unknown builder: exit %d", code)
	}
}

// TestSeqPlot draws a written spin echo's diagram and k-space.
func TestSeqPlot(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "se.seq")
	if code := run(context.Background(), []string{"seq", "write", "se", "--matrix", "16", "--out", path}, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatal("seq write failed")
	}
	var stderr bytes.Buffer
	args := []string{"seq", "plot", path, "--out", filepath.Join(dir, "d.png"), "--to", "0.05", "--kspace", filepath.Join(dir, "k.png")}
	if code := run(context.Background(), args, &bytes.Buffer{}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, f := range []string{"d.png", "k.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
}
