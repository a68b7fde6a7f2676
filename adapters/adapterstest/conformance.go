package adapterstest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// TB is the part of testing.TB the conformance suites use; *testing.T
// satisfies it, and so does anything with these methods, so this package
// does not import testing.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// T is a TB that runs named subtests, as *testing.T does (with T being
// *testing.T itself).
type T[Self any] interface {
	TB
	Run(name string, f func(Self)) bool
}

type check[H any] struct {
	name string
	fn   func(ctx context.Context, h H) error
}

func runChecks[H any](ctx context.Context, h H, checks []check[H]) error {
	var errs []error
	for _, c := range checks {
		if err := c.fn(ctx, h); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.name, err))
		}
	}
	return errors.Join(errs...)
}

func runSubtests[S T[S], H any](t S, newHarness func() H, checks []check[H]) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, func(t S) {
			t.Helper()
			if err := c.fn(context.Background(), newHarness()); err != nil {
				t.Errorf("%v", err)
			}
		})
	}
}

func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func wantCanceled(err error) error {
	if err == nil {
		return errors.New("a canceled context returned no error")
	}
	if k := adapters.KindOf(err); k != adapters.KindCanceled {
		return fmt.Errorf("a canceled context returned %v, classified %v, want %v", err, k, adapters.KindCanceled)
	}
	return nil
}

// sameSet reports, as an error, how got and want differ as sets keyed by
// key, with eq deciding whether two entries with one key are equal.
func sameSet[E any, K cmp.Ordered](what string, got, want []E, key func(E) K, eq func(a, b E) bool) error {
	if got == nil {
		return fmt.Errorf("%s: nil listing; an empty one must be non-nil", what)
	}
	g := make(map[K]E, len(got))
	var errs []error
	for _, e := range got {
		if _, dup := g[key(e)]; dup {
			errs = append(errs, fmt.Errorf("%s: %v listed twice", what, key(e)))
		}
		g[key(e)] = e
	}
	for _, w := range want {
		e, ok := g[key(w)]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s: %v missing", what, key(w)))
		case !eq(e, w):
			errs = append(errs, fmt.Errorf("%s: got %+v, want %+v", what, e, w))
		}
		delete(g, key(w))
	}
	for k := range g {
		errs = append(errs, fmt.Errorf("%s: %v listed but not expected", what, k))
	}
	return errors.Join(errs...)
}

func sameOrder[E any](what string, a, b []E, eq func(a, b E) bool) error {
	if !slices.EqualFunc(a, b, eq) {
		return fmt.Errorf("%s: two calls returned different listings (%d and %d entries, or another order)", what, len(a), len(b))
	}
	return nil
}

func eqQueue(a, b ownership.Queue) bool {
	norm := func(o []string) []string {
		o = slices.Clone(o)
		for i := range o {
			o[i] = strings.ToLower(o[i])
		}
		slices.Sort(o)
		return o
	}
	return a.ID == b.ID && a.Name == b.Name && ownership.NormalizeEmail(a.Email) == ownership.NormalizeEmail(b.Email) &&
		(a.Objects == nil) == (b.Objects == nil) && slices.Equal(norm(a.Objects), norm(b.Objects))
}

func eqUser(a, b ownership.SalesforceUser) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Active == b.Active &&
		ownership.NormalizeEmail(a.Email) == ownership.NormalizeEmail(b.Email)
}

func eqMember(a, b ownership.ReplyMember) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Active == b.Active && a.IntegrationEnabled == b.IntegrationEnabled &&
		ownership.NormalizeEmail(a.Email) == ownership.NormalizeEmail(b.Email)
}

