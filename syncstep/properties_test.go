package syncstep_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/ownership/ownershiptest"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/syncstep/syncsteptest"
)

// drawPlan draws a valid config and compiles one of its steps.
func drawPlan(t *rapid.T) (syncstep.Config, syncstep.Step, *syncstep.Plan) {
	cfg := syncsteptest.Config().Draw(t, "config")
	s := rapid.SampledFrom(cfg.Steps).Draw(t, "step")
	p, err := syncstep.Compile(cfg, s.Key)
	if err != nil {
		t.Fatalf("a generated step does not compile: %v", err)
	}
	return cfg, s, p
}

func TestPropertyGeneratedConfigsCompile(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := syncsteptest.Config().Draw(t, "config")
		plans, err := syncstep.CompileAll(cfg)
		if err != nil {
			t.Fatalf("CompileAll: %v", err)
		}
		if len(plans) != len(cfg.Steps) {
			t.Fatalf("%d plans for %d steps", len(plans), len(cfg.Steps))
		}
	})
}

func TestPropertyPlanIsAFunctionInItsDirection(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, s, p := drawPlan(t)
		// Every pair's source owner resolves to its target owner, through
		// the pair; for Salesforce → Reply in either form and any case.
		for i, pr := range s.Mappings {
			var d syncstep.Decision
			if s.Direction == ownership.SalesforceToReply {
				forms := []string{pr.Salesforce.Short(), pr.Salesforce.String(),
					ownershiptest.CaseMangle(pr.Salesforce.String()).Draw(t, "written as")}
				for _, f := range forms {
					got, err := p.ResolveSalesforceOwner(f)
					if err != nil {
						t.Fatalf("ResolveSalesforceOwner(%q): %v", f, err)
					}
					if got.Outcome != syncstep.Mapped || got.Reply != pr.Reply || got.Pair != i {
						t.Fatalf("pair %d %v: owner written %q resolved to %+v", i, pr, f, got)
					}
				}
				d = p.Resolve(syncstep.Record{Salesforce: pr.Salesforce})
				if d.Reply != pr.Reply {
					t.Fatalf("pair %d %v: Resolve gave Reply owner %v", i, pr, d.Reply)
				}
			} else {
				d = p.Resolve(syncstep.Record{Reply: pr.Reply})
				if d.Outcome != syncstep.Mapped || d.Salesforce != pr.Salesforce || d.Pair != i {
					t.Fatalf("pair %d %v resolved to %+v", i, pr, d)
				}
			}
		}
		// Records with one source owner get one decision, whatever their
		// current owner on the target side.
		records := syncsteptest.Records(s).Draw(t, "records")
		seen := map[string]syncstep.Decision{}
		for _, r := range records {
			d := p.Resolve(r)
			key := r.Source(s.Direction)
			if prev, ok := seen[key]; ok && prev != d {
				t.Fatalf("source owner %s resolved to %+v and to %+v", key, prev, d)
			}
			seen[key] = d
		}
	})
}

func TestPropertyResolvingABatchKeepsEveryRecord(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, s, p := drawPlan(t)
		records := syncsteptest.Records(s).Draw(t, "records")
		decisions := p.ResolveAll(records)
		if len(decisions) != len(records) {
			t.Fatalf("%d decisions for %d records", len(decisions), len(records))
		}
		for i, d := range decisions {
			if want := p.Resolve(records[i]); d != want {
				t.Fatalf("decision %d is %+v, want %+v (the record's own)", i, d, want)
			}
			if d.Outcome == syncstep.OutcomeUnspecified || d.Direction != s.Direction {
				t.Fatalf("decision %d %+v has no outcome or the wrong direction", i, d)
			}
			if d.HasOwner() == (d.Target() == "") {
				t.Fatalf("decision %d %+v: HasOwner %v but Target %q", i, d, d.HasOwner(), d.Target())
			}
		}
	})
}

