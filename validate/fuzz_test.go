package validate_test

import (
	"errors"
	"testing"

	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// FuzzJSON checks, for any bytes, that JSON never panics, returns sorted
// diagnostics that all have a valid severity and a code, is deterministic,
// and reports at least one error whenever syncstep.DecodeConfig refuses
// the document.
func FuzzJSON(f *testing.F) {
	good, err := syncstep.EncodeConfig(validConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	for _, seed := range []string{
		``,
		`null`,
		`[]`,
		`{}`,
		`{"version": 1}`,
		`{"version": 1, "steps": []}`,
		`{"version": 2, "steps": []}`,
		`{"version": 1,,}`,
		`{"version": 1, "steps": [}`,
		`{"version": 1, "steps": ["x"]}`,
		`{"version": 1, "steps": [{"key": "a"}], "steps": []}`,
		`{"version": 1, "salesforce_user": "0055800000", "reply_user": -1, "steps": []}`,
		`{"version": 1, "salesforce_user": "00558000001n0keaak", "reply_user": 100, "apply_all_from": "a", "steps": [
			{"key": "a", "object": "Contact", "direction": "salesforce_to_reply",
			 "mappings": [{"salesforce_owner": "00558000001N0Ke", "reply_owner": 101}, {"salesforce_owner": "00558000001N0KeAAK", "reply_owner": 101}],
			 "people_to_sequence": {"owners": [101, 104]}},
			{"key": "b", "object": "Contact", "direction": "reply_to_salesforce",
			 "filters": [{"field": "OwnerId", "operator": "in", "values": ["00558000001N0Ke"]}],
			 "mappings": [{"salesforce_owner": "00G58000000abCdEAI", "reply_owner": 101}],
			 "unmapped": {"action": "fallback", "salesforce_owner": "003D0000001aH2A"}}]}`,
		`{"version": 1, "steps": [{"key": "a", "direction": "sideways", "unmapped": {"action": "drop"}, "filters": [{"field": "x", "operator": "like", "values": [1]}]}]}`,
		`{"version": 1, "steps": [{"key": "a", "mappings": [{"salesforce_owner": 5, "reply_owner": "101"}]}]}`,
		`{"version": 1e400, "reply_user": 99999999999999999999}`,
		"{\"version\": 1, \"steps\": []} trailing",
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
	} {
		f.Add([]byte(seed))
	}
	facts := fullFacts()
	f.Fuzz(func(t *testing.T, data []byte) {
		ds := validate.JSON(data, facts)
		for i, d := range ds {
			if !d.Severity.Valid() || d.Code == "" {
				t.Fatalf("diagnostic %d has no severity or code: %#v", i, d)
			}
			if i > 0 && validate.ComparePaths(ds[i-1].Path, d.Path) > 0 {
				t.Fatalf("not sorted by path: %q before %q", ds[i-1].Path, d.Path)
			}
		}
		if _, err := syncstep.DecodeConfig(data); err != nil {
			if !ds.HasErrors() {
				t.Fatalf("DecodeConfig refused the input (%v) but JSON reported no error: %v", err, ds)
			}
			if !errors.Is(ds.Err(), validate.ErrInvalid) {
				t.Fatalf("Err does not match ErrInvalid")
			}
		}
		again := validate.JSON(data, facts)
		if len(again) != len(ds) {
			t.Fatalf("second call gave %d diagnostics, first %d", len(again), len(ds))
		}
		for i := range ds {
			if ds[i] != again[i] {
				t.Fatalf("second call differs at %d: %v vs %v", i, ds[i], again[i])
			}
		}
	})
}
