package adapters_test

import (
	"context"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// BenchmarkRun streams a step of 100,000 and of 1,000,000 generated records
// (made on demand, never held) through the runner into a counting sink, and
// reports records per second and the peak live heap sampled during the
// run. The peak must not grow with the number of records:
//
//	go test -run '^$' -bench BenchmarkRun -benchtime 3x ./adapters/
func BenchmarkRun(b *testing.B) {
	users := make([]ownership.SalesforceID, 8)
	for i := range users {
		users[i] = sfUser(i + 1)
	}
	p := compile(b, s2rStep())
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("records="+strconv.Itoa(n), func(b *testing.B) {
			src := &adapterstest.Generator{N: n, Record: func(i int) syncstep.Record {
				return syncstep.Record{ID: strconv.Itoa(i), Salesforce: users[i%len(users)]}
			}}
			var peak uint64
			var total time.Duration
			for b.Loop() {
				sink := &adapterstest.Counter{}
				r, err := adapters.NewRunner(p, src, sink, nil)
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				stop := sampleHeap(&peak)
				start := time.Now()
				rep, err := r.Run(context.Background(), "")
				total += time.Since(start)
				stop()
				if err != nil || rep.Counts.Records != n {
					b.Fatalf("run: %v, %d records", err, rep.Counts.Records)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "records/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// sampleHeap samples the bytes of live and not yet swept heap objects every
// millisecond into peak, until the returned func is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
