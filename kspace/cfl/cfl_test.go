package cfl_test

import (
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/larmor-mri/larmor/kspace/cfl"
)

// sameBits reports whether a and b hold the same float32 bit patterns, so
// that NaN payloads and signed zeros count.
func sameBits(a, b []complex64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(real(a[i])) != math.Float32bits(real(b[i])) ||
			math.Float32bits(imag(a[i])) != math.Float32bits(imag(b[i])) {
			return false
		}
	}
	return true
}

func randomData(seed uint64, n int) []complex64 {
	rng := rand.New(rand.NewPCG(seed, 0))
	x := make([]complex64, n)
	for i := range x {
		x[i] = complex(float32(rng.NormFloat64()), float32(rng.NormFloat64()))
	}
	return x
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	sixteen := []int{2, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2}
	for i, dims := range [][]int{{1}, {5}, {2, 3, 4}, {8, 8, 1, 4}, sixteen, {9000}} {
		n := 1
		for _, d := range dims {
			n *= d
		}
		data := randomData(uint64(i), n)
		data[0] = complex(float32(math.Copysign(0, -1)), float32(math.Inf(1)))
		if n > 1 {
			data[1] = complex(math.Float32frombits(0x7fc01234), -math.MaxFloat32) // a NaN with a payload
		}
		name := filepath.Join(dir, "x")
		if err := cfl.Write(name, dims, data); err != nil {
			t.Fatal(err)
		}
		gotDims, got, err := cfl.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(gotDims, dims) {
			t.Errorf("dims %v read back as %v", dims, gotDims)
		}
		if !sameBits(got, data) {
			t.Errorf("dims %v: data differ after a round trip", dims)
		}
		hdrDims, err := cfl.ReadHeader(name)
		if err != nil || !slices.Equal(hdrDims, dims) {
			t.Errorf("ReadHeader = %v, %v; want %v", hdrDims, err, dims)
		}
	}
}

// TestWriteFormat checks the bytes written against the format: BART's
// header text and little-endian IEEE float32 pairs.
func TestWriteFormat(t *testing.T) {
	name := filepath.Join(t.TempDir(), "x")
	// 1 = 0x3f800000, 2 = 0x40000000, -0.5 = 0xbf000000.
	data := []complex64{complex(1, 2), complex(-0.5, 0)}
	if err := cfl.Write(name, []int{2, 1}, data); err != nil {
		t.Fatal(err)
	}
	hdr, err := os.ReadFile(name + ".hdr")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# Dimensions\n2 1 \n"; string(hdr) != want {
		t.Errorf("header %q, want %q", hdr, want)
	}
	raw, err := os.ReadFile(name + ".cfl")
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0, 0xbf, 0, 0, 0, 0}
	if !slices.Equal(raw, want) {
		t.Errorf("data % x, want % x", raw, want)
	}
	// No temporary files are left behind.
	ents, err := os.ReadDir(filepath.Dir(name))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 2 {
		t.Errorf("directory holds %d files, want 2", len(ents))
	}
}

