package syncstep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ownermap/ownermap/ownership"
)

// FormatVersion is the version of the JSON configuration format that this
// package writes and reads.
const FormatVersion = 1

// The JSON form (version 1). Field names are snake_case and stable.
type wireConfig struct {
	Version        int        `json:"version"`
	SalesforceUser string     `json:"salesforce_user,omitempty"`
	ReplyUser      int64      `json:"reply_user,omitempty"`
	ApplyAllFrom   string     `json:"apply_all_from,omitempty"`
	Steps          []wireStep `json:"steps"`
}

type wireStep struct {
	Key              string        `json:"key"`
	Name             string        `json:"name,omitempty"`
	Object           string        `json:"object,omitempty"`
	Direction        string        `json:"direction,omitempty"`
	Filters          []wireFilter  `json:"filters,omitempty"`
	PeopleToSequence *wireSequence `json:"people_to_sequence,omitempty"`
	Mappings         []wirePair    `json:"mappings,omitempty"`
	Unmapped         *wireUnmapped `json:"unmapped,omitempty"`
}

type wireFilter struct {
	Field    string   `json:"field"`
	Operator string   `json:"operator,omitempty"` // absent when unset, as DecodeConfig reads it
	Values   []string `json:"values"`
}

type wireSequence struct {
	SequenceID int64   `json:"sequence_id,omitempty"`
	Owners     []int64 `json:"owners"`
}

type wirePair struct {
	SalesforceOwner string `json:"salesforce_owner"`
	// ReplyOwner is omitted when zero, so that a pair whose Reply owner is
	// not set yet round-trips (an explicit 0 is a decode problem).
	ReplyOwner int64 `json:"reply_owner,omitempty"`
}

type wireUnmapped struct {
	Action          string `json:"action"`
	SalesforceOwner string `json:"salesforce_owner,omitempty"`
	ReplyOwner      int64  `json:"reply_owner,omitempty"`
}

// MarshalJSON encodes c as version 1 JSON. Salesforce IDs are written in
// their canonical 18-character form; unset (zero) IDs, directions and Reply
// owners are written as empty or left out. Any Config encodes, valid or
// not. DecodeConfig of the result gives a Config equal to c (empty slices
// come back as nil) whenever every value in c is either unset or one that
// DecodeConfig accepts, which covers drafts with missing directions,
// half-set pairs and no default pair. Values DecodeConfig rejects do not
// come back: a negative Reply owner, a zero owner in People to sequence, or
// a FilterOperator, Direction or UnmappedAction outside its defined set.
func (c Config) MarshalJSON() ([]byte, error) {
	w := wireConfig{
		Version:        FormatVersion,
		SalesforceUser: c.SalesforceUser.String(),
		ReplyUser:      int64(c.ReplyUser),
		ApplyAllFrom:   c.ApplyAllFrom,
		Steps:          make([]wireStep, len(c.Steps)),
	}
	for i, s := range c.Steps {
		ws := wireStep{Key: s.Key, Name: s.Name, Object: s.Object}
		if s.Direction != ownership.DirectionUnspecified {
			ws.Direction = s.Direction.String()
		}
		for _, f := range s.Filters {
			vals := f.Values
			if vals == nil {
				vals = []string{}
			}
			ws.Filters = append(ws.Filters, wireFilter{Field: f.Field, Operator: string(f.Operator), Values: vals})
		}
		if s.Sequence != nil {
			seq := &wireSequence{SequenceID: s.Sequence.SequenceID, Owners: []int64{}}
			for _, o := range s.Sequence.Owners {
				seq.Owners = append(seq.Owners, int64(o))
			}
			ws.PeopleToSequence = seq
		}
		for _, p := range s.Mappings {
			ws.Mappings = append(ws.Mappings, wirePair{SalesforceOwner: p.Salesforce.String(), ReplyOwner: int64(p.Reply)})
		}
		if s.Unmapped != (UnmappedPolicy{}) {
			ws.Unmapped = &wireUnmapped{
				Action:          s.Unmapped.Action.String(),
				SalesforceOwner: s.Unmapped.Fallback.Salesforce.String(),
				ReplyOwner:      int64(s.Unmapped.Fallback.Reply),
			}
		}
		w.Steps[i] = ws
	}
	return json.Marshal(w)
}

