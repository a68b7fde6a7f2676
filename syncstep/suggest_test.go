package syncstep_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func TestSuggestMatchesActiveEntriesByNormalizedEmail(t *testing.T) {
	users := []ownership.SalesforceUser{
		{ID: userA, Email: "  Ann@Example.com ", Active: true},
		{ID: userB, Email: "bob@example.com", Active: true},
		{ID: userC, Email: "cy@example.com", Active: false},                    // inactive
		{ID: queueQ, Email: "queue@example.com", Active: true},                 // queues are never suggested
		{ID: contactX, Email: "contact@example.com", Active: true},             // not an owner
		{ID: ownership.MustParseSalesforceID("005000000000004"), Active: true}, // no email
		{ID: ownership.MustParseSalesforceID("005000000000005"), Email: "dup@example.com", Active: true},
		{ID: ownership.MustParseSalesforceID("005000000000006"), Email: "DUP@example.com", Active: true},
		{ID: ownership.MustParseSalesforceID("005000000000007"), Email: "rdup@example.com", Active: true},
		{ID: userB, Email: "bob@example.com", Active: true}, // listed twice: one entry
	}
	members := []ownership.ReplyMember{
		{ID: 1, Email: "ann@example.COM", Active: true},
		{ID: 2, Email: "bob@example.com", Active: true},
		{ID: 3, Email: "cy@example.com", Active: true},
		{ID: 4, Email: "queue@example.com", Active: true},
		{ID: 5, Email: "contact@example.com", Active: true},
		{ID: 6, Email: "dup@example.com", Active: true},
		{ID: 7, Email: "rdup@example.com", Active: true},
		{ID: 8, Email: " rdup@example.com", Active: true},
		{ID: 0, Email: "zero@example.com", Active: true},
		{ID: 10, Email: "inactive@example.com", Active: false},
	}
	for _, tc := range []struct {
		name     string
		dir      ownership.Direction
		existing []ownership.Pair
		want     syncstep.Suggestion
	}{
		{
			name: "nothing set",
			dir:  s2r,
			want: syncstep.Suggestion{
				Pairs:  []ownership.Pair{pair(userA, 1), pair(userB, 2)},
				Emails: []string{"ann@example.com", "bob@example.com"},
			},
		},
		{
			name:     "salesforce to reply keeps a salesforce owner the user mapped",
			dir:      s2r,
			existing: []ownership.Pair{pair(userA, 99)},
			want: syncstep.Suggestion{
				Pairs:  []ownership.Pair{pair(userB, 2)},
				Emails: []string{"bob@example.com"},
			},
		},
		{
			name:     "salesforce to reply may repeat a reply owner the user mapped",
			dir:      s2r,
			existing: []ownership.Pair{pair(userC, 1)},
			want: syncstep.Suggestion{
				Pairs:  []ownership.Pair{pair(userA, 1), pair(userB, 2)},
				Emails: []string{"ann@example.com", "bob@example.com"},
			},
		},
		{
			name:     "reply to salesforce keeps a reply owner the user mapped",
			dir:      r2s,
			existing: []ownership.Pair{pair(userC, 2)},
			want: syncstep.Suggestion{
				Pairs:  []ownership.Pair{pair(userA, 1)},
				Emails: []string{"ann@example.com"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.want.Ambiguous = []syncstep.Ambiguity{
				{Email: "dup@example.com", Salesforce: []ownership.SalesforceID{
					ownership.MustParseSalesforceID("005000000000005"), ownership.MustParseSalesforceID("005000000000006")},
					Reply: []ownership.ReplyUserID{6}},
				{Email: "rdup@example.com", Salesforce: []ownership.SalesforceID{ownership.MustParseSalesforceID("005000000000007")},
					Reply: []ownership.ReplyUserID{7, 8}},
			}
			got := syncstep.Suggest(tc.dir, tc.existing, users, members)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Suggest (-want +got):\n%s", diff)
			}
			merged := got.Merge(tc.existing)
			require.Equal(t, append(append([]ownership.Pair{}, tc.existing...), got.Pairs...), merged)
			_, err := syncstep.CompileStep(syncstep.Step{Key: "k", Direction: tc.dir, Mappings: merged}, defPair)
			require.NoError(t, err, "the merged pairs keep uniqueness")
		})
	}
}

func TestSuggestNeverProposesOneOwnerTwiceOnTheUniqueSide(t *testing.T) {
	// A directory may list one person under two emails (an alias). Each
	// email matches on its own, but the two pairs would repeat the owner
	// on the unique side, and Merge would break uniqueness.
	for _, tc := range []struct {
		name    string
		dir     ownership.Direction
		users   []ownership.SalesforceUser
		members []ownership.ReplyMember
	}{
		{
			name: "one salesforce user under two emails, salesforce to reply",
			dir:  s2r,
			users: []ownership.SalesforceUser{
				{ID: userA, Email: "ann@example.com", Active: true},
				{ID: userA, Email: "ann.smith@example.com", Active: true},
			},
			members: []ownership.ReplyMember{
				{ID: 1, Email: "ann@example.com", Active: true},
				{ID: 2, Email: "ann.smith@example.com", Active: true},
			},
		},
		{
			name: "one reply member under two emails, reply to salesforce",
			dir:  r2s,
			users: []ownership.SalesforceUser{
				{ID: userA, Email: "ann@example.com", Active: true},
				{ID: userB, Email: "ann.smith@example.com", Active: true},
			},
			members: []ownership.ReplyMember{
				{ID: 1, Email: "ann@example.com", Active: true},
				{ID: 1, Email: "ann.smith@example.com", Active: true},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := syncstep.Suggest(tc.dir, nil, tc.users, tc.members)
			_, err := syncstep.CompileStep(syncstep.Step{Key: "k", Direction: tc.dir, Mappings: got.Merge(nil)}, defPair)
			require.NoError(t, err, "suggested pairs %v", got.Pairs)
			require.Empty(t, got.Pairs, "which email is the right one is a guess")
			var emails []string
			for _, a := range got.Ambiguous {
				emails = append(emails, a.Email)
			}
			if diff := cmp.Diff([]string{"ann.smith@example.com", "ann@example.com"}, emails); diff != "" {
				t.Errorf("ambiguous emails (-want +got):\n%s", diff)
			}
		})
	}
}
