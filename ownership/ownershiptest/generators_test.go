package ownershiptest_test

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/ownership/ownershiptest"
)

func TestSalesforceID15GeneratesParseable15CharacterIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := ownershiptest.SalesforceID15().Draw(t, "s")
		if len(s) != 15 {
			t.Fatalf("%q has %d characters", s, len(s))
		}
		if _, err := ownership.ParseSalesforceID(s); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

func TestSalesforceIDGeneratorsHonourTheirKeyPrefix(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		if id := ownershiptest.SalesforceID().Draw(t, "any"); id.IsZero() {
			t.Fatalf("SalesforceID generated the zero ID")
		}
		if p := ownershiptest.UserID().Draw(t, "user").KeyPrefix(); p != "005" {
			t.Fatalf("UserID generated prefix %q", p)
		}
		if p := ownershiptest.QueueID().Draw(t, "queue").KeyPrefix(); p != "00G" {
			t.Fatalf("QueueID generated prefix %q", p)
		}
		if k := ownershiptest.OwnerID().Draw(t, "owner").OwnerKind(); k == ownership.NotAnOwner {
			t.Fatalf("OwnerID generated a non-owner")
		}
	})
}

func TestCaseMangleChangesOnlyLetterCase(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := ownershiptest.SalesforceID().Draw(t, "id").String()
		m := ownershiptest.CaseMangle(s).Draw(t, "mangled")
		if !strings.EqualFold(s, m) {
			t.Fatalf("CaseMangle(%q) = %q, not a case variant", s, m)
		}
	})
}

func TestCaseMangleReachesBothCases(t *testing.T) {
	seenLower, seenUpper := false, false
	rapid.Check(t, func(t *rapid.T) {
		m := ownershiptest.CaseMangle("aB").Draw(t, "m")
		seenLower = seenLower || m == "ab"
		seenUpper = seenUpper || m == "AB"
	})
	if !seenLower || !seenUpper {
		t.Errorf("CaseMangle(\"aB\") never produced both ab and AB in 100 draws (ab %v, AB %v)", seenLower, seenUpper)
	}
}

func TestReplyUserIDAndDirectionAndPairAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		if id := ownershiptest.ReplyUserID().Draw(t, "reply"); !id.Valid() {
			t.Fatalf("ReplyUserID generated %d", id)
		}
		if d := ownershiptest.Direction().Draw(t, "dir"); !d.Valid() {
			t.Fatalf("Direction generated %v", d)
		}
		p := ownershiptest.Pair().Draw(t, "pair")
		if p.Salesforce.OwnerKind() == ownership.NotAnOwner || !p.Reply.Valid() {
			t.Fatalf("Pair generated %v", p)
		}
	})
}
