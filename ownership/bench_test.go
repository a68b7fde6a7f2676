package ownership_test

// Benchmarks of the ID parse, the first half of every resolution from text.
// Like those of package syncstep, each times its baseline in the same run,
// interleaved in chunks, and reports ns/op (the parse), baseline-ns/op and
// x-baseline. The baseline is a map[string]SalesforceID holding every input
// already parsed: a cache that skips the parse, which is what a caller
// would write if parsing cost more than looking it up.

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ownermap/ownermap/ownership"
)

var sink int

const (
	benchIDs   = 1100
	benchInput = 1 << 13
	benchChunk = 4096
)

// benchInputs returns a cyclic stream of benchInput IDs drawn from benchIDs
// distinct User IDs, as text in the form form returns, and a map from each
// such text to its parsed ID.
func benchInputs(form func(ownership.SalesforceID, *rand.Rand) string) ([]string, map[string]ownership.SalesforceID) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	rng := rand.New(rand.NewPCG(6, 6))
	texts := make([]string, benchIDs)
	cache := make(map[string]ownership.SalesforceID, benchIDs)
	b := []byte("005")
	for i := range texts {
		b = b[:3]
		for range 12 {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		id := ownership.MustParseSalesforceID(string(b))
		texts[i] = form(id, rng)
		cache[texts[i]] = id
	}
	in := make([]string, benchInput)
	for i := range in {
		in[i] = texts[rng.IntN(len(texts))]
	}
	return in, cache
}

// mangle flips the case of each letter of the 18-character form with
// probability one half, as a case-insensitive system may hand an ID back.
func mangle(id ownership.SalesforceID, rng *rand.Rand) string {
	b := []byte(id.String())
	for i, c := range b {
		if rng.IntN(2) == 0 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			b[i] = c ^ 0x20
		}
	}
	return string(b)
}

func BenchmarkParseSalesforceID(b *testing.B) {
	for _, bc := range []struct {
		name string
		form func(ownership.SalesforceID, *rand.Rand) string
	}{
		{"form=18", func(id ownership.SalesforceID, _ *rand.Rand) string { return id.String() }},
		{"form=18-mangled", mangle},
		{"form=15", func(id ownership.SalesforceID, _ *rand.Rand) string { return id.Short() }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			in, cache := benchInputs(bc.form)
			const mask = benchInput - 1
			b.ReportAllocs()
			var tBase, tParse time.Duration
			acc := 0
			b.ResetTimer()
			for lo := 0; lo < b.N; lo += benchChunk {
				hi := min(lo+benchChunk, b.N)
				t0 := time.Now()
				for i := lo; i < hi; i++ {
					if id, ok := cache[in[i&mask]]; ok && id.OwnerKind() == ownership.UserOwner {
						acc++
					}
				}
				t1 := time.Now()
				for i := lo; i < hi; i++ {
					if id, err := ownership.ParseSalesforceID(in[i&mask]); err == nil && id.OwnerKind() == ownership.UserOwner {
						acc++
					}
				}
				t2 := time.Now()
				tBase += t1.Sub(t0)
				tParse += t2.Sub(t1)
			}
			b.StopTimer()
			sink = acc
			parseNs := float64(tParse.Nanoseconds()) / float64(b.N)
			baseNs := float64(tBase.Nanoseconds()) / float64(b.N)
			b.ReportMetric(parseNs, "ns/op")
			b.ReportMetric(baseNs, "baseline-ns/op")
			b.ReportMetric(parseNs/baseNs, "x-baseline")
		})
	}
}

var sinkString string

// BenchmarkSalesforceIDString renders the canonical 18-character form; it
// allocates the string and nothing else.
func BenchmarkSalesforceIDString(b *testing.B) {
	id := ownership.MustParseSalesforceID("00558000001N0KeAAK")
	b.ReportAllocs()
	for b.Loop() {
		sinkString = id.String()
	}
}
