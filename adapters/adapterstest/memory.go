package adapterstest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// Interface checks.
var (
	_ adapters.SalesforceDirectory = (*Org)(nil)
	_ adapters.ReplyTeam           = (*Team)(nil)
	_ adapters.RecordSource        = (*Store)(nil)
	_ adapters.BatchOwnerSink      = (*Store)(nil)
	_ adapters.Enroller            = (*Store)(nil)
	_ adapters.RecordSource        = (*Generator)(nil)
	_ adapters.OwnerSink           = (*Counter)(nil)
	_ adapters.Clock               = (*Clock)(nil)
)

// Org is an in-memory Salesforce directory serving Facts' Salesforce
// parts: SalesforceUsers, Queues and AssignmentRuleObjects. A nil listing
// is served as an empty one. Errs, keyed by adapters.PartSalesforceUsers,
// PartQueues or PartAssignmentRuleObjects, makes that listing fail with the
// error instead.
//
// The zero value is an empty org. Each call returns a new copy of the
// listing, in the order of the field. Do not modify the fields while the
// Org is in use. An Org is safe for concurrent use.
type Org struct {
	Facts validate.Facts
	Errs  map[string]error
}

func listing[T any](ctx context.Context, errs map[string]error, part string, v []T) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errs[part]; err != nil {
		return nil, err
	}
	if v == nil {
		return []T{}, nil
	}
	return slices.Clone(v), nil
}

// Users returns Facts.SalesforceUsers.
func (o *Org) Users(ctx context.Context) ([]ownership.SalesforceUser, error) {
	return listing(ctx, o.Errs, adapters.PartSalesforceUsers, o.Facts.SalesforceUsers)
}

// Queues returns Facts.Queues; each queue's Objects is a copy too.
func (o *Org) Queues(ctx context.Context) ([]ownership.Queue, error) {
	qs, err := listing(ctx, o.Errs, adapters.PartQueues, o.Facts.Queues)
	for i := range qs {
		qs[i].Objects = slices.Clone(qs[i].Objects)
	}
	return qs, err
}

// AssignmentRuleObjects returns Facts.AssignmentRuleObjects.
func (o *Org) AssignmentRuleObjects(ctx context.Context) ([]string, error) {
	return listing(ctx, o.Errs, adapters.PartAssignmentRuleObjects, o.Facts.AssignmentRuleObjects)
}

// Team is an in-memory Reply team serving Facts' Reply parts: ReplyMembers,
// TeamOwner and Workspace. Errs, keyed by adapters.PartReplyMembers or
// PartWorkspace, makes that call fail with the error instead. The zero
// value is an empty team whose owner and mode are not known. A Team is safe
// for concurrent use.
type Team struct {
	Facts validate.Facts
	Errs  map[string]error
}

// Members returns Facts.ReplyMembers.
func (t *Team) Members(ctx context.Context) ([]ownership.ReplyMember, error) {
	return listing(ctx, t.Errs, adapters.PartReplyMembers, t.Facts.ReplyMembers)
}

// Workspace returns Facts.TeamOwner and Facts.Workspace.
func (t *Team) Workspace(ctx context.Context) (adapters.Workspace, error) {
	if err := ctx.Err(); err != nil {
		return adapters.Workspace{}, err
	}
	if err := t.Errs[adapters.PartWorkspace]; err != nil {
		return adapters.Workspace{}, err
	}
	return adapters.Workspace{Owner: t.Facts.TeamOwner, Mode: t.Facts.Workspace}, nil
}

// Store is an in-memory step: a RecordSource and an OwnerSink (with the
// batch capability, and the Enroller capability) over the same records, so
// that what the sink writes the source reads back, as a real service does.
//
// Rows are streamed in slice order, whatever the step; a record's cursor
// is its position (1-based) in decimal. SetOwner sets the record's owner on
// the target side of the assignment's direction. Record IDs must be unique.
//
// Build a Store from a literal; after first use, the Store owns Rows
// (it writes owners into the slice), so read them back with Snapshot or
// Get. A Store is safe for concurrent use.
type Store struct {
	Rows []syncstep.Record

	mu       sync.Mutex
	index    map[string]int
	calls    int
	changes  int
	enrolled map[string]int64
}

