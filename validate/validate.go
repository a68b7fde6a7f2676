package validate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// Config validates an integration's configuration against facts and
// returns every diagnostic at once, sorted (see Diagnostics.Sort).
//
// Config never stops at the first problem and never panics. It is pure: it
// does no I/O, reads no clock and no global state, and does not modify cfg
// or facts; the same input gives the same list in the same order, and it is
// safe to call from any number of goroutines. Its cost is linear in the
// number of steps, pairs and directory entries: facts are indexed once per
// call, in hash tables seeded at random per call as Go maps are (the seed
// decides where entries sit, never what a lookup returns). The cost per
// pair stays nearly flat from a thousand owners to a hundred thousand (see
// BenchmarkConfig).
//
// A rule that needs a fact that facts does not hold is skipped, and one
// facts-missing info per such fact says which. The package documentation
// lists every rule with its severity and path.
func Config(cfg syncstep.Config, facts Facts) Diagnostics {
	v := validator{cfg: cfg, facts: facts, ix: newIndex(facts)}
	if v.ix.usersKnown || v.ix.queuesKnown {
		v.sfStamps = make([]int32, len(facts.SalesforceUsers)+len(facts.Queues))
	}
	if v.ix.membersKnown {
		v.replyStamps = make([]int32, len(facts.ReplyMembers))
	}
	v.run()
	v.out.Sort()
	return v.out
}

// JSON decodes a version 1 JSON configuration with syncstep.DecodeConfig
// and validates what it could decode, returning the diagnostics of both in
// one sorted list.
//
// Every decoding problem becomes an error diagnostic with the problem's
// code, path, value and message, and its Line and Column. Validation then
// runs on the partial configuration, except when the document is not JSON
// at all (malformed-json). A validation diagnostic at or below a path that
// decoding already reported is dropped: the value there was not decoded, so
// what validation would say about it (a missing direction where the
// direction was misspelled) is a consequence, not a second problem. So
// every input that does not decode yields at least one error, and no
// (path, code) pair is reported twice for one cause.
//
// Diagnostics from validation carry the Line and Column of the value at
// their path, or, when the file does not have that value (a missing key),
// of the nearest enclosing value it has (the step), so that a tool can
// print file:line for every diagnostic. facts-missing infos, which are
// about the facts and not the file, carry none.
//
// JSON has the guarantees of Config: pure, deterministic, never panics.
func JSON(data []byte, facts Facts) Diagnostics {
	cfg, err := syncstep.DecodeConfig(data)
	var out Diagnostics
	decoded := map[string]bool{}
	if err != nil {
		var de *syncstep.DecodeError
		if !errors.As(err, &de) {
			// DecodeConfig documents only *DecodeError; stay total anyway.
			out = append(out, Diagnostic{Severity: SeverityError, Code: CodeMalformedJSON, Summary: err.Error()})
			return out
		}
		malformed := false
		for _, p := range de.Problems {
			out = append(out, Diagnostic{
				Severity: SeverityError,
				Code:     Code(p.Code),
				Path:     p.Path,
				Value:    p.Value,
				Summary:  p.Message,
				Line:     p.Line,
				Column:   p.Column,
			})
			decoded[p.Path] = true
			malformed = malformed || p.Code == syncstep.CodeMalformedJSON
		}
		if malformed {
			out.Sort()
			return out
		}
	}
	start := len(out)
	for _, d := range Config(cfg, facts) {
		if len(decoded) > 0 && coveredBy(d.Path, decoded) {
			continue
		}
		out = append(out, d)
	}
	// Place validation diagnostics in the file too, for file:line output.
	want := map[string]bool{}
	for _, d := range out[start:] {
		if d.Code != CodeFactsMissing {
			want[d.Path] = true
		}
	}
	if len(want) > 0 {
		if offsets := locate(data, want); offsets != nil {
			for i := start; i < len(out); i++ {
				if off, ok := offsets[out[i].Path]; ok && out[i].Code != CodeFactsMissing {
					out[i].Line, out[i].Column = position(data, off)
				}
			}
		}
	}
	out.Sort()
	return out
}

