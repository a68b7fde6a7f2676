package ownershiptest_test

import (
	"fmt"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/ownership/ownershiptest"
)

// Inside a property, draw with Draw(t, label):
//
//	rapid.Check(t, func(t *rapid.T) {
//		id := ownershiptest.UserID().Draw(t, "owner")
//		written := ownershiptest.CaseMangle(id.String()).Draw(t, "as written")
//		...
//	})
//
// Example (a method of every rapid generator) shows single values.
func Example() {
	for seed := range 3 {
		id := ownershiptest.UserID().Example(seed)
		written := ownershiptest.CaseMangle(id.String()).Example(seed)
		fmt.Println(id.KeyPrefix(), len(written), ownership.MustParseSalesforceID(written) == id)
	}
	// Output:
	// 005 18 true
	// 005 18 true
	// 005 18 true
}
