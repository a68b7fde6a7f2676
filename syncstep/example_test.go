package syncstep_test

import (
	"errors"
	"fmt"
	"slices"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

func exampleConfig() syncstep.Config {
	ann := ownership.MustParseSalesforceID("00558000001N0Ke")
	bob := ownership.MustParseSalesforceID("005000000000002")
	cfg := syncstep.Config{
		SalesforceUser: ownership.MustParseSalesforceID("005000000000009"),
		ReplyUser:      9,
		Steps:          syncstep.DefaultSteps(),
	}
	i := cfg.StepIndex(syncstep.StepContactsToPeople)
	cfg.Steps[i].Mappings = []ownership.Pair{{Salesforce: ann, Reply: 1}, {Salesforce: bob, Reply: 1}}
	cfg.Steps[i].Sequence = &syncstep.PeopleToSequence{SequenceID: 100, Owners: []ownership.ReplyUserID{1}}
	return cfg
}

func ExampleCompile() {
	plan, err := syncstep.Compile(exampleConfig(), syncstep.StepContactsToPeople)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, owner := range []string{"00558000001N0Ke", "00558000001n0keaak", "005000000000003"} {
		d, _ := plan.ResolveSalesforceOwner(owner)
		fmt.Printf("%s: %s, enroll %v\n  %s\n", owner, d.Outcome, d.Enroll, d.Why())
	}
	// Output:
	// 00558000001N0Ke: mapped, enroll true
	//   mappings[0] maps Salesforce owner 00558000001N0KeAAK to Reply owner 1
	// 00558000001n0keaak: mapped, enroll true
	//   mappings[0] maps Salesforce owner 00558000001N0KeAAK to Reply owner 1
	// 005000000000003: skipped, enroll false
	//   Salesforce owner 005000000000003AAA is not mapped; skipped: not assigned and not added to sequences
}

func ExampleCompileStep_conflict() {
	ann := ownership.MustParseSalesforceID("00558000001N0Ke")
	step := syncstep.Step{Key: "contacts", Direction: ownership.SalesforceToReply, Mappings: []ownership.Pair{
		{Salesforce: ann, Reply: 1},
		{Salesforce: ownership.MustParseSalesforceID("00558000001N0KeAAK"), Reply: 2},
	}}
	_, err := syncstep.CompileStep(step, ownership.Pair{})
	var ce *syncstep.CompileError
	if errors.As(err, &ce) {
		for _, c := range ce.Conflicts() {
			fmt.Println(errors.Is(err, syncstep.ErrDuplicateOwner), c.OwnerText(), c.First, c.Index)
		}
	}
	// Output:
	// true 00558000001N0KeAAK 0 1
}

func ExamplePlan_DryRun() {
	plan, _ := syncstep.Compile(exampleConfig(), syncstep.StepContactsToPeople)
	records := []syncstep.Record{
		{ID: "003A", Salesforce: ownership.MustParseSalesforceID("00558000001N0Ke"), Reply: 1},
		{ID: "003B", Salesforce: ownership.MustParseSalesforceID("005000000000002"), Reply: 4},
		{ID: "003C", Salesforce: ownership.MustParseSalesforceID("005000000000003")},
	}
	rep := plan.DryRun(slices.Values(records))
	for _, c := range rep.Changes {
		fmt.Printf("change %s: %s → %s\n", c.Record.ID, c.From(), c.To())
	}
	for _, s := range rep.Skips {
		fmt.Printf("skip %s: %s\n", s.Record.ID, s.Decision.Outcome)
	}
	c := rep.Counts
	fmt.Printf("records %d, changes %d, unchanged %d, skipped %d, enrolled %d\n", c.Records, c.Changes, c.Unchanged, c.Skipped, c.Enrolled)
	// Output:
	// change 003B: 4 → 1
	// skip 003C: skipped
	// records 3, changes 1, unchanged 1, skipped 1, enrolled 2
}

func ExampleApplyAll() {
	cfg := exampleConfig()
	_, err := syncstep.ApplyAll(cfg, syncstep.StepContactsToPeople)
	var ae *syncstep.ApplyAllError
	if errors.As(err, &ae) {
		fmt.Println(errors.Is(err, syncstep.ErrApplyAllConflict))
		for _, c := range ae.Conflicts() {
			fmt.Printf("%s: Reply owner %s mapped twice\n", c.Step, c.OwnerText())
		}
	}
	// Output:
	// true
	// people_to_contacts: Reply owner 1 mapped twice
	// people_to_leads: Reply owner 1 mapped twice
	// people_statuses_to_lead_statuses: Reply owner 1 mapped twice
	// inbox_categories_to_lead_statuses: Reply owner 1 mapped twice
	// activities_to_tasks: Reply owner 1 mapped twice
	// notes_to_notes: Reply owner 1 mapped twice
	// linkedin_to_tasks: Reply owner 1 mapped twice
}

func ExampleSuggest() {
	ann := ownership.MustParseSalesforceID("00558000001N0Ke")
	bob := ownership.MustParseSalesforceID("005000000000002")
	users := []ownership.SalesforceUser{
		{ID: ann, Email: "Ann@Example.com", Active: true},
		{ID: bob, Email: "bob@example.com", Active: true},
	}
	members := []ownership.ReplyMember{
		{ID: 1, Email: " ann@example.com", Active: true},
		{ID: 2, Email: "bob@example.com", Active: true},
		{ID: 3, Email: "bob@example.com", Active: true},
	}
	s := syncstep.Suggest(ownership.SalesforceToReply, nil, users, members)
	for i, p := range s.Pairs {
		fmt.Println(s.Emails[i], p)
	}
	for _, a := range s.Ambiguous {
		fmt.Println("ambiguous:", a.Email, a.Reply)
	}
	// Output:
	// ann@example.com 00558000001N0KeAAK ↔ 1
	// ambiguous: bob@example.com [2 3]
}

func ExampleEncodeConfig() {
	cfg := syncstep.Config{
		SalesforceUser: ownership.MustParseSalesforceID("005000000000009"),
		ReplyUser:      9,
		Steps: []syncstep.Step{{
			Key:       syncstep.StepPeopleToLeads,
			Object:    "Lead",
			Direction: ownership.ReplyToSalesforce,
			Mappings:  []ownership.Pair{{Salesforce: ownership.MustParseSalesforceID("00558000001N0Ke"), Reply: 1}},
			Unmapped:  syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce},
		}},
	}
	out, _ := syncstep.EncodeConfig(cfg)
	fmt.Print(string(out))
	// Output:
	// {
	//   "version": 1,
	//   "salesforce_user": "005000000000009AAA",
	//   "reply_user": 9,
	//   "steps": [
	//     {
	//       "key": "people_to_leads",
	//       "object": "Lead",
	//       "direction": "reply_to_salesforce",
	//       "mappings": [
	//         {
	//           "salesforce_owner": "00558000001N0KeAAK",
	//           "reply_owner": 1
	//         }
	//       ],
	//       "unmapped": {
	//         "action": "leave_to_salesforce"
	//       }
	//     }
	//   ]
	// }
}

func ExampleDecodeConfig() {
	_, err := syncstep.DecodeConfig([]byte(`{"version": 1, "steps": [{"key": "a", "mappings": [{"salesforce_owner": "005", "reply_owner": 0}]}]}`))
	var de *syncstep.DecodeError
	if errors.As(err, &de) {
		for _, p := range de.Problems {
			fmt.Println(p.Code, p.Path)
		}
	}
	// Output:
	// invalid-salesforce-id steps[0].mappings[0].salesforce_owner
	// invalid-reply-owner steps[0].mappings[0].reply_owner
}
