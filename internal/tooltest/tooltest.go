// Package tooltest lets tests use external reference tools (bart,
// dciodvfy, dcmtk, pydicom): a missing tool skips the test with a clear
// message on a developer's machine and fails it when the environment
// variable CI is "true", so CI can never pass by skipping.
package tooltest

import (
	"os"
	"os/exec"
	"testing"
)

// Require returns the path of the named executable. If it is not on PATH the
// test is skipped, or failed when CI=true, with a message naming the Debian
// package that provides it.
func Require(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	Missing(t, name+" not found on PATH (apt-get install "+debianPackage+")")
	return ""
}

// Missing skips the test with msg, or fails it when CI=true.
func Missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and a reference tool is missing: %s", msg)
	}
	t.Skipf("skipping: %s", msg)
}

// Python returns the path of /usr/bin/python3 after checking that it can
// import the given modules; otherwise it skips (or fails under CI=true).
func Python(t testing.TB, debianPackage string, modules ...string) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		Missing(t, py+" not found (apt-get install python3 "+debianPackage+")")
		return ""
	}
	for _, m := range modules {
		if err := exec.Command(py, "-c", "import "+m).Run(); err != nil {
			Missing(t, "python module "+m+" not importable by "+py+" (apt-get install "+debianPackage+")")
			return ""
		}
	}
	return py
}
