package syncstep

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/ownermap/ownermap/ownership"
)

// Conflicts returns every pair of s that breaks uniqueness for s.Direction,
// in pair order: for each owner named more than once on the unique side, one
// Conflict per repetition, pointing at the first pair that named it. Pairs
// whose unique side is unset are ignored here (they are invalid pairs, not
// duplicates), and so is every pair of a step without a direction.
func (s Step) Conflicts() []Conflict {
	var out []Conflict
	switch s.Direction {
	case ownership.SalesforceToReply:
		seen := make(map[ownership.SalesforceID]int, len(s.Mappings))
		for i, p := range s.Mappings {
			if p.Salesforce.IsZero() {
				continue
			}
			if first, dup := seen[p.Salesforce]; dup {
				out = append(out, Conflict{Step: s.Key, Direction: s.Direction, Index: i, First: first, Owner: p})
				continue
			}
			seen[p.Salesforce] = i
		}
	case ownership.ReplyToSalesforce:
		seen := make(map[ownership.ReplyUserID]int, len(s.Mappings))
		for i, p := range s.Mappings {
			if !p.Reply.Valid() {
				continue
			}
			if first, dup := seen[p.Reply]; dup {
				out = append(out, Conflict{Step: s.Key, Direction: s.Direction, Index: i, First: first, Owner: p})
				continue
			}
			seen[p.Reply] = i
		}
	}
	return out
}

// Plan is one compiled step: an immutable lookup from a record's owner on
// the source side to a Decision. Build it with Compile or CompileStep.
//
// A Plan is safe for concurrent use by any number of goroutines; nothing
// changes it after it is built, and it keeps its own copy of the step, so
// later changes to the Step it was compiled from do not affect it.
type Plan struct {
	step       Step
	def        ownership.Pair
	useDefault bool
	// The lookup structures (index.go): one entry per pair whose
	// source-side owner is set, and the tables of the plan's direction
	// (byID and byText, or byReply) from a source-side owner to its entry.
	// A plan without a direction (the zero Plan) has none.
	entries               []entry
	byID, byText, byReply table
	// miss and missOutcome decide for every owner no pair names (or, when
	// useDefault, for every owner): the owner on the target side, and
	// enroll.
	miss        entry
	missOutcome Outcome
}

// Compile compiles the step whose key is key, with cfg's default pair. It
// returns ErrUnknownStep when no step has that key, and otherwise what
// CompileStep returns.
func Compile(cfg Config, key string) (*Plan, error) {
	i := cfg.StepIndex(key)
	if i < 0 {
		return nil, fmt.Errorf("syncstep: %w %q", ErrUnknownStep, key)
	}
	return CompileStep(cfg.Steps[i], cfg.DefaultPair())
}

// CompileAll compiles every step of cfg, keyed by step key. It compiles all
// of them even when some fail, and returns the plans that compiled together
// with every failure joined (each a *CompileError). A key used by two steps
// compiles the first and reports the second as a *FieldError on its "key".
func CompileAll(cfg Config) (map[string]*Plan, error) {
	plans := make(map[string]*Plan, len(cfg.Steps))
	var errs []error
	for i, s := range cfg.Steps {
		if _, dup := plans[s.Key]; dup {
			errs = append(errs, &CompileError{Step: s.Key, Problems: []error{
				&FieldError{Step: s.Key, Field: "key", Err: fmt.Errorf("%w: steps[%d] repeats key %q", ErrInvalidPair, i, s.Key)},
			}})
			continue
		}
		p, err := CompileStep(s, cfg.DefaultPair())
		if err != nil {
			errs = append(errs, err)
			continue
		}
		plans[s.Key] = p
	}
	return plans, errors.Join(errs...)
}

