package validate_test

import (
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// The sample org and team of the table tests.
var (
	sfID = ownership.MustParseSalesforceID

	ana     = sfID("00558000001N0KeAAK") // active user, the connected account
	ana15   = sfID("00558000001N0Ke")    // Ana again, 15-character form
	ben     = sfID("005580000028YqKAAU") // active user
	carl    = sfID("005580000028YqLAAU") // inactive user
	ghost   = sfID("005580000028YqM")    // a user the org does not have
	leadQ   = sfID("00G58000000abCdEAI") // a queue that may own Leads and Cases
	contact = sfID("003D0000001aH2AIAU") // a Contact: not an owner
)

const (
	integrator ownership.ReplyUserID = 100 // the integrating Reply user, team owner
	replyAna   ownership.ReplyUserID = 101
	replyBen   ownership.ReplyUserID = 102
	replyGone  ownership.ReplyUserID = 103 // deactivated
	replyDee   ownership.ReplyUserID = 104 // active, mapped nowhere
	replyNone  ownership.ReplyUserID = 999 // not a member
)

// fullFacts knows everything the rules need, and is consistent with
// validConfig.
func fullFacts() validate.Facts {
	return validate.Facts{
		SalesforceUsers: []ownership.SalesforceUser{
			{ID: ana, Name: "Ana", Email: "ana@example.com", Active: true},
			{ID: ben, Name: "Ben", Email: "ben@example.com", Active: true},
			{ID: carl, Name: "Carl", Email: "carl@example.com", Active: false},
		},
		Queues: []ownership.Queue{
			{ID: leadQ, Name: "Lead queue", Objects: []string{"Lead", "Case"}},
		},
		AssignmentRuleObjects: []string{},
		ReplyMembers: []ownership.ReplyMember{
			{ID: integrator, Email: "ops@example.com", Active: true, IntegrationEnabled: true},
			{ID: replyAna, Email: "ana@example.com", Active: true},
			{ID: replyBen, Email: "ben@example.com", Active: true},
			{ID: replyGone, Email: "gone@example.com", Active: false},
			{ID: replyDee, Email: "dee@example.com", Active: true},
		},
		TeamOwner: integrator,
		Workspace: ownership.TeamEdition,
	}
}

// validConfig is a configuration that validates with no diagnostic at all
// against fullFacts: every step has pairs, a queue is used only as a source
// or as the owner of Leads, the People to sequence owner is mapped, and the
// fallbacks are active owners.
func validConfig() syncstep.Config {
	const s2r, r2s = ownership.SalesforceToReply, ownership.ReplyToSalesforce
	return syncstep.Config{
		SalesforceUser: ana,
		ReplyUser:      integrator,
		Steps: []syncstep.Step{
			{
				Key: syncstep.StepContactsToPeople, Object: "Contact", Direction: s2r,
				Filters:  []syncstep.Filter{{Field: "LeadSource", Operator: syncstep.OpEquals, Values: []string{"Web"}}},
				Sequence: &syncstep.PeopleToSequence{SequenceID: 7, Owners: []ownership.ReplyUserID{replyAna}},
				Mappings: []ownership.Pair{{Salesforce: ana, Reply: replyAna}, {Salesforce: ben, Reply: replyBen}},
				Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Reply: integrator}},
			},
			{
				Key: syncstep.StepLeadsToPeople, Object: "Lead", Direction: s2r,
				Mappings: []ownership.Pair{{Salesforce: leadQ, Reply: replyAna}, {Salesforce: ana, Reply: replyAna}},
			},
			{
				Key: syncstep.StepPeopleToContacts, Object: "Contact", Direction: r2s,
				Mappings: []ownership.Pair{{Salesforce: ana, Reply: replyAna}, {Salesforce: ben, Reply: replyBen}},
				Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedLeaveToSalesforce},
			},
			{
				Key: syncstep.StepPeopleToLeads, Object: "Lead", Direction: r2s,
				Mappings: []ownership.Pair{{Salesforce: leadQ, Reply: replyAna}, {Salesforce: leadQ, Reply: replyBen}},
				Unmapped: syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Salesforce: ana}},
			},
		},
	}
}

// found is what tests compare: the stable identity of a diagnostic.
type found struct {
	Severity validate.Severity
	Code     validate.Code
	Path     string
}

func identities(ds validate.Diagnostics) []found {
	var out []found
	for _, d := range ds {
		out = append(out, found{d.Severity, d.Code, d.Path})
	}
	return out
}

const (
	sevError   = validate.SeverityError
	sevWarning = validate.SeverityWarning
	sevInfo    = validate.SeverityInfo
)
