package reply_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/reply"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func newClient(t *testing.T, w *fakeWorkspace, opts *reply.Options) *reply.Client {
	t.Helper()
	o := reply.Options{PageSize: 2}
	if opts != nil {
		o = *opts
	}
	o.BaseURL = w.srv.URL
	o.Header = http.Header{"Authorization": {"Bearer test-key"}}
	c, err := reply.New(w.srv.Client(), &o)
	require.NoError(t, err)
	return c
}

// ids compares Salesforce IDs by value (they have unexported fields).
var ids = cmp.Comparer(func(a, b ownership.SalesforceID) bool { return a == b })

var peopleToLeads = syncstep.Step{Key: "people_to_leads", Object: "Lead", Direction: ownership.ReplyToSalesforce}

func fiveContacts(w *fakeWorkspace) {
	for i, owner := range []int64{101, 102, 0, 101, 103} {
		w.addContact(int64(1001+i), owner)
	}
}

func collect(t *testing.T, c *reply.Client, step syncstep.Step, after adapters.Cursor) ([]adapters.SourceRecord, error) {
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

func rec(id string, owner ownership.ReplyUserID, cursor string) adapters.SourceRecord {
	return adapters.SourceRecord{Record: syncstep.Record{ID: id, Reply: owner}, Cursor: adapters.Cursor(cursor)}
}

func TestRecordsPagesThroughContactsWhileHasMore(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	c := newClient(t, w, nil)
	got, err := collect(t, c, peopleToLeads, "")
	require.NoError(t, err)
	want := []adapters.SourceRecord{rec("1001", 101, "1"), rec("1002", 102, "2"), rec("1003", 0, "3"), rec("1004", 101, "4"), rec("1005", 103, "5")}
	if diff := cmp.Diff(want, got, ids); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	wantReqs := []sent{
		{Method: "POST", Path: "/v3/contacts/filter", Body: map[string]any{"offset": 0.0, "limit": 2.0}},
		{Method: "POST", Path: "/v3/contacts/filter", Body: map[string]any{"offset": 2.0, "limit": 2.0}},
		{Method: "POST", Path: "/v3/contacts/filter", Body: map[string]any{"offset": 4.0, "limit": 2.0}},
	}
	if diff := cmp.Diff(wantReqs, w.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestRecordsResumedFromAnyCursorYieldsTheRestOfTheStream(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	c := newClient(t, w, nil)
	full, err := collect(t, c, peopleToLeads, "")
	require.NoError(t, err)
	for i, r := range full {
		rest, err := collect(t, c, peopleToLeads, r.Cursor)
		require.NoError(t, err)
		require.Equal(t, len(full[i+1:]), len(rest), "after %s", r.Cursor)
		for j := range rest {
			require.Equal(t, full[i+1+j], rest[j])
		}
	}
}

func TestRecordsStopsReadingWhenTheConsumerStops(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	c := newClient(t, w, nil)
	for range c.Records(context.Background(), peopleToLeads, "") {
		break
	}
	require.Len(t, w.requests(), 1)
}

func TestRecordsDropsAContactRepeatedFromThePreviousPage(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	c := newClient(t, w, nil)
	var got []string
	for r, err := range c.Records(context.Background(), peopleToLeads, "") {
		require.NoError(t, err)
		got = append(got, r.ID)
		if r.ID == "1002" {
			// A contact inserted at the front shifts the listing by one.
			w.mu.Lock()
			w.order = append([]int64{999}, w.order...)
			w.owners[999] = 101
			w.mu.Unlock()
		}
	}
	require.Equal(t, []string{"1001", "1002", "1003", "1004", "1005"}, got)
}

func TestRecordsRefusesWithoutARequest(t *testing.T) {
	w := newFakeWorkspace(t)
	c := newClient(t, w, nil)
	other := peopleToLeads
	other.Direction = ownership.SalesforceToReply
	filtered := peopleToLeads
	filtered.Filters = []syncstep.Filter{{Field: "Status", Operator: syncstep.OpEquals, Values: []string{"Open"}}}
	for name, tc := range map[string]struct {
		step  syncstep.Step
		after adapters.Cursor
	}{
		"other direction": {other, ""}, "filters without FilterBody": {filtered, ""},
		"cursor not an offset": {peopleToLeads, "abc"}, "negative cursor": {peopleToLeads, "-1"}, "cursor with a sign": {peopleToLeads, "+2"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := collect(t, c, tc.step, tc.after)
			require.Equal(t, adapters.KindPermanent, adapters.KindOf(err), "%v", err)
		})
	}
	require.Empty(t, w.requests())
}

func TestRecordsSendsTheEmbeddersFilterBody(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	c := newClient(t, w, &reply.Options{PageSize: 3, FilterBody: func(fs []syncstep.Filter, offset, limit int) (any, error) {
		return map[string]any{"offset": offset, "limit": limit, "status": fs[0].Values}, nil
	}})
	step := peopleToLeads
	step.Filters = []syncstep.Filter{{Field: "Status", Operator: syncstep.OpIn, Values: []string{"Active"}}}
	got, err := collect(t, c, step, "")
	require.NoError(t, err)
	require.Len(t, got, 5)
	require.Equal(t, map[string]any{"offset": 3.0, "limit": 3.0, "status": []any{"Active"}}, w.requests()[1].Body)
}

func assign(contact string, owner ownership.ReplyUserID) adapters.Assignment {
	return adapters.Assignment{
		Step: "contacts_to_people", Object: "Contact",
		Record:   syncstep.Record{ID: contact},
		Decision: syncstep.Decision{Outcome: syncstep.Mapped, Direction: ownership.SalesforceToReply, Reply: owner},
	}
}

func TestSetOwnersSendsOneBatchPerOwnerWithoutReassigningTasks(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	w.members[101], w.members[102] = true, true
	c := newClient(t, w, nil)
	noOwner := assign("1003", 0)
	noOwner.Decision.Outcome = syncstep.Skipped
	errs := c.SetOwners(context.Background(), []adapters.Assignment{
		assign("1001", 102), assign("1002", 101), assign("1003", 102), assign("4242", 102), assign("not-an-id", 101), noOwner,
	})
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	require.NoError(t, errs[2])
	require.ErrorIs(t, errs[3], reply.ErrNotAffected)
	require.Equal(t, adapters.KindNotFound, adapters.KindOf(errs[3]))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(errs[4]))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(errs[5]))
	want := []sent{
		{Method: "PUT", Path: "/v3/contacts/owner", Body: map[string]any{"contactIds": []any{1001.0, 1003.0, 4242.0}, "userId": 102.0, "reassignTasks": false}},
		{Method: "PUT", Path: "/v3/contacts/owner", Body: map[string]any{"contactIds": []any{1002.0}, "userId": 101.0, "reassignTasks": false}},
	}
	if diff := cmp.Diff(want, w.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	require.Equal(t, int64(102), w.owner(1001))
	require.Equal(t, int64(101), w.owner(1002))
}

func TestSetOwnerIsIdempotentAndMapsRecordsThroughContactID(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	w.members[103] = true
	c := newClient(t, w, &reply.Options{ContactID: func(_ context.Context, a adapters.Assignment) (int64, error) {
		return map[string]int64{"003D0000001aH2AIAU": 1002}[a.Record.ID], nil
	}})
	a := assign("003D0000001aH2AIAU", 103)
	require.NoError(t, c.SetOwner(context.Background(), a))
	require.NoError(t, c.SetOwner(context.Background(), a))
	require.Equal(t, int64(103), w.owner(1002))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(c.SetOwner(context.Background(), assign("unlinked", 103))))
	require.Len(t, w.requests(), 2)
}

// TestServiceErrorsAreClassifiedAndNeverRetried injects each documented
// refusal: one request per call, the whole batch carries the error.
func TestServiceErrorsAreClassifiedAndNeverRetried(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		header     http.Header
		kind       adapters.Kind
		code       string
		retryAfter time.Duration
	}{
		{"429 with Retry-After", 429, `{"title":"Too Many Requests","status":429,"code":"rateLimit.exceeded"}`, http.Header{"Retry-After": {"7"}}, adapters.KindRateLimited, "rateLimit.exceeded", 7 * time.Second},
		{"429 without body", 429, ``, http.Header{"Retry-After": {"60"}}, adapters.KindRateLimited, "429", time.Minute},
		{"not found slug", 404, `{"status":404,"code":"contact.notFound"}`, nil, adapters.KindNotFound, "contact.notFound", 0},
		{"forbidden slug", 400, `{"status":400,"code":"forbidden"}`, nil, adapters.KindPermission, "forbidden", 0},
		{"invalid input slug", 400, `{"status":400,"code":"contactAccount.invalidInput","errors":[{"pointer":"/userId"}]}`, nil, adapters.KindPermanent, "contactAccount.invalidInput", 0},
		{"401 empty body", 401, ``, http.Header{"WWW-Authenticate": {"Bearer"}}, adapters.KindPermission, "401", 0},
		{"500", 500, `{"status":500,"title":"Internal Server Error"}`, nil, adapters.KindTransient, "500", 0},
		{"503 html", 503, `<html>busy</html>`, nil, adapters.KindTransient, "503", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newFakeWorkspace(t)
			fiveContacts(w)
			w.fault = func(sent) (int, string, http.Header) { return tt.status, tt.body, tt.header }
			c := newClient(t, w, nil)
			errs := c.SetOwners(context.Background(), []adapters.Assignment{assign("1001", 101), assign("1002", 101)})
			for _, err := range errs {
				require.Equal(t, tt.kind, adapters.KindOf(err), "%v", err)
				require.Equal(t, tt.code, adapters.CodeOf(err))
				require.Equal(t, tt.retryAfter, adapters.RetryAfter(err))
				var p *reply.Problem
				require.ErrorAs(t, err, &p)
				require.Equal(t, tt.status, p.StatusCode)
			}
			_, err := collect(t, c, peopleToLeads, "")
			require.Equal(t, tt.kind, adapters.KindOf(err))
			require.Len(t, w.requests(), 2, "one request per call, no retries")
		})
	}
}

