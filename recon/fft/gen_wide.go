//go:build ignore

// gen_wide writes the AVX-512 stage kernels from the AVX2 ones:
// vec512_amd64.s from vec_amd64.s (complex64) and vec512pd_amd64.s from
// vec128_amd64.s (complex128). A wide kernel is its AVX2 kernel with every
// Y register a Z register: the same loops and instructions on 64-byte
// "double elements", each the element at an address and the one 32 bytes
// after it, two groups of lines with the same twiddles (see kernelSet.wide
// in vec.go). Only the constants change besides: 32-byte tables are
// repeated to 64 bytes, VPERMILPD's per-lane selector covers eight lanes,
// and vectors an AVX2 kernel keeps in its frame (radix 5, short of
// registers) live in Z16 and up.
//
// Run with go generate; TestWideGenerated checks that the files match.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// wide lists the kernels converted, by file.
var wide = []struct {
	in, out string
	kernels []string
}{
	{"vec_amd64.s", "vec512_amd64.s", []string{"radix2AVX2", "radix3AVX2", "radix4AVX2", "radix5AVX2", "radix7AVX2", "radix8AVX2", "radix11AVX2", "radix13AVX2"}},
	{"vec128_amd64.s", "vec512pd_amd64.s", []string{"radix2AVX2PD", "radix3AVX2PD", "radix4AVX2PD", "radix5AVX2PD", "radix7AVX2PD", "radix8AVX2PD", "radix11AVX2PD", "radix13AVX2PD"}},
}

