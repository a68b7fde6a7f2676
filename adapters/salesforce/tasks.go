package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// Task is what a TaskSink writes on a Salesforce Task besides its owner
// and its source id.
type Task struct {
	// Subject is the Task's Subject. Empty means "Reply activity <id>".
	Subject string
	// WhoID is the Contact or Lead the activity concerns (the Task's
	// WhoId); zero leaves WhoId unset.
	WhoID ownership.SalesforceID
}

// TaskOptions configures a TaskSink.
type TaskOptions struct {
	// SourceIDField is the API name of a custom text field on Task (for
	// example "Reply_Activity_Id__c") that holds the source activity's id,
	// Assignment.Record.ID. It is required: it is how CreateActivity finds
	// the Task it created before, and so what makes it idempotent. The
	// org's admin creates the field; mark it External ID and Unique if you
	// can.
	SourceIDField string
	// Describe returns the Subject and WhoId of the Task for an
	// assignment. Nil gives every Task the Subject "Reply activity <id>"
	// and no WhoId: the Record an Assignment carries has no more to map.
	Describe func(a adapters.Assignment) Task
}

// TaskSink creates Salesforce Tasks owned by the resolved owner, one per
// source activity: the adapters.ActivitySink for Reply → Salesforce
// activity steps. It is immutable and safe for concurrent use, and never
// retries.
type TaskSink struct {
	c        *Client
	field    string
	describe func(a adapters.Assignment) Task
}

var _ adapters.ActivitySink = (*TaskSink)(nil)

// TaskSink returns the activity sink of the org. It fails when
// opts.SourceIDField is not a plain API name.
func (c *Client) TaskSink(opts TaskOptions) (*TaskSink, error) {
	if !validName(opts.SourceIDField) {
		return nil, fmt.Errorf("%w: task source id field %q is not a Salesforce API name", ErrUnsafeInput, opts.SourceIDField)
	}
	return &TaskSink{c: c, field: opts.SourceIDField, describe: opts.Describe}, nil
}

// CreateActivity makes sure a Task exists for a.Record.ID, owned by
// a.Decision.Salesforce. It first looks for one:
//
//	SELECT Id, OwnerId FROM Task WHERE <SourceIDField> = '<a.Record.ID>' ORDER BY Id LIMIT 1
//
// When there is one with that owner, it succeeds and writes nothing; when
// its owner differs, it sets the owner as Client.SetOwner does (PATCH, with
// Sforce-Auto-Assign: FALSE); when there is none, it creates one:
//
//	POST /services/data/vNN.0/sobjects/Task
//	Sforce-Auto-Assign: FALSE
//	{"OwnerId": ..., "Subject": ..., "WhoId": ..., "<SourceIDField>": "<a.Record.ID>"}
//
// (WhoId only when Describe gives one). Two calls for the same record at
// the same moment may both create a Task, unless SourceIDField is Unique
// in the org, in which case the second fails with the service's
// DUPLICATE_VALUE error; the runner never makes such calls. The first
// failing request ends the call; nothing is retried.
func (s *TaskSink) CreateActivity(ctx context.Context, a adapters.Assignment) error {
	if a.Decision.Direction != ownership.ReplyToSalesforce {
		return &adapters.Error{Kind: adapters.KindPermanent, Err: fmt.Errorf("%w: Tasks are created in Reply → Salesforce steps; this assignment is %s", syncstep.ErrWrongDirection, a.Decision.Direction)}
	}
	owner := a.Decision.Salesforce
	if !a.Decision.HasOwner() || owner.IsZero() {
		return permanent("activity %q names no Salesforce owner (outcome %s)", a.Record.ID, a.Decision.Outcome)
	}
	lit, err := QuoteString(a.Record.ID)
	if err != nil || a.Record.ID == "" {
		return permanent("activity id %q cannot be stored: %v", a.Record.ID, err)
	}
	soql := "SELECT Id, OwnerId FROM Task WHERE " + s.field + " = " + lit + " ORDER BY Id LIMIT 1"
	var found *ownedRow
	err = s.c.query(ctx, soql, func(recs []json.RawMessage) (bool, error) {
		if len(recs) == 0 {
			return true, nil
		}
		var row ownedRow
		if err := json.Unmarshal(recs[0], &row); err != nil {
			return false, decodeError("Task", err)
		}
		found = &row
		return false, nil
	})
	if err != nil {
		return err
	}
	if found != nil {
		id, err := parseID("Task.Id", found.ID)
		if err != nil {
			return err
		}
		if found.OwnerID != nil {
			if cur, err := ownership.ParseSalesforceID(*found.OwnerID); err == nil && cur == owner {
				return nil
			}
		}
		return s.c.patchOwner(ctx, "Task", id, owner)
	}
	t := Task{}
	if s.describe != nil {
		t = s.describe(a)
	}
	if t.Subject == "" {
		t.Subject = "Reply activity " + a.Record.ID
	}
	body := map[string]string{"OwnerId": owner.String(), "Subject": t.Subject, s.field: a.Record.ID}
	if !t.WhoID.IsZero() {
		body["WhoId"] = t.WhoID.String()
	}
	_, err = s.c.request(ctx, http.MethodPost, s.c.dataPath+"/sobjects/Task", nil, body, noAutoAssign())
	return err
}
