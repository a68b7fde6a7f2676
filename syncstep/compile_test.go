package syncstep_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// Owners used across the tests of this package.
var (
	userA     = ownership.MustParseSalesforceID("00558000001N0Ke") // 00558000001N0KeAAK
	userB     = ownership.MustParseSalesforceID("005000000000002")
	userC     = ownership.MustParseSalesforceID("005000000000003")
	queueQ    = ownership.MustParseSalesforceID("00G000000000001")
	contactX  = ownership.MustParseSalesforceID("003D0000001aH2A")
	defaultSF = ownership.MustParseSalesforceID("005000000000009")
	defPair   = ownership.Pair{Salesforce: defaultSF, Reply: 9}
)

const (
	s2r = ownership.SalesforceToReply
	r2s = ownership.ReplyToSalesforce
)

// problem is a compile problem reduced to what callers branch on.
type problem struct {
	Type     string // "conflict" or "field"
	Field    string // FieldError.Field
	Sentinel string // the sentinel it matches
	Index    int    // Conflict.Index
	First    int    // Conflict.First
	Owner    string // Conflict.OwnerText
}

var sentinels = []struct {
	name string
	err  error
}{
	{"ErrDuplicateOwner", syncstep.ErrDuplicateOwner},
	{"ErrMissingDirection", syncstep.ErrMissingDirection},
	{"ErrInvalidPolicy", syncstep.ErrInvalidPolicy},
	{"ErrInvalidPair", syncstep.ErrInvalidPair},
	{"ErrNoDefaultPair", syncstep.ErrNoDefaultPair},
	{"ErrUnknownStep", syncstep.ErrUnknownStep},
	{"ErrWrongDirection", syncstep.ErrWrongDirection},
}

// sentinelsOf names the sentinels err matches, most specific first
// (ErrInvalidPolicy before ErrInvalidPair).
func sentinelsOf(err error) []string {
	var names []string
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			names = append(names, s.name)
		}
	}
	return names
}

// sentinelOf names the first sentinel err matches; it fails on none.
func sentinelOf(t testing.TB, err error) string {
	t.Helper()
	names := sentinelsOf(err)
	if len(names) == 0 {
		t.Fatalf("%v matches no sentinel", err)
	}
	return names[0]
}

func problemsOf(t testing.TB, errs []error) []problem {
	t.Helper()
	var out []problem
	for _, e := range errs {
		var c *syncstep.Conflict
		var f *syncstep.FieldError
		switch {
		case errors.As(e, &c):
			out = append(out, problem{Type: "conflict", Sentinel: sentinelOf(t, e), Index: c.Index, First: c.First, Owner: c.OwnerText()})
		case errors.As(e, &f):
			out = append(out, problem{Type: "field", Field: f.Field, Sentinel: sentinelOf(t, e)})
		default:
			t.Fatalf("problem %T %v is neither *Conflict nor *FieldError", e, e)
		}
	}
	return out
}

func pair(sf ownership.SalesforceID, r ownership.ReplyUserID) ownership.Pair {
	return ownership.Pair{Salesforce: sf, Reply: r}
}

func field(f, s string) problem { return problem{Type: "field", Field: f, Sentinel: s} }

