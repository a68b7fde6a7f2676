package validate_test

import (
	"errors"
	"fmt"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// A Salesforce → Reply step that maps Ana twice (once in each ID form) and
// has an Owner ID filter beside its pairs: validation reports both, sorted
// by path, with stable codes to branch on.
func ExampleConfig() {
	id := ownership.MustParseSalesforceID
	cfg := syncstep.Config{
		SalesforceUser: id("00558000001N0KeAAK"),
		ReplyUser:      100,
		Steps: []syncstep.Step{{
			Key:       syncstep.StepContactsToPeople,
			Object:    "Contact",
			Direction: ownership.SalesforceToReply,
			Filters:   []syncstep.Filter{{Field: "OwnerId", Operator: syncstep.OpEquals, Values: []string{"00558000001N0Ke"}}},
			Mappings: []ownership.Pair{
				{Salesforce: id("00558000001N0KeAAK"), Reply: 101},
				{Salesforce: id("00558000001N0Ke"), Reply: 102},
			},
		}},
	}
	facts := validate.Facts{
		SalesforceUsers: []ownership.SalesforceUser{{ID: id("00558000001N0Ke"), Name: "Ana", Active: true}},
		Queues:          []ownership.Queue{},
		ReplyMembers: []ownership.ReplyMember{
			{ID: 100, Active: true, IntegrationEnabled: true},
			{ID: 101, Active: true},
			{ID: 102, Active: true},
		},
		TeamOwner: 100,
		Workspace: ownership.TeamEdition,
	}
	ds := validate.Config(cfg, facts)
	for _, d := range ds {
		fmt.Println(d.Severity, d.Path, d.Code)
	}
	fmt.Println("can save:", ds.Err() == nil)
	// Output:
	// error steps[0].filters[0] owner-id-filter-conflict
	// error steps[0].mappings[1].salesforce_owner duplicate-salesforce-owner
	// can save: false
}

// JSON reports what is wrong with a configuration file in one pass:
// decoding problems and the rules broken by what could be decoded, each
// with the line and column of its value (facts-missing infos are about the
// facts, not the file, and have none).
func ExampleJSON() {
	doc := []byte(`{
  "version": 1,
  "salesforce_user": "00558000001N0KeAAK",
  "reply_user": 100,
  "steps": [{
    "key": "people_to_contacts",
    "object": "Contact",
    "direction": "reply_to_salesforce",
    "mappings": [
      {"salesforce_owner": "00G58000000abCdEAI", "reply_owner": 101},
      {"salesforce_owner": "00558000001N0Ke", "reply_owner": 101}
    ],
    "unmaped": {"action": "skip"}
  }]
}`)
	for _, d := range validate.JSON(doc, validate.Facts{}) {
		if d.Line > 0 {
			fmt.Printf("%d:%d: ", d.Line, d.Column)
		}
		fmt.Println(d.Severity, d.Path, d.Code, d.Value)
	}
	// Output:
	// info  facts-missing queues
	// info  facts-missing reply_members
	// info  facts-missing salesforce_users
	// info  facts-missing team_owner
	// info  facts-missing workspace
	// 10:28: error steps[0].mappings[0].salesforce_owner queue-not-allowed 00G58000000abCdEAI
	// 11:62: error steps[0].mappings[1].reply_owner duplicate-reply-owner 101
	// 13:16: error steps[0].unmaped unknown-field unmaped
}

// Err turns diagnostics into an error only when one of them is an error;
// errors.As reaches every diagnostic.
func ExampleDiagnostics_Err() {
	cfg := syncstep.Config{Steps: []syncstep.Step{{Key: "a", Object: "Lead"}}}
	err := validate.Config(cfg, validate.Facts{}).Err()
	var verr *validate.Error
	if errors.As(err, &verr) {
		for _, d := range verr.Diagnostics.Errors() {
			fmt.Println(d.Path, d.Code)
		}
	}
	fmt.Println(errors.Is(err, validate.ErrInvalid))
	// Output:
	// steps[0].direction missing-direction
	// true
}

// Paths are built by chaining and print with the configuration's JSON
// field names.
func ExamplePath() {
	p := validate.Root("steps").Index(2).Child("mappings").Index(1).Child("salesforce_owner")
	fmt.Println(p)
	fmt.Println(validate.ComparePaths("steps[2].key", "steps[10].key"))
	// Output:
	// steps[2].mappings[1].salesforce_owner
	// -1
}

// Catalogue lists every rule, so a tool can print it.
func ExampleCatalogue() {
	for _, r := range validate.Catalogue()[:3] {
		fmt.Println(r.Code, r.Severities)
	}
	// Output:
	// invalid-salesforce-id [error]
	// not-an-owner-id [error]
	// invalid-reply-owner [error]
}
