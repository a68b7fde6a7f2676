package syncstep_test

import (
	"github.com/google/go-cmp/cmp"

	"github.com/ownermap/ownermap/ownership"
)

// equateIDs lets cmp compare SalesforceIDs (which have unexported fields)
// with ==, the comparison the type documents.
var equateIDs = cmp.Comparer(func(a, b ownership.SalesforceID) bool { return a == b })
