package ownership

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// These tests pin parseFast, the word-at-a-time parser on the hot path, to
// diagnose, the character-at-a-time reference parser: for every input,
// parseFast accepts exactly what diagnose accepts, with the same ID.

type parsed struct {
	OK     bool
	Hi, Lo uint64
}

func viaFast(s string) parsed {
	id, ok := parseFast(s)
	if !ok {
		return parsed{}
	}
	return parsed{OK: true, Hi: id.hi, Lo: id.lo}
}

func viaDiagnose(s string) parsed {
	id, p, _ := diagnose(s)
	if p != 0 {
		return parsed{}
	}
	return parsed{OK: true, Hi: id.hi, Lo: id.lo}
}

// fatalHelper is what requireSameParse needs of a *testing.T or *rapid.T.
type fatalHelper interface {
	Helper()
	Fatalf(format string, args ...any)
}

func requireSameParse(t fatalHelper, s string) {
	t.Helper()
	if diff := cmp.Diff(viaDiagnose(s), viaFast(s)); diff != "" {
		t.Fatalf("parseFast(%q) differs from diagnose (-diagnose +fast):\n%s", s, diff)
	}
}

// fastBases are well-formed IDs of both forms chosen to exercise every
// class boundary: all digits, all letters of either case, the first and
// last character of each range, and suffixes whose letters sit next to
// digits.
var fastBases = []string{
	"000000000000000", "zzzzzzzzzzzzzzz", "ZZZZZZZZZZZZZZZ", "AAAAAAAAAAAAAAA", "aaaaaaaaaaaaaaa",
	"0123456789AZaz9", "9zZaA0zZaA09zZa", "00558000001N0Ke", "00G5e000004DYrZ",
	"000000000000000AAA", "zzzzzzzzzzzzzzzAAA", "ZZZZZZZZZZZZZZZ555", "aZ0bY1cX2dW3eV4",
	"00558000001N0KeAAK", "00558000001n0keaak", "00G5E000004DyRzEAK", "AZaz0AZaz0AZaz0",
}

func init() {
	// The 18-character forms of the 15-character bases, in both letter
	// cases.
	for _, b := range fastBases[:] {
		if len(b) == 15 {
			long := MustParseSalesforceID(b).String()
			fastBases = append(fastBases, long, flipCase(long))
		}
	}
}

func flipCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b[i] = c ^ 0x20
		}
	}
	return string(b)
}

func TestParseFastAgreesWithDiagnoseOnEverySingleByteChange(t *testing.T) {
	for _, base := range fastBases {
		requireSameParse(t, base)
		for i := range len(base) {
			b := []byte(base)
			for c := range 256 {
				b[i] = byte(c)
				requireSameParse(t, string(b))
			}
		}
	}
}

func TestParseFastAgreesWithDiagnoseOnEverySuffix(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for _, base := range []string{"aZ0bY1cX2dW3eV4", "9Z9Z9Z9Z9Z9Z9Z9"} {
		for _, x := range alphabet {
			for _, y := range alphabet {
				for _, z := range alphabet {
					requireSameParse(t, base+string([]rune{x, y, z}))
				}
			}
		}
	}
}

func TestParseFastAgreesWithDiagnoseOnRandomInputs(t *testing.T) {
	// Mostly ID characters, with bytes from every other class (below '0',
	// between the ranges, above 'z', non-ASCII) mixed in.
	char := rapid.OneOf(
		rapid.SampledFrom([]byte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")),
		rapid.SampledFrom([]byte("/:@[`{\x00\x7f\x80\xff ")),
		rapid.Byte(),
	)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{15, 18, 15, 18, 0, 14, 16, 17, 19}).Draw(t, "len")
		valid := rapid.Bool().Draw(t, "mostly valid")
		b := make([]byte, n)
		for i := range b {
			if valid && rapid.IntRange(0, 9).Draw(t, "keep") > 0 {
				b[i] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"[rapid.IntRange(0, 61).Draw(t, "c")]
				continue
			}
			b[i] = char.Draw(t, "byte")
		}
		requireSameParse(t, string(b))
	})
}

func FuzzParseFastAgreesWithDiagnose(f *testing.F) {
	for _, b := range fastBases {
		f.Add(b)
	}
	f.Add("00558000001N0K\xe9")
	f.Add("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")
	f.Add("00558000001N0Ke{AK")
	f.Add("00558000001N0Ke6AK")
	f.Fuzz(func(t *testing.T, s string) { requireSameParse(t, s) })
}

// appendFormReference is the character-at-a-time renderer appendForm
// replaced, kept as the model.
func appendFormReference(id SalesforceID, long bool) string {
	if id.IsZero() {
		return ""
	}
	var b []byte
	var sum [3]uint8
	for i := 0; i < 15; i++ {
		c := id.code(i)
		if c >= firstUpper && c < firstLower {
			sum[i/5] |= 1 << (i % 5)
		}
		b = append(b, codeChar[c])
	}
	if long {
		for _, v := range sum {
			b = append(b, checksumAlphabet[v])
		}
	}
	return string(b)
}

func TestAppendFormAgreesWithTheReferenceOnEveryCharacterAtEveryPosition(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for _, base := range []string{"000000000000000", "zzzzzzzzzzzzzzz", "aZ0bY1cX2dW3eV4"} {
		for i := range 15 {
			b := []byte(base)
			for _, c := range []byte(alphabet) {
				b[i] = c
				id := MustParseSalesforceID(string(b))
				if got, want := id.String(), appendFormReference(id, true); got != want {
					t.Fatalf("String of %q = %q, want %q", b, got, want)
				}
				if got, want := id.Short(), appendFormReference(id, false); got != want {
					t.Fatalf("Short of %q = %q, want %q", b, got, want)
				}
			}
		}
	}
}

func TestAppendFormAgreesWithTheReferenceOnRandomIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := make([]byte, 15)
		for i := range b {
			b[i] = rapid.SampledFrom([]byte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")).Draw(t, "char")
		}
		id := MustParseSalesforceID(string(b))
		if got, want := id.String(), appendFormReference(id, true); got != want {
			t.Fatalf("String of %q = %q, want %q", b, got, want)
		}
		if got, want := id.Short(), appendFormReference(id, false); got != want {
			t.Fatalf("Short of %q = %q, want %q", b, got, want)
		}
	})
}