// CompileStep compiles one step. def is the default pair, used only when the
// step has no pairs.
//
// A plan is never built from a step that cannot be resolved soundly. In that
// case CompileStep returns a nil Plan and a *CompileError that lists every
// problem at once:
//   - a *Conflict (ErrDuplicateOwner) for each pair that breaks uniqueness
//     in the step's direction, either Salesforce ID form counting as one
//     owner;
//   - a *FieldError wrapping ErrMissingDirection, ErrInvalidPair (an owner
//     missing, a Reply userId below 1, a Salesforce ID that is not a User or
//     Queue), ErrInvalidPolicy or ErrNoDefaultPair.
//
// Everything else (unknown or inactive owners, queues on objects that cannot
// have them, Owner ID filters) depends on facts or is advice, and is the
// business of package validate.
func CompileStep(s Step, def ownership.Pair) (*Plan, error) {
	var problems []error
	field := func(f string, err error) {
		problems = append(problems, &FieldError{Step: s.Key, Field: f, Err: err})
	}
	if !s.Direction.Valid() {
		field("direction", ErrMissingDirection)
	}
	for i, p := range s.Mappings {
		if p.Salesforce.OwnerKind() != ownership.NotAnOwner && p.Reply.Valid() {
			continue // the common case, checked without building a path
		}
		at := "mappings[" + strconv.Itoa(i) + "]"
		if err := checkSalesforceOwner(p.Salesforce); err != nil {
			field(at+".salesforce_owner", err)
		}
		if !p.Reply.Valid() {
			field(at+".reply_owner", fmt.Errorf("%w: Reply owner %d is not a Reply userId", ErrInvalidPair, p.Reply))
		}
	}
	// Building the index finds duplicates by the same rule as Conflicts
	// (keys unset on the unique side are left out), so Conflicts, which
	// builds a map of its own, runs only when there is one to report.
	p := &Plan{step: s.Clone(), def: def, useDefault: !s.HasPairs()}
	if !p.buildIndex() {
		for _, c := range s.Conflicts() {
			problems = append(problems, &c)
		}
	}
	switch s.Unmapped.Action {
	case UnmappedSkip:
	case UnmappedFallback:
		switch s.Direction {
		case ownership.SalesforceToReply:
			if !s.Unmapped.Fallback.Reply.Valid() {
				field("unmapped.reply_owner", fmt.Errorf("%w: fallback needs a Reply owner", ErrInvalidPolicy))
			}
		case ownership.ReplyToSalesforce:
			if err := checkSalesforceOwner(s.Unmapped.Fallback.Salesforce); err != nil {
				field("unmapped.salesforce_owner", fmt.Errorf("%w: fallback owner: %v", ErrInvalidPolicy, err))
			}
		}
	case UnmappedLeaveToSalesforce:
		if s.Direction == ownership.SalesforceToReply {
			field("unmapped.action", fmt.Errorf("%w: leave_to_salesforce applies only to Reply → Salesforce steps", ErrInvalidPolicy))
		}
	default:
		field("unmapped.action", fmt.Errorf("%w: unknown action %s", ErrInvalidPolicy, s.Unmapped.Action))
	}
	if p.useDefault && (checkSalesforceOwner(def.Salesforce) != nil || !def.Reply.Valid()) {
		field("mappings", ErrNoDefaultPair)
	}
	if len(problems) > 0 {
		return nil, &CompileError{Step: s.Key, Problems: problems}
	}
	p.setMiss()
	return p, nil
}

// buildIndex builds the lookup structures of p's direction from p.step's
// pairs, and reports whether no owner was named twice on the unique side
// (by the rule of Step.Conflicts). A step without a direction gets none.
func (p *Plan) buildIndex() bool {
	switch s := &p.step; s.Direction {
	case ownership.SalesforceToReply:
		var enroll map[ownership.ReplyUserID]struct{}
		if s.Sequence != nil {
			enroll = make(map[ownership.ReplyUserID]struct{}, len(s.Sequence.Owners))
			for _, o := range s.Sequence.Owners {
				enroll[o] = struct{}{}
			}
		}
		return p.indexSalesforce(enroll)
	case ownership.ReplyToSalesforce:
		return p.indexReply()
	}
	return true
}

// setMiss sets p.miss and p.missOutcome: the decision, less the
// source-side owner, for a record whose owner no pair names, or for every
// record when the step has no pairs (the tables are then empty). Its cases
// are those of the straightforward resolver that equivalence_test.go keeps
// as the model.
func (p *Plan) setMiss() {
	m := &p.miss
	m.pair = -1
	if p.step.Direction == ownership.SalesforceToReply {
		switch {
		case p.useDefault:
			p.missOutcome, m.reply = DefaultPair, p.def.Reply
		case p.step.Unmapped.Action == UnmappedFallback:
			p.missOutcome, m.reply = Fallback, p.step.Unmapped.Fallback.Reply
		default:
			p.missOutcome = Skipped
		}
		if p.missOutcome != Skipped && p.step.Sequence != nil {
			m.enroll = slices.Contains(p.step.Sequence.Owners, m.reply)
		}
		return
	}
	switch {
	case p.useDefault:
		p.missOutcome, m.salesforce = DefaultPair, p.def.Salesforce
	case p.step.Unmapped.Action == UnmappedFallback:
		p.missOutcome, m.salesforce = Fallback, p.step.Unmapped.Fallback.Salesforce
	case p.step.Unmapped.Action == UnmappedLeaveToSalesforce:
		p.missOutcome = LeftToSalesforce
	default:
		p.missOutcome = Skipped
	}
}

