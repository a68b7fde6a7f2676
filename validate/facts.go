package validate

import "github.com/ownermap/ownermap/ownership"

// Facts is what the world says about an integration, gathered by the
// embedder or by package adapters, never invented by validation. Every field
// is optional: a rule that needs a fact that is not known is skipped, and
// validation says so with one facts-missing info diagnostic per missing
// fact.
//
// For the slices, nil means "not known" and an empty, non-nil slice means
// "known to be empty". In JSON an absent field is not known and [] is known
// to be empty. When a directory lists one ID twice, the first entry counts.
// An ID counts only as the kind its key prefix says: a 00G ID among
// SalesforceUsers is not a user, and a 005 ID among Queues is not a queue.
type Facts struct {
	// SalesforceUsers are the org's users, active or not.
	SalesforceUsers []ownership.SalesforceUser `json:"salesforce_users"`
	// Queues are the org's queues, each with the objects it may own.
	Queues []ownership.Queue `json:"queues"`
	// AssignmentRuleObjects are the objects (API names, such as Lead and
	// Case) that have an active Salesforce assignment rule.
	AssignmentRuleObjects []string `json:"assignment_rule_objects"`
	// ReplyMembers are the Reply team's members, active or not.
	ReplyMembers []ownership.ReplyMember `json:"reply_members"`
	// TeamOwner is the Reply team's owner; zero when not known.
	TeamOwner ownership.ReplyUserID `json:"team_owner,omitempty"`
	// Workspace is the Reply workspace mode; WorkspaceUnknown when not
	// known.
	Workspace ownership.WorkspaceMode `json:"workspace,omitempty"`
}
