package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// Salesforce owners of the sample org. Ana's ID is written in its
// 15-character form in one step and its 18-character form in another: both
// are one owner.
var (
	ana15  = "00558000001N0Ke"    // Ana, 15-character form
	ana18  = "00558000001N0KeAAK" // Ana again, 18-character form
	ben    = "005580000028YqKAAU" // Ben
	leads  = "00G58000000abCdEAI" // a lead queue
	nobody = "005580000028YqLAAU" // an owner nobody mapped
)

// Reply team members.
const (
	replyAna      ownership.ReplyUserID = 101
	replyBen      ownership.ReplyUserID = 102
	replyIntegr   ownership.ReplyUserID = 100 // the integrating Reply user
	sequenceOwner ownership.ReplyUserID = 101
)

func run(w io.Writer) error {
	id := ownership.MustParseSalesforceID
	cfg := syncstep.Config{
		SalesforceUser: id(ana18),
		ReplyUser:      replyIntegr,
		Steps:          syncstep.DefaultSteps(),
	}
	set := func(key string, f func(*syncstep.Step)) {
		f(&cfg.Steps[cfg.StepIndex(key)])
	}
	// Salesforce → Reply: each Salesforce owner once; Reply owners may repeat.
	set(syncstep.StepContactsToPeople, func(s *syncstep.Step) {
		s.Mappings = []ownership.Pair{
			{Salesforce: id(ana15), Reply: replyAna},
			{Salesforce: id(ben), Reply: replyBen},
			{Salesforce: id(leads), Reply: replyBen},
		}
		s.Sequence = &syncstep.PeopleToSequence{SequenceID: 7, Owners: []ownership.ReplyUserID{sequenceOwner}}
	})
	// Reply → Salesforce: each Reply owner once; Salesforce owners may repeat.
	set(syncstep.StepActivitiesToTasks, func(s *syncstep.Step) {
		s.Mappings = []ownership.Pair{
			{Salesforce: id(ana18), Reply: replyAna},
			{Salesforce: id(ben), Reply: replyBen},
		}
		s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Salesforce: id(ana18)}}
	})
	set(syncstep.StepPeopleToLeads, func(s *syncstep.Step) {
		s.Mappings = []ownership.Pair{{Salesforce: id(ben), Reply: replyBen}}
		s.Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce}
	})

	plans, err := syncstep.CompileAll(cfg)
	if err != nil {
		return err
	}

	type sample struct {
		step, record, owner string
		reply               ownership.ReplyUserID
	}
	samples := []sample{
		{step: syncstep.StepContactsToPeople, record: "003580000012abcAAA", owner: ana18},
		{step: syncstep.StepContactsToPeople, record: "003580000012abdAAA", owner: "00558000001n0keaak"},
		{step: syncstep.StepContactsToPeople, record: "003580000012abeAAA", owner: ben},
		{step: syncstep.StepContactsToPeople, record: "003580000012abfAAA", owner: nobody},
		{step: syncstep.StepLeadsToPeople, record: "00Q580000012abcEAA", owner: ben},
		{step: syncstep.StepActivitiesToTasks, record: "reply-email-9001", reply: replyAna},
		{step: syncstep.StepActivitiesToTasks, record: "reply-call-9002", reply: 999},
		{step: syncstep.StepPeopleToLeads, record: "reply-person-77", reply: replyBen},
		{step: syncstep.StepPeopleToLeads, record: "reply-person-78", reply: replyAna},
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tRECORD\tOWNER IN\tOWNER OUT\tOUTCOME\tWHY")
	for _, s := range samples {
		p := plans[s.step]
		var d syncstep.Decision
		if p.Direction() == ownership.SalesforceToReply {
			if d, err = p.ResolveSalesforceOwner(s.owner); err != nil {
				return err
			}
		} else {
			d = p.Resolve(syncstep.Record{ID: s.record, Reply: s.reply})
		}
		in := s.owner
		if in == "" {
			in = s.reply.String()
		}
		out := d.Target()
		if out == "" {
			out = "-"
		}
		why := d.Why()
		if d.Enroll {
			why += "; enrolled in the sequence"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.step, s.record, in, out, d.Outcome, why)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// Validate the integration against what the org and the team say.
	facts := validate.Facts{
		SalesforceUsers: []ownership.SalesforceUser{
			{ID: id(ana18), Name: "Ana", Email: "ana@example.com", Active: true},
			{ID: id(ben), Name: "Ben", Email: "ben@example.com", Active: true},
		},
		Queues:                []ownership.Queue{{ID: id(leads), Name: "Inbound leads", Objects: []string{"Lead"}}},
		AssignmentRuleObjects: []string{"Lead"},
		ReplyMembers: []ownership.ReplyMember{
			{ID: replyIntegr, Email: "integration@example.com", Active: true, IntegrationEnabled: true},
			{ID: replyAna, Email: "ana@example.com", Active: true},
			{ID: replyBen, Email: "ben@example.com", Active: true},
		},
		TeamOwner: replyIntegr,
		Workspace: ownership.TeamEdition,
	}
	ds := validate.Config(cfg, facts)
	fmt.Fprintf(w, "\nvalidation: %d error(s), %d warning(s), %d info(s)\n", len(ds.Errors()), len(ds.Warnings()), len(ds.Infos()))
	for _, d := range ds {
		fmt.Fprintf(w, "  %-7s %-40s %-24s %s\n", d.Severity, d.Path, d.Code, d.Summary)
	}
	return nil
}
