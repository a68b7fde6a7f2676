package ownership_test

import (
	"encoding"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
)

// factsVectors are the published 15 → 18 test vectors of FACTS.md §1.
var factsVectors = []struct{ name, short, long string }{
	{"gammone worked example", "a0D30000001n7Pi", "a0D30000001n7PiEAI"},
	{"sigmavirus24 contact", "003D0000001aH2A", "003D0000001aH2AIAU"},
	{"sigmavirus24 organization", "00D000000000062", "00D000000000062EAA"},
	{"sigmavirus24 custom prefix", "0A3D0000001aH2A", "0A3D0000001aH2AKAU"},
	{"codegolf account", "001M000000qfPyS", "001M000000qfPySIAU"},
	{"codegolf custom object", "a0RE000000IJmcN", "a0RE000000IJmcNMAT"},
	{"ruby-toolbox contact", "003G000001SUbc4", "003G000001SUbc4IAD"},
	{"amureki user", "00558000001N0Ke", "00558000001N0KeAAK"},
	{"no uppercase", "0055800000abcde", "0055800000abcdeAAA"},
	{"all uppercase", "ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNO555"},
}

func TestParseSalesforceIDComputesPublishedSuffixFor15(t *testing.T) {
	for _, v := range factsVectors {
		t.Run(v.name, func(t *testing.T) {
			id, err := ownership.ParseSalesforceID(v.short)
			require.NoError(t, err)
			got := struct{ Long, Short string }{id.String(), id.Short()}
			want := struct{ Long, Short string }{v.long, v.short}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ParseSalesforceID(%q) (-want +got):\n%s", v.short, diff)
			}
		})
	}
}

func TestParseSalesforceIDTreatsBothFormsAsOneID(t *testing.T) {
	for _, v := range factsVectors {
		t.Run(v.name, func(t *testing.T) {
			short := ownership.MustParseSalesforceID(v.short)
			for _, s := range []string{v.long, strings.ToLower(v.long), strings.ToUpper(v.long)} {
				long, err := ownership.ParseSalesforceID(s)
				require.NoError(t, err, s)
				require.Equal(t, short, long, "%s and %s must be one ID", v.short, s)
				require.Zero(t, short.Compare(long))
				m := map[ownership.SalesforceID]int{short: 1}
				require.Equal(t, 1, m[long], "both forms must be one map key")
			}
		})
	}
}

func TestParseSalesforceIDRestoresCaseOfMangled18(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"00d000000000062eaa", "00D000000000062EAA"},
		{"a0d30000001n7pieai", "a0D30000001n7PiEAI"},
		{"00558000001n0keaak", "00558000001N0KeAAK"},
		{"A0D30000001N7PIeai", "a0D30000001n7PiEAI"},
		{"0055800000ABCDEaaa", "0055800000abcdeAAA"},
		{"abcdefghijklmno555", "ABCDEFGHIJKLMNO555"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			id, err := ownership.ParseSalesforceID(tc.in)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, id.String()); diff != "" {
				t.Errorf("canonical form (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSalesforceIDRejectsMiscomputedSuffixOfJbaylorGist(t *testing.T) {
	// gist jbaylor-rpx/2691624 claims a0D30000001n7Pi → a0D30000001n7PiEAC.
	good := ownership.MustParseSalesforceID("a0D30000001n7Pi")
	require.NotEqual(t, "a0D30000001n7PiEAC", good.String())
	// The suffix is well-formed, so it parses, but C (bit 1 of chunk 2)
	// restores another letter case: a different record.
	bad, err := ownership.ParseSalesforceID("a0D30000001n7PiEAC")
	require.NoError(t, err)
	require.NotEqual(t, good, bad, "the wrong EAC suffix must not match a0D30000001n7Pi")
	require.Equal(t, "a0D30000001N7piEAC", bad.String())
}

func TestParseSalesforceIDReportsProblemAndIndex(t *testing.T) {
	type report struct {
		Problem ownership.IDProblem
		Index   int
	}
	for _, tc := range []struct {
		name string
		in   string
		want report
	}{
		{"empty", "", report{ownership.BadLength, 0}},
		{"too short", "0055800", report{ownership.BadLength, 7}},
		{"sixteen", "00558000001N0KeA", report{ownership.BadLength, 16}},
		{"seventeen", "00558000001N0KeAA", report{ownership.BadLength, 17}},
		{"nineteen", "00558000001N0KeAAKx", report{ownership.BadLength, 19}},
		{"fifteen with padding", " 0558000001N0Ke", report{ownership.BadCharacter, 0}},
		{"fifteen with dash", "00558000-01N0Ke", report{ownership.BadCharacter, 8}},
		{"fifteen with non-ascii byte", "00558000001N0K\xe9", report{ownership.BadCharacter, 14}},
		{"eighteen with space in body", "0055800000 N0KeAAK", report{ownership.BadCharacter, 10}},
		{"eighteen with bad suffix character", "00558000001N0KeAA!", report{ownership.BadCharacter, 17}},
		{"suffix digit 6", "00558000001N0Ke6AK", report{ownership.BadSuffix, 15}},
		{"suffix digit 9", "00558000001N0KeA9K", report{ownership.BadSuffix, 16}},
		{"suffix digit 7 lower", "00558000001n0keaa7", report{ownership.BadSuffix, 17}},
		// B (bit 0) marks character 0, a digit, as uppercase.
		{"suffix marks digit uppercase, chunk 0", "00558000001N0KeBAK", report{ownership.BadSuffix, 15}},
		// C (bit 1) on chunk 1 marks character 6, '0', as uppercase.
		{"suffix marks digit uppercase, chunk 1", "00558000001N0KeACK", report{ownership.BadSuffix, 16}},
		// 5 (all bits) on chunk 2 marks character 10, '1', as uppercase.
		{"suffix marks digit uppercase, chunk 2", "00558000001N0KeAA5", report{ownership.BadSuffix, 17}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, err := ownership.ParseSalesforceID(tc.in)
			require.Error(t, err)
			require.True(t, id.IsZero(), "a failed parse returns the zero ID")
			require.ErrorIs(t, err, ownership.ErrInvalidSalesforceID)
			var ie *ownership.IDError
			require.ErrorAs(t, err, &ie)
			if diff := cmp.Diff(tc.want, report{ie.Problem, ie.Index}); diff != "" {
				t.Errorf("ParseSalesforceID(%q) (-want +got):\n%s", tc.in, diff)
			}
			require.Equal(t, tc.in, ie.Input)
			require.Contains(t, err.Error(), strconv.Quote(ie.Input), "the message quotes the input")
		})
	}
}

