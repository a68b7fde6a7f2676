package salesforce_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ownermap/ownermap/ownership"
)

// sent is one request the fake org received.
type sent struct {
	Method, Path, SOQL, AutoAssign string
	Body                           map[string]any
}

// fakeOrg is a Salesforce org behind an httptest server that speaks the
// documented shapes: the query resource with batches and nextRecordsUrl,
// sobject PATCH and POST, JSON error arrays.
type fakeOrg struct {
	t        *testing.T
	srv      *httptest.Server
	pageSize int

	mu      sync.Mutex
	log     []sent
	results map[string][]map[string]any // exact SOQL → rows
	records map[string][]map[string]any // object → rows (Id, OwnerId), kept sorted by Id
	cursors map[string][]map[string]any // locator → remaining rows
	nextLoc int
	// fault, when set, answers a request instead of the org: a non-zero
	// status is sent with body (and header).
	fault func(s sent) (status int, body string, header http.Header)
}

func newFakeOrg(t *testing.T) *fakeOrg {
	t.Helper()
	o := &fakeOrg{t: t, pageSize: 2, results: map[string][]map[string]any{}, records: map[string][]map[string]any{}, cursors: map[string][]map[string]any{}}
	o.srv = httptest.NewServer(http.HandlerFunc(o.serve))
	t.Cleanup(o.srv.Close)
	return o
}

func (o *fakeOrg) requests() []sent {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.log)
}

func (o *fakeOrg) setRecords(object string, rows ...map[string]any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	slices.SortFunc(rows, func(a, b map[string]any) int { return strings.Compare(a["Id"].(string), b["Id"].(string)) })
	o.records[object] = rows
}

func (o *fakeOrg) owner(object, id string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.records[object] {
		if r["Id"] == id {
			s, _ := r["OwnerId"].(string)
			return s
		}
	}
	return ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Sforce-Limit-Info", "api-usage=1/15000")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func sfError(code, msg string) []map[string]any {
	return []map[string]any{{"message": msg, "errorCode": code, "fields": []string{}}}
}

var (
	recordsRE = regexp.MustCompile(`^SELECT Id, OwnerId FROM ([A-Za-z_]+)(?: WHERE (.*))? ORDER BY Id$`)
	afterRE   = regexp.MustCompile(`(?:^| AND )Id > '([0-9A-Za-z]{18})'$`)
	taskRE    = regexp.MustCompile(`^SELECT Id, OwnerId FROM Task WHERE ([A-Za-z_]+) = '([^'\\]*)' ORDER BY Id LIMIT 1$`)
	dataRE    = regexp.MustCompile(`^/services/data/v62\.0/`)
)

func (o *fakeOrg) serve(w http.ResponseWriter, r *http.Request) {
	s := sent{Method: r.Method, Path: r.URL.Path, SOQL: r.URL.Query().Get("q"), AutoAssign: strings.Join(r.Header.Values("Sforce-Auto-Assign"), ",")}
	if r.Body != nil {
		data, _ := io.ReadAll(r.Body)
		if len(data) > 0 {
			if err := json.Unmarshal(data, &s.Body); err != nil {
				writeJSON(w, 400, sfError("JSON_PARSER_ERROR", err.Error()))
				return
			}
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.log = append(o.log, s)
	if o.fault != nil {
		if status, body, h := o.fault(s); status != 0 {
			for k, v := range h {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return
		}
	}
	if r.Header.Get("Authorization") != "Bearer test-token" {
		writeJSON(w, 401, sfError("INVALID_SESSION_ID", "Session expired or invalid"))
		return
	}
	if !dataRE.MatchString(r.URL.Path) {
		writeJSON(w, 404, sfError("NOT_FOUND", "The requested resource does not exist"))
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, "/services/data/v62.0/")
	switch {
	case r.Method == http.MethodGet && rest == "query":
		rows, ok := o.run(s.SOQL)
		if !ok {
			writeJSON(w, 400, sfError("MALFORMED_QUERY", "unexpected query "+s.SOQL))
			return
		}
		o.page(w, len(rows), rows)
	case r.Method == http.MethodGet && strings.HasPrefix(rest, "query/"):
		loc := strings.TrimPrefix(rest, "query/")
		rows, ok := o.cursors[loc]
		if !ok {
			writeJSON(w, 400, sfError("INVALID_QUERY_LOCATOR", "invalid query locator"))
			return
		}
		delete(o.cursors, loc)
		o.page(w, -1, rows)
	case r.Method == http.MethodPatch && strings.HasPrefix(rest, "sobjects/"):
		parts := strings.Split(strings.TrimPrefix(rest, "sobjects/"), "/")
		if len(parts) != 2 {
			writeJSON(w, 404, sfError("NOT_FOUND", "bad path"))
			return
		}
		owner, _ := s.Body["OwnerId"].(string)
		if !strings.HasPrefix(owner, "005") && !strings.HasPrefix(owner, "00G") {
			writeJSON(w, 400, sfError("FIELD_INTEGRITY_EXCEPTION", "Owner ID: id value of incorrect type"))
			return
		}
		for _, rec := range o.records[parts[0]] {
			if strings.EqualFold(rec["Id"].(string), parts[1]) {
				rec["OwnerId"] = owner
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		writeJSON(w, 404, sfError("NOT_FOUND", "The requested resource does not exist"))
	case r.Method == http.MethodPost && rest == "sobjects/Task":
		id := ownership.MustParseSalesforceID(fmt.Sprintf("00T000000000%03d", len(o.records["Task"])+1)).String()
		row := map[string]any{"Id": id}
		for k, v := range s.Body {
			row[k] = v
		}
		o.records["Task"] = append(o.records["Task"], row)
		writeJSON(w, 201, map[string]any{"id": id, "success": true, "errors": []any{}})
	default:
		writeJSON(w, 405, sfError("METHOD_NOT_ALLOWED", r.Method+" "+rest))
	}
}

// run answers a query: an exact registered result, a records query over
// o.records (honouring only the keyset condition), or a Task lookup.
func (o *fakeOrg) run(soql string) ([]map[string]any, bool) {
	if rows, ok := o.results[soql]; ok {
		return rows, true
	}
	if m := taskRE.FindStringSubmatch(soql); m != nil {
		for _, t := range o.records["Task"] {
			if t[m[1]] == m[2] {
				return []map[string]any{{"Id": t["Id"], "OwnerId": t["OwnerId"]}}, true
			}
		}
		return nil, true
	}
	m := recordsRE.FindStringSubmatch(soql)
	if m == nil {
		return nil, false
	}
	after := ""
	if a := afterRE.FindStringSubmatch(m[2]); a != nil {
		after = a[1]
	}
	var out []map[string]any
	for _, rec := range o.records[m[1]] {
		if rec["Id"].(string) > after {
			out = append(out, map[string]any{"attributes": map[string]any{"type": m[1]}, "Id": rec["Id"], "OwnerId": rec["OwnerId"]})
		}
	}
	return out, true
}

func (o *fakeOrg) page(w http.ResponseWriter, total int, rows []map[string]any) {
	n := min(o.pageSize, len(rows))
	body := map[string]any{"done": n == len(rows), "records": append([]map[string]any{}, rows[:n]...)}
	if total >= 0 {
		body["totalSize"] = total
	}
	if n < len(rows) {
		o.nextLoc++
		loc := "01gD0000002HU6KIAW-" + strconv.Itoa(o.nextLoc*2000)
		o.cursors[loc] = rows[n:]
		body["nextRecordsUrl"] = "/services/data/v62.0/query/" + loc
	}
	writeJSON(w, 200, body)
}
