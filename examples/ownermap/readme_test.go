package main

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// readmeRun is one run of the tool shown in the README: a command line and,
// for console blocks, the output shown under it.
type readmeRun struct {
	line     int
	command  string
	output   string
	showsOut bool
}

// readmeRuns extracts the runs of ./examples/ownermap from README.md:
// "$ go run ./examples/ownermap ..." lines of console blocks, with the
// output that follows them, and "go run ./examples/ownermap ..." lines of sh
// blocks.
func readmeRuns(t *testing.T, readme []byte) []readmeRun {
	const prefix = "go run ./examples/ownermap "
	var runs []readmeRun
	var block string
	var cur *readmeRun
	sc := bufio.NewScanner(bytes.NewReader(readme))
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if strings.HasPrefix(l, "```") {
			if block == "" {
				block = strings.TrimPrefix(l, "```")
				if block == "" {
					block = "plain"
				}
			} else {
				block, cur = "", nil
			}
			continue
		}
		switch {
		case block == "console" && strings.HasPrefix(l, "$ "+prefix):
			runs = append(runs, readmeRun{line: n, command: strings.TrimPrefix(l, "$ go run ./examples/ownermap "), showsOut: true})
			cur = &runs[len(runs)-1]
		case block == "console" && cur != nil:
			cur.output += l + "\n"
		case block == "sh" && strings.HasPrefix(l, prefix):
			runs = append(runs, readmeRun{line: n, command: strings.TrimPrefix(l, prefix)})
		}
	}
	require.NoError(t, sc.Err())
	return runs
}

// TestREADMECommands runs every command of the tool that README.md shows,
// from the repository's root as a new user would, and checks that it works
// and prints exactly what the README shows under it.
func TestREADMECommands(t *testing.T) {
	t.Chdir("../..")
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	runs := readmeRuns(t, readme)
	require.GreaterOrEqual(t, len(runs), 4, "the README shows the tool's commands")
	for _, r := range runs {
		t.Run(r.command, func(t *testing.T) {
			args := strings.Fields(r.command)
			var stdin []byte
			if i := indexOf(args, "<"); i >= 0 {
				require.Len(t, args, i+2, "README.md:%d: one file after <", r.line)
				stdin, err = os.ReadFile(args[i+1])
				require.NoError(t, err, "README.md:%d", r.line)
				args = args[:i]
			}
			var out, errb bytes.Buffer
			code := run(args, bytes.NewReader(stdin), &out, &errb)
			if !r.showsOut {
				require.Equal(t, exitOK, code, "README.md:%d: stderr:\n%s", r.line, errb.String())
				require.NotEmpty(t, out.String())
				return
			}
			require.NotEqual(t, exitUnusable, code, "README.md:%d: stderr:\n%s", r.line, errb.String())
			if diff := cmp.Diff(r.output, out.String()+errb.String()); diff != "" {
				t.Errorf("README.md:%d: the output shown differs from the real one (-readme +real):\n%s", r.line, diff)
			}
		})
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
