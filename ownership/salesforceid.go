package ownership

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
)

// SalesforceID is one Salesforce record ID in canonical form.
//
// Salesforce writes an ID in two forms: 15 characters, case-sensitive, and
// 18 characters, case-insensitive (the 15 plus a three-character checksum of
// their letter case). Both forms of one record parse to the same
// SalesforceID, so == is the right comparison and a SalesforceID is the right
// map key: 00558000001N0Ke, 00558000001N0KeAAK and 00558000001n0keaak are
// equal.
//
// A SalesforceID is a small comparable value (two machine words, no pointers);
// copying it is cheap and it never allocates. The zero value is "no ID":
// IsZero reports it, and it is never the result of a successful parse.
type SalesforceID struct {
	// hi packs characters 0..9 and lo characters 10..14 of the canonical
	// 15-character form, six bits each, as codes 1..62 (0 is "no character").
	hi, lo uint64
}

// ErrInvalidSalesforceID is matched, with errors.Is, by every error that
// ParseSalesforceID returns.
var ErrInvalidSalesforceID = errors.New("invalid Salesforce ID")

// IDProblem says what is wrong with a malformed Salesforce ID.
type IDProblem uint8

// The problems ParseSalesforceID reports. Their values are stable.
const (
	// BadLength: the input is not 15 or 18 characters long.
	BadLength IDProblem = iota + 1
	// BadCharacter: a character outside [0-9A-Za-z].
	BadCharacter
	// BadSuffix: an 18-character ID whose checksum suffix cannot belong to
	// any 15-character ID: a suffix character outside [A-Z0-5] (any case),
	// or a suffix that marks a digit as an uppercase letter.
	BadSuffix
)

// String returns a short lower-case description such as "bad length".
func (p IDProblem) String() string {
	switch p {
	case BadLength:
		return "bad length"
	case BadCharacter:
		return "bad character"
	case BadSuffix:
		return "impossible checksum suffix"
	}
	return "IDProblem(" + strconv.Itoa(int(p)) + ")"
}

// IDError describes a malformed Salesforce ID. It wraps
// ErrInvalidSalesforceID.
type IDError struct {
	// Input is the text that failed to parse, cut to its first 64 bytes.
	Input string
	// Problem says what is wrong.
	Problem IDProblem
	// Index is the byte offset of the offending character for BadCharacter
	// and BadSuffix, and the input's length for BadLength.
	Index int
}

// Error says what is wrong in one line, for example
// `invalid Salesforce ID "0055800": 7 characters, want 15 or 18`.
func (e *IDError) Error() string {
	var what string
	switch e.Problem {
	case BadLength:
		what = fmt.Sprintf("%d characters, want 15 or 18", e.Index)
	case BadCharacter:
		// The byte is quoted as a string, so a byte of a multi-byte UTF-8
		// sequence shows as "\xe9", not as the letter it would stand for.
		bad := "?"
		if e.Index >= 0 && e.Index < len(e.Input) {
			bad = e.Input[e.Index : e.Index+1]
		}
		what = fmt.Sprintf("character %d is %q; IDs use only 0-9, A-Z and a-z", e.Index+1, bad)
	case BadSuffix:
		what = fmt.Sprintf("the checksum suffix (characters 16-18) does not fit the first 15 characters (position %d)", e.Index+1)
	default:
		what = e.Problem.String()
	}
	return fmt.Sprintf("invalid Salesforce ID %q: %s", e.Input, what)
}

// Unwrap returns ErrInvalidSalesforceID.
func (e *IDError) Unwrap() error { return ErrInvalidSalesforceID }

func idError(input string, p IDProblem, index int) *IDError {
	if len(input) > 64 {
		input = input[:64]
	}
	if p == BadCharacter && index >= len(input) {
		p, index = BadLength, len(input)
	}
	return &IDError{Input: input, Problem: p, Index: index}
}

// charCode maps an ID character to its code 1..62; 0 marks any other byte.
// codeChar is the inverse.
//
// suffixIndex maps a suffix character (either case) to 1 + its index 0..31
// in the checksum alphabet; 0 marks any other byte.
var charCode, codeChar, suffixIndex = tables()

