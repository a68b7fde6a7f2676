package syncstep_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func mustCompile(t testing.TB, s syncstep.Step, def ownership.Pair) *syncstep.Plan {
	t.Helper()
	p, err := syncstep.CompileStep(s, def)
	require.NoError(t, err)
	return p
}

func TestResolveOutcomes(t *testing.T) {
	s2rStep := syncstep.Step{Key: "s2r", Direction: s2r,
		Mappings: []ownership.Pair{pair(userA, 1), pair(queueQ, 2), pair(userB, 1)},
		Sequence: &syncstep.PeopleToSequence{SequenceID: 77, Owners: []ownership.ReplyUserID{1, 5}}}
	s2rFallback := s2rStep
	s2rFallback.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: pair(ownership.SalesforceID{}, 5)}
	s2rDefault := syncstep.Step{Key: "s2r_default", Direction: s2r, Sequence: &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{9}}}
	s2rNoSeq := syncstep.Step{Key: "s2r_noseq", Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1)}}

	r2sStep := syncstep.Step{Key: "r2s", Direction: r2s, Mappings: []ownership.Pair{pair(userA, 1), pair(userA, 2), pair(queueQ, 3)}}
	r2sFallback := r2sStep
	r2sFallback.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: pair(userC, 0)}
	r2sLeave := r2sStep
	r2sLeave.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}
	r2sDefault := syncstep.Step{Key: "r2s_default", Direction: r2s, Sequence: &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{9}}}

	for _, tc := range []struct {
		name   string
		step   syncstep.Step
		record syncstep.Record
		want   syncstep.Decision
	}{
		{"s2r mapped, enrolled", s2rStep, syncstep.Record{Salesforce: userA},
			syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Salesforce: userA, Reply: 1, Pair: 0, Enroll: true}},
		{"s2r mapped queue, not enrolled", s2rStep, syncstep.Record{Salesforce: queueQ, Reply: 2},
			syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Salesforce: queueQ, Reply: 2, Pair: 1}},
		{"s2r reply owner repeats across pairs", s2rStep, syncstep.Record{Salesforce: userB},
			syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Salesforce: userB, Reply: 1, Pair: 2, Enroll: true}},
		{"s2r unmapped skipped, never enrolled", s2rStep, syncstep.Record{Salesforce: userC, Reply: 1},
			syncstep.Decision{Outcome: syncstep.Skipped, Direction: s2r, Salesforce: userC, Pair: -1}},
		{"s2r record without owner skipped", s2rStep, syncstep.Record{},
			syncstep.Decision{Outcome: syncstep.Skipped, Direction: s2r, Pair: -1}},
		{"s2r fallback, enrolled by fallback owner", s2rFallback, syncstep.Record{Salesforce: userC},
			syncstep.Decision{Outcome: syncstep.Fallback, Direction: s2r, Salesforce: userC, Reply: 5, Pair: -1, Enroll: true}},
		{"s2r default pair, enrolled", s2rDefault, syncstep.Record{Salesforce: userC},
			syncstep.Decision{Outcome: syncstep.DefaultPair, Direction: s2r, Salesforce: userC, Reply: 9, Pair: -1, Enroll: true}},
		{"s2r without people to sequence never enrolls", s2rNoSeq, syncstep.Record{Salesforce: userA},
			syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Salesforce: userA, Reply: 1, Pair: 0}},
		{"r2s mapped, salesforce owner repeats", r2sStep, syncstep.Record{Reply: 2},
			syncstep.Decision{Outcome: syncstep.Mapped, Direction: r2s, Salesforce: userA, Reply: 2, Pair: 1}},
		{"r2s mapped to queue", r2sStep, syncstep.Record{Reply: 3, Salesforce: userB},
			syncstep.Decision{Outcome: syncstep.Mapped, Direction: r2s, Salesforce: queueQ, Reply: 3, Pair: 2}},
		{"r2s unmapped skipped", r2sStep, syncstep.Record{Reply: 4},
			syncstep.Decision{Outcome: syncstep.Skipped, Direction: r2s, Reply: 4, Pair: -1}},
		{"r2s fallback", r2sFallback, syncstep.Record{Reply: 4},
			syncstep.Decision{Outcome: syncstep.Fallback, Direction: r2s, Salesforce: userC, Reply: 4, Pair: -1}},
		{"r2s left to salesforce", r2sLeave, syncstep.Record{Reply: 4, Salesforce: userB},
			syncstep.Decision{Outcome: syncstep.LeftToSalesforce, Direction: r2s, Reply: 4, Pair: -1}},
		{"r2s default pair never enrolls", r2sDefault, syncstep.Record{Reply: 4},
			syncstep.Decision{Outcome: syncstep.DefaultPair, Direction: r2s, Salesforce: defaultSF, Reply: 4, Pair: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompile(t, tc.step, defPair)
			got := p.Resolve(tc.record)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Resolve (-want +got):\n%s", diff)
			}
			require.NotEmpty(t, got.Why())
			require.Equal(t, got.Outcome != syncstep.Skipped && got.Outcome != syncstep.LeftToSalesforce, got.HasOwner())

			// The direction-specific entry points agree with Resolve.
			if tc.step.Direction == s2r {
				if !tc.record.Salesforce.IsZero() {
					for _, form := range []string{tc.record.Salesforce.Short(), tc.record.Salesforce.String()} {
						d, err := p.ResolveSalesforceOwner(form)
						require.NoError(t, err)
						require.Equal(t, got, d, "form %s", form)
					}
				}
			} else {
				d, err := p.ResolveReplyOwner(tc.record.Reply)
				require.NoError(t, err)
				require.Equal(t, got, d)
			}
		})
	}
}

