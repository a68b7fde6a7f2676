package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"pgregory.net/rapid"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// sfUser returns a distinct Salesforce user ID for i.
func sfUser(i int) ownership.SalesforceID {
	return ownership.MustParseSalesforceID(fmt.Sprintf("005%012d", i))
}

// idComparer compares Salesforce IDs as values (their fields are
// unexported).
var idComparer = cmp.Comparer(func(a, b ownership.SalesforceID) bool { return a == b })

func noJitter(d time.Duration) time.Duration { return d }

// s2rStep maps Salesforce users 1..3 to Reply users 11..13 and skips the
// rest.
func s2rStep() syncstep.Step {
	return syncstep.Step{
		Key: "contacts_to_people", Object: "Contact", Direction: ownership.SalesforceToReply,
		Mappings: []ownership.Pair{{Salesforce: sfUser(1), Reply: 11}, {Salesforce: sfUser(2), Reply: 12}, {Salesforce: sfUser(3), Reply: 13}},
	}
}

func compile(t testing.TB, s syncstep.Step) *syncstep.Plan {
	t.Helper()
	p, err := syncstep.CompileStep(s, ownership.Pair{Salesforce: sfUser(99), Reply: 99})
	require.NoError(t, err)
	return p
}

// records returns n Salesforce → Reply records owned in turn by Salesforce
// users 1..4 (4 is unmapped), none with a Reply owner yet.
func records(n int) []syncstep.Record {
	out := make([]syncstep.Record, n)
	for i := range out {
		out[i] = syncstep.Record{ID: "c" + strconv.Itoa(i), Salesforce: sfUser(1 + i%4)}
	}
	return out
}

// expected returns the final state an uninterrupted, fault-free run leaves.
func expected(p *syncstep.Plan, recs []syncstep.Record) []syncstep.Record {
	out := make([]syncstep.Record, len(recs))
	for i, r := range recs {
		d := p.Resolve(r)
		if d.HasOwner() {
			if p.Direction() == ownership.ReplyToSalesforce {
				r.Salesforce = d.Salesforce
			} else {
				r.Reply = d.Reply
			}
		}
		out[i] = r
	}
	return out
}

func newRunner(t testing.TB, p *syncstep.Plan, src adapters.RecordSource, dst adapters.OwnerSink, o *adapters.RunOptions) *adapters.Runner {
	t.Helper()
	if o == nil {
		o = &adapters.RunOptions{}
	}
	if o.Clock == nil {
		o.Clock = &adapterstest.Clock{}
	}
	if o.Jitter == nil {
		o.Jitter = noJitter
	}
	r, err := adapters.NewRunner(p, src, dst, o)
	require.NoError(t, err)
	return r
}

func counts(rep adapters.Report) [5]int {
	c := rep.Counts
	return [5]int{c.Records, c.Applied, c.Unchanged, c.Skipped, c.Failed}
}

func TestRunAppliesResolvedOwnersAndSkipsUnmapped(t *testing.T) {
	p := compile(t, s2rStep())
	recs := records(10)
	store := &adapterstest.Store{Rows: records(10)}
	rep, err := newRunner(t, p, store, store, nil).Run(context.Background(), "")
	require.NoError(t, err)
	require.True(t, rep.Complete)
	// Records, applied, unchanged, skipped, failed: users 1..3 mapped, 4 skipped.
	require.Equal(t, [5]int{10, 8, 0, 2, 0}, counts(rep))
	require.Equal(t, adapters.Cursor("10"), rep.Cursor)
	if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
		t.Fatalf("final state (-want +got):\n%s", diff)
	}
	require.Len(t, rep.Skips, 2)
	for _, s := range rep.Skips {
		require.Equal(t, adapters.StatusSkipped, s.Status)
		require.Equal(t, syncstep.Skipped, s.Decision.Outcome)
		require.Equal(t, sfUser(4), s.Record.Salesforce)
	}
}

func TestSecondRunAppliesNothing(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(50)}
	r := newRunner(t, p, store, store, &adapters.RunOptions{Concurrency: 4})
	_, err := r.Run(context.Background(), "")
	require.NoError(t, err)
	_, before := store.Writes()
	rep, err := r.Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{50, 0, 38, 12, 0}, counts(rep))
	calls, after := store.Writes()
	require.Equal(t, before, after)
	require.Equal(t, 38, calls, "the second run made write calls")
}

