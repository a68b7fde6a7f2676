package salesforce

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// ErrUnsafeInput is matched, with errors.Is, by every error that the SOQL
// builders (QuoteString, RecordsQuery) return, and by the adapter's errors
// for the same reasons: an object or field name that is not a plain API
// name, a value that cannot be written as a SOQL string literal, or a
// filter that cannot be expressed. Nothing is sent when it is returned.
// The adapter's own methods return it inside an *adapters.Error of
// KindPermanent.
var ErrUnsafeInput = errors.New("salesforce: unsafe query input")

// maxNameLen bounds an API name; Salesforce's own limit is shorter.
const maxNameLen = 255

// validName reports whether s is a Salesforce API name that can be written
// into SOQL unquoted: an ASCII letter, then ASCII letters, digits and
// underscores, not ending in an underscore (Contact, Lead, My_Object__c,
// ns__Field__c). Anything else (spaces, quotes, parentheses, dots, commas,
// non-ASCII letters) is rejected, so a name can never change the shape of a
// query.
func validName(s string) bool {
	if s == "" || len(s) > maxNameLen || s[len(s)-1] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '_'):
		default:
			return false
		}
	}
	return true
}

// validFieldPath reports whether s is a field name or a relationship path
// of names joined by single dots (Account.Industry, Owner.Email).
func validFieldPath(s string) bool {
	if s == "" || len(s) > maxNameLen {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		if !validName(part) {
			return false
		}
	}
	return true
}

// QuoteString returns s as a SOQL string literal, in single quotes, with
// the escapes SOQL defines for quoted strings: backslash, single and double
// quote, newline, carriage return, tab, backspace and form feed are written
// as \\, \', \", \n, \r, \t, \b and \f. Every other character, including
// any non-ASCII letter, is written as itself (the query travels
// percent-encoded in the URL).
//
// Text that SOQL cannot carry in a literal is rejected with an error
// matching ErrUnsafeInput rather than altered: invalid UTF-8 and control
// characters other than those above (NUL, DEL, ...). The result, parsed as
// a SOQL literal, is exactly s.
func QuoteString(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
				return "", fmt.Errorf("%w: value %q is not valid UTF-8 at byte %d", ErrUnsafeInput, s, i)
			}
			if r < 0x20 || r == 0x7f {
				return "", fmt.Errorf("%w: value %q has control character %U, which a SOQL string cannot carry", ErrUnsafeInput, s, r)
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String(), nil
}

// unquoteString parses a SOQL string literal as QuoteString writes it. It
// is the inverse the fuzz target checks QuoteString against.
func unquoteString(q string) (string, bool) {
	if len(q) < 2 || q[0] != '\'' || q[len(q)-1] != '\'' {
		return "", false
	}
	q = q[1 : len(q)-1]
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c == '\'' {
			return "", false // an unescaped quote would end the literal
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(q) {
			return "", false
		}
		switch q[i] {
		case '\\', '\'', '"':
			b.WriteByte(q[i])
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		default:
			return "", false
		}
	}
	return b.String(), true
}

// RecordsQuery returns the SOQL that the record source runs for step,
// starting just after the record whose cursor is after:
//
//	SELECT Id, OwnerId FROM <Object> WHERE (<filter>) AND ... AND Id > '<after>' ORDER BY Id
//
// Filters become, in order: equals → Field = 'v', not_equals → Field !=
// 'v', in → Field IN ('a', 'b'), not_in → Field NOT IN ('a', 'b'). Every
// value is a string literal written by QuoteString; equals and not_equals
// take exactly one value, in and not_in at least one. The object must be a
// plain API name and each filter field a name or a dotted relationship
// path (see QuoteString and the package documentation); after must be ""
// or a Salesforce ID. Anything else returns an error matching ErrUnsafeInput
// and no query.
//
// RecordsQuery is exported so that an embedder with their own Salesforce
// client can run exactly the query this adapter would.
func RecordsQuery(step syncstep.Step, after adapters.Cursor) (string, error) {
	if !validName(step.Object) {
		return "", fmt.Errorf("%w: object %q is not a Salesforce API name", ErrUnsafeInput, step.Object)
	}
	var where []string
	for i, f := range step.Filters {
		cond, err := filterSOQL(f)
		if err != nil {
			return "", fmt.Errorf("filters[%d]: %w", i, err)
		}
		where = append(where, "("+cond+")")
	}
	if after != "" {
		id, err := ownership.ParseSalesforceID(string(after))
		if err != nil {
			return "", fmt.Errorf("%w: cursor %q is not a Salesforce ID", ErrUnsafeInput, string(after))
		}
		where = append(where, "Id > '"+id.String()+"'")
	}
	var b strings.Builder
	b.WriteString("SELECT Id, OwnerId FROM ")
	b.WriteString(step.Object)
	if len(where) > 0 {
		b.WriteString(" WHERE ")
		b.WriteString(strings.Join(where, " AND "))
	}
	b.WriteString(" ORDER BY Id")
	return b.String(), nil
}

func filterSOQL(f syncstep.Filter) (string, error) {
	if !validFieldPath(f.Field) {
		return "", fmt.Errorf("%w: field %q is not a Salesforce API name", ErrUnsafeInput, f.Field)
	}
	quoted := make([]string, len(f.Values))
	for i, v := range f.Values {
		q, err := QuoteString(v)
		if err != nil {
			return "", err
		}
		quoted[i] = q
	}
	switch f.Operator {
	case syncstep.OpEquals, syncstep.OpNotEquals:
		if len(quoted) != 1 {
			return "", fmt.Errorf("%w: operator %s on %s takes one value, got %d", ErrUnsafeInput, f.Operator, f.Field, len(quoted))
		}
		op := " = "
		if f.Operator == syncstep.OpNotEquals {
			op = " != "
		}
		return f.Field + op + quoted[0], nil
	case syncstep.OpIn, syncstep.OpNotIn:
		if len(quoted) == 0 {
			return "", fmt.Errorf("%w: operator %s on %s takes at least one value", ErrUnsafeInput, f.Operator, f.Field)
		}
		op := " IN ("
		if f.Operator == syncstep.OpNotIn {
			op = " NOT IN ("
		}
		return f.Field + op + strings.Join(quoted, ", ") + ")", nil
	}
	return "", fmt.Errorf("%w: unknown operator %q on %s", ErrUnsafeInput, string(f.Operator), f.Field)
}