const (
	checksumAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	firstUpper       = 11 // code of 'A'
	firstLower       = 37 // code of 'a'
)

func tables() (charCode [256]uint8, codeChar [64]byte, suffixIndex [256]uint8) {
	n := uint8(1)
	for _, r := range [...][2]byte{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}} {
		for c := r[0]; c <= r[1]; c++ {
			charCode[c] = n
			codeChar[n] = c
			n++
		}
	}
	for i := 0; i < len(checksumAlphabet); i++ {
		c := checksumAlphabet[i]
		suffixIndex[c] = uint8(i + 1)
		if c >= 'A' && c <= 'Z' {
			suffixIndex[c+'a'-'A'] = uint8(i + 1)
		}
	}
	return charCode, codeChar, suffixIndex
}

// ParseSalesforceID parses a Salesforce ID in either form.
//
// A 15-character input is case-sensitive and is taken as written. An
// 18-character input is case-insensitive: the letter case of its first 15
// characters is restored from its checksum suffix, so any case-mangling of an
// 18-character ID parses to the same SalesforceID. The input is not trimmed.
//
// ParseSalesforceID never panics and does not allocate unless it fails; a
// malformed input returns the zero SalesforceID and an *IDError that wraps
// ErrInvalidSalesforceID.
func ParseSalesforceID(s string) (SalesforceID, error) {
	if id, ok := parseFast(s); ok {
		return id, nil
	}
	return SalesforceID{}, parseError(s)
}

// parseError returns the *IDError of an input parseFast rejected.
func parseError(s string) error {
	_, p, i := diagnose(s)
	return idError(s, p, i)
}

// MustParseSalesforceID is like ParseSalesforceID but panics if s is
// malformed. It is meant for constants in tests and examples.
func MustParseSalesforceID(s string) SalesforceID {
	id, err := ParseSalesforceID(s)
	if err != nil {
		panic("ownership.MustParseSalesforceID: " + err.Error())
	}
	return id
}

// parseFast is the allocation-free core of ParseSalesforceID: it packs a
// well-formed ID and reports ok, or reports !ok and leaves saying what is
// wrong to diagnose.
//
// It is the hot path of every resolution from text, so it works on eight
// characters at a time in a uint64 (SWAR: SIMD within a register), with no
// branch on the characters and no table lookup per character: the 15 are
// read as two overlapping 8-byte words (characters 0-7 and 7-14),
// classified and converted byte by byte in parallel, then packed by pack8.
// Every mask below has bit 7 set in the bytes of its class and no other
// bit; bad is non-zero when something is wrong. For valid bytes no
// arithmetic step carries or borrows across bytes; an invalid byte may, but
// then bad is set and the codes are discarded.
//
// fast_test.go pins parseFast to diagnose, the reference parser, on every
// single-byte change of many IDs, on every suffix and on random inputs.
func parseFast(s string) (SalesforceID, bool) {
	if len(s) != 15 && len(s) != 18 {
		return SalesforceID{}, false
	}
	// Each step is written out for both words, rather than called per
	// word: this is the hot path, and the calls showed.
	w0, w1 := load8(s[0:8]), load8(s[7:15])
	l0, l1 := w0&^msb, w1&^msb // bit 7 cleared: no carry leaves a byte
	a0, a1 := atLeast(l0, 'a'), atLeast(l1, 'a')
	digit0 := atLeast(l0, '0') &^ atLeast(l0, '9'+1)
	digit1 := atLeast(l1, '0') &^ atLeast(l1, '9'+1)
	upper0 := atLeast(l0, 'A') &^ atLeast(l0, 'Z'+1)
	upper1 := atLeast(l1, 'A') &^ atLeast(l1, 'Z'+1)
	letter0 := upper0 | a0&^atLeast(l0, 'z'+1)
	letter1 := upper1 | a1&^atLeast(l1, 'z'+1)
	notID0, notID1 := (digit0|letter0)^msb, (digit1|letter1)^msb
	bad := (w0|w1)&msb | notID0 | notID1
	var c0, c1 uint64
	if len(s) == 15 {
		// Case-sensitive: digits 0x30.. to 1..10, uppercase 0x41.. to
		// 11..36, lowercase 0x61.. to 37..62 (offsets 0x2F, 0x2F+7 and
		// 0x2F+7+6; every byte at least 'A' is a letter or bad).
		c0 = l0 - 0x2F*lsb - 7*((upper0|a0)>>7) - 6*(a0>>7)
		c1 = l1 - 0x2F*lsb - 7*((upper1|a1)>>7) - 6*(a1>>7)
	} else {
		// The case is given, not read: the suffix gives one bit per
		// character, 1 for uppercase, spread to bit 7 of its byte. A
		// letter's code is that of its uppercase form (lowercase folded by
		// subtracting 0x20), plus 26 when the suffix marks it lowercase; a
		// digit marked uppercase is an impossible suffix. A suffix
		// character outside the checksum alphabet has index 0, whose -1
		// wraps to 0xFF and sets bit 7 of bad.
		x0, x1, x2 := suffixIndex[s[15]], suffixIndex[s[16]], suffixIndex[s[17]]
		up := uint(x0-1) | uint(x1-1)<<5 | uint(x2-1)<<10
		u0, u1 := caseSpread[up&0xFF], caseSpread[up>>7&0xFF]
		bad |= uint64((x0-1)|(x1-1)|(x2-1))&0x80 | digit0&u0 | digit1&u1
		c0 = l0 - 0x20*(a0>>7) - 0x2F*lsb - 7*(letter0>>7) + 26*((letter0&^u0)>>7)
		c1 = l1 - 0x20*(a1>>7) - 0x2F*lsb - 7*(letter1>>7) + 26*((letter1&^u1)>>7)
	}
	if bad != 0 {
		return SalesforceID{}, false
	}
	p0, p1 := pack8(c0), pack8(c1)
	// p0 holds characters 0-7 in 48 bits, p1 characters 7-14.
	return SalesforceID{hi: p0<<12 | p1>>30&0xFFF, lo: p1 & (1<<30 - 1)}, true
}

