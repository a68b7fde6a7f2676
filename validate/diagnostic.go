package validate

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Severity says how much a diagnostic matters. The zero value is not a
// severity: a Diagnostic whose Severity was never set is detectably wrong,
// and MarshalText refuses it.
type Severity uint8

// The severities, most severe first. Their text forms ("error", "warning",
// "info") are stable.
const (
	// SeverityError blocks saving: the configuration would sync records
	// wrongly or not at all.
	SeverityError Severity = iota + 1
	// SeverityWarning does not block saving, but something outside the
	// configuration (Salesforce or Reply settings) works against it.
	SeverityWarning
	// SeverityInfo is a fact worth knowing, such as a step that uses the
	// default pair or a rule that was skipped for want of facts.
	SeverityInfo
)

// String returns "error", "warning" or "info"; an invalid Severity returns
// "Severity(N)".
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInfo:
		return "info"
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// Valid reports whether s is one of the three severities.
func (s Severity) Valid() bool { return s >= SeverityError && s <= SeverityInfo }

// ErrInvalidSeverity is matched, with errors.Is, by the errors of
// ParseSeverity, MarshalText and UnmarshalText.
var ErrInvalidSeverity = errors.New("invalid severity")

// ParseSeverity parses "error", "warning" or "info".
func ParseSeverity(text string) (Severity, error) {
	switch text {
	case "error":
		return SeverityError, nil
	case "warning":
		return SeverityWarning, nil
	case "info":
		return SeverityInfo, nil
	}
	return 0, fmt.Errorf("%w %q: want error, warning or info", ErrInvalidSeverity, text)
}

// MarshalText returns the stable text form; an invalid Severity (including
// the zero value) is an error.
func (s Severity) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("%w: %s", ErrInvalidSeverity, s)
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses the stable text form, as ParseSeverity does.
func (s *Severity) UnmarshalText(text []byte) error {
	v, err := ParseSeverity(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Diagnostic is one problem with a configuration.
//
// Severity, Code and Path identify it and are stable: branch and test on
// them. Summary and Detail are for people; their wording may change between
// releases. A Diagnostic is a comparable value.
type Diagnostic struct {
	// Severity is error, warning or info.
	Severity Severity `json:"severity"`
	// Code is the rule that fired, one of the Code constants.
	Code Code `json:"code"`
	// Path is where the problem is, rendered with JSON field names, such as
	// "steps[2].mappings[1].salesforce_owner"; "" is the whole document (or,
	// for facts-missing, the facts rather than the configuration). It is a
	// string, not a Path, so that diagnostics from decoding and from
	// validation are alike, compare with ==, and encode as JSON plainly.
	Path string `json:"path"`
	// Value is the offending value as people read it (an 18-character
	// Salesforce ID, a Reply userId, a step key, a fact's name); "" when
	// there is none.
	Value string `json:"value,omitempty"`
	// Summary says what is wrong, in one sentence.
	Summary string `json:"summary"`
	// Detail says how to fix it.
	Detail string `json:"detail,omitempty"`
	// Line and Column (both from 1, in bytes) locate the problem in the JSON
	// document that JSON was given; 0 when unknown, which is always the
	// case for diagnostics of Config.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
}

// String returns the diagnostic in one line, for example
// "error: steps[2].mappings[1].salesforce_owner: duplicate-salesforce-owner: ...".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", d.Line, d.Column)
	}
	if d.Path != "" {
		b.WriteString(d.Path)
		b.WriteString(": ")
	}
	b.WriteString(string(d.Code))
	b.WriteString(": ")
	b.WriteString(d.Summary)
	if d.Detail != "" {
		b.WriteByte(' ')
		b.WriteString(d.Detail)
	}
	return b.String()
}

// compare orders diagnostics by path (ComparePaths), code, severity, value,
// position and text; it is total on comparable Diagnostic values.
func compare(a, b Diagnostic) int {
	if c := ComparePaths(a.Path, b.Path); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Code), string(b.Code)); c != 0 {
		return c
	}
	if a.Severity != b.Severity {
		return int(a.Severity) - int(b.Severity)
	}
	if c := ComparePaths(a.Value, b.Value); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Column != b.Column {
		return a.Column - b.Column
	}
	if c := strings.Compare(a.Summary, b.Summary); c != 0 {
		return c
	}
	return strings.Compare(a.Detail, b.Detail)
}

// Diagnostics is a list of diagnostics. Config and JSON return it sorted.
type Diagnostics []Diagnostic

// Sort sorts ds in place by path, then code, using ComparePaths for paths
// (so steps[2] comes before steps[10]), and then by severity, value and
// text, so that the order is fully deterministic.
func (ds Diagnostics) Sort() { slices.SortFunc(ds, compare) }

// HasErrors reports whether any diagnostic has SeverityError.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == SeverityError })
}

// Err returns nil when ds holds no errors (warnings and infos never fail),
// and otherwise an *Error holding all of ds, which matches ErrInvalid.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return &Error{Diagnostics: slices.Clone(ds)}
}

// Errors returns the diagnostics of SeverityError, in order, as a new list.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(bySeverity(SeverityError)) }

// Warnings returns the diagnostics of SeverityWarning, in order, as a new
// list.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(bySeverity(SeverityWarning)) }

// Infos returns the diagnostics of SeverityInfo, in order, as a new list.
func (ds Diagnostics) Infos() Diagnostics { return ds.filter(bySeverity(SeverityInfo)) }

// ByCode returns the diagnostics whose code is code, in order, as a new
// list.
func (ds Diagnostics) ByCode(code Code) Diagnostics {
	return ds.filter(func(d Diagnostic) bool { return d.Code == code })
}

func bySeverity(s Severity) func(Diagnostic) bool {
	return func(d Diagnostic) bool { return d.Severity == s }
}

func (ds Diagnostics) filter(keep func(Diagnostic) bool) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if keep(d) {
			out = append(out, d)
		}
	}
	return out
}

// ErrInvalid is matched, with errors.Is, by every *Error: the configuration
// has at least one error diagnostic.
var ErrInvalid = errors.New("invalid ownership configuration")

// Error is the error that Diagnostics.Err returns. Reach it with errors.As
// to get every diagnostic, errors included.
type Error struct {
	// Diagnostics are all the diagnostics, at least one of them an error.
	Diagnostics Diagnostics
}

// Error lists the error diagnostics, one after another.
func (e *Error) Error() string {
	errs := e.Diagnostics.Errors()
	var b strings.Builder
	fmt.Fprintf(&b, "validate: %d error(s): ", len(errs))
	for i, d := range errs {
		if i > 0 {
			b.WriteString("; ")
		}
		if d.Path != "" {
			b.WriteString(d.Path)
			b.WriteString(": ")
		}
		b.WriteString(string(d.Code))
		b.WriteString(": ")
		b.WriteString(d.Summary)
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }
