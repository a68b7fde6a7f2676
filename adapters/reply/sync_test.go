package reply_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/adapters/reply"
	"github.com/ownermap/ownermap/adapters/salesforce"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// contactOrg serves Contact Id/OwnerId queries the way Salesforce does
// (batches, nextRecordsUrl, keyset resumption), failing the requests that
// fail says to with 503.
type contactOrg struct {
	mu       sync.Mutex
	rows     [][2]string // Id, OwnerId, sorted by Id
	calls    int
	fail     func(call int) bool
	pageSize int
}

var keysetRE = regexp.MustCompile(`^SELECT Id, OwnerId FROM Contact(?: WHERE Id > '(\w{18})')? ORDER BY Id$`)

func (o *contactOrg) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls++
	w.Header().Set("Content-Type", "application/json")
	if o.fail(o.calls) {
		w.WriteHeader(503)
		_, _ = w.Write([]byte(`[{"message":"Server Unavailable","errorCode":"SERVER_UNAVAILABLE"}]`))
		return
	}
	var after string
	if strings.HasPrefix(r.URL.Path, "/services/data/v62.0/query/") {
		after = strings.TrimPrefix(r.URL.Path, "/services/data/v62.0/query/")
	} else if m := keysetRE.FindStringSubmatch(r.URL.Query().Get("q")); m != nil {
		after = m[1]
	} else {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`[{"message":"bad query","errorCode":"MALFORMED_QUERY"}]`))
		return
	}
	i, _ := slices.BinarySearchFunc(o.rows, after, func(row [2]string, id string) int { return strings.Compare(row[0], id) })
	if i < len(o.rows) && o.rows[i][0] == after {
		i++
	}
	end := min(i+o.pageSize, len(o.rows))
	recs := []map[string]any{}
	for _, row := range o.rows[i:end] {
		recs = append(recs, map[string]any{"attributes": map[string]string{"type": "Contact"}, "Id": row[0], "OwnerId": row[1]})
	}
	body := map[string]any{"totalSize": len(o.rows), "done": end == len(o.rows), "records": recs}
	if end < len(o.rows) {
		// The locator is the last Id sent, which is all this fake needs.
		body["nextRecordsUrl"] = "/services/data/v62.0/query/" + o.rows[end-1][0]
	}
	_ = json.NewEncoder(w).Encode(body)
}