func listTwice[E any](ctx context.Context, what string, list func(context.Context) ([]E, error), eq func(a, b E) bool) ([]E, error) {
	a, err := list(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	b, err := list(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s, second call: %w", what, err)
	}
	return a, sameOrder(what, a, b, eq)
}

// DirectoryHarness is a SalesforceDirectory under test and the facts it is
// expected to serve: Want.SalesforceUsers, Want.Queues and
// Want.AssignmentRuleObjects (nil is expected as empty).
type DirectoryHarness struct {
	Directory adapters.SalesforceDirectory
	Want      validate.Facts
}

var directoryChecks = []check[DirectoryHarness]{
	// Validation trusts the listings to be complete: a user missing from
	// them would be reported as unknown.
	{"UsersComplete", func(ctx context.Context, h DirectoryHarness) error {
		got, err := listTwice(ctx, "Users", h.Directory.Users, eqUser)
		if got == nil {
			return err
		}
		return errors.Join(err, sameSet("Users", got, h.Want.SalesforceUsers, func(u ownership.SalesforceUser) string { return u.ID.String() }, eqUser))
	}},
	{"QueuesComplete", func(ctx context.Context, h DirectoryHarness) error {
		got, err := listTwice(ctx, "Queues", h.Directory.Queues, eqQueue)
		if got == nil {
			return err
		}
		return errors.Join(err, sameSet("Queues", got, h.Want.Queues, func(q ownership.Queue) string { return q.ID.String() }, eqQueue))
	}},
	{"AssignmentRuleObjectsComplete", func(ctx context.Context, h DirectoryHarness) error {
		got, err := listTwice(ctx, "AssignmentRuleObjects", h.Directory.AssignmentRuleObjects, func(a, b string) bool { return a == b })
		if got == nil {
			return err
		}
		return errors.Join(err, sameSet("AssignmentRuleObjects", got, h.Want.AssignmentRuleObjects, strings.ToLower, strings.EqualFold))
	}},
	// A caller that gives up must not wait for a full listing.
	{"CancellationHonoured", func(_ context.Context, h DirectoryHarness) error {
		ctx := canceled()
		_, e1 := h.Directory.Users(ctx)
		_, e2 := h.Directory.Queues(ctx)
		_, e3 := h.Directory.AssignmentRuleObjects(ctx)
		return errors.Join(wantCanceled(e1), wantCanceled(e2), wantCanceled(e3))
	}},
}

// CheckSalesforceDirectory runs every directory check against h and
// returns every failure, joined; nil when h passes. The checks: each
// listing is complete (exactly the expected entries, none twice, non-nil
// when empty), two calls return the same entries in the same order, and a
// canceled context returns an error classified KindCanceled.
func CheckSalesforceDirectory(ctx context.Context, h DirectoryHarness) error {
	return runChecks(ctx, h, directoryChecks)
}

// RunSalesforceDirectoryConformance runs the checks of
// CheckSalesforceDirectory as subtests of t, each with a harness from
// newHarness:
//
//	func TestConformance(t *testing.T) {
//		adapterstest.RunSalesforceDirectoryConformance(t, func() adapterstest.DirectoryHarness { ... })
//	}
func RunSalesforceDirectoryConformance[S T[S]](t S, newHarness func() DirectoryHarness) {
	t.Helper()
	runSubtests(t, newHarness, directoryChecks)
}

// TeamHarness is a ReplyTeam under test and the facts it is expected to
// serve: Want.ReplyMembers, Want.TeamOwner and Want.Workspace.
type TeamHarness struct {
	Team adapters.ReplyTeam
	Want validate.Facts
}

var teamChecks = []check[TeamHarness]{
	{"MembersComplete", func(ctx context.Context, h TeamHarness) error {
		got, err := listTwice(ctx, "Members", h.Team.Members, eqMember)
		if got == nil {
			return err
		}
		return errors.Join(err, sameSet("Members", got, h.Want.ReplyMembers, func(m ownership.ReplyMember) int64 { return int64(m.ID) }, eqMember))
	}},
	{"Workspace", func(ctx context.Context, h TeamHarness) error {
		w, err := h.Team.Workspace(ctx)
		if err != nil {
			return err
		}
		if want := (adapters.Workspace{Owner: h.Want.TeamOwner, Mode: h.Want.Workspace}); w != want {
			return fmt.Errorf("Workspace = %+v, want %+v", w, want)
		}
		return nil
	}},
	{"CancellationHonoured", func(_ context.Context, h TeamHarness) error {
		ctx := canceled()
		_, e1 := h.Team.Members(ctx)
		_, e2 := h.Team.Workspace(ctx)
		return errors.Join(wantCanceled(e1), wantCanceled(e2))
	}},
}

// CheckReplyTeam runs every team check against h and returns every
// failure, joined: Members complete and stable, Workspace as expected, and
// cancellation honoured.
func CheckReplyTeam(ctx context.Context, h TeamHarness) error { return runChecks(ctx, h, teamChecks) }

// RunReplyTeamConformance runs the checks of CheckReplyTeam as subtests.
func RunReplyTeamConformance[S T[S]](t S, newHarness func() TeamHarness) {
	t.Helper()
	runSubtests(t, newHarness, teamChecks)
}

// SourceHarness is a RecordSource under test, the step to read, and the
// records the step is expected to stream, in any order.
type SourceHarness struct {
	Source adapters.RecordSource
	Step   syncstep.Step
	Want   []syncstep.Record
}

func readAll(ctx context.Context, h SourceHarness, after adapters.Cursor) ([]adapters.SourceRecord, error) {
	var out []adapters.SourceRecord
	for r, err := range h.Source.Records(ctx, h.Step, after) {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

var sourceChecks = []check[SourceHarness]{
	// The runner accounts for every record it reads: a missing or repeated
	// record would be lost or counted twice.
	{"StreamComplete", func(ctx context.Context, h SourceHarness) error {
		got, err := readAll(ctx, h, "")
		if err != nil {
			return err
		}
		recs := make([]syncstep.Record, len(got))
		for i, r := range got {
			recs[i] = r.Record
		}
		return sameSet("Records", recs, nonNilRecords(h.Want), func(r syncstep.Record) string { return r.ID }, func(a, b syncstep.Record) bool { return a == b })
	}},
	{"OrderStable", func(ctx context.Context, h SourceHarness) error {
		a, err := readAll(ctx, h, "")
		if err != nil {
			return err
		}
		b, err := readAll(ctx, h, "")
		if err != nil {
			return err
		}
		return sameOrder("Records", a, b, func(x, y adapters.SourceRecord) bool { return x == y })
	}},
	// Resuming from a report's cursor must neither lose nor repeat a record.
	{"ResumeAfterCursor", func(ctx context.Context, h SourceHarness) error {
		all, err := readAll(ctx, h, "")
		if err != nil {
			return err
		}
		var errs []error
		for _, k := range []int{0, 1, len(all) / 2, len(all) - 1} {
			if k < 0 || k >= len(all) {
				continue
			}
			tail, err := readAll(ctx, h, all[k].Cursor)
			if err != nil {
				errs = append(errs, fmt.Errorf("after record %d: %w", k, err))
				continue
			}
			if !slices.Equal(tail, all[k+1:]) {
				errs = append(errs, fmt.Errorf("after record %d (cursor %q): got %d records, want the %d that follow it", k, all[k].Cursor, len(tail), len(all)-k-1))
			}
		}
		return errors.Join(errs...)
	}},
	// The runner stops reading early when canceled; an iterator that
	// continues after yield returns false panics.
	{"StopsWhenConsumerStops", func(ctx context.Context, h SourceHarness) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("stream continued after the consumer stopped: %v", p)
			}
		}()
		for _, e := range h.Source.Records(ctx, h.Step, "") {
			if e != nil {
				return e
			}
			break
		}
		return nil
	}},
	{"CancellationHonoured", func(_ context.Context, h SourceHarness) error {
		n := 0
		for _, err := range h.Source.Records(canceled(), h.Step, "") {
			if err != nil {
				return wantCanceled(err)
			}
			if n++; n > 2000 {
				return errors.New("a canceled context streamed more than a page of records without an error")
			}
		}
		if len(h.Want) == 0 {
			return nil
		}
		return errors.New("a canceled context ended the stream without an error")
	}},
}