func TestPropertyDryRunCountsAddUpAndListsAreConsistent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, s, p := drawPlan(t)
		records := syncsteptest.Records(s).Draw(t, "records")
		rep := p.DryRun(slices.Values(records))
		c := rep.Counts
		if c.Records != len(records) || c.Records != c.Changes+c.Unchanged+c.Skipped+c.LeftToSalesforce {
			t.Fatalf("counts %+v do not add up to %d records", c, len(records))
		}
		if len(rep.Changes) != c.Changes || len(rep.Skips) != c.Skipped+c.LeftToSalesforce {
			t.Fatalf("%d changes and %d skips listed, counts %+v", len(rep.Changes), len(rep.Skips), c)
		}
		sum := 0
		for _, n := range c.ByOutcome {
			sum += n
		}
		if sum != c.Records || c.ByOutcome[syncstep.OutcomeUnspecified] != 0 {
			t.Fatalf("ByOutcome %v does not sum to %d", c.ByOutcome, c.Records)
		}
		// Lists are in input order, and each entry is what Resolve decides.
		for _, ch := range rep.Changes {
			if syncstep.Unchanged(ch.Record, ch.Decision) || !ch.Decision.HasOwner() || ch.From() == ch.To() {
				t.Fatalf("listed change %+v changes nothing", ch)
			}
		}
		for _, k := range rep.Skips {
			if k.Decision.HasOwner() {
				t.Fatalf("listed skip %+v names an owner", k)
			}
		}
		enrolled, unchanged := 0, 0
		for _, r := range records {
			d := p.Resolve(r)
			if d.Enroll {
				enrolled++
			}
			if syncstep.Unchanged(r, d) {
				unchanged++
			}
		}
		if enrolled != c.Enrolled || unchanged != c.Unchanged {
			t.Fatalf("counted %d enrolled and %d unchanged, want %d and %d", c.Enrolled, c.Unchanged, enrolled, unchanged)
		}
		// Both lists are in input order (record IDs are distinct and
		// increasing in the generated batches) and hold what Resolve decides.
		nc, ns := 0, 0
		for _, r := range records {
			d := p.Resolve(r)
			if nc < len(rep.Changes) && rep.Changes[nc].Record == r {
				if rep.Changes[nc].Decision != d {
					t.Fatalf("change of %s holds %+v, want %+v", r.ID, rep.Changes[nc].Decision, d)
				}
				nc++
			}
			if ns < len(rep.Skips) && rep.Skips[ns].Record == r {
				if rep.Skips[ns].Decision != d {
					t.Fatalf("skip of %s holds %+v, want %+v", r.ID, rep.Skips[ns].Decision, d)
				}
				ns++
			}
		}
		if nc != len(rep.Changes) || ns != len(rep.Skips) {
			t.Fatalf("changes or skips are not the records' own, in input order")
		}
	})
}

func TestPropertyApplyAllCompilesEverythingOrChangesNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := syncsteptest.Config().Draw(t, "config")
		from := rapid.SampledFrom(cfg.Steps).Draw(t, "from")
		before := cfg.Clone()
		out, err := syncstep.ApplyAll(cfg, from.Key)
		if !cmp.Equal(before, cfg) {
			t.Fatalf("ApplyAll modified its argument")
		}
		if err == nil {
			if _, cerr := syncstep.CompileAll(out); cerr != nil {
				t.Fatalf("ApplyAll succeeded but a step does not compile: %v", cerr)
			}
			for i, s := range out.Steps {
				want := before.Steps[i]
				want.Mappings = from.Mappings
				if diff := cmp.Diff(want, s, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("step %d changed beyond its pairs (-want +got):\n%s", i, diff)
				}
			}
			return
		}
		if !errors.Is(err, syncstep.ErrApplyAllConflict) {
			t.Fatalf("ApplyAll error %v does not match ErrApplyAllConflict", err)
		}
		if !cmp.Equal(before, out) {
			t.Fatalf("ApplyAll failed but changed the configuration")
		}
		var ae *syncstep.ApplyAllError
		if !errors.As(err, &ae) || len(ae.Conflicts()) == 0 {
			t.Fatalf("ApplyAll error %v names no conflict", err)
		}
		for _, c := range ae.Conflicts() {
			i := cfg.StepIndex(c.Step)
			if i < 0 || cfg.Steps[i].Direction != c.Direction {
				t.Fatalf("conflict %v names no real step of its direction", c)
			}
			// The owner really is named twice on the step's unique side.
			if c.Index >= len(from.Mappings) || c.First >= c.Index ||
				from.Mappings[c.Index] != c.Owner ||
				c.Owner.Source(c.Direction) != from.Mappings[c.First].Source(c.Direction) {
				t.Fatalf("conflict %+v is not a repeated owner of %v", c, from.Mappings)
			}
		}
	})
}

func TestPropertyJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := syncsteptest.Config().Draw(t, "config")
		enc, err := syncstep.EncodeConfig(cfg)
		if err != nil {
			t.Fatalf("EncodeConfig: %v", err)
		}
		back, err := syncstep.DecodeConfig(enc)
		if err != nil {
			t.Fatalf("DecodeConfig of\n%s\n: %v", enc, err)
		}
		if diff := cmp.Diff(cfg, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

// Configurations that are not valid yet (a draft being edited: a missing
// direction, an incomplete pair, no default pair) still encode, and decode
// back as they were, as MarshalJSON documents.
func TestPropertyJSONRoundTripOfIncompleteConfigs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := syncsteptest.Config().Draw(t, "config")
		if rapid.Bool().Draw(t, "no default pair") {
			cfg.SalesforceUser, cfg.ReplyUser = ownership.SalesforceID{}, 0
		}
		for i := range cfg.Steps {
			s := &cfg.Steps[i]
			if rapid.Bool().Draw(t, "no direction") {
				s.Direction = ownership.DirectionUnspecified
			}
			s.Mappings = append(s.Mappings, ownership.Pair{
				Salesforce: rapid.SampledFrom([]ownership.SalesforceID{{}, userA}).Draw(t, "half pair salesforce"),
				Reply:      rapid.SampledFrom([]ownership.ReplyUserID{0, 1}).Draw(t, "half pair reply"),
			})
		}
		enc, err := syncstep.EncodeConfig(cfg)
		if err != nil {
			t.Fatalf("EncodeConfig: %v", err)
		}
		back, err := syncstep.DecodeConfig(enc)
		if err != nil {
			t.Fatalf("DecodeConfig of\n%s\n: %v", enc, err)
		}
		if diff := cmp.Diff(cfg, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

func TestPropertySuggestKeepsUniqueness(t *testing.T) {
	emails := []string{"a@x.io", " A@x.io", "b@x.io", "c@x.io", "B@X.IO ", ""}
	rapid.Check(t, func(t *rapid.T) {
		s := syncsteptest.Step(ownershiptest.Direction().Draw(t, "direction")).Draw(t, "step")
		sfIDs := rapid.SliceOfN(ownershiptest.OwnerID(), 1, 4).Draw(t, "salesforce ids")
		var users []ownership.SalesforceUser
		for range rapid.IntRange(0, 6).Draw(t, "users") {
			users = append(users, ownership.SalesforceUser{
				ID:     rapid.SampledFrom(append(sfIDs, pairsSalesforce(s.Mappings)...)).Draw(t, "user id"),
				Email:  rapid.SampledFrom(emails).Draw(t, "user email"),
				Active: rapid.Bool().Draw(t, "user active"),
			})
		}
		var members []ownership.ReplyMember
		for range rapid.IntRange(0, 6).Draw(t, "members") {
			members = append(members, ownership.ReplyMember{
				ID:     ownership.ReplyUserID(rapid.IntRange(0, 5).Draw(t, "member id")),
				Email:  rapid.SampledFrom(emails).Draw(t, "member email"),
				Active: rapid.Bool().Draw(t, "member active"),
			})
		}
		got := syncstep.Suggest(s.Direction, s.Mappings, users, members)
		if len(got.Pairs) != len(got.Emails) || !slices.IsSorted(got.Emails) {
			t.Fatalf("pairs %v and emails %v do not line up sorted", got.Pairs, got.Emails)
		}
		for _, p := range got.Pairs {
			for _, q := range s.Mappings {
				if p.Source(s.Direction) == q.Source(s.Direction) {
					t.Fatalf("suggested %v for an owner the user mapped in %v", p, q)
				}
			}
		}
		merged := got.Merge(s.Mappings)
		if !slices.Equal(merged[:len(s.Mappings)], s.Mappings) {
			t.Fatalf("Merge changed the user's pairs")
		}
		s.Mappings = merged
		if c := s.Conflicts(); len(c) > 0 {
			t.Fatalf("Merge broke uniqueness: %v", c)
		}
		if again := syncstep.Suggest(s.Direction, merged[:len(merged)-len(got.Pairs)], users, members); !cmp.Equal(got, again) {
			t.Fatalf("Suggest is not deterministic")
		}
	})
}

func pairsSalesforce(ps []ownership.Pair) []ownership.SalesforceID {
	var out []ownership.SalesforceID
	for _, p := range ps {
		out = append(out, p.Salesforce)
	}
	return out
}
