package syncstep_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// These tests pin the table-driven Plan (index.go) to model, a resolver
// written the plain way, over Go maps, with the semantics of the package
// documentation: every decision of Resolve, ResolveSalesforceOwner,
// ResolveReplyOwner and ResolveAll must equal the model's, for mapped and
// unmapped owners, the zero ID, invalid Reply ids, every ID form and every
// policy.

// model resolves the way Plan did before it had its own hash tables.
type model struct {
	step       syncstep.Step
	def        ownership.Pair
	bySF       map[ownership.SalesforceID]int
	byReply    map[ownership.ReplyUserID]int
	enroll     map[ownership.ReplyUserID]bool // nil without People to sequence
	useDefault bool
}

func newModel(s syncstep.Step, def ownership.Pair) model {
	m := model{step: s, def: def, useDefault: len(s.Mappings) == 0,
		bySF: map[ownership.SalesforceID]int{}, byReply: map[ownership.ReplyUserID]int{}}
	for i, p := range s.Mappings {
		if _, dup := m.bySF[p.Salesforce]; !dup {
			m.bySF[p.Salesforce] = i
		}
		if _, dup := m.byReply[p.Reply]; !dup {
			m.byReply[p.Reply] = i
		}
	}
	if s.Sequence != nil {
		m.enroll = map[ownership.ReplyUserID]bool{}
		for _, o := range s.Sequence.Owners {
			m.enroll[o] = true
		}
	}
	return m
}

func (m model) resolve(r syncstep.Record) syncstep.Decision {
	if m.step.Direction == ownership.SalesforceToReply {
		d := syncstep.Decision{Direction: ownership.SalesforceToReply, Salesforce: r.Salesforce, Pair: -1}
		i, ok := m.bySF[r.Salesforce]
		switch {
		case m.useDefault:
			d.Outcome, d.Reply = syncstep.DefaultPair, m.def.Reply
		case ok:
			d.Outcome, d.Reply, d.Pair = syncstep.Mapped, m.step.Mappings[i].Reply, i
		case m.step.Unmapped.Action == syncstep.UnmappedFallback:
			d.Outcome, d.Reply = syncstep.Fallback, m.step.Unmapped.Fallback.Reply
		default:
			d.Outcome = syncstep.Skipped
			return d
		}
		d.Enroll = m.enroll[d.Reply]
		return d
	}
	d := syncstep.Decision{Direction: ownership.ReplyToSalesforce, Reply: r.Reply, Pair: -1}
	i, ok := m.byReply[r.Reply]
	switch {
	case m.useDefault:
		d.Outcome, d.Salesforce = syncstep.DefaultPair, m.def.Salesforce
	case ok:
		d.Outcome, d.Salesforce, d.Pair = syncstep.Mapped, m.step.Mappings[i].Salesforce, i
	case m.step.Unmapped.Action == syncstep.UnmappedFallback:
		d.Outcome, d.Salesforce = syncstep.Fallback, m.step.Unmapped.Fallback.Salesforce
	case m.step.Unmapped.Action == syncstep.UnmappedLeaveToSalesforce:
		d.Outcome = syncstep.LeftToSalesforce
	default:
		d.Outcome = syncstep.Skipped
	}
	return d
}

// idsByValue compares SalesforceIDs with ==, as the type documents.
var idsByValue = cmpopts.EquateComparable(ownership.SalesforceID{})

// ownerIDGen draws User (005) and Queue (00G) IDs; the few characters it
// varies make IDs that differ only in letter case likely.
func ownerIDGen() *rapid.Generator[ownership.SalesforceID] {
	return rapid.Custom(func(t *rapid.T) ownership.SalesforceID {
		b := []byte(rapid.SampledFrom([]string{"005", "00G"}).Draw(t, "prefix") + "58000001N0K")
		for len(b) < 15 {
			b = append(b, rapid.SampledFrom([]byte("aAbB0z")).Draw(t, "char"))
		}
		return ownership.MustParseSalesforceID(string(b))
	})
}

