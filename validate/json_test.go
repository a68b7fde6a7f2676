package validate_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

func TestJSON_ValidDocumentMatchesConfig(t *testing.T) {
	doc, err := syncstep.EncodeConfig(validConfig())
	require.NoError(t, err)
	require.Empty(t, validate.JSON(doc, fullFacts()))

	cfg := validConfig()
	cfg.Steps[1].Mappings = nil
	doc, err = syncstep.EncodeConfig(cfg)
	require.NoError(t, err)
	require.Equal(t, validate.Config(cfg, fullFacts()), withoutPositions(validate.JSON(doc, fullFacts())))
}

// withoutPositions returns ds with Line and Column cleared, to compare
// JSON's diagnostics with Config's.
func withoutPositions(ds validate.Diagnostics) validate.Diagnostics {
	out := slices.Clone(ds)
	for i := range out {
		out[i].Line, out[i].Column = 0, 0
	}
	return out
}

func TestJSON_PlacesValidationDiagnosticsAtTheirValueOrEnclosingValue(t *testing.T) {
	doc := []byte(`{
  "version": 1,
  "reply_user": 100,
  "steps": [
    {"object": "Contact", "direction": "salesforce_to_reply",
     "mappings": [{"salesforce_owner": "00558000001N0Ke", "reply_owner": 999}]}
  ]
}`)
	type placed struct {
		Code         validate.Code
		Path         string
		Line, Column int
	}
	var got []placed
	for _, d := range validate.JSON(doc, fullFacts()) {
		got = append(got, placed{d.Code, d.Path, d.Line, d.Column})
	}
	want := []placed{
		{validate.CodeMissingKey, "steps[0].key", 5, 5}, // no key: the step
		{validate.CodeUnknownReplyOwner, "steps[0].mappings[0].reply_owner", 6, 74},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("placed diagnostics (-want +got):\n%s", diff)
	}
}

