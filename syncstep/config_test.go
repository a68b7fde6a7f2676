package syncstep_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func TestDefaultStepsIsReplysProfileWithNoPairs(t *testing.T) {
	type row struct {
		Key, Object string
		Direction   ownership.Direction
	}
	var got []row
	for _, s := range syncstep.DefaultSteps() {
		require.False(t, s.HasPairs(), s.Key)
		require.Empty(t, s.Filters, s.Key)
		require.Nil(t, s.Sequence, s.Key)
		require.Equal(t, syncstep.UnmappedPolicy{}, s.Unmapped, s.Key)
		require.NotEmpty(t, s.Name, s.Key)
		got = append(got, row{s.Key, s.Object, s.Direction})
	}
	want := []row{
		{syncstep.StepContactsToPeople, "Contact", s2r},
		{syncstep.StepLeadsToPeople, "Lead", s2r},
		{syncstep.StepPeopleToContacts, "Contact", r2s},
		{syncstep.StepPeopleToLeads, "Lead", r2s},
		{syncstep.StepPeopleStatusesToLeads, "Lead", r2s},
		{syncstep.StepInboxCategoriesToLeads, "Lead", r2s},
		{syncstep.StepActivitiesToTasks, "Task", r2s},
		{syncstep.StepNotesToNotes, "Note", r2s},
		{syncstep.StepLinkedInToTasks, "Task", r2s},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDefaultStepsReturnsAFreshSliceEachCall(t *testing.T) {
	a := syncstep.DefaultSteps()
	a[0].Key = "changed"
	require.Equal(t, syncstep.StepContactsToPeople, syncstep.DefaultSteps()[0].Key)
}

func TestEveryDefaultStepCompilesWithADefaultPair(t *testing.T) {
	plans, err := syncstep.CompileAll(syncstep.Config{SalesforceUser: defaultSF, ReplyUser: 9, Steps: syncstep.DefaultSteps()})
	require.NoError(t, err)
	require.Len(t, plans, len(syncstep.DefaultSteps()))
}

func TestConfigCloneSharesNoMemory(t *testing.T) {
	cfg := syncstep.Config{SalesforceUser: defaultSF, ReplyUser: 9, ApplyAllFrom: "a", Steps: []syncstep.Step{{
		Key: "a", Direction: s2r,
		Filters:  []syncstep.Filter{{Field: "Status", Operator: syncstep.OpIn, Values: []string{"Open"}}},
		Sequence: &syncstep.PeopleToSequence{SequenceID: 3, Owners: []ownership.ReplyUserID{1}},
		Mappings: []ownership.Pair{pair(userA, 1)},
	}}}
	c := cfg.Clone()
	if diff := cmp.Diff(cfg, c); diff != "" {
		t.Fatalf("clone differs (-orig +clone):\n%s", diff)
	}
	c.Steps[0].Key = "b"
	c.Steps[0].Filters[0].Values[0] = "Closed"
	c.Steps[0].Sequence.Owners[0] = 2
	c.Steps[0].Sequence.SequenceID = 4
	c.Steps[0].Mappings[0].Reply = 2
	require.Equal(t, "a", cfg.Steps[0].Key)
	require.Equal(t, "Open", cfg.Steps[0].Filters[0].Values[0])
	require.Equal(t, ownership.ReplyUserID(1), cfg.Steps[0].Sequence.Owners[0])
	require.Equal(t, int64(3), cfg.Steps[0].Sequence.SequenceID)
	require.Equal(t, ownership.ReplyUserID(1), cfg.Steps[0].Mappings[0].Reply)
}

func TestConfigDefaultPairAndStepIndex(t *testing.T) {
	cfg := syncstep.Config{SalesforceUser: defaultSF, ReplyUser: 9, Steps: []syncstep.Step{{Key: "a"}, {Key: "b"}, {Key: "a"}}}
	require.Equal(t, defPair, cfg.DefaultPair())
	got := []int{cfg.StepIndex("a"), cfg.StepIndex("b"), cfg.StepIndex("c")}
	if diff := cmp.Diff([]int{0, 1, -1}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestOwnerIDFiltersMatchFieldCaseInsensitively(t *testing.T) {
	s := syncstep.Step{Filters: []syncstep.Filter{{Field: "Status"}, {Field: "OwnerId"}, {Field: "ownerid"}, {Field: "Owner"}, {Field: "OWNERID"}}}
	if diff := cmp.Diff([]int{1, 2, 4}, s.OwnerIDFilters()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	require.Empty(t, syncstep.Step{}.OwnerIDFilters())
}

func TestFilterOperatorValidOnlyForDefinedOperators(t *testing.T) {
	for op, want := range map[syncstep.FilterOperator]bool{
		syncstep.OpEquals: true, syncstep.OpNotEquals: true, syncstep.OpIn: true, syncstep.OpNotIn: true,
		"": false, "EQUALS": false, "contains": false,
	} {
		require.Equal(t, want, op.Valid(), string(op))
	}
}

func TestUnmappedActionTextFormsRoundTrip(t *testing.T) {
	for _, a := range []syncstep.UnmappedAction{syncstep.UnmappedSkip, syncstep.UnmappedFallback, syncstep.UnmappedLeaveToSalesforce} {
		back, ok := syncstep.ParseUnmappedAction(a.String())
		require.True(t, ok, a.String())
		require.Equal(t, a, back)
	}
	got := []string{syncstep.UnmappedSkip.String(), syncstep.UnmappedFallback.String(), syncstep.UnmappedLeaveToSalesforce.String(), syncstep.UnmappedAction(8).String()}
	if diff := cmp.Diff([]string{"skip", "fallback", "leave_to_salesforce", "UnmappedAction(8)"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, s := range []string{"", "Skip", "leave", "UnmappedAction(8)"} {
		_, ok := syncstep.ParseUnmappedAction(s)
		require.False(t, ok, s)
	}
}