var compileProblemCases = []struct {
	name string
	step syncstep.Step
	def  ownership.Pair
	want []problem
}{
	{
		name: "missing direction",
		step: syncstep.Step{Mappings: []ownership.Pair{pair(userA, 1)}},
		def:  defPair,
		want: []problem{field("direction", "ErrMissingDirection")},
	},
	{
		name: "salesforce owner twice in salesforce to reply, 15 and 18 forms",
		step: syncstep.Step{Direction: s2r, Mappings: []ownership.Pair{
			pair(userA, 1), pair(userB, 2), pair(ownership.MustParseSalesforceID("00558000001n0keaak"), 3),
		}},
		def:  defPair,
		want: []problem{{Type: "conflict", Sentinel: "ErrDuplicateOwner", Index: 2, First: 0, Owner: "00558000001N0KeAAK"}},
	},
	{
		name: "reply owner twice in reply to salesforce",
		step: syncstep.Step{Direction: r2s, Mappings: []ownership.Pair{pair(userA, 1), pair(userB, 1), pair(userC, 1)}},
		def:  defPair,
		want: []problem{
			{Type: "conflict", Sentinel: "ErrDuplicateOwner", Index: 1, First: 0, Owner: "1"},
			{Type: "conflict", Sentinel: "ErrDuplicateOwner", Index: 2, First: 0, Owner: "1"},
		},
	},
	{
		name: "missing salesforce owner",
		step: syncstep.Step{Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1), pair(ownership.SalesforceID{}, 2)}},
		def:  defPair,
		want: []problem{field("mappings[1].salesforce_owner", "ErrInvalidPair")},
	},
	{
		name: "salesforce owner that is a contact",
		step: syncstep.Step{Direction: r2s, Mappings: []ownership.Pair{pair(contactX, 1)}},
		def:  defPair,
		want: []problem{field("mappings[0].salesforce_owner", "ErrInvalidPair")},
	},
	{
		name: "reply owner zero and negative",
		step: syncstep.Step{Direction: s2r, Mappings: []ownership.Pair{pair(userA, 0), pair(userB, -4)}},
		def:  defPair,
		want: []problem{field("mappings[0].reply_owner", "ErrInvalidPair"), field("mappings[1].reply_owner", "ErrInvalidPair")},
	},
	{
		name: "fallback without reply owner in salesforce to reply",
		step: syncstep.Step{Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1)},
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: pair(userB, 0)}},
		def:  defPair,
		want: []problem{field("unmapped.reply_owner", "ErrInvalidPolicy")},
	},
	{
		name: "fallback without salesforce owner in reply to salesforce",
		step: syncstep.Step{Direction: r2s, Mappings: []ownership.Pair{pair(userA, 1)},
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: pair(ownership.SalesforceID{}, 5)}},
		def:  defPair,
		want: []problem{field("unmapped.salesforce_owner", "ErrInvalidPolicy")},
	},
	{
		name: "fallback to a contact in reply to salesforce",
		step: syncstep.Step{Direction: r2s, Mappings: []ownership.Pair{pair(userA, 1)},
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: pair(contactX, 0)}},
		def:  defPair,
		want: []problem{field("unmapped.salesforce_owner", "ErrInvalidPolicy")},
	},
	{
		name: "leave to salesforce in salesforce to reply",
		step: syncstep.Step{Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1)},
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}},
		def:  defPair,
		want: []problem{field("unmapped.action", "ErrInvalidPolicy")},
	},
	{
		name: "unknown unmapped action",
		step: syncstep.Step{Direction: r2s, Mappings: []ownership.Pair{pair(userA, 1)},
			Unmapped: syncstep.UnmappedPolicy{Action: 9}},
		def:  defPair,
		want: []problem{field("unmapped.action", "ErrInvalidPolicy")},
	},
	{
		name: "no pairs and no default pair",
		step: syncstep.Step{Direction: s2r},
		want: []problem{field("mappings", "ErrNoDefaultPair")},
	},
	{
		name: "no pairs and a default pair with a contact",
		step: syncstep.Step{Direction: r2s},
		def:  pair(contactX, 9),
		want: []problem{field("mappings", "ErrNoDefaultPair")},
	},
	{
		name: "no pairs and a default pair without reply owner",
		step: syncstep.Step{Direction: r2s},
		def:  pair(defaultSF, 0),
		want: []problem{field("mappings", "ErrNoDefaultPair")},
	},
	{
		name: "all problems at once, in field order",
		step: syncstep.Step{Direction: s2r,
			Mappings: []ownership.Pair{pair(userA, 0), pair(ownership.MustParseSalesforceID("00558000001N0KeAAK"), 1), pair(contactX, 2)},
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}},
		def: defPair,
		want: []problem{
			field("mappings[0].reply_owner", "ErrInvalidPair"),
			field("mappings[2].salesforce_owner", "ErrInvalidPair"),
			{Type: "conflict", Sentinel: "ErrDuplicateOwner", Index: 1, First: 0, Owner: "00558000001N0KeAAK"},
			field("unmapped.action", "ErrInvalidPolicy"),
		},
	},
	{
		name: "missing direction, bad action and no default pair at once",
		step: syncstep.Step{Unmapped: syncstep.UnmappedPolicy{Action: 7}},
		want: []problem{
			field("direction", "ErrMissingDirection"),
			field("unmapped.action", "ErrInvalidPolicy"),
			field("mappings", "ErrNoDefaultPair"),
		},
	},
}

