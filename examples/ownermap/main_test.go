package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/syncstep"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

// result is what one run of the tool produced.
type result struct {
	code           int
	stdout, stderr string
}

func runTool(t *testing.T, stdinFile string, args ...string) result {
	t.Helper()
	var stdin bytes.Buffer
	if stdinFile != "" {
		b, err := os.ReadFile(stdinFile)
		require.NoError(t, err)
		stdin.Write(b)
	}
	var out, errb bytes.Buffer
	code := run(args, &stdin, &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func (r result) golden(args []string, stdinFile string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "$ ownermap %s", strings.Join(args, " "))
	if stdinFile != "" {
		fmt.Fprintf(&b, " < %s", stdinFile)
	}
	fmt.Fprintf(&b, "\n[exit %d]\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
	return b.String()
}

// checkGolden compares got with testdata/NAME.golden, or rewrites the file
// under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./examples/ownermap -update")
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from %s (-want +got); if the change is intended, run go test ./examples/ownermap -update\n%s", path, diff)
	}
}

// TestGolden pins the tool's whole output and exit status for runs over the
// sample files, good and bad.
func TestGolden(t *testing.T) {
	const (
		clean = "samples/clean.json"
		many  = "samples/many-problems.json"
		facts = "samples/facts.json"
		recs  = "samples/records.jsonl"
		bad   = "samples/bad-records.jsonl"
	)
	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
	}{
		{"usage", "", nil, exitUnusable},
		{"help", "", []string{"-h"}, exitOK},
		{"unknown-command", "", []string{"frobnicate"}, exitUnusable},
		{"check-clean", "", []string{"check", clean, "-facts", facts}, exitOK},
		{"check-clean-no-facts", "", []string{"check", clean}, exitOK},
		{"check-many-problems", "", []string{"check", many, "-facts", facts}, exitProblems},
		{"check-many-problems-json", "", []string{"check", "-format", "json", many, "-facts", facts}, exitProblems},
		{"check-malformed-json", "", []string{"check", "testdata/malformed.json"}, exitProblems},
		{"check-missing-file", "", []string{"check", "samples/nope.json"}, exitUnusable},
		{"check-bad-facts", "", []string{"check", clean, "-facts", "testdata/bad-facts.json"}, exitUnusable},
		{"check-help", "", []string{"check", "-h"}, exitOK},
		{"resolve", recs, []string{"resolve", clean, "-step", "contacts_to_people"}, exitOK},
		{"resolve-bad-lines", bad, []string{"resolve", clean, "-step", "contacts_to_people"}, exitProblems},
		{"resolve-unknown-step-flag", recs, []string{"resolve", clean, "-step", "nope"}, exitUnusable},
		{"resolve-unusable-config", recs, []string{"resolve", many, "-step", "contacts_to_people"}, exitUnusable},
		{"resolve-help", "", []string{"resolve", "-h"}, exitOK},
		{"plan", recs, []string{"plan", clean, "-step", "contacts_to_people"}, exitOK},
		{"plan-json", recs, []string{"plan", clean, "-step", "contacts_to_people", "-format", "json"}, exitOK},
		{"plan-bad-lines", bad, []string{"plan", clean, "-step", "contacts_to_people"}, exitProblems},
		{"suggest", "", []string{"suggest", "-facts", facts}, exitOK},
		{"suggest-into-step", "", []string{"suggest", "-facts", facts, "-config", clean, "-step", "linkedin_to_tasks"}, exitOK},
		{"suggest-no-facts", "", []string{"suggest"}, exitUnusable},
		{"apply-all", "", []string{"apply-all", clean, "-from", "contacts_to_people"}, exitOK},
		{"apply-all-conflict", "", []string{"apply-all", clean, "-from", "leads_to_people"}, exitProblems},
		{"apply-all-unknown-step", "", []string{"apply-all", clean, "-from", "nope"}, exitUnusable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runTool(t, c.stdin, c.args...)
			require.Equal(t, c.code, r.code, "exit status; stderr:\n%s", r.stderr)
			checkGolden(t, c.name, r.golden(c.args, c.stdin))
		})
	}
}

// TestResolveJSONLines pins the JSON shape of resolve's output: one object
// per good input line, in order, carrying the input line number.
func TestResolveJSONLines(t *testing.T) {
	r := runTool(t, "samples/bad-records.jsonl", "resolve", "samples/clean.json", "-step", "contacts_to_people")
	require.Equal(t, exitProblems, r.code)
	var lines []int
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var got resolvedLine
		dec := json.NewDecoder(strings.NewReader(l))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&got), l)
		require.NotEmpty(t, got.Why)
		require.Contains(t, []syncstep.Outcome{syncstep.Mapped, syncstep.Skipped}, got.Outcome)
		lines = append(lines, got.Line)
	}
	require.Equal(t, []int{1, 7}, lines, "good lines before and after the bad ones are processed")
	for _, n := range []int{2, 3, 4, 5, 6} {
		require.Contains(t, r.stderr, fmt.Sprintf("stdin:%d: ", n))
	}
	require.Contains(t, r.stderr, `unknown step "no_such_step"`)
}

// TestApplyAllOutputDecodes checks that apply-all prints a configuration that
// decodes and whose every step has the source step's pairs.
func TestApplyAllOutputDecodes(t *testing.T) {
	r := runTool(t, "", "apply-all", "samples/clean.json", "-from", "contacts_to_people")
	require.Equal(t, exitOK, r.code, r.stderr)
	cfg, err := syncstep.DecodeConfig([]byte(r.stdout))
	require.NoError(t, err)
	from := cfg.Steps[cfg.StepIndex("contacts_to_people")].Mappings
	for _, s := range cfg.Steps {
		require.Equal(t, from, s.Mappings, s.Key)
	}
	_, err = syncstep.CompileAll(cfg)
	require.NoError(t, err)
}
