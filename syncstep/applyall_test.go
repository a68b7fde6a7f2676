package syncstep_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func applyAllConfig() syncstep.Config {
	return syncstep.Config{SalesforceUser: defaultSF, ReplyUser: 9, ApplyAllFrom: "contacts", Steps: []syncstep.Step{
		{Key: "contacts", Direction: s2r, Object: "Contact",
			Mappings: []ownership.Pair{pair(userA, 1), pair(userB, 1), pair(queueQ, 2)}},
		{Key: "people", Direction: r2s, Object: "Contact",
			Mappings: []ownership.Pair{pair(userC, 5)},
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}},
		{Key: "leads", Direction: s2r, Object: "Lead",
			Sequence: &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{1}}},
		{Key: "tasks", Direction: r2s, Object: "Task"},
	}}
}

func TestApplyAllRefusesAndNamesEveryStepAndOwnerThatWouldBreak(t *testing.T) {
	cfg := applyAllConfig()
	before := cfg.Clone()
	got, err := syncstep.ApplyAll(cfg, "contacts")
	require.ErrorIs(t, err, syncstep.ErrApplyAllConflict)
	require.ErrorIs(t, err, syncstep.ErrDuplicateOwner)
	if diff := cmp.Diff(before, got); diff != "" {
		t.Errorf("ApplyAll changed the config on conflict (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(before, cfg); diff != "" {
		t.Errorf("ApplyAll modified its argument (-before +after):\n%s", diff)
	}

	var ae *syncstep.ApplyAllError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "contacts", ae.From)
	type named struct {
		Step  string
		Owner string
		Index int
		First int
	}
	var conflicts []named
	for _, c := range ae.Conflicts() {
		conflicts = append(conflicts, named{c.Step, c.OwnerText(), c.Index, c.First})
	}
	// The pairs map Salesforce owners A and B to Reply owner 1: fine
	// Salesforce → Reply, a duplicate in both Reply → Salesforce steps.
	want := []named{{"people", "1", 1, 0}, {"tasks", "1", 1, 0}}
	if diff := cmp.Diff(want, conflicts); diff != "" {
		t.Errorf("conflicts (-want +got):\n%s", diff)
	}
	require.Len(t, ae.Problems, 2)
	for _, s := range []string{`"contacts"`, `"people"`, `"tasks"`} {
		require.Contains(t, err.Error(), s)
	}
}

func TestApplyAllCopiesPairsToEveryStepWhenAllCompile(t *testing.T) {
	cfg := applyAllConfig()
	cfg.Steps[0].Mappings = []ownership.Pair{pair(userA, 1), pair(queueQ, 2)}
	before := cfg.Clone()
	got, err := syncstep.ApplyAll(cfg, "contacts")
	require.NoError(t, err)
	require.Empty(t, got.ApplyAllFrom, "ApplyAllFrom is cleared once applied")

	want := before.Clone()
	want.ApplyAllFrom = ""
	for i := range want.Steps {
		want.Steps[i].Mappings = []ownership.Pair{pair(userA, 1), pair(queueQ, 2)}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ApplyAll (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, cfg); diff != "" {
		t.Errorf("ApplyAll modified its argument (-before +after):\n%s", diff)
	}
	got.Steps[1].Mappings[0].Reply = 77
	require.Equal(t, ownership.ReplyUserID(1), cfg.Steps[0].Mappings[0].Reply, "the result shares no memory with the input")
	_, err = syncstep.CompileAll(got)
	require.NoError(t, err)
}

func TestApplyAllReportsStepsThatFailForOtherReasons(t *testing.T) {
	cfg := applyAllConfig()
	cfg.Steps[0].Mappings = []ownership.Pair{pair(userA, 1)}
	cfg.Steps[3].Direction = ownership.DirectionUnspecified
	got, err := syncstep.ApplyAll(cfg, "contacts")
	require.ErrorIs(t, err, syncstep.ErrApplyAllConflict)
	require.ErrorIs(t, err, syncstep.ErrMissingDirection)
	var ae *syncstep.ApplyAllError
	require.ErrorAs(t, err, &ae)
	require.Empty(t, ae.Conflicts())
	var fe *syncstep.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "tasks", fe.Step)
	require.Equal(t, "direction", fe.Field)
	require.Equal(t, cfg.ApplyAllFrom, got.ApplyAllFrom)
}

func TestApplyAllFromUnknownStepChangesNothing(t *testing.T) {
	cfg := applyAllConfig()
	got, err := syncstep.ApplyAll(cfg, "nope")
	require.ErrorIs(t, err, syncstep.ErrUnknownStep)
	require.NotErrorIs(t, err, syncstep.ErrApplyAllConflict)
	if diff := cmp.Diff(cfg, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