func TestCompileStepReportsEveryProblemWithFieldAndSentinel(t *testing.T) {
	for _, tc := range compileProblemCases {
		t.Run(tc.name, func(t *testing.T) {
			tc.step.Key = "the_step"
			plan, err := syncstep.CompileStep(tc.step, tc.def)
			require.Nil(t, plan, "no plan from a step that cannot be compiled")
			var ce *syncstep.CompileError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, "the_step", ce.Step)
			if diff := cmp.Diff(tc.want, problemsOf(t, ce.Problems)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			for _, p := range ce.Problems {
				var fe *syncstep.FieldError
				var c *syncstep.Conflict
				switch {
				case errors.As(p, &fe):
					require.Equal(t, "the_step", fe.Step)
				case errors.As(p, &c):
					require.Equal(t, "the_step", c.Step)
					require.Equal(t, tc.step.Direction, c.Direction)
				}
				require.Contains(t, err.Error(), p.Error(), "the CompileError message includes each problem")
			}
			conflicts := 0
			for _, p := range tc.want {
				if p.Type == "conflict" {
					conflicts++
				}
			}
			require.Len(t, ce.Conflicts(), conflicts)
		})
	}
}

// Callers branch on the sentinels, so a problem must not match two of them:
// a fallback owner problem that also matched ErrInvalidPair would read as a
// bad pair to a caller that checks ErrInvalidPair first.
func TestCompileProblemsMatchExactlyOneSentinel(t *testing.T) {
	for _, tc := range compileProblemCases {
		t.Run(tc.name, func(t *testing.T) {
			tc.step.Key = "the_step"
			_, err := syncstep.CompileStep(tc.step, tc.def)
			var ce *syncstep.CompileError
			require.ErrorAs(t, err, &ce)
			for _, p := range ce.Problems {
				if got := sentinelsOf(p); len(got) != 1 {
					t.Errorf("%v matches %v, want exactly one sentinel", p, got)
				}
			}
		})
	}
}

func TestCompileStepAcceptsRepeatsOnTheNonUniqueSide(t *testing.T) {
	// Salesforce → Reply: a Reply owner may repeat.
	_, err := syncstep.CompileStep(syncstep.Step{Key: "a", Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1), pair(userB, 1)}}, ownership.Pair{})
	require.NoError(t, err)
	// Reply → Salesforce: a Salesforce owner may repeat, in either form.
	_, err = syncstep.CompileStep(syncstep.Step{Key: "b", Direction: r2s, Mappings: []ownership.Pair{
		pair(userA, 1), pair(ownership.MustParseSalesforceID("00558000001n0keaak"), 2), pair(queueQ, 3),
	}}, ownership.Pair{})
	require.NoError(t, err)
}

func TestCompileFindsStepByKeyAndUsesConfigDefaultPair(t *testing.T) {
	cfg := syncstep.Config{SalesforceUser: defaultSF, ReplyUser: 9, Steps: syncstep.DefaultSteps()}
	plan, err := syncstep.Compile(cfg, syncstep.StepPeopleToLeads)
	require.NoError(t, err)
	require.Equal(t, syncstep.StepPeopleToLeads, plan.Key())
	require.Equal(t, r2s, plan.Direction())
	require.True(t, plan.UsesDefaultPair())
	d := plan.Resolve(syncstep.Record{Reply: 4})
	require.Equal(t, syncstep.DefaultPair, d.Outcome)
	require.Equal(t, defaultSF, d.Salesforce)

	_, err = syncstep.Compile(cfg, "no_such_step")
	require.ErrorIs(t, err, syncstep.ErrUnknownStep)

	_, err = syncstep.Compile(syncstep.Config{Steps: syncstep.DefaultSteps()}, syncstep.StepContactsToPeople)
	require.ErrorIs(t, err, syncstep.ErrNoDefaultPair, "no pairs and no default pair")
}

