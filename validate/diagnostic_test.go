package validate_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/validate"
)

func TestSeverity_TextFormsRoundTripAndZeroIsInvalid(t *testing.T) {
	for _, s := range []validate.Severity{validate.SeverityError, validate.SeverityWarning, validate.SeverityInfo} {
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back validate.Severity
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, s, back)
		require.True(t, s.Valid())
	}
	var zero validate.Severity
	require.False(t, zero.Valid())
	_, err := zero.MarshalText()
	require.ErrorIs(t, err, validate.ErrInvalidSeverity)
	_, err = json.Marshal(validate.Diagnostic{Code: validate.CodeMissingKey})
	require.Error(t, err, "a diagnostic without a severity must not encode")
	_, err = validate.ParseSeverity("fatal")
	require.ErrorIs(t, err, validate.ErrInvalidSeverity)
	require.Equal(t, "Severity(0)", zero.String())
}

func TestPath_RendersJSONFieldNamesAndSharesPrefixesImmutably(t *testing.T) {
	step := validate.Root("steps").Index(2)
	a := step.Child("mappings").Index(1).Child("salesforce_owner")
	b := step.Child("key")
	require.Equal(t, "steps[2].mappings[1].salesforce_owner", a.String())
	require.Equal(t, "steps[2].key", b.String())
	require.Equal(t, "steps[2]", step.String(), "children must not change their parent")
	require.Equal(t, "", validate.Path{}.String())
	require.True(t, validate.Path{}.IsZero())
	require.Equal(t, "[0].x", validate.Path{}.Index(0).Child("x").String())
}

func TestComparePaths_OrdersIndexesNumerically(t *testing.T) {
	ordered := []string{
		"",
		"apply_all_from",
		"reply_user",
		"steps",
		"steps[2]",
		"steps[2].key",
		"steps[2].mappings[2].salesforce_owner",
		"steps[2].mappings[10].reply_owner",
		"steps[10].key",
		"steps[010].key",
		"steps[99999999999999999999999].key",
	}
	for i := range ordered {
		for j := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			require.Equal(t, want, validate.ComparePaths(ordered[i], ordered[j]), "%q vs %q", ordered[i], ordered[j])
		}
	}
}

func TestDiagnostics_SortByPathThenCode(t *testing.T) {
	ds := validate.Diagnostics{
		{Severity: sevError, Code: validate.CodeMissingObject, Path: "steps[10].object"},
		{Severity: sevInfo, Code: validate.CodeFactsMissing, Path: "", Value: "workspace"},
		{Severity: sevError, Code: validate.CodeMissingKey, Path: "steps[2].key"},
		{Severity: sevError, Code: validate.CodeDuplicateStep, Path: "steps[2].key"},
		{Severity: sevInfo, Code: validate.CodeFactsMissing, Path: "", Value: "queues"},
	}
	ds.Sort()
	want := validate.Diagnostics{
		{Severity: sevInfo, Code: validate.CodeFactsMissing, Path: "", Value: "queues"},
		{Severity: sevInfo, Code: validate.CodeFactsMissing, Path: "", Value: "workspace"},
		{Severity: sevError, Code: validate.CodeDuplicateStep, Path: "steps[2].key"},
		{Severity: sevError, Code: validate.CodeMissingKey, Path: "steps[2].key"},
		{Severity: sevError, Code: validate.CodeMissingObject, Path: "steps[10].object"},
	}
	if diff := cmp.Diff(want, ds); diff != "" {
		t.Errorf("sorted (-want +got):\n%s", diff)
	}
}

func TestDiagnostics_ErrIsNilWithoutErrorsAndReachesTheListOtherwise(t *testing.T) {
	onlyAdvice := validate.Diagnostics{
		{Severity: sevWarning, Code: validate.CodeNotTeamOwner, Path: "reply_user"},
		{Severity: sevInfo, Code: validate.CodeDefaultPairApplies, Path: "steps[0].mappings"},
	}
	require.False(t, onlyAdvice.HasErrors())
	require.NoError(t, onlyAdvice.Err())

	withError := append(onlyAdvice, validate.Diagnostic{Severity: sevError, Code: validate.CodeMissingKey, Path: "steps[1].key", Summary: "The step has no key."})
	require.True(t, withError.HasErrors())
	err := withError.Err()
	require.ErrorIs(t, err, validate.ErrInvalid)
	var ve *validate.Error
	require.True(t, errors.As(err, &ve))
	if diff := cmp.Diff(withError, ve.Diagnostics); diff != "" {
		t.Errorf("error's diagnostics (-want +got):\n%s", diff)
	}
	require.Contains(t, err.Error(), "steps[1].key: missing-key")
	require.NotContains(t, err.Error(), "not-team-owner", "the error lists errors only")

	withError[2].Path = "changed"
	require.Equal(t, "steps[1].key", ve.Diagnostics[2].Path, "the error keeps its own copy")
}

func TestDiagnostics_FiltersKeepOrder(t *testing.T) {
	ds := validate.Diagnostics{
		{Severity: sevError, Code: validate.CodeMissingKey, Path: "steps[0].key"},
		{Severity: sevWarning, Code: validate.CodeInactiveOwner, Path: "steps[0].mappings[0].reply_owner"},
		{Severity: sevError, Code: validate.CodeInactiveOwner, Path: "steps[1].mappings[0].reply_owner"},
		{Severity: sevInfo, Code: validate.CodeDefaultPairApplies, Path: "steps[2].mappings"},
	}
	require.Equal(t, validate.Diagnostics{ds[0], ds[2]}, ds.Errors())
	require.Equal(t, validate.Diagnostics{ds[1]}, ds.Warnings())
	require.Equal(t, validate.Diagnostics{ds[3]}, ds.Infos())
	require.Equal(t, validate.Diagnostics{ds[1], ds[2]}, ds.ByCode(validate.CodeInactiveOwner))
	require.Nil(t, ds.ByCode(validate.CodeApplyAllConflict))
}

func TestDiagnostic_StringNamesSeverityPositionPathAndCode(t *testing.T) {
	d := validate.Diagnostic{Severity: sevError, Code: validate.CodeWrongType, Path: "steps[0].key", Line: 3, Column: 12, Summary: "want a string."}
	require.Equal(t, "error: line 3, column 12: steps[0].key: wrong-type: want a string.", d.String())
}

func TestDiagnostic_JSONFormIsStable(t *testing.T) {
	d := validate.Diagnostic{Severity: sevWarning, Code: validate.CodeNotTeamOwner, Path: "reply_user", Value: "101", Summary: "s", Detail: "d"}
	raw, err := json.Marshal(d)
	require.NoError(t, err)
	require.JSONEq(t, `{"severity":"warning","code":"not-team-owner","path":"reply_user","value":"101","summary":"s","detail":"d"}`, string(raw))
	var back validate.Diagnostic
	require.NoError(t, json.Unmarshal(raw, &back))
	require.Equal(t, d, back)
}