const (
	lsb = 0x0101010101010101 // 1 in every byte
	msb = 0x8080808080808080 // bit 7 of every byte
)

// load8 returns the 8 bytes of s, the first in the most significant byte.
// The compiler turns it into one load and a byte swap.
func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0])<<56 | uint64(s[1])<<48 | uint64(s[2])<<40 | uint64(s[3])<<32 |
		uint64(s[4])<<24 | uint64(s[5])<<16 | uint64(s[6])<<8 | uint64(s[7])
}

// atLeast returns the mask of the bytes of low (each below 0x80) that are
// at least c: bit 7 set in those bytes, no other bit. Adding 0x80-c carries
// into bit 7 exactly then, and never out of the byte.
func atLeast(low uint64, c uint8) uint64 { return (low + uint64(0x80-c)*lsb) & msb }

// pack8 packs the low six bits of each byte of x, first byte first, into
// the low 48 bits of the result.
func pack8(x uint64) uint64 {
	x = x&0xFF00FF00FF00FF00>>2 | x&0x00FF00FF00FF00FF
	x = x&0xFFFF0000FFFF0000>>4 | x&0x0000FFFF0000FFFF
	return x&0xFFFFFFFF00000000>>8 | x&0x00000000FFFFFFFF
}

// caseSpread maps eight case bits (bit j for the j-th of eight characters)
// to a mask with bit 7 set in the byte of each character whose bit is
// set, the first character in the most significant byte.
var caseSpread = func() (t [256]uint64) {
	for m := range t {
		for j := range 8 {
			if m>>j&1 == 1 {
				t[m] |= 0x80 << (8 * (7 - j))
			}
		}
	}
	return t
}()

