package salesforce_test

import (
	"context"
	"iter"
	"testing"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/adapters/salesforce"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// readBack reads the Salesforce side of a Reply → Salesforce step: the
// records with their current OwnerId, which the client's source gives for
// the Salesforce → Reply direction.
type readBack struct{ c *salesforce.Client }

func (r readBack) Records(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	step.Direction = step.Direction.Reverse()
	return r.c.Records(ctx, step, after)
}

func TestConformanceDirectory(t *testing.T) {
	adapterstest.RunSalesforceDirectoryConformance(t, func() adapterstest.DirectoryHarness {
		o := newFakeOrg(t)
		o.results["SELECT Id, Name, Email, IsActive FROM User ORDER BY Id"] = []map[string]any{
			{"Id": ana, "Name": "Ana", "Email": "ana@example.com", "IsActive": true},
			{"Id": ben, "Name": "Ben", "Email": "ben@example.com", "IsActive": false},
			{"Id": "005580000028YqLAAU", "Name": "Cy", "IsActive": true},
		}
		o.results["SELECT Id, Name, Email FROM Group WHERE Type = 'Queue' ORDER BY Id"] = []map[string]any{{"Id": queue, "Name": "Leads"}}
		o.results["SELECT QueueId, SobjectType FROM QueueSobject ORDER BY QueueId, SobjectType"] = []map[string]any{
			{"QueueId": queue, "SobjectType": "Case"}, {"QueueId": queue, "SobjectType": "Lead"},
		}
		o.results["SELECT SobjectType FROM AssignmentRule WHERE Active = true ORDER BY SobjectType"] = []map[string]any{{"SobjectType": "Lead"}}
		return adapterstest.DirectoryHarness{Directory: newClient(t, o), Want: validate.Facts{
			SalesforceUsers: []ownership.SalesforceUser{
				{ID: id(ana), Name: "Ana", Email: "ana@example.com", Active: true},
				{ID: id(ben), Name: "Ben", Email: "ben@example.com"},
				{ID: id("005580000028YqLAAU"), Name: "Cy", Active: true},
			},
			Queues:                []ownership.Queue{{ID: id(queue), Name: "Leads", Objects: []string{"Case", "Lead"}}},
			AssignmentRuleObjects: []string{"Lead"},
		}}
	})
}

func TestConformanceRecordSource(t *testing.T) {
	adapterstest.RunRecordSourceConformance(t, func() adapterstest.SourceHarness {
		o := newFakeOrg(t)
		leads(o)
		want := []syncstep.Record{
			{ID: lead1, Salesforce: id(ana)}, {ID: lead2, Salesforce: id(queue)}, {ID: lead3, Salesforce: id(ben)},
			{ID: lead4}, {ID: lead5, Salesforce: id(ana)},
		}
		return adapterstest.SourceHarness{Source: newClient(t, o), Step: leadStep(), Want: want}
	})
}

func TestConformanceOwnerSink(t *testing.T) {
	adapterstest.RunOwnerSinkConformance(t, func() adapterstest.SinkHarness {
		o := newFakeOrg(t)
		leads(o)
		c := newClient(t, o)
		return adapterstest.SinkHarness{
			Sink: c, Source: readBack{c},
			Step:    syncstep.Step{Key: "people_to_leads", Object: "Lead", Direction: ownership.ReplyToSalesforce},
			Owner:   ownership.Pair{Salesforce: id(ben)},
			Missing: id("00Q000000000009").String(),
		}
	})
}
