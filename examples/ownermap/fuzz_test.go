package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ownermap/ownermap/syncstep"
)

// FuzzRecordLines feeds arbitrary text to the record reader that resolve and
// plan use, followed by one good line. It never panics; every line is either
// processed, blank, or reported with its own line number; and the good line
// after the fuzzed ones is still processed.
func FuzzRecordLines(f *testing.F) {
	for _, name := range []string{"samples/records.jsonl", "samples/bad-records.jsonl"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "\n", "{}", "null", "[]", `{"id":""}`, `{"id":"x","owner":5}`, `{"id":"x","owner":"0055g00000AnaAb","current":"7"}`,
		`{"id":"x","owner":"0055g00000AnaAb","current":-1}`, `{"id":"x","step":"activities_to_tasks","owner":"101"}`,
		`{"id":"x","step":"activities_to_tasks","owner":1e3}`, `{"id":"x"} {"id":"y"}`, "{\"id\":\"x\",\"owner\":\"\u00e9\"}", "\r\n\r\n",
	} {
		f.Add(s)
	}
	cfg, err := os.ReadFile("samples/clean.json")
	if err != nil {
		f.Fatal(err)
	}
	c, err := syncstep.DecodeConfig(cfg)
	if err != nil {
		f.Fatal(err)
	}
	plans, bad := compile(c)
	const good = `{"id": "sentinel", "owner": "0055g00000AnaAbAAJ"}`

	f.Fuzz(func(t *testing.T, data string) {
		if strings.Contains(data, "\r") {
			data = strings.ReplaceAll(data, "\r", "")
		}
		lines := strings.Split(data, "\n")
		if strings.HasSuffix(data, "\n") || data == "" {
			lines = lines[:len(lines)-1]
		}
		input := strings.Join(lines, "\n")
		if len(lines) > 0 {
			input += "\n"
		}
		input += good + "\n"

		var stderr bytes.Buffer
		e := env{stderr: &stderr}
		rr := &recordReader{name: "stdin", plans: plans, planErr: bad, defaultStep: "contacts_to_people"}
		processed := map[int]string{}
		rr.each(e, strings.NewReader(input), func(pr parsedRecord) { processed[pr.line] = pr.record.ID })

		if got := processed[len(lines)+1]; got != "sentinel" {
			t.Fatalf("the good line after the fuzzed ones was not processed (got %q); stderr:\n%s", got, stderr.String())
		}
		for i, l := range lines {
			n := i + 1
			_, ok := processed[n]
			reported := strings.Contains(stderr.String(), fmt.Sprintf("stdin:%d: ", n))
			blank := len(bytes.TrimSpace([]byte(l))) == 0
			switch {
			case blank && (ok || reported):
				t.Fatalf("blank line %d was processed or reported", n)
			case !blank && ok == reported:
				t.Fatalf("line %d %q: processed=%v reported=%v; want exactly one", n, l, ok, reported)
			}
		}
		if rr.bad != strings.Count(stderr.String(), "\n") {
			t.Fatalf("bad count %d does not match %d messages", rr.bad, strings.Count(stderr.String(), "\n"))
		}
	})
}
