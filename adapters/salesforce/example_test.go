package salesforce_test

import (
	"fmt"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/salesforce"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// A step's filters become SOQL with every value escaped.
func ExampleRecordsQuery() {
	step := syncstep.Step{
		Object:    "Lead",
		Direction: ownership.SalesforceToReply,
		Filters: []syncstep.Filter{
			{Field: "Status", Operator: syncstep.OpIn, Values: []string{"Open", "Working"}},
			{Field: "Company", Operator: syncstep.OpNotEquals, Values: []string{"O'Brien & Sons"}},
		},
	}
	q, err := salesforce.RecordsQuery(step, "00Q000000000001")
	fmt.Println(q, err)

	step.Object = "Lead WHERE Name != null"
	_, err = salesforce.RecordsQuery(step, "")
	fmt.Println(err)
	// Output:
	// SELECT Id, OwnerId FROM Lead WHERE (Status IN ('Open', 'Working')) AND (Company != 'O\'Brien & Sons') AND Id > '00Q000000000001EAA' ORDER BY Id <nil>
	// salesforce: unsafe query input: object "Lead WHERE Name != null" is not a Salesforce API name
}

// An embedder with their own Salesforce client classifies its failures the
// same way.
func ExampleClassifyError() {
	body := []byte(`[{"message":"operation performed with inactive user","errorCode":"INACTIVE_OWNER_OR_USER","fields":[]}]`)
	err := salesforce.ClassifyError(400, body)
	fmt.Println(adapters.KindOf(err), adapters.CodeOf(err), adapters.KindOf(err).Retryable())

	err = salesforce.ClassifyError(403, []byte(`[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`))
	fmt.Println(adapters.KindOf(err), adapters.KindOf(err).Retryable())
	// Output:
	// permanent INACTIVE_OWNER_OR_USER false
	// rate_limited true
}

func ExampleQuoteString() {
	q, _ := salesforce.QuoteString("it's a \\ and a\nnewline")
	fmt.Println(q)
	// Output:
	// 'it\'s a \\ and a\nnewline'
}
