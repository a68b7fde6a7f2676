package syncstep

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ownermap/ownermap/ownership"
)

// Config is one Salesforce ↔ Reply integration as its users configure it:
// the connected accounts that make up the default pair, and the sync steps.
//
// Facts about the world (who is active, which objects queues may own, the
// workspace mode, the team owner) are not configuration; package validate
// takes them separately.
//
// A Config is plain data. Its zero value is an integration with no steps and
// no default pair. Methods never modify the receiver.
type Config struct {
	// SalesforceUser is the connected Salesforce account: the Salesforce side
	// of the default pair.
	SalesforceUser ownership.SalesforceID
	// ReplyUser is the Reply account used for the integration: the Reply
	// side of the default pair.
	ReplyUser ownership.ReplyUserID
	// Steps are the sync steps, in the order the integration shows them.
	Steps []Step
	// ApplyAllFrom, when set, is the key of a step whose pairs the user asked
	// to "Save and apply for all steps". Validation reports what that would
	// break (apply-all-conflict); ApplyAll carries it out.
	ApplyAllFrom string
}

// DefaultPair returns the default pair: the connected Salesforce account ↔
// the Reply account used for the integration.
func (c Config) DefaultPair() ownership.Pair {
	return ownership.Pair{Salesforce: c.SalesforceUser, Reply: c.ReplyUser}
}

// StepIndex returns the index of the first step whose key is key, or -1.
func (c Config) StepIndex(key string) int {
	return slices.IndexFunc(c.Steps, func(s Step) bool { return s.Key == key })
}

// Clone returns a deep copy of c: no slice of the copy shares memory with c.
func (c Config) Clone() Config {
	c.Steps = slices.Clone(c.Steps)
	for i := range c.Steps {
		c.Steps[i] = c.Steps[i].Clone()
	}
	return c
}

// Step is one sync step: one flow of one kind of record in one direction,
// with its record filters, its optional People to sequence section and its
// ownership mappings.
type Step struct {
	// Key identifies the step within its integration; it is stable across
	// renames (for example "contacts_to_people").
	Key string
	// Name is the label people see ("Salesforce Contacts → Reply People").
	Name string
	// Object is the Salesforce object's API name (Contact, Lead, Task, ...).
	Object string
	// Direction says which way records flow; it decides which side of a pair
	// must be unique.
	Direction ownership.Direction
	// Filters restrict which records the step syncs. An Owner ID filter
	// (Field "OwnerId") conflicts with ownership mappings.
	Filters []Filter
	// Sequence is the People to sequence section, for Salesforce → Reply
	// steps that enroll synced people in a Reply sequence; nil when absent.
	Sequence *PeopleToSequence
	// Mappings are the owner pairs the user set. Empty means the mapping
	// was never set, and the default pair applies to every record. Once set,
	// these pairs are the whole mapping: owners they do not name are
	// unmapped and follow Unmapped.
	Mappings []ownership.Pair
	// Unmapped says what happens to a record whose owner no pair names. Its
	// zero value skips such records.
	Unmapped UnmappedPolicy
}

// Clone returns a deep copy of s.
func (s Step) Clone() Step {
	s.Filters = slices.Clone(s.Filters)
	for i := range s.Filters {
		s.Filters[i].Values = slices.Clone(s.Filters[i].Values)
	}
	if s.Sequence != nil {
		seq := *s.Sequence
		seq.Owners = slices.Clone(seq.Owners)
		s.Sequence = &seq
	}
	s.Mappings = slices.Clone(s.Mappings)
	return s
}

// HasPairs reports whether the user set pairs on the step; when not, the
// default pair applies.
func (s Step) HasPairs() bool { return len(s.Mappings) > 0 }

// OwnerIDFilters returns the indexes of the step's Owner ID filters.
func (s Step) OwnerIDFilters() []int {
	var out []int
	for i, f := range s.Filters {
		if f.IsOwnerID() {
			out = append(out, i)
		}
	}
	return out
}

// Filter is one record filter of a step: records whose Field compares to
// Values by Operator are synced.
type Filter struct {
	// Field is the API name of the field filtered on.
	Field string
	// Operator is how the field compares to Values.
	Operator FilterOperator
	// Values are the operands, as text.
	Values []string
}

// IsOwnerID reports whether f is an Owner ID filter (its field is OwnerId,
// in any letter case, as Salesforce API names are case-insensitive).
func (f Filter) IsOwnerID() bool { return strings.EqualFold(f.Field, "OwnerId") }

// FilterOperator is the comparison of a Filter. The zero value is invalid.
type FilterOperator string

// The filter operators; their values are the JSON forms.
const (
	OpEquals    FilterOperator = "equals"
	OpNotEquals FilterOperator = "not_equals"
	OpIn        FilterOperator = "in"
	OpNotIn     FilterOperator = "not_in"
)

