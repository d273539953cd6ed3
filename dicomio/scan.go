package dicomio

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// Limits on what Read accepts. They bound the memory and stack a file can
// make the parser use: suyashkumar/dicom allocates each value's declared
// length before reading it and recurses once per nested sequence, so every
// length, the nesting depth and the element count are checked by scan
// before the file is handed to it.
const (
	// MaxFileSize is the largest file Read accepts [bytes].
	MaxFileSize = 1 << 30
	// maxDepth is the deepest sequence nesting accepted (real MR headers
	// nest three or four levels).
	maxDepth = 16
	// maxElements is the most data elements, items and delimiters accepted
	// (a vendor MR header has a few thousand).
	maxElements = 1 << 17
)

const undefinedLength = 0xFFFFFFFF

// scanError is a structural problem found by scan at a byte offset.
type scanError struct {
	off  int
	attr string
	err  error
}

func (e *scanError) Error() string { return e.err.Error() }

// scanner walks the element structure of a DICOM Part 10 file without
// decoding values, with the grammar of PS3.5 chapter 7, restricted where
// suyashkumar/dicom v1.1.0 reads differently (see the comments).
type scanner struct {
	data     []byte
	implicit bool
	count    int
}

// scan checks that data is a DICOM Part 10 file in Explicit or Implicit VR
// Little Endian whose every element lies within the file, and that
// sequences nest at most maxDepth deep with at most maxElements elements in
// all. It returns the transfer syntax UID.
func scan(data []byte) (string, error) {
	s := &scanner{data: data}
	if len(data) < 132 || string(data[128:132]) != "DICM" {
		return "", &scanError{off: 0, err: fmt.Errorf("no DICM prefix at byte 128: not a DICOM Part 10 file")}
	}
	p := 132
	// File Meta Information Group Length, explicit VR little endian.
	if len(data)-p < 12 || s.u16(p) != 0x0002 || s.u16(p+2) != 0x0000 || string(data[p+4:p+6]) != "UL" || s.u16(p+6) != 4 {
		return "", &scanError{off: p, attr: "(0002,0000) FileMetaInformationGroupLength", err: fmt.Errorf("missing or malformed")}
	}
	metaLen := int64(s.u32(p + 8))
	p += 12
	if metaLen > int64(len(data)-p) {
		return "", &scanError{off: p - 12, attr: "(0002,0000) FileMetaInformationGroupLength", err: fmt.Errorf("group length %d exceeds the %d bytes left", metaLen, len(data)-p)}
	}
	end := p + int(metaLen)
	ts := ""
	for p < end {
		start := p
		if err := s.counted(p); err != nil {
			return "", err
		}
		if end-p < 8 {
			return "", &scanError{off: p, err: fmt.Errorf("truncated File Meta Information")}
		}
		t := tag.Tag{Group: s.u16(p), Element: s.u16(p + 2)}
		if t.Group != 0x0002 {
			return "", &scanError{off: p, attr: attrName(t), err: fmt.Errorf("element of group %04X inside the File Meta Information", t.Group)}
		}
		vr, vl, hdr, err := s.header(p, end, t)
		if err != nil {
			return "", err
		}
		p += hdr
		if vl == undefinedLength || vr == "SQ" {
			return "", &scanError{off: start, attr: attrName(t), err: fmt.Errorf("sequence or undefined length in the File Meta Information")}
		}
		if int64(vl) > int64(end-p) {
			return "", s.overrun(start, t, vl, end-p)
		}
		if t == tag.TransferSyntaxUID {
			if vr != "UI" {
				return "", &scanError{off: start, attr: attrName(t), err: fmt.Errorf("VR %s, want UI", vr)}
			}
			ts = strings.TrimRight(string(data[p:p+int(vl)]), "\x00 ")
		}
		p += int(vl)
	}
	switch ts {
	case explicitVRLittleEndian:
	case implicitVRLittleEndian:
		s.implicit = true
	case "":
		return "", &scanError{off: 132, attr: "(0002,0010) TransferSyntaxUID", err: fmt.Errorf("missing")}
	default:
		return "", &scanError{off: 132, attr: "(0002,0010) TransferSyntaxUID", err: fmt.Errorf("%w: transfer syntax %q (only uncompressed Explicit and Implicit VR Little Endian are read)", ErrUnsupported, ts)}
	}
	if _, err := s.elements(p, len(data), 0, false); err != nil {
		return "", err
	}
	return ts, nil
}