// EncodeConfig encodes c as indented version 1 JSON ending in a newline, the
// form for files people edit.
func EncodeConfig(c Config) ([]byte, error) {
	raw, err := c.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// UnmarshalJSON decodes c strictly, as DecodeConfig does.
func (c *Config) UnmarshalJSON(data []byte) error {
	v, err := DecodeConfig(data)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Problem codes of DecodeProblem. The values are stable; package validate
// reports them as diagnostic codes.
const (
	CodeMalformedJSON       = "malformed-json"
	CodeUnsupportedVersion  = "unsupported-version"
	CodeUnknownField        = "unknown-field"
	CodeDuplicateField      = "duplicate-field"
	CodeWrongType           = "wrong-type"
	CodeInvalidValue        = "invalid-value"
	CodeInvalidSalesforceID = "invalid-salesforce-id"
	CodeInvalidReplyOwner   = "invalid-reply-owner"
)

// DecodeProblem is one problem found while decoding a configuration.
type DecodeProblem struct {
	// Path is where the problem is, with JSON field names and indexes, such
	// as "steps[2].mappings[1].salesforce_owner"; "" is the whole document.
	Path string
	// Line and Column (both from 1) locate the offending value in the
	// input, in bytes; 0 when unknown.
	Line, Column int
	// Code is one of the Code constants above.
	Code string
	// Value is the offending value as written, where there is one.
	Value string
	// Message says what is wrong and how to fix it.
	Message string
}

func (p DecodeProblem) String() string {
	loc := p.Path
	if loc == "" {
		loc = "(document)"
	}
	if p.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s: %s", p.Line, p.Column, loc, p.Message)
	}
	return loc + ": " + p.Message
}

// ErrDecode is matched, with errors.Is, by every *DecodeError.
var ErrDecode = errors.New("invalid configuration JSON")

// DecodeError lists every problem found in a configuration document, in the
// order they occur in it.
type DecodeError struct {
	Problems []DecodeProblem
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("syncstep: invalid configuration JSON: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is ErrDecode.
func (e *DecodeError) Is(target error) bool { return target == ErrDecode }

// DecodeConfig decodes a version 1 JSON configuration strictly: an unknown
// or repeated field, a value of the wrong type, a malformed Salesforce ID, a
// Reply owner below 1 or an unknown enum value is a problem that names its
// path. DecodeConfig does not stop at the first problem: it returns a
// *DecodeError listing all of them, together with the Config decoded from
// everything that was valid (a field with a problem is left zero), so that a
// tool can show everything wrong with a file at once.
//
// Empty strings for IDs decode as zero IDs and absent fields as zero
// values; rules about required values are package validate's. Salesforce
// IDs are accepted in either form.
func DecodeConfig(data []byte) (Config, error) {
	d := decoder{data: data}
	root, err := parseTree(data)
	if err != nil {
		d.syntax(err)
		return Config{}, &DecodeError{Problems: d.problems}
	}
	cfg := d.config(root)
	if len(d.problems) > 0 {
		return cfg, &DecodeError{Problems: d.problems}
	}
	return cfg, nil
}

type decoder struct {
	data     []byte
	problems []DecodeProblem
}

func (d *decoder) add(n *node, path, code, value, msg string) {
	p := DecodeProblem{Path: path, Code: code, Value: value, Message: msg}
	if n != nil {
		p.Line, p.Column = position(d.data, n.off)
	}
	d.problems = append(d.problems, p)
}

func (d *decoder) syntax(err error) {
	var off int64 = -1
	var oe *offsetError
	if errors.As(err, &oe) {
		off = oe.off
	} else {
		// The offsets of json.Decoder's token API do not point at the
		// offending byte (they lag by a token or by white space), so locate
		// the problem with the scanner behind json.Unmarshal, whose
		// SyntaxError.Offset counts the bytes read up to and including it.
		var raw json.RawMessage
		var se *json.SyntaxError
		if uerr := json.Unmarshal(d.data, &raw); errors.As(uerr, &se) {
			err = se
			off = se.Offset - 1
			if se.Offset >= int64(len(d.data)) && strings.HasPrefix(se.Error(), "unexpected end") {
				off = int64(len(d.data))
			}
		}
	}
	p := DecodeProblem{Code: CodeMalformedJSON, Message: "the file is not valid JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
	if off >= 0 {
		p.Line, p.Column = position(d.data, off)
	}
	d.problems = append(d.problems, p)
}

// fields walks an object's members, reporting unknown and repeated ones.
// known maps each field name to its handler.
func (d *decoder) fields(n *node, path string, known map[string]func(*node, string)) {
	if !d.is(n, path, kindObject) {
		return
	}
	seen := make(map[string]bool, len(n.keys))
	for i, k := range n.keys {
		v := n.vals[i]
		at := join(path, k)
		if seen[k] {
			d.add(v, at, CodeDuplicateField, k, fmt.Sprintf("field %q appears twice; keep one", k))
			continue
		}
		seen[k] = true
		h, ok := known[k]
		if !ok {
			d.add(v, at, CodeUnknownField, k, fmt.Sprintf("unknown field %q%s", k, suggestField(k, known)))
			continue
		}
		h(v, at)
	}
}

func suggestField(k string, known map[string]func(*node, string)) string {
	low := strings.ToLower(strings.ReplaceAll(k, "-", "_"))
	for name := range known {
		if name == low || strings.ReplaceAll(name, "_", "") == strings.ReplaceAll(low, "_", "") {
			return fmt.Sprintf("; did you mean %q?", name)
		}
	}
	return ""
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

var kindNames = map[byte]string{kindObject: "an object", kindArray: "an array", kindString: "a string", kindNumber: "a number", kindBool: "true or false", kindNull: "null"}

func (d *decoder) is(n *node, path string, want byte) bool {
	if n.kind == want {
		return true
	}
	d.add(n, path, CodeWrongType, n.text(), fmt.Sprintf("want %s, got %s", kindNames[want], kindNames[n.kind]))
	return false
}

func (d *decoder) str(n *node, path string, dst *string) {
	if d.is(n, path, kindString) {
		*dst = n.str
	}
}

func (d *decoder) int64(n *node, path string, dst *int64) bool {
	if !d.is(n, path, kindNumber) {
		return false
	}
	v, err := strconv.ParseInt(n.str, 10, 64)
	if err != nil {
		d.add(n, path, CodeWrongType, n.str, fmt.Sprintf("want a whole number, got %s", n.str))
		return false
	}
	*dst = v
	return true
}

func (d *decoder) salesforceID(n *node, path string, dst *ownership.SalesforceID) {
	var s string
	if !d.is(n, path, kindString) {
		return
	}
	s = n.str
	if s == "" {
		return
	}
	id, err := ownership.ParseSalesforceID(s)
	if err != nil {
		d.add(n, path, CodeInvalidSalesforceID, s, err.Error()+"; copy the 15- or 18-character ID from Salesforce")
		return
	}
	*dst = id
}

func (d *decoder) replyID(n *node, path string, dst *ownership.ReplyUserID) {
	var v int64
	if !d.int64(n, path, &v) {
		return
	}
	if v < 1 {
		d.add(n, path, CodeInvalidReplyOwner, n.str, fmt.Sprintf("Reply owner %d is not a Reply userId; use the positive userId of a team member", v))
		return
	}
	*dst = ownership.ReplyUserID(v)
}

func (d *decoder) array(n *node, path string, each func(*node, string)) {
	if n.kind == kindNull {
		return
	}
	if !d.is(n, path, kindArray) {
		return
	}
	for i, e := range n.elems {
		each(e, index(path, i))
	}
}

func (d *decoder) config(root *node) Config {
	var c Config
	var version int64
	sawVersion := false
	d.fields(root, "", map[string]func(*node, string){
		"version": func(n *node, p string) {
			sawVersion = true
			if d.int64(n, p, &version) && version != FormatVersion {
				d.add(n, p, CodeUnsupportedVersion, n.str, fmt.Sprintf("version %d is not supported; this library reads version %d", version, FormatVersion))
			}
		},
		"salesforce_user": func(n *node, p string) { d.salesforceID(n, p, &c.SalesforceUser) },
		"reply_user":      func(n *node, p string) { d.replyID(n, p, &c.ReplyUser) },
		"apply_all_from":  func(n *node, p string) { d.str(n, p, &c.ApplyAllFrom) },
		"steps": func(n *node, p string) {
			d.array(n, p, func(e *node, at string) { c.Steps = append(c.Steps, d.step(e, at)) })
		},
	})
	if root.kind == kindObject && !sawVersion {
		d.add(root, "version", CodeUnsupportedVersion, "", fmt.Sprintf(`"version" is missing; add "version": %d`, FormatVersion))
	}
	return c
}

func (d *decoder) step(n *node, path string) Step {
	var s Step
	d.fields(n, path, map[string]func(*node, string){
		"key":    func(n *node, p string) { d.str(n, p, &s.Key) },
		"name":   func(n *node, p string) { d.str(n, p, &s.Name) },
		"object": func(n *node, p string) { d.str(n, p, &s.Object) },
		"direction": func(n *node, p string) {
			var v string
			d.str(n, p, &v)
			if v == "" {
				return
			}
			dir, err := ownership.ParseDirection(v)
			if err != nil {
				d.add(n, p, CodeInvalidValue, v, fmt.Sprintf("direction %q is not one of salesforce_to_reply, reply_to_salesforce", v))
				return
			}
			s.Direction = dir
		},
		"filters": func(n *node, p string) {
			d.array(n, p, func(e *node, at string) { s.Filters = append(s.Filters, d.filter(e, at)) })
		},
		"people_to_sequence": func(n *node, p string) {
			if n.kind == kindNull {
				return
			}
			seq := &PeopleToSequence{}
			d.fields(n, p, map[string]func(*node, string){
				"sequence_id": func(n *node, p string) { d.int64(n, p, &seq.SequenceID) },
				"owners": func(n *node, p string) {
					d.array(n, p, func(e *node, at string) {
						var o ownership.ReplyUserID
						d.replyID(e, at, &o)
						seq.Owners = append(seq.Owners, o)
					})
				},
			})
			s.Sequence = seq
		},
		"mappings": func(n *node, p string) {
			d.array(n, p, func(e *node, at string) {
				var pair ownership.Pair
				d.fields(e, at, map[string]func(*node, string){
					"salesforce_owner": func(n *node, p string) { d.salesforceID(n, p, &pair.Salesforce) },
					"reply_owner":      func(n *node, p string) { d.replyID(n, p, &pair.Reply) },
				})
				s.Mappings = append(s.Mappings, pair)
			})
		},
		"unmapped": func(n *node, p string) {
			if n.kind == kindNull {
				return
			}
			d.fields(n, p, map[string]func(*node, string){
				"action": func(n *node, p string) {
					var v string
					d.str(n, p, &v)
					a, ok := ParseUnmappedAction(v)
					if !ok && n.kind == kindString {
						d.add(n, p, CodeInvalidValue, v, fmt.Sprintf("unmapped action %q is not one of skip, fallback, leave_to_salesforce", v))
					}
					s.Unmapped.Action = a
				},
				"salesforce_owner": func(n *node, p string) { d.salesforceID(n, p, &s.Unmapped.Fallback.Salesforce) },
				"reply_owner":      func(n *node, p string) { d.replyID(n, p, &s.Unmapped.Fallback.Reply) },
			})
		},
	})
	return s
}

func (d *decoder) filter(n *node, path string) Filter {
	var f Filter
	d.fields(n, path, map[string]func(*node, string){
		"field": func(n *node, p string) { d.str(n, p, &f.Field) },
		"operator": func(n *node, p string) {
			var v string
			d.str(n, p, &v)
			if op := FilterOperator(v); op.Valid() {
				f.Operator = op
			} else if n.kind == kindString {
				d.add(n, p, CodeInvalidValue, v, fmt.Sprintf("operator %q is not one of equals, not_equals, in, not_in", v))
			}
		},
		"values": func(n *node, p string) {
			d.array(n, p, func(e *node, at string) {
				var v string
				d.str(e, at, &v)
				f.Values = append(f.Values, v)
			})
		},
	})
	return f
}

// A parsed JSON value with its byte offset, keeping object members in order
// (so repeated members can be reported) and numbers as written.
type node struct {
	kind  byte
	off   int64
	str   string // string value, or number text
	keys  []string
	vals  []*node
	elems []*node
}

const (
	kindObject byte = iota + 1
	kindArray
	kindString
	kindNumber
	kindBool
	kindNull
)

func (n *node) text() string {
	switch n.kind {
	case kindString, kindNumber, kindBool:
		return n.str
	case kindNull:
		return "null"
	}
	return ""
}

// maxDepth bounds nesting, so hostile input cannot exhaust the stack.
const maxDepth = 64

func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := parseValue(dec, data, 0)
	if err != nil {
		return nil, err
	}
	off := skipSpace(data, dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, &offsetError{msg: "unexpected data after the top-level value", off: off}
		}
		return nil, err
	}
	return n, nil
}

// offsetError is a syntax problem found by this package, at a byte offset.
type offsetError struct {
	msg string
	off int64
}

func (e *offsetError) Error() string { return e.msg }

func parseValue(dec *json.Decoder, data []byte, depth int) (*node, error) {
	off := skipSpace(data, dec.InputOffset())
	if depth > maxDepth {
		return nil, &offsetError{msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth), off: off}
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, &offsetError{msg: "unexpected end of input", off: int64(len(data))}
		}
		return nil, err
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = kindObject
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := parseValue(dec, data, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, kt.(string))
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = kindArray
			for dec.More() {
				v, err := parseValue(dec, data, depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.kind, n.str = kindString, t
	case json.Number:
		n.kind, n.str = kindNumber, string(t)
	case bool:
		n.kind, n.str = kindBool, strconv.FormatBool(t)
	case nil:
		n.kind = kindNull
	}
	return n, nil
}

// skipSpace returns the offset of the first byte at or after off that is not
// white space or a separator, which is where the next value starts.
func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// position converts a byte offset to a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off < 0 {
		return 0, 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
