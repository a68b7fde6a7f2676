package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/quickstart.golden from the current output")

// TestOutput pins the quickstart's whole output: the resolution table (both
// ID forms of one owner resolving alike, each outcome) and the diagnostics.
func TestOutput(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	path := filepath.Join("testdata", "quickstart.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, out.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./examples/quickstart -update to create it")
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("quickstart output changed (-want +got); if intended, run go test ./examples/quickstart -update\n%s", diff)
	}
}
