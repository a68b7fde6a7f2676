package adapters

import (
	"context"
	"iter"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// SalesforceDirectory lists what a Salesforce org says about its owners.
// The embedder implements it around their own Salesforce client.
//
// Each method returns the complete listing: an implementation follows
// every page (nextRecordsUrl) itself, and returns either everything or an
// error, never a partial list. Two calls over an unchanged org return the
// same entries in the same order. An empty org returns an empty, non-nil
// slice. Errors are classified as described in the package documentation.
// Implementations must be safe for concurrent use.
type SalesforceDirectory interface {
	// Users returns the org's users, active or not, with their canonical
	// IDs (any ID form the API returns parses to the same value).
	Users(ctx context.Context) ([]ownership.SalesforceUser, error)
	// Queues returns the org's queues (Groups of Type Queue), each with the
	// objects it may own (from QueueSobject); a nil Objects means the
	// implementation does not know them.
	Queues(ctx context.Context) ([]ownership.Queue, error)
	// AssignmentRuleObjects returns the API names of the objects (Lead,
	// Case) that have an active assignment rule.
	AssignmentRuleObjects(ctx context.Context) ([]string, error)
}

// Workspace is what a Reply team says about itself: its owner and the
// workspace mode.
type Workspace struct {
	// Owner is the team owner; zero when the service does not say.
	Owner ownership.ReplyUserID
	// Mode is the workspace mode; WorkspaceUnknown when the service does
	// not say.
	Mode ownership.WorkspaceMode
}

// ReplyTeam lists what a Reply team says about its members. The embedder
// implements it around their own Reply client.
//
// Members returns the complete listing, stable across calls, as for
// SalesforceDirectory. Implementations must be safe for concurrent use.
type ReplyTeam interface {
	// Members returns the team's members, active or not.
	Members(ctx context.Context) ([]ownership.ReplyMember, error)
	// Workspace returns the team owner and the workspace mode.
	Workspace(ctx context.Context) (Workspace, error)
}

// Cursor is an opaque position in a RecordSource's stream: the position
// just after the record that carried it. The zero value, "", is the start
// of the stream. Only the source that issued a cursor interprets it; the
// runner stores it and hands it back.
type Cursor string

// SourceRecord is one record a RecordSource streams: the record with its
// owner on the source side and its current owner on the target side, and
// the cursor that resumes after it.
type SourceRecord struct {
	syncstep.Record
	// Cursor resumes the stream just after this record.
	Cursor Cursor
}

// RecordSource streams the records of a sync step.
//
// Records yields the records of step (its Object, Direction and Filters
// say which) in an order that is stable for the life of the data: the same
// for every call over unchanged data, with no record yielded twice. It
// starts just after the record whose cursor is after ("" for the start), so
// that a stream stopped after any record and resumed from that record's
// cursor yields exactly the records a full stream would have yielded after
// it. Records that appear in or vanish from the underlying data between
// calls may or may not be seen, as with any paged listing.
//
// Records are streamed: an implementation holds at most a page in memory,
// never the step. A yielded non-nil error ends the stream (the
// implementation yields nothing after it; the record that comes with it is
// ignored), and so does a canceled ctx, which the implementation reports as
// an error classified KindCanceled. An implementation must stop promptly
// when the consumer stops iterating. Implementations must be safe for
// concurrent use (distinct streams at once).
type RecordSource interface {
	Records(ctx context.Context, step syncstep.Step, after Cursor) iter.Seq2[SourceRecord, error]
}

// Assignment is one owner write: give Record, on the target side of
// Decision.Direction, the owner Decision names.
type Assignment struct {
	// Step is the key of the step the write belongs to, and Object the
	// step's Salesforce object (Contact, Lead, Task, ...).
	Step, Object string
	// Record is the record as the source read it.
	Record syncstep.Record
	// Decision is the plan's decision; Decision.HasOwner() is always true
	// for an Assignment the runner makes. The owner to write is
	// Decision.Reply in Salesforce → Reply steps and Decision.Salesforce in
	// Reply → Salesforce steps.
	Decision syncstep.Decision
}

// OwnerSink sets the owner of records on the target side of a step: the
// Reply owner of a person, or the OwnerId of a Salesforce record. The
// embedder implements it around their own client; a Salesforce
// implementation should send Sforce-Auto-Assign: FALSE so that an active
// assignment rule does not overwrite the owner it sets.
//
// SetOwner must be idempotent: setting the owner a record already has
// succeeds and changes nothing, so a write repeated after a retry or a
// resumed run is harmless. A record the target does not have is an error
// classified KindNotFound. A canceled ctx is an error classified
// KindCanceled. Implementations must be safe for concurrent use; the
// runner calls SetOwner from several goroutines at once.
type OwnerSink interface {
	SetOwner(ctx context.Context, a Assignment) error
}

// OwnerSinkFunc adapts a function to an OwnerSink.
type OwnerSinkFunc func(ctx context.Context, a Assignment) error

// SetOwner calls f(ctx, a).
func (f OwnerSinkFunc) SetOwner(ctx context.Context, a Assignment) error { return f(ctx, a) }

// ActivitySink creates owned activities on the target side: a Salesforce
// Task for a Reply email, call or LinkedIn step, owned by the resolved
// owner. CreateActivity must be idempotent by Assignment.Record.ID (the
// activity's id on the source side): creating an activity that exists
// already, with that owner, succeeds and creates nothing. Errors and
// concurrency are as for OwnerSink.
//
// The runner drives an ActivitySink through OwnerSinkFunc:
//
//	adapters.NewRunner(plan, src, adapters.OwnerSinkFunc(tasks.CreateActivity), nil)
//
// and a source for such a step reports, as the record's current owner on
// the target side, the owner of the activity already created for it (zero
// when there is none), so that a second run finds it unchanged.
type ActivitySink interface {
	CreateActivity(ctx context.Context, a Assignment) error
}

// BatchOwnerSink is an optional capability of an OwnerSink: setting one
// owner on many records in one call, as Reply's PUT /v3/contacts/owner
// ({contactIds[], userId}) does. The runner discovers it with a type
// assertion and then groups writes by target owner.
//
// SetOwners is given assignments that all name the same target owner, at
// most the runner's batch size of them, and returns one error per
// assignment, at the same index (nil: applied). When the whole call fails,
// every element carries that error. It is idempotent per record, as
// SetOwner is; a record absent from the service's affectedIds is reported
// with an error (KindNotFound when the service says it does not exist).
type BatchOwnerSink interface {
	OwnerSink
	SetOwners(ctx context.Context, batch []Assignment) []error
}

// Enrollment is one People to sequence enrollment: add the person of
// Assignment.Record, whose owner on the Reply side is now
// Assignment.Decision.Reply, to the Reply sequence SequenceID. The runner
// makes one only in Salesforce → Reply steps, for a record whose decision
// has Enroll set, after the owner is set (or found already set).
type Enrollment struct {
	// Assignment is the owner assignment the enrollment follows; an
	// implementation finds the person from it as its OwnerSink does.
	Assignment
	// SequenceID is the step's People to sequence SequenceID: always
	// positive in an Enrollment the runner makes.
	SequenceID int64
}

// Enroller is an optional capability of an OwnerSink: enrolling synced
// people in a sequence (People to sequence), as Reply's POST
// /v3/sequences/{id}/contacts does. The runner discovers it with a type
// assertion on the sink, as it does BatchOwnerSink.
//
// Enroll must be idempotent: enrolling a person who is already in the
// sequence succeeds and changes nothing, so an enrollment repeated after a
// retry or a resumed run is harmless. Errors are classified as for
// OwnerSink: a record the target does not have (or a sequence it does not
// have) is KindNotFound, a canceled ctx is KindCanceled, and the runner
// retries KindTransient and KindRateLimited exactly as it retries writes.
// Implementations must be safe for concurrent use.
type Enroller interface {
	Enroll(ctx context.Context, e Enrollment) error
}