func TestThirdOfWritesFailingTransientlyEndsWithEveryRecordApplied(t *testing.T) {
	p := compile(t, s2rStep())
	recs := records(90)
	store := &adapterstest.Store{Rows: records(90)}
	clock := &adapterstest.Clock{}
	// One worker: every third call fails, so no record fails twice in a row.
	rep, err := newRunner(t, p, store, adapterstest.FailEvery(store, 3, nil), &adapters.RunOptions{Concurrency: 1, Clock: clock}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{90, 68, 0, 22, 0}, counts(rep))
	// 68 writes take C calls of which every third fails: C = 68 + C/3, so
	// C = 101 and 33 calls were retries.
	require.Equal(t, 33, rep.Counts.Retries)
	if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
		t.Fatalf("final state (-want +got):\n%s", diff)
	}
	for _, d := range clock.Sleeps() {
		require.Equal(t, 100*time.Millisecond, d, "each record failed once, so each waited the base delay")
	}
}

func TestPermanentFailuresReportExactlyThoseRecordsWithTheirCause(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(40)}
	cause := &adapters.Error{Kind: adapters.KindPermanent, Code: "INACTIVE_OWNER_OR_USER", Err: errors.New("operation performed with inactive user")}
	sink := adapterstest.FailRecords(store, cause, "c0", "c9", "c33")
	rep, err := newRunner(t, p, store, sink, &adapters.RunOptions{Concurrency: 8}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{40, 27, 0, 10, 3}, counts(rep))
	var ids []string
	for _, f := range rep.Failures {
		ids = append(ids, f.Record.ID)
		require.ErrorIs(t, f.Err, cause)
		require.Equal(t, 1, f.Attempts, "a permanent error is not retried")
		require.Equal(t, "INACTIVE_OWNER_OR_USER", adapters.CodeOf(f.Err))
	}
	require.Equal(t, []string{"c0", "c9", "c33"}, ids)
	got, _ := store.Get("c9")
	require.Zero(t, got.Reply)
}

func TestRetryableFailureOnLastAttemptFailsTheRecord(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(1)}
	clock := &adapterstest.Clock{}
	sink := adapterstest.FailEvery(store, 1, nil)
	rep, err := newRunner(t, p, store, sink, &adapters.RunOptions{MaxAttempts: 4, Clock: clock}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{1, 0, 0, 0, 1}, counts(rep))
	require.Equal(t, 4, rep.Failures[0].Attempts)
	require.Equal(t, adapters.KindTransient, adapters.KindOf(rep.Failures[0].Err))
	// Exponential backoff: base, 2×base, 4×base between the four attempts.
	require.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}, clock.Sleeps())
}

func TestBackoffIsCappedAtMaxDelay(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(1)}
	clock := &adapterstest.Clock{}
	o := &adapters.RunOptions{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: 3 * time.Second, Clock: clock}
	_, err := newRunner(t, p, store, adapterstest.FailEvery(store, 1, nil), o).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second}, clock.Sleeps())
}

func TestRateLimitWaitsTheRetryAfterTheServiceGave(t *testing.T) {
	p := compile(t, s2rStep())
	recs := records(12)
	store := &adapterstest.Store{Rows: records(12)}
	clock := &adapterstest.Clock{}
	sink := adapterstest.RateLimit(store, 5, 7*time.Second)
	rep, err := newRunner(t, p, store, sink, &adapters.RunOptions{Concurrency: 1, Clock: clock}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{12, 9, 0, 3, 0}, counts(rep))
	// Calls 5 and 10 of 11 were refused; the runner waited 7s each time,
	// not its own backoff.
	require.Equal(t, []time.Duration{7 * time.Second, 7 * time.Second}, clock.Sleeps())
	if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
		t.Fatalf("final state (-want +got):\n%s", diff)
	}
}

