package adapterstest_test

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func user(i int) ownership.SalesforceID {
	return ownership.MustParseSalesforceID(fmt.Sprintf("005%012d", i))
}

func facts() validate.Facts {
	return validate.Facts{
		SalesforceUsers:       []ownership.SalesforceUser{{ID: user(1), Name: "Ada", Active: true}, {ID: user(2), Name: "Bo"}},
		Queues:                []ownership.Queue{{ID: ownership.MustParseSalesforceID("00G000000000001"), Objects: []string{"Lead", "Case"}}},
		AssignmentRuleObjects: []string{"Lead"},
		ReplyMembers:          []ownership.ReplyMember{{ID: 11, Active: true}, {ID: 12}},
		TeamOwner:             11,
		Workspace:             ownership.PrivateMode,
	}
}

func rows(n int) []syncstep.Record {
	out := make([]syncstep.Record, n)
	for i := range out {
		out[i] = syncstep.Record{ID: fmt.Sprintf("r%d", i), Salesforce: user(1 + i%2)}
	}
	return out
}

var step = syncstep.Step{Key: "contacts_to_people", Object: "Contact", Direction: ownership.SalesforceToReply}

func TestInMemoryDirectoryPassesConformance(t *testing.T) {
	adapterstest.RunSalesforceDirectoryConformance(t, func() adapterstest.DirectoryHarness {
		return adapterstest.DirectoryHarness{Directory: &adapterstest.Org{Facts: facts()}, Want: facts()}
	})
	require.NoError(t, adapterstest.CheckSalesforceDirectory(context.Background(), adapterstest.DirectoryHarness{Directory: &adapterstest.Org{}}))
}

func TestInMemoryTeamPassesConformance(t *testing.T) {
	adapterstest.RunReplyTeamConformance(t, func() adapterstest.TeamHarness {
		return adapterstest.TeamHarness{Team: &adapterstest.Team{Facts: facts()}, Want: facts()}
	})
}

func TestInMemorySourcesPassConformance(t *testing.T) {
	adapterstest.RunRecordSourceConformance(t, func() adapterstest.SourceHarness {
		return adapterstest.SourceHarness{Source: &adapterstest.Store{Rows: rows(30)}, Step: step, Want: rows(30)}
	})
	gen := &adapterstest.Generator{N: 30, Record: func(i int) syncstep.Record { return rows(30)[i] }}
	require.NoError(t, adapterstest.CheckRecordSource(context.Background(), adapterstest.SourceHarness{Source: gen, Step: step, Want: rows(30)}))
	require.NoError(t, adapterstest.CheckRecordSource(context.Background(), adapterstest.SourceHarness{Source: &adapterstest.Store{}, Step: step}))
}

func TestInMemoryStorePassesSinkConformanceInBothDirections(t *testing.T) {
	for _, d := range []ownership.Direction{ownership.SalesforceToReply, ownership.ReplyToSalesforce} {
		t.Run(d.String(), func(t *testing.T) {
			s := step
			s.Direction = d
			adapterstest.RunOwnerSinkConformance(t, func() adapterstest.SinkHarness {
				store := &adapterstest.Store{Rows: rows(10)}
				return adapterstest.SinkHarness{Sink: store, Source: store, Step: s, Owner: ownership.Pair{Salesforce: user(7), Reply: 77}, Missing: "nope"}
			})
		})
	}
}

// brokenSource repeats its first record and ignores cursors and
// cancellation: every source check but one must catch it.
type brokenSource struct{ recs []syncstep.Record }

func (b brokenSource) Records(context.Context, syncstep.Step, adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	return func(yield func(adapters.SourceRecord, error) bool) {
		yield(adapters.SourceRecord{Record: b.recs[0], Cursor: "x"}, nil)
		for _, r := range b.recs {
			if !yield(adapters.SourceRecord{Record: r, Cursor: "x"}, nil) {
				return
			}
		}
	}
}

func TestSourceConformanceCatchesDuplicatesIgnoredCursorsAndCancellation(t *testing.T) {
	err := adapterstest.CheckRecordSource(context.Background(), adapterstest.SourceHarness{Source: brokenSource{rows(5)}, Step: step, Want: rows(5)})
	require.ErrorContains(t, err, "StreamComplete: Records: r0 listed twice")
	require.ErrorContains(t, err, "ResumeAfterCursor")
	require.ErrorContains(t, err, "CancellationHonoured")
	require.NotContains(t, err.Error(), "OrderStable")
}

// lossySink claims success without writing and never reports not found.
type lossySink struct{}

func (lossySink) SetOwner(context.Context, adapters.Assignment) error { return nil }