// coveredBy reports whether path or one of its ancestors is in paths.
func coveredBy(path string, paths map[string]bool) bool {
	if paths[""] || paths[path] {
		return true
	}
	for i := len(path) - 1; i > 0; i-- {
		if (path[i] == '.' || path[i] == '[') && paths[path[:i]] {
			return true
		}
	}
	return false
}

// problem is one finding about an owner, before it is placed at a path.
type problem struct {
	code     Code
	severity Severity
	summary  string
	detail   string
}

// The facts that rules may need, in the order facts-missing reports them.
var factNames = [...]string{
	FactSalesforceUsers, FactQueues, FactQueueObjects, FactAssignmentRuleObjects,
	FactReplyMembers, FactTeamOwner, FactWorkspace,
}

type validator struct {
	cfg   syncstep.Config
	facts Facts
	ix    index
	out   Diagnostics
	// missing[i] is set when a rule needed factNames[i] and it was absent.
	missing [len(factNames)]bool
	buf     []problem
	// sfStamps and replyStamps hold, per dense number, the step (index+1)
	// that last named the owner on its unique side; see pairs.
	sfStamps, replyStamps []int32
	// sfDense, replyDense and hashes are reused buffers of lookups.
	sfDense, replyDense []int32
	hashes              []uint64
	// touched sums what the tables' touch methods read, so that the reads
	// are not optimised away.
	touched uint64
}

func (v *validator) need(fact string) {
	for i, n := range factNames {
		if n == fact {
			v.missing[i] = true
		}
	}
}

func (v *validator) add(sev Severity, code Code, at Path, value, summary, detail string) {
	v.out = append(v.out, Diagnostic{Severity: sev, Code: code, Path: at.String(), Value: value, Summary: summary, Detail: detail})
}

func (v *validator) addProblem(at Path, value string, p problem) {
	v.add(p.severity, p.code, at, value, p.summary, p.detail)
}

func steps(i int) Path { return Root("steps").Index(i) }

func (v *validator) run() {
	cfg := v.cfg
	firstKey := make(map[string]int, len(cfg.Steps))
	anyPairs := false
	for i, s := range cfg.Steps {
		if s.HasPairs() {
			anyPairs = true
		}
		switch first, dup := firstKey[s.Key]; {
		case strings.TrimSpace(s.Key) == "":
			v.add(SeverityError, CodeMissingKey, steps(i).Child("key"), s.Key,
				"The step has no key.", "Give every step a stable key, such as contacts_to_people.")
		case dup:
			v.add(SeverityError, CodeDuplicateStep, steps(i).Child("key"), s.Key,
				fmt.Sprintf("Step key %q is already used by steps[%d].", s.Key, first),
				"Give each step its own key, or remove the repeated step.")
		default:
			firstKey[s.Key] = i
		}
		v.step(i, s)
	}
	v.defaultPair()
	v.access(anyPairs)
	v.applyAll()
	for i, missing := range v.missing {
		if missing {
			v.add(SeverityInfo, CodeFactsMissing, Path{}, factNames[i],
				fmt.Sprintf("Rules that need the fact %q were skipped because it was not given.", factNames[i]),
				"Gather it (with package adapters or your own clients) and validate again to run them.")
		}
	}
}