func nonNilRecords(r []syncstep.Record) []syncstep.Record {
	if r == nil {
		return []syncstep.Record{}
	}
	return r
}

// CheckRecordSource runs every source check against h and returns every
// failure, joined: the stream is complete (each expected record once),
// stable across calls (same records, same cursors, same order), resuming
// after any record's cursor yields exactly the records after it, the
// stream stops when its consumer does, and a canceled context ends it with
// an error classified KindCanceled.
func CheckRecordSource(ctx context.Context, h SourceHarness) error {
	return runChecks(ctx, h, sourceChecks)
}

// RunRecordSourceConformance runs the checks of CheckRecordSource as
// subtests.
func RunRecordSourceConformance[S T[S]](t S, newHarness func() SourceHarness) {
	t.Helper()
	runSubtests(t, newHarness, sourceChecks)
}

// SinkHarness is an OwnerSink under test, with what the checks need to
// see its effect: a Source that reads the target's records back with
// their current owners, the Step (its Direction says which side is
// written), an Owner whose target side every record may be given (a pair:
// Reply for Salesforce → Reply, Salesforce for Reply → Salesforce), and
// the ID of a record the target does not have.
//
// The checks write; each needs a fresh harness.
type SinkHarness struct {
	Sink    adapters.OwnerSink
	Source  adapters.RecordSource
	Step    syncstep.Step
	Owner   ownership.Pair
	Missing string
}

func (h SinkHarness) assignment(r syncstep.Record) adapters.Assignment {
	d := syncstep.Decision{Outcome: syncstep.Mapped, Direction: h.Step.Direction, Salesforce: r.Salesforce, Reply: r.Reply, Pair: 0}
	if h.Step.Direction == ownership.ReplyToSalesforce {
		d.Salesforce = h.Owner.Salesforce
	} else {
		d.Reply = h.Owner.Reply
	}
	return adapters.Assignment{Step: h.Step.Key, Object: h.Step.Object, Record: r, Decision: d}
}

