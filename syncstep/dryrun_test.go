package syncstep_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// dryRunSummary is a report reduced to record IDs, so a table can state it.
type dryRunSummary struct {
	Changes []string // "id: from → to"
	Skips   []string // "id: outcome"
	Counts  syncstep.Counts
}

func summarize(rep syncstep.Report) dryRunSummary {
	var s dryRunSummary
	for _, c := range rep.Changes {
		s.Changes = append(s.Changes, c.Record.ID+": "+c.From()+" → "+c.To())
	}
	for _, k := range rep.Skips {
		s.Skips = append(s.Skips, k.Record.ID+": "+k.Decision.Outcome.String())
	}
	s.Counts = rep.Counts
	return s
}

func TestDryRunListsChangesAndSkipsWithCounts(t *testing.T) {
	byOutcome := func(mapped, def, fallback, skipped, left int) [syncstep.LeftToSalesforce + 1]int {
		return [syncstep.LeftToSalesforce + 1]int{0, mapped, def, fallback, skipped, left}
	}
	for _, tc := range []struct {
		name    string
		step    syncstep.Step
		records []syncstep.Record
		want    dryRunSummary
	}{
		{
			name: "salesforce to reply with people to sequence",
			step: syncstep.Step{Key: "s", Direction: s2r,
				Mappings: []ownership.Pair{pair(userA, 1), pair(userB, 2)},
				Sequence: &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{1}}},
			records: []syncstep.Record{
				{ID: "new", Salesforce: userA},            // no Reply owner yet → change "" → 1
				{ID: "same", Salesforce: userA, Reply: 1}, // unchanged, still enrolled
				{ID: "moved", Salesforce: userB, Reply: 1},
				{ID: "unmapped", Salesforce: userC, Reply: 3},
			},
			want: dryRunSummary{
				Changes: []string{"new:  → 1", "moved: 1 → 2"},
				Skips:   []string{"unmapped: skipped"},
				Counts:  syncstep.Counts{Records: 4, Changes: 2, Unchanged: 1, Skipped: 1, Enrolled: 2, ByOutcome: byOutcome(3, 0, 0, 1, 0)},
			},
		},
		{
			name: "reply to salesforce with leave to salesforce",
			step: syncstep.Step{Key: "r", Direction: r2s,
				Mappings: []ownership.Pair{pair(userA, 1), pair(userA, 2)},
				Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}},
			records: []syncstep.Record{
				{ID: "a", Reply: 1, Salesforce: userA},
				{ID: "b", Reply: 2, Salesforce: userB},
				{ID: "c", Reply: 7, Salesforce: userB},
				{ID: "d", Reply: 2},
			},
			want: dryRunSummary{
				Changes: []string{"b: 005000000000002AAA → 00558000001N0KeAAK", "d:  → 00558000001N0KeAAK"},
				Skips:   []string{"c: left_to_salesforce"},
				Counts:  syncstep.Counts{Records: 4, Changes: 2, Unchanged: 1, LeftToSalesforce: 1, ByOutcome: byOutcome(3, 0, 0, 0, 1)},
			},
		},
		{
			name: "reply to salesforce fallback and default-free skip",
			step: syncstep.Step{Key: "f", Direction: r2s,
				Mappings: []ownership.Pair{pair(userA, 1)},
				Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: pair(userC, 0)}},
			records: []syncstep.Record{
				{ID: "x", Reply: 5, Salesforce: userC},
				{ID: "y", Reply: 6, Salesforce: userA},
			},
			want: dryRunSummary{
				Changes: []string{"y: 00558000001N0KeAAK → 005000000000003AAA"},
				Counts:  syncstep.Counts{Records: 2, Changes: 1, Unchanged: 1, ByOutcome: byOutcome(0, 0, 2, 0, 0)},
			},
		},
		{
			name: "default pair",
			step: syncstep.Step{Key: "d", Direction: s2r, Sequence: &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{9}}},
			records: []syncstep.Record{
				{ID: "p", Salesforce: userA, Reply: 9},
				{ID: "q", Salesforce: userB, Reply: 4},
			},
			want: dryRunSummary{
				Changes: []string{"q: 4 → 9"},
				Counts:  syncstep.Counts{Records: 2, Changes: 1, Unchanged: 1, Enrolled: 2, ByOutcome: byOutcome(0, 2, 0, 0, 0)},
			},
		},
		{
			name: "no records",
			step: syncstep.Step{Key: "e", Direction: s2r},
			want: dryRunSummary{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompile(t, tc.step, defPair)
			rep := p.DryRun(slices.Values(tc.records))
			require.Equal(t, tc.step.Key, rep.Step)
			if diff := cmp.Diff(tc.want, summarize(rep)); diff != "" {
				t.Errorf("DryRun (-want +got):\n%s", diff)
			}
			for _, k := range rep.Skips {
				require.Equal(t, k.Decision.Why(), k.Reason())
			}
		})
	}
}

func TestUnchangedOnlyWhenDecisionNamesTheCurrentOwner(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    syncstep.Record
		d    syncstep.Decision
		want bool
	}{
		{"s2r same reply owner", syncstep.Record{Reply: 1}, syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Reply: 1}, true},
		{"s2r other reply owner", syncstep.Record{Reply: 2}, syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Reply: 1}, false},
		{"r2s same salesforce owner", syncstep.Record{Salesforce: userA}, syncstep.Decision{Outcome: syncstep.Fallback, Direction: r2s, Salesforce: userA}, true},
		{"skip never unchanged", syncstep.Record{}, syncstep.Decision{Outcome: syncstep.Skipped, Direction: s2r}, false},
		{"left to salesforce never unchanged", syncstep.Record{}, syncstep.Decision{Outcome: syncstep.LeftToSalesforce, Direction: r2s}, false},
	} {
		require.Equal(t, tc.want, syncstep.Unchanged(tc.r, tc.d), tc.name)
	}
}
