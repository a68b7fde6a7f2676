package validate

import (
	"slices"

	"github.com/ownermap/ownermap/syncstep"
)

// Code names the rule a diagnostic comes from. Codes are kebab-case, stable
// and never renamed: they are the package's public contract. The package
// documentation describes each one with its severity, cause and fix.
type Code string

// The rules catalogue. Each constant's value is its stable text.
const (
	// CodeInvalidSalesforceID: a Salesforce ID is malformed, or missing
	// where one is required (a pair, a fallback, the connected account).
	CodeInvalidSalesforceID Code = syncstep.CodeInvalidSalesforceID
	// CodeNotAnOwnerID: a well-formed Salesforce ID whose key prefix is
	// neither User (005) nor Queue (00G).
	CodeNotAnOwnerID Code = "not-an-owner-id"
	// CodeInvalidReplyOwner: a Reply owner that is missing or not a
	// positive userId.
	CodeInvalidReplyOwner Code = syncstep.CodeInvalidReplyOwner
	// CodeMissingKey: a step without a key.
	CodeMissingKey Code = "missing-key"
	// CodeMissingDirection: a step without a direction.
	CodeMissingDirection Code = "missing-direction"
	// CodeMissingObject: a step without a Salesforce object.
	CodeMissingObject Code = "missing-object"
	// CodeDuplicateStep: two steps with one key.
	CodeDuplicateStep Code = "duplicate-step"
	// CodeDuplicateSalesforceOwner: a Salesforce → Reply step names one
	// Salesforce owner in two pairs, in either ID form.
	CodeDuplicateSalesforceOwner Code = "duplicate-salesforce-owner"
	// CodeDuplicateReplyOwner: a Reply → Salesforce step names one Reply
	// owner in two pairs.
	CodeDuplicateReplyOwner Code = "duplicate-reply-owner"
	// CodeOwnerIDFilterConflict: a step has an Owner ID filter beside its
	// ownership mappings.
	CodeOwnerIDFilterConflict Code = "owner-id-filter-conflict"
	// CodeUnmappedSequenceOwner: a People to sequence owner that the step
	// never resolves a record to.
	CodeUnmappedSequenceOwner Code = "unmapped-sequence-owner"
	// CodeMappingsUnavailable: pairs are set, but the workspace gives no
	// access to ownership mappings.
	CodeMappingsUnavailable Code = "mappings-unavailable"
	// CodeNotTeamOwner: the integration was set up from an account other
	// than the team owner's.
	CodeNotTeamOwner Code = "not-team-owner"
	// CodeTeammateIntegrationEnabled: another teammate also has the
	// Salesforce integration enabled.
	CodeTeammateIntegrationEnabled Code = "teammate-integration-enabled"
	// CodeAssignmentRulesActive: a step writes owners to an object that has
	// an active Salesforce assignment rule.
	CodeAssignmentRulesActive Code = "assignment-rules-active"
	// CodeUnknownSalesforceOwner: a Salesforce owner the directory does not
	// have.
	CodeUnknownSalesforceOwner Code = "unknown-salesforce-owner"
	// CodeUnknownReplyOwner: a Reply owner who is not a member of the team.
	CodeUnknownReplyOwner Code = "unknown-reply-owner"
	// CodeInactiveOwner: an inactive Salesforce user or deactivated Reply
	// member; an error as a write target, a warning as a source.
	CodeInactiveOwner Code = "inactive-owner"
	// CodeQueueNotAllowed: a queue would become owner of an object it may
	// not own.
	CodeQueueNotAllowed Code = "queue-not-allowed"
	// CodeInvalidFallbackOwner: the fallback owner of an unmapped policy
	// fails the checks that pairs get.
	CodeInvalidFallbackOwner Code = "invalid-fallback-owner"
	// CodeApplyAllConflict: "Save and apply for all steps" would break a
	// step, or names no step.
	CodeApplyAllConflict Code = "apply-all-conflict"
	// CodeDefaultPairApplies: a step has no pairs, so the default pair owns
	// everything it syncs.
	CodeDefaultPairApplies Code = "default-pair-applies"
	// CodeFactsMissing: a rule was skipped because a fact it needs was not
	// given; Value names the fact.
	CodeFactsMissing Code = "facts-missing"

	// CodeMalformedJSON and the codes below come from decoding JSON
	// (syncstep.DecodeConfig) and are always errors.
	CodeMalformedJSON      Code = syncstep.CodeMalformedJSON
	CodeUnsupportedVersion Code = syncstep.CodeUnsupportedVersion
	CodeUnknownField       Code = syncstep.CodeUnknownField
	CodeDuplicateField     Code = syncstep.CodeDuplicateField
	CodeWrongType          Code = syncstep.CodeWrongType
	// CodeInvalidValue: a value outside its set (a direction, an operator,
	// an unmapped action), also reported by Config for an unmapped action
	// that the step's direction does not allow.
	CodeInvalidValue Code = syncstep.CodeInvalidValue
)

