package adapters

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// Clock is the runner's view of time: what it reads to honour a
// retry-after, and how it waits between attempts. Tests inject a fake
// (adapterstest.Clock) so that they never really sleep.
//
// Implementations must be safe for concurrent use.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// Sleep waits for d, or until ctx is done, whichever comes first, and
	// returns ctx.Err() in the second case. A d of zero or less returns at
	// once (with ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock: time.Now and a timer.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits for d with a timer, or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RunOptions tune a Runner. The zero value, and a nil *RunOptions, mean
// the defaults given with each field.
type RunOptions struct {
	// Concurrency is the number of writes (and enrollments) in flight at
	// once. Default 8.
	Concurrency int
	// BatchSize is the most assignments given to one SetOwners call when
	// the sink is a BatchOwnerSink; 1 turns batching off. Default 100.
	BatchSize int
	// MaxAttempts bounds the write attempts per record, the first
	// included, and the consecutive attempts to read the source. Default 5.
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt; each further
	// attempt doubles it, up to MaxDelay. Defaults 100ms and 30s. A
	// retry-after given by the service replaces the backoff: the runner
	// waits exactly that long, without jitter, whatever MaxDelay says.
	BaseDelay, MaxDelay time.Duration
	// Jitter turns a computed backoff into the delay actually waited. It
	// is called from several goroutines at once. Nil means a uniformly
	// random delay in [d/2, d]; use func(d time.Duration) time.Duration
	// { return d } for none.
	Jitter func(d time.Duration) time.Duration
	// Clock reads the time and waits. Nil means SystemClock.
	Clock Clock
	// MaxSkips and MaxFailures bound the number of Results the Report
	// keeps in Skips and Failures (the first ones, in record order), so
	// that a run over millions of records does not hold millions of
	// results; the counts are always exact, and OnRecord sees every
	// record. Defaults 100 and 1000; a negative value keeps none.
	MaxSkips, MaxFailures int
	// OnRecord, when set, is called once for every record the Report
	// accounts, in record order, from the goroutine that called Run,
	// after the record's fate is final. It must not call the Runner.
	OnRecord func(Result)
	// Logger receives the run's start and end (Info), each retry (Debug),
	// each failure (Warn), and, once per run, that people People to
	// sequence would enroll are not enrolled because the runner cannot
	// (Warn; see Counts.NotEnrolled). Nil means no logging.
	Logger *slog.Logger
}

// Status is the fate of one record in a run. The zero value is not a
// status; every Result a Runner reports has one of the others.
type Status uint8

// The statuses. Their text forms are stable.
const (
	StatusUnspecified Status = iota
	// StatusApplied: the sink set the resolved owner (and, when People
	// to sequence enrolls the record, the person was enrolled).
	StatusApplied
	// StatusUnchanged: the record already had the resolved owner on the
	// target side (syncstep.Unchanged); no owner was written (the person
	// may have been enrolled: see Result.Enrolled).
	StatusUnchanged
	// StatusSkipped: the plan names no owner to write (outcome Skipped or
	// LeftToSalesforce); nothing was written. Decision.Why says why.
	StatusSkipped
	// StatusFailed: the write failed for good: a non-retryable error, or
	// a retryable one on the last attempt. Also a record whose owner was
	// set (or found set) but whose enrollment in the step's sequence then
	// failed for good; its error matches ErrEnrollment.
	StatusFailed
)