func (v *validator) step(i int, s syncstep.Step) {
	at := steps(i)
	d := s.Direction
	if !d.Valid() {
		value := ""
		if d != ownership.DirectionUnspecified {
			value = d.String()
		}
		v.add(SeverityError, CodeMissingDirection, at.Child("direction"), value,
			"The step has no direction.", "Set direction to salesforce_to_reply or reply_to_salesforce.")
	}
	if strings.TrimSpace(s.Object) == "" {
		v.add(SeverityError, CodeMissingObject, at.Child("object"), s.Object,
			"The step has no Salesforce object.", "Set object to the Salesforce object the step syncs, such as Contact or Lead.")
	}

	// Owner ID filters conflict with mappings.
	for _, f := range s.OwnerIDFilters() {
		sev, summary := SeverityError, "The step has an Owner ID filter and ownership mappings; these settings conflict and may prevent records from syncing correctly."
		if !s.HasPairs() {
			sev, summary = SeverityWarning, "The step has an Owner ID filter; it conflicts with ownership mappings, including the default pair that applies now."
		}
		v.add(sev, CodeOwnerIDFilterConflict, at.Child("filters").Index(f), strings.Join(s.Filters[f].Values, ","),
			summary, "Do not use Owner ID filters together with ownership mappings: remove the filter and let the pairs decide.")
	}

	if !s.HasPairs() {
		v.add(SeverityInfo, CodeDefaultPairApplies, at.Child("mappings"), "",
			"The step has no pairs, so the default pair (the connected Salesforce account and the Reply account used for the integration) owns everything it syncs.",
			"Add owner pairs to the step if records should go to other owners.")
	}
	v.pairs(i, s)
	v.sequence(i, s)
	v.unmapped(i, s)
	v.assignmentRules(i, s)
}

// pairs checks each pair's owners and the step's uniqueness rule.
//
// Repeated owners are found by syncstep's Step.Conflicts, the one
// definition of uniqueness. Because Conflicts builds a map per step, which
// costs a cache miss per pair on large steps, pairs first checks cheaply
// whether Conflicts can find anything: when every owner on the unique side
// has a dense number from the facts and no number repeats (a stamp per
// number records the step that last used it), there is no repeat, and
// Conflicts is not called.
func (v *validator) pairs(i int, s syncstep.Step) {
	sfTarget := s.Direction == ownership.ReplyToSalesforce
	replyTarget := s.Direction == ownership.SalesforceToReply
	var mappings Path // built only when a pair has a problem
	pairPath := func(j int, field string) Path {
		if mappings.IsZero() {
			mappings = steps(i).Child("mappings")
		}
		return mappings.Index(j).Child(field)
	}
	stamp := int32(i + 1)
	var stamps []int32
	switch s.Direction {
	case ownership.SalesforceToReply:
		stamps = v.sfStamps
	case ownership.ReplyToSalesforce:
		stamps = v.replyStamps
	}
	// Without facts for the unique side there are no dense numbers, and
	// only Conflicts can tell.
	maybeRepeats := stamps == nil
	// Owners are looked up a chunk at a time in tight loops, so that the
	// processor overlaps the cache misses of large directories, and then
	// checked.
	ms := s.Mappings
	for start := 0; start < len(ms); start += batch {
		part := ms[start:min(start+batch, len(ms))]
		sfDense, replyDense := v.sfDense[:0], v.replyDense[:0]
		if t := &v.ix.owners; len(t.slots) > 0 {
			hashes := v.hashes[:0]
			for _, p := range part {
				hashes = append(hashes, v.ix.ownerHash(p.Salesforce))
			}
			v.touched += t.touch(hashes)
			for k, p := range part {
				sfDense = append(sfDense, t.probe(hashes[k], p.Salesforce))
			}
			for k, p := range part {
				sfDense[k] = v.ownerNumber(p.Salesforce, sfDense[k])
			}
			v.hashes = hashes
		} else {
			for range part {
				sfDense = append(sfDense, -1)
			}
		}
		if t := &v.ix.members; len(t.slots) > 0 {
			homes := v.hashes[:0]
			for _, p := range part {
				homes = append(homes, memberHash(p.Reply))
			}
			v.touched += t.touch(homes)
			for k, p := range part {
				replyDense = append(replyDense, t.probe(homes[k], p.Reply))
			}
			v.hashes = homes
		} else {
			for range part {
				replyDense = append(replyDense, -1)
			}
		}
		v.sfDense, v.replyDense = sfDense, replyDense
		for k, p := range part {
			j := start + k
			if p.Salesforce.IsZero() {
				v.add(SeverityError, CodeInvalidSalesforceID, pairPath(j, "salesforce_owner"), "",
					"The pair has no Salesforce owner.", "Copy the 15- or 18-character ID of a Salesforce user or queue into the pair.")
			} else {
				for _, pr := range v.salesforceOwnerAt(p.Salesforce, sfDense[k], s.Object, sfTarget) {
					v.addProblem(pairPath(j, "salesforce_owner"), p.Salesforce.String(), pr)
				}
			}
			if !p.Reply.Valid() {
				v.add(SeverityError, CodeInvalidReplyOwner, pairPath(j, "reply_owner"), replyValue(p.Reply),
					"The pair has no Reply owner, or it is not a positive Reply userId.", "Pick the team member in Reply, or use their positive userId.")
			} else {
				for _, pr := range v.replyOwnerAt(p.Reply, replyDense[k], replyTarget) {
					v.addProblem(pairPath(j, "reply_owner"), p.Reply.String(), pr)
				}
			}
			if maybeRepeats {
				continue
			}
			// The unique side: ignored when unset, as Conflicts ignores it.
			dense, set := sfDense[k], !p.Salesforce.IsZero()
			if s.Direction == ownership.ReplyToSalesforce {
				dense, set = replyDense[k], p.Reply.Valid()
			}
			switch {
			case !set:
			case dense < 0 || stamps[dense] == stamp:
				maybeRepeats = true
			default:
				stamps[dense] = stamp
			}
		}
	}
	if !maybeRepeats {
		return
	}
	for _, c := range s.Conflicts() {
		if c.Direction == ownership.SalesforceToReply {
			v.add(SeverityError, CodeDuplicateSalesforceOwner, pairPath(c.Index, "salesforce_owner"), c.OwnerText(),
				fmt.Sprintf("Salesforce owner %s is already mapped by mappings[%d] (the 15- and 18-character forms of an ID are one owner).", c.OwnerText(), c.First),
				"For Salesforce → Reply sync, each Salesforce owner can be mapped only once: remove or change one of the pairs.")
		} else {
			v.add(SeverityError, CodeDuplicateReplyOwner, pairPath(c.Index, "reply_owner"), c.OwnerText(),
				fmt.Sprintf("Reply owner %s is already mapped by mappings[%d].", c.OwnerText(), c.First),
				"For Reply → Salesforce sync, each Reply owner can be mapped only once: remove or change one of the pairs.")
		}
	}
}

