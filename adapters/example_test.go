package adapters_test

import (
	"context"
	"fmt"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// A step is synced: owners are written where they change, and People to
// sequence enrolls the people of Reply user 7 in sequence 3.
func ExampleRunner() {
	alice := ownership.MustParseSalesforceID("00558000001N0Ke")
	bob := ownership.MustParseSalesforceID("005000000000002")
	step := syncstep.Step{
		Key: "contacts_to_people", Object: "Contact", Direction: ownership.SalesforceToReply,
		Mappings: []ownership.Pair{{Salesforce: alice, Reply: 7}},
		Sequence: &syncstep.PeopleToSequence{SequenceID: 3, Owners: []ownership.ReplyUserID{7}},
	}
	plan, err := syncstep.CompileStep(step, ownership.Pair{})
	if err != nil {
		panic(err)
	}
	// Store is a source, an owner sink and an Enroller.
	store := &adapterstest.Store{Rows: []syncstep.Record{
		{ID: "003A", Salesforce: alice},
		{ID: "003B", Salesforce: bob},
		{ID: "003C", Salesforce: alice, Reply: 7},
	}}
	r, err := adapters.NewRunner(plan, store, store, &adapters.RunOptions{
		OnRecord: func(res adapters.Result) { fmt.Println(res.Record.ID, res.Status, "enrolled:", res.Enrolled) },
	})
	if err != nil {
		panic(err)
	}
	rep, err := r.Run(context.Background(), "")
	c := rep.Counts
	fmt.Printf("%d records: %d applied, %d unchanged, %d skipped, %d failed; %d enrolled; complete=%v, err=%v\n",
		c.Records, c.Applied, c.Unchanged, c.Skipped, c.Failed, c.Enrolled, rep.Complete, err)
	fmt.Println(rep.Skips[0].Decision.Why())
	fmt.Println(store.Enrollments())
	// Output:
	// 003A applied enrolled: true
	// 003B skipped enrolled: false
	// 003C unchanged enrolled: true
	// 3 records: 1 applied, 1 unchanged, 1 skipped, 0 failed; 2 enrolled; complete=true, err=<nil>
	// Salesforce owner 005000000000002AAA is not mapped; skipped: not assigned and not added to sequences
	// map[003A:3 003C:3]
}

// An embedder classifies a Salesforce error; the runner then retries it.
func ExampleKindOf() {
	err := fmt.Errorf("update Contact 003A: %w",
		&adapters.Error{Kind: adapters.KindTransient, Code: "UNABLE_TO_LOCK_ROW"})
	fmt.Println(adapters.KindOf(err), adapters.KindOf(err).Retryable(), adapters.CodeOf(err))
	// Output: transient true UNABLE_TO_LOCK_ROW
}

func ExampleGatherFacts() {
	org := &adapterstest.Org{}
	team := &adapterstest.Team{Errs: map[string]error{adapters.PartWorkspace: adapters.ErrPermission}}
	facts, err := adapters.GatherFacts(context.Background(), org, team)
	fmt.Println(len(facts.SalesforceUsers), facts.SalesforceUsers != nil, facts.Workspace)
	fmt.Println(err)
	// Output:
	// 0 true unknown
	// gather workspace: permission denied
}
