// Package ownership holds the identities that ownership mappings are made
// of: Salesforce owner IDs, Reply owner IDs, the direction of a sync step, and
// owner pairs, plus the directory entries (users, queues, team members) that
// facts are made of.
//
// # Salesforce IDs
//
// Salesforce writes a record ID in two forms: 15 characters, case-sensitive,
// and 18 characters, case-insensitive (the 15 plus a checksum of their letter
// case). ParseSalesforceID accepts either and returns a SalesforceID in one
// canonical form, so that both forms of one record compare equal with == and
// work as one map key:
//
//	a, _ := ownership.ParseSalesforceID("00558000001N0Ke")
//	b, _ := ownership.ParseSalesforceID("00558000001n0keaak")
//	a == b // true
//	a.String() // "00558000001N0KeAAK"
//	a.Short()  // "00558000001N0Ke"
//
// An 18-character ID given in any letter case has its case restored from its
// suffix. A 15-character ID is never compared case-insensitively. Malformed
// input returns an *IDError that wraps ErrInvalidSalesforceID and says what
// is wrong (length, character, or an impossible suffix); parsing never
// panics.
//
// The key prefix (the first three characters) tells a User (005) from a
// Queue (00G, a Group) from an ID that cannot own records at all (a Contact,
// 003): see SalesforceID.OwnerKind.
//
// # Reply owners, directions and pairs
//
// A Reply owner is a team member's integer userId (ReplyUserID, valid when
// positive). A Direction is SalesforceToReply or ReplyToSalesforce; its zero
// value is DirectionUnspecified and is invalid everywhere. A Pair joins one
// Salesforce owner and one Reply owner; which side of a step's pairs must be
// unique depends on the step's direction (package syncstep).
//
// # Guarantees
//
// Every type here is a plain comparable value (Queue aside, which holds a
// slice) and safe to copy and to share between goroutines. The package
// imports only the standard library. Text forms returned by String and
// MarshalText methods of enums are stable.
package ownership