func checkSalesforceOwner(id ownership.SalesforceID) error {
	if id.IsZero() {
		return fmt.Errorf("%w: Salesforce owner missing", ErrInvalidPair)
	}
	if id.OwnerKind() == ownership.NotAnOwner {
		return fmt.Errorf("%w: %s has key prefix %s, which is neither a User (005) nor a Queue (00G)", ErrInvalidPair, id, id.KeyPrefix())
	}
	return nil
}

// Step returns a copy of the step the plan was compiled from.
func (p *Plan) Step() Step { return p.step.Clone() }

// Key returns the step's key.
func (p *Plan) Key() string { return p.step.Key }

// Direction returns the step's direction.
func (p *Plan) Direction() ownership.Direction { return p.step.Direction }

// UsesDefaultPair reports whether the step has no pairs, so that every
// record resolves through the default pair.
func (p *Plan) UsesDefaultPair() bool { return p.useDefault }

// Record is one record crossing a step, with its owners as known before the
// step writes anything: the owner on the source side, and the current owner
// on the target side (zero when the record has none there yet, for example
// when it will be created).
//
// In a Salesforce → Reply step, Salesforce is the record's OwnerId and Reply
// its current Reply owner; in a Reply → Salesforce step, Reply is the Reply
// owner of the person or activity and Salesforce the current OwnerId.
type Record struct {
	// ID identifies the record within the step (a Salesforce ID, a Reply
	// contact id, ...). The plan does not interpret it.
	ID         string
	Salesforce ownership.SalesforceID
	Reply      ownership.ReplyUserID
}

// Source returns the record's owner on the source side of direction d, as
// text.
func (r Record) Source(d ownership.Direction) string {
	return ownership.Pair{Salesforce: r.Salesforce, Reply: r.Reply}.Source(d)
}

// Current returns the record's current owner on the target side of
// direction d, as text ("" when it has none).
func (r Record) Current(d ownership.Direction) string {
	if d == ownership.ReplyToSalesforce {
		return r.Salesforce.String()
	}
	if r.Reply == 0 {
		return ""
	}
	return r.Reply.String()
}

// Resolve decides the owner of one record on the target side of the plan's
// step, from the record's owner on the source side. It never fails: an
// owner that no pair names is an outcome (Skipped, Fallback or
// LeftToSalesforce), never a silent drop. Resolve does not allocate.
func (p *Plan) Resolve(r Record) (d Decision) {
	d.Outcome, d.Direction, d.Salesforce, d.Reply, d.Pair, d.Enroll = p.decide(r.Salesforce, r.Reply)
	return d
}

// The exported resolvers are small enough to be inlined, and their
// unexported halves return a Decision's fields as separate results, in
// registers. Decision has too many fields for the compiler to keep in
// registers, so a Decision returned from a call that is not inlined is
// copied through memory once more, right after its fields were written,
// which stalls the processor (a store-to-load forwarding failure).

// decide returns the fields of Resolve's Decision. The probes of findID
// and findReply are written out: this is the whole hot path of a
// resolution, and a call fewer shows.
func (p *Plan) decide(sf ownership.SalesforceID, reply ownership.ReplyUserID) (Outcome, ownership.Direction, ownership.SalesforceID, ownership.ReplyUserID, int, bool) {
	if p.step.Direction == ownership.SalesforceToReply {
		if t := &p.byID; !sf.IsZero() && len(t.refs) != 0 {
			hi, lo := idWords(sf)
			mask := uint64(len(t.refs) - 1)
			for i := t.slot(hi, lo) & mask; ; i = (i + 1) & mask {
				r := t.refs[i]
				if r == 0 {
					break
				}
				if e := &p.entries[r-1]; e.salesforce == sf {
					return Mapped, ownership.SalesforceToReply, sf, e.reply, int(e.pair), e.enroll
				}
			}
		}
		return p.missOutcome, ownership.SalesforceToReply, sf, p.miss.reply, -1, p.miss.enroll
	}
	if t := &p.byReply; reply > 0 && len(t.refs) != 0 {
		mask := uint64(len(t.refs) - 1)
		for i := t.slot(uint64(reply), mix1) & mask; ; i = (i + 1) & mask {
			r := t.refs[i]
			if r == 0 {
				break
			}
			if e := &p.entries[r-1]; e.reply == reply {
				return Mapped, ownership.ReplyToSalesforce, e.salesforce, reply, int(e.pair), false
			}
		}
	}
	if p.missOutcome == OutcomeUnspecified {
		// The zero Plan: no direction, no policy; it skips every record.
		return Skipped, ownership.ReplyToSalesforce, ownership.SalesforceID{}, reply, -1, false
	}
	return p.missOutcome, ownership.ReplyToSalesforce, p.miss.salesforce, reply, -1, false
}