func TestReadHeaderAccepts(t *testing.T) {
	long := "# Dimensions\n4 2 \n# Command\n" + strings.Repeat("x", 5000) + "\n# Dimensions\n7\n"
	cases := []struct {
		name, hdr string
		want      []int
	}{
		{"bart ones", "# Dimensions\n2 3 4 \n# Command\nones 3 2 3 4 /tmp/x \n# Files\n >/tmp/x\n# Creator\nBART v0.8.00\n", []int{2, 3, 4}},
		{"sixteen", "# Dimensions\n8 8 1 1 1 1 1 1 1 1 1 1 1 1 1 1 \n", []int{8, 8, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"no trailing space or newline", "# Dimensions\n2 3 4", []int{2, 3, 4}},
		{"CRLF", "# Dimensions\r\n2\t3 4\r\n", []int{2, 3, 4}},
		{"no space after #", "#Dimensions\n5\n", []int{5}},
		{"sizes on the keyword line", "# Dimensions 2 3 4\n", []int{2, 3, 4}},
		{"sizes over two lines", "# Dimensions\n2 3\n4\n# Creator\nme\n", []int{2, 3, 4}},
		{"plus sign", "# Dimensions\n+2 3\n", []int{2, 3}},
		{"leading lines and blank lines", "junk\n\n# Comment\n# Dimensions\n\n6 1\n\n", []int{6, 1}},
		{"trailing 1s past 16", "# Dimensions\n2 3 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n", []int{2, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{"past 4096 bytes ignored", long, []int{4, 2}},
		{"keyword with suffix is another section", "# Dimensions2\n9 9\n# Dimensions\n3\n", []int{3}},
	}
	dir := t.TempDir()
	for i, tc := range cases {
		name := filepath.Join(dir, strings.Repeat("h", i+1))
		writeFile(t, name+".hdr", []byte(tc.hdr))
		got, err := cfl.ReadHeader(name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: dims %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestReadHeaderRejects(t *testing.T) {
	cases := []struct {
		name, hdr string
		cause     error
		line      int
	}{
		{"empty", "", cfl.ErrNoDimensions, 0},
		{"no dimensions", "# Command\nfoo\n", cfl.ErrNoDimensions, 0},
		{"only a comment", "2 3 4\n", cfl.ErrNoDimensions, 0},
		{"no sizes", "# Dimensions\n# Creator\nx\n", cfl.ErrSize, 1},
		{"not an integer", "# Dimensions\n2 3.5 4\n", cfl.ErrSize, 2},
		{"trailing garbage", "# Dimensions\n2 3 4x\n", cfl.ErrSize, 2},
		{"hex", "# Dimensions\n0x10\n", cfl.ErrSize, 2},
		{"word on the next line", "# Dimensions\n2 3 4\nzzz\n", cfl.ErrSize, 3},
		{"zero", "# Dimensions\n2 0 4\n", cfl.ErrSize, 2},
		{"negative", "# Dimensions\n\n2 3 -4\n", cfl.ErrSize, 3},
		{"beyond int64", "# Dimensions\n99999999999999999999\n", cfl.ErrSize, 2},
		{"17 sizes", "# Dimensions\n1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 2\n", cfl.ErrTooLarge, 2},
		{"product overflows", "# Dimensions\n4294967296 4294967296\n", cfl.ErrTooLarge, 2},
		{"product over MaxElems", "# Dimensions\n1152921504606846976 2\n", cfl.ErrTooLarge, 2},
		{"two sections", "# Dimensions\n2\n# Dimensions\n2\n", nil, 3},
		{"data elsewhere", "# Dimensions\n2\n# Data\n/tmp/other.cfl\n", cfl.ErrUnsupported, 3},
		{"binary", "\x00\xff# Dimensions\n", cfl.ErrNoDimensions, 0},
	}
	dir := t.TempDir()
	for i, tc := range cases {
		name := filepath.Join(dir, "bad"+strings.Repeat("x", i))
		writeFile(t, name+".hdr", []byte(tc.hdr))
		dims, err := cfl.ReadHeader(name)
		if err == nil {
			t.Errorf("%s: dims %v, want an error", tc.name, dims)
			continue
		}
		var fe *cfl.FormatError
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v is not a *FormatError", tc.name, err)
			continue
		}
		if fe.File != name+".hdr" || fe.Line != tc.line {
			t.Errorf("%s: error at %s:%d, want %s.hdr:%d", tc.name, fe.File, fe.Line, name, tc.line)
		}
		if !strings.HasPrefix(err.Error(), "cfl: "+name+".hdr") {
			t.Errorf("%s: message %q does not start with the file name", tc.name, err)
		}
		if tc.cause != nil && !errors.Is(err, tc.cause) {
			t.Errorf("%s: error %v, want cause %v", tc.name, err, tc.cause)
		}
		// Read reports the same error.
		if _, _, err2 := cfl.Read(name); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("%s: Read error %v, ReadHeader error %v", tc.name, err2, err)
		}
	}
}

func TestReadDataSize(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x")
	writeFile(t, name+".hdr", []byte("# Dimensions\n2 3 \n"))
	for _, size := range []int{0, 47, 40, 49, 56} {
		writeFile(t, name+".cfl", make([]byte, size))
		_, _, err := cfl.Read(name)
		var fe *cfl.FormatError
		if !errors.As(err, &fe) || !errors.Is(err, cfl.ErrDataSize) || fe.File != name+".cfl" {
			t.Errorf(".cfl of %d bytes: error %v, want ErrDataSize naming %s.cfl", size, err, name)
		}
	}
	writeFile(t, name+".cfl", make([]byte, 48))
	if _, data, err := cfl.Read(name); err != nil || len(data) != 6 {
		t.Errorf("48 bytes: %d elements, %v", len(data), err)
	}
}

// TestLyingHeader checks that a header declaring a huge array next to a
// small .cfl is refused before the array is allocated.
func TestLyingHeader(t *testing.T) {
	name := filepath.Join(t.TempDir(), "x")
	writeFile(t, name+".hdr", []byte("# Dimensions\n1048576 1048576 64\n")) // 2^46 elements, 512 TiB
	writeFile(t, name+".cfl", make([]byte, 64))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := cfl.Read(name)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, cfl.ErrDataSize) {
		t.Fatalf("error %v, want ErrDataSize", err)
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > 1<<20 {
		t.Errorf("Read allocated %d bytes for a refused file", a)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := cfl.ReadHeader(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing header: %v, want fs.ErrNotExist", err)
	}
	name := filepath.Join(dir, "x")
	writeFile(t, name+".hdr", []byte("# Dimensions\n1\n"))
	if _, _, err := cfl.Read(name); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), name+".cfl") {
		t.Errorf("missing data: %v, want fs.ErrNotExist naming the file", err)
	}
	if err := os.Mkdir(name+".cfl", 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cfl.Read(name); err == nil || !strings.Contains(err.Error(), name+".cfl") {
		t.Errorf("directory as data: %v, want an error naming it", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d.hdr"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := cfl.ReadHeader(filepath.Join(dir, "d")); err == nil {
		t.Errorf("directory as header: no error")
	}
}

func TestWriteErrors(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x")
	cases := []struct {
		dims []int
		n    int
		want string
	}{
		{nil, 1, "0 dimensions"},
		{make([]int, 17), 1, "17 dimensions"},
		{[]int{2, 0}, 0, "dimension 1 has size 0"},
		{[]int{-1}, 1, "size -1"},
		{[]int{math.MaxInt / 2, 16}, 1, "more than"},
		{[]int{2, 3}, 5, "5 elements, dims [2 3] need 6"},
	}
	for _, tc := range cases {
		err := cfl.Write(name, tc.dims, make([]complex64, tc.n))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), name) {
			t.Errorf("Write(%v, %d elements): %v, want an error with %q and the name", tc.dims, tc.n, err, tc.want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("failed writes left %d files", len(ents))
	}
	if err := cfl.Write(filepath.Join(dir, "no", "such", "dir"), []int{1}, []complex64{1}); err == nil {
		t.Errorf("Write into a missing directory: no error")
	}
}

// checkResult checks what Read or ReadHeader returned on arbitrary input:
// valid dims, matching data, or a "cfl: " error; never a panic.
func checkResult(t *testing.T, dims []int, data []complex64, err error, withData bool) {
	t.Helper()
	if err != nil {
		if dims != nil || data != nil {
			t.Fatalf("error %v with non-nil results", err)
		}
		if !strings.HasPrefix(err.Error(), "cfl: ") {
			t.Fatalf("error %q lacks the cfl: prefix", err)
		}
		return
	}
	if len(dims) < 1 || len(dims) > cfl.MaxDims {
		t.Fatalf("dims %v: %d entries", dims, len(dims))
	}
	n := 1
	for _, d := range dims {
		if d < 1 || n > cfl.MaxElems/d {
			t.Fatalf("dims %v: bad size or product", dims)
		}
		n *= d
	}
	if withData && len(data) != n {
		t.Fatalf("dims %v with %d elements", dims, len(data))
	}
}

// FuzzReadHeader feeds arbitrary header text to ReadHeader. Its seeds in
// testdata/fuzz/FuzzReadHeader are headers written by BART v0.8.00 (bart
// ones, bart phantom) and hand-made edge cases named for what they test.
func FuzzReadHeader(f *testing.F) {
	f.Add([]byte("# Dimensions\n2 3 4 \n"))
	f.Fuzz(func(t *testing.T, hdr []byte) {
		name := filepath.Join(t.TempDir(), "f")
		writeFile(t, name+".hdr", hdr)
		dims, err := cfl.ReadHeader(name)
		checkResult(t, dims, nil, err, false)
	})
}

// FuzzRead feeds an arbitrary header and .cfl to Read and checks that what
// it accepts is written back unchanged. Its seeds in testdata/fuzz/FuzzRead
// are small valid pairs (one with BART's header, one with NaN and infinity
// bit patterns) and pairs whose sizes disagree.
func FuzzRead(f *testing.F) {
	f.Add([]byte("# Dimensions\n2 \n"), []byte("0123456789abcdef"))
	f.Fuzz(func(t *testing.T, hdr, raw []byte) {
		dir := t.TempDir()
		name := filepath.Join(dir, "f")
		writeFile(t, name+".hdr", hdr)
		writeFile(t, name+".cfl", raw)
		dims, data, err := cfl.Read(name)
		checkResult(t, dims, data, err, true)
		if err != nil {
			return
		}
		// Whatever was read is written back bit for bit.
		out := filepath.Join(dir, "g")
		if err := cfl.Write(out, dims, data); err != nil {
			t.Fatal(err)
		}
		back, err := os.ReadFile(out + ".cfl")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(back, raw) {
			t.Fatalf("data changed on a read-write round trip")
		}
	})
}
