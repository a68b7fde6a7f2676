package syncstep

import (
	"slices"

	"github.com/ownermap/ownermap/ownership"
)

// Suggestion is the result of Suggest.
type Suggestion struct {
	// Pairs are the new pairs, sorted by email; none of them names an owner
	// that an existing pair already maps on the step's unique side.
	Pairs []ownership.Pair
	// Emails holds the matched email of each new pair, at the same index.
	Emails []string
	// Ambiguous lists, sorted, the emails shared by more than one active
	// Salesforce user or more than one active Reply member, and the emails
	// whose match would name an owner on the step's unique side that
	// another email also matches (one person listed under two emails);
	// Suggest makes no pair for them rather than guess.
	Ambiguous []Ambiguity
}

// Ambiguity is one email that more than one active directory entry on a side
// uses.
type Ambiguity struct {
	// Email is the normalized email.
	Email string
	// Salesforce and Reply list the active entries using it on each side,
	// in directory order.
	Salesforce []ownership.SalesforceID
	Reply      []ownership.ReplyUserID
}

// Merge returns existing followed by the suggested pairs. It never replaces
// or reorders a pair the user set.
func (s Suggestion) Merge(existing []ownership.Pair) []ownership.Pair {
	return append(slices.Clone(existing), s.Pairs...)
}

// Suggest proposes pairs by email for a step of direction dir: each active
// Salesforce user and active Reply member whose emails are equal, compared
// trimmed and case-insensitively, make a pair.
//
// It never replaces a pair the user set: an owner that existing already
// maps on the unique side of dir (the Salesforce owner Salesforce → Reply,
// the Reply owner Reply → Salesforce) gets no suggestion, so Merge keeps the
// step's uniqueness. Inactive entries and entries without an email are
// ignored, and queues are never suggested (they have no Reply counterpart).
// The result is deterministic: the same input gives the same output.
func Suggest(dir ownership.Direction, existing []ownership.Pair, users []ownership.SalesforceUser, members []ownership.ReplyMember) Suggestion {
	sf := make(map[string][]ownership.SalesforceID)
	for _, u := range users {
		e := ownership.NormalizeEmail(u.Email)
		if !u.Active || e == "" || u.ID.OwnerKind() != ownership.UserOwner || slices.Contains(sf[e], u.ID) {
			continue
		}
		sf[e] = append(sf[e], u.ID)
	}
	rp := make(map[string][]ownership.ReplyUserID)
	for _, m := range members {
		e := ownership.NormalizeEmail(m.Email)
		if !m.Active || e == "" || !m.ID.Valid() || slices.Contains(rp[e], m.ID) {
			continue
		}
		rp[e] = append(rp[e], m.ID)
	}
	mapped := func(p ownership.Pair) bool {
		return slices.ContainsFunc(existing, func(q ownership.Pair) bool {
			if dir == ownership.ReplyToSalesforce {
				return q.Reply == p.Reply
			}
			return q.Salesforce == p.Salesforce
		})
	}
	emails := make([]string, 0, len(sf))
	for e := range sf {
		if _, ok := rp[e]; ok {
			emails = append(emails, e)
		}
	}
	slices.Sort(emails)

	// One person may be listed under two emails (an alias) on the step's
	// unique side; each email then matches on its own, and proposing both
	// pairs would name that owner twice. Count the unambiguous candidates
	// per unique-side owner, so that such owners are reported, not guessed.
	uniqueKey := func(p ownership.Pair) ownership.Pair {
		if dir == ownership.ReplyToSalesforce {
			return ownership.Pair{Reply: p.Reply}
		}
		return ownership.Pair{Salesforce: p.Salesforce}
	}
	candidates := make(map[ownership.Pair]int)
	for _, e := range emails {
		if s, r := sf[e], rp[e]; len(s) == 1 && len(r) == 1 {
			if p := (ownership.Pair{Salesforce: s[0], Reply: r[0]}); !mapped(p) {
				candidates[uniqueKey(p)]++
			}
		}
	}

	var out Suggestion
	for _, e := range emails {
		s, r := sf[e], rp[e]
		if len(s) > 1 || len(r) > 1 {
			out.Ambiguous = append(out.Ambiguous, Ambiguity{Email: e, Salesforce: s, Reply: r})
			continue
		}
		p := ownership.Pair{Salesforce: s[0], Reply: r[0]}
		if mapped(p) {
			continue
		}
		if candidates[uniqueKey(p)] > 1 {
			out.Ambiguous = append(out.Ambiguous, Ambiguity{Email: e, Salesforce: s, Reply: r})
			continue
		}
		out.Pairs = append(out.Pairs, p)
		out.Emails = append(out.Emails, e)
	}
	return out
}
