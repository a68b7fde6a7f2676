package ownership_test

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/ownership/ownershiptest"
)

func TestPropertyShortToLongToShortRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		short := ownershiptest.SalesforceID15().Draw(t, "short")
		id, err := ownership.ParseSalesforceID(short)
		if err != nil {
			t.Fatalf("ParseSalesforceID(%q): %v", short, err)
		}
		long := id.String()
		if len(long) != 18 || long[:15] != short {
			t.Fatalf("String() = %q, want %q plus a 3-character suffix", long, short)
		}
		back, err := ownership.ParseSalesforceID(long)
		if err != nil {
			t.Fatalf("ParseSalesforceID(%q): %v", long, err)
		}
		if back.Short() != short || back != id {
			t.Fatalf("%q → %q → %q, want the 15 back", short, long, back.Short())
		}
	})
}

func TestPropertySuffixFollowsChecksumAlgorithm(t *testing.T) {
	// An independent reading of FACTS.md §1, to compare against.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
	rapid.Check(t, func(t *rapid.T) {
		short := ownershiptest.SalesforceID15().Draw(t, "short")
		var want strings.Builder
		for k := range 3 {
			v := 0
			for j := range 5 {
				if c := short[5*k+j]; c >= 'A' && c <= 'Z' {
					v += 1 << j
				}
			}
			want.WriteByte(alphabet[v])
		}
		if got := ownership.MustParseSalesforceID(short).String()[15:]; got != want.String() {
			t.Fatalf("suffix of %q = %q, want %q", short, got, want.String())
		}
	})
}

func TestPropertyCaseMangled18CanonicalizesBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := ownershiptest.SalesforceID().Draw(t, "id")
		mangled := ownershiptest.CaseMangle(id.String()).Draw(t, "mangled")
		got, err := ownership.ParseSalesforceID(mangled)
		if err != nil {
			t.Fatalf("ParseSalesforceID(%q): %v", mangled, err)
		}
		if got != id || got.String() != id.String() {
			t.Fatalf("%q canonicalized to %q, want %q", mangled, got, id)
		}
	})
}

func TestPropertyIDsEqualExactlyWhenCanonicalFormsAre(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Draw the second ID as a case variant of the first half the time,
		// so that equal and near-equal pairs are both common.
		a := ownershiptest.SalesforceID15().Draw(t, "a")
		var b string
		if rapid.Bool().Draw(t, "variant") {
			b = ownershiptest.CaseMangle(a).Draw(t, "b")
		} else {
			b = ownershiptest.SalesforceID15().Draw(t, "b")
		}
		x, y := ownership.MustParseSalesforceID(a), ownership.MustParseSalesforceID(b)
		if (x == y) != (x.String() == y.String()) {
			t.Fatalf("%q == %q is %v, but canonical forms %q and %q", a, b, x == y, x, y)
		}
		if (x == y) != (a == b) {
			t.Fatalf("15-character IDs %q and %q: equal %v; they are case-sensitive", a, b, x == y)
		}
	})
}

func TestPropertyCompareIsTotalOrderConsistentWithEquality(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.OneOf(ownershiptest.SalesforceID(), rapid.Just(ownership.SalesforceID{}))
		a, b, c := gen.Draw(t, "a"), gen.Draw(t, "b"), gen.Draw(t, "c")
		if (a.Compare(b) == 0) != (a == b) {
			t.Fatalf("Compare(%q, %q) = %d but == is %v", a, b, a.Compare(b), a == b)
		}
		if a.Compare(b) != -b.Compare(a) {
			t.Fatalf("Compare is not antisymmetric for %q, %q", a, b)
		}
		if a.Compare(b) <= 0 && b.Compare(c) <= 0 && a.Compare(c) > 0 {
			t.Fatalf("Compare is not transitive: %q <= %q <= %q but %q > %q", a, b, c, a, c)
		}
		if a.Compare(a) != 0 {
			t.Fatalf("Compare(%q, itself) != 0", a)
		}
		// The documented order: position by position, digits < upper < lower,
		// which is the byte order of the 15-character forms.
		want := strings.Compare(a.Short(), b.Short())
		if !a.IsZero() && !b.IsZero() && a.Compare(b) != want {
			t.Fatalf("Compare(%q, %q) = %d, want %d (character order)", a, b, a.Compare(b), want)
		}
	})
}

func TestPropertyOwnerKindOfGeneratedOwners(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		if k := ownershiptest.UserID().Draw(t, "user").OwnerKind(); k != ownership.UserOwner {
			t.Fatalf("UserID generated %v", k)
		}
		if k := ownershiptest.QueueID().Draw(t, "queue").OwnerKind(); k != ownership.QueueOwner {
			t.Fatalf("QueueID generated %v", k)
		}
		p := ownershiptest.Pair().Draw(t, "pair")
		if p.Salesforce.OwnerKind() == ownership.NotAnOwner || !p.Reply.Valid() {
			t.Fatalf("Pair generated an incomplete pair %v", p)
		}
		if d := ownershiptest.Direction().Draw(t, "dir"); !d.Valid() {
			t.Fatalf("Direction generated %v", d)
		}
	})
}