func TestCanceledHalfwayThenResumedEqualsAnUninterruptedRun(t *testing.T) {
	for _, conc := range []int{1, 4} {
		t.Run("concurrency="+strconv.Itoa(conc), func(t *testing.T) {
			p := compile(t, s2rStep())
			recs := records(200)
			store := &adapterstest.Store{Rows: records(200)}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var seen []string
			o := &adapters.RunOptions{Concurrency: conc, OnRecord: func(r adapters.Result) { seen = append(seen, r.Record.ID) }}
			r := newRunner(t, p, adapterstest.CancelAfter(store, 100, cancel), store, o)
			first, err := r.Run(ctx, "")
			require.ErrorIs(t, err, context.Canceled)
			require.False(t, first.Complete)
			require.LessOrEqual(t, first.Counts.Records, 100)

			second, err := r.Run(context.Background(), first.Cursor)
			require.NoError(t, err)
			require.True(t, second.Complete)
			require.Equal(t, 200, first.Counts.Records+second.Counts.Records, "records lost or repeated across the two runs")
			want := make([]string, len(recs))
			for i, r := range recs {
				want[i] = r.ID
			}
			require.Equal(t, want, seen, "every record accounted once, in order, across the two runs")
			if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
				t.Fatalf("final state (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSourceBreakingTransientlyIsReopenedAfterTheLastCursor(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(25)}
	rep, err := newRunner(t, p, adapterstest.BreakEvery(store, 4, nil), store, nil).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{25, 19, 0, 6, 0}, counts(rep))
}

func TestSourceFailingPermanentlyStopsTheRunWithAResumableReport(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(25)}
	src := adapterstest.BreakEvery(store, 10, adapterstest.ErrInjectedPermanent)
	r := newRunner(t, p, src, store, nil)
	rep, err := r.Run(context.Background(), "")
	require.ErrorIs(t, err, adapters.ErrPermanent)
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(err))
	require.False(t, rep.Complete)
	require.Equal(t, 10, rep.Counts.Records)
	require.Equal(t, adapters.Cursor("10"), rep.Cursor)
}

func TestBatchSinkReceivesWritesGroupedByTargetOwner(t *testing.T) {
	p := compile(t, s2rStep())
	recs := records(300)
	store := &adapterstest.Store{Rows: records(300)}
	var mu sync.Mutex
	var sizes []int
	sink := &recordingBatch{Store: store, onBatch: func(b []adapters.Assignment) {
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, len(b))
		for _, a := range b[1:] {
			if a.Decision.Reply != b[0].Decision.Reply {
				t.Errorf("batch mixes owners %d and %d", b[0].Decision.Reply, a.Decision.Reply)
			}
		}
	}}
	rep, err := newRunner(t, p, store, sink, &adapters.RunOptions{BatchSize: 20, Concurrency: 2}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{300, 225, 0, 75, 0}, counts(rep))
	total, largest := 0, 0
	for _, n := range sizes {
		require.LessOrEqual(t, n, 20)
		total += n
		largest = max(largest, n)
	}
	require.Equal(t, 225, total)
	require.Equal(t, 20, largest, "full batches were sent")
	if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
		t.Fatalf("final state (-want +got):\n%s", diff)
	}
}

// batchOnly is a BatchOwnerSink without the other capabilities of the
// sink it wraps.
type batchOnly struct{ adapters.BatchOwnerSink }

type recordingBatch struct {
	*adapterstest.Store
	onBatch func([]adapters.Assignment)
}

// SetOwner records a batch of one: the runner writes single records
// through SetOwner even when the sink can batch.
func (b *recordingBatch) SetOwner(ctx context.Context, a adapters.Assignment) error {
	b.onBatch([]adapters.Assignment{a})
	return b.Store.SetOwner(ctx, a)
}

func (b *recordingBatch) SetOwners(ctx context.Context, batch []adapters.Assignment) []error {
	b.onBatch(batch)
	return b.Store.SetOwners(ctx, batch)
}

func TestProgressCountsMatchTheReport(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(30)}
	var r *adapters.Runner
	var last adapters.Progress
	r = newRunner(t, p, store, store, &adapters.RunOptions{OnRecord: func(adapters.Result) {}})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			pr := r.Progress() // concurrently with Run; -race checks it
			if pr.Records > pr.Read {
				t.Errorf("progress accounts %d records of %d read", pr.Records, pr.Read)
			}
		}
	}()
	rep, err := r.Run(context.Background(), "")
	<-done
	require.NoError(t, err)
	last = r.Progress()
	want := adapters.Progress{Read: 30, Records: 30, Applied: int64(rep.Counts.Applied), Skipped: int64(rep.Counts.Skipped)}
	require.Equal(t, want, last)
}

func TestRunWhileRunningIsRefused(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(3)}
	var r *adapters.Runner
	var inner error
	sink := adapters.OwnerSinkFunc(func(ctx context.Context, a adapters.Assignment) error {
		if inner == nil {
			_, inner = r.Run(ctx, "")
		}
		return store.SetOwner(ctx, a)
	})
	r = newRunner(t, p, store, sink, &adapters.RunOptions{Concurrency: 1})
	_, err := r.Run(context.Background(), "")
	require.NoError(t, err)
	require.ErrorIs(t, inner, adapters.ErrRunning)
}