// stepGen draws a step that compiles: its unique side has no repeats.
func stepGen(pool []ownership.SalesforceID) *rapid.Generator[syncstep.Step] {
	return rapid.Custom(func(t *rapid.T) syncstep.Step {
		dir := rapid.SampledFrom([]ownership.Direction{ownership.SalesforceToReply, ownership.ReplyToSalesforce}).Draw(t, "direction")
		s := syncstep.Step{Key: "step", Direction: dir}
		seenSF := map[ownership.SalesforceID]bool{}
		seenReply := map[ownership.ReplyUserID]bool{}
		for range rapid.IntRange(0, 8).Draw(t, "pairs") {
			p := ownership.Pair{
				Salesforce: rapid.SampledFrom(pool).Draw(t, "salesforce"),
				Reply:      ownership.ReplyUserID(rapid.IntRange(1, 12).Draw(t, "reply")),
			}
			if dir == ownership.SalesforceToReply && seenSF[p.Salesforce] || dir == ownership.ReplyToSalesforce && seenReply[p.Reply] {
				continue
			}
			seenSF[p.Salesforce], seenReply[p.Reply] = true, true
			s.Mappings = append(s.Mappings, p)
		}
		actions := []syncstep.UnmappedAction{syncstep.UnmappedSkip, syncstep.UnmappedFallback}
		if dir == ownership.ReplyToSalesforce {
			actions = append(actions, syncstep.UnmappedLeaveToSalesforce)
		}
		s.Unmapped.Action = rapid.SampledFrom(actions).Draw(t, "unmapped")
		if s.Unmapped.Action == syncstep.UnmappedFallback {
			s.Unmapped.Fallback = ownership.Pair{
				Salesforce: rapid.SampledFrom(pool).Draw(t, "fallback salesforce"),
				Reply:      ownership.ReplyUserID(rapid.IntRange(1, 12).Draw(t, "fallback reply")),
			}
		}
		if dir == ownership.SalesforceToReply && rapid.Bool().Draw(t, "sequence") {
			s.Sequence = &syncstep.PeopleToSequence{SequenceID: 1}
			for range rapid.IntRange(0, 4).Draw(t, "sequence owners") {
				s.Sequence.Owners = append(s.Sequence.Owners, ownership.ReplyUserID(rapid.IntRange(1, 12).Draw(t, "sequence owner")))
			}
		}
		return s
	})
}

// recordGen draws records whose owners are in the pools, or are the zero
// ID, unknown IDs, 0 or negative Reply ids.
func recordGen(pool []ownership.SalesforceID) *rapid.Generator[syncstep.Record] {
	return rapid.Custom(func(t *rapid.T) syncstep.Record {
		var r syncstep.Record
		switch rapid.IntRange(0, 5).Draw(t, "salesforce kind") {
		case 0:
			// the zero ID: no owner
		case 1:
			r.Salesforce = ownerIDGen().Draw(t, "other salesforce")
		default:
			r.Salesforce = rapid.SampledFrom(pool).Draw(t, "salesforce")
		}
		r.Reply = ownership.ReplyUserID(rapid.IntRange(-2, 14).Draw(t, "reply"))
		return r
	})
}

// textForms returns inputs for ResolveSalesforceOwner that name id: its
// canonical 18 characters, its 15, the 18 in other letter cases, and
// malformed variants.
func textForms(t *rapid.T, id ownership.SalesforceID) []string {
	long, short := id.String(), id.Short()
	mangled := []byte(long)
	for i, c := range mangled {
		if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && rapid.Bool().Draw(t, "flip") {
			mangled[i] = c ^ 0x20
		}
	}
	return []string{
		long, short, string(mangled), strings.ToLower(long), strings.ToUpper(long),
		long[:17], short[:14] + "!", long[:15] + "999", long + "A", "",
	}
}

func TestPropertyPlanDecidesAsTheMapModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := rapid.SliceOfNDistinct(ownerIDGen(), 1, 6, func(id ownership.SalesforceID) ownership.SalesforceID { return id }).Draw(t, "pool")
		s := stepGen(pool).Draw(t, "step")
		def := ownership.Pair{Salesforce: pool[0], Reply: ownership.ReplyUserID(rapid.IntRange(1, 12).Draw(t, "default reply"))}
		p, err := syncstep.CompileStep(s, def)
		require.NoError(t, err)
		m := newModel(s, def)

		records := rapid.SliceOfN(recordGen(pool), 1, 20).Draw(t, "records")
		want := make([]syncstep.Decision, len(records))
		for i, r := range records {
			want[i] = m.resolve(r)
			if diff := cmp.Diff(want[i], p.Resolve(r), idsByValue); diff != "" {
				t.Fatalf("Resolve(%+v) (-model +plan):\n%s", r, diff)
			}
		}
		if diff := cmp.Diff(want, p.ResolveAll(records), idsByValue); diff != "" {
			t.Fatalf("ResolveAll (-model +plan):\n%s", diff)
		}

		if s.Direction == ownership.ReplyToSalesforce {
			for _, r := range records {
				got, err := p.ResolveReplyOwner(r.Reply)
				require.NoError(t, err)
				if diff := cmp.Diff(m.resolve(syncstep.Record{Reply: r.Reply}), got, idsByValue); diff != "" {
					t.Fatalf("ResolveReplyOwner(%d) (-model +plan):\n%s", r.Reply, diff)
				}
			}
			_, err := p.ResolveSalesforceOwner(pool[0].String())
			require.ErrorIs(t, err, syncstep.ErrWrongDirection)
			return
		}
		_, err = p.ResolveReplyOwner(1)
		require.ErrorIs(t, err, syncstep.ErrWrongDirection)
		for _, r := range records {
			if r.Salesforce.IsZero() {
				continue
			}
			for _, text := range textForms(t, r.Salesforce) {
				got, err := p.ResolveSalesforceOwner(text)
				id, perr := ownership.ParseSalesforceID(text)
				if perr != nil {
					require.ErrorIs(t, err, ownership.ErrInvalidSalesforceID, "input %q", text)
					require.EqualError(t, err, perr.Error())
					require.Equal(t, syncstep.Decision{}, got)
					continue
				}
				require.NoError(t, err, "input %q", text)
				if diff := cmp.Diff(m.resolve(syncstep.Record{Salesforce: id}), got, idsByValue); diff != "" {
					t.Fatalf("ResolveSalesforceOwner(%q) (-model +plan):\n%s", text, diff)
				}
			}
		}
	})
}

