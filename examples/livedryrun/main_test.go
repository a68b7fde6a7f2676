package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestWithoutTheVariablesItSaysWhatItNeedsAndExits2(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), env(map[string]string{"REPLY_API_KEY": "k"}), &out, &errOut, nil)
	require.Equal(t, 2, code)
	require.Empty(t, out.String())
	msg := errOut.String()
	require.Contains(t, msg, "missing SALESFORCE_INSTANCE_URL, SALESFORCE_ACCESS_TOKEN, OWNERMAP_CONFIG\n")
	for _, v := range variables {
		require.Contains(t, msg, v.name)
	}
}

func TestABadSettingExits2(t *testing.T) {
	cfgPath := writeConfig(t, syncstep.StepContactsToPeople)
	base := map[string]string{
		"SALESFORCE_INSTANCE_URL": "https://example.my.salesforce.com", "SALESFORCE_ACCESS_TOKEN": "t",
		"REPLY_API_KEY": "k", "OWNERMAP_CONFIG": cfgPath,
	}
	for name, change := range map[string][2]string{
		"unknown step":       {"OWNERMAP_STEP", "no_such_step"},
		"limit not a number": {"OWNERMAP_LIMIT", "lots"},
		"bad instance URL":   {"SALESFORCE_INSTANCE_URL", "example.my.salesforce.com"},
		"bad auth header":    {"REPLY_AUTH_HEADER", "Cookie"},
		"missing config":     {"OWNERMAP_CONFIG", filepath.Join(t.TempDir(), "none.json")},
	} {
		t.Run(name, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range base {
				m[k] = v
			}
			m[change[0]] = change[1]
			var out, errOut bytes.Buffer
			require.Equal(t, 2, run(context.Background(), env(m), &out, &errOut, nil), errOut.String())
			require.Contains(t, errOut.String(), change[0])
		})
	}
}

var (
	ana = ownership.MustParseSalesforceID("00558000001N0KeAAK")
	ben = ownership.MustParseSalesforceID("005580000028YqKAAU")
	cy  = ownership.MustParseSalesforceID("005580000028YqLAAU")
)

func writeConfig(t *testing.T, _ string) string {
	t.Helper()
	cfg := syncstep.Config{SalesforceUser: ana, ReplyUser: 100, Steps: syncstep.DefaultSteps()}
	i := cfg.StepIndex(syncstep.StepContactsToPeople)
	cfg.Steps[i].Mappings = []ownership.Pair{{Salesforce: ana, Reply: 101}, {Salesforce: ben, Reply: 102}}
	j := cfg.StepIndex(syncstep.StepPeopleToLeads)
	cfg.Steps[j].Mappings = []ownership.Pair{{Salesforce: ben, Reply: 102}}
	data, err := syncstep.EncodeConfig(cfg)
	require.NoError(t, err)
	p := filepath.Join(t.TempDir(), "config.json")
	require.NoError(t, os.WriteFile(p, data, 0o600))
	return p
}

// servers runs a Salesforce org and a Reply workspace that answer only the
// reads the program may make, and records every request.
type servers struct {
	sf, rp *httptest.Server
	mu     sync.Mutex
	seen   []string
}

