package adapterstest

import (
	"context"
	"errors"
	"iter"
	"sync/atomic"
	"time"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/syncstep"
)

// The errors the fault wrappers inject when given a nil error.
var (
	// ErrInjectedTransient is classified KindTransient.
	ErrInjectedTransient = &adapters.Error{Kind: adapters.KindTransient, Code: "UNABLE_TO_LOCK_ROW", Err: errors.New("injected transient fault")}
	// ErrInjectedPermanent is classified KindPermanent.
	ErrInjectedPermanent = &adapters.Error{Kind: adapters.KindPermanent, Code: "INACTIVE_OWNER_OR_USER", Err: errors.New("injected permanent fault")}
)

// Inject wraps s so that every call first asks fault, with the call's
// number (1 for the first call through this wrapper) and assignment: a
// non-nil error is returned instead of calling s. fault is called from
// several goroutines at once when the sink is. The wrapper is an OwnerSink
// only; it hides the BatchOwnerSink and Enroller capabilities of s, so that
// faults apply to every record (InjectEnrollments puts an Enroller back).
func Inject(s adapters.OwnerSink, fault func(call int, a adapters.Assignment) error) adapters.OwnerSink {
	var calls atomic.Int64
	return adapters.OwnerSinkFunc(func(ctx context.Context, a adapters.Assignment) error {
		if err := fault(int(calls.Add(1)), a); err != nil {
			return err
		}
		return s.SetOwner(ctx, a)
	})
}

// InjectEnrollments wraps s and e into one sink that writes owners through
// s and enrolls through e, asking fault first for each enrollment, with
// the enrollment call's number (1 for the first through this wrapper) and
// the enrollment: a non-nil error is returned instead of calling e. A nil
// fault injects nothing. fault is called from several goroutines at once
// when the sink is.
//
// The result is an adapters.Enroller, and an adapters.BatchOwnerSink when s
// is one. Use it to inject enrollment faults, or to put the Enroller of a
// sink back on a wrapper (Inject, FailEvery, ...) that hides it:
//
//	sink := adapterstest.InjectEnrollments(adapterstest.FailEvery(store, 3, nil), store, nil)
func InjectEnrollments(s adapters.OwnerSink, e adapters.Enroller, fault func(call int, en adapters.Enrollment) error) adapters.OwnerSink {
	es := &enrollSink{OwnerSink: s, e: e, fault: fault}
	if b, ok := s.(adapters.BatchOwnerSink); ok {
		return &enrollBatchSink{enrollSink: es, b: b}
	}
	return es
}

type enrollSink struct {
	adapters.OwnerSink
	e     adapters.Enroller
	fault func(call int, en adapters.Enrollment) error
	calls atomic.Int64
}

func (s *enrollSink) Enroll(ctx context.Context, en adapters.Enrollment) error {
	n := int(s.calls.Add(1))
	if s.fault != nil {
		if err := s.fault(n, en); err != nil {
			return err
		}
	}
	return s.e.Enroll(ctx, en)
}

type enrollBatchSink struct {
	*enrollSink
	b adapters.BatchOwnerSink
}

func (s *enrollBatchSink) SetOwners(ctx context.Context, batch []adapters.Assignment) []error {
	return s.b.SetOwners(ctx, batch)
}

// FailEnrollments wraps s and e as InjectEnrollments does, so that every
// enrollment of the records with the given IDs fails with err (nil err
// means ErrInjectedPermanent); their owner writes go through s untouched.
func FailEnrollments(s adapters.OwnerSink, e adapters.Enroller, err error, ids ...string) adapters.OwnerSink {
	if err == nil {
		err = ErrInjectedPermanent
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return InjectEnrollments(s, e, func(_ int, en adapters.Enrollment) error {
		if set[en.Record.ID] {
			return err
		}
		return nil
	})
}

// FailEvery wraps s so that every nth call (n, 2n, ...) fails with err
// instead of reaching s; nil err means ErrInjectedTransient. n < 1 never
// fails.
func FailEvery(s adapters.OwnerSink, n int, err error) adapters.OwnerSink {
	if err == nil {
		err = ErrInjectedTransient
	}
	return Inject(s, func(call int, _ adapters.Assignment) error {
		if n > 0 && call%n == 0 {
			return err
		}
		return nil
	})
}

// FailRecords wraps s so that every write of the records with the given
// IDs fails with err; nil err means ErrInjectedPermanent.
func FailRecords(s adapters.OwnerSink, err error, ids ...string) adapters.OwnerSink {
	if err == nil {
		err = ErrInjectedPermanent
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return Inject(s, func(_ int, a adapters.Assignment) error {
		if set[a.Record.ID] {
			return err
		}
		return nil
	})
}

// RateLimit wraps s so that every nth call is refused as rate limited
// (classified KindRateLimited, Code "429") with the given retry-after, as
// Reply's API does when a quota is spent.
func RateLimit(s adapters.OwnerSink, n int, retryAfter time.Duration) adapters.OwnerSink {
	err := &adapters.Error{Kind: adapters.KindRateLimited, Code: "429", RetryAfter: retryAfter, Err: errors.New("injected rate limit")}
	return FailEvery(s, n, err)
}

// Slow wraps s so that every call first waits d on clock (a fake Clock
// makes that instant and records it), returning the clock's error when ctx
// ends the wait.
func Slow(s adapters.OwnerSink, clock adapters.Clock, d time.Duration) adapters.OwnerSink {
	return adapters.OwnerSinkFunc(func(ctx context.Context, a adapters.Assignment) error {
		if err := clock.Sleep(ctx, d); err != nil {
			return err
		}
		return s.SetOwner(ctx, a)
	})
}

// CancelAfter wraps src so that cancel is called once n records have been
// yielded, counted over every stream of the wrapper. The nth record is
// yielded first; what follows depends on how src honours the canceled
// context.
func CancelAfter(src adapters.RecordSource, n int, cancel context.CancelFunc) adapters.RecordSource {
	return &cancelAfter{src: src, n: int64(n), cancel: cancel}
}

type cancelAfter struct {
	src    adapters.RecordSource
	n      int64
	seen   atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelAfter) Records(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	return func(yield func(adapters.SourceRecord, error) bool) {
		for r, err := range c.src.Records(ctx, step, after) {
			if !yield(r, err) {
				return
			}
			if err == nil && c.seen.Add(1) == c.n {
				c.cancel()
			}
		}
	}
}

// BreakEvery wraps src so that each stream ends with err after yielding n
// records (nil err means ErrInjectedTransient), as a connection that drops
// now and then does; a consumer that resumes from the last cursor still
// reads everything. n < 1 never breaks.
func BreakEvery(src adapters.RecordSource, n int, err error) adapters.RecordSource {
	if err == nil {
		err = ErrInjectedTransient
	}
	return sourceFunc(func(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
		return func(yield func(adapters.SourceRecord, error) bool) {
			k := 0
			for r, e := range src.Records(ctx, step, after) {
				if e == nil && n > 0 && k == n {
					yield(adapters.SourceRecord{}, err)
					return
				}
				k++
				if !yield(r, e) || e != nil {
					return
				}
			}
		}
	})
}

type sourceFunc func(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error]

func (f sourceFunc) Records(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	return f(ctx, step, after)
}
