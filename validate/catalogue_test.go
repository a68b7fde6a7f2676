package validate_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/validate"
)

// codeConstants returns the values of the Code constants declared in the
// package's source, read with go/parser so that a constant added without a
// catalogue entry is caught.
func codeConstants(t *testing.T) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "codes.go", nil, 0)
	require.NoError(t, err)
	out := map[string]bool{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, name := range vs.Names {
				out[name.Name] = true
			}
		}
	}
	return out
}

func TestCatalogue_ListsEveryCodeConstantOnce(t *testing.T) {
	consts := codeConstants(t)
	rules := validate.Catalogue()
	require.Len(t, rules, len(consts), "one catalogue rule per Code constant")
	seen := map[validate.Code]bool{}
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	for _, r := range rules {
		require.False(t, seen[r.Code], "%s listed twice", r.Code)
		seen[r.Code] = true
		require.Regexp(t, kebab, string(r.Code))
		require.NotEmpty(t, r.Severities, r.Code)
		require.NotEmpty(t, r.Summary, r.Code)
		require.NotEmpty(t, r.Fix, r.Code)
		require.True(t, slices.IsSorted(r.Severities), "%s: severities most severe first", r.Code)
	}
}

// The catalogue of DOMAIN.md is the public contract: these exact strings
// with these severities.
func TestCatalogue_MatchesTheDomainContract(t *testing.T) {
	e, w, i := validate.SeverityError, validate.SeverityWarning, validate.SeverityInfo
	want := map[string][]validate.Severity{
		"invalid-salesforce-id": {e}, "not-an-owner-id": {e}, "invalid-reply-owner": {e},
		"missing-direction": {e}, "missing-object": {e}, "duplicate-step": {e},
		"duplicate-salesforce-owner": {e}, "duplicate-reply-owner": {e},
		"owner-id-filter-conflict": {e, w}, "unmapped-sequence-owner": {e}, "mappings-unavailable": {e},
		"not-team-owner": {w}, "teammate-integration-enabled": {w}, "assignment-rules-active": {w},
		"unknown-salesforce-owner": {e}, "unknown-reply-owner": {e}, "inactive-owner": {e, w},
		"queue-not-allowed": {e}, "invalid-fallback-owner": {e}, "apply-all-conflict": {e},
		"default-pair-applies": {i}, "facts-missing": {i},
	}
	got := map[string][]validate.Severity{}
	for _, r := range validate.Catalogue() {
		got[string(r.Code)] = r.Severities
	}
	for code, sev := range want {
		require.Equal(t, sev, got[code], code)
	}
}

func TestCatalogue_PackageDocDescribesEveryCodeWithItsSeverities(t *testing.T) {
	raw, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	doc := string(raw)
	entry := regexp.MustCompile(`(?m)^//   - ([a-z-]+) \(([a-z ]+)\)`)
	documented := map[string]string{}
	for _, m := range entry.FindAllStringSubmatch(doc, -1) {
		require.NotContains(t, documented, m[1], "%s documented twice", m[1])
		documented[m[1]] = m[2]
	}
	for _, r := range validate.Catalogue() {
		var names []string
		for _, s := range r.Severities {
			names = append(names, s.String())
		}
		sev, ok := documented[string(r.Code)]
		require.True(t, ok, "doc.go does not describe %s", r.Code)
		require.Equal(t, strings.Join(names, " or "), sev, "doc.go severity of %s", r.Code)
		delete(documented, string(r.Code))
	}
	require.Empty(t, documented, "doc.go describes codes the catalogue lacks")
}

func TestCatalogue_ReturnsACopy(t *testing.T) {
	a := validate.Catalogue()
	a[0].Code = "changed"
	a[0].Severities[0] = validate.SeverityInfo
	b := validate.Catalogue()
	require.NotEqual(t, validate.Code("changed"), b[0].Code)
	require.Equal(t, validate.SeverityError, b[0].Severities[0])
}
