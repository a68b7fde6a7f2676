package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// readFile reads a named input, saying which file failed.
func readFile(e env, what, path string) ([]byte, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "ownermap: cannot read %s %s: %v\n", what, path, unwrapPathError(err))
		return nil, false
	}
	return data, true
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loadConfig reads and strictly decodes a configuration file. On failure it
// prints every problem as FILE:LINE:COLUMN: PATH: MESSAGE and returns false.
func loadConfig(e env, path string) (syncstep.Config, bool) {
	data, ok := readFile(e, "configuration", path)
	if !ok {
		return syncstep.Config{}, false
	}
	cfg, err := syncstep.DecodeConfig(data)
	var de *syncstep.DecodeError
	if errors.As(err, &de) {
		for _, p := range de.Problems {
			fmt.Fprintf(e.stderr, "%s: %s: %s\n", location(path, p.Line, p.Column), orDocument(p.Path), p.Message)
		}
		fmt.Fprintf(e.stderr, "ownermap: %s is not a usable configuration (%d problem(s)); run \"ownermap check %s\" for details\n", path, len(de.Problems), path)
		return cfg, false
	}
	return cfg, true
}

func location(path string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d", path, line, col)
	case line > 0:
		return fmt.Sprintf("%s:%d", path, line)
	}
	return path
}

func orDocument(p string) string {
	if p == "" {
		return "(document)"
	}
	return p
}

// loadFacts reads and strictly decodes a facts file. Unknown fields and
// values of the wrong type are errors naming the line and the field.
func loadFacts(e env, path string) (validate.Facts, bool) {
	data, ok := readFile(e, "facts", path)
	if !ok {
		return validate.Facts{}, false
	}
	var f validate.Facts
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&f)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the facts object")
	}
	if err != nil {
		off := dec.InputOffset()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		msg := strings.TrimPrefix(err.Error(), "json: ")
		switch {
		case errors.As(err, &se):
			off = se.Offset
		case errors.As(err, &te):
			off = te.Offset
			msg = fmt.Sprintf("field %s: want %s, got %s", te.Field, te.Type, te.Value)
		}
		line, col := lineCol(data, off)
		fmt.Fprintf(e.stderr, "%s: invalid facts: %s\n", location(path, line, col), msg)
		return f, false
	}
	return f, true
}

func lineCol(data []byte, off int64) (int, int) {
	if off < 0 || off > int64(len(data)) {
		return 0, 0
	}
	before := data[:off]
	return bytes.Count(before, []byte{'\n'}) + 1, int(off) - bytes.LastIndexByte(before, '\n')
}

// recordLine is one line of a records file: a record id, the step it
// belongs to (optional when -step is given), its owner on the step's source
// side and, optionally, its current owner on the target side. Owners are
// Salesforce IDs (JSON strings) or Reply userIds (JSON numbers), by the
// step's direction.
type recordLine struct {
	ID      string          `json:"id"`
	Step    string          `json:"step"`
	Owner   json.RawMessage `json:"owner"`
	Current json.RawMessage `json:"current"`
}

// parsedRecord is a record line that was understood.
type parsedRecord struct {
	line   int
	plan   *syncstep.Plan
	record syncstep.Record
}

// recordReader reads record lines, reporting each bad one with its line
// number and going on with the next.
type recordReader struct {
	name        string
	plans       map[string]*syncstep.Plan
	planErr     map[string]error
	defaultStep string
	bad         int
}

// each calls fn for every good record line of r, in order, and reports bad
// lines to stderr as NAME:LINE: MESSAGE.
func (rr *recordReader) each(e env, r io.Reader, fn func(parsedRecord)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		pr, err := rr.parse(line)
		if err != nil {
			rr.bad++
			fmt.Fprintf(e.stderr, "%s:%d: %v\n", rr.name, n, err)
			continue
		}
		pr.line = n
		fn(pr)
	}
	if err := sc.Err(); err != nil {
		rr.bad++
		fmt.Fprintf(e.stderr, "%s:%d: %v; reading stopped\n", rr.name, n+1, err)
	}
}

func (rr *recordReader) parse(line []byte) (parsedRecord, error) {
	var rl recordLine
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rl); err != nil {
		return parsedRecord{}, fmt.Errorf("not a record: %s (want {\"id\": ..., \"owner\": ...})", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return parsedRecord{}, errors.New("not a record: more than one JSON value on the line")
	}
	if rl.ID == "" {
		return parsedRecord{}, errors.New(`field "id": missing; every record needs an id`)
	}
	key := rl.Step
	if key == "" {
		key = rr.defaultStep
	}
	if key == "" {
		return parsedRecord{}, errors.New(`field "step": missing; give the record a "step" or run with -step KEY`)
	}
	p, ok := rr.plans[key]
	if !ok {
		if err, bad := rr.planErr[key]; bad {
			return parsedRecord{}, fmt.Errorf("field \"step\": step %q cannot be resolved: %v", key, err)
		}
		return parsedRecord{}, fmt.Errorf("field \"step\": unknown step %q; the configuration's steps are %s", key, stepList(rr.plans, rr.planErr))
	}
	rec := syncstep.Record{ID: rl.ID}
	src, dst := &rec.Salesforce, &rec.Reply
	var err error
	if p.Direction() == ownership.SalesforceToReply {
		if err = salesforceOwner(rl.Owner, src); err != nil {
			return parsedRecord{}, fmt.Errorf("field \"owner\": %v", err)
		}
		if err = replyOwner(rl.Current, dst); err != nil {
			return parsedRecord{}, fmt.Errorf("field \"current\": %v", err)
		}
	} else {
		if err = replyOwner(rl.Owner, dst); err != nil {
			return parsedRecord{}, fmt.Errorf("field \"owner\": %v", err)
		}
		if err = salesforceOwner(rl.Current, src); err != nil {
			return parsedRecord{}, fmt.Errorf("field \"current\": %v", err)
		}
	}
	return parsedRecord{plan: p, record: rec}, nil
}

func stepList(plans map[string]*syncstep.Plan, bad map[string]error) string {
	var keys []string
	for k := range plans {
		keys = append(keys, k)
	}
	for k := range bad {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return "(none)"
	}
	sortStrings(keys)
	return strings.Join(keys, ", ")
}

// salesforceOwner decodes a Salesforce ID given as a JSON string; null or
// absent leaves dst zero.
func salesforceOwner(raw json.RawMessage, dst *ownership.SalesforceID) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("want a Salesforce ID as a string, got %s", raw)
	}
	if s == "" {
		return nil
	}
	id, err := ownership.ParseSalesforceID(s)
	if err != nil {
		return err
	}
	*dst = id
	return nil
}

// replyOwner decodes a Reply userId given as a JSON number (or a string of
// digits); null or absent leaves dst zero.
func replyOwner(raw json.RawMessage, dst *ownership.ReplyUserID) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	text := string(raw)
	if s, err := strconv.Unquote(text); err == nil {
		text = s
	}
	id, err := ownership.ParseReplyUserID(text)
	if err != nil {
		return fmt.Errorf("want a Reply userId (a positive whole number), got %s", raw)
	}
	*dst = id
	return nil
}