func replyValue(id ownership.ReplyUserID) string {
	if id == 0 {
		return ""
	}
	return id.String()
}

// salesforceOwner checks a present Salesforce owner ID against the facts.
// target says whether records would be written to it; object is the step's
// object, for queues. It returns the problems, valid until the next call.
func (v *validator) salesforceOwner(id ownership.SalesforceID, object string, target bool) []problem {
	return v.salesforceOwnerAt(id, v.lookupSalesforce(id), object, target)
}

// lookupSalesforce returns the dense number of a user or queue, or -1 when
// the facts do not list it.
func (v *validator) lookupSalesforce(id ownership.SalesforceID) int32 {
	return v.ownerNumber(id, v.ix.owners.get(v.ix.ownerHash(id), id))
}

// ownerNumber returns k, id's number in the owner table, when it is in the
// range of id's kind (a user ID among the users, a queue ID among the
// queues), and -1 otherwise.
func (v *validator) ownerNumber(id ownership.SalesforceID, k int32) int32 {
	switch id.OwnerKind() {
	case ownership.UserOwner:
		if k >= 0 && k < v.ix.nUsers {
			return k
		}
	case ownership.QueueOwner:
		if k >= v.ix.nUsers {
			return k
		}
	}
	return -1
}

// salesforceOwnerAt is salesforceOwner with the owner's dense number
// already looked up.
func (v *validator) salesforceOwnerAt(id ownership.SalesforceID, dense int32, object string, target bool) []problem {
	out := v.buf[:0]
	switch id.OwnerKind() {
	case ownership.NotAnOwner:
		out = append(out, problem{CodeNotAnOwnerID, SeverityError,
			fmt.Sprintf("%s has key prefix %s, which is neither a User (005) nor a Queue (00G), so it cannot own records.", id, id.KeyPrefix()),
			"Use the ID of a Salesforce user or queue, not of a record."})
	case ownership.UserOwner:
		if !v.ix.usersKnown {
			v.need(FactSalesforceUsers)
			break
		}
		k := dense
		if k < 0 {
			out = append(out, problem{CodeUnknownSalesforceOwner, SeverityError,
				fmt.Sprintf("Salesforce user %s is not among the org's users.", id),
				"Check the ID in Salesforce: the user may have been deleted or belong to another org."})
			break
		}
		if !v.ix.userActive[k] {
			if target {
				out = append(out, problem{CodeInactiveOwner, SeverityError,
					fmt.Sprintf("Salesforce user %s is inactive; writing records to them fails with INACTIVE_OWNER_OR_USER.", id),
					"Reactivate the user in Salesforce, or map to an active user."})
			} else {
				out = append(out, problem{CodeInactiveOwner, SeverityWarning,
					fmt.Sprintf("Salesforce user %s is inactive; they may still own records, but no new ones.", id),
					"Reassign their records in Salesforce, or remove the pair when it is no longer needed."})
			}
		}
	case ownership.QueueOwner:
		var q *ownership.Queue
		if !v.ix.queuesKnown {
			v.need(FactQueues)
		} else if dense >= 0 {
			q = &v.facts.Queues[dense-v.ix.nUsers]
		} else {
			out = append(out, problem{CodeUnknownSalesforceOwner, SeverityError,
				fmt.Sprintf("Salesforce queue %s is not among the org's queues.", id),
				"Check the ID in Salesforce: the queue may have been deleted or belong to another org."})
		}
		if !target || strings.TrimSpace(object) == "" {
			break
		}
		var allowed bool
		switch {
		case q != nil && q.Objects != nil:
			allowed = q.MayOwn(object)
		case neverQueueOwned(object):
			allowed = false
		default:
			if q != nil {
				v.need(FactQueueObjects)
			}
			allowed = true // not known; skipped
		}
		if !allowed {
			out = append(out, problem{CodeQueueNotAllowed, SeverityError,
				fmt.Sprintf("Queue %s would become the owner of %s records, which it cannot own.", id, object),
				fmt.Sprintf("Map to a user, or add %s to the queue's supported objects in Salesforce Setup (Contact and Account cannot be owned by queues).", object)})
		}
	}
	v.buf = out[:0]
	return out
}