func TestIDErrorCutsLongInputTo64Bytes(t *testing.T) {
	in := strings.Repeat("0", 100)
	_, err := ownership.ParseSalesforceID(in)
	var ie *ownership.IDError
	require.ErrorAs(t, err, &ie)
	require.Equal(t, in[:64], ie.Input)
	require.Equal(t, ownership.BadLength, ie.Problem)
	require.Equal(t, 100, ie.Index, "Index is the full input's length")
}

func TestIDErrorMessagesDifferByProblem(t *testing.T) {
	msgs := map[string]ownership.IDProblem{}
	for _, in := range []string{"0055", "0055800000-N0Ke", "00558000001N0Ke6AK"} {
		_, err := ownership.ParseSalesforceID(in)
		var ie *ownership.IDError
		require.ErrorAs(t, err, &ie)
		msgs[err.Error()] = ie.Problem
	}
	require.Len(t, msgs, 3)
	unknown := &ownership.IDError{Input: "x", Problem: ownership.IDProblem(9)}
	require.Contains(t, unknown.Error(), "IDProblem(9)")
	require.True(t, errors.Is(unknown, ownership.ErrInvalidSalesforceID))
}

func TestIDProblemStringsAreDistinctAndStable(t *testing.T) {
	got := []string{ownership.BadLength.String(), ownership.BadCharacter.String(), ownership.BadSuffix.String(), ownership.IDProblem(0).String()}
	want := []string{"bad length", "bad character", "impossible checksum suffix", "IDProblem(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMustParseSalesforceIDPanicsOnMalformedInput(t *testing.T) {
	require.PanicsWithValue(t, `ownership.MustParseSalesforceID: invalid Salesforce ID "005": 3 characters, want 15 or 18`, func() {
		ownership.MustParseSalesforceID("005")
	})
	require.NotPanics(t, func() { ownership.MustParseSalesforceID("00558000001N0Ke") })
}

func TestZeroSalesforceIDIsNoID(t *testing.T) {
	var id ownership.SalesforceID
	require.True(t, id.IsZero())
	got := []string{id.String(), id.Short(), id.KeyPrefix()}
	if diff := cmp.Diff([]string{"", "", ""}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	require.Equal(t, ownership.NotAnOwner, id.OwnerKind())
	text, err := id.MarshalText()
	require.NoError(t, err)
	require.Empty(t, text)
	require.Equal(t, -1, id.Compare(ownership.MustParseSalesforceID("000000000000000")), "zero sorts first")
}

func TestOwnerKindFollowsCaseSensitiveKeyPrefix(t *testing.T) {
	for _, tc := range []struct {
		in         string
		wantPrefix string
		want       ownership.OwnerKind
	}{
		{"00558000001N0Ke", "005", ownership.UserOwner},
		{"00558000001n0keaak", "005", ownership.UserOwner},
		{"00G5800000AbCdE", "00G", ownership.QueueOwner},
		{"00g5800000AbCdE", "00g", ownership.NotAnOwner},
		{"003D0000001aH2A", "003", ownership.NotAnOwner},
		{"001M000000qfPyS", "001", ownership.NotAnOwner},
		{"00E000000000001", "00E", ownership.NotAnOwner},
	} {
		t.Run(tc.in, func(t *testing.T) {
			id := ownership.MustParseSalesforceID(tc.in)
			got := struct {
				Prefix string
				Kind   ownership.OwnerKind
			}{id.KeyPrefix(), id.OwnerKind()}
			want := struct {
				Prefix string
				Kind   ownership.OwnerKind
			}{tc.wantPrefix, tc.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestOwnerKindStrings(t *testing.T) {
	got := []string{ownership.UserOwner.String(), ownership.QueueOwner.String(), ownership.NotAnOwner.String(), ownership.OwnerKind(7).String()}
	if diff := cmp.Diff([]string{"user", "queue", "not an owner", "OwnerKind(7)"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCompareOrdersDigitsUpperLowerByPosition(t *testing.T) {
	ids := []string{"005000000000000", "00500000000000A", "00500000000000a", "005A00000000000", "005a00000000000"}
	for i := range ids {
		for j := range ids {
			a, b := ownership.MustParseSalesforceID(ids[i]), ownership.MustParseSalesforceID(ids[j])
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			require.Equal(t, want, a.Compare(b), "%s vs %s", ids[i], ids[j])
		}
	}
}

func TestSalesforceIDTextMarshalingUsesCanonicalForm(t *testing.T) {
	var _ encoding.TextMarshaler = ownership.SalesforceID{}
	var _ encoding.TextAppender = ownership.SalesforceID{}
	var _ encoding.TextUnmarshaler = (*ownership.SalesforceID)(nil)

	id := ownership.MustParseSalesforceID("00558000001N0Ke")
	text, err := id.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "00558000001N0KeAAK", string(text))
	appended, err := id.AppendText([]byte("id="))
	require.NoError(t, err)
	require.Equal(t, "id=00558000001N0KeAAK", string(appended))

	for _, in := range []string{"00558000001N0Ke", "00558000001n0keaak"} {
		var got ownership.SalesforceID
		require.NoError(t, got.UnmarshalText([]byte(in)))
		require.Equal(t, id, got)
	}
	got := id
	require.NoError(t, got.UnmarshalText(nil))
	require.True(t, got.IsZero(), "empty text is the zero ID")

	got = id
	err = got.UnmarshalText([]byte("00558000001N0Ke6AK"))
	require.ErrorIs(t, err, ownership.ErrInvalidSalesforceID)
	require.Equal(t, id, got, "a failed UnmarshalText leaves the value as it was")
}

func TestParseSalesforceIDDoesNotAllocateOnValidInput(t *testing.T) {
	for _, in := range []string{"00558000001N0Ke", "00558000001n0keaak"} {
		var sink ownership.SalesforceID
		allocs := testing.AllocsPerRun(100, func() {
			sink, _ = ownership.ParseSalesforceID(in)
		})
		require.Zero(t, allocs, "ParseSalesforceID(%q)", in)
		require.False(t, sink.IsZero())
	}
}

// cmp.Diff must work on values that hold a SalesforceID, whose fields are
// unexported: the Equal method is what makes that so, for embedders' own
// structs too.
func TestSalesforceIDWorksWithCmp(t *testing.T) {
	type holder struct{ ID ownership.SalesforceID }
	a := holder{ownership.MustParseSalesforceID("00558000001N0Ke")}
	b := holder{ownership.MustParseSalesforceID("00558000001n0keaak")}
	c := holder{ownership.MustParseSalesforceID("005580000028YqK")}
	require.True(t, cmp.Equal(a, b))
	require.False(t, cmp.Equal(a, c))
	require.NotEmpty(t, cmp.Diff(a, c))
}

// Words are equal exactly when the IDs are, and zero for the zero ID.
func TestSalesforceIDWords(t *testing.T) {
	a := ownership.MustParseSalesforceID("00558000001N0Ke")
	b := ownership.MustParseSalesforceID("00558000001n0keaak")
	c := ownership.MustParseSalesforceID("00558000001N0KE")
	ah, al := a.Words()
	bh, bl := b.Words()
	ch, cl := c.Words()
	require.Equal(t, [2]uint64{ah, al}, [2]uint64{bh, bl})
	require.NotEqual(t, [2]uint64{ah, al}, [2]uint64{ch, cl})
	zh, zl := ownership.SalesforceID{}.Words()
	require.Equal(t, [2]uint64{0, 0}, [2]uint64{zh, zl})
}

// The offending byte is shown as the byte it is: a byte of a multi-byte
// UTF-8 sequence prints as an escape, not as a letter the input never had.
// A hand-built IDError with an index out of range does not panic.
func TestIDErrorShowsTheOffendingByte(t *testing.T) {
	_, err := ownership.ParseSalesforceID("00558000001N0K\xe9")
	require.ErrorContains(t, err, `character 15 is "\xe9"`)
	_, err = ownership.ParseSalesforceID("0055800000 N0Ke")
	require.ErrorContains(t, err, `character 11 is " "`)
	e := &ownership.IDError{Input: "abc", Problem: ownership.BadCharacter, Index: 7}
	require.NotPanics(t, func() { _ = e.Error() })
}
