package validate_test

import (
	"fmt"
	"testing"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// benchWorld builds a valid configuration of steps steps of pairs pairs
// each, half in each direction, with full facts naming every owner: pairs
// Salesforce users and pairs Reply members, all active.
func benchWorld(steps, pairs int) (syncstep.Config, validate.Facts) {
	f := validate.Facts{
		SalesforceUsers:       make([]ownership.SalesforceUser, pairs),
		Queues:                []ownership.Queue{},
		AssignmentRuleObjects: []string{"Case"},
		ReplyMembers:          make([]ownership.ReplyMember, pairs),
		Workspace:             ownership.TeamEdition,
	}
	for i := range pairs {
		f.SalesforceUsers[i] = ownership.SalesforceUser{ID: ownership.MustParseSalesforceID(fmt.Sprintf("005Bq%010d", i)), Active: true}
		f.ReplyMembers[i] = ownership.ReplyMember{ID: ownership.ReplyUserID(i + 1), Active: true}
	}
	f.ReplyMembers[0].IntegrationEnabled = true
	f.TeamOwner = f.ReplyMembers[0].ID
	cfg := syncstep.Config{SalesforceUser: f.SalesforceUsers[0].ID, ReplyUser: f.TeamOwner}
	for s := range steps {
		step := syncstep.Step{Key: fmt.Sprintf("step_%d", s), Object: "Contact", Mappings: make([]ownership.Pair, pairs)}
		for j := range pairs {
			if s%2 == 0 {
				step.Direction = ownership.SalesforceToReply
				step.Mappings[j] = ownership.Pair{Salesforce: f.SalesforceUsers[j].ID, Reply: f.ReplyMembers[j%50%pairs].ID}
			} else {
				step.Direction = ownership.ReplyToSalesforce
				step.Mappings[j] = ownership.Pair{Salesforce: f.SalesforceUsers[j%50%pairs].ID, Reply: f.ReplyMembers[j].ID}
			}
		}
		if s%2 == 0 {
			step.Sequence = &syncstep.PeopleToSequence{Owners: []ownership.ReplyUserID{f.ReplyMembers[0].ID}}
		}
		cfg.Steps = append(cfg.Steps, step)
	}
	return cfg, f
}

// BenchmarkConfig validates 20 steps of 1,000, 10,000 and 100,000 pairs
// with full facts and reports the cost per pair, which should not grow
// with size: validation is linear.
func BenchmarkConfig(b *testing.B) {
	const steps = 20
	for _, pairs := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("steps=%d/pairs=%d", steps, pairs), func(b *testing.B) {
			cfg, facts := benchWorld(steps, pairs)
			if ds := validate.Config(cfg, facts); len(ds) != 0 {
				b.Fatalf("the benchmark's configuration is not clean: %v", ds[0])
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				validate.Config(cfg, facts)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(steps*pairs), "ns/pair")
		})
	}
}
