package adapterstest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// A sink refusing every second call makes the runner wait what the service
// asked, twice (calls 2 and 4 of 5), on a fake clock, so the example does
// not sleep.
func Example() {
	owner := ownership.MustParseSalesforceID("00558000001N0Ke")
	plan, _ := syncstep.CompileStep(syncstep.Step{
		Key: "contacts_to_people", Object: "Contact", Direction: ownership.SalesforceToReply,
	}, ownership.Pair{Salesforce: owner, Reply: 7})
	store := &adapterstest.Store{Rows: []syncstep.Record{
		{ID: "a", Salesforce: owner}, {ID: "b", Salesforce: owner}, {ID: "c", Salesforce: owner},
	}}
	clock := &adapterstest.Clock{}
	sink := adapterstest.RateLimit(store, 2, 30*time.Second)
	r, _ := adapters.NewRunner(plan, store, sink, &adapters.RunOptions{Concurrency: 1, Clock: clock})
	rep, err := r.Run(context.Background(), "")
	fmt.Println(rep.Counts.Applied, err, clock.Sleeps())
	// Check the store against the conformance suite, as an embedder would.
	fmt.Println(adapterstest.CheckOwnerSink(context.Background(), adapterstest.SinkHarness{
		Sink: store, Source: store, Step: plan.Step(), Owner: ownership.Pair{Reply: 9}, Missing: "zz",
	}))
	// Output:
	// 3 <nil> [30s 30s]
	// <nil>
}