// neverQueueOwned reports whether object is one that no queue can own
// (FACTS.md §2: Contact and Account are absent from every queue-supported
// list, so their owner must be a user).
func neverQueueOwned(object string) bool {
	o := strings.TrimSpace(object)
	return strings.EqualFold(o, "Contact") || strings.EqualFold(o, "Account")
}

// replyOwner checks a valid Reply owner against the facts. It returns the
// problems, valid until the next call.
func (v *validator) replyOwner(id ownership.ReplyUserID, target bool) []problem {
	return v.replyOwnerAt(id, v.lookupReply(id), target)
}

// lookupReply returns the dense number of a member, or -1 when the facts do
// not list them.
func (v *validator) lookupReply(id ownership.ReplyUserID) int32 {
	return v.ix.members.get(memberHash(id), id)
}

// replyOwnerAt is replyOwner with the member's dense number already looked
// up.
func (v *validator) replyOwnerAt(id ownership.ReplyUserID, k int32, target bool) []problem {
	out := v.buf[:0]
	if !v.ix.membersKnown {
		v.need(FactReplyMembers)
		return out
	}
	if k < 0 {
		out = append(out, problem{CodeUnknownReplyOwner, SeverityError,
			fmt.Sprintf("Reply user %s is not a member of the team.", id),
			"Pick a current member of the Reply team."})
		v.buf = out[:0]
		return out
	}
	if !v.ix.memberActive[k] {
		if target {
			out = append(out, problem{CodeInactiveOwner, SeverityError,
				fmt.Sprintf("Reply member %s is deactivated; records cannot be assigned to them.", id),
				"Reactivate the member in Reply, or map to an active member."})
		} else {
			out = append(out, problem{CodeInactiveOwner, SeverityWarning,
				fmt.Sprintf("Reply member %s is deactivated; their people and activities no longer change.", id),
				"Remove the pair when it is no longer needed."})
		}
	}
	v.buf = out[:0]
	return out
}