func TestPropertyCompileStepReportsTheConflictsOfStepConflicts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pool := rapid.SliceOfNDistinct(ownerIDGen(), 1, 4, func(id ownership.SalesforceID) ownership.SalesforceID { return id }).Draw(t, "pool")
		dir := rapid.SampledFrom([]ownership.Direction{ownership.SalesforceToReply, ownership.ReplyToSalesforce}).Draw(t, "direction")
		s := syncstep.Step{Key: "dups", Direction: dir}
		for range rapid.IntRange(1, 8).Draw(t, "pairs") {
			s.Mappings = append(s.Mappings, ownership.Pair{
				Salesforce: rapid.SampledFrom(pool).Draw(t, "salesforce"),
				Reply:      ownership.ReplyUserID(rapid.IntRange(1, 3).Draw(t, "reply")),
			})
		}
		want := s.Conflicts()
		_, err := syncstep.CompileStep(s, ownership.Pair{})
		var got []syncstep.Conflict
		for _, c := range conflictsIn(err) {
			got = append(got, *c)
		}
		if diff := cmp.Diff(want, got, idsByValue); diff != "" {
			t.Fatalf("conflicts of CompileStep (-Step.Conflicts +CompileStep):\n%s", diff)
		}
	})
}

func conflictsIn(err error) []*syncstep.Conflict {
	var ce *syncstep.CompileError
	if !errors.As(err, &ce) {
		return nil
	}
	var out []*syncstep.Conflict
	for _, p := range ce.Problems {
		if c, ok := p.(*syncstep.Conflict); ok {
			out = append(out, c)
		}
	}
	return out
}

// TestLargePlanFindsEveryOwnerAndNoOther fills the tables far beyond the
// few slots the property test reaches, so that probe chains wrap around
// the end of the table, and checks every hit and many misses against a map.
func TestLargePlanFindsEveryOwnerAndNoOther(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	ids := randomUserIDs(rng, 6000)
	pairs := make([]ownership.Pair, 5000)
	for i := range pairs {
		pairs[i] = ownership.Pair{Salesforce: ids[i], Reply: ownership.ReplyUserID(i + 1)}
	}
	for _, dir := range []ownership.Direction{ownership.SalesforceToReply, ownership.ReplyToSalesforce} {
		s := syncstep.Step{Key: "large", Direction: dir, Mappings: pairs}
		p, err := syncstep.CompileStep(s, ownership.Pair{})
		require.NoError(t, err)
		m := newModel(s, ownership.Pair{})
		for i, id := range ids {
			r := syncstep.Record{Salesforce: id, Reply: ownership.ReplyUserID(i + 1)}
			require.Equal(t, m.resolve(r), p.Resolve(r))
			if dir == ownership.SalesforceToReply {
				for _, text := range []string{id.String(), id.Short(), strings.ToLower(id.String())} {
					got, err := p.ResolveSalesforceOwner(text)
					require.NoError(t, err)
					require.Equal(t, m.resolve(syncstep.Record{Salesforce: id}), got, "input %q", text)
				}
			}
		}
	}
}

func TestZeroPlanSkipsEveryRecord(t *testing.T) {
	var p syncstep.Plan
	r := syncstep.Record{Salesforce: ownership.MustParseSalesforceID("00558000001N0Ke"), Reply: 7}
	want := syncstep.Decision{Outcome: syncstep.Skipped, Direction: ownership.ReplyToSalesforce, Reply: 7, Pair: -1}
	require.Equal(t, want, p.Resolve(r))
}