// Valid reports whether op is one of the defined operators.
func (op FilterOperator) Valid() bool {
	switch op {
	case OpEquals, OpNotEquals, OpIn, OpNotIn:
		return true
	}
	return false
}

// PeopleToSequence is a step's People to sequence section: synced people
// whose resolved Reply owner is one of Owners are enrolled in the sequence.
// The seed: "select only owners that are included in your ownership
// mappings. If an owner is not mapped, contacts will not be assigned to them
// or added to sequences."
type PeopleToSequence struct {
	// SequenceID is the Reply sequence; 0 when not known.
	SequenceID int64
	// Owners are the Reply owners whose people are enrolled.
	Owners []ownership.ReplyUserID
}

// UnmappedAction is what a step does with a record whose owner no pair
// names. The zero value is UnmappedSkip.
type UnmappedAction uint8

// The unmapped actions. Their text forms are stable and used in JSON.
const (
	// UnmappedSkip (the default): the record is not assigned and not
	// enrolled, and it is reported as skipped.
	UnmappedSkip UnmappedAction = iota
	// UnmappedFallback: the record goes to one named owner on the target
	// side (for example the integration account).
	UnmappedFallback
	// UnmappedLeaveToSalesforce (Reply → Salesforce only): no OwnerId is
	// written, and Salesforce's own assignment decides.
	UnmappedLeaveToSalesforce
)

// String returns "skip", "fallback" or "leave_to_salesforce".
func (a UnmappedAction) String() string {
	switch a {
	case UnmappedSkip:
		return "skip"
	case UnmappedFallback:
		return "fallback"
	case UnmappedLeaveToSalesforce:
		return "leave_to_salesforce"
	}
	return "UnmappedAction(" + strconv.Itoa(int(a)) + ")"
}

// ParseUnmappedAction parses the text form; ok is false for anything else.
func ParseUnmappedAction(s string) (a UnmappedAction, ok bool) {
	switch s {
	case "skip":
		return UnmappedSkip, true
	case "fallback":
		return UnmappedFallback, true
	case "leave_to_salesforce":
		return UnmappedLeaveToSalesforce, true
	}
	return 0, false
}

// UnmappedPolicy is a step's unmapped policy. The zero value skips.
type UnmappedPolicy struct {
	Action UnmappedAction
	// Fallback is the fallback owner, for UnmappedFallback. Only its side on
	// the step's target is used: Reply for Salesforce → Reply steps,
	// Salesforce for Reply → Salesforce steps.
	Fallback ownership.Pair
}

// Catalogue keys of Reply's default profile of steps.
const (
	StepContactsToPeople       = "contacts_to_people"
	StepLeadsToPeople          = "leads_to_people"
	StepPeopleToContacts       = "people_to_contacts"
	StepPeopleToLeads          = "people_to_leads"
	StepPeopleStatusesToLeads  = "people_statuses_to_lead_statuses"
	StepInboxCategoriesToLeads = "inbox_categories_to_lead_statuses"
	StepActivitiesToTasks      = "activities_to_tasks"
	StepNotesToNotes           = "notes_to_notes"
	StepLinkedInToTasks        = "linkedin_to_tasks"
)

// DefaultSteps returns Reply's default profile of sync steps (FACTS.md §5),
// in the order Reply lists them, with no filters, no pairs (so the default
// pair applies) and the skip policy. Each call returns a new slice that the
// caller may modify.
func DefaultSteps() []Step {
	s := func(key, name, object string, d ownership.Direction) Step {
		return Step{Key: key, Name: name, Object: object, Direction: d}
	}
	const s2r, r2s = ownership.SalesforceToReply, ownership.ReplyToSalesforce
	return []Step{
		s(StepContactsToPeople, "Salesforce Contacts → Reply People", "Contact", s2r),
		s(StepLeadsToPeople, "Salesforce Leads → Reply People", "Lead", s2r),
		s(StepPeopleToContacts, "Reply People → Salesforce Contacts", "Contact", r2s),
		s(StepPeopleToLeads, "Reply People → Salesforce Leads", "Lead", r2s),
		s(StepPeopleStatusesToLeads, "People statuses → Lead statuses", "Lead", r2s),
		s(StepInboxCategoriesToLeads, "Inbox categories → Lead statuses", "Lead", r2s),
		s(StepActivitiesToTasks, "Emails / Tasks / Calls → Lead and Contact Tasks", "Task", r2s),
		s(StepNotesToNotes, "People notes → Lead / Contact notes", "Note", r2s),
		s(StepLinkedInToTasks, "LinkedIn activities → Lead / Contact Tasks", "Task", r2s),
	}
}