func (s *Store) lookup(id string) (int, bool) {
	if s.index == nil {
		s.index = make(map[string]int, len(s.Rows))
		for i, r := range s.Rows {
			s.index[r.ID] = i
		}
	}
	i, ok := s.index[id]
	return i, ok
}

// parseCursor returns the position a cursor of Store or Generator stands
// for: the number of records before the one it resumes at.
func parseCursor(c adapters.Cursor) (int, error) {
	if c == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(string(c))
	if err != nil || n < 0 {
		return 0, &adapters.Error{Kind: adapters.KindPermanent, Code: "invalid_cursor", Err: fmt.Errorf("cursor %q is not a position", c)}
	}
	return n, nil
}

// Records streams the records after the cursor, one at a time under the
// lock, so concurrent writes are seen by a stream in progress.
func (s *Store) Records(ctx context.Context, _ syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	return func(yield func(adapters.SourceRecord, error) bool) {
		i, err := parseCursor(after)
		if err != nil {
			yield(adapters.SourceRecord{}, err)
			return
		}
		for ; ; i++ {
			if err := ctx.Err(); err != nil {
				yield(adapters.SourceRecord{}, err)
				return
			}
			s.mu.Lock()
			if i >= len(s.Rows) {
				s.mu.Unlock()
				return
			}
			r := s.Rows[i]
			s.mu.Unlock()
			if !yield(adapters.SourceRecord{Record: r, Cursor: adapters.Cursor(strconv.Itoa(i + 1))}, nil) {
				return
			}
		}
	}
}

// ErrNoOwner is returned (classified KindPermanent) by Store for an
// assignment whose decision names no owner.
var ErrNoOwner = errors.New("assignment names no owner")

// SetOwner sets a.Record's owner on the target side of a.Decision. An
// unknown record is an error classified KindNotFound; a canceled ctx
// changes nothing and returns ctx's error.
func (s *Store) SetOwner(ctx context.Context, a adapters.Assignment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.set(a)
}

func (s *Store) set(a adapters.Assignment) error {
	s.calls++
	if !a.Decision.HasOwner() {
		return &adapters.Error{Kind: adapters.KindPermanent, Code: "no_owner", Err: fmt.Errorf("record %q: %w", a.Record.ID, ErrNoOwner)}
	}
	i, ok := s.lookup(a.Record.ID)
	if !ok {
		return &adapters.Error{Kind: adapters.KindNotFound, Code: "not_found", Err: fmt.Errorf("record %q", a.Record.ID)}
	}
	r := &s.Rows[i]
	before := *r
	if a.Decision.Direction == ownership.ReplyToSalesforce {
		r.Salesforce = a.Decision.Salesforce
	} else {
		r.Reply = a.Decision.Reply
	}
	if *r != before {
		s.changes++
	}
	return nil
}