func TestSinkConformanceCatchesLostWritesAndUnclassifiedErrors(t *testing.T) {
	store := &adapterstest.Store{Rows: rows(3)}
	h := adapterstest.SinkHarness{Sink: lossySink{}, Source: store, Step: step, Owner: ownership.Pair{Reply: 9}, Missing: "nope"}
	err := adapterstest.CheckOwnerSink(context.Background(), h)
	require.ErrorContains(t, err, "WritesApplied: record r0 has owner \"\" after SetOwner, want \"9\"")
	require.ErrorContains(t, err, "UnknownRecordNotFound")
	require.ErrorContains(t, err, "CancellationHonoured")
}

func TestDirectoryConformanceCatchesMissingAndUnstableListings(t *testing.T) {
	want := facts()
	got := facts()
	got.SalesforceUsers = got.SalesforceUsers[:1]
	err := adapterstest.CheckSalesforceDirectory(context.Background(), adapterstest.DirectoryHarness{Directory: &adapterstest.Org{Facts: got}, Want: want})
	require.ErrorContains(t, err, "UsersComplete: Users: "+user(2).String()+" missing")
	require.NotContains(t, err.Error(), "Queues")
}

func TestFaultWrappersFailWhatTheySay(t *testing.T) {
	ctx := context.Background()
	store := &adapterstest.Store{Rows: rows(4)}
	a := func(id string) adapters.Assignment {
		return adapters.Assignment{Record: syncstep.Record{ID: id}, Decision: syncstep.Decision{Outcome: syncstep.Mapped, Direction: ownership.SalesforceToReply, Reply: 5}}
	}
	every := adapterstest.FailEvery(store, 2, nil)
	var kinds []adapters.Kind
	for _, id := range []string{"r0", "r1", "r2", "r3"} {
		kinds = append(kinds, adapters.KindOf(every.SetOwner(ctx, a(id))))
	}
	require.Equal(t, []adapters.Kind{adapters.KindUnknown, adapters.KindTransient, adapters.KindUnknown, adapters.KindTransient}, kinds)

	rec := adapterstest.FailRecords(store, nil, "r1")
	require.NoError(t, rec.SetOwner(ctx, a("r0")))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(rec.SetOwner(ctx, a("r1"))))

	limited := adapterstest.RateLimit(store, 1, 3*time.Second)
	err := limited.SetOwner(ctx, a("r0"))
	require.Equal(t, adapters.KindRateLimited, adapters.KindOf(err))
	require.Equal(t, 3*time.Second, adapters.RetryAfter(err))

	clock := &adapterstest.Clock{}
	require.NoError(t, adapterstest.Slow(store, clock, time.Minute).SetOwner(ctx, a("r2")))
	require.Equal(t, []time.Duration{time.Minute}, clock.Sleeps())
	require.Equal(t, time.Time{}.Add(time.Minute), clock.Now())
}

func TestCancelAfterCancelsOnceNRecordsWereYielded(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := adapterstest.CancelAfter(&adapterstest.Store{Rows: rows(10)}, 4, cancel)
	n := 0
	var last error
	for _, err := range src.Records(ctx, step, "") {
		if err != nil {
			last = err
			break
		}
		n++
	}
	require.Equal(t, 4, n)
	require.ErrorIs(t, last, context.Canceled)
}

