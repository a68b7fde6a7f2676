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
// run's report (every record accounted, the permanent failures with their
// cause, the rate limit's retry-after waited) and a second run that applies
// nothing.
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
	require.Contains(t, out.String(), "run 1: complete=true: 2000 read = 1197 applied + 400 unchanged + 400 skipped + 3 failed")
	require.Contains(t, out.String(), "run 2: complete=true: 2000 read = 0 applied + 1597 unchanged + 400 skipped + 3 failed")
}