// SetOwners applies each assignment as SetOwner does, under one lock, and
// returns one error per assignment.
func (s *Store) SetOwners(ctx context.Context, batch []adapters.Assignment) []error {
	errs := make([]error, len(batch))
	if err := ctx.Err(); err != nil {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, a := range batch {
		errs[i] = s.set(a)
	}
	return errs
}

// Enroll records that e.Record's person is in sequence e.SequenceID
// (a record is in one sequence at a time: enrolling it in another moves
// it). Enrolling a record in the sequence it is in succeeds and changes
// nothing. An unknown record is an error classified KindNotFound; a
// non-positive SequenceID or an enrollment of a Reply → Salesforce step is
// KindPermanent; a canceled ctx changes nothing and returns ctx's error.
// Store does not check the record's owner.
func (s *Store) Enroll(ctx context.Context, e adapters.Enrollment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.SequenceID <= 0 || e.Decision.Direction != ownership.SalesforceToReply {
		return &adapters.Error{Kind: adapters.KindPermanent, Code: "invalid_enrollment",
			Err: fmt.Errorf("record %q: sequence %d, direction %s: only Salesforce → Reply people are enrolled, in a positive sequence", e.Record.ID, e.SequenceID, e.Decision.Direction)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.lookup(e.Record.ID); !ok {
		return &adapters.Error{Kind: adapters.KindNotFound, Code: "not_found", Err: fmt.Errorf("record %q", e.Record.ID)}
	}
	if s.enrolled == nil {
		s.enrolled = make(map[string]int64)
	}
	s.enrolled[e.Record.ID] = e.SequenceID
	return nil
}

// Enrollments returns a copy of the enrollments made: the sequence each
// enrolled record is in, by record ID. It is empty, not nil, when there is
// none.
func (s *Store) Enrollments() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(s.enrolled))
	maps.Copy(out, s.enrolled)
	return out
}

// Get returns the record with the given ID as it is now.
func (s *Store) Get(id string) (syncstep.Record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.lookup(id)
	if !ok {
		return syncstep.Record{}, false
	}
	return s.Rows[i], true
}

// Snapshot returns a copy of every record as it is now, in order.
func (s *Store) Snapshot() []syncstep.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.Rows)
}

// Writes returns the number of write calls received (each assignment of a
// batch counts one) and how many of them changed an owner.
func (s *Store) Writes() (calls, changes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls, s.changes
}

// Generator is a RecordSource of N records made on demand by Record(i),
// i from 0 to N-1, so that a step of any size streams in constant memory.
// Record must be a pure function of i, with distinct IDs. Cursors are as
// for Store. A Generator is safe for concurrent use if Record is.
type Generator struct {
	N      int
	Record func(i int) syncstep.Record
}

// Records streams Record(i) for each i after the cursor.
func (g *Generator) Records(ctx context.Context, _ syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	return func(yield func(adapters.SourceRecord, error) bool) {
		i, err := parseCursor(after)
		if err != nil {
			yield(adapters.SourceRecord{}, err)
			return
		}
		for ; i < g.N; i++ {
			if err := ctx.Err(); err != nil {
				yield(adapters.SourceRecord{}, err)
				return
			}
			if !yield(adapters.SourceRecord{Record: g.Record(i), Cursor: adapters.Cursor(strconv.Itoa(i + 1))}, nil) {
				return
			}
		}
	}
}

// Counter is an OwnerSink that accepts every write and only counts them,
// in constant memory: the sink of benchmarks. Its zero value is ready to
// use, and it is safe for concurrent use.
type Counter struct{ n atomic.Int64 }

// SetOwner counts the write; a canceled ctx returns ctx's error.
func (c *Counter) SetOwner(ctx context.Context, _ adapters.Assignment) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.n.Add(1)
	return nil
}

// Count returns the number of writes accepted.
func (c *Counter) Count() int64 { return c.n.Load() }

// Clock is a fake adapters.Clock: Sleep returns at once, records how long
// it was asked to wait, and moves Now forward by that much. Its zero value
// starts at the zero time; set Start before first use to begin elsewhere.
// A Clock is safe for concurrent use.
type Clock struct {
	Start time.Time

	mu     sync.Mutex
	now    time.Time
	init   bool
	sleeps []time.Duration
}

func (c *Clock) lockedNow() time.Time {
	if !c.init {
		c.now, c.init = c.Start, true
	}
	return c.now
}

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lockedNow()
}

// Sleep records d and advances the fake time by d. It returns ctx's error,
// without sleeping, when ctx is done; d ≤ 0 records nothing.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.lockedNow().Add(d)
	c.sleeps = append(c.sleeps, d)
	return nil
}

// Sleeps returns every wait Sleep was asked for, in call order.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}