// ResolveSalesforceOwner resolves a record of a Salesforce → Reply step
// from its OwnerId as Salesforce wrote it, in either ID form. A malformed
// OwnerId returns an error wrapping ownership.ErrInvalidSalesforceID; a plan
// of the other direction returns ErrWrongDirection. It does not allocate
// unless it fails.
func (p *Plan) ResolveSalesforceOwner(ownerID string) (d Decision, err error) {
	d.Outcome, d.Direction, d.Salesforce, d.Reply, d.Pair, d.Enroll, err = p.decideText(ownerID)
	return d, err
}

// decideText returns the fields of ResolveSalesforceOwner's Decision (all
// zero with an error).
func (p *Plan) decideText(ownerID string) (Outcome, ownership.Direction, ownership.SalesforceID, ownership.ReplyUserID, int, bool, error) {
	const s2r = ownership.SalesforceToReply
	if p.step.Direction != s2r {
		return 0, 0, ownership.SalesforceID{}, 0, 0, false, ErrWrongDirection
	}
	// An OwnerId that is, byte for byte, the text of a mapped owner needs
	// no parse: that text was checked when the plan was compiled (see
	// findText). Every other input is parsed and checked in full.
	if e := p.findText(ownerID); e != nil {
		return Mapped, s2r, e.salesforce, e.reply, int(e.pair), e.enroll, nil
	}
	id, err := ownership.ParseSalesforceID(ownerID)
	if err != nil {
		return 0, 0, ownership.SalesforceID{}, 0, 0, false, err
	}
	if e := p.findID(id); e != nil {
		return Mapped, s2r, id, e.reply, int(e.pair), e.enroll, nil
	}
	return p.missOutcome, s2r, id, p.miss.reply, -1, p.miss.enroll, nil
}

// ResolveReplyOwner resolves a record of a Reply → Salesforce step from the
// Reply owner of the person or activity. A plan of the other direction
// returns ErrWrongDirection.
func (p *Plan) ResolveReplyOwner(owner ownership.ReplyUserID) (d Decision, err error) {
	d.Outcome, d.Direction, d.Salesforce, d.Reply, d.Pair, err = p.decideReply(owner)
	return d, err
}

// decideReply returns the fields of ResolveReplyOwner's Decision (all zero
// with an error).
func (p *Plan) decideReply(owner ownership.ReplyUserID) (Outcome, ownership.Direction, ownership.SalesforceID, ownership.ReplyUserID, int, error) {
	if p.step.Direction != ownership.ReplyToSalesforce {
		return 0, 0, ownership.SalesforceID{}, 0, 0, ErrWrongDirection
	}
	// The probe of findReply, written out: this is the whole hot path of
	// a Reply → Salesforce resolution, and one call fewer shows.
	if t := &p.byReply; owner > 0 && len(t.refs) != 0 {
		mask := uint64(len(t.refs) - 1)
		for i := t.slot(uint64(owner), mix1) & mask; ; i = (i + 1) & mask {
			r := t.refs[i]
			if r == 0 {
				break
			}
			if e := &p.entries[r-1]; e.reply == owner {
				return Mapped, ownership.ReplyToSalesforce, e.salesforce, owner, int(e.pair), nil
			}
		}
	}
	return p.missOutcome, ownership.ReplyToSalesforce, p.miss.salesforce, owner, -1, nil
}

// ResolveAll resolves records in order and returns exactly one Decision per
// record, at the same index.
func (p *Plan) ResolveAll(records []Record) []Decision {
	out := make([]Decision, len(records))
	for i := range records {
		d := &out[i] // written in place: see decide
		d.Outcome, d.Direction, d.Salesforce, d.Reply, d.Pair, d.Enroll = p.decide(records[i].Salesforce, records[i].Reply)
	}
	return out
}

// Outcome is how a Decision was reached. The zero value is not an outcome;
// every Decision a Plan returns has one of the others.
type Outcome uint8