func main() {
	dir := flag.String("dir", ".", "directory to write the files to")
	flag.Parse()
	for _, w := range wide {
		src, err := os.ReadFile(w.in)
		if err != nil {
			log.Fatal(err)
		}
		out, err := convert(string(src), w.in, w.kernels)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*dir, w.out), []byte(out), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// item is a top-level piece of an assembly file with the comment lines
// right above it: a function (TEXT to the next top-level line), a macro, a
// constant table (its DATA and GLOBL lines) or anything else.
type item struct {
	kind  string // "text", "define", "data", "other"
	name  string
	lines []string
}

var (
	textRe   = regexp.MustCompile(`^TEXT ·(\w+)\(SB\)`)
	defineRe = regexp.MustCompile(`^#define (\w+)`)
	dataRe   = regexp.MustCompile(`^(?:DATA|GLOBL) (\w+)<>`)
	wordRe   = regexp.MustCompile(`\w+`)
	labelRe  = regexp.MustCompile(`^\w+:`)
)

// split cuts an assembly file into items.
func split(src string) []item {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	var items []item
	var comment []string
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "//"):
			comment = append(comment, l)
			continue
		case textRe.MatchString(l):
			it := item{kind: "text", name: textRe.FindStringSubmatch(l)[1], lines: append(comment, l)}
			for i+1 < len(lines) && !topLevel(lines[i+1]) {
				i++
				it.lines = append(it.lines, lines[i])
			}
			items = append(items, it)
		case defineRe.MatchString(l):
			it := item{kind: "define", name: defineRe.FindStringSubmatch(l)[1], lines: append(comment, l)}
			for strings.HasSuffix(lines[i], `\`) {
				i++
				it.lines = append(it.lines, lines[i])
			}
			items = append(items, it)
		case dataRe.MatchString(l):
			name := dataRe.FindStringSubmatch(l)[1]
			it := item{kind: "data", name: name, lines: append(comment, l)}
			for i+1 < len(lines) && dataRe.MatchString(lines[i+1]) && dataRe.FindStringSubmatch(lines[i+1])[1] == name {
				i++
				it.lines = append(it.lines, lines[i])
			}
			items = append(items, it)
		default:
			items = append(items, item{kind: "other", lines: append(comment, l)})
		}
		comment = nil
	}
	if comment != nil {
		items = append(items, item{kind: "other", lines: comment})
	}
	return items
}

// topLevel reports whether a line after a TEXT line starts the next item:
// anything at the left margin but a label.
func topLevel(l string) bool {
	if l == "" || l[0] == ' ' || l[0] == '\t' {
		return false
	}
	return !labelRe.MatchString(l)
}

var (
	yReg     = regexp.MustCompile(`\bY(\d+)\b`)
	permPD   = regexp.MustCompile(`VPERMILPD \$5,`)
	dataLine = regexp.MustCompile(`^DATA (\w+<>)\+(\d+)\(SB\)/(\d+), (.*)$`)
	globl32  = regexp.MustCompile(`^GLOBL (\w+<>)\(SB\), (.*), \$32$`)
	// Instructions whose meaning is tied to 256-bit vectors: a kernel
	// using them is not converted.
	unsupported = regexp.MustCompile(`\b(VINSERTF128|VEXTRACTF128|VPERM2F128|VBROADCASTF128|VZEROALL)\b|\bX\d+\b`)
	// A vector kept in the frame (a kernel short of the 16 Y registers):
	// in the wide kernel it lives in one of Z16–Z31, which AVX-512 adds.
	vecSlot  = regexp.MustCompile(`^\s*V\w+.*?\b(\w+-\d+\(SP\))`)
	slotRef  = regexp.MustCompile(`\b\w+-\d+\(SP\)`)
	highRegs = []string{"Z16", "Z17", "Z18", "Z19", "Z20", "Z21", "Z22", "Z23", "Z24", "Z25", "Z26", "Z27", "Z28", "Z29", "Z30", "Z31"}
)

// convert returns the wide version of the kernels named in keep and of the
// macros and tables they use.
func convert(src, name string, keep []string) (string, error) {
	items := split(src)
	byName := map[string]item{}
	for _, it := range items {
		if it.kind == "define" || it.kind == "data" {
			byName[it.name] = it
		}
	}
	// The items the kept functions use, directly or through macros.
	used := map[string]bool{}
	var visit func(it item)
	visit = func(it item) {
		for _, l := range it.lines[len(commentLines(it.lines)):] {
			for _, w := range wordRe.FindAllString(l, -1) {
				if dep, ok := byName[w]; ok && !used[w] {
					used[w] = true
					visit(dep)
				}
			}
		}
	}
	found := map[string]bool{}
	for _, it := range items {
		if it.kind == "text" && contains(keep, it.name) {
			found[it.name] = true
			visit(it)
		}
	}
	for _, k := range keep {
		if !found[k] {
			return "", fmt.Errorf("%s: no function %s", name, k)
		}
	}
	// Frame slots that hold vectors, each given a high Z register.
	slots := map[string]string{}
	for _, it := range items {
		if (it.kind == "text" && contains(keep, it.name)) || (it.kind == "define" && used[it.name]) {
			for _, l := range it.lines {
				if m := vecSlot.FindStringSubmatch(l); m != nil && !strings.HasPrefix(l, "//") && slots[m[1]] == "" {
					if len(slots) == len(highRegs) {
						return "", fmt.Errorf("%s: more than %d vectors in frames", name, len(highRegs))
					}
					slots[m[1]] = highRegs[len(slots)]
				}
			}
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by gen_wide.go from %s; DO NOT EDIT.\n\n", name)
	for _, it := range items {
		if len(it.lines) > 0 && strings.HasPrefix(it.lines[len(it.lines)-1], "#include") {
			b.WriteString(strings.Join(it.lines, "\n") + "\n\n")
			fmt.Fprintf(&b, "// The AVX-512 versions of the %s kernels of %s: the\n", kind(name), name)
			b.WriteString("// same code with Z registers, on 64-byte double elements (see gen_wide.go).\n")
			continue
		}
		switch it.kind {
		case "text":
			if !contains(keep, it.name) {
				continue
			}
		case "define", "data":
			if !used[it.name] && !strings.HasPrefix(it.name, "A_") {
				continue
			}
		case "other":
			if !strings.HasPrefix(it.lines[0], "//go:build") {
				// Without the input's own overview and section comments.
				it.lines = it.lines[len(commentLines(it.lines)):]
			}
		}
		if it.kind == "data" {
			b.WriteString(widenData(it.lines))
			continue
		}
		for _, l := range it.lines {
			if it.kind != "other" && !strings.HasPrefix(l, "//") && unsupported.MatchString(l) {
				return "", fmt.Errorf("%s: %s: cannot widen %q", name, it.name, strings.TrimSpace(l))
			}
			l = slotRef.ReplaceAllStringFunc(l, func(ref string) string {
				if r, ok := slots[ref]; ok {
					return r
				}
				return ref
			})
			b.WriteString(widen(l) + "\n")
		}
	}
	return strings.ReplaceAll(b.String(), "\n\n\n", "\n\n"), nil
}

// kind names the element type of a kernel file.
func kind(name string) string {
	if strings.Contains(name, "128") {
		return "complex128"
	}
	return "complex64"
}

// widenData repeats a 32-byte table to 64 bytes, so that it fills a Z
// register; other tables stay as they are.
func widenData(lines []string) string {
	var b strings.Builder
	var data []string
	for _, l := range lines {
		m := globl32.FindStringSubmatch(l)
		if m == nil {
			if dataLine.MatchString(l) {
				data = append(data, l)
			}
			b.WriteString(l + "\n")
			continue
		}
		for _, d := range data {
			dm := dataLine.FindStringSubmatch(d)
			off, _ := strconv.Atoi(dm[2])
			fmt.Fprintf(&b, "DATA %s+%d(SB)/%s, %s\n", dm[1], off+32, dm[3], dm[4])
		}
		fmt.Fprintf(&b, "GLOBL %s(SB), %s, $64\n", m[1], m[2])
	}
	return b.String()
}

// widen converts one line.
func widen(l string) string {
	if m := textRe.FindStringSubmatch(l); m != nil {
		l = strings.Replace(l, m[1], strings.Replace(m[1], "AVX2", "AVX512", 1), 1)
	}
	if strings.HasPrefix(l, "// func ") {
		l = strings.Replace(l, "AVX2", "AVX512", 1)
	}
	l = yReg.ReplaceAllString(l, "Z$1")
	l = permPD.ReplaceAllString(l, "VPERMILPD $$0x55,")
	return l
}

func commentLines(lines []string) []string {
	n := 0
	for n < len(lines) && strings.HasPrefix(lines[n], "//") {
		n++
	}
	return lines[:n]
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