func TestAddToSequencePostsTheContactID(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	w.sequences[7] = nil
	c := newClient(t, w, nil)
	require.NoError(t, c.AddToSequence(context.Background(), 7, 1004))
	err := c.AddToSequence(context.Background(), 8, 1004)
	require.Equal(t, adapters.KindNotFound, adapters.KindOf(err))
	require.Equal(t, "sequence.notFound", adapters.CodeOf(err))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(c.AddToSequence(context.Background(), 0, 1004)))
	want := []sent{
		{Method: "POST", Path: "/v3/sequences/7/contacts", Body: map[string]any{"contactId": 1004.0}},
		{Method: "POST", Path: "/v3/sequences/8/contacts", Body: map[string]any{"contactId": 1004.0}},
	}
	if diff := cmp.Diff(want, w.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	require.Equal(t, []int64{1004}, w.sequences[7])
}

func TestEnrollMapsTheRecordToItsContactAndTreatsAlreadyInSequenceAsEnrolled(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	w.sequences[7] = nil
	c := newClient(t, w, &reply.Options{ContactID: func(_ context.Context, a adapters.Assignment) (int64, error) {
		return map[string]int64{"003D0000001aH2AIAU": 1002}[a.Record.ID], nil
	}})
	enroll := func(id string, seq int64) error {
		return c.Enroll(context.Background(), adapters.Enrollment{Assignment: assign(id, 102), SequenceID: seq})
	}
	require.NoError(t, enroll("003D0000001aH2AIAU", 7))
	require.NoError(t, enroll("003D0000001aH2AIAU", 7), "already in the sequence is enrolled")
	require.Equal(t, []int64{1002}, w.inSequence(7))

	err := enroll("003D0000001aH2AIAU", 8)
	require.Equal(t, adapters.KindNotFound, adapters.KindOf(err))
	require.Equal(t, "sequence.notFound", adapters.CodeOf(err))
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(enroll("unlinked", 7)), "a record without a contact is not sent")
	wrong := adapters.Enrollment{Assignment: assign("003D0000001aH2AIAU", 102), SequenceID: 7}
	wrong.Decision.Direction = ownership.ReplyToSalesforce
	require.ErrorIs(t, c.Enroll(context.Background(), wrong), syncstep.ErrWrongDirection)

	want := []sent{
		{Method: "POST", Path: "/v3/sequences/7/contacts", Body: map[string]any{"contactId": 1002.0}},
		{Method: "POST", Path: "/v3/sequences/7/contacts", Body: map[string]any{"contactId": 1002.0}},
		{Method: "POST", Path: "/v3/sequences/8/contacts", Body: map[string]any{"contactId": 1002.0}},
	}
	if diff := cmp.Diff(want, w.requests()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestEnrollReturnsOtherRefusalsClassified(t *testing.T) {
	for _, tt := range []struct {
		status int
		code   string
		kind   adapters.Kind
	}{
		{400, "contactLimitExceeded", adapters.KindPermanent},
		{403, "forbidden", adapters.KindPermission},
		{429, "rateLimit.exceeded", adapters.KindRateLimited},
		{503, "", adapters.KindTransient},
		{400, "sequence.contactAlreadyInSequence", 0},
		{409, "CONTACTALREADYINSEQUENCE", 0},
	} {
		t.Run(strconv.Itoa(tt.status)+" "+tt.code, func(t *testing.T) {
			w := newFakeWorkspace(t)
			fiveContacts(w)
			w.fault = func(sent) (int, string, http.Header) {
				return tt.status, `{"status":` + strconv.Itoa(tt.status) + `,"code":"` + tt.code + `"}`, http.Header{"Retry-After": {"3"}}
			}
			c := newClient(t, w, nil)
			err := c.Enroll(context.Background(), adapters.Enrollment{Assignment: assign("1001", 101), SequenceID: 7})
			if tt.kind == 0 {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tt.kind, adapters.KindOf(err), "%v", err)
			require.Len(t, w.requests(), 1, "one request, no retries")
		})
	}
}

func TestWhoAmIReturnsTheKeysUser(t *testing.T) {
	w := newFakeWorkspace(t)
	c := newClient(t, w, nil)
	u, err := c.WhoAmI(context.Background())
	require.NoError(t, err)
	require.Equal(t, ownership.ReplyUserID(100), u)

	bad, err := reply.New(w.srv.Client(), &reply.Options{BaseURL: w.srv.URL, Header: http.Header{"X-Api-Key": {"test-key"}}})
	require.NoError(t, err)
	_, err = bad.WhoAmI(context.Background())
	require.Equal(t, adapters.KindPermission, adapters.KindOf(err))
}

func TestCanceledContextIsKindCanceled(t *testing.T) {
	w := newFakeWorkspace(t)
	fiveContacts(w)
	c := newClient(t, w, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.SetOwner(ctx, assign("1001", 101))
	require.Equal(t, adapters.KindCanceled, adapters.KindOf(err))
	var last error
	for _, err := range c.Records(ctx, peopleToLeads, "") {
		last = err
	}
	require.Equal(t, adapters.KindCanceled, adapters.KindOf(last))
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, o := range []reply.Options{{BaseURL: "api.reply.io"}, {BaseURL: "https://x/?a=b"}, {PageSize: -1}} {
		_, err := reply.New(nil, &o)
		require.Error(t, err, "%+v", o)
	}
	_, err := reply.New(nil, nil)
	require.NoError(t, err)
}

func TestTeamOrdersMembersAndNeedsALister(t *testing.T) {
	_, err := reply.Team{}.Members(context.Background())
	require.ErrorIs(t, err, reply.ErrNoMemberLister)
	require.Equal(t, adapters.KindPermanent, adapters.KindOf(err))

	team := reply.Team{ListMembers: func(context.Context) ([]ownership.ReplyMember, error) {
		return []ownership.ReplyMember{{ID: 3, Name: "C"}, {ID: 1, Name: "A"}, {ID: 3, Name: "C again"}}, nil
	}}
	got, err := team.Members(context.Background())
	require.NoError(t, err)
	require.Equal(t, []ownership.ReplyMember{{ID: 1, Name: "A"}, {ID: 3, Name: "C"}}, got)
	ws, err := team.Workspace(context.Background())
	require.NoError(t, err)
	require.Equal(t, adapters.Workspace{}, ws)

	empty := reply.Team{ListMembers: func(context.Context) ([]ownership.ReplyMember, error) { return nil, nil }}
	got, err = empty.Members(context.Background())
	require.NoError(t, err)
	require.NotNil(t, got)

	boom := errors.New("boom")
	failing := reply.Team{DescribeWorkspace: func(context.Context) (adapters.Workspace, error) { return adapters.Workspace{}, boom }}
	_, err = failing.Workspace(context.Background())
	require.ErrorIs(t, err, boom)
}

func TestClassifyError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		kind   adapters.Kind
		code   string
		after  time.Duration
	}{
		{"2xx is not an error", 200, nil, "", adapters.KindUnknown, "", 0},
		{"code decides over status", 500, nil, `{"code":"sequence.notFound"}`, adapters.KindNotFound, "sequence.notFound", 0},
		{"bulk item slug", 400, nil, `{"code":"contactNotFound"}`, adapters.KindNotFound, "contactNotFound", 0},
		{"dotted forbidden", 400, nil, `{"code":"sequence.forbidden"}`, adapters.KindPermission, "sequence.forbidden", 0},
		{"unknown code falls back to status", 409, nil, `{"code":"contactAlreadyInSequence"}`, adapters.KindPermanent, "contactAlreadyInSequence", 0},
		{"403", 403, nil, ``, adapters.KindPermission, "403", 0},
		{"404", 404, nil, `[]`, adapters.KindNotFound, "404", 0},
		{"retry-after as a past date is zero", 429, http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}, ``, adapters.KindRateLimited, "429", 0},
		{"negative retry-after is zero", 429, http.Header{"Retry-After": {"-5"}}, ``, adapters.KindRateLimited, "429", 0},
		{"huge retry-after is capped at an hour", 429, http.Header{"Retry-After": {"99999999999"}}, ``, adapters.KindRateLimited, "429", time.Hour},
		{"garbage retry-after is zero", 429, http.Header{"Retry-After": {"soon"}}, ``, adapters.KindRateLimited, "429", 0},
		{"retry-after ignored when not rate limited", 503, http.Header{"Retry-After": {"5"}}, ``, adapters.KindTransient, "503", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := reply.ClassifyError(tt.status, tt.header, []byte(tt.body))
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tt.kind, adapters.KindOf(err))
			require.Equal(t, tt.code, adapters.CodeOf(err))
			var e *adapters.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tt.after, e.RetryAfter)
		})
	}
}