func TestNewRunnerRejectsMissingPartsAndNegativeOptions(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{}
	for name, f := range map[string]func() error{
		"nil plan":   func() error { _, err := adapters.NewRunner(nil, store, store, nil); return err },
		"nil source": func() error { _, err := adapters.NewRunner(p, nil, store, nil); return err },
		"nil sink":   func() error { _, err := adapters.NewRunner(p, store, nil, nil); return err },
		"concurrency": func() error {
			_, err := adapters.NewRunner(p, store, store, &adapters.RunOptions{Concurrency: -1})
			return err
		},
		"delay": func() error {
			_, err := adapters.NewRunner(p, store, store, &adapters.RunOptions{BaseDelay: -1})
			return err
		},
	} {
		require.Error(t, f(), name)
	}
}

func TestSkipsListIsCappedWhileCountsStayExact(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(400)}
	rep, err := newRunner(t, p, store, store, &adapters.RunOptions{MaxSkips: 7}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, 100, rep.Counts.Skipped)
	require.Len(t, rep.Skips, 7)
	require.Equal(t, "c3", rep.Skips[0].Record.ID, "the first skips are kept, in record order")
}

func TestReplyToSalesforceStepWritesSalesforceOwnersAndLeavesUnmappedToSalesforce(t *testing.T) {
	step := syncstep.Step{
		Key: "people_to_leads", Object: "Lead", Direction: ownership.ReplyToSalesforce,
		Mappings: []ownership.Pair{{Salesforce: sfUser(1), Reply: 11}, {Salesforce: sfUser(1), Reply: 12}},
		Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce},
	}
	p := compile(t, step)
	recs := []syncstep.Record{{ID: "a", Reply: 11}, {ID: "b", Reply: 12, Salesforce: sfUser(1)}, {ID: "c", Reply: 13, Salesforce: sfUser(7)}}
	store := &adapterstest.Store{Rows: append([]syncstep.Record(nil), recs...)}
	rep, err := newRunner(t, p, store, store, nil).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{3, 1, 1, 1, 0}, counts(rep))
	require.Equal(t, syncstep.LeftToSalesforce, rep.Skips[0].Decision.Outcome)
	if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
		t.Fatalf("final state (-want +got):\n%s", diff)
	}
}

