package syncsteptest

import (
	"fmt"
	"slices"

	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/ownership/ownershiptest"
	"github.com/ownermap/ownermap/syncstep"
)

// pools are the owners a generated configuration draws from.
type pools struct {
	sf    []ownership.SalesforceID
	reply []ownership.ReplyUserID
}

func drawPools(t *rapid.T) pools {
	return pools{
		sf:    rapid.SliceOfNDistinct(ownershiptest.OwnerID(), 1, 5, rapid.ID[ownership.SalesforceID]).Draw(t, "salesforce pool"),
		reply: rapid.SliceOfNDistinct(rapid.Map(rapid.Int64Range(1, 1000), toReply), 1, 5, rapid.ID[ownership.ReplyUserID]).Draw(t, "reply pool"),
	}
}

func toReply(n int64) ownership.ReplyUserID { return ownership.ReplyUserID(n) }

var (
	objects   = []string{"Contact", "Lead", "Task", "Note", "Case"}
	fields    = []string{"LeadSource", "Status", "Industry", "Email"}
	operators = []syncstep.FilterOperator{syncstep.OpEquals, syncstep.OpNotEquals, syncstep.OpIn, syncstep.OpNotIn}
)

// Config generates valid configurations: one to six steps with unique keys
// (sometimes Reply's catalogue keys), every step with a direction and pairs
// that respect its direction's uniqueness (or no pairs, so the default pair
// applies), a policy valid for its direction, a complete default pair (a
// User and a positive Reply id), no Owner ID filters, and People to
// sequence owners among the Reply owners the step maps. ApplyAllFrom is
// empty or the key of one of the steps. Every step of every generated
// Config compiles with syncstep.CompileAll.
func Config() *rapid.Generator[syncstep.Config] {
	catalogue := syncstep.DefaultSteps()
	keys := make([]string, 0, len(catalogue)+4)
	for _, s := range catalogue {
		keys = append(keys, s.Key)
	}
	for i := range 4 {
		keys = append(keys, fmt.Sprintf("custom_%d", i))
	}
	return rapid.Custom(func(t *rapid.T) syncstep.Config {
		p := drawPools(t)
		cfg := syncstep.Config{
			SalesforceUser: ownershiptest.UserID().Draw(t, "salesforce user"),
			ReplyUser:      rapid.SampledFrom(p.reply).Draw(t, "reply user"),
		}
		stepKeys := rapid.SliceOfNDistinct(rapid.SampledFrom(keys), 1, 6, rapid.ID[string]).Draw(t, "keys")
		for _, k := range stepKeys {
			dir := ownershiptest.Direction().Draw(t, "direction")
			cfg.Steps = append(cfg.Steps, drawStep(t, k, dir, p, cfg.ReplyUser))
		}
		if rapid.Bool().Draw(t, "apply all") {
			cfg.ApplyAllFrom = rapid.SampledFrom(stepKeys).Draw(t, "apply all from")
		}
		return cfg
	})
}

// Step generates one valid step of direction dir, with a key drawn from
// Reply's catalogue, over owner pools of its own. It has pairs unless
// drawn otherwise; compile it with a complete default pair.
func Step(dir ownership.Direction) *rapid.Generator[syncstep.Step] {
	if !dir.Valid() {
		panic("syncsteptest.Step: direction must be valid, got " + dir.String())
	}
	catalogue := syncstep.DefaultSteps()
	return rapid.Custom(func(t *rapid.T) syncstep.Step {
		p := drawPools(t)
		key := rapid.SampledFrom(catalogue).Draw(t, "catalogue step").Key
		return drawStep(t, key, dir, p, rapid.SampledFrom(p.reply).Draw(t, "default reply"))
	})
}