// sequence checks the People to sequence section of a Salesforce → Reply
// step; on other steps the section has no effect and is not checked.
func (v *validator) sequence(i int, s syncstep.Step) {
	if s.Sequence == nil || s.Direction != ownership.SalesforceToReply {
		return
	}
	// The Reply owners the step can resolve a record to: its pairs' (or,
	// without pairs, the default pair's) and the fallback owner's.
	reached := make(map[ownership.ReplyUserID]bool, len(s.Sequence.Owners))
	for _, o := range s.Sequence.Owners {
		reached[o] = false
	}
	mark := func(o ownership.ReplyUserID) {
		if _, ok := reached[o]; ok {
			reached[o] = true
		}
	}
	if s.HasPairs() {
		for _, p := range s.Mappings {
			mark(p.Reply)
		}
	} else {
		mark(v.cfg.ReplyUser)
	}
	if s.Unmapped.Action == syncstep.UnmappedFallback {
		mark(s.Unmapped.Fallback.Reply)
	}
	owners := steps(i).Child("people_to_sequence").Child("owners")
	for j, o := range s.Sequence.Owners {
		switch {
		case !o.Valid():
			v.add(SeverityError, CodeInvalidReplyOwner, owners.Index(j), replyValue(o),
				"The People to sequence owner is missing or not a positive Reply userId.", "Select a team member.")
		case !reached[o]:
			v.add(SeverityError, CodeUnmappedSequenceOwner, owners.Index(j), o.String(),
				fmt.Sprintf("Reply owner %s is selected in People to sequence but no pair of this step maps to them, so no contacts will be assigned to them or added to the sequence.", o),
				"Select only owners that are included in your ownership mappings, or add a pair for this owner.")
		}
	}
}

func (v *validator) unmapped(i int, s syncstep.Step) {
	at := steps(i).Child("unmapped")
	switch s.Unmapped.Action {
	case syncstep.UnmappedSkip:
	case syncstep.UnmappedFallback:
		detail := "Choose an active owner on the target side (for example the integration account) as the fallback owner, or use the skip policy."
		switch s.Direction {
		case ownership.SalesforceToReply:
			fb, path := s.Unmapped.Fallback.Reply, at.Child("reply_owner")
			if !fb.Valid() {
				v.add(SeverityError, CodeInvalidFallbackOwner, path, replyValue(fb),
					"The fallback policy has no Reply owner (or it is not a positive userId).", detail)
				return
			}
			if ps := v.replyOwner(fb, true); len(ps) > 0 {
				v.add(SeverityError, CodeInvalidFallbackOwner, path, fb.String(), "Fallback owner: "+ps[0].summary, detail)
			}
		case ownership.ReplyToSalesforce:
			fb, path := s.Unmapped.Fallback.Salesforce, at.Child("salesforce_owner")
			if fb.IsZero() {
				v.add(SeverityError, CodeInvalidFallbackOwner, path, "",
					"The fallback policy has no Salesforce owner.", detail)
				return
			}
			if ps := v.salesforceOwner(fb, s.Object, true); len(ps) > 0 {
				v.add(SeverityError, CodeInvalidFallbackOwner, path, fb.String(), "Fallback owner: "+ps[0].summary, detail)
			}
		}
	case syncstep.UnmappedLeaveToSalesforce:
		if s.Direction == ownership.SalesforceToReply {
			v.add(SeverityError, CodeInvalidValue, at.Child("action"), s.Unmapped.Action.String(),
				"leave_to_salesforce applies only to Reply → Salesforce steps: in Salesforce → Reply there is no Salesforce assignment to leave records to.",
				"Use skip or fallback.")
		}
	default:
		v.add(SeverityError, CodeInvalidValue, at.Child("action"), s.Unmapped.Action.String(),
			"The unmapped action is not one of skip, fallback, leave_to_salesforce.", "Use one of them.")
	}
}

