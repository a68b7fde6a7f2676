package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
// generated steps, records and fault schedules, every record read is
// accounted exactly once as applied, unchanged, skipped or failed, and
// every applied record ends with the owner the plan resolved.
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
		// Fault schedule: per record, how many transient failures before
		// success (≥ MaxAttempts means it fails), or a permanent failure.
		transient := map[string]int{}
		permanent := map[string]bool{}
		for _, r := range recs {
			switch rapid.IntRange(0, 5).Draw(rt, "fault") {
			case 1:
				transient[r.ID] = rapid.IntRange(1, 4).Draw(rt, "times")
			case 2:
				permanent[r.ID] = true
			}
		}
		const maxAttempts = 3
		store := &adapterstest.Store{Rows: append([]syncstep.Record(nil), recs...)}
		var mu sync.Mutex
		tries := map[string]int{}
		sink := adapterstest.Inject(store, func(_ int, a adapters.Assignment) error {
			mu.Lock()
			defer mu.Unlock()
			tries[a.Record.ID]++
			if permanent[a.Record.ID] {
				return adapterstest.ErrInjectedPermanent
			}
			if tries[a.Record.ID] <= transient[a.Record.ID] {
				return adapterstest.ErrInjectedTransient
			}
			return nil
		})
		seen := map[string]adapters.Status{}
		o := &adapters.RunOptions{
			Concurrency: rapid.IntRange(1, 6).Draw(rt, "concurrency"),
			MaxAttempts: maxAttempts,
			OnRecord: func(r adapters.Result) {
				if _, dup := seen[r.Record.ID]; dup {
					rt.Fatalf("record %s accounted twice", r.Record.ID)
				}
				seen[r.Record.ID] = r.Status
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
		for _, rec := range recs {
			d := p.Resolve(rec)
			got, _ := store.Get(rec.ID)
			var want adapters.Status
			switch {
			case !d.HasOwner():
				want = adapters.StatusSkipped
			case syncstep.Unchanged(rec, d):
				want = adapters.StatusUnchanged
			case permanent[rec.ID] || transient[rec.ID] >= maxAttempts:
				want = adapters.StatusFailed
			default:
				want = adapters.StatusApplied
			}
			if seen[rec.ID] != want {
				rt.Fatalf("record %s: %v, want %v (decision %s)", rec.ID, seen[rec.ID], want, d.Why())
			}
			if want == adapters.StatusApplied && got.Current(dir) != d.Target() {
				rt.Fatalf("applied record %s has owner %q, want %q", rec.ID, got.Current(dir), d.Target())
			}
			if want != adapters.StatusApplied && got != rec {
				rt.Fatalf("record %s was %v but changed: %+v → %+v", rec.ID, want, rec, got)
			}
		}
	})
}