// diagnose is the reference parser: simple, one character at a time, and
// precise about the first problem. ParseSalesforceID uses it for the inputs
// parseFast rejects.
func diagnose(s string) (SalesforceID, IDProblem, int) {
	var codes [15]uint8
	switch len(s) {
	case 15:
		for i := 0; i < 15; i++ {
			c := charCode[s[i]]
			if c == 0 {
				return SalesforceID{}, BadCharacter, i
			}
			codes[i] = c
		}
	case 18:
		var bits [3]uint8
		for k := 0; k < 3; k++ {
			x := suffixIndex[s[15+k]]
			if x == 0 {
				if charCode[s[15+k]] == 0 {
					return SalesforceID{}, BadCharacter, 15 + k
				}
				return SalesforceID{}, BadSuffix, 15 + k
			}
			bits[k] = x - 1
		}
		for i := 0; i < 15; i++ {
			c := charCode[s[i]]
			if c == 0 {
				return SalesforceID{}, BadCharacter, i
			}
			upper := bits[i/5]>>(i%5)&1 == 1
			switch {
			case c < firstUpper: // digit
				if upper {
					return SalesforceID{}, BadSuffix, 15 + i/5
				}
			case c < firstLower: // uppercase letter
				if !upper {
					c += firstLower - firstUpper
				}
			default: // lowercase letter
				if upper {
					c -= firstLower - firstUpper
				}
			}
			codes[i] = c
		}
	default:
		return SalesforceID{}, BadLength, len(s)
	}
	var id SalesforceID
	for i := 0; i < 10; i++ {
		id.hi = id.hi<<6 | uint64(codes[i])
	}
	for i := 10; i < 15; i++ {
		id.lo = id.lo<<6 | uint64(codes[i])
	}
	return id, 0, 0
}

// code returns the code of canonical character i (0..14).
func (id SalesforceID) code(i int) uint8 {
	if i < 10 {
		return uint8(id.hi >> (6 * (9 - i)) & 63)
	}
	return uint8(id.lo >> (6 * (14 - i)) & 63)
}

// Equal reports whether id and other are the same record, as == does. It
// exists so that comparison libraries that look for an Equal method (such as
// github.com/google/go-cmp) can compare values holding a SalesforceID, whose
// fields are unexported.
func (id SalesforceID) Equal(other SalesforceID) bool { return id == other }

// Words returns the two machine words id is made of, for indexes that hash
// IDs themselves: two IDs are equal exactly when their words are, and the
// zero SalesforceID is (0, 0). The words are a function of the canonical
// ID, stable for the life of a process; their meaning is not part of the
// API and may change between releases, so do not store them.
func (id SalesforceID) Words() (hi, lo uint64) { return id.hi, id.lo }

// IsZero reports whether id is the zero SalesforceID ("no ID").
func (id SalesforceID) IsZero() bool { return id == SalesforceID{} }

// appendForm appends the 15 case-sensitive characters and, if long, the
// checksum suffix.
func (id SalesforceID) appendForm(b []byte, long bool) []byte {
	if id.IsZero() {
		return b
	}
	// The inverse of parseFast: characters 0-7 and 7-14 unpacked into a
	// word each, one code per byte, and converted to characters together.
	// A valid ID has codes 1..62 only; the zero ID was handled above.
	c0 := unpack8(id.hi >> 12)
	c1 := unpack8(id.hi&0xFFF<<30 | id.lo | (id.hi>>12&0x3F)<<42)
	ge11a, ge37a := atLeast(c0, firstUpper), atLeast(c0, firstLower)
	ge11b, ge37b := atLeast(c1, firstUpper), atLeast(c1, firstLower)
	var buf [18]byte
	binary.BigEndian.PutUint64(buf[0:8], c0+0x2F*lsb+7*(ge11a>>7)+6*(ge37a>>7))
	binary.BigEndian.PutUint64(buf[7:15], c1+0x2F*lsb+7*(ge11b>>7)+6*(ge37b>>7))
	if !long {
		return append(b, buf[:15]...)
	}
	// The checksum: one bit per uppercase character, 1..15, five to a
	// suffix character.
	upper := gather8(ge11a&^ge37a) | (gather8(ge11b&^ge37b)&^1)<<7
	buf[15] = checksumAlphabet[upper&31]
	buf[16] = checksumAlphabet[upper>>5&31]
	buf[17] = checksumAlphabet[upper>>10&31]
	return append(b, buf[:]...)
}

// unpack8 is the inverse of pack8: the eight 6-bit fields of the low 48
// bits of x, first field first, one per byte.
func unpack8(x uint64) uint64 {
	x = x&0xFFFFFF000000<<8 | x&0xFFFFFF
	x = x&0x00FFF00000FFF000<<4 | x&0x00000FFF00000FFF
	return x&0x0FC00FC00FC00FC0<<2 | x&0x003F003F003F003F
}

