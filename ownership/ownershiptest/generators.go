package ownershiptest

import (
	"strings"

	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/ownership"
)

// idAlphabet is every character a Salesforce ID may contain, digits first
// so that values shrink towards digits.
const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// idChars draws n characters of idAlphabet.
func idChars(t *rapid.T, n int, label string) string {
	var b strings.Builder
	b.Grow(n)
	for range n {
		b.WriteByte(idAlphabet[rapid.IntRange(0, len(idAlphabet)-1).Draw(t, label)])
	}
	return b.String()
}

// SalesforceID15 generates raw 15-character, case-sensitive Salesforce IDs
// as text: any 15 characters of [0-9A-Za-z], so any key prefix. Every value
// parses with ownership.ParseSalesforceID, and two values that differ only
// in letter case are different IDs.
func SalesforceID15() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string { return idChars(t, 15, "char") })
}

// SalesforceID generates parsed Salesforce IDs with any key prefix
// (including ones that cannot own records, such as a Contact's). It is never
// the zero SalesforceID.
func SalesforceID() *rapid.Generator[ownership.SalesforceID] {
	return rapid.Map(SalesforceID15(), ownership.MustParseSalesforceID)
}

// withPrefix generates parsed IDs whose key prefix is prefix.
func withPrefix(prefix string) *rapid.Generator[ownership.SalesforceID] {
	return rapid.Custom(func(t *rapid.T) ownership.SalesforceID {
		return ownership.MustParseSalesforceID(prefix + idChars(t, 15-len(prefix), "char"))
	})
}

// UserID generates Salesforce User IDs: key prefix 005, so OwnerKind is
// ownership.UserOwner.
func UserID() *rapid.Generator[ownership.SalesforceID] { return withPrefix("005") }

// QueueID generates Salesforce queue (Group) IDs: key prefix 00G, so
// OwnerKind is ownership.QueueOwner.
func QueueID() *rapid.Generator[ownership.SalesforceID] { return withPrefix("00G") }

// OwnerID generates IDs that can own records: a User (mostly) or a Queue.
func OwnerID() *rapid.Generator[ownership.SalesforceID] {
	return rapid.OneOf(UserID(), UserID(), QueueID())
}

// CaseMangle generates the text of id18 with the letter case of each
// character chosen at random; digits are kept. Given the 18-character form
// of an ID, every value it generates parses to the same ID. It shrinks
// towards id18 as given.
func CaseMangle(id18 string) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		b := []byte(id18)
		for i, c := range b {
			if !rapid.Bool().Draw(t, "flip") {
				continue
			}
			switch {
			case c >= 'a' && c <= 'z':
				b[i] = c - 'a' + 'A'
			case c >= 'A' && c <= 'Z':
				b[i] = c - 'A' + 'a'
			}
		}
		return string(b)
	})
}

// ReplyUserID generates valid Reply user ids: positive, biased towards
// small values so that independently drawn ids often collide.
func ReplyUserID() *rapid.Generator[ownership.ReplyUserID] {
	return rapid.Map(rapid.Int64Range(1, 1<<53), func(n int64) ownership.ReplyUserID { return ownership.ReplyUserID(n) })
}

// Direction generates ownership.SalesforceToReply or
// ownership.ReplyToSalesforce, never ownership.DirectionUnspecified.
func Direction() *rapid.Generator[ownership.Direction] {
	return rapid.SampledFrom([]ownership.Direction{ownership.SalesforceToReply, ownership.ReplyToSalesforce})
}

// Pair generates complete owner pairs: an OwnerID and a ReplyUserID.
func Pair() *rapid.Generator[ownership.Pair] {
	return rapid.Custom(func(t *rapid.T) ownership.Pair {
		return ownership.Pair{Salesforce: OwnerID().Draw(t, "salesforce"), Reply: ReplyUserID().Draw(t, "reply")}
	})
}
