package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
		os.Exit(1)
	}
}

const records = 2000

// Five Salesforce users, four of them mapped, and their Reply owners.
var (
	owners = []ownership.SalesforceID{
		ownership.MustParseSalesforceID("0055g00000AnaAb"),
		ownership.MustParseSalesforceID("0055g00000BenCd"),
		ownership.MustParseSalesforceID("0055g00000CarEf"),
		ownership.MustParseSalesforceID("0055g00000DanGh"),
		ownership.MustParseSalesforceID("0055g00000EveIj"), // not mapped
	}
	replyOwners = []ownership.ReplyUserID{101, 102, 103, 100}
)

// contact returns the i-th contact: its owner cycles through the five users,
// and every fourth contact already has the Reply owner its mapping gives.
func contact(i int) syncstep.Record {
	r := syncstep.Record{ID: fmt.Sprintf("contact-%04d", i), Salesforce: owners[i%len(owners)]}
	if i%4 == 0 && i%len(owners) < len(replyOwners) {
		r.Reply = replyOwners[i%len(owners)]
	}
	return r
}

// faults injects, per record and by its number, deterministic faults on the
// first write attempt: every third record fails transiently once, every
// 250th is refused as rate limited (retry after 2s), and three records fail
// permanently on every attempt; and on the first enrollment attempt: every
// seventh record's fails transiently once.
type faults struct {
	mu       sync.Mutex
	attempts map[string]int
	enrolls  map[string]int
}

func (f *faults) enrollFault(_ int, e adapters.Enrollment) error {
	f.mu.Lock()
	f.enrolls[e.Record.ID]++
	first := f.enrolls[e.Record.ID] == 1
	f.mu.Unlock()
	if n, _ := strconv.Atoi(e.Record.ID[len("contact-"):]); first && n%7 == 0 {
		return &adapters.Error{Kind: adapters.KindTransient, Code: "503", Err: fmt.Errorf("service unavailable")}
	}
	return nil
}

var permanent = map[string]bool{"contact-0042": true, "contact-0777": true, "contact-1501": true}

func (f *faults) fault(_ int, a adapters.Assignment) error {
	if permanent[a.Record.ID] {
		return &adapters.Error{Kind: adapters.KindPermanent, Code: "INACTIVE_OWNER_OR_USER", Err: fmt.Errorf("operation performed with inactive user")}
	}
	f.mu.Lock()
	f.attempts[a.Record.ID]++
	first := f.attempts[a.Record.ID] == 1
	f.mu.Unlock()
	n, _ := strconv.Atoi(a.Record.ID[len("contact-"):])
	switch {
	case first && n%250 == 0:
		return &adapters.Error{Kind: adapters.KindRateLimited, Code: "429", RetryAfter: 2 * time.Second, Err: fmt.Errorf("too many requests")}
	case first && n%3 == 0:
		return &adapters.Error{Kind: adapters.KindTransient, Code: "UNABLE_TO_LOCK_ROW", Err: fmt.Errorf("unable to obtain exclusive access to this record")}
	}
	return nil
}

func run(ctx context.Context, w io.Writer) error {
	step := syncstep.DefaultSteps()[0] // Salesforce Contacts → Reply People
	for i, r := range replyOwners {
		step.Mappings = append(step.Mappings, ownership.Pair{Salesforce: owners[i], Reply: r})
	}
	// People to sequence: the people of Reply users 101 and 102 are
	// enrolled in sequence 7 once their owner is set.
	step.Sequence = &syncstep.PeopleToSequence{SequenceID: 7, Owners: []ownership.ReplyUserID{101, 102}}
	plan, err := syncstep.CompileStep(step, ownership.Pair{})
	if err != nil {
		return err
	}

	store := &adapterstest.Store{}
	for i := range records {
		store.Rows = append(store.Rows, contact(i))
	}
	f := &faults{attempts: map[string]int{}, enrolls: map[string]int{}}
	// Inject hides the Store's Enroller; InjectEnrollments puts it back,
	// with its own faults.
	sink := adapterstest.InjectEnrollments(adapterstest.Inject(store, f.fault), store, f.enrollFault)
	clock := &adapterstest.Clock{}

	fmt.Fprintf(w, "step %s (%s), %d records, %d pairs; Salesforce owner %s is not mapped\n",
		plan.Key(), plan.Direction().Arrow(), records, len(step.Mappings), owners[4])
	fmt.Fprintf(w, "people to sequence: the people of Reply users %v are enrolled in sequence %d\n", step.Sequence.Owners, step.Sequence.SequenceID)
	fmt.Fprintln(w, "faults: every 3rd record's first write fails transiently, every 250th is rate limited (retry after 2s), 3 records fail permanently; every 7th record's first enrollment fails transiently")

	for pass := 1; pass <= 2; pass++ {
		var accounted int
		runner, err := adapters.NewRunner(plan, store, sink, &adapters.RunOptions{
			Concurrency: 4,
			Clock:       clock,
			Jitter:      func(d time.Duration) time.Duration { return d },
			MaxSkips:    3,
			// OnRecord sees every record, in order, as its fate is final:
			// here it draws the progress line.
			OnRecord: func(adapters.Result) {
				accounted++
				if accounted%250 == 0 || accounted == records {
					fmt.Fprintf(w, "\rrun %d: %s", pass, bar(accounted))
				}
			},
		})
		if err != nil {
			return err
		}
		before := len(clock.Sleeps())
		rep, err := runner.Run(ctx, "")
		if err != nil {
			return err
		}
		fmt.Fprintln(w)
		printReport(w, pass, rep, slices.Max(append(clock.Sleeps()[before:], 0)))
	}
	return nil
}

// bar draws a progress bar for n records accounted.
func bar(n int) string {
	b := []byte("....................")
	for i := range b[:n*len(b)/records] {
		b[i] = '#'
	}
	return fmt.Sprintf("[%s] %4d/%d records", b, n, records)
}

func printReport(w io.Writer, pass int, rep adapters.Report, longestWait time.Duration) {
	c := rep.Counts
	fmt.Fprintf(w, "run %d: complete=%v: %d read = %d applied + %d unchanged + %d skipped + %d failed; %d enrolled; %d retries; longest wait %s\n",
		pass, rep.Complete, c.Records, c.Applied, c.Unchanged, c.Skipped, c.Failed, c.Enrolled, c.Retries, longestWait)
	if c.NotEnrolled > 0 {
		fmt.Fprintf(w, "  not enrolled (the sink cannot enroll): %d\n", c.NotEnrolled)
	}
	if len(rep.Skips) > 0 {
		fmt.Fprintf(w, "  skipped (first %d of %d):\n", len(rep.Skips), c.Skipped)
		for _, s := range rep.Skips {
			fmt.Fprintf(w, "    %s: %s\n", s.Record.ID, s.Decision.Why())
		}
	}
	if len(rep.Failures) > 0 {
		fmt.Fprintf(w, "  failed (%d):\n", c.Failed)
		for _, f := range rep.Failures {
			fmt.Fprintf(w, "    %s after %d attempt(s): %v\n", f.Record.ID, f.Attempts, f.Err)
		}
	}
}
