package dicomio

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"math/big"
	"strconv"
)

// implementationClassUID identifies this writer in the File Meta Information
// (a UUID-derived UID, made once for Larmor).
const implementationClassUID = "2.25.16792208528827001459464132723264467539"

// implementationVersionName is the File Meta Implementation Version Name.
const implementationVersionName = "LARMOR_DICOMIO_1"

// maxRootLen is the longest UIDRoot accepted: it leaves at least 23 decimal
// digits (more than 76 bits) for the hash part of a 64-character UID.
const maxRootLen = 40

// uidHash builds the name from which a UID is derived: a SHA-256 over
// length-prefixed fields, so that different field lists never collide by
// concatenation.
type uidHash struct{ h hash.Hash }

func newUIDHash(kind string) *uidHash {
	u := &uidHash{h: sha256.New()}
	u.str("larmor/dicomio " + kind)
	return u
}

func (u *uidHash) str(s string) *uidHash {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	u.h.Write(n[:])
	u.h.Write([]byte(s))
	return u
}

func (u *uidHash) int(v int64) *uidHash { return u.str(strconv.FormatInt(v, 10)) }

// complexes hashes the length and little-endian bytes of d.
func (u *uidHash) complexes(d []complex64) *uidHash {
	var buf [4096]byte
	binary.LittleEndian.PutUint64(buf[:8], uint64(len(d)))
	u.h.Write(buf[:8])
	for len(d) > 0 {
		n := min(len(d), len(buf)/8)
		for i, v := range d[:n] {
			binary.LittleEndian.PutUint32(buf[8*i:], math.Float32bits(real(v)))
			binary.LittleEndian.PutUint32(buf[8*i+4:], math.Float32bits(imag(v)))
		}
		u.h.Write(buf[:8*n])
		d = d[n:]
	}
	return u
}

// uid returns the UID named by the hashed fields. With an empty root it is
// "2.25." followed by the decimal value of a name-based UUID (RFC 9562
// version 8, from the first 128 bits of the SHA-256), as ISO/IEC 9834-8 and
// DICOM PS3.5 B.2 allow without a registered root. With a root, it is root
// followed by "." and as many decimal digits of the hash as fit in 64
// characters.
func (u *uidHash) uid(root string) string {
	sum := u.h.Sum(nil)
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x80 // version 8
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	n := new(big.Int).SetBytes(b).String()
	if root == "" {
		return "2.25." + n
	}
	if room := 64 - len(root) - 1; len(n) > room {
		n = n[:room] // the leading digit of n is never 0
	}
	return root + "." + n
}
