package fft

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/larmor-mri/larmor/internal/tooltest"
)

// TestWideGenerated checks that the wide kernels' assembly is what
// gen_wide.go makes of the AVX2 kernels today: an edit to an AVX2 kernel
// needs go generate, or the two would differ.
func TestWideGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	gocmd := tooltest.Require(t, "go", "golang")
	dir := t.TempDir()
	cmd := exec.Command(gocmd, "run", "gen_wide.go", "-dir", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_wide.go: %v\n%s", err, out)
	}
	for _, name := range []string{"vec512_amd64.s", "vec512pd_amd64.s"} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what gen_wide.go makes: run go generate ./recon/fft", name)
		}
	}
}