func TestCompileAllCompilesEveryStepAndReportsEveryFailure(t *testing.T) {
	steps := []syncstep.Step{
		{Key: "good", Direction: s2r, Mappings: []ownership.Pair{pair(userA, 1)}},
		{Key: "no_direction"},
		{Key: "good", Direction: r2s},
		{Key: "dup", Direction: r2s, Mappings: []ownership.Pair{pair(userA, 1), pair(userB, 1)}},
		{Key: "default", Direction: r2s},
	}
	plans, err := syncstep.CompileAll(syncstep.Config{SalesforceUser: defaultSF, ReplyUser: 9, Steps: steps})
	got := make([]string, 0, len(plans))
	for k, p := range plans {
		require.Equal(t, k, p.Key())
		got = append(got, k)
	}
	require.ElementsMatch(t, []string{"good", "default"}, got)
	require.Equal(t, s2r, plans["good"].Direction(), "the first step with a repeated key is compiled")

	var failed []problem
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *syncstep.CompileError
		require.ErrorAs(t, e, &ce)
		for _, p := range problemsOf(t, ce.Problems) {
			p.Field = ce.Step + ":" + p.Field
			failed = append(failed, p)
		}
	}
	want := []problem{
		{Type: "field", Field: "no_direction:direction", Sentinel: "ErrMissingDirection"},
		{Type: "field", Field: "good:key", Sentinel: "ErrInvalidPair"},
		{Type: "conflict", Field: "dup:", Sentinel: "ErrDuplicateOwner", Index: 1, First: 0, Owner: "1"},
	}
	if diff := cmp.Diff(want, failed); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
}

func TestStepConflictsIgnoresUnsetOwnersAndStepsWithoutDirection(t *testing.T) {
	mappings := []ownership.Pair{pair(ownership.SalesforceID{}, 0), pair(ownership.SalesforceID{}, 0), pair(userA, 1), pair(userA, 1)}
	got := map[ownership.Direction]int{}
	for _, d := range []ownership.Direction{ownership.DirectionUnspecified, s2r, r2s} {
		got[d] = len(syncstep.Step{Direction: d, Mappings: mappings}.Conflicts())
	}
	if diff := cmp.Diff(map[ownership.Direction]int{ownership.DirectionUnspecified: 0, s2r: 1, r2s: 1}, got); diff != "" {
		t.Errorf("conflicts per direction (-want +got):\n%s", diff)
	}
}

func TestConflictAndFieldErrorMessagesNameStepAndOwner(t *testing.T) {
	c := &syncstep.Conflict{Step: "people_to_leads", Direction: r2s, Index: 3, First: 1, Owner: pair(userA, 42)}
	require.ErrorIs(t, c, syncstep.ErrDuplicateOwner)
	require.Equal(t, "42", c.OwnerText())
	for _, s := range []string{`"people_to_leads"`, "Reply owner 42", "mappings[1]", "mappings[3]"} {
		require.Contains(t, c.Error(), s)
	}
	c = &syncstep.Conflict{Step: "contacts_to_people", Direction: s2r, Index: 1, First: 0, Owner: pair(userA, 42)}
	require.Contains(t, c.Error(), "Salesforce owner 00558000001N0KeAAK")
	fe := &syncstep.FieldError{Step: "s", Field: "direction", Err: syncstep.ErrMissingDirection}
	require.ErrorIs(t, fe, syncstep.ErrMissingDirection)
	require.Contains(t, fe.Error(), "direction")
}
