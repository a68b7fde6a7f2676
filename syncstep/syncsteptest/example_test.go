package syncsteptest_test

import (
	"fmt"

	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/syncstep/syncsteptest"
)

// Inside a property, draw with Draw(t, label):
//
//	rapid.Check(t, func(t *rapid.T) {
//		cfg := syncsteptest.Config().Draw(t, "config")
//		step := rapid.SampledFrom(cfg.Steps).Draw(t, "step")
//		records := syncsteptest.Records(step).Draw(t, "records")
//		... run the embedder's sync over records and compare with the plan ...
//	})
//
// Example (a method of every rapid generator) shows single values.
func Example() {
	for seed := range 3 {
		cfg := syncsteptest.Config().Example(seed)
		plans, err := syncstep.CompileAll(cfg)
		step := cfg.Steps[0]
		records := syncsteptest.Records(step).Example(seed)
		decisions := plans[step.Key].ResolveAll(records)
		fmt.Println(err == nil, len(plans) == len(cfg.Steps), len(decisions) == len(records))
	}
	// Output:
	// true true true
	// true true true
	// true true true
}
