package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestMain runs the program itself when asked to, so that a test can check
// the real process's exit status; otherwise it runs the tests and checks
// that none leaks a goroutine.
func TestMain(m *testing.M) {
	if os.Getenv("LIVEDRYRUN_RUN_MAIN") == "1" {
		main()
		return
	}
	goleak.VerifyTestMain(m)
}

func TestTheProcessExitsWithStatus2WithoutItsVariables(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{"LIVEDRYRUN_RUN_MAIN=1"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "%v", err)
	require.Equal(t, 2, exit.ExitCode())
	require.Contains(t, stderr.String(), "livedryrun: missing SALESFORCE_INSTANCE_URL, SALESFORCE_ACCESS_TOKEN, REPLY_API_KEY, OWNERMAP_CONFIG")
}