func TestJSON_ReportsDecodeProblemsWithPositionsAndValidatesTheRest(t *testing.T) {
	doc := []byte(`{
  "version": 1,
  "salesforce_user": "00558000001N0KeAAK",
  "reply_user": 100,
  "steps": [
    {
      "key": "contacts_to_people",
      "object": "Contact",
      "direction": "sideways",
      "mappings": [
        {"salesforce_owner": "00558000001N0Ke", "reply_owner": 101},
        {"salesforce_owner": "0055800000", "reply_owner": 102}
      ]
    },
    {
      "key": "people_to_contacts",
      "object": "Contact",
      "direction": "reply_to_salesforce",
      "mappings": [
        {"salesforce_owner": "00558000001N0Ke", "reply_owner": 101},
        {"salesforce_owner": "005580000028YqK", "reply_owner": 101}
      ],
      "colour": "blue"
    }
  ]
}`)
	ds := validate.JSON(doc, fullFacts())
	want := []found{
		{sevError, validate.CodeInvalidValue, "steps[0].direction"},
		// The malformed ID is reported once, by decoding; validation's
		// "missing Salesforce owner" at the same path is a consequence.
		{sevError, validate.CodeInvalidSalesforceID, "steps[0].mappings[1].salesforce_owner"},
		{sevError, validate.CodeUnknownField, "steps[1].colour"},
		{sevError, validate.CodeDuplicateReplyOwner, "steps[1].mappings[1].reply_owner"},
	}
	if diff := cmp.Diff(want, identities(ds)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	require.Equal(t, 9, ds[0].Line, "direction's line")
	require.Equal(t, 20, ds[0].Column, "direction's column")
	require.Equal(t, "sideways", ds[0].Value)
	require.Equal(t, 21, ds[3].Line, "validation diagnostics are placed at their value")
	require.Equal(t, 64, ds[3].Column)
}

func TestJSON_MalformedDocumentIsOneErrorAndNoValidation(t *testing.T) {
	ds := validate.JSON([]byte("{\n  \"version\": 1,\n  \"steps\": [}\n"), validate.Facts{})
	require.Len(t, ds, 1)
	require.Equal(t, validate.CodeMalformedJSON, ds[0].Code)
	require.Equal(t, sevError, ds[0].Severity)
	require.Equal(t, 3, ds[0].Line)
}

func TestJSON_StepOfTheWrongTypeHidesItsConsequences(t *testing.T) {
	ds := validate.JSON([]byte(`{"version": 1, "steps": ["contacts_to_people"]}`), fullFacts())
	// Without suppression the zero step would also be missing a key, a
	// direction and an object.
	if diff := cmp.Diff([]found{{sevError, validate.CodeWrongType, "steps[0]"}}, identities(ds)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestJSON_EveryDecodeCodeIsAnErrorAtItsPath(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want found
	}{
		{"malformed-json", `{"version": 1,,}`, found{sevError, validate.CodeMalformedJSON, ""}},
		{"unsupported-version", `{"version": 2, "steps": []}`, found{sevError, validate.CodeUnsupportedVersion, "version"}},
		{"unknown-field", `{"version": 1, "steps": [], "stpes": []}`, found{sevError, validate.CodeUnknownField, "stpes"}},
		{"duplicate-field", `{"version": 1, "steps": [], "steps": []}`, found{sevError, validate.CodeDuplicateField, "steps"}},
		{"wrong-type", `{"version": 1, "steps": {}}`, found{sevError, validate.CodeWrongType, "steps"}},
		{"invalid-value", `{"version": 1, "steps": [{"key": "a", "object": "Lead", "direction": "reply_to_salesforce", "mappings": [{"salesforce_owner": "00558000001N0Ke", "reply_owner": 101}], "unmapped": {"action": "drop"}}]}`,
			found{sevError, validate.CodeInvalidValue, "steps[0].unmapped.action"}},
		{"invalid-salesforce-id", `{"version": 1, "salesforce_user": "0055800000", "steps": []}`, found{sevError, validate.CodeInvalidSalesforceID, "salesforce_user"}},
		{"invalid-reply-owner", `{"version": 1, "reply_user": 0, "steps": []}`, found{sevError, validate.CodeInvalidReplyOwner, "reply_user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := identities(validate.JSON([]byte(tt.doc), fullFacts()).Errors())
			if diff := cmp.Diff([]found{tt.want}, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// apply-all-conflict makes the check syncstep.ApplyAll makes: it fires
// exactly when ApplyAll refuses for uniqueness, once per conflict ApplyAll
// reports, at the step ApplyAll names.
func TestConfig_ApplyAllConflictAgreesWithSyncstepApplyAll(t *testing.T) {
	cfg := validConfig()
	cfg.Steps[0].Mappings = []ownership.Pair{
		{Salesforce: ana, Reply: replyAna}, {Salesforce: ben, Reply: replyAna}, {Salesforce: carl, Reply: replyBen}, {Salesforce: leadQ, Reply: replyBen},
	}
	for _, from := range []string{syncstep.StepContactsToPeople, syncstep.StepPeopleToContacts, syncstep.StepPeopleToLeads} {
		t.Run(from, func(t *testing.T) {
			cfg := cfg
			cfg.ApplyAllFrom = from
			var want []string
			_, err := syncstep.ApplyAll(cfg, from)
			var ae *syncstep.ApplyAllError
			if errors.As(err, &ae) {
				for _, c := range ae.Conflicts() {
					if c.Step == from {
						continue // the source's own repeats are duplicate-*-owner
					}
					want = append(want, "steps["+strconv.Itoa(cfg.StepIndex(c.Step))+"].mappings "+c.OwnerText())
				}
			}
			var got []string
			for _, d := range validate.Config(cfg, fullFacts()).ByCode(validate.CodeApplyAllConflict) {
				got = append(got, d.Path+" "+d.Value)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("apply-all conflicts (-ApplyAll +validate):\n%s", diff)
			}
		})
	}
}

func TestConfig_FactsMissingOncePerMissingFact(t *testing.T) {
	var got []string
	for _, d := range validate.Config(validConfig(), validate.Facts{}) {
		require.Equal(t, validate.CodeFactsMissing, d.Code, "with no facts only facts-missing can fire on the valid config")
		require.Equal(t, sevInfo, d.Severity)
		require.Equal(t, "", d.Path)
		got = append(got, d.Value)
	}
	want := []string{
		validate.FactAssignmentRuleObjects, validate.FactQueues, validate.FactReplyMembers,
		validate.FactSalesforceUsers, validate.FactTeamOwner, validate.FactWorkspace,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("missing facts (-want +got):\n%s", diff)
	}
}

func TestConfig_QueueWithoutKnownObjectsAsksForThem(t *testing.T) {
	f := fullFacts()
	f.Queues[0].Objects = nil
	ds := validate.Config(validConfig(), f)
	if diff := cmp.Diff([]found{{sevInfo, validate.CodeFactsMissing, ""}}, identities(ds)); diff != "" {
		t.Fatalf("diagnostics (-want +got):\n%s", diff)
	}
	require.Equal(t, validate.FactQueueObjects, ds[0].Value)
}

func TestConfig_QueueOnContactIsReportedEvenWithoutQueueFacts(t *testing.T) {
	cfg, f := validConfig(), fullFacts()
	cfg.Steps[2].Mappings[1].Salesforce = leadQ
	cfg.Steps[3].Mappings = []ownership.Pair{{Salesforce: ana, Reply: replyAna}}
	cfg.Steps[1].Mappings = []ownership.Pair{{Salesforce: ana, Reply: replyAna}}
	f.Queues = nil
	want := []found{
		{sevInfo, validate.CodeFactsMissing, ""},
		{sevError, validate.CodeQueueNotAllowed, "steps[2].mappings[1].salesforce_owner"},
	}
	if diff := cmp.Diff(want, identities(validate.Config(cfg, f))); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