func TestResolveTreats15And18FormsOfOneOwnerIdentically(t *testing.T) {
	forms := []string{"00558000001N0Ke", "00558000001N0KeAAK", "00558000001n0keaak", "00558000001N0KEAAK"}
	for _, mapped := range forms {
		t.Run("mapped as "+mapped, func(t *testing.T) {
			p := mustCompile(t, syncstep.Step{Key: "k", Direction: s2r,
				Mappings: []ownership.Pair{pair(ownership.MustParseSalesforceID(mapped), 7)}}, defPair)
			for _, written := range forms {
				d, err := p.ResolveSalesforceOwner(written)
				require.NoError(t, err)
				want := syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Salesforce: userA, Reply: 7, Pair: 0}
				if diff := cmp.Diff(want, d); diff != "" {
					t.Errorf("owner written %s (-want +got):\n%s", written, diff)
				}
			}
		})
	}
}

func TestDirectionSpecificResolveRejectsOtherDirection(t *testing.T) {
	s2rPlan := mustCompile(t, syncstep.Step{Key: "a", Direction: s2r}, defPair)
	r2sPlan := mustCompile(t, syncstep.Step{Key: "b", Direction: r2s}, defPair)
	_, err := s2rPlan.ResolveReplyOwner(1)
	require.ErrorIs(t, err, syncstep.ErrWrongDirection)
	_, err = r2sPlan.ResolveSalesforceOwner("00558000001N0Ke")
	require.ErrorIs(t, err, syncstep.ErrWrongDirection)
	_, err = s2rPlan.ResolveSalesforceOwner("00558000001N0Ke6AK")
	require.ErrorIs(t, err, ownership.ErrInvalidSalesforceID)
}

func TestResolveAllReturnsOneDecisionPerRecordInOrder(t *testing.T) {
	p := mustCompile(t, syncstep.Step{Key: "k", Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1)}}, defPair)
	records := []syncstep.Record{{ID: "1", Salesforce: userB}, {ID: "2", Salesforce: userA}, {ID: "3"}}
	got := p.ResolveAll(records)
	outcomes := []syncstep.Outcome{}
	for _, d := range got {
		outcomes = append(outcomes, d.Outcome)
	}
	if diff := cmp.Diff([]syncstep.Outcome{syncstep.Skipped, syncstep.Mapped, syncstep.Skipped}, outcomes); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	require.Empty(t, p.ResolveAll(nil))
}

func TestPlanKeepsItsOwnCopyOfTheStep(t *testing.T) {
	s := syncstep.Step{Key: "k", Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1)},
		Filters:  []syncstep.Filter{{Field: "Status", Operator: syncstep.OpIn, Values: []string{"Open"}}},
		Sequence: &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{1}}}
	p := mustCompile(t, s, defPair)
	s.Mappings[0].Reply = 99
	s.Sequence.Owners[0] = 99
	s.Filters[0].Values[0] = "changed"
	d := p.Resolve(syncstep.Record{Salesforce: userA})
	require.Equal(t, ownership.ReplyUserID(1), d.Reply)
	require.True(t, d.Enroll)

	got := p.Step()
	got.Mappings[0].Reply = 55
	got.Filters[0].Values[0] = "changed again"
	got.Sequence.Owners[0] = 55
	again := p.Step()
	require.Equal(t, ownership.ReplyUserID(1), again.Mappings[0].Reply, "Step returns a copy")
	require.Equal(t, "Open", again.Filters[0].Values[0])
	require.Equal(t, ownership.ReplyUserID(1), again.Sequence.Owners[0])
	require.False(t, p.UsesDefaultPair())
}