// gather8 returns the bits 7 of the bytes of mask (which has no other bit
// set) as one byte: bit j for the j-th byte from the most significant. The
// multiplication moves each bit to its place in the top byte, where no two
// partial products meet.
func gather8(mask uint64) uint {
	return uint((mask >> 7) * 0x8040201008040201 >> 56)
}

// String returns the canonical 18-character form, with the letter case of
// the first 15 characters as Salesforce writes it and an uppercase suffix;
// the zero SalesforceID returns "".
func (id SalesforceID) String() string {
	var buf [18]byte
	return string(id.appendForm(buf[:0], true))
}

// Short returns the 15-character, case-sensitive form; the zero SalesforceID
// returns "".
func (id SalesforceID) Short() string {
	var buf [15]byte
	return string(id.appendForm(buf[:0], false))
}

// AppendText appends the canonical 18-character form to b. It implements
// encoding.TextAppender.
func (id SalesforceID) AppendText(b []byte) ([]byte, error) {
	return id.appendForm(b, true), nil
}

// MarshalText returns the canonical 18-character form. The zero
// SalesforceID marshals as the empty string.
func (id SalesforceID) MarshalText() ([]byte, error) {
	return id.appendForm(make([]byte, 0, 18), true), nil
}

// UnmarshalText parses either form, as ParseSalesforceID does. Empty text
// yields the zero SalesforceID.
func (id *SalesforceID) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*id = SalesforceID{}
		return nil
	}
	v, err := ParseSalesforceID(string(text))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// KeyPrefix returns the first three characters, which name the record's
// object type (005 User, 00G Group, 003 Contact, ...). Key prefixes are
// case-sensitive: 00E and 00e are different objects.
func (id SalesforceID) KeyPrefix() string {
	if id.IsZero() {
		return ""
	}
	return string([]byte{codeChar[id.code(0)], codeChar[id.code(1)], codeChar[id.code(2)]})
}

// prefixKey is the top 18 bits of hi: the codes of the three prefix
// characters.
func (id SalesforceID) prefixKey() uint64 { return id.hi >> 42 }

var (
	userPrefix  = MustParseSalesforceID("005000000000000").prefixKey()
	queuePrefix = MustParseSalesforceID("00G000000000000").prefixKey()
)

// OwnerKind tells which kind of Salesforce owner an ID names.
type OwnerKind uint8

// The kinds of owner. The zero value, NotAnOwner, is what every ID whose key
// prefix is not 005 or 00G has, and what the zero SalesforceID has.
const (
	// NotAnOwner: the ID names something that cannot own records (a Contact
	// 003, an Account 001, ...).
	NotAnOwner OwnerKind = iota
	// UserOwner: a User (key prefix 005).
	UserOwner
	// QueueOwner: a queue, which Salesforce stores as a Group (key prefix 00G).
	QueueOwner
)

// String returns "user", "queue" or "not an owner".
func (k OwnerKind) String() string {
	switch k {
	case UserOwner:
		return "user"
	case QueueOwner:
		return "queue"
	case NotAnOwner:
		return "not an owner"
	}
	return "OwnerKind(" + strconv.Itoa(int(k)) + ")"
}

// OwnerKind tells User from Queue from not-an-owner by the key prefix. It
// does not consult Salesforce: a Group ID of a public group (not a queue)
// also reports QueueOwner, and only facts from the org can tell them apart.
func (id SalesforceID) OwnerKind() OwnerKind {
	switch id.prefixKey() {
	case userPrefix:
		return UserOwner
	case queuePrefix:
		return QueueOwner
	}
	return NotAnOwner
}

// Compare returns -1, 0 or +1 as id sorts before, equal to or after other.
// The order is that of the packed canonical characters (digits, then
// uppercase, then lowercase letters, position by position); it is total and
// stable across releases, and the zero SalesforceID sorts first.
func (id SalesforceID) Compare(other SalesforceID) int {
	switch {
	case id.hi < other.hi:
		return -1
	case id.hi > other.hi:
		return 1
	case id.lo < other.lo:
		return -1
	case id.lo > other.lo:
		return 1
	}
	return 0
}