// assignmentRules warns about Reply → Salesforce steps, which write owners
// to Salesforce, whose object has an active assignment rule. Salesforce →
// Reply steps write nothing to Salesforce, so a rule cannot undo them.
func (v *validator) assignmentRules(i int, s syncstep.Step) {
	obj := strings.TrimSpace(s.Object)
	if s.Direction != ownership.ReplyToSalesforce || obj == "" {
		return
	}
	if v.ix.rules == nil {
		// Only Lead and Case have assignment rules (FACTS.md §3).
		if strings.EqualFold(obj, "Lead") || strings.EqualFold(obj, "Case") {
			v.need(FactAssignmentRuleObjects)
		}
		return
	}
	if v.ix.rules[strings.ToLower(obj)] {
		v.add(SeverityWarning, CodeAssignmentRulesActive, steps(i).Child("object"), s.Object,
			fmt.Sprintf("%s has an active Salesforce assignment rule, which can overwrite the owner this step writes.", obj),
			"Deactivate the assignment rule in Salesforce Setup, or write owners with the header Sforce-Auto-Assign: FALSE.")
	}
}

// defaultPair checks the connected accounts: the Salesforce side is the
// owner written by every Reply → Salesforce step that uses the default pair
// and the source owner of every Salesforce → Reply one, and the Reply side
// the reverse. A problem is reported once, at salesforce_user or
// reply_user, with the highest severity any step gives it.
func (v *validator) defaultPair() {
	cfg := v.cfg
	sf, reply := cfg.SalesforceUser, cfg.ReplyUser
	sfPath, replyPath := Root("salesforce_user"), Root("reply_user")
	if !sf.IsZero() && sf.OwnerKind() == ownership.NotAnOwner {
		v.addProblem(sfPath, sf.String(), v.salesforceOwner(sf, "", false)[0])
	}
	var sfFound, replyFound mergedProblems
	var users []string
	for i, s := range cfg.Steps {
		if s.HasPairs() || !s.Direction.Valid() {
			continue
		}
		users = append(users, "steps["+strconv.Itoa(i)+"]")
		replyTarget := s.Direction == ownership.SalesforceToReply
		if reply.Valid() {
			replyFound.merge(v.replyOwner(reply, replyTarget))
		}
		if !sf.IsZero() && sf.OwnerKind() != ownership.NotAnOwner {
			sfFound.merge(v.salesforceOwner(sf, s.Object, !replyTarget))
		}
	}
	if len(users) == 0 {
		return
	}
	who := strings.Join(users, ", ")
	if sf.IsZero() {
		v.add(SeverityError, CodeInvalidSalesforceID, sfPath, "",
			"No connected Salesforce account is set, but "+who+" use the default pair.",
			"Set salesforce_user to the connected Salesforce user's ID, or add pairs to those steps.")
	}
	if !reply.Valid() {
		v.add(SeverityError, CodeInvalidReplyOwner, replyPath, replyValue(reply),
			"No Reply account for the integration is set, but "+who+" use the default pair.",
			"Set reply_user to the userId of the Reply account used for the integration, or add pairs to those steps.")
	}
	for _, p := range sfFound {
		v.add(p.severity, p.code, sfPath, sf.String(), "Connected Salesforce account (default pair of "+who+"): "+p.summary, p.detail)
	}
	for _, p := range replyFound {
		v.add(p.severity, p.code, replyPath, reply.String(), "Reply account of the integration (default pair of "+who+"): "+p.summary, p.detail)
	}
}

// mergedProblems keeps one problem per code, the most severe.
type mergedProblems []problem

