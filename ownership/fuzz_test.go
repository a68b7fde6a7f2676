package ownership_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ownermap/ownermap/ownership"
)

// FuzzParseSalesforceID checks that parsing never panics, that every success
// is an ID whose two text forms parse back to it in any letter case of the
// 18, and that every failure matches ErrInvalidSalesforceID.
func FuzzParseSalesforceID(f *testing.F) {
	for _, v := range factsVectors {
		f.Add(v.short)
		f.Add(v.long)
		f.Add(strings.ToLower(v.long))
		f.Add(strings.ToUpper(v.long))
	}
	for _, s := range []string{
		"", "0", "005", "a0D30000001n7PiEAC", "00d000000000062eaa",
		"00558000001N0Ke6AK", "00558000001N0KeBAK", "00558000001N0KeAA!",
		"00558000001N0K\xe9", "0055800000 N0KeAAK", "00558000001N0KeAAK\x00",
		"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
		"ééééééééé", "000000000000000", "zzzzzzzzzzzzzzz555",
		strings.Repeat("A", 1000),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ownership.ParseSalesforceID(s)
		if err != nil {
			if !errors.Is(err, ownership.ErrInvalidSalesforceID) {
				t.Fatalf("ParseSalesforceID(%q) error %v does not match ErrInvalidSalesforceID", s, err)
			}
			var ie *ownership.IDError
			if !errors.As(err, &ie) || ie.Problem < ownership.BadLength || ie.Problem > ownership.BadSuffix {
				t.Fatalf("ParseSalesforceID(%q) error %#v is not an *IDError with a known problem", s, err)
			}
			if !id.IsZero() {
				t.Fatalf("ParseSalesforceID(%q) failed but returned %q", s, id)
			}
			return
		}
		if len(s) != 15 && len(s) != 18 {
			t.Fatalf("ParseSalesforceID(%q) accepted %d characters", s, len(s))
		}
		long, short := id.String(), id.Short()
		if len(long) != 18 || len(short) != 15 || long[:15] != short {
			t.Fatalf("forms of %q: %q and %q", s, long, short)
		}
		if len(s) == 15 && short != s {
			t.Fatalf("the 15-character %q came back as %q", s, short)
		}
		if len(s) == 18 && !strings.EqualFold(long, s) {
			t.Fatalf("the 18-character %q came back as %q", s, long)
		}
		for _, form := range []string{long, short, strings.ToLower(long), strings.ToUpper(long)} {
			again, err := ownership.ParseSalesforceID(form)
			if err != nil || again != id {
				t.Fatalf("ParseSalesforceID(%q) of %q = %q, %v; want %q", form, s, again, err, id)
			}
		}
	})
}