// TestConservationUnderFaults is the runner's central property: over
// generated steps (with or without People to sequence, a sequence id, an
// Enroller, a batch sink), records and fault schedules for writes and
// enrollments, every record read is accounted exactly once as applied,
// unchanged, skipped or failed, every applied record ends with the owner
// the plan resolved, and exactly the applied and unchanged records whose
// decision says Enroll end enrolled, each after its owner was set.
func TestConservationUnderFaults(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		dir := rapid.SampledFrom([]ownership.Direction{ownership.SalesforceToReply, ownership.ReplyToSalesforce}).Draw(rt, "direction")
		step := syncstep.Step{Key: "s", Object: "Contact", Direction: dir}
		nPairs := rapid.IntRange(0, 5).Draw(rt, "pairs")
		for i := range nPairs {
			// Unique on the source side: owner i.
			other := rapid.IntRange(1, 4).Draw(rt, "target")
			if dir == ownership.SalesforceToReply {
				step.Mappings = append(step.Mappings, ownership.Pair{Salesforce: sfUser(i + 1), Reply: ownership.ReplyUserID(10 + other)})
			} else {
				step.Mappings = append(step.Mappings, ownership.Pair{Salesforce: sfUser(other), Reply: ownership.ReplyUserID(i + 1)})
			}
		}
		if rapid.Bool().Draw(rt, "fallback") {
			step.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Salesforce: sfUser(50), Reply: 50}}
		}
		if dir == ownership.SalesforceToReply && rapid.Bool().Draw(rt, "sequence") {
			step.Sequence = &syncstep.PeopleToSequence{
				SequenceID: rapid.SampledFrom([]int64{0, 7}).Draw(rt, "sequence id"),
				Owners:     rapid.SliceOfDistinct(rapid.SampledFrom([]ownership.ReplyUserID{11, 12, 13, 14, 50, 99}), func(r ownership.ReplyUserID) ownership.ReplyUserID { return r }).Draw(rt, "sequence owners"),
			}
		}
		p, err := syncstep.CompileStep(step, ownership.Pair{Salesforce: sfUser(99), Reply: 99})
		if err != nil {
			rt.Fatalf("compile: %v", err)
		}
		n := rapid.IntRange(0, 150).Draw(rt, "records")
		recs := make([]syncstep.Record, n)
		for i := range recs {
			recs[i] = syncstep.Record{
				ID:         "r" + strconv.Itoa(i),
				Salesforce: sfUser(rapid.IntRange(1, 7).Draw(rt, "sf")),
				Reply:      ownership.ReplyUserID(rapid.IntRange(0, 14).Draw(rt, "reply")),
			}
		}
		// The batch capability is used when the writes are not faulted.
		batch := rapid.Bool().Draw(rt, "batch")
		// Fault schedules, for writes and for enrollments: per record, how
		// many transient failures before success (≥ MaxAttempts means it
		// fails), or a permanent failure.
		type schedule struct {
			transient map[string]int
			permanent map[string]bool
			tries     map[string]int
		}
		draw := func(what string) schedule {
			s := schedule{map[string]int{}, map[string]bool{}, map[string]int{}}
			for _, r := range recs {
				switch rapid.IntRange(0, 5).Draw(rt, what) {
				case 1:
					s.transient[r.ID] = rapid.IntRange(1, 4).Draw(rt, "times")
				case 2:
					s.permanent[r.ID] = true
				}
			}
			return s
		}
		writes, enrolls := schedule{}, draw("enrollment fault")
		if !batch {
			writes = draw("write fault")
		}
		var mu sync.Mutex
		fault := func(s schedule, id string) error {
			mu.Lock()
			defer mu.Unlock()
			s.tries[id]++
			if s.permanent[id] {
				return adapterstest.ErrInjectedPermanent
			}
			if s.tries[id] <= s.transient[id] {
				return adapterstest.ErrInjectedTransient
			}
			return nil
		}
		const maxAttempts = 3
		store := &adapterstest.Store{Rows: append([]syncstep.Record(nil), recs...)}
		var sink adapters.OwnerSink = batchOnly{store} // no Enroller unless added below
		if !batch {
			sink = adapterstest.Inject(store, func(_ int, a adapters.Assignment) error { return fault(writes, a.Record.ID) })
		}
		var early []string // records enrolled before their owner was set
		enroller := rapid.Bool().Draw(rt, "enroller")
		if enroller {
			sink = adapterstest.InjectEnrollments(sink, store, func(_ int, e adapters.Enrollment) error {
				if got, _ := store.Get(e.Record.ID); got.Reply != e.Decision.Reply {
					mu.Lock()
					early = append(early, e.Record.ID)
					mu.Unlock()
				}
				return fault(enrolls, e.Record.ID)
			})
		}
		canEnroll := enroller && step.Sequence != nil && step.Sequence.SequenceID > 0
		seen := map[string]adapters.Result{}
		o := &adapters.RunOptions{
			Concurrency: rapid.IntRange(1, 6).Draw(rt, "concurrency"),
			BatchSize:   rapid.IntRange(1, 8).Draw(rt, "batch size"),
			MaxAttempts: maxAttempts,
			OnRecord: func(r adapters.Result) {
				if _, dup := seen[r.Record.ID]; dup {
					rt.Fatalf("record %s accounted twice", r.Record.ID)
				}
				seen[r.Record.ID] = r
			},
			Clock: &adapterstest.Clock{}, Jitter: noJitter,
		}
		r, err := adapters.NewRunner(p, store, sink, o)
		if err != nil {
			rt.Fatal(err)
		}
		rep, err := r.Run(context.Background(), "")
		if err != nil {
			rt.Fatal(err)
		}
		c := rep.Counts
		if c.Records != n || c.Applied+c.Unchanged+c.Skipped+c.Failed != n || len(seen) != n {
			rt.Fatalf("counts %+v, %d seen, for %d records", c, len(seen), n)
		}
		if len(early) > 0 {
			rt.Fatalf("records %v enrolled before their owner was set", early)
		}
		fails := func(s schedule, id string) bool { return s.permanent[id] || s.transient[id] >= maxAttempts }
		wantEnrolled := map[string]int64{}
		var notEnrolled int
		for _, rec := range recs {
			d := p.Resolve(rec)
			got, _ := store.Get(rec.ID)
			res := seen[rec.ID]
			enroll := d.Enroll && canEnroll
			var want adapters.Status
			switch {
			case !d.HasOwner():
				want = adapters.StatusSkipped
			case !syncstep.Unchanged(rec, d) && fails(writes, rec.ID):
				want = adapters.StatusFailed
			case enroll && fails(enrolls, rec.ID):
				want = adapters.StatusFailed
				if !errors.Is(res.Err, adapters.ErrEnrollment) {
					rt.Fatalf("record %s failed enrolling with %v, which does not match ErrEnrollment", rec.ID, res.Err)
				}
			case syncstep.Unchanged(rec, d):
				want = adapters.StatusUnchanged
			default:
				want = adapters.StatusApplied
			}
			if res.Status != want {
				rt.Fatalf("record %s: %v, want %v (decision %s, err %v)", rec.ID, res.Status, want, d.Why(), res.Err)
			}
			ok := want == adapters.StatusApplied || want == adapters.StatusUnchanged
			if ok && enroll {
				wantEnrolled[rec.ID] = 7
			}
			if ok && d.Enroll && !canEnroll {
				notEnrolled++
			}
			if res.Enrolled != (ok && enroll) {
				rt.Fatalf("record %s: Enrolled %v, status %v, enroll %v", rec.ID, res.Enrolled, want, enroll)
			}
			wrote := want == adapters.StatusApplied || (want == adapters.StatusFailed && !syncstep.Unchanged(rec, d) && !fails(writes, rec.ID))
			if wrote && got.Current(dir) != d.Target() {
				rt.Fatalf("written record %s has owner %q, want %q", rec.ID, got.Current(dir), d.Target())
			}
			if !wrote && got != rec {
				rt.Fatalf("record %s was %v but changed: %+v → %+v", rec.ID, want, rec, got)
			}
		}
		if diff := cmp.Diff(wantEnrolled, store.Enrollments(), cmpopts.EquateEmpty()); diff != "" {
			rt.Fatalf("enrollments (-want +got):\n%s", diff)
		}
		if c.Enrolled != len(wantEnrolled) || c.NotEnrolled != notEnrolled {
			rt.Fatalf("counts %+v, want %d enrolled and %d not enrolled", c, len(wantEnrolled), notEnrolled)
		}
	})
}