func (m *mergedProblems) merge(ps []problem) {
next:
	for _, p := range ps {
		for k, old := range *m {
			if old.code == p.code {
				if p.severity < old.severity {
					(*m)[k] = p
				}
				continue next
			}
		}
		*m = append(*m, p)
	}
}

// access checks who may use ownership mappings and how the integration was
// set up.
func (v *validator) access(anyPairs bool) {
	cfg, f := v.cfg, v.facts
	unavailable := false
	if anyPairs {
		switch f.Workspace {
		case ownership.TeamEdition:
		case ownership.PrivateMode:
			switch {
			case !f.TeamOwner.Valid():
				v.need(FactTeamOwner)
			case f.TeamOwner != cfg.ReplyUser:
				unavailable = true
				for i, s := range cfg.Steps {
					if s.HasPairs() {
						v.add(SeverityError, CodeMappingsUnavailable, steps(i).Child("mappings"), "",
							fmt.Sprintf("The workspace is in Private mode and the integration is set up from Reply user %s, not the team owner %s, so ownership mappings are not available.", replyValue(cfg.ReplyUser), f.TeamOwner),
							"Set up the integration from the team owner's account, or enable Team Edition, or remove the pairs.")
					}
				}
			}
		default:
			v.need(FactWorkspace)
		}
	}
	if !cfg.ReplyUser.Valid() {
		return
	}
	switch {
	case !f.TeamOwner.Valid():
		v.need(FactTeamOwner)
	case f.TeamOwner != cfg.ReplyUser && !unavailable:
		v.add(SeverityWarning, CodeNotTeamOwner, Root("reply_user"), cfg.ReplyUser.String(),
			fmt.Sprintf("The integration is set up from Reply user %s, not from the team owner %s.", cfg.ReplyUser, f.TeamOwner),
			"If you're working in a team, set up the integration from the team owner's account and map other team members using ownership mappings.")
	}
	if !v.ix.membersKnown {
		v.need(FactReplyMembers)
		return
	}
	seen := map[ownership.ReplyUserID]bool{}
	for _, m := range f.ReplyMembers {
		if !m.IntegrationEnabled || m.ID == cfg.ReplyUser || seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		v.add(SeverityWarning, CodeTeammateIntegrationEnabled, Root("reply_user"), m.ID.String(),
			fmt.Sprintf("Teammate %s also has the Salesforce integration enabled, which can conflict with this one.", m.ID),
			"Disable the integration on the teammate's account and map them with ownership mappings instead.")
	}
}

// applyAll reports what "Save and apply for all steps" from
// cfg.ApplyAllFrom would break. It makes the uniqueness check that
// syncstep.ApplyAll makes (Step.Conflicts on each step with the copied
// pairs), step by step, so that each conflict is placed at its step's index
// even when keys repeat. The source step itself is not reported here: its
// own repeats are duplicate-*-owner errors already.
func (v *validator) applyAll() {
	from := v.cfg.ApplyAllFrom
	if from == "" {
		return
	}
	k := v.cfg.StepIndex(from)
	if k < 0 {
		v.add(SeverityError, CodeApplyAllConflict, Root("apply_all_from"), from,
			fmt.Sprintf("Save and apply for all steps names step %q, which does not exist.", from),
			"Name the key of the step whose pairs should be copied.")
		return
	}
	pairs := v.cfg.Steps[k].Mappings
	for t, s := range v.cfg.Steps {
		if t == k {
			continue
		}
		s.Mappings = pairs
		for _, c := range s.Conflicts() {
			side := "Salesforce"
			if c.Direction == ownership.ReplyToSalesforce {
				side = "Reply"
			}
			v.add(SeverityError, CodeApplyAllConflict, steps(t).Child("mappings"), c.OwnerText(),
				fmt.Sprintf("Applying the pairs of step %q here would map %s owner %s twice (its mappings[%d] and mappings[%d]); in a %s step each %s owner can be mapped only once.",
					from, side, c.OwnerText(), c.First, c.Index, c.Direction.Arrow(), side),
				"Set this step's mappings separately, or change the source step's pairs so that no owner repeats on either side.")
		}
	}
}
