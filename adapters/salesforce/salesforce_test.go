package salesforce_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/salesforce"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

var id = ownership.MustParseSalesforceID

// ids compares Salesforce IDs by value (they have unexported fields).
var ids = cmp.Comparer(func(a, b ownership.SalesforceID) bool { return a == b })

const (
	ana   = "00558000001N0KeAAK"
	ben   = "005580000028YqKAAU"
	queue = "00G58000000abCdEAI"
)

// Lead IDs in 18-character form (suffix computed).
var (
	lead1 = id("00Q000000000001").String()
	lead2 = id("00Q000000000002").String()
	lead3 = id("00Q000000000003").String()
	lead4 = id("00Q000000000004").String()
	lead5 = id("00Q000000000005").String()
)

func newClient(t *testing.T, o *fakeOrg) *salesforce.Client {
	t.Helper()
	c, err := salesforce.New(o.srv.Client(), o.srv.URL, &salesforce.Options{
		Header: http.Header{"Authorization": {"Bearer test-token"}},
	})
	require.NoError(t, err)
	return c
}

func leadStep(filters ...syncstep.Filter) syncstep.Step {
	return syncstep.Step{Key: "leads_to_people", Object: "Lead", Direction: ownership.SalesforceToReply, Filters: filters}
}

func TestRecordsQueryWritesFiltersAsEscapedLiterals(t *testing.T) {
	f := func(field string, op syncstep.FilterOperator, vs ...string) syncstep.Filter {
		return syncstep.Filter{Field: field, Operator: op, Values: vs}
	}
	tests := []struct {
		name    string
		filters []syncstep.Filter
		after   adapters.Cursor
		want    string
	}{
		{"no filters", nil, "", "SELECT Id, OwnerId FROM Lead ORDER BY Id"},
		{"resumed after a cursor in 15-character form", nil, "00Q000000000003", "SELECT Id, OwnerId FROM Lead WHERE Id > '00Q000000000003EAA' ORDER BY Id"},
		{"each operator", []syncstep.Filter{
			f("Status", syncstep.OpEquals, "Open"),
			f("LeadSource", syncstep.OpNotEquals, "Web"),
			f("Rating", syncstep.OpIn, "Hot", "Warm"),
			f("Account.Industry", syncstep.OpNotIn, "Retail"),
		}, adapters.Cursor(lead1), "SELECT Id, OwnerId FROM Lead WHERE (Status = 'Open') AND (LeadSource != 'Web') AND (Rating IN ('Hot', 'Warm')) AND (Account.Industry NOT IN ('Retail')) AND Id > '00Q000000000001EAA' ORDER BY Id"},
		{"single quote cannot close the literal", []syncstep.Filter{f("Company", syncstep.OpEquals, "x' OR Name != '")},
			"", `SELECT Id, OwnerId FROM Lead WHERE (Company = 'x\' OR Name != \'') ORDER BY Id`},
		{"backslash before a quote stays a backslash", []syncstep.Filter{f("Company", syncstep.OpEquals, `a\' OR Id != null --`)},
			"", `SELECT Id, OwnerId FROM Lead WHERE (Company = 'a\\\' OR Id != null --') ORDER BY Id`},
		{"newline, tab, carriage return, double quote", []syncstep.Filter{f("Description", syncstep.OpIn, "line1\nline2", "a\tb\rc", `say "hi"`)},
			"", `SELECT Id, OwnerId FROM Lead WHERE (Description IN ('line1\nline2', 'a\tb\rc', 'say \"hi\"')) ORDER BY Id`},
		{"unicode passes through", []syncstep.Filter{f("City", syncstep.OpEquals, "Zürich 東京 🚀")},
			"", "SELECT Id, OwnerId FROM Lead WHERE (City = 'Zürich 東京 🚀') ORDER BY Id"},
		{"empty value", []syncstep.Filter{f("Email", syncstep.OpEquals, "")},
			"", "SELECT Id, OwnerId FROM Lead WHERE (Email = '') ORDER BY Id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := salesforce.RecordsQuery(leadStep(tt.filters...), tt.after)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SOQL (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecordsQueryRejectsHostileNamesAndValues(t *testing.T) {
	eq := func(field string, vs ...string) syncstep.Filter {
		return syncstep.Filter{Field: field, Operator: syncstep.OpEquals, Values: vs}
	}
	tests := []struct {
		name   string
		object string
		filter *syncstep.Filter
		after  adapters.Cursor
	}{
		{"empty object", "", nil, ""},
		{"object with a WHERE clause", "Lead WHERE IsConverted = false", nil, ""},
		{"object with a quote", "Lead'", nil, ""},
		{"object with a comment", "Lead--", nil, ""},
		{"object starting with a digit", "1Lead", nil, ""},
		{"object ending with an underscore", "Lead_", nil, ""},
		{"object with a dot", "Account.Owner", nil, ""},
		{"object with non-ASCII letters", "Léad", nil, ""},
		{"field closing the parenthesis", "Lead", &syncstep.Filter{Field: "Name) OR (Name", Operator: syncstep.OpEquals, Values: []string{"x"}}, ""},
		{"field with a space", "Lead", ptr(eq("Last Name", "x")), ""},
		{"field with an empty path segment", "Lead", ptr(eq("Account..Name", "x")), ""},
		{"field with a trailing dot", "Lead", ptr(eq("Account.", "x")), ""},
		{"value with NUL", "Lead", ptr(eq("Name", "a\x00b")), ""},
		{"value with DEL", "Lead", ptr(eq("Name", "a\x7fb")), ""},
		{"value with invalid UTF-8", "Lead", ptr(eq("Name", "a\xffb")), ""},
		{"equals with two values", "Lead", ptr(eq("Name", "a", "b")), ""},
		{"equals with no value", "Lead", ptr(eq("Name")), ""},
		{"in with no value", "Lead", &syncstep.Filter{Field: "Name", Operator: syncstep.OpIn}, ""},
		{"unknown operator", "Lead", &syncstep.Filter{Field: "Name", Operator: "like", Values: []string{"%"}}, ""},
		{"cursor that is not an ID", "Lead", nil, "' OR Id != '"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := leadStep()
			s.Object = tt.object
			if tt.filter != nil {
				s.Filters = []syncstep.Filter{*tt.filter}
			}
			q, err := salesforce.RecordsQuery(s, tt.after)
			require.ErrorIs(t, err, salesforce.ErrUnsafeInput)
			require.Empty(t, q)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func leads(o *fakeOrg) {
	o.setRecords("Lead",
		map[string]any{"Id": lead1, "OwnerId": ana},
		map[string]any{"Id": lead2, "OwnerId": queue},
		map[string]any{"Id": lead3, "OwnerId": ben},
		map[string]any{"Id": lead4, "OwnerId": nil},
		map[string]any{"Id": lead5, "OwnerId": ana},
	)
}

func collect(t *testing.T, c *salesforce.Client, step syncstep.Step, after adapters.Cursor) ([]adapters.SourceRecord, error) {
	t.Helper()
	var out []adapters.SourceRecord
	for r, err := range c.Records(context.Background(), step, after) {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func rec(recID, owner string) adapters.SourceRecord {
	r := adapters.SourceRecord{Record: syncstep.Record{ID: recID}, Cursor: adapters.Cursor(recID)}
	if owner != "" {
		r.Salesforce = id(owner)
	}
	return r
}

func TestRecordsFollowsNextRecordsURLUntilDone(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c := newClient(t, o)
	got, err := collect(t, c, leadStep(), "")
	require.NoError(t, err)
	want := []adapters.SourceRecord{rec(lead1, ana), rec(lead2, queue), rec(lead3, ben), rec(lead4, ""), rec(lead5, ana)}
	if diff := cmp.Diff(want, got, ids); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	reqs := o.requests()
	require.Len(t, reqs, 3, "5 records in batches of 2")
	require.Equal(t, "SELECT Id, OwnerId FROM Lead ORDER BY Id", reqs[0].SOQL)
	require.Equal(t, "/services/data/v62.0/query", reqs[0].Path)
	require.Equal(t, "/services/data/v62.0/query/01gD0000002HU6KIAW-2000", reqs[1].Path)
	require.Equal(t, "/services/data/v62.0/query/01gD0000002HU6KIAW-4000", reqs[2].Path)
}

func TestRecordsResumedFromAnyCursorYieldsTheRestOfTheStream(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c := newClient(t, o)
	full, err := collect(t, c, leadStep(), "")
	require.NoError(t, err)
	for i, r := range full {
		rest, err := collect(t, c, leadStep(), r.Cursor)
		require.NoError(t, err)
		if diff := cmp.Diff(full[i+1:], rest, ids, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("resumed after %s (-want +got):\n%s", r.Cursor, diff)
		}
	}
}

func TestRecordsStopsReadingWhenTheConsumerStops(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c := newClient(t, o)
	for range c.Records(context.Background(), leadStep(), "") {
		break
	}
	require.Len(t, o.requests(), 1)
}

func TestRecordsRefusesUnsafeStepsAndOtherDirectionWithoutARequest(t *testing.T) {
	o := newFakeOrg(t)
	c := newClient(t, o)
	other := leadStep()
	other.Direction = ownership.ReplyToSalesforce
	hostile := leadStep(syncstep.Filter{Field: "Name) OR (Name", Operator: syncstep.OpEquals, Values: []string{"x"}})
	for _, s := range []syncstep.Step{other, hostile} {
		_, err := collect(t, c, s, "")
		require.Equal(t, adapters.KindPermanent, adapters.KindOf(err))
	}
	_, err := collect(t, c, other, "")
	require.ErrorIs(t, err, syncstep.ErrWrongDirection)
	_, err = collect(t, c, hostile, "")
	require.ErrorIs(t, err, salesforce.ErrUnsafeInput)
	require.Empty(t, o.requests())
}

func TestDirectoryFollowsEveryPageOfEachQuery(t *testing.T) {
	o := newFakeOrg(t)
	o.results["SELECT Id, Name, Email, IsActive FROM User ORDER BY Id"] = []map[string]any{
		{"Id": "00558000001N0Ke", "Name": "Ana", "Email": "ana@example.com", "IsActive": true},
		{"Id": ben, "Name": "Ben", "Email": "ben@example.com", "IsActive": false},
		{"Id": "005580000028YqLAAU", "Name": "Cy", "Email": nil, "IsActive": true},
	}
	o.results["SELECT Id, Name, Email FROM Group WHERE Type = 'Queue' ORDER BY Id"] = []map[string]any{
		{"Id": queue, "Name": "Leads queue", "Email": "q@example.com"},
		{"Id": "00G58000000abCeEAI", "Name": "Empty queue"},
	}
	o.results["SELECT QueueId, SobjectType FROM QueueSobject ORDER BY QueueId, SobjectType"] = []map[string]any{
		{"QueueId": queue, "SobjectType": "Lead"},
		{"QueueId": queue, "SobjectType": "Case"},
		{"QueueId": "00G58000000zzzzAAA", "SobjectType": "Case"},
	}
	o.results["SELECT SobjectType FROM AssignmentRule WHERE Active = true ORDER BY SobjectType"] = []map[string]any{
		{"SobjectType": "Lead"}, {"SobjectType": "Case"}, {"SobjectType": "Lead"},
	}
	c := newClient(t, o)
	ctx := context.Background()

	users, err := c.Users(ctx)
	require.NoError(t, err)
	wantUsers := []ownership.SalesforceUser{
		{ID: id(ana), Name: "Ana", Email: "ana@example.com", Active: true},
		{ID: id(ben), Name: "Ben", Email: "ben@example.com"},
		{ID: id("005580000028YqLAAU"), Name: "Cy", Active: true},
	}
	if diff := cmp.Diff(wantUsers, users, ids); diff != "" {
		t.Errorf("users (-want +got):\n%s", diff)
	}
	queues, err := c.Queues(ctx)
	require.NoError(t, err)
	wantQueues := []ownership.Queue{
		{ID: id(queue), Name: "Leads queue", Email: "q@example.com", Objects: []string{"Case", "Lead"}},
		{ID: id("00G58000000abCeEAI"), Name: "Empty queue", Objects: []string{}},
	}
	if diff := cmp.Diff(wantQueues, queues, ids); diff != "" {
		t.Errorf("queues (-want +got):\n%s", diff)
	}
	rules, err := c.AssignmentRuleObjects(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"Case", "Lead"}, rules)
	// Users: 2 pages; Group: 1; QueueSobject: 2; AssignmentRule: 2.
	require.Len(t, o.requests(), 7)
}

func TestEmptyOrgListsEmptyNonNilSlices(t *testing.T) {
	o := newFakeOrg(t)
	for _, q := range []string{
		"SELECT Id, Name, Email, IsActive FROM User ORDER BY Id",
		"SELECT Id, Name, Email FROM Group WHERE Type = 'Queue' ORDER BY Id",
		"SELECT QueueId, SobjectType FROM QueueSobject ORDER BY QueueId, SobjectType",
		"SELECT SobjectType FROM AssignmentRule WHERE Active = true ORDER BY SobjectType",
	} {
		o.results[q] = []map[string]any{}
	}
	c := newClient(t, o)
	users, err := c.Users(context.Background())
	require.NoError(t, err)
	require.NotNil(t, users)
	require.Empty(t, users)
	queues, err := c.Queues(context.Background())
	require.NoError(t, err)
	require.NotNil(t, queues)
	rules, err := c.AssignmentRuleObjects(context.Background())
	require.NoError(t, err)
	require.NotNil(t, rules)
}

func TestQueryRefusesANextRecordsURLOffTheInstance(t *testing.T) {
	for _, next := range []string{"https://evil.example/services/data/v62.0/query/x", "//evil.example/services/data/v62.0/query/x", "/other/path", "/services/data/v62.0/../../x", ""} {
		t.Run(next, func(t *testing.T) {
			o := newFakeOrg(t)
			o.fault = func(s sent) (int, string, http.Header) {
				return 200, `{"totalSize":3,"done":false,"nextRecordsUrl":"` + next + `","records":[{"Id":"` + ana + `","Name":"Ana","IsActive":true}]}`, nil
			}
			_, err := newClient(t, o).Users(context.Background())
			require.Error(t, err)
			require.Len(t, o.requests(), 1)
		})
	}
}

func assignment(recID, owner string) adapters.Assignment {
	return adapters.Assignment{
		Step: "people_to_leads", Object: "Lead",
		Record:   syncstep.Record{ID: recID, Reply: 7},
		Decision: syncstep.Decision{Outcome: syncstep.Mapped, Direction: ownership.ReplyToSalesforce, Salesforce: id(owner), Reply: 7},
	}
}

func TestSetOwnerPatchesOwnerIDWithAutoAssignFalse(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c := newClient(t, o)
	ctx := context.Background()
	require.NoError(t, c.SetOwner(ctx, assignment("00Q000000000002", ben)))
	require.NoError(t, c.SetOwner(ctx, assignment(lead2, ben)), "setting the owner a record has succeeds")
	require.Equal(t, ben, o.owner("Lead", lead2))
	want := []sent{
		{Method: "PATCH", Path: "/services/data/v62.0/sobjects/Lead/" + lead2, AutoAssign: "FALSE", Body: map[string]any{"OwnerId": ben}},
		{Method: "PATCH", Path: "/services/data/v62.0/sobjects/Lead/" + lead2, AutoAssign: "FALSE", Body: map[string]any{"OwnerId": ben}},
	}
	if diff := cmp.Diff(want, o.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestSetOwnerMapsRecordsThroughRecordID(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c, err := salesforce.New(o.srv.Client(), o.srv.URL, &salesforce.Options{
		Header: http.Header{"Authorization": {"Bearer test-token"}},
		RecordID: func(_ context.Context, a adapters.Assignment) (string, error) {
			return map[string]string{"reply-contact-42": lead3}[a.Record.ID], nil
		},
	})
	require.NoError(t, err)
	require.NoError(t, c.SetOwner(context.Background(), assignment("reply-contact-42", ana)))
	require.Equal(t, ana, o.owner("Lead", lead3))
}

func TestSetOwnerRefusesWithoutARequest(t *testing.T) {
	o := newFakeOrg(t)
	c := newClient(t, o)
	wrongDir := assignment(lead1, ana)
	wrongDir.Decision.Direction = ownership.SalesforceToReply
	noOwner := assignment(lead1, ana)
	noOwner.Decision.Outcome = syncstep.Skipped
	badObject := assignment(lead1, ana)
	badObject.Object = "Lead/../User"
	for name, a := range map[string]adapters.Assignment{
		"other direction": wrongDir, "no owner": noOwner, "object not an API name": badObject,
		"record not an ID": assignment("reply-42", ana),
	} {
		t.Run(name, func(t *testing.T) {
			err := c.SetOwner(context.Background(), a)
			require.Equal(t, adapters.KindPermanent, adapters.KindOf(err), "%v", err)
		})
	}
	require.Empty(t, o.requests())
}

// TestServiceErrorsAreClassifiedAndNeverRetried injects each documented
// refusal and checks one request per call and the classification.
func TestServiceErrorsAreClassifiedAndNeverRetried(t *testing.T) {
	tests := []struct {
		status   int
		body     string
		wantKind adapters.Kind
		wantCode string
	}{
		{400, `[{"message":"operation performed with inactive user","errorCode":"INACTIVE_OWNER_OR_USER","fields":[]}]`, adapters.KindPermanent, "INACTIVE_OWNER_OR_USER"},
		{400, `[{"message":"insufficient access rights on cross-reference id","errorCode":"INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY","fields":[]}]`, adapters.KindPermission, "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY"},
		{400, `[{"message":"invalid cross reference id","errorCode":"INVALID_CROSS_REFERENCE_KEY","fields":["OwnerId"]}]`, adapters.KindNotFound, "INVALID_CROSS_REFERENCE_KEY"},
		{400, `[{"message":"Owner ID: id value of incorrect type","errorCode":"FIELD_INTEGRITY_EXCEPTION","fields":["OwnerId"]}]`, adapters.KindPermanent, "FIELD_INTEGRITY_EXCEPTION"},
		{400, `[{"message":"Owner ID: invalid","errorCode":"MALFORMED_ID","fields":["OwnerId"]}]`, adapters.KindPermanent, "MALFORMED_ID"},
		{400, `[{"message":"unable to obtain exclusive access to this record","errorCode":"UNABLE_TO_LOCK_ROW","fields":[]}]`, adapters.KindTransient, "UNABLE_TO_LOCK_ROW"},
		{403, `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`, adapters.KindRateLimited, "REQUEST_LIMIT_EXCEEDED"},
		{401, `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`, adapters.KindPermission, "INVALID_SESSION_ID"},
		{404, `[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]`, adapters.KindNotFound, "NOT_FOUND"},
		{500, `[{"message":"An unexpected error occurred","errorCode":"UNKNOWN_EXCEPTION"}]`, adapters.KindTransient, "UNKNOWN_EXCEPTION"},
		{503, `<html>Service Unavailable</html>`, adapters.KindTransient, "503"},
	}
	for _, tt := range tests {
		t.Run(tt.wantCode, func(t *testing.T) {
			o := newFakeOrg(t)
			leads(o)
			o.fault = func(sent) (int, string, http.Header) { return tt.status, tt.body, nil }
			c := newClient(t, o)
			err := c.SetOwner(context.Background(), assignment(lead1, ben))
			require.Equal(t, tt.wantKind, adapters.KindOf(err), "%v", err)
			require.Equal(t, tt.wantCode, adapters.CodeOf(err))
			var apiErr *salesforce.APIError
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, tt.status, apiErr.StatusCode)
			_, err = c.Users(context.Background())
			require.Equal(t, tt.wantKind, adapters.KindOf(err))
			require.Len(t, o.requests(), 2, "one request per call, no retries")
		})
	}
}

func TestCanceledContextIsKindCanceled(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c := newClient(t, o)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.SetOwner(ctx, assignment(lead1, ben))
	require.Equal(t, adapters.KindCanceled, adapters.KindOf(err))
	require.ErrorIs(t, err, context.Canceled)
	var last error
	for _, err := range c.Records(ctx, leadStep(), "") {
		last = err
	}
	require.Equal(t, adapters.KindCanceled, adapters.KindOf(last))
}

func TestUnreachableInstanceIsTransient(t *testing.T) {
	o := newFakeOrg(t)
	c := newClient(t, o)
	o.srv.Close()
	_, err := c.Users(context.Background())
	require.Equal(t, adapters.KindTransient, adapters.KindOf(err), "%v", err)
}

func TestNewRejectsBadInstanceURLsAndVersions(t *testing.T) {
	for _, u := range []string{"", "example.my.salesforce.com", "ftp://x", "https://", "https://x/?q=1", "https://u:p@x"} {
		_, err := salesforce.New(nil, u, nil)
		require.Error(t, err, u)
	}
	for _, v := range []string{"62.0", "v62", "v62.0/..", "latest"} {
		_, err := salesforce.New(nil, "https://x.my.salesforce.com", &salesforce.Options{APIVersion: v})
		require.Error(t, err, v)
	}
	c, err := salesforce.New(nil, "https://x.my.salesforce.com/", nil)
	require.NoError(t, err)
	require.Equal(t, salesforce.DefaultAPIVersion, c.APIVersion())
}

func TestTaskSinkCreatesOnceAndReassignsAnExistingTask(t *testing.T) {
	o := newFakeOrg(t)
	c := newClient(t, o)
	tasks, err := c.TaskSink(salesforce.TaskOptions{
		SourceIDField: "Reply_Activity_Id__c",
		Describe: func(a adapters.Assignment) salesforce.Task {
			return salesforce.Task{Subject: "Email sent", WhoID: id("003D0000001aH2A")}
		},
	})
	require.NoError(t, err)
	a := assignment("email-9", ana)
	a.Object = "Task"
	ctx := context.Background()
	require.NoError(t, tasks.CreateActivity(ctx, a))
	require.NoError(t, tasks.CreateActivity(ctx, a), "second call finds the task")
	a.Decision.Salesforce = id(ben)
	require.NoError(t, tasks.CreateActivity(ctx, a), "an owner change reassigns the task")

	lookup := "SELECT Id, OwnerId FROM Task WHERE Reply_Activity_Id__c = 'email-9' ORDER BY Id LIMIT 1"
	taskID := id("00T000000000001").String()
	want := []sent{
		{Method: "GET", Path: "/services/data/v62.0/query", SOQL: lookup},
		{Method: "POST", Path: "/services/data/v62.0/sobjects/Task", AutoAssign: "FALSE", Body: map[string]any{
			"OwnerId": ana, "Subject": "Email sent", "WhoId": "003D0000001aH2AIAU", "Reply_Activity_Id__c": "email-9"}},
		{Method: "GET", Path: "/services/data/v62.0/query", SOQL: lookup},
		{Method: "GET", Path: "/services/data/v62.0/query", SOQL: lookup},
		{Method: "PATCH", Path: "/services/data/v62.0/sobjects/Task/" + taskID, AutoAssign: "FALSE", Body: map[string]any{"OwnerId": ben}},
	}
	if diff := cmp.Diff(want, o.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestTaskSinkRejectsAnUnsafeSourceIDField(t *testing.T) {
	c, err := salesforce.New(nil, "https://x.my.salesforce.com", nil)
	require.NoError(t, err)
	for _, f := range []string{"", "Id = 'x' OR Id", "Reply Id__c"} {
		_, err := c.TaskSink(salesforce.TaskOptions{SourceIDField: f})
		require.ErrorIs(t, err, salesforce.ErrUnsafeInput)
	}
}

func TestClassifyError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		kind   adapters.Kind
		code   string
	}{
		{"2xx is not an error", 204, "", adapters.KindUnknown, ""},
		{"code decides over status", 400, `[{"errorCode":"UNABLE_TO_LOCK_ROW","message":"m"}]`, adapters.KindTransient, "UNABLE_TO_LOCK_ROW"},
		{"403 without limit code is permission", 403, `[{"errorCode":"INSUFFICIENT_ACCESS","message":"m"}]`, adapters.KindPermission, "INSUFFICIENT_ACCESS"},
		{"unknown code falls back to status", 400, `[{"errorCode":"SOMETHING_NEW","message":"m"}]`, adapters.KindPermanent, "SOMETHING_NEW"},
		{"single object body", 400, `{"errorCode":"ENTITY_IS_DELETED","message":"m"}`, adapters.KindNotFound, "ENTITY_IS_DELETED"},
		{"empty body", 502, ``, adapters.KindTransient, "502"},
		{"garbage body", 409, `not json`, adapters.KindPermanent, "409"},
		{"429 from a proxy", 429, ``, adapters.KindRateLimited, "429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := salesforce.ClassifyError(tt.status, []byte(tt.body))
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tt.kind, adapters.KindOf(err))
			require.Equal(t, tt.code, adapters.CodeOf(err))
			require.Zero(t, adapters.RetryAfter(err))
			require.True(t, errors.Is(err, sentinel(tt.kind)))
		})
	}
}

func sentinel(k adapters.Kind) error {
	return map[adapters.Kind]error{
		adapters.KindNotFound: adapters.ErrNotFound, adapters.KindPermission: adapters.ErrPermission,
		adapters.KindRateLimited: adapters.ErrRateLimited, adapters.KindTransient: adapters.ErrTransient,
		adapters.KindPermanent: adapters.ErrPermanent,
	}[k]
}

func TestOptionsHeaderCannotTurnAutoAssignBackOn(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c, err := salesforce.New(o.srv.Client(), o.srv.URL, &salesforce.Options{
		Header: http.Header{"Authorization": {"Bearer test-token"}, "sforce-auto-assign": {"TRUE"}},
	})
	require.NoError(t, err)
	require.NoError(t, c.SetOwner(context.Background(), assignment(lead1, ben)))
	require.Equal(t, "FALSE", o.requests()[0].AutoAssign)
}

func TestRecordsSendsHostileFilterValuesEscapedInTheQParameter(t *testing.T) {
	o := newFakeOrg(t)
	leads(o)
	c := newClient(t, o)
	step := leadStep(syncstep.Filter{Field: "Company", Operator: syncstep.OpIn, Values: []string{"x') OR (Name != '", "back\\slash", "new\nline", "Zoë & 東京"}})
	_, err := collect(t, c, step, adapters.Cursor(lead2))
	require.NoError(t, err)
	want := `SELECT Id, OwnerId FROM Lead WHERE (Company IN ('x\') OR (Name != \'', 'back\\slash', 'new\nline', 'Zoë & 東京')) AND Id > '` + lead2 + `' ORDER BY Id`
	require.Equal(t, want, o.requests()[0].SOQL)
}