// The outcomes. Their text forms are stable and used in JSON output.
const (
	OutcomeUnspecified Outcome = iota
	// Mapped: a pair the user set names the record's owner.
	Mapped
	// DefaultPair: the step has no pairs; the default pair's owner on the
	// target side owns every record.
	DefaultPair
	// Fallback: no pair names the owner; the unmapped policy names one.
	Fallback
	// Skipped: no pair names the owner and the policy is skip: the record
	// is not assigned and, in Salesforce → Reply, not enrolled.
	Skipped
	// LeftToSalesforce: no pair names the owner; no OwnerId is written and
	// Salesforce's own assignment decides (Reply → Salesforce only).
	LeftToSalesforce
)

// String returns the stable text form: "mapped", "default_pair",
// "fallback", "skipped" or "left_to_salesforce".
func (o Outcome) String() string {
	switch o {
	case Mapped:
		return "mapped"
	case DefaultPair:
		return "default_pair"
	case Fallback:
		return "fallback"
	case Skipped:
		return "skipped"
	case LeftToSalesforce:
		return "left_to_salesforce"
	case OutcomeUnspecified:
		return "unspecified"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// MarshalText returns the stable text form.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText parses the stable text form of an outcome other than
// OutcomeUnspecified, so that JSON a tool wrote (such as the output of the
// ownermap command) reads back into an Outcome.
func (o *Outcome) UnmarshalText(text []byte) error {
	for v := Mapped; v <= LeftToSalesforce; v++ {
		if string(text) == v.String() {
			*o = v
			return nil
		}
	}
	return fmt.Errorf("syncstep: unknown outcome %q", text)
}

// Unmapped reports whether the record's owner is named by no pair
// (Fallback, Skipped or LeftToSalesforce).
func (o Outcome) Unmapped() bool { return o == Fallback || o == Skipped || o == LeftToSalesforce }

// Decision is the answer for one record: who owns it on the other side, and
// why. It is a small value; Plans return it without allocating.
type Decision struct {
	// Outcome is how the decision was reached.
	Outcome Outcome
	// Direction is the step's direction.
	Direction ownership.Direction
	// Salesforce and Reply are the owners the decision pairs: the record's
	// owner on the source side, as given, and the owner chosen on the target
	// side, which is zero when the outcome is Skipped or LeftToSalesforce.
	Salesforce ownership.SalesforceID
	Reply      ownership.ReplyUserID
	// Pair is the index of the pair in the step's Mappings that decided,
	// or -1 when no pair the user set decided.
	Pair int
	// Enroll reports whether People to sequence enrolls the person: the
	// step has that section and the resolved Reply owner is one of its
	// owners. Always false in Reply → Salesforce steps.
	Enroll bool
}

// HasOwner reports whether the decision names an owner to write on the
// target side.
func (d Decision) HasOwner() bool {
	return d.Outcome == Mapped || d.Outcome == DefaultPair || d.Outcome == Fallback
}

// Target returns the owner chosen on the target side, as text: an
// 18-character Salesforce ID or a Reply userId; "" when there is none.
func (d Decision) Target() string {
	if !d.HasOwner() {
		return ""
	}
	return ownership.Pair{Salesforce: d.Salesforce, Reply: d.Reply}.Target(d.Direction)
}

// Source returns the record's owner on the source side, as text.
func (d Decision) Source() string {
	if d.Direction == ownership.SalesforceToReply && d.Salesforce.IsZero() {
		return "(none)"
	}
	return ownership.Pair{Salesforce: d.Salesforce, Reply: d.Reply}.Source(d.Direction)
}

// Why explains the decision in one sentence, naming the pair or policy that
// produced it. The wording is for people and may change; branch on Outcome
// and Pair instead.
func (d Decision) Why() string {
	src, dst := "Salesforce owner", "Reply owner"
	if d.Direction == ownership.ReplyToSalesforce {
		src, dst = dst, src
	}
	switch d.Outcome {
	case Mapped:
		return fmt.Sprintf("mappings[%d] maps %s %s to %s %s", d.Pair, src, d.Source(), dst, d.Target())
	case DefaultPair:
		return fmt.Sprintf("the step has no pairs set, so the default pair gives every record to %s %s", dst, d.Target())
	case Fallback:
		return fmt.Sprintf("%s %s is not mapped; the unmapped policy falls back to %s %s", src, d.Source(), dst, d.Target())
	case Skipped:
		if d.Direction == ownership.SalesforceToReply {
			return fmt.Sprintf("%s %s is not mapped; skipped: not assigned and not added to sequences", src, d.Source())
		}
		return fmt.Sprintf("%s %s is not mapped; skipped: no owner is written", src, d.Source())
	case LeftToSalesforce:
		return fmt.Sprintf("%s %s is not mapped; no OwnerId is written, Salesforce's own assignment decides", src, d.Source())
	}
	return "no decision"
}