func TestResolveDoesNotAllocate(t *testing.T) {
	s2rPlan := mustCompile(t, syncstep.Step{Key: "a", Direction: s2r,
		Mappings: []ownership.Pair{pair(userA, 1), pair(userB, 2)},
		Sequence: &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{1}}}, defPair)
	r2sPlan := mustCompile(t, syncstep.Step{Key: "b", Direction: r2s,
		Mappings: []ownership.Pair{pair(userA, 1)}, Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}}, defPair)
	var sink syncstep.Decision
	cases := map[string]func(){
		"Resolve s2r mapped":   func() { sink = s2rPlan.Resolve(syncstep.Record{Salesforce: userA}) },
		"Resolve s2r unmapped": func() { sink = s2rPlan.Resolve(syncstep.Record{Salesforce: userC}) },
		"Resolve r2s mapped":   func() { sink = r2sPlan.Resolve(syncstep.Record{Reply: 1}) },
		"Resolve r2s unmapped": func() { sink = r2sPlan.Resolve(syncstep.Record{Reply: 3}) },
		"ResolveSalesforceOwner 15": func() {
			sink, _ = s2rPlan.ResolveSalesforceOwner("00558000001N0Ke")
		},
		"ResolveSalesforceOwner 18 lower": func() {
			sink, _ = s2rPlan.ResolveSalesforceOwner("00558000001n0keaak")
		},
		"ResolveReplyOwner": func() { sink, _ = r2sPlan.ResolveReplyOwner(1) },
	}
	for name, f := range cases {
		require.Zero(t, testing.AllocsPerRun(200, f), name)
	}
	require.NotEqual(t, syncstep.OutcomeUnspecified, sink.Outcome)
}

func TestDecisionTextForms(t *testing.T) {
	for _, tc := range []struct {
		name           string
		d              syncstep.Decision
		source, target string
	}{
		{"s2r mapped", syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Salesforce: userA, Reply: 1, Pair: 0}, "00558000001N0KeAAK", "1"},
		{"s2r skipped without owner", syncstep.Decision{Outcome: syncstep.Skipped, Direction: s2r, Pair: -1}, "(none)", ""},
		{"r2s fallback", syncstep.Decision{Outcome: syncstep.Fallback, Direction: r2s, Salesforce: userC, Reply: 4, Pair: -1}, "4", "005000000000003AAA"},
		{"r2s left to salesforce", syncstep.Decision{Outcome: syncstep.LeftToSalesforce, Direction: r2s, Reply: 4, Pair: -1}, "4", ""},
		{"r2s default pair", syncstep.Decision{Outcome: syncstep.DefaultPair, Direction: r2s, Salesforce: defaultSF, Reply: 4, Pair: -1}, "4", "005000000000009AAA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := []string{tc.d.Source(), tc.d.Target()}
			if diff := cmp.Diff([]string{tc.source, tc.target}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			why := tc.d.Why()
			if tc.d.Outcome != syncstep.DefaultPair {
				require.Contains(t, why, tc.d.Source(), "Why names the owner that was looked up")
			}
			require.Contains(t, why, tc.target, "Why names the owner chosen")
		})
	}
	require.Equal(t, "no decision", syncstep.Decision{}.Why())
	require.Contains(t, syncstep.Decision{Outcome: syncstep.Skipped, Direction: r2s, Reply: 4}.Why(), "no owner is written")
	require.Contains(t, syncstep.Decision{Outcome: syncstep.Skipped, Direction: s2r, Salesforce: userA}.Why(), "not added to sequences")
	require.Contains(t, syncstep.Decision{Outcome: syncstep.Mapped, Direction: s2r, Salesforce: userA, Reply: 1, Pair: 3}.Why(), "mappings[3]")
}

func TestOutcomeTextFormsAreStable(t *testing.T) {
	var got []string
	var unmapped []bool
	for o := syncstep.OutcomeUnspecified; o <= syncstep.LeftToSalesforce+1; o++ {
		text, err := o.MarshalText()
		require.NoError(t, err)
		require.Equal(t, o.String(), string(text))
		got = append(got, o.String())
		unmapped = append(unmapped, o.Unmapped())
	}
	if diff := cmp.Diff([]string{"unspecified", "mapped", "default_pair", "fallback", "skipped", "left_to_salesforce", "Outcome(6)"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{false, false, false, true, true, true, false}, unmapped); diff != "" {
		t.Errorf("Unmapped (-want +got):\n%s", diff)
	}
}

func TestRecordSourceAndCurrentFollowDirection(t *testing.T) {
	r := syncstep.Record{Salesforce: userA, Reply: 3}
	got := []string{r.Source(s2r), r.Current(s2r), r.Source(r2s), r.Current(r2s),
		syncstep.Record{Salesforce: userA}.Current(s2r), syncstep.Record{Reply: 3}.Current(r2s)}
	want := []string{"00558000001N0KeAAK", "3", "3", "00558000001N0KeAAK", "", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Every outcome's text form reads back as the same outcome, so JSON written
// with MarshalText round-trips; anything else is an error.
func TestOutcomeTextRoundTrip(t *testing.T) {
	for _, o := range []syncstep.Outcome{syncstep.Mapped, syncstep.DefaultPair, syncstep.Fallback, syncstep.Skipped, syncstep.LeftToSalesforce} {
		text, err := o.MarshalText()
		require.NoError(t, err)
		var back syncstep.Outcome
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, o, back)
	}
	var o syncstep.Outcome
	require.Error(t, o.UnmarshalText([]byte("unspecified")))
	require.Error(t, o.UnmarshalText([]byte("Mapped")))
}