// s2rSequenceStep is s2rStep with People to sequence: the people of Reply
// users 11 and 12 (Salesforce users 1 and 2) are enrolled in sequence 7.
func s2rSequenceStep(sequenceID int64) syncstep.Step {
	s := s2rStep()
	s.Sequence = &syncstep.PeopleToSequence{SequenceID: sequenceID, Owners: []ownership.ReplyUserID{11, 12}}
	return s
}

// enrolledIn returns, for recs, the enrollments in seq an uninterrupted,
// fault-free run of s2rSequenceStep leaves: records of users 1 and 2.
func enrolledIn(recs []syncstep.Record, seq int64) map[string]int64 {
	out := map[string]int64{}
	for _, r := range recs {
		if r.Salesforce == sfUser(1) || r.Salesforce == sfUser(2) {
			out[r.ID] = seq
		}
	}
	return out
}

func TestRunEnrollsAppliedAndUnchangedPeopleOfTheSequenceOwners(t *testing.T) {
	p := compile(t, s2rSequenceStep(7))
	recs := records(12)
	recs[0].Reply, recs[1].Reply = 11, 12 // already owned: unchanged, and still enrolled
	store := &adapterstest.Store{Rows: slices.Clone(recs)}
	var enrolled []string
	rep, err := newRunner(t, p, store, store, &adapters.RunOptions{OnRecord: func(r adapters.Result) {
		if r.Enrolled {
			enrolled = append(enrolled, r.Record.ID)
			require.Equal(t, 1, r.EnrollAttempts)
		}
	}}).Run(context.Background(), "")
	require.NoError(t, err)
	// Users 1..3 mapped (9 records, 2 of them unchanged), user 4 skipped;
	// users 1 and 2 (6 records) enrolled.
	require.Equal(t, [5]int{12, 7, 2, 3, 0}, counts(rep))
	require.Equal(t, 6, rep.Counts.Enrolled)
	require.Zero(t, rep.Counts.NotEnrolled)
	require.Equal(t, []string{"c0", "c1", "c4", "c5", "c8", "c9"}, enrolled)
	require.Equal(t, enrolledIn(recs, 7), store.Enrollments())
	if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
		t.Fatalf("final state (-want +got):\n%s", diff)
	}
}