func drawStep(t *rapid.T, key string, dir ownership.Direction, p pools, defaultReply ownership.ReplyUserID) syncstep.Step {
	s := syncstep.Step{
		Key:       key,
		Name:      rapid.String().Draw(t, "name"),
		Object:    rapid.SampledFrom(objects).Draw(t, "object"),
		Direction: dir,
	}
	for range rapid.IntRange(0, 2).Draw(t, "filters") {
		s.Filters = append(s.Filters, syncstep.Filter{
			Field:    rapid.SampledFrom(fields).Draw(t, "field"),
			Operator: rapid.SampledFrom(operators).Draw(t, "operator"),
			Values:   rapid.SliceOfN(rapid.String(), 0, 3).Draw(t, "values"),
		})
	}

	// The unique side gets distinct owners; the other side repeats freely.
	if dir == ownership.SalesforceToReply {
		uniq := rapid.Permutation(p.sf).Draw(t, "salesforce owners")
		n := rapid.IntRange(0, len(uniq)).Draw(t, "pairs")
		for _, sf := range uniq[:n] {
			s.Mappings = append(s.Mappings, ownership.Pair{Salesforce: sf, Reply: rapid.SampledFrom(p.reply).Draw(t, "reply owner")})
		}
	} else {
		uniq := rapid.Permutation(p.reply).Draw(t, "reply owners")
		n := rapid.IntRange(0, len(uniq)).Draw(t, "pairs")
		for _, r := range uniq[:n] {
			s.Mappings = append(s.Mappings, ownership.Pair{Salesforce: rapid.SampledFrom(p.sf).Draw(t, "salesforce owner"), Reply: r})
		}
	}

	switch dir {
	case ownership.SalesforceToReply:
		switch rapid.IntRange(0, 1).Draw(t, "policy") {
		case 1:
			s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback,
				Fallback: ownership.Pair{Reply: rapid.SampledFrom(p.reply).Draw(t, "fallback")}}
		}
		if rapid.Bool().Draw(t, "people to sequence") {
			targets := []ownership.ReplyUserID{defaultReply}
			if s.HasPairs() {
				targets = targets[:0]
				for _, pr := range s.Mappings {
					targets = append(targets, pr.Reply)
				}
			}
			owners := rapid.SliceOfDistinct(rapid.SampledFrom(targets), rapid.ID[ownership.ReplyUserID]).Draw(t, "sequence owners")
			s.Sequence = &syncstep.PeopleToSequence{
				SequenceID: rapid.Int64Range(0, 1<<40).Draw(t, "sequence id"),
				Owners:     owners,
			}
		}
	case ownership.ReplyToSalesforce:
		switch rapid.IntRange(0, 2).Draw(t, "policy") {
		case 1:
			s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback,
				Fallback: ownership.Pair{Salesforce: rapid.SampledFrom(p.sf).Draw(t, "fallback")}}
		case 2:
			s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}
		}
	}
	return s
}

// Records generates a batch of zero to twenty records for step s, each with
// a distinct ID. The owner on the source side is, at random, one that a pair
// of s maps, the fallback owner, an owner s does not know, or none; the
// current owner on the target side is none, an owner s maps to, or another.
// In a Salesforce → Reply step the source owner is a Salesforce ID
// (sometimes one that cannot own records); in a Reply → Salesforce step it
// is a Reply id.
func Records(s syncstep.Step) *rapid.Generator[[]syncstep.Record] {
	var sources []ownership.Pair // candidate owners on either side
	sources = append(sources, s.Mappings...)
	if s.Unmapped.Action == syncstep.UnmappedFallback {
		sources = append(sources, s.Unmapped.Fallback)
	}
	return rapid.Custom(func(t *rapid.T) []syncstep.Record {
		n := rapid.IntRange(0, 20).Draw(t, "records")
		out := make([]syncstep.Record, 0, n)
		for i := range n {
			r := syncstep.Record{ID: fmt.Sprintf("rec-%d", i)}
			src := drawOwner(t, sources, "source")
			cur := drawOwner(t, sources, "current")
			if s.Direction == ownership.ReplyToSalesforce {
				r.Reply, r.Salesforce = src.Reply, cur.Salesforce
			} else {
				r.Salesforce, r.Reply = src.Salesforce, cur.Reply
			}
			out = append(out, r)
		}
		return out
	})
}

// drawOwner draws an owner pair that is known (one of known), new, or none.
func drawOwner(t *rapid.T, known []ownership.Pair, label string) ownership.Pair {
	kinds := []int{0, 1}
	if len(known) > 0 {
		kinds = append(kinds, 2, 2, 2)
	}
	switch rapid.SampledFrom(kinds).Draw(t, label+" kind") {
	case 0:
		return ownership.Pair{}
	case 1:
		return ownership.Pair{
			Salesforce: ownershiptest.SalesforceID().Draw(t, label+" salesforce"),
			Reply:      ownershiptest.ReplyUserID().Draw(t, label+" reply"),
		}
	}
	return rapid.SampledFrom(slices.Clip(known)).Draw(t, label)
}
