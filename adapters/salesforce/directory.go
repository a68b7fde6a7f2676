package salesforce

import (
	"context"
	"fmt"
	"slices"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
)

// The directory queries, pinned by the tests. Each orders its result so
// that two listings of an unchanged org are identical.
const (
	usersSOQL          = "SELECT Id, Name, Email, IsActive FROM User ORDER BY Id"
	queuesSOQL         = "SELECT Id, Name, Email FROM Group WHERE Type = 'Queue' ORDER BY Id"
	queueObjectsSOQL   = "SELECT QueueId, SobjectType FROM QueueSobject ORDER BY QueueId, SobjectType"
	assignmentRuleSOQL = "SELECT SobjectType FROM AssignmentRule WHERE Active = true ORDER BY SobjectType"
)

type userRow struct {
	ID       string `json:"Id"`
	Name     string `json:"Name"`
	Email    string `json:"Email"`
	IsActive bool   `json:"IsActive"`
}

type groupRow struct {
	ID    string `json:"Id"`
	Name  string `json:"Name"`
	Email string `json:"Email"`
}

type queueSobjectRow struct {
	QueueID     string `json:"QueueId"`
	SobjectType string `json:"SobjectType"`
}

type ruleRow struct {
	SobjectType string `json:"SobjectType"`
}

func parseID(what, s string) (ownership.SalesforceID, error) {
	id, err := ownership.ParseSalesforceID(s)
	if err != nil {
		return id, decodeError(what, err)
	}
	return id, nil
}

// Users returns every User of the org, active or not, ordered by ID, from
//
//	SELECT Id, Name, Email, IsActive FROM User ORDER BY Id
//
// following nextRecordsUrl until done. It returns everything or an error.
func (c *Client) Users(ctx context.Context) ([]ownership.SalesforceUser, error) {
	rows, err := queryAll[userRow](ctx, c, usersSOQL)
	if err != nil {
		return nil, err
	}
	out := make([]ownership.SalesforceUser, 0, len(rows))
	for _, r := range rows {
		id, err := parseID("User.Id", r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, ownership.SalesforceUser{ID: id, Name: r.Name, Email: r.Email, Active: r.IsActive})
	}
	return out, nil
}

// Queues returns every queue of the org (a Group whose Type is Queue),
// ordered by ID, each with the objects it may own from QueueSobject,
// sorted; a queue that may own nothing has an empty, non-nil Objects. It
// runs two queries, each followed to its end:
//
//	SELECT Id, Name, Email FROM Group WHERE Type = 'Queue' ORDER BY Id
//	SELECT QueueId, SobjectType FROM QueueSobject ORDER BY QueueId, SobjectType
func (c *Client) Queues(ctx context.Context) ([]ownership.Queue, error) {
	groups, err := queryAll[groupRow](ctx, c, queuesSOQL)
	if err != nil {
		return nil, err
	}
	objs, err := queryAll[queueSobjectRow](ctx, c, queueObjectsSOQL)
	if err != nil {
		return nil, err
	}
	out := make([]ownership.Queue, 0, len(groups))
	index := make(map[ownership.SalesforceID]int, len(groups))
	for _, g := range groups {
		id, err := parseID("Group.Id", g.ID)
		if err != nil {
			return nil, err
		}
		index[id] = len(out)
		out = append(out, ownership.Queue{ID: id, Name: g.Name, Email: g.Email, Objects: []string{}})
	}
	for _, o := range objs {
		id, err := parseID("QueueSobject.QueueId", o.QueueID)
		if err != nil {
			return nil, err
		}
		i, ok := index[id]
		if !ok {
			continue // a queue created between the two queries
		}
		if !slices.Contains(out[i].Objects, o.SobjectType) {
			out[i].Objects = append(out[i].Objects, o.SobjectType)
		}
	}
	for i := range out {
		slices.Sort(out[i].Objects)
	}
	return out, nil
}

// AssignmentRuleObjects returns, sorted and without repeats, the objects
// (Lead, Case) that have an active assignment rule, from
//
//	SELECT SobjectType FROM AssignmentRule WHERE Active = true ORDER BY SobjectType
func (c *Client) AssignmentRuleObjects(ctx context.Context) ([]string, error) {
	rows, err := queryAll[ruleRow](ctx, c, assignmentRuleSOQL)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, r := range rows {
		if r.SobjectType == "" {
			return nil, &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("salesforce: AssignmentRule without SobjectType")}
		}
		out = append(out, r.SobjectType)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