func TestFailedEnrollmentFailsTheRecordAndASecondRunEnrollsItWithoutWriting(t *testing.T) {
	p := compile(t, s2rSequenceStep(7))
	recs := records(8)
	store := &adapterstest.Store{Rows: slices.Clone(recs)}
	cause := &adapters.Error{Kind: adapters.KindPermanent, Code: "contactLimitExceeded", Err: errors.New("sequence is full")}
	rep, err := newRunner(t, p, store, adapterstest.FailEnrollments(store, store, cause, "c1"), nil).Run(context.Background(), "")
	require.NoError(t, err)
	// c0, c1, c4, c5 enroll (users 1, 2); c1's enrollment fails.
	require.Equal(t, [5]int{8, 5, 0, 2, 1}, counts(rep))
	require.Equal(t, 3, rep.Counts.Enrolled)
	f := rep.Failures[0]
	require.Equal(t, "c1", f.Record.ID)
	require.ErrorIs(t, f.Err, adapters.ErrEnrollment)
	require.ErrorIs(t, f.Err, cause)
	require.Equal(t, "contactLimitExceeded", adapters.CodeOf(f.Err))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(f.Err))
	require.Equal(t, 1, f.Attempts, "the owner write succeeded at once")
	require.Equal(t, 1, f.EnrollAttempts, "a permanent error is not retried")
	require.False(t, f.Enrolled)
	got, _ := store.Get("c1")
	require.Equal(t, ownership.ReplyUserID(12), got.Reply, "the owner was set before the enrollment failed")

	_, writesBefore := store.Writes()
	rep, err = newRunner(t, p, store, store, nil).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{8, 0, 6, 2, 0}, counts(rep))
	require.Equal(t, 4, rep.Counts.Enrolled, "enrolling again is harmless; c1 is enrolled at last")
	_, writesAfter := store.Writes()
	require.Equal(t, writesBefore, writesAfter, "the second run changed an owner")
	require.Equal(t, enrolledIn(recs, 7), store.Enrollments())
}

func TestRateLimitedEnrollmentWaitsTheRetryAfterWithEveryCall(t *testing.T) {
	p := compile(t, s2rSequenceStep(7))
	recs := records(8)
	store := &adapterstest.Store{Rows: slices.Clone(recs)}
	clock := &adapterstest.Clock{}
	limited := &adapters.Error{Kind: adapters.KindRateLimited, Code: "429", RetryAfter: 9 * time.Second, Err: errors.New("too many requests")}
	sink := adapterstest.InjectEnrollments(store, store, func(call int, _ adapters.Enrollment) error {
		if call == 2 {
			return limited
		}
		return nil
	})
	var c1 adapters.Result
	rep, err := newRunner(t, p, store, sink, &adapters.RunOptions{Concurrency: 1, BatchSize: 1, Clock: clock, OnRecord: func(r adapters.Result) {
		if r.Record.ID == "c1" {
			c1 = r
		}
	}}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Equal(t, [5]int{8, 6, 0, 2, 0}, counts(rep))
	require.Equal(t, 4, rep.Counts.Enrolled)
	require.Equal(t, 1, rep.Counts.Retries)
	// The second enrollment (c1's) was refused: the runner waited exactly
	// the 9s the service asked, not its own backoff, then enrolled it.
	require.Equal(t, []time.Duration{9 * time.Second}, clock.Sleeps())
	require.Equal(t, 2, c1.EnrollAttempts)
	require.True(t, c1.Enrolled)
	require.Equal(t, enrolledIn(recs, 7), store.Enrollments())
}

func TestCanceledMidEnrollmentThenResumedEqualsAnUninterruptedRun(t *testing.T) {
	for _, conc := range []int{1, 4} {
		t.Run("concurrency="+strconv.Itoa(conc), func(t *testing.T) {
			p := compile(t, s2rSequenceStep(7))
			recs := records(120)
			store := &adapterstest.Store{Rows: slices.Clone(recs)}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cut string
			sink := adapterstest.InjectEnrollments(store, store, func(call int, e adapters.Enrollment) error {
				if call == 30 {
					cut = e.Record.ID
					cancel() // the Store then refuses this enrollment as canceled
				}
				return nil
			})
			var seen []string
			o := &adapters.RunOptions{Concurrency: conc, BatchSize: 5, OnRecord: func(r adapters.Result) { seen = append(seen, r.Record.ID) }}
			r := newRunner(t, p, store, sink, o)
			first, err := r.Run(ctx, "")
			require.ErrorIs(t, err, context.Canceled)
			require.False(t, first.Complete)
			require.NotContains(t, seen, cut, "a record whose enrollment was cut short was counted")
			got, _ := store.Get(cut)
			require.NotZero(t, got.Reply, "the record cut short had its owner set")
			require.NotContains(t, store.Enrollments(), cut)

			second, err := r.Run(context.Background(), first.Cursor)
			require.NoError(t, err)
			require.True(t, second.Complete)
			require.Equal(t, 120, first.Counts.Records+second.Counts.Records, "records lost or repeated across the two runs")
			want := make([]string, len(recs))
			for i, r := range recs {
				want[i] = r.ID
			}
			require.Equal(t, want, seen, "every record accounted once, in order, across the two runs")
			require.Equal(t, 60, first.Counts.Enrolled+second.Counts.Enrolled)
			require.Equal(t, enrolledIn(recs, 7), store.Enrollments())
			if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
				t.Fatalf("final state (-want +got):\n%s", diff)
			}
		})
	}
}