func (s *scanner) u16(p int) uint16 { return binary.LittleEndian.Uint16(s.data[p:]) }
func (s *scanner) u32(p int) uint32 { return binary.LittleEndian.Uint32(s.data[p:]) }

// counted counts one more element and fails past maxElements.
func (s *scanner) counted(p int) error {
	s.count++
	if s.count > maxElements {
		return &scanError{off: p, err: fmt.Errorf("%w: more than %d data elements", ErrUnsupported, maxElements)}
	}
	return nil
}

func (s *scanner) overrun(off int, t tag.Tag, vl uint32, left int) error {
	return &scanError{off: off, attr: attrName(t), err: fmt.Errorf("value length %d exceeds the %d bytes left", vl, left)}
}

// isVR reports whether vr is one of the value representations of PS3.5 6.2.
func isVR(vr string) bool {
	switch vr {
	case "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD",
		"OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI",
		"UL", "UN", "UR", "US", "UT", "UV":
		return true
	}
	return false
}

// header reads the VR and value length of the element at p, whose tag is t,
// and returns them with the header size.
func (s *scanner) header(p, end int, t tag.Tag) (vr string, vl uint32, hdr int, err error) {
	if end-p < 8 {
		return "", 0, 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("truncated element header")}
	}
	if s.implicit {
		// The dictionary VR, as suyashkumar/dicom's implicit reader uses.
		vr = "UN"
		if t == tag.PixelData || t == tag.OverlayData {
			vr = "OW"
		} else if t.Group%2 == 0 { // the dictionary has no private (odd) groups
			if info, err := tag.Find(t); err == nil {
				vr = info.VRs[0]
			}
		}
		return vr, s.u32(p + 4), 8, nil
	}
	vr = string(s.data[p+4 : p+6])
	if !isVR(vr) {
		return "", 0, 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("unknown VR %q", vr)}
	}
	switch vr {
	case "OV", "SV", "UV":
		// 64-bit VRs have a 32-bit length in PS3.5 but suyashkumar/dicom
		// v1.1.0 reads a 16-bit one, so it would misparse the rest.
		return "", 0, 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("%w: VR %s", ErrUnsupported, vr)}
	case "OB", "OD", "OF", "OL", "OW", "SQ", "UC", "UN", "UR", "UT":
		if end-p < 12 {
			return "", 0, 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("truncated element header")}
		}
		return vr, s.u32(p + 8), 12, nil
	}
	vl = uint32(s.u16(p + 6))
	if vl == 0xFFFF {
		// Odd, so invalid, and suyashkumar/dicom takes it for undefined length.
		return "", 0, 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("odd value length 65535")}
	}
	return vr, vl, 8, nil
}

