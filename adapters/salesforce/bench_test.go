package salesforce_test

import (
	"testing"

	"github.com/ownermap/ownermap/adapters/salesforce"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func BenchmarkRecordsQuery(b *testing.B) {
	step := syncstep.Step{Object: "Lead", Direction: ownership.SalesforceToReply, Filters: []syncstep.Filter{
		{Field: "Status", Operator: syncstep.OpIn, Values: []string{"Open", "Working - Contacted", "O'Brien\n"}},
		{Field: "Account.Industry", Operator: syncstep.OpNotEquals, Values: []string{"Retail"}},
	}}
	for b.Loop() {
		if _, err := salesforce.RecordsQuery(step, "00Q000000000001"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClassifyError(b *testing.B) {
	body := []byte(`[{"message":"unable to obtain exclusive access to this record","errorCode":"UNABLE_TO_LOCK_ROW","fields":[]}]`)
	for b.Loop() {
		if salesforce.ClassifyError(400, body) == nil {
			b.Fatal("nil")
		}
	}
}