// warnings collects the messages and attributes of Warn records.
type warnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warnings) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }
func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	msg := r.Message
	r.Attrs(func(a slog.Attr) bool { msg += " " + a.String(); return true })
	w.msgs = append(w.msgs, msg)
	return nil
}
func (w *warnings) WithAttrs([]slog.Attr) slog.Handler { return w }
func (w *warnings) WithGroup(string) slog.Handler      { return w }

func TestPeopleToSequenceTheRunnerCannotEnrollIsCountedAndWarnedOnce(t *testing.T) {
	for _, tt := range []struct {
		name   string
		seq    int64
		sink   func(*adapterstest.Store) adapters.OwnerSink
		reason string
	}{
		{"sink without Enroller", 7, func(s *adapterstest.Store) adapters.OwnerSink { return batchOnly{s} }, "the sink does not implement adapters.Enroller"},
		{"step without sequence id", 0, func(s *adapterstest.Store) adapters.OwnerSink { return s }, "the step's People to sequence has no sequence id"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := compile(t, s2rSequenceStep(tt.seq))
			recs := records(40)
			recs[0].Reply = 11 // unchanged, and not enrolled either
			store := &adapterstest.Store{Rows: slices.Clone(recs)}
			w := &warnings{}
			r := newRunner(t, p, store, tt.sink(store), &adapters.RunOptions{Logger: slog.New(w), OnRecord: func(r adapters.Result) {
				require.False(t, r.Enrolled)
				require.Zero(t, r.EnrollAttempts)
			}})
			rep, err := r.Run(context.Background(), "")
			require.NoError(t, err)
			require.Equal(t, [5]int{40, 29, 1, 10, 0}, counts(rep))
			require.Zero(t, rep.Counts.Enrolled)
			require.Equal(t, 20, rep.Counts.NotEnrolled, "users 1 and 2 own 20 records")
			require.Empty(t, store.Enrollments())
			require.Equal(t, []string{"people to sequence: not enrolling step=contacts_to_people reason=" + tt.reason}, w.msgs)
			pr := r.Progress()
			require.Equal(t, int64(20), pr.NotEnrolled)
			require.Zero(t, pr.Enrolled)
		})
	}
}

func TestStepWithoutPeopleToSequenceEnrollsNobodyAndDoesNotWarn(t *testing.T) {
	p := compile(t, s2rStep())
	store := &adapterstest.Store{Rows: records(12)}
	w := &warnings{}
	rep, err := newRunner(t, p, store, store, &adapters.RunOptions{Logger: slog.New(w)}).Run(context.Background(), "")
	require.NoError(t, err)
	require.Zero(t, rep.Counts.Enrolled+rep.Counts.NotEnrolled)
	require.Empty(t, store.Enrollments())
	require.Empty(t, w.msgs)
}

func TestBatchWritesThenEnrollmentsGroupedByOwner(t *testing.T) {
	p := compile(t, s2rSequenceStep(7))
	recs := records(300)
	for i := range recs {
		if i%8 == 0 && recs[i].Salesforce == sfUser(1) {
			recs[i].Reply = 11 // unchanged records go through the workers only to be enrolled
		}
	}
	store := &adapterstest.Store{Rows: slices.Clone(recs)}
	var mu sync.Mutex
	var sizes []int
	sink := adapterstest.InjectEnrollments(&recordingBatch{Store: store, onBatch: func(b []adapters.Assignment) {
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, len(b))
	}}, store, nil)
	rep, err := newRunner(t, p, store, sink, &adapters.RunOptions{BatchSize: 20, Concurrency: 3}).Run(context.Background(), "")
	require.NoError(t, err)
	// 225 mapped records of which 38 (i ≡ 0 mod 8) already owned; 150 of
	// users 1 and 2 enrolled.
	require.Equal(t, [5]int{300, 187, 38, 75, 0}, counts(rep))
	require.Equal(t, 150, rep.Counts.Enrolled)
	total := 0
	for _, n := range sizes {
		total += n
	}
	require.Equal(t, 187, total, "unchanged records were written")
	require.Equal(t, enrolledIn(recs, 7), store.Enrollments())
	if diff := cmp.Diff(expected(p, recs), store.Snapshot(), idComparer); diff != "" {
		t.Fatalf("final state (-want +got):\n%s", diff)
	}
}