// String returns "applied", "unchanged", "skipped", "failed" or
// "unspecified".
func (s Status) String() string {
	switch s {
	case StatusUnspecified:
		return "unspecified"
	case StatusApplied:
		return "applied"
	case StatusUnchanged:
		return "unchanged"
	case StatusSkipped:
		return "skipped"
	case StatusFailed:
		return "failed"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// Result is the fate of one record in a run.
type Result struct {
	// Record is the record as the source read it, and Cursor the cursor
	// that resumes after it.
	Record syncstep.Record
	Cursor Cursor
	// Decision is the plan's decision for the record.
	Decision syncstep.Decision
	// Status is what became of it.
	Status Status
	// Attempts is the number of write attempts made (zero for unchanged
	// and skipped records).
	Attempts int
	// EnrollAttempts is the number of enrollment attempts made: zero
	// unless the runner enrolled, or tried to enroll, the record.
	EnrollAttempts int
	// Enrolled reports whether Enroller.Enroll succeeded for the record
	// in this run: its person is in the step's sequence, newly added or
	// already there (a later run enrolls it again, harmlessly). It is true
	// only for applied and unchanged records whose Decision.Enroll is set.
	Enrolled bool
	// Err is the error of the last attempt, for StatusFailed; nil
	// otherwise. When the owner was set but the enrollment failed, it
	// matches ErrEnrollment and wraps the enrollment's error, so KindOf,
	// CodeOf and errors.Is see the cause.
	Err error
}

// ErrEnrollment is matched (errors.Is) by the Result.Err of a record whose
// owner was set, or found already set, but whose enrollment in the step's
// sequence failed for good. The record is counted failed; a later run
// finds its owner unchanged and enrolls it again.
var ErrEnrollment = errors.New("adapters: owner set, but enrollment in the sequence failed")

// Counts sums a run. Records = Applied + Unchanged + Skipped + Failed
// always holds. Enrolled and NotEnrolled count among Applied + Unchanged:
// their sum is the number of applied and unchanged records whose decision
// says People to sequence enrolls them.
type Counts struct {
	Records, Applied, Unchanged, Skipped, Failed int
	// Retries is the number of write and enrollment attempts beyond the
	// first, over the records counted.
	Retries int
	// Enrolled counts the applied and unchanged records whose person was
	// enrolled in the step's sequence (Result.Enrolled).
	Enrolled int
	// NotEnrolled counts the applied and unchanged records whose decision
	// says Enroll but that the runner did not enroll because it cannot:
	// the sink is not an Enroller, or the step's People to sequence has no
	// (positive) SequenceID. Such a run logs it once, at Warn.
	NotEnrolled int
}

// Report is the outcome of one Run.
//
// It accounts for a prefix of the source's stream: every record up to and
// including the one whose cursor is Cursor, and no other, is counted
// exactly once, and the next Run from Cursor continues with the record
// after it. When Complete is true that prefix is the whole stream.
type Report struct {
	// Step is the step's key.
	Step string
	// Cursor resumes after the last record accounted: pass it to Run to
	// continue. It is the cursor Run was given when nothing was
	// accounted.
	Cursor Cursor
	// Complete reports whether the source was read to its end and every
	// record accounted.
	Complete bool
	Counts   Counts
	// Skips and Failures are the first skipped and failed records, in
	// record order, up to RunOptions.MaxSkips and MaxFailures.
	Skips, Failures []Result
}

// Progress is a snapshot of a run in progress, for a progress bar.
type Progress struct {
	// Read is the number of records read from the source so far; Read -
	// Records are being resolved or written.
	Read int64
	// Records, Applied, Unchanged, Skipped and Failed count the records
	// accounted so far, as Report.Counts will.
	Records, Applied, Unchanged, Skipped, Failed int64
	// Retries counts write and enrollment attempts beyond the first, so
	// far.
	Retries int64
	// Enrolled and NotEnrolled count as Report.Counts will.
	Enrolled, NotEnrolled int64
}

// ErrRunning is returned by Run when the Runner is already running.
var ErrRunning = errors.New("adapters: runner is already running")

// Runner drives one compiled step end to end: it reads the step's records
// from a RecordSource, resolves each with the plan, and writes the owners
// that change through an OwnerSink (or its BatchOwnerSink capability).
//
// People to sequence: in a Salesforce → Reply step whose Sequence has a
// positive SequenceID, when the sink is an Enroller, every record whose
// decision has Enroll set and whose owner is applied or found unchanged is
// then enrolled, after its owner write succeeded, with the same retries as
// writes. A record whose enrollment fails for good is failed (its error
// matches ErrEnrollment). A skipped or failed record is never enrolled.
// When decisions say Enroll but the runner cannot enroll, nothing is
// enrolled and Counts.NotEnrolled says how many were not.
//
// Every record read is accounted as exactly one of applied, unchanged,
// skipped or failed (see Status and Report). Transient and rate-limited
// errors are retried with bounded exponential backoff; a retry-after given
// by the service is waited exactly, and holds back every write of the run,
// not only the one that was refused. Writes run concurrently, up to
// RunOptions.Concurrency, while records are accounted in source order.
//
// A Runner may be used for any number of runs, one at a time; Progress may
// be called at any time from any goroutine.
type Runner struct {
	plan  *syncstep.Plan
	step  syncstep.Step
	src   RecordSource
	dst   OwnerSink
	batch BatchOwnerSink
	// enroller is the sink's Enroller when the step can enroll (a
	// Salesforce → Reply step with a positive SequenceID), else nil, and
	// notEnrolling says why it cannot, when the sink is not one.
	enroller     Enroller
	sequenceID   int64
	notEnrolling string
	opts         RunOptions
	log          *slog.Logger

	running atomic.Bool
	gate    struct {
		sync.Mutex
		until time.Time
	}
	progress struct {
		read, records, applied, unchanged, skipped, failed, retries, enrolled, notEnrolled atomic.Int64
	}
}

// NewRunner returns a Runner for plan's step, reading from src and writing
// to dst, with opts (nil means defaults). It rejects a nil plan, source or
// sink, and negative or zero-meaning-something options that make no sense
// (a negative Concurrency, BatchSize, MaxAttempts or delay).
func NewRunner(plan *syncstep.Plan, src RecordSource, dst OwnerSink, opts *RunOptions) (*Runner, error) {
	switch {
	case plan == nil:
		return nil, errors.New("adapters: NewRunner: nil plan")
	case src == nil:
		return nil, errors.New("adapters: NewRunner: nil source")
	case dst == nil:
		return nil, errors.New("adapters: NewRunner: nil sink")
	}
	var o RunOptions
	if opts != nil {
		o = *opts
	}
	if o.Concurrency < 0 || o.BatchSize < 0 || o.MaxAttempts < 0 || o.BaseDelay < 0 || o.MaxDelay < 0 {
		return nil, errors.New("adapters: NewRunner: negative option")
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Concurrency, 8)
	def(&o.BatchSize, 100)
	def(&o.MaxAttempts, 5)
	def(&o.MaxSkips, 100)
	def(&o.MaxFailures, 1000)
	if o.BaseDelay == 0 {
		o.BaseDelay = 100 * time.Millisecond
	}
	if o.MaxDelay == 0 {
		o.MaxDelay = 30 * time.Second
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration {
			if d < 2 {
				return d
			}
			return d/2 + rand.N(d/2+1)
		}
	}
	if o.Clock == nil {
		o.Clock = SystemClock{}
	}
	r := &Runner{plan: plan, step: plan.Step(), src: src, dst: dst, opts: o, log: o.Logger}
	if b, ok := dst.(BatchOwnerSink); ok && o.BatchSize > 1 {
		r.batch = b
	}
	if seq := r.step.Sequence; seq != nil && r.step.Direction == ownership.SalesforceToReply {
		e, ok := dst.(Enroller)
		switch {
		case seq.SequenceID <= 0:
			r.notEnrolling = "the step's People to sequence has no sequence id"
		case !ok:
			r.notEnrolling = "the sink does not implement adapters.Enroller"
		default:
			r.enroller, r.sequenceID = e, seq.SequenceID
		}
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r, nil
}

// Progress returns a snapshot of the current run, or of the last one when
// none is running. It is safe to call concurrently with Run.
func (r *Runner) Progress() Progress {
	p := &r.progress
	return Progress{
		Read: p.read.Load(), Records: p.records.Load(), Applied: p.applied.Load(),
		Unchanged: p.unchanged.Load(), Skipped: p.skipped.Load(), Failed: p.failed.Load(),
		Retries: p.retries.Load(), Enrolled: p.enrolled.Load(), NotEnrolled: p.notEnrolled.Load(),
	}
}

// slot is one record between reading and accounting. A slot handed to a
// worker belongs to it until the worker hands it back.
type slot struct {
	idx int // index in the ring
	rec SourceRecord
	dec syncstep.Decision
	// status is the record's final fate, set once known; StatusUnspecified
	// until then (and for good when the run stopped before it was known).
	status Status
	// owner is the owner's fate (applied or unchanged) once known, and
	// enroll whether the record is to be enrolled after it.
	owner          Status
	enroll         bool
	enrolled       bool
	attempts       int
	enrollAttempts int
	err            error
}

type ownerKey struct {
	sf    ownership.SalesforceID
	reply ownership.ReplyUserID
}

// Run reads the step's records after the cursor after ("" for the start)
// and syncs them, until the source ends, the source fails for good, or ctx
// is done.
//
// The error is nil exactly when the Report is Complete. Otherwise it is
// ctx's error when ctx ended the run, or the source's error (wrapped, and
// classified by KindOf) when the source failed after MaxAttempts reads or
// with an error that is not retryable. Failed writes are not run errors:
// they are in the Report. In every case the Report accounts for a prefix of
// the stream and its Cursor resumes after it: writes that were under way
// when the run stopped are abandoned uncounted (the sink is idempotent, so
// the next run finds them applied, as unchanged, or writes them again).
// Run returns only after every goroutine it started has ended.
func (r *Runner) Run(ctx context.Context, after Cursor) (Report, error) {
	if !r.running.CompareAndSwap(false, true) {
		return Report{Step: r.step.Key, Cursor: after}, ErrRunning
	}
	defer r.running.Store(false)
	r.gate.Lock()
	r.gate.until = time.Time{}
	r.gate.Unlock()
	p := &r.progress
	for _, c := range []*atomic.Int64{&p.read, &p.records, &p.applied, &p.unchanged, &p.skipped, &p.failed, &p.retries, &p.enrolled, &p.notEnrolled} {
		c.Store(0)
	}
	r.log.InfoContext(ctx, "sync run starting", "step", r.step.Key, "after", string(after))

	rn := &run{r: r, rep: Report{Step: r.step.Key, Cursor: after}}
	bs := 1
	if r.batch != nil {
		bs = r.opts.BatchSize
	}
	rn.batchSize = bs
	rn.ring = make([]slot, max(64, 4*r.opts.Concurrency*bs))
	rn.done = make([]bool, len(rn.ring))
	rn.pending = make(map[ownerKey][]*slot)
	rn.jobs = make(chan []*slot)
	rn.results = make(chan []*slot, r.opts.Concurrency)
	var wg sync.WaitGroup
	for range r.opts.Concurrency {
		wg.Go(func() {
			for job := range rn.jobs {
				r.write(ctx, job)
				rn.results <- job
			}
		})
	}

	ended, srcErr := rn.read(ctx, after)

	if ctx.Err() == nil {
		rn.flushAll()
	}
	close(rn.jobs)
	for rn.inflight > 0 {
		rn.complete(<-rn.results)
	}
	wg.Wait()
	rn.advance()

	rep := rn.rep
	var err error
	switch {
	case ended && rn.head == rn.next:
		rep.Complete = true
	case ctx.Err() != nil:
		err = ctx.Err()
	case srcErr != nil:
		err = fmt.Errorf("adapters: reading step %q: %w", r.step.Key, srcErr)
	default:
		err = errors.New("adapters: run stopped before accounting every record")
	}
	r.log.InfoContext(ctx, "sync run finished", "step", r.step.Key, "complete", rep.Complete,
		"records", rep.Counts.Records, "applied", rep.Counts.Applied, "unchanged", rep.Counts.Unchanged,
		"skipped", rep.Counts.Skipped, "failed", rep.Counts.Failed, "retries", rep.Counts.Retries,
		"enrolled", rep.Counts.Enrolled, "not_enrolled", rep.Counts.NotEnrolled, "cursor", string(rep.Cursor), "error", err)
	return rep, err
}

// run is the state of one Run, owned by the goroutine that called Run.
type run struct {
	r         *Runner
	rep       Report
	batchSize int
	// ring holds records from seq head (the first not yet accounted) to
	// next (the next to be read), at index seq % len(ring); done marks
	// those whose fate is final and known to this goroutine.
	ring       []slot
	done       []bool
	head, next int
	pending    map[ownerKey][]*slot
	jobs       chan []*slot
	results    chan []*slot
	inflight   int
	// warned is set once the run has logged that it cannot enroll.
	warned bool
}

// read streams the source into the ring, reopening it after transient
// failures. It returns the source's final error, and whether the source
// ended normally.
func (rn *run) read(ctx context.Context, after Cursor) (ended bool, err error) {
	r := rn.r
	last := after
	for attempt := 1; ; attempt++ {
		var srcErr error
		stopped := false
		for sr, err := range r.src.Records(ctx, r.step, last) {
			if err != nil {
				srcErr = err
				break
			}
			if ctx.Err() != nil {
				stopped = true
				break
			}
			attempt = 1
			last = sr.Cursor
			if !rn.add(ctx, sr) {
				stopped = true
				break
			}
		}
		if ctx.Err() != nil || stopped {
			return false, nil
		}
		if srcErr == nil {
			return true, nil
		}
		k := KindOf(srcErr)
		if k == KindCanceled {
			k = KindTransient // the call's own deadline, not the run's
		}
		if !k.Retryable() || attempt >= r.opts.MaxAttempts {
			return false, srcErr
		}
		d := r.delay(attempt, srcErr)
		r.log.DebugContext(ctx, "retrying source", "step", r.step.Key, "attempt", attempt, "delay", d, "error", srcErr)
		if r.opts.Clock.Sleep(ctx, d) != nil {
			return false, nil
		}
	}
}

// add takes one record read from the source. It returns false when the
// run cannot take more records (its window is stuck, which only happens
// once ctx is done).
func (rn *run) add(ctx context.Context, sr SourceRecord) bool {
	rn.r.progress.read.Add(1)
	for rn.next-rn.head >= len(rn.ring) {
		rn.flushAll()
		rn.advance()
		if rn.next-rn.head < len(rn.ring) {
			break
		}
		if rn.inflight == 0 || ctx.Err() != nil {
			return false
		}
		rn.complete(<-rn.results)
		rn.advance()
	}
	i := rn.next % len(rn.ring)
	rn.next++
	s := &rn.ring[i]
	*s = slot{idx: i, rec: sr, dec: rn.r.plan.Resolve(sr.Record)}
	s.enroll = s.dec.Enroll && rn.r.enroller != nil
	switch {
	case !s.dec.HasOwner():
		s.status, rn.done[i] = StatusSkipped, true
	case syncstep.Unchanged(sr.Record, s.dec) && !s.enroll:
		s.status, rn.done[i] = StatusUnchanged, true
	default:
		// A write, or, for an unchanged record to enroll, an enrollment.
		if syncstep.Unchanged(sr.Record, s.dec) {
			s.owner = StatusUnchanged
		}
		rn.done[i] = false
		k := ownerKey{s.dec.Salesforce, s.dec.Reply}
		if rn.r.step.Direction == ownership.SalesforceToReply {
			k.sf = ownership.SalesforceID{}
		} else {
			k.reply = 0
		}
		b := append(rn.pending[k], s)
		if len(b) >= rn.batchSize {
			delete(rn.pending, k)
			rn.dispatch(b)
		} else {
			rn.pending[k] = b
		}
	}
	rn.advance()
	return true
}

// dispatch hands a job to a worker, collecting finished jobs while all
// workers are busy.
func (rn *run) dispatch(job []*slot) {
	for {
		select {
		case rn.jobs <- job:
			rn.inflight++
			return
		case j := <-rn.results:
			rn.complete(j)
		}
	}
}

func (rn *run) flushAll() {
	for k, b := range rn.pending {
		delete(rn.pending, k)
		rn.dispatch(b)
	}
}

// complete takes back a job from a worker.
func (rn *run) complete(job []*slot) {
	rn.inflight--
	for _, s := range job {
		// A slot whose write was abandoned (ctx done) keeps no status and
		// stays not done, so accounting stops before it.
		if s.status != StatusUnspecified {
			rn.done[s.idx] = true
		}
	}
}

// advance accounts every record at the head of the ring whose fate is
// final.
func (rn *run) advance() {
	r := rn.r
	for rn.head < rn.next {
		i := rn.head % len(rn.ring)
		if !rn.done[i] {
			return
		}
		s := &rn.ring[i]
		res := Result{Record: s.rec.Record, Cursor: s.rec.Cursor, Decision: s.dec, Status: s.status,
			Attempts: s.attempts, EnrollAttempts: s.enrollAttempts, Enrolled: s.enrolled, Err: s.err}
		c := &rn.rep.Counts
		c.Records++
		r.progress.records.Add(1)
		c.Retries += max(s.attempts-1, 0) + max(s.enrollAttempts-1, 0)
		if ok := s.status == StatusApplied || s.status == StatusUnchanged; ok && s.enrolled {
			c.Enrolled++
			r.progress.enrolled.Add(1)
		} else if ok && s.dec.Enroll && r.enroller == nil {
			c.NotEnrolled++
			r.progress.notEnrolled.Add(1)
			if !rn.warned {
				rn.warned = true
				r.log.Warn("people to sequence: not enrolling", "step", r.step.Key, "reason", r.notEnrolling)
			}
		}
		switch s.status {
		case StatusApplied:
			c.Applied++
			r.progress.applied.Add(1)
		case StatusUnchanged:
			c.Unchanged++
			r.progress.unchanged.Add(1)
		case StatusSkipped:
			c.Skipped++
			r.progress.skipped.Add(1)
			if len(rn.rep.Skips) < r.opts.MaxSkips {
				rn.rep.Skips = append(rn.rep.Skips, res)
			}
		case StatusFailed:
			c.Failed++
			r.progress.failed.Add(1)
			if len(rn.rep.Failures) < r.opts.MaxFailures {
				rn.rep.Failures = append(rn.rep.Failures, res)
			}
		}
		rn.rep.Cursor = s.rec.Cursor
		if r.opts.OnRecord != nil {
			r.opts.OnRecord(res)
		}
		*s = slot{}
		rn.done[i] = false
		rn.head++
	}
}

// delay is the wait before attempt+1 after err.
func (r *Runner) delay(attempt int, err error) time.Duration {
	if ra := RetryAfter(err); ra > 0 {
		return ra
	}
	d := r.opts.BaseDelay
	for i := 1; i < attempt && d < r.opts.MaxDelay; i++ {
		d *= 2
	}
	return r.opts.Jitter(min(d, r.opts.MaxDelay))
}

// holdUntil holds back every write of the run until t, a retry-after
// the service asked for.
func (r *Runner) holdUntil(t time.Time) {
	r.gate.Lock()
	if t.After(r.gate.until) {
		r.gate.until = t
	}
	r.gate.Unlock()
}

// waitGate waits, once, until the time set by holdUntil.
func (r *Runner) waitGate(ctx context.Context) error {
	r.gate.Lock()
	until := r.gate.until
	r.gate.Unlock()
	if d := until.Sub(r.opts.Clock.Now()); d > 0 {
		return r.opts.Clock.Sleep(ctx, d)
	}
	return ctx.Err()
}

// write carries out one job (one record, or one batch with one target
// owner): the owner writes it needs, then the enrollments, each retrying
// what may be retried. It sets each slot's status, attempts and error; a
// slot whose write or enrollment is abandoned because ctx is done keeps
// StatusUnspecified.
func (r *Runner) write(ctx context.Context, job []*slot) {
	todo := job
	if r.enroller != nil {
		// Unchanged records come to be enrolled only.
		todo = nil
		for _, s := range job {
			if s.owner == StatusUnspecified {
				todo = append(todo, s)
			}
		}
	}
	ok := r.retry(ctx, todo, r.attempt, func(s *slot, attempts int, err error) {
		s.attempts = attempts
		switch {
		case err != nil:
			s.status, s.err = StatusFailed, err
			r.log.WarnContext(ctx, "write failed", "step", r.step.Key, "record", s.rec.ID,
				"kind", KindOf(err).String(), "code", CodeOf(err), "attempts", attempts, "error", err)
		case s.enroll:
			s.owner = StatusApplied
		default:
			s.status = StatusApplied
		}
	})
	if !ok || r.enroller == nil {
		return
	}
	todo = nil
	for _, s := range job {
		if s.enroll && s.status == StatusUnspecified && s.owner != StatusUnspecified {
			todo = append(todo, s)
		}
	}
	r.retry(ctx, todo, r.attemptEnroll, func(s *slot, attempts int, err error) {
		s.enrollAttempts = attempts
		if err != nil {
			s.status, s.err = StatusFailed, fmt.Errorf("%w: sequence %d: %w", ErrEnrollment, r.sequenceID, err)
			r.log.WarnContext(ctx, "enrollment failed", "step", r.step.Key, "record", s.rec.ID, "sequence", r.sequenceID,
				"kind", KindOf(err).String(), "code", CodeOf(err), "attempts", attempts, "error", err)
			return
		}
		s.status, s.enrolled = s.owner, true
	})
}

// retry calls call with todo, then with those of its slots that failed
// with a retryable error, until none is left, waiting between attempts as
// RunOptions say and honouring the run's retry-after gate. It settles each
// slot once, with the number of attempts made for it and nil or the
// error that failed it for good. It returns false, leaving the slots not
// yet settled unsettled, when ctx ended it: the outcome of an attempt cut
// short is not known for sure, so the record is left to the next run.
func (r *Runner) retry(ctx context.Context, todo []*slot, call func(context.Context, []*slot) []error, settle func(s *slot, attempts int, err error)) bool {
	for attempt := 1; len(todo) > 0; attempt++ {
		if r.waitGate(ctx) != nil {
			return false
		}
		errs := call(ctx, todo)
		if ctx.Err() != nil {
			return false
		}
		var again []*slot
		var retryErr error
		for i, s := range todo {
			err := errs[i]
			if err == nil {
				settle(s, attempt, nil)
				continue
			}
			k := KindOf(err)
			if k == KindCanceled {
				k = KindTransient // the call's own deadline, not the run's
			}
			if k.Retryable() && attempt < r.opts.MaxAttempts {
				again = append(again, s)
				if retryErr == nil || RetryAfter(err) > RetryAfter(retryErr) {
					retryErr = err
				}
				continue
			}
			settle(s, attempt, err)
		}
		if len(again) == 0 {
			return true
		}
		r.progress.retries.Add(int64(len(again)))
		d := r.delay(attempt, retryErr)
		if ra := RetryAfter(retryErr); ra > 0 {
			// Wait in waitGate, with every other call of the run.
			r.holdUntil(r.opts.Clock.Now().Add(ra))
			d = 0
		}
		r.log.DebugContext(ctx, "retrying", "step", r.step.Key, "records", len(again),
			"attempt", attempt, "delay", d, "error", retryErr)
		if d > 0 && r.opts.Clock.Sleep(ctx, d) != nil {
			return false
		}
		todo = again
	}
	return true
}

func (r *Runner) assignment(s *slot) Assignment {
	return Assignment{Step: r.step.Key, Object: r.step.Object, Record: s.rec.Record, Decision: s.dec}
}

// attempt makes one write attempt for every slot of todo, and returns one
// error per slot.
func (r *Runner) attempt(ctx context.Context, todo []*slot) []error {
	as := make([]Assignment, len(todo))
	for i, s := range todo {
		as[i] = r.assignment(s)
	}
	if r.batch != nil && len(as) > 1 {
		errs := r.batch.SetOwners(ctx, as)
		if len(errs) != len(as) {
			err := &Error{Kind: KindUnknown, Err: fmt.Errorf("SetOwners returned %d results for %d assignments", len(errs), len(as))}
			errs = make([]error, len(as))
			for i := range errs {
				errs[i] = err
			}
		}
		return errs
	}
	errs := make([]error, len(as))
	for i, a := range as {
		errs[i] = r.dst.SetOwner(ctx, a)
	}
	return errs
}

// attemptEnroll makes one enrollment attempt for every slot of todo, one
// call at a time, and returns one error per slot.
func (r *Runner) attemptEnroll(ctx context.Context, todo []*slot) []error {
	errs := make([]error, len(todo))
	for i, s := range todo {
		errs[i] = r.enroller.Enroll(ctx, Enrollment{Assignment: r.assignment(s), SequenceID: r.sequenceID})
	}
	return errs
}