// elements scans the data elements from p up to end or, when delim is set,
// up to and including an Item Delimitation Item, and returns the position
// after them. depth is the number of enclosing sequences.
func (s *scanner) elements(p, end, depth int, delim bool) (int, error) {
	for p < end {
		start := p
		if err := s.counted(p); err != nil {
			return 0, err
		}
		if end-p < 8 {
			return 0, &scanError{off: p, err: fmt.Errorf("truncated element header")}
		}
		t := tag.Tag{Group: s.u16(p), Element: s.u16(p + 2)}
		if t.Group == 0xFFFE {
			if delim && t == tag.ItemDelimitationItem {
				if s.u32(p+4) != 0 {
					return 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("item delimiter with non-zero length")}
				}
				return p + 8, nil
			}
			return 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("item or delimiter outside a sequence")}
		}
		if depth == 0 && t == tag.SpecificCharacterSet && !s.implicit && string(s.data[p+4:p+6]) != "CS" {
			return 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("VR %q, want CS", s.data[p+4:p+6])}
		}
		vr, vl, hdr, err := s.header(p, end, t)
		if err != nil {
			return 0, err
		}
		p += hdr
		kind := tag.GetVRKind(t, vr)
		if vl == undefinedLength {
			switch {
			case kind == tag.VRSequence, kind == tag.VRUnknown && s.implicit:
				if p, err = s.sequence(p, end, depth+1, false); err != nil {
					return 0, err
				}
				continue
			case t == tag.PixelData:
				return 0, &scanError{off: start, attr: attrName(t), err: fmt.Errorf("%w: encapsulated (compressed) pixel data", ErrUnsupported)}
			default:
				// UN of undefined length holds implicit VR data in PS3.5,
				// which suyashkumar/dicom reads as explicit.
				return 0, &scanError{off: start, attr: attrName(t), err: fmt.Errorf("%w: undefined length for VR %s", ErrUnsupported, vr)}
			}
		}
		if int64(vl) > int64(end-p) {
			return 0, s.overrun(start, t, vl, end-p)
		}
		if vl%2 != 0 {
			return 0, &scanError{off: start, attr: attrName(t), err: fmt.Errorf("odd value length %d", vl)}
		}
		if t == tag.PixelData && !s.implicit && vr != "OB" && vr != "OW" {
			return 0, &scanError{off: start, attr: attrName(t), err: fmt.Errorf("VR %s, want OB or OW", vr)}
		}
		if kind == tag.VRSequence {
			q, err := s.sequence(p, p+int(vl), depth+1, true)
			if err != nil {
				return 0, err
			}
			p = q
			continue
		}
		p += int(vl)
	}
	if delim {
		return 0, &scanError{off: p, err: fmt.Errorf("item without a delimiter")}
	}
	return p, nil
}

// sequence scans the items of a sequence from p: up to end when defined is
// set, otherwise up to and including a Sequence Delimitation Item within end.
func (s *scanner) sequence(p, end, depth int, defined bool) (int, error) {
	if depth > maxDepth {
		return 0, &scanError{off: p, err: fmt.Errorf("%w: sequences nested more than %d deep", ErrUnsupported, maxDepth)}
	}
	for {
		if defined && p == end {
			return p, nil
		}
		if err := s.counted(p); err != nil {
			return 0, err
		}
		if end-p < 8 {
			return 0, &scanError{off: p, err: fmt.Errorf("truncated sequence")}
		}
		t := tag.Tag{Group: s.u16(p), Element: s.u16(p + 2)}
		vl := s.u32(p + 4)
		switch {
		case t == tag.SequenceDelimitationItem && !defined:
			if vl != 0 {
				return 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("sequence delimiter with non-zero length")}
			}
			return p + 8, nil
		case t == tag.Item && vl == undefinedLength:
			q, err := s.elements(p+8, end, depth, true)
			if err != nil {
				return 0, err
			}
			p = q
		case t == tag.Item:
			if int64(vl) > int64(end-p-8) {
				return 0, s.overrun(p, t, vl, end-p-8)
			}
			q, err := s.elements(p+8, p+8+int(vl), depth, false)
			if err != nil {
				return 0, err
			}
			p = q
		default:
			return 0, &scanError{off: p, attr: attrName(t), err: fmt.Errorf("expected an item in a sequence")}
		}
	}
}

// attrName names a tag for messages: "(0028,0010) Rows".
func attrName(t tag.Tag) string {
	s := fmt.Sprintf("(%04X,%04X)", t.Group, t.Element)
	if info, err := tag.Find(t); err == nil {
		s += " " + info.Keyword
	}
	return s
}