func (h SinkHarness) records(ctx context.Context) ([]syncstep.Record, error) {
	got, err := readAll(ctx, SourceHarness{Source: h.Source, Step: h.Step}, "")
	out := make([]syncstep.Record, len(got))
	for i, r := range got {
		out[i] = r.Record
	}
	return out, err
}

func (h SinkHarness) writeAll(ctx context.Context) error {
	recs, err := h.records(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range recs {
		if err := h.Sink.SetOwner(ctx, h.assignment(r)); err != nil {
			errs = append(errs, fmt.Errorf("SetOwner(%s): %w", r.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (h SinkHarness) verify(ctx context.Context) error {
	recs, err := h.records(ctx)
	if err != nil {
		return err
	}
	var errs []error
	want := h.Owner.Target(h.Step.Direction)
	for _, r := range recs {
		if got := r.Current(h.Step.Direction); got != want {
			errs = append(errs, fmt.Errorf("record %s has owner %q after SetOwner, want %q", r.ID, got, want))
		}
	}
	return errors.Join(errs...)
}

var sinkChecks = []check[SinkHarness]{
	{"WritesApplied", func(ctx context.Context, h SinkHarness) error {
		if err := h.writeAll(ctx); err != nil {
			return err
		}
		return h.verify(ctx)
	}},
	// Retries and resumed runs repeat writes; a repeat must be harmless.
	{"WritesIdempotent", func(ctx context.Context, h SinkHarness) error {
		if err := h.writeAll(ctx); err != nil {
			return err
		}
		if err := h.writeAll(ctx); err != nil {
			return fmt.Errorf("repeated write: %w", err)
		}
		return h.verify(ctx)
	}},
	{"BatchWrites", func(ctx context.Context, h SinkHarness) error {
		b, ok := h.Sink.(adapters.BatchOwnerSink)
		if !ok {
			return nil
		}
		recs, err := h.records(ctx)
		if err != nil {
			return err
		}
		as := make([]adapters.Assignment, len(recs))
		for i, r := range recs {
			as[i] = h.assignment(r)
		}
		errs := b.SetOwners(ctx, as)
		if len(errs) != len(as) {
			return fmt.Errorf("SetOwners returned %d results for %d assignments", len(errs), len(as))
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
		return h.verify(ctx)
	}},
	// The runner fails an unknown record at once instead of retrying it.
	{"UnknownRecordNotFound", func(ctx context.Context, h SinkHarness) error {
		a := h.assignment(syncstep.Record{ID: h.Missing})
		err := h.Sink.SetOwner(ctx, a)
		if k := adapters.KindOf(err); k != adapters.KindNotFound {
			return fmt.Errorf("SetOwner(unknown record %q) = %v, classified %v, want %v", h.Missing, err, k, adapters.KindNotFound)
		}
		return nil
	}},
	{"CancellationHonoured", func(ctx context.Context, h SinkHarness) error {
		recs, err := h.records(ctx)
		if err != nil || len(recs) == 0 {
			return err
		}
		return wantCanceled(h.Sink.SetOwner(canceled(), h.assignment(recs[0])))
	}},
}

// CheckOwnerSink runs every sink check against h and returns every
// failure, joined: writes take effect (read back through h.Source), a
// repeated write succeeds and changes nothing, the batch capability (when
// present) returns one result per assignment, an unknown record is
// KindNotFound, and a canceled context is KindCanceled. The checks share h,
// so h's target ends with every record owned by h.Owner.
func CheckOwnerSink(ctx context.Context, h SinkHarness) error { return runChecks(ctx, h, sinkChecks) }

// RunOwnerSinkConformance runs the checks of CheckOwnerSink as subtests,
// each with a fresh harness from newHarness.
func RunOwnerSinkConformance[S T[S]](t S, newHarness func() SinkHarness) {
	t.Helper()
	runSubtests(t, newHarness, sinkChecks)
}

// EnrollerHarness is an Enroller under test, with what the checks need to
// see its effect: a Source that streams the step's records (whose people
// the checks enroll), the Step (Salesforce → Reply), the Owner each
// person's Reply owner is (a pair; its Reply side is used), the SequenceID
// to enroll in, the ID of a record the target does not have, and
// InSequence, which reads back the IDs of the records whose people are in
// the sequence (each once).
//
// The checks enroll; each needs a fresh harness whose sequence starts
// empty. InSequence may be nil, and then the checks cannot see the effect
// of an enrollment: they check only that it succeeds.
type EnrollerHarness struct {
	Enroller   adapters.Enroller
	Source     adapters.RecordSource
	Step       syncstep.Step
	Owner      ownership.Pair
	SequenceID int64
	Missing    string
	InSequence func(ctx context.Context) ([]string, error)
}

func (h EnrollerHarness) enrollment(r syncstep.Record) adapters.Enrollment {
	d := syncstep.Decision{Outcome: syncstep.Mapped, Direction: ownership.SalesforceToReply, Salesforce: r.Salesforce, Reply: h.Owner.Reply, Enroll: true}
	return adapters.Enrollment{Assignment: adapters.Assignment{Step: h.Step.Key, Object: h.Step.Object, Record: r, Decision: d}, SequenceID: h.SequenceID}
}

func (h EnrollerHarness) enrollAll(ctx context.Context) ([]syncstep.Record, error) {
	recs, err := SinkHarness{Source: h.Source, Step: h.Step}.records(ctx)
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, r := range recs {
		if err := h.Enroller.Enroll(ctx, h.enrollment(r)); err != nil {
			errs = append(errs, fmt.Errorf("Enroll(%s): %w", r.ID, err))
		}
	}
	return recs, errors.Join(errs...)
}

// inSequence calls h.InSequence, with an empty result as non-nil.
func (h EnrollerHarness) inSequence(ctx context.Context) ([]string, error) {
	got, err := h.InSequence(ctx)
	if err != nil {
		return nil, fmt.Errorf("InSequence: %w", err)
	}
	if got == nil {
		got = []string{}
	}
	return got, nil
}

func (h EnrollerHarness) verify(ctx context.Context, recs []syncstep.Record) error {
	if h.InSequence == nil {
		return nil
	}
	got, err := h.inSequence(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return sameSet("InSequence", got, ids, func(s string) string { return s }, func(a, b string) bool { return a == b })
}

var enrollerChecks = []check[EnrollerHarness]{
	{"EnrollmentApplied", func(ctx context.Context, h EnrollerHarness) error {
		recs, err := h.enrollAll(ctx)
		if err != nil {
			return err
		}
		return h.verify(ctx, recs)
	}},
	// Retries and resumed runs repeat enrollments; a repeat must succeed
	// and leave each person in the sequence once.
	{"EnrollmentIdempotent", func(ctx context.Context, h EnrollerHarness) error {
		if _, err := h.enrollAll(ctx); err != nil {
			return err
		}
		recs, err := h.enrollAll(ctx)
		if err != nil {
			return fmt.Errorf("repeated enrollment: %w", err)
		}
		return h.verify(ctx, recs)
	}},
	// The runner fails an unknown record at once instead of retrying it.
	{"UnknownRecordNotFound", func(ctx context.Context, h EnrollerHarness) error {
		err := h.Enroller.Enroll(ctx, h.enrollment(syncstep.Record{ID: h.Missing}))
		if k := adapters.KindOf(err); k != adapters.KindNotFound {
			return fmt.Errorf("Enroll(unknown record %q) = %v, classified %v, want %v", h.Missing, err, k, adapters.KindNotFound)
		}
		return nil
	}},
	{"CancellationHonoured", func(ctx context.Context, h EnrollerHarness) error {
		recs, err := SinkHarness{Source: h.Source, Step: h.Step}.records(ctx)
		if err != nil || len(recs) == 0 {
			return err
		}
		var before []string
		if h.InSequence != nil {
			if before, err = h.inSequence(ctx); err != nil {
				return err
			}
		}
		if err := wantCanceled(h.Enroller.Enroll(canceled(), h.enrollment(recs[0]))); err != nil {
			return err
		}
		if h.InSequence == nil {
			return nil
		}
		after, err := h.inSequence(ctx)
		if err != nil {
			return err
		}
		return sameSet("InSequence after a canceled enrollment", after, before, func(s string) string { return s }, func(a, b string) bool { return a == b })
	}},
}

// CheckEnroller runs every enroller check against h and returns every
// failure, joined: enrolling each record's person succeeds and puts it in
// the sequence (read back through h.InSequence, when set), enrolling again
// succeeds and changes nothing, an unknown record is KindNotFound, and a
// canceled context is KindCanceled and changes nothing. The checks share h,
// so its sequence ends with every record's person in it.
func CheckEnroller(ctx context.Context, h EnrollerHarness) error {
	return runChecks(ctx, h, enrollerChecks)
}

// RunEnrollerConformance runs the checks of CheckEnroller as subtests,
// each with a fresh harness from newHarness.
func RunEnrollerConformance[S T[S]](t S, newHarness func() EnrollerHarness) {
	t.Helper()
	runSubtests(t, newHarness, enrollerChecks)
}
