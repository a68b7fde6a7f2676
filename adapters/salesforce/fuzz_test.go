package salesforce

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// FuzzQuoteString: every accepted value round-trips through the SOQL
// literal, and the literal has no unescaped quote; refused values are
// exactly those with invalid UTF-8 or a control character SOQL cannot
// carry.
func FuzzQuoteString(f *testing.F) {
	for _, s := range []string{"", "O'Brien", `a\'b`, "x' OR Id != '", "line\nbreak", "tab\tcr\r", `"quoted"`, "Zürich 東京", "\x00", "\xff", "\\", "'", "\b\f", "\uFFFD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := QuoteString(s)
		bad := !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
			return (r < 0x20 || r == 0x7f) && !strings.ContainsRune("\n\r\t\b\f", r)
		})
		if bad {
			if err == nil {
				t.Fatalf("QuoteString(%q) = %q, want an error", s, q)
			}
			return
		}
		if err != nil {
			t.Fatalf("QuoteString(%q): %v", s, err)
		}
		got, ok := unquoteString(q)
		if !ok || got != s {
			t.Fatalf("QuoteString(%q) = %q, which parses back as %q (ok %v)", s, q, got, ok)
		}
	})
}

// FuzzRecordsQuery: whatever the object, field and value, a query is
// either refused or has exactly the shape RecordsQuery promises, with the
// value as one literal.
func FuzzRecordsQuery(f *testing.F) {
	f.Add("Lead", "Status", "Open", "")
	f.Add("Lead WHERE x", "Name) OR (Id", "' OR '1'='1", "bad")
	f.Add("My_Obj__c", "Account.Name", "a\\'b\nc", "00Q000000000001")
	f.Fuzz(func(t *testing.T, object, field, value, after string) {
		step := syncstep.Step{Object: object, Direction: ownership.SalesforceToReply,
			Filters: []syncstep.Filter{{Field: field, Operator: syncstep.OpEquals, Values: []string{value}}}}
		q, err := RecordsQuery(step, adapters.Cursor(after))
		if err != nil {
			return
		}
		lit, _ := QuoteString(value)
		prefix := "SELECT Id, OwnerId FROM " + object + " WHERE (" + field + " = " + lit + ")"
		if !validName(object) || !validFieldPath(field) || !strings.HasPrefix(q, prefix) || !strings.HasSuffix(q, " ORDER BY Id") {
			t.Fatalf("RecordsQuery(%q, %q, %q) = %q", object, field, value, q)
		}
	})
}

// FuzzClassifyError: any body and status classify without panicking, 2xx
// is nil, and anything else is an *adapters.Error with a code.
func FuzzClassifyError(f *testing.F) {
	f.Add(400, []byte(`[{"message":"m","errorCode":"INACTIVE_OWNER_OR_USER","fields":[]}]`))
	f.Add(403, []byte(`[{"errorCode":"REQUEST_LIMIT_EXCEEDED"}]`))
	f.Add(503, []byte(`<html>`))
	f.Add(204, []byte(``))
	f.Add(400, []byte(`{"errorCode":"MALFORMED_ID"}`))
	f.Add(500, []byte(`[null, {"errorCode": 5}]`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := ClassifyError(status, body)
		if status >= 200 && status < 300 {
			if err != nil {
				t.Fatalf("status %d: %v", status, err)
			}
			return
		}
		e, ok := err.(*adapters.Error)
		if !ok || e.Code == "" || e.Kind == adapters.KindUnknown || e.Kind == adapters.KindCanceled {
			t.Fatalf("status %d body %q: %#v", status, body, err)
		}
	})
}

// FuzzNextPath: a nextRecordsUrl is followed only as a path on the
// instance under /services/data/, never to another host or out of it.
func FuzzNextPath(f *testing.F) {
	for _, s := range []string{"/services/data/v62.0/query/01gD0000002HU6KIAW-2000", "https://evil.example/services/data/x", "//evil/services/data/x", "/services/data/../../x", "/services/data/v62.0/query/%2e%2e/x", "/other", ""} {
		f.Add(s)
	}
	c, err := New(nil, "https://example.my.salesforce.com", nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, next string) {
		p, ok := c.nextPath(next)
		if !ok {
			return
		}
		if !strings.HasPrefix(p, "/services/data/") || strings.Contains(p, "/..") || strings.Contains(p, "/./") {
			t.Fatalf("nextPath(%q) = %q", next, p)
		}
		u := *c.base
		if got := u.ResolveReference(&url.URL{Path: p}); got.Host != c.base.Host || got.Scheme != c.base.Scheme {
			t.Fatalf("nextPath(%q) = %q resolves to %s", next, p, got)
		}
	})
}
