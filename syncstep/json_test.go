package syncstep_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// where is a decode problem reduced to what callers branch on: never the
// message text.
type where struct {
	Code, Path   string
	Line, Column int
}

func decodeProblems(t *testing.T, err error) []where {
	t.Helper()
	require.ErrorIs(t, err, syncstep.ErrDecode)
	var de *syncstep.DecodeError
	require.ErrorAs(t, err, &de)
	require.NotEmpty(t, de.Problems)
	var out []where
	for _, p := range de.Problems {
		require.NotEmpty(t, p.Message, "every problem says what is wrong")
		require.Contains(t, err.Error(), p.Message)
		out = append(out, where{p.Code, p.Path, p.Line, p.Column})
	}
	return out
}

// noPos drops positions, for cases that pin down only code and path.
func noPos(ws []where) []where {
	out := make([]where, len(ws))
	for i, w := range ws {
		out[i] = where{Code: w.Code, Path: w.Path}
	}
	return out
}

func TestDecodeConfigReportsCodeAndPath(t *testing.T) {
	step := func(body string) string { return `{"version":1,"steps":[` + body + `]}` }
	for _, tc := range []struct {
		name string
		in   string
		want []where
	}{
		{"unknown top-level field", `{"version":1,"colour":"red"}`, []where{{Code: "unknown-field", Path: "colour"}}},
		{"unknown step field", step(`{"key":"a","Direction":"salesforce_to_reply"}`), []where{{Code: "unknown-field", Path: "steps[0].Direction"}}},
		{"unknown pair field", step(`{"key":"a","mappings":[{"salesforce_owner":"00558000001N0Ke","reply_owner":1,"note":"x"}]}`),
			[]where{{Code: "unknown-field", Path: "steps[0].mappings[0].note"}}},
		{"duplicate top-level field", `{"version":1,"reply_user":2,"reply_user":3}`, []where{{Code: "duplicate-field", Path: "reply_user"}}},
		{"duplicate field, escaped name", step(`{"key":"a","k\u0065y":"b"}`), []where{{Code: "duplicate-field", Path: "steps[0].key"}}},
		{"wrong type for reply user", `{"version":1,"reply_user":"9"}`, []where{{Code: "wrong-type", Path: "reply_user"}}},
		{"wrong type for steps", `{"version":1,"steps":{}}`, []where{{Code: "wrong-type", Path: "steps"}}},
		{"wrong type for a step", step(`"contacts"`), []where{{Code: "wrong-type", Path: "steps[0]"}}},
		{"wrong type for key", step(`{"key":7}`), []where{{Code: "wrong-type", Path: "steps[0].key"}}},
		{"wrong type for filter values", step(`{"key":"a","filters":[{"field":"Status","operator":"in","values":"Open"}]}`),
			[]where{{Code: "wrong-type", Path: "steps[0].filters[0].values"}}},
		{"wrong type for a filter value", step(`{"key":"a","filters":[{"field":"Status","operator":"in","values":["Open",3]}]}`),
			[]where{{Code: "wrong-type", Path: "steps[0].filters[0].values[1]"}}},
		{"wrong type for sequence id", step(`{"key":"a","people_to_sequence":{"sequence_id":"x","owners":[]}}`),
			[]where{{Code: "wrong-type", Path: "steps[0].people_to_sequence.sequence_id"}}},
		{"fractional reply owner", step(`{"key":"a","mappings":[{"salesforce_owner":"","reply_owner":1.5}]}`),
			[]where{{Code: "wrong-type", Path: "steps[0].mappings[0].reply_owner"}}},
		{"exponent reply owner", `{"version":1,"reply_user":1e3}`, []where{{Code: "wrong-type", Path: "reply_user"}}},
		{"overflowing reply owner", `{"version":1,"reply_user":99999999999999999999}`, []where{{Code: "wrong-type", Path: "reply_user"}}},
		{"wrong type for action", step(`{"key":"a","unmapped":{"action":1}}`), []where{{Code: "wrong-type", Path: "steps[0].unmapped.action"}}},
		{"wrong type for operator", step(`{"key":"a","filters":[{"field":"x","operator":true,"values":[]}]}`),
			[]where{{Code: "wrong-type", Path: "steps[0].filters[0].operator"}}},
		{"bad salesforce user", `{"version":1,"salesforce_user":"005"}`, []where{{Code: "invalid-salesforce-id", Path: "salesforce_user"}}},
		{"bad salesforce owner in a pair", step(`{"key":"a","mappings":[{"salesforce_owner":"00558000001N0Ke","reply_owner":1},{"salesforce_owner":"00558000001N0Ke6AK","reply_owner":2}]}`),
			[]where{{Code: "invalid-salesforce-id", Path: "steps[0].mappings[1].salesforce_owner"}}},
		{"bad fallback owner", step(`{"key":"a","unmapped":{"action":"fallback","salesforce_owner":"not an id!!!!!!"}}`),
			[]where{{Code: "invalid-salesforce-id", Path: "steps[0].unmapped.salesforce_owner"}}},
		{"reply owner zero", step(`{"key":"a","mappings":[{"salesforce_owner":"00558000001N0Ke","reply_owner":0}]}`),
			[]where{{Code: "invalid-reply-owner", Path: "steps[0].mappings[0].reply_owner"}}},
		{"reply owner negative", `{"version":1,"reply_user":-3}`, []where{{Code: "invalid-reply-owner", Path: "reply_user"}}},
		{"sequence owner zero", step(`{"key":"a","people_to_sequence":{"owners":[4,0]}}`),
			[]where{{Code: "invalid-reply-owner", Path: "steps[0].people_to_sequence.owners[1]"}}},
		{"fallback reply owner negative", step(`{"key":"a","unmapped":{"action":"fallback","reply_owner":-1}}`),
			[]where{{Code: "invalid-reply-owner", Path: "steps[0].unmapped.reply_owner"}}},
		{"bad direction", step(`{"key":"a","direction":"sideways"}`), []where{{Code: "invalid-value", Path: "steps[0].direction"}}},
		{"bad operator", step(`{"key":"a","filters":[{"field":"x","operator":"like","values":[]}]}`),
			[]where{{Code: "invalid-value", Path: "steps[0].filters[0].operator"}}},
		{"bad action", step(`{"key":"a","unmapped":{"action":"drop"}}`), []where{{Code: "invalid-value", Path: "steps[0].unmapped.action"}}},
		{"missing version", `{"steps":[]}`, []where{{Code: "unsupported-version", Path: "version"}}},
		{"unsupported version", `{"version":2}`, []where{{Code: "unsupported-version", Path: "version"}}},
		{"version as text", `{"version":"1"}`, []where{{Code: "wrong-type", Path: "version"}}},
		{"document is an array", `[]`, []where{{Code: "wrong-type", Path: ""}}},
		{"document is null", `null`, []where{{Code: "wrong-type", Path: ""}}},
		{"empty document", ``, []where{{Code: "malformed-json", Path: ""}}},
		{"trailing value", `{"version":1} {}`, []where{{Code: "malformed-json", Path: ""}}},
		{"trailing garbage", `{"version":1} x`, []where{{Code: "malformed-json", Path: ""}}},
		{"unterminated", `{"version":1,"steps":[`, []where{{Code: "malformed-json", Path: ""}}},
		{"deep nesting", `{"version":1,"x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
			[]where{{Code: "malformed-json", Path: ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := syncstep.DecodeConfig([]byte(tc.in))
			if diff := cmp.Diff(tc.want, noPos(decodeProblems(t, err))); diff != "" {
				t.Errorf("DecodeConfig(%.80s) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestDecodeConfigLocatesProblemsByLineAndColumn(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []where
	}{
		{
			name: "syntax error: trailing comma",
			in:   "{\n  \"version\": 1,\n  \"steps\": [\n    {\"key\": \"a\",}\n  ]\n}\n",
			want: []where{{Code: "malformed-json", Line: 4, Column: 17}},
		},
		// Each points at the offending character, not at the token or white
		// space before it.
		{name: "missing colon", in: `{"a" 1}`, want: []where{{Code: "malformed-json", Line: 1, Column: 6}}},
		{name: "bad literal", in: `{"a":tru}`, want: []where{{Code: "malformed-json", Line: 1, Column: 9}}},
		{name: "double comma", in: `[1,,2]`, want: []where{{Code: "malformed-json", Line: 1, Column: 4}}},
		{name: "missing comma", in: `{"a":1 "b":2}`, want: []where{{Code: "malformed-json", Line: 1, Column: 8}}},
		{name: "bad value", in: `{"a":@}`, want: []where{{Code: "malformed-json", Line: 1, Column: 6}}},
		{name: "leading zero", in: `{"a":01}`, want: []where{{Code: "malformed-json", Line: 1, Column: 7}}},
		{name: "after white space", in: "\n  x", want: []where{{Code: "malformed-json", Line: 2, Column: 3}}},
		{name: "extra closing brace", in: `{"a":1}}`, want: []where{{Code: "malformed-json", Line: 1, Column: 8}}},
		{name: "unterminated string points past the end", in: `{"a":"x`, want: []where{{Code: "malformed-json", Line: 1, Column: 8}}},
		{name: "unterminated object", in: "{\"version\": 1,\n", want: []where{{Code: "malformed-json", Line: 2, Column: 1}}},
		{
			name: "nesting deeper than the limit",
			in:   `{"version":1,"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`,
			want: []where{{Code: "malformed-json", Line: 1, Column: 18 + 64}},
		},
		{
			name: "trailing value after the document",
			in:   "{\"version\": 1}\n\n  {}",
			want: []where{{Code: "malformed-json", Line: 3, Column: 3}},
		},
		{
			name: "bad id value",
			in:   "{\n  \"version\": 1,\n  \"salesforce_user\": \"bad\"\n}",
			want: []where{{Code: "invalid-salesforce-id", Path: "salesforce_user", Line: 3, Column: 22}},
		},
		{
			name: "missing version points at the document",
			in:   "\n  {}",
			want: []where{{Code: "unsupported-version", Path: "version", Line: 2, Column: 3}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := syncstep.DecodeConfig([]byte(tc.in))
			if diff := cmp.Diff(tc.want, decodeProblems(t, err)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeConfigReportsAllProblemsInDocumentOrderAndReturnsPartialConfig(t *testing.T) {
	in := `{
  "version": 1,
  "salesforce_user": "00558000001N0Ke",
  "reply_user": 0,
  "steps": [
    {"key": "contacts_to_people", "direction": "salesforce_to_reply", "object": "Contact",
     "mappings": [
       {"salesforce_owner": "00558000001n0keaak", "reply_owner": 7},
       {"salesforce_owner": "005", "reply_owner": 8, "extra": true}
     ]},
    {"key": "people_to_leads", "direction": "up",
     "unmapped": {"action": "leave_to_salesforce"}}
  ],
  "unknown": null
}`
	cfg, err := syncstep.DecodeConfig([]byte(in))
	want := []where{
		{Code: "invalid-reply-owner", Path: "reply_user"},
		{Code: "invalid-salesforce-id", Path: "steps[0].mappings[1].salesforce_owner"},
		{Code: "unknown-field", Path: "steps[0].mappings[1].extra"},
		{Code: "invalid-value", Path: "steps[1].direction"},
		{Code: "unknown-field", Path: "unknown"},
	}
	if diff := cmp.Diff(want, noPos(decodeProblems(t, err))); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	wantCfg := syncstep.Config{
		SalesforceUser: userA,
		Steps: []syncstep.Step{
			{Key: "contacts_to_people", Direction: s2r, Object: "Contact",
				Mappings: []ownership.Pair{pair(userA, 7), pair(ownership.SalesforceID{}, 8)}},
			{Key: "people_to_leads", Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}},
		},
	}
	if diff := cmp.Diff(wantCfg, cfg, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("partial config (-want +got):\n%s", diff)
	}
}

func TestDecodeConfigAcceptsNullsAndAbsentFieldsAsZero(t *testing.T) {
	cfg, err := syncstep.DecodeConfig([]byte(`{"version":1,"salesforce_user":"","steps":[{"key":"a","filters":null,"mappings":null,"people_to_sequence":null,"unmapped":null,"direction":""}]}`))
	require.NoError(t, err)
	if diff := cmp.Diff(syncstep.Config{Steps: []syncstep.Step{{Key: "a"}}}, cfg); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	cfg, err = syncstep.DecodeConfig([]byte(`{"version":1,"steps":null}`))
	require.NoError(t, err)
	require.Empty(t, cfg.Steps)
}

func TestDecodeProblemStringHasLocation(t *testing.T) {
	p := syncstep.DecodeProblem{Path: "steps[0].key", Line: 2, Column: 5, Code: syncstep.CodeWrongType, Message: "want a string"}
	require.Equal(t, "line 2, column 5: steps[0].key: want a string", p.String())
	p = syncstep.DecodeProblem{Code: syncstep.CodeMalformedJSON, Message: "bad"}
	require.Equal(t, "(document): bad", p.String())
}

func TestDecodeConfigSuggestsTheFieldMeant(t *testing.T) {
	_, err := syncstep.DecodeConfig([]byte(`{"version":1,"replyUser":3}`))
	var de *syncstep.DecodeError
	require.ErrorAs(t, err, &de)
	require.Len(t, de.Problems, 1)
	require.Equal(t, syncstep.CodeUnknownField, de.Problems[0].Code)
	require.Equal(t, "replyUser", de.Problems[0].Value)
	require.Contains(t, de.Problems[0].Message, `"reply_user"`, "the message names the field meant")
}

func TestJSONUnmarshalIsStrictAndMarshalIsEncodeConfig(t *testing.T) {
	var cfg syncstep.Config
	err := json.Unmarshal([]byte(`{"version":1,"nope":1}`), &cfg)
	require.ErrorIs(t, err, syncstep.ErrDecode)
	require.NoError(t, json.Unmarshal([]byte(`{"version":1,"reply_user":3}`), &cfg))
	require.Equal(t, ownership.ReplyUserID(3), cfg.ReplyUser)

	raw, err := json.Marshal(cfg)
	require.NoError(t, err)
	enc, err := syncstep.EncodeConfig(cfg)
	require.NoError(t, err)
	require.JSONEq(t, string(raw), string(enc))
	require.True(t, strings.HasSuffix(string(enc), "}\n"))
}

// TestEncodeConfigMatchesGoldenFile pins the version 1 format: field names,
// ID forms and layout. Regenerate with UPDATE_GOLDEN=1 only for a
// deliberate format change.
func TestEncodeConfigMatchesGoldenFile(t *testing.T) {
	cfg := syncstep.Config{SalesforceUser: defaultSF, ReplyUser: 9, ApplyAllFrom: "contacts_to_people", Steps: []syncstep.Step{
		{Key: "contacts_to_people", Name: "Salesforce Contacts → Reply People", Object: "Contact", Direction: s2r,
			Filters:  []syncstep.Filter{{Field: "LeadSource", Operator: syncstep.OpIn, Values: []string{"Web", "Event"}}, {Field: "Status", Operator: syncstep.OpEquals}},
			Sequence: &syncstep.PeopleToSequence{SequenceID: 1234, Owners: []ownership.ReplyUserID{7}},
			Mappings: []ownership.Pair{pair(userA, 7), pair(queueQ, 8)},
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: pair(ownership.SalesforceID{}, 7)}},
		{Key: "people_to_leads", Object: "Lead", Direction: r2s,
			Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}},
		{Key: "draft"},
	}}
	got, err := syncstep.EncodeConfig(cfg)
	require.NoError(t, err)
	golden := filepath.Join("testdata", "config.golden.json")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("EncodeConfig (-golden +got):\n%s", diff)
	}
	back, err := syncstep.DecodeConfig(got)
	require.NoError(t, err)
	if diff := cmp.Diff(cfg, back, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestEncodeConfigRejectsNothingDecodeConfigAccepts(t *testing.T) {
	// An empty Config encodes to a document that decodes back to it.
	enc, err := syncstep.EncodeConfig(syncstep.Config{})
	require.NoError(t, err)
	back, err := syncstep.DecodeConfig(enc)
	require.NoError(t, err)
	require.True(t, cmp.Equal(syncstep.Config{}, back, cmpopts.EquateEmpty()))
	require.False(t, errors.Is(err, syncstep.ErrDecode))
}
