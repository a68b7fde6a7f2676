package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite testdata/sync.golden from the current output")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestOutput pins the example's whole output: the progress line, the first
// run's report (every record accounted, the people enrolled, the permanent
// failures with their cause, the rate limit's retry-after waited) and a
// second run that applies nothing.
func TestOutput(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	path := filepath.Join("testdata", "sync.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, out.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./examples/sync -update to create it")
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("sync output changed (-want +got); if intended, run go test ./examples/sync -update\n%s", diff)
	}
	// Record i is owned by user i%5: Ana, Ben, Car, Dan map to Reply 101,
	// 102, 103, 100, and Eve (i%5 == 4) is skipped: 400 records. Of the
	// 1600 mapped, those with i%4 == 0 (400) already have their owner, 3
	// fail for good, and 1197 are applied. People to sequence enrolls the
	// people of 101 and 102 (i%5 in {0, 1}: 800 records) less
	// contact-1501 (Ben's, failed): 799. Retries: 401 writes, plus one
	// enrollment retry for each enrolled i%7 == 0, that is i%35 in {0, 21}:
	// 58 + 57 = 115, so 516.
	require.Contains(t, out.String(), "run 1: complete=true: 2000 read = 1197 applied + 400 unchanged + 400 skipped + 3 failed; 799 enrolled; 516 retries")
	// The second run writes nothing and enrolls the same 799 again, which
	// changes nothing; no fault repeats.
	require.Contains(t, out.String(), "run 2: complete=true: 2000 read = 0 applied + 1597 unchanged + 400 skipped + 3 failed; 799 enrolled; 0 retries")
}
