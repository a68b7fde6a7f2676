// Package ownershiptest provides rapid generators (pgregory.net/rapid) of
// the values of package ownership, for property tests of ownermap and of the
// integrations that embed it, the way net/http/httptest serves net/http.
//
// The generators:
//   - SalesforceID15: raw 15-character IDs as text, any key prefix.
//   - SalesforceID: parsed IDs, any key prefix; UserID, QueueID and OwnerID
//     restrict the key prefix to User (005), Queue (00G) or either.
//   - CaseMangle: the text of an 18-character ID in random letter case.
//   - ReplyUserID: valid (positive) Reply user ids.
//   - Direction: one of the two valid directions, never unspecified.
//   - Pair: a pair of a Salesforce owner (User or Queue) and a Reply owner.
//
// Every generator draws only valid values unless its documentation says
// otherwise, shrinks towards small, simple values, and is safe to share
// between tests: a *rapid.Generator holds no state. The package does not
// import testing; it is meant to be used inside rapid.Check.
package ownershiptest