func newServers(t *testing.T) *servers {
	s := &servers{}
	s.sf = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log(r)
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer sf-token" {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`))
			return
		}
		switch {
		case r.Method == "GET" && r.URL.Path == "/services/data/v62.0/query" && r.URL.Query().Get("q") == "SELECT Id, OwnerId FROM Contact ORDER BY Id":
			_ = json.NewEncoder(w).Encode(map[string]any{"totalSize": 3, "done": false, "nextRecordsUrl": "/services/data/v62.0/query/01g-2",
				"records": []map[string]any{{"Id": "003D00000000001", "OwnerId": ana.String()}, {"Id": "003D00000000002", "OwnerId": ben.String()}}})
		case r.Method == "GET" && r.URL.Path == "/services/data/v62.0/query/01g-2":
			_ = json.NewEncoder(w).Encode(map[string]any{"totalSize": 3, "done": true,
				"records": []map[string]any{{"Id": "003D00000000003", "OwnerId": cy.String()}}})
		default:
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`[{"message":"unexpected","errorCode":"MALFORMED_QUERY"}]`))
		}
	}))
	s.rp = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log(r)
		if r.Header.Get("Authorization") != "Bearer reply-key" {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "GET" && r.URL.Path == "/v3/whoami":
			_, _ = w.Write([]byte(`{"userId":100}`))
		case r.Method == "POST" && r.URL.Path == "/v3/contacts/filter":
			_, _ = w.Write([]byte(`{"items":[{"id":7,"ownerUserId":102},{"id":8,"ownerUserId":103}],"hasMore":false,"totalCount":2}`))
		default:
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"status":404,"code":"route.notFound"}`))
		}
	}))
	t.Cleanup(s.sf.Close)
	t.Cleanup(s.rp.Close)
	return s
}

func (s *servers) log(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, r.Method+" "+r.URL.Path)
}

func (s *servers) env(t *testing.T, step string) map[string]string {
	return map[string]string{
		"SALESFORCE_INSTANCE_URL": s.sf.URL, "SALESFORCE_ACCESS_TOKEN": "sf-token",
		"REPLY_API_KEY": "reply-key", "REPLY_BASE_URL": s.rp.URL,
		"OWNERMAP_CONFIG": writeConfig(t, step), "OWNERMAP_STEP": step,
	}
}

func TestDryRunOfASalesforceToReplyStepReadsAndWritesNothing(t *testing.T) {
	s := newServers(t)
	var out, errOut bytes.Buffer
	code := run(context.Background(), env(s.env(t, syncstep.StepContactsToPeople)), &out, &errOut, http.DefaultClient)
	require.Equal(t, 0, code, errOut.String())
	got := out.String()
	require.Contains(t, got, "Reply key acts as user 100\n")
	require.Contains(t, got, "Step contacts_to_people (Salesforce → Reply), reading Salesforce Contact\n")
	require.Contains(t, got, "3 records: 2 would change owner, 0 unchanged, 1 skipped, 0 left to Salesforce, 0 enrolled in the sequence\n")
	require.Regexp(t, `003D00000000001\w{3} +\(unknown\) +101 +mappings\[0\]`, got)
	require.Regexp(t, `003D00000000003\w{3} +005580000028YqLAAU +Salesforce owner 005580000028YqLAAU is not mapped`, got)
	require.True(t, strings.HasSuffix(got, "Nothing was written.\n"))
	require.Equal(t, []string{"GET /v3/whoami", "GET /services/data/v62.0/query", "GET /services/data/v62.0/query/01g-2"}, s.seen)
}

func TestDryRunOfAReplyToSalesforceStepReadsReplyContacts(t *testing.T) {
	s := newServers(t)
	var out, errOut bytes.Buffer
	code := run(context.Background(), env(s.env(t, syncstep.StepPeopleToLeads)), &out, &errOut, http.DefaultClient)
	require.Equal(t, 0, code, errOut.String())
	require.Contains(t, out.String(), "2 records: 1 would change owner, 0 unchanged, 1 skipped")
	require.Equal(t, []string{"GET /v3/whoami", "POST /v3/contacts/filter"}, s.seen)
}

func TestARefusedKeyExits1WithTheClassification(t *testing.T) {
	s := newServers(t)
	e := s.env(t, syncstep.StepContactsToPeople)
	e["REPLY_API_KEY"] = "wrong"
	var out, errOut bytes.Buffer
	require.Equal(t, 1, run(context.Background(), env(e), &out, &errOut, http.DefaultClient))
	require.Contains(t, errOut.String(), "(permission)")
}