// storeInSequence reads back the records of store enrolled in seq.
func storeInSequence(store *adapterstest.Store, seq int64) func(context.Context) ([]string, error) {
	return func(context.Context) ([]string, error) {
		ids := []string{}
		for id, s := range store.Enrollments() {
			if s == seq {
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
}

func TestInMemoryStorePassesEnrollerConformance(t *testing.T) {
	adapterstest.RunEnrollerConformance(t, func() adapterstest.EnrollerHarness {
		store := &adapterstest.Store{Rows: rows(10)}
		return adapterstest.EnrollerHarness{Enroller: store, Source: store, Step: step, Owner: ownership.Pair{Reply: 77},
			SequenceID: 7, Missing: "nope", InSequence: storeInSequence(store, 7)}
	})
	store := &adapterstest.Store{Rows: rows(3)}
	h := adapterstest.EnrollerHarness{Enroller: store, Source: store, Step: step, Owner: ownership.Pair{Reply: 77}, SequenceID: 7, Missing: "nope", InSequence: storeInSequence(store, 7)}
	require.NoError(t, adapterstest.CheckEnroller(context.Background(), h))
	require.Equal(t, map[string]int64{"r0": 7, "r1": 7, "r2": 7}, store.Enrollments())
}

// duplicatingEnroller appends to a list without checking it, claims to
// enroll unknown records, and ignores cancellation.
type duplicatingEnroller struct{ ids []string }

func (d *duplicatingEnroller) Enroll(_ context.Context, e adapters.Enrollment) error {
	d.ids = append(d.ids, e.Record.ID)
	return nil
}

func TestEnrollerConformanceCatchesDuplicatesUnknownRecordsAndCancellation(t *testing.T) {
	store := &adapterstest.Store{Rows: rows(2)}
	d := &duplicatingEnroller{}
	h := adapterstest.EnrollerHarness{Enroller: d, Source: store, Step: step, Owner: ownership.Pair{Reply: 77}, SequenceID: 7, Missing: "nope",
		InSequence: func(context.Context) ([]string, error) { return slices.Clone(d.ids), nil }}
	err := adapterstest.CheckEnroller(context.Background(), h)
	require.NotContains(t, err.Error(), "EnrollmentApplied")
	require.ErrorContains(t, err, "EnrollmentIdempotent: InSequence: r0 listed twice")
	require.ErrorContains(t, err, "UnknownRecordNotFound")
	require.ErrorContains(t, err, "CancellationHonoured: a canceled context returned no error")
}

func TestStoreEnrollmentIsIdempotentAndRefusesWhatCannotBeEnrolled(t *testing.T) {
	ctx := context.Background()
	store := &adapterstest.Store{Rows: rows(2)}
	require.Empty(t, store.Enrollments())
	require.NotNil(t, store.Enrollments())
	e := func(id string, seq int64, d ownership.Direction) adapters.Enrollment {
		return adapters.Enrollment{Assignment: adapters.Assignment{Record: syncstep.Record{ID: id},
			Decision: syncstep.Decision{Outcome: syncstep.Mapped, Direction: d, Reply: 5, Enroll: true}}, SequenceID: seq}
	}
	require.NoError(t, store.Enroll(ctx, e("r0", 7, ownership.SalesforceToReply)))
	require.NoError(t, store.Enroll(ctx, e("r0", 7, ownership.SalesforceToReply)))
	require.Equal(t, adapters.KindNotFound, adapters.KindOf(store.Enroll(ctx, e("zz", 7, ownership.SalesforceToReply))))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(store.Enroll(ctx, e("r1", 0, ownership.SalesforceToReply))))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(store.Enroll(ctx, e("r1", 7, ownership.ReplyToSalesforce))))
	got := store.Enrollments()
	got["r1"] = 9 // a copy: the store is not changed
	require.Equal(t, map[string]int64{"r0": 7}, store.Enrollments())
	_, changes := store.Writes()
	require.Zero(t, changes, "enrolling sets no owner")
}

func TestEnrollmentFaultWrappersFailEnrollmentsOnlyAndKeepTheBatchCapability(t *testing.T) {
	ctx := context.Background()
	store := &adapterstest.Store{Rows: rows(3)}
	a := func(id string) adapters.Assignment {
		return adapters.Assignment{Record: syncstep.Record{ID: id}, Decision: syncstep.Decision{Outcome: syncstep.Mapped, Direction: ownership.SalesforceToReply, Reply: 5, Enroll: true}}
	}
	_, hidden := adapterstest.Inject(store, func(int, adapters.Assignment) error { return nil }).(adapters.Enroller)
	require.False(t, hidden, "Inject hides the Enroller")

	sink := adapterstest.FailEnrollments(store, store, nil, "r1")
	require.Implements(t, (*adapters.BatchOwnerSink)(nil), sink, "a batch sink stays one")
	en := sink.(adapters.Enroller)
	require.NoError(t, sink.SetOwner(ctx, a("r1")), "writes are not failed")
	require.NoError(t, en.Enroll(ctx, adapters.Enrollment{Assignment: a("r0"), SequenceID: 7}))
	err := en.Enroll(ctx, adapters.Enrollment{Assignment: a("r1"), SequenceID: 7})
	require.ErrorIs(t, err, adapterstest.ErrInjectedPermanent)
	require.Equal(t, map[string]int64{"r0": 7}, store.Enrollments())

	var calls []int
	plain := adapterstest.InjectEnrollments(adapterstest.FailEvery(store, 0, nil), store, func(call int, e adapters.Enrollment) error {
		calls = append(calls, call)
		if e.Record.ID == "r2" {
			return adapterstest.ErrInjectedTransient
		}
		return nil
	})
	_, batch := plain.(adapters.BatchOwnerSink)
	require.False(t, batch, "a sink that cannot batch does not claim to")
	require.Equal(t, adapters.KindTransient, adapters.KindOf(plain.(adapters.Enroller).Enroll(ctx, adapters.Enrollment{Assignment: a("r2"), SequenceID: 7})))
	require.NoError(t, plain.(adapters.Enroller).Enroll(ctx, adapters.Enrollment{Assignment: a("r1"), SequenceID: 7}))
	require.Equal(t, []int{1, 2}, calls)
	require.NoError(t, adapterstest.InjectEnrollments(store, store, nil).(adapters.Enroller).Enroll(ctx, adapters.Enrollment{Assignment: a("r2"), SequenceID: 7}))
	require.Equal(t, map[string]int64{"r0": 7, "r1": 7, "r2": 7}, store.Enrollments())
}
