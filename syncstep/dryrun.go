package syncstep

import (
	"iter"

	"github.com/ownermap/ownermap/ownership"
)

// Change is one ownership change a plan would make: the record's owner on
// the target side goes from its current owner to the decision's.
type Change struct {
	Record   Record
	Decision Decision
}

// From returns the current owner on the target side, as text ("" when the
// record has none there yet).
func (c Change) From() string { return c.Record.Current(c.Decision.Direction) }

// To returns the new owner on the target side, as text.
func (c Change) To() string { return c.Decision.Target() }

// Skip is one record for which a plan writes no owner: its owner is
// unmapped and the policy skips it or leaves it to Salesforce.
type Skip struct {
	Record   Record
	Decision Decision
}

// Reason explains the skip, as Decision.Why does.
func (s Skip) Reason() string { return s.Decision.Why() }

// Counts sums a dry run. Records = Changes + Unchanged + Skipped +
// LeftToSalesforce always holds.
type Counts struct {
	// Records is the number of records read.
	Records int
	// Changes counts records whose owner on the target side would change.
	Changes int
	// Unchanged counts records that already have the resolved owner.
	Unchanged int
	// Skipped counts unmapped records the policy skips.
	Skipped int
	// LeftToSalesforce counts unmapped records whose owner Salesforce's own
	// assignment decides.
	LeftToSalesforce int
	// Enrolled counts records People to sequence would enroll (Salesforce →
	// Reply steps only), whether or not their owner changes.
	Enrolled int
	// ByOutcome counts records by decision outcome, indexed by Outcome.
	ByOutcome [LeftToSalesforce + 1]int
}

// Report is the result of a dry run: what a plan would write, before
// anything is written. Changes and Skips are in input order.
type Report struct {
	Step    string
	Changes []Change
	Skips   []Skip
	Counts  Counts
}

// DryRun resolves every record and lists the ownership changes the plan
// would make and the records it would skip, without writing anything. A
// record whose current owner on the target side already equals the resolved
// one is counted as unchanged and not listed. The seed warns: "Ownership
// mappings might change contact ownership in Reply"; this is how a user sees
// which, before saving.
func (p *Plan) DryRun(records iter.Seq[Record]) Report {
	rep := Report{Step: p.step.Key}
	for r := range records {
		d := p.Resolve(r)
		rep.Counts.Records++
		rep.Counts.ByOutcome[d.Outcome]++
		if d.Enroll {
			rep.Counts.Enrolled++
		}
		switch {
		case d.Outcome == Skipped:
			rep.Counts.Skipped++
			rep.Skips = append(rep.Skips, Skip{Record: r, Decision: d})
		case d.Outcome == LeftToSalesforce:
			rep.Counts.LeftToSalesforce++
			rep.Skips = append(rep.Skips, Skip{Record: r, Decision: d})
		case sameTarget(r, d):
			rep.Counts.Unchanged++
		default:
			rep.Counts.Changes++
			rep.Changes = append(rep.Changes, Change{Record: r, Decision: d})
		}
	}
	return rep
}

// sameTarget reports whether the record already has, on the target side,
// the owner the decision chose.
func sameTarget(r Record, d Decision) bool {
	if d.Direction == ownership.ReplyToSalesforce {
		return r.Salesforce == d.Salesforce
	}
	return r.Reply == d.Reply
}

// Unchanged reports whether writing the decision would leave the record's
// owner on the target side as it is: the decision names an owner and the
// record already has it. Sync runners use it to avoid needless writes.
func Unchanged(r Record, d Decision) bool { return d.HasOwner() && sameTarget(r, d) }
