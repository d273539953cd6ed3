package main

import (
	"bytes"
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/larmor-mri/larmor/bloch/seq"
)

// TestSeqWrite writes each builder through the CLI and reads the file back
// with the Pulseq reader: the signature verifies, the file's blocks equal
// the builder's own (so the flags reached it), and for gre and se there are
// N readouts of the TR asked for.
func TestSeqWrite(t *testing.T) {
	dir := t.TempDir()
	for _, name := range builderNames {
		path := filepath.Join(dir, name+".seq")
		var stdout, stderr bytes.Buffer
		args := []string{"seq", "write", "--matrix", "32", name, "--out", path}
		if name == "gre" || name == "se" {
			args = append(args, "--te", "0.02", "--tr", "0.1")
		}
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
		f := addBuilderFlags(flag.NewFlagSet("x", flag.ContinueOnError))
		f.matrix, f.fov = 32, 0.256
		if name == "gre" || name == "se" {
			f.te, f.tr = 0.02, 0.1
		}
		want, err := f.build(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Blocks) != len(want.Blocks) {
			t.Errorf("%s: %d blocks read back, the builder makes %d", name, len(s.Blocks), len(want.Blocks))
		}
		if math.Abs(s.Duration()-want.Duration()) > 1e-9 {
			t.Errorf("%s: duration %g s, the builder's %g s", name, s.Duration(), want.Duration())
		}
		if name != "gre" && name != "se" {
			continue
		}
		if sum := s.Summarize(); sum.ADCEvents != 32 {
			t.Errorf("%s: %d ADC events, want 32", name, sum.ADCEvents)
		}
		if math.Abs(s.Duration()-32*0.1) > 1e-6 {
			t.Errorf("%s: duration %g s, want 32 TRs of 0.1 s", name, s.Duration())
		}
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"seq", "write", "nope", "--out", filepath.Join(dir, "x.seq")}, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("unknown builder: exit %d", code)
	}
	if code := run(context.Background(), []string{"seq", "write", "tse", "--order", "random", "--out", filepath.Join(dir, "x.seq")}, &bytes.Buffer{}, &stderr); code == 0 {
		t.Errorf("--order random accepted")
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
