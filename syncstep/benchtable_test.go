package syncstep_test

// A formatter for the output of the benchmarks of this package and of
// package ownership: it reads `go test -bench` output and prints, for each
// benchmark, the median of every figure over its runs as a Markdown table,
// the performance table of the README. It is a test-driven mode, not a
// command, so the module's top level stays as it is:
//
//	go test -run='^$' -bench=. -benchmem -count=5 ./ownership/ ./syncstep/ > bench.txt
//	go test -count=1 -v -run=TestBenchTable ./syncstep/ -benchtable="$PWD/bench.txt" | grep '^|'
//
// (-v, because go test shows what a passing test prints only then.)

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var benchTable = flag.String("benchtable", "", "print the `file` of go test -bench output as a Markdown table of medians")

// benchRow is one benchmark's figures: every value of each unit, in the
// order the runs printed them.
type benchRow struct {
	Name   string
	Values map[string][]float64
}

// parseBench reads go test -bench output. Lines that are not benchmark
// results are skipped; a benchmark's name loses its -GOMAXPROCS suffix.
// Rows come in the order of their first result.
func parseBench(r io.Reader) ([]benchRow, error) {
	var rows []benchRow
	index := map[string]int{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // not "name iterations value unit ..."
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		k, ok := index[name]
		if !ok {
			k = len(rows)
			index[name] = k
			rows = append(rows, benchRow{Name: name, Values: map[string][]float64{}})
		}
		for j := 2; j+1 < len(f); j += 2 {
			v, err := strconv.ParseFloat(f[j], 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q of %s: %w", f[0], f[j], f[j+1], err)
			}
			rows[k].Values[f[j+1]] = append(rows[k].Values[f[j+1]], v)
		}
	}
	return rows, sc.Err()
}

// median returns the median of vs (the mean of the middle two for an even
// count); vs must not be empty.
func median(vs []float64) float64 {
	s := slices.Sorted(slices.Values(vs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// tableUnits are the columns of the table, in order; a unit no benchmark
// reports is left out.
var tableUnits = []string{"ns/op", "baseline-ns/op", "x-baseline", "records/s", "ns/record", "ns/pair", "B/op", "allocs/op"}

// formatTable writes rows as a Markdown table of medians, with the number
// of runs behind each.
func formatTable(w io.Writer, rows []benchRow) {
	var units []string
	for _, u := range tableUnits {
		if slices.ContainsFunc(rows, func(r benchRow) bool { return len(r.Values[u]) > 0 }) {
			units = append(units, u)
		}
	}
	fmt.Fprintf(w, "| benchmark | runs | %s |\n", strings.Join(units, " | "))
	fmt.Fprintf(w, "|---|---:|%s\n", strings.Repeat("---:|", len(units)))
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %d |", strings.TrimPrefix(r.Name, "Benchmark"), len(r.Values["ns/op"]))
		for _, u := range units {
			if vs := r.Values[u]; len(vs) > 0 {
				fmt.Fprintf(w, " %s |", formatFigure(median(vs)))
			} else {
				fmt.Fprint(w, " |")
			}
		}
		fmt.Fprintln(w)
	}
}

// formatFigure prints three significant digits, and large numbers whole.
func formatFigure(v float64) string {
	if v >= 1000 || v == float64(int64(v)) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func TestBenchTable(t *testing.T) {
	if *benchTable == "" {
		t.Skip("formats benchmark output; run with -benchtable=FILE")
	}
	f, err := os.Open(*benchTable)
	require.NoError(t, err)
	defer f.Close()
	rows, err := parseBench(f)
	require.NoError(t, err)
	require.NotEmpty(t, rows, "%s holds no benchmark results", *benchTable)
	formatTable(os.Stdout, rows)
}

func TestBenchTableTakesTheMedianOfEveryFigure(t *testing.T) {
	out := `goos: linux
BenchmarkResolveReplyOwner-2   	1000	        12.0 ns/op	        10.0 baseline-ns/op	         1.20 x-baseline	       0 B/op	       0 allocs/op
BenchmarkResolveReplyOwner-2   	1000	        14.0 ns/op	        10.0 baseline-ns/op	         1.40 x-baseline	       0 B/op	       0 allocs/op
BenchmarkResolveReplyOwner-2   	1000	        11.0 ns/op	        11.0 baseline-ns/op	         1.00 x-baseline	       0 B/op	       0 allocs/op
BenchmarkCompile100k-2         	  20	  18912571 ns/op	  17751548 baseline-ns/op	       189.1 ns/pair	         1.065 x-baseline	14546464 B/op	     262 allocs/op
PASS
ok  	github.com/ownermap/ownermap/syncstep	12.3s
`
	rows, err := parseBench(strings.NewReader(out))
	require.NoError(t, err)
	var b strings.Builder
	formatTable(&b, rows)
	want := `| benchmark | runs | ns/op | baseline-ns/op | x-baseline | ns/pair | B/op | allocs/op |
|---|---:|---:|---:|---:|---:|---:|---:|
| ResolveReplyOwner | 3 | 12 | 10 | 1.2 | | 0 | 0 |
| Compile100k | 1 | 18912571 | 17751548 | 1.06 | 189 | 14546464 | 262 |
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestParseBenchRejectsAMalformedFigure(t *testing.T) {
	_, err := parseBench(strings.NewReader("BenchmarkX-2 10 twelve ns/op\n"))
	require.ErrorContains(t, err, `value "twelve" of ns/op`)
}
