package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRun checks that the example runs and writes its picture.
func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ernst.png")
	if err := run(0.02, 1.5, out); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(out); err != nil || st.Size() < 1000 {
		t.Fatalf("picture %s: %v", out, err)
	}
}