// The facts a rule may need, as facts-missing diagnostics name them in
// their Value. They are the JSON names of the Facts fields, plus
// FactQueueObjects for a queue listed without its objects.
const (
	FactSalesforceUsers       = "salesforce_users"
	FactQueues                = "queues"
	FactQueueObjects          = "queues.objects"
	FactAssignmentRuleObjects = "assignment_rule_objects"
	FactReplyMembers          = "reply_members"
	FactTeamOwner             = "team_owner"
	FactWorkspace             = "workspace"
)

// Rule describes one code of the catalogue, for tools that print it.
type Rule struct {
	// Code is the stable code.
	Code Code
	// Severities are the severities the rule reports, most severe first:
	// two for the rules whose severity depends on the case
	// (owner-id-filter-conflict, inactive-owner).
	Severities []Severity
	// Summary says, in one sentence, when the rule fires.
	Summary string
	// Fix says what to do about it.
	Fix string
}

var catalogue = []Rule{
	{CodeInvalidSalesforceID, errs, "A Salesforce ID is malformed (not 15 or 18 characters of 0-9, A-Z, a-z, or an 18-character ID whose last three characters are impossible), or missing where one is required.", "Copy the 15- or 18-character ID from the user's or queue's page in Salesforce."},
	{CodeNotAnOwnerID, errs, "A well-formed Salesforce ID names something that cannot own records: its key prefix is neither 005 (User) nor 00G (Queue), for example a Contact (003).", "Use the ID of a Salesforce user or queue, not of a record."},
	{CodeInvalidReplyOwner, errs, "A Reply owner is missing or is not a positive Reply userId.", "Pick the team member in Reply, or use their positive userId."},
	{CodeMissingKey, errs, "A step has no key.", "Give every step a stable key, such as contacts_to_people."},
	{CodeMissingDirection, errs, "A step has no direction.", "Set direction to salesforce_to_reply or reply_to_salesforce."},
	{CodeMissingObject, errs, "A step has no Salesforce object.", "Set object to the Salesforce object the step syncs, such as Contact or Lead."},
	{CodeDuplicateStep, errs, "Two steps have the same key.", "Give each step its own key, or remove the repeated step."},
	{CodeDuplicateSalesforceOwner, errs, "In a Salesforce → Reply step, one Salesforce owner is mapped twice (the 15- and 18-character forms of an ID are the same owner).", "Each Salesforce owner can be mapped only once in this direction: remove or change one of the pairs."},
	{CodeDuplicateReplyOwner, errs, "In a Reply → Salesforce step, one Reply owner is mapped twice.", "Each Reply owner can be mapped only once in this direction: remove or change one of the pairs."},
	{CodeOwnerIDFilterConflict, errAndWarning, "A step has an Owner ID filter together with ownership mappings (an error when pairs are set, a warning when only the default pair applies).", "Remove the Owner ID filter and let the ownership mappings decide which owners' records sync."},
	{CodeUnmappedSequenceOwner, errs, "A People to sequence owner is not an owner the step's mappings lead to, so nobody's contacts are ever added to the sequence through them.", "Select only owners included in the step's ownership mappings, or add a pair for them."},
	{CodeMappingsUnavailable, errs, "Pairs are set, but the workspace is neither Team Edition nor Private mode with the integrating user as team owner, so Reply does not offer ownership mappings.", "Enable Team Edition, or set up the integration from the team owner's account in Private mode, or remove the pairs."},
	{CodeNotTeamOwner, warnings, "The integration was set up from a Reply account other than the team owner's.", "Set up the integration from the team owner's account and map other team members with ownership mappings."},
	{CodeTeammateIntegrationEnabled, warnings, "Another teammate also has the Salesforce integration enabled, which can conflict with this one.", "Disable the integration on the other teammates' accounts and map them with ownership mappings instead."},
	{CodeAssignmentRulesActive, warnings, "The step writes owners to a Salesforce object that has an active assignment rule, which can overwrite the mapped owner.", "Deactivate the assignment rule in Salesforce Setup, or make sure owners are written with the header Sforce-Auto-Assign: FALSE."},
	{CodeUnknownSalesforceOwner, errs, "A Salesforce owner is not among the org's users and queues.", "Check the ID in Salesforce; the user or queue may have been deleted or belong to another org."},
	{CodeUnknownReplyOwner, errs, "A Reply owner is not a member of the team.", "Pick a current member of the Reply team."},
	{CodeInactiveOwner, errAndWarning, "An owner is an inactive Salesforce user or a deactivated Reply member: an error where records would be written to them (Salesforce refuses with INACTIVE_OWNER_OR_USER), a warning where they are only a source.", "Reactivate the user, or map their records to an active owner."},
	{CodeQueueNotAllowed, errs, "A queue would become the owner of an object that the queue cannot own (Contact and Account never can).", "Map to a user, or add the object to the queue's supported objects in Salesforce Setup."},
	{CodeInvalidFallbackOwner, errs, "The fallback owner of the step's unmapped policy is missing, malformed, not an owner, unknown, inactive, or a queue that cannot own the step's object.", "Choose an active user (for example the integration account) as the fallback owner, or use the skip policy."},
	{CodeApplyAllConflict, errs, "Save and apply for all steps would break a step: pairs that are valid in one direction repeat an owner in the other (or no step has the key to copy from).", "Fix the pairs in the source step so no owner repeats on either side, or set each step's mappings separately."},
	{CodeDefaultPairApplies, infos, "A step has no pairs, so the connected Salesforce account and the Reply account used for the integration own everything it syncs.", "Nothing to do if that is what you want; otherwise add owner pairs to the step."},
	{CodeFactsMissing, infos, "A rule was skipped because a fact it needs was not given.", "Gather the named fact (with package adapters or your own clients) to run the rule."},
	{CodeMalformedJSON, errs, "The file is not valid JSON.", "Fix the syntax at the line and column given."},
	{CodeUnsupportedVersion, errs, "The file's version is missing or not one this library reads.", `Add "version": 1.`},
	{CodeUnknownField, errs, "The file has a field this format does not define.", "Remove it, or correct its spelling."},
	{CodeDuplicateField, errs, "A field appears twice in one object.", "Keep one of them."},
	{CodeWrongType, errs, "A value has the wrong JSON type.", "Write the value as the format expects (a string, a number, an array, an object)."},
	{CodeInvalidValue, errs, "A value is not one of its allowed values (a direction, a filter operator, an unmapped action, or leave_to_salesforce on a Salesforce → Reply step).", "Use one of the values the message lists."},
}

var (
	errs          = []Severity{SeverityError}
	warnings      = []Severity{SeverityWarning}
	infos         = []Severity{SeverityInfo}
	errAndWarning = []Severity{SeverityError, SeverityWarning}
)

// Catalogue returns every rule this package reports, in the order of the
// package documentation. Each call returns new slices that the caller may
// modify.
func Catalogue() []Rule {
	out := slices.Clone(catalogue)
	for i := range out {
		out[i].Severities = slices.Clone(out[i].Severities)
	}
	return out
}