// TestSyncFromSalesforceToReplyAccountsForEveryRecordDespiteFaults runs
// one Salesforce → Reply step through adapters.Runner, both services on
// local servers that inject faults: a 503 from Salesforce while paging,
// 503s and a 429 with Retry-After from Reply, and one contact Reply does
// not have; People to sequence enrolls the people of one Reply owner.
func TestSyncFromSalesforceToReplyAccountsForEveryRecordDespiteFaults(t *testing.T) {
	ana, ben, cy := ownership.MustParseSalesforceID("00558000001N0KeAAK"), ownership.MustParseSalesforceID("005580000028YqKAAU"), ownership.MustParseSalesforceID("005580000028YqLAAU")
	owners := []ownership.SalesforceID{ana, ben, cy}
	org := &contactOrg{pageSize: 4, fail: func(call int) bool { return call == 2 }}
	link := map[string]int64{} // Salesforce Contact Id → Reply contact id: the embedder's
	w := newFakeWorkspace(t)
	w.members[101], w.members[102] = true, true
	w.sequences[7] = nil
	var all []string
	for i := range 12 {
		sfID := ownership.MustParseSalesforceID(fmt.Sprintf("003D%011d", i+1)).String()
		org.rows = append(org.rows, [2]string{sfID, owners[i%3].String()})
		all = append(all, sfID)
		link[sfID] = int64(2001 + i)
		if i != 3 { // record 3 (owned by Ana) has no contact in Reply
			w.addContact(int64(2001+i), 100)
		}
	}
	sfSrv := httptest.NewServer(org)
	t.Cleanup(sfSrv.Close)
	puts, missingAnswered := 0, 0
	w.fault = func(s sent) (int, string, http.Header) {
		if s.Method != http.MethodPut {
			return 0, "", nil
		}
		switch puts++; puts {
		case 1, 4:
			return 503, `{"status":503,"title":"Service Unavailable"}`, nil
		case 2:
			return 429, `{"status":429,"title":"Too Many Requests","code":"rateLimit.exceeded"}`, http.Header{"Retry-After": {"7"}}
		}
		if ids, _ := s.Body["contactIds"].([]any); slices.Contains(ids, any(2004.0)) {
			missingAnswered++ // the service answers, leaving 2004 out of affectedIds
		}
		return 0, "", nil
	}

	src, err := salesforce.New(sfSrv.Client(), sfSrv.URL, nil)
	require.NoError(t, err)
	dst, err := reply.New(w.srv.Client(), &reply.Options{
		BaseURL: w.srv.URL, Header: http.Header{"Authorization": {"Bearer test-key"}},
		ContactID: func(_ context.Context, a adapters.Assignment) (int64, error) { return link[a.Record.ID], nil },
	})
	require.NoError(t, err)
	step := syncstep.Step{Key: "contacts_to_people", Object: "Contact", Direction: ownership.SalesforceToReply,
		Mappings: []ownership.Pair{{Salesforce: ana, Reply: 101}, {Salesforce: ben, Reply: 102}},
		Sequence: &syncstep.PeopleToSequence{SequenceID: 7, Owners: []ownership.ReplyUserID{101}}}
	plan, err := syncstep.CompileStep(step, ownership.Pair{})
	require.NoError(t, err)
	clock := &adapterstest.Clock{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var seen []string
	runner, err := adapters.NewRunner(plan, src, dst, &adapters.RunOptions{
		Concurrency: 2, BatchSize: 3, Clock: clock,
		Jitter:   func(d time.Duration) time.Duration { return d },
		OnRecord: func(r adapters.Result) { seen = append(seen, r.Record.ID) },
	})
	require.NoError(t, err)

	rep, err := runner.Run(context.Background(), "")
	require.NoError(t, err)
	require.True(t, rep.Complete)
	require.Equal(t, all, seen, "every record accounted once, in source order")
	require.Equal(t, 12, rep.Counts.Records)
	require.Equal(t, 4, rep.Counts.Skipped, "Cy is not mapped")
	require.Equal(t, 1, rep.Counts.Failed)
	require.Equal(t, 7, rep.Counts.Applied)
	// People to sequence: Ana's people (records 0, 3, 6, 9) are enrolled
	// once their owner is set, except record 3, which failed.
	require.Equal(t, 3, rep.Counts.Enrolled)
	got := w.inSequence(7)
	slices.Sort(got)
	require.Equal(t, []int64{link[all[0]], link[all[6]], link[all[9]]}, got)
	require.Positive(t, rep.Counts.Retries)
	require.Len(t, rep.Failures, 1)
	require.Equal(t, all[3], rep.Failures[0].Record.ID)
	require.Equal(t, adapters.KindNotFound, adapters.KindOf(rep.Failures[0].Err))
	require.Equal(t, 1, missingAnswered, "a contact the service left out is not sent again")
	require.Contains(t, clock.Sleeps(), 7*time.Second, "the Retry-After is waited exactly")
	require.Equal(t, 4, org.calls, "3 batches, and the failed one read again by keyset")
	for i, sfID := range all {
		want := map[int]int64{0: 101, 1: 102, 2: 100}[i%3]
		if i == 3 {
			continue
		}
		require.Equal(t, want, w.owner(link[sfID]), "contact of %s", sfID)
	}
	for _, s := range w.requests() {
		if s.Method == http.MethodPut {
			require.Equal(t, false, s.Body["reassignTasks"])
		}
	}
}
