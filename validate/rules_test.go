package validate_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

func TestConfig_ValidConfigWithFullFactsHasNoDiagnostics(t *testing.T) {
	ds := validate.Config(validConfig(), fullFacts())
	require.Empty(t, ds)
	require.NoError(t, ds.Err())
}

func TestConfig_PrivateModeWithIntegratorAsTeamOwnerAllowsMappings(t *testing.T) {
	f := fullFacts()
	f.Workspace = ownership.PrivateMode
	require.Empty(t, validate.Config(validConfig(), f))
}

// Each case changes the valid configuration or the full facts minimally and
// names every diagnostic that must follow, by severity, code and path.
func TestConfig_EachRuleFiresAloneAtItsPath(t *testing.T) {
	type change func(c *syncstep.Config, f *validate.Facts)
	pairs := func(step int, ps ...ownership.Pair) change {
		return func(c *syncstep.Config, _ *validate.Facts) { c.Steps[step].Mappings = ps }
	}
	tests := []struct {
		name   string
		change change
		want   []found
	}{
		{
			name:   "invalid-salesforce-id/pair without Salesforce owner",
			change: pairs(0, ownership.Pair{Salesforce: ana, Reply: replyAna}, ownership.Pair{Reply: replyBen}),
			want:   []found{{sevError, validate.CodeInvalidSalesforceID, "steps[0].mappings[1].salesforce_owner"}},
		},
		{
			name: "invalid-salesforce-id/default pair used without connected account",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.SalesforceUser = ownership.SalesforceID{}
				c.Steps[1].Mappings = nil
			},
			want: []found{
				{sevError, validate.CodeInvalidSalesforceID, "salesforce_user"},
				{sevInfo, validate.CodeDefaultPairApplies, "steps[1].mappings"},
			},
		},
		{
			name:   "not-an-owner-id/Contact ID as owner",
			change: pairs(2, ownership.Pair{Salesforce: contact, Reply: replyAna}),
			want:   []found{{sevError, validate.CodeNotAnOwnerID, "steps[2].mappings[0].salesforce_owner"}},
		},
		{
			name:   "not-an-owner-id/connected account",
			change: func(c *syncstep.Config, _ *validate.Facts) { c.SalesforceUser = contact },
			want:   []found{{sevError, validate.CodeNotAnOwnerID, "salesforce_user"}},
		},
		{
			name:   "invalid-reply-owner/zero",
			change: pairs(2, ownership.Pair{Salesforce: ana, Reply: replyAna}, ownership.Pair{Salesforce: ben}),
			want:   []found{{sevError, validate.CodeInvalidReplyOwner, "steps[2].mappings[1].reply_owner"}},
		},
		{
			name:   "invalid-reply-owner/negative",
			change: pairs(1, ownership.Pair{Salesforce: ana, Reply: -4}),
			want:   []found{{sevError, validate.CodeInvalidReplyOwner, "steps[1].mappings[0].reply_owner"}},
		},
		{
			name: "invalid-reply-owner/sequence owner",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[0].Sequence.Owners = []ownership.ReplyUserID{replyAna, 0}
			},
			want: []found{{sevError, validate.CodeInvalidReplyOwner, "steps[0].people_to_sequence.owners[1]"}},
		},
		{
			name: "invalid-reply-owner/default pair used without Reply account",
			change: func(c *syncstep.Config, f *validate.Facts) {
				c.ReplyUser = 0
				c.Steps[2].Mappings = nil
				f.TeamOwner = 0 // otherwise not-team-owner could not be judged either
			},
			want: []found{
				{sevError, validate.CodeInvalidReplyOwner, "reply_user"},
				{sevInfo, validate.CodeDefaultPairApplies, "steps[2].mappings"},
			},
		},
		{
			name:   "missing-key",
			change: func(c *syncstep.Config, _ *validate.Facts) { c.Steps[1].Key = "" },
			want:   []found{{sevError, validate.CodeMissingKey, "steps[1].key"}},
		},
		{
			name:   "missing-direction",
			change: func(c *syncstep.Config, _ *validate.Facts) { c.Steps[1].Direction = ownership.DirectionUnspecified },
			want:   []found{{sevError, validate.CodeMissingDirection, "steps[1].direction"}},
		},
		{
			name:   "missing-object",
			change: func(c *syncstep.Config, _ *validate.Facts) { c.Steps[0].Object = " " },
			want:   []found{{sevError, validate.CodeMissingObject, "steps[0].object"}},
		},
		{
			name:   "duplicate-step/the later step",
			change: func(c *syncstep.Config, _ *validate.Facts) { c.Steps[3].Key = c.Steps[2].Key },
			want:   []found{{sevError, validate.CodeDuplicateStep, "steps[3].key"}},
		},
		{
			name: "duplicate-salesforce-owner/other ID form",
			change: pairs(0, ownership.Pair{Salesforce: ana, Reply: replyAna}, ownership.Pair{Salesforce: ben, Reply: replyBen},
				ownership.Pair{Salesforce: ana15, Reply: replyBen}),
			want: []found{{sevError, validate.CodeDuplicateSalesforceOwner, "steps[0].mappings[2].salesforce_owner"}},
		},
		{
			name:   "duplicate-salesforce-owner/allowed in reverse direction",
			change: pairs(2, ownership.Pair{Salesforce: ana, Reply: replyAna}, ownership.Pair{Salesforce: ana15, Reply: replyBen}),
			want:   nil,
		},
		{
			name:   "duplicate-reply-owner",
			change: pairs(2, ownership.Pair{Salesforce: ana, Reply: replyAna}, ownership.Pair{Salesforce: ben, Reply: replyBen}, ownership.Pair{Salesforce: ben, Reply: replyAna}),
			want:   []found{{sevError, validate.CodeDuplicateReplyOwner, "steps[2].mappings[2].reply_owner"}},
		},
		{
			name:   "duplicate-reply-owner/allowed in reverse direction",
			change: pairs(1, ownership.Pair{Salesforce: ana, Reply: replyAna}, ownership.Pair{Salesforce: ben, Reply: replyAna}),
			want:   nil,
		},
		{
			name: "owner-id-filter-conflict/error beside pairs",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[2].Filters = append(c.Steps[2].Filters, syncstep.Filter{Field: "ownerid", Operator: syncstep.OpIn, Values: []string{ana.String()}})
			},
			want: []found{{sevError, validate.CodeOwnerIDFilterConflict, "steps[2].filters[0]"}},
		},
		{
			name: "owner-id-filter-conflict/warning with only the default pair",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[0].Filters = append(c.Steps[0].Filters, syncstep.Filter{Field: "OwnerId", Operator: syncstep.OpEquals, Values: []string{ana.String()}})
				c.Steps[0].Mappings = nil
				c.Steps[0].Sequence.Owners = []ownership.ReplyUserID{integrator}
			},
			want: []found{
				{sevWarning, validate.CodeOwnerIDFilterConflict, "steps[0].filters[1]"},
				{sevInfo, validate.CodeDefaultPairApplies, "steps[0].mappings"},
			},
		},
		{
			name: "unmapped-sequence-owner",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[0].Sequence.Owners = []ownership.ReplyUserID{replyAna, replyDee, integrator}
			},
			want: []found{{sevError, validate.CodeUnmappedSequenceOwner, "steps[0].people_to_sequence.owners[1]"}},
		},
		{
			name: "mappings-unavailable/private mode, not the team owner",
			change: func(_ *syncstep.Config, f *validate.Facts) {
				f.Workspace = ownership.PrivateMode
				f.TeamOwner = replyAna
			},
			want: []found{
				{sevError, validate.CodeMappingsUnavailable, "steps[0].mappings"},
				{sevError, validate.CodeMappingsUnavailable, "steps[1].mappings"},
				{sevError, validate.CodeMappingsUnavailable, "steps[2].mappings"},
				{sevError, validate.CodeMappingsUnavailable, "steps[3].mappings"},
			},
		},
		{
			name:   "not-team-owner",
			change: func(_ *syncstep.Config, f *validate.Facts) { f.TeamOwner = replyAna },
			want:   []found{{sevWarning, validate.CodeNotTeamOwner, "reply_user"}},
		},
		{
			name:   "teammate-integration-enabled",
			change: func(_ *syncstep.Config, f *validate.Facts) { f.ReplyMembers[2].IntegrationEnabled = true },
			want:   []found{{sevWarning, validate.CodeTeammateIntegrationEnabled, "reply_user"}},
		},
		{
			name:   "assignment-rules-active/only where owners are written to Salesforce",
			change: func(_ *syncstep.Config, f *validate.Facts) { f.AssignmentRuleObjects = []string{"lead"} },
			want:   []found{{sevWarning, validate.CodeAssignmentRulesActive, "steps[3].object"}},
		},
		{
			name:   "unknown-salesforce-owner/user",
			change: pairs(2, ownership.Pair{Salesforce: ghost, Reply: replyAna}),
			want:   []found{{sevError, validate.CodeUnknownSalesforceOwner, "steps[2].mappings[0].salesforce_owner"}},
		},
		{
			name:   "unknown-salesforce-owner/queue",
			change: func(_ *syncstep.Config, f *validate.Facts) { f.Queues = []ownership.Queue{} },
			want: []found{
				{sevError, validate.CodeUnknownSalesforceOwner, "steps[1].mappings[0].salesforce_owner"},
				{sevError, validate.CodeUnknownSalesforceOwner, "steps[3].mappings[0].salesforce_owner"},
				{sevError, validate.CodeUnknownSalesforceOwner, "steps[3].mappings[1].salesforce_owner"},
			},
		},
		{
			name:   "unknown-reply-owner",
			change: pairs(1, ownership.Pair{Salesforce: ana, Reply: replyNone}),
			want:   []found{{sevError, validate.CodeUnknownReplyOwner, "steps[1].mappings[0].reply_owner"}},
		},
		{
			name:   "inactive-owner/Salesforce target is an error",
			change: pairs(2, ownership.Pair{Salesforce: ana, Reply: replyAna}, ownership.Pair{Salesforce: carl, Reply: replyBen}),
			want:   []found{{sevError, validate.CodeInactiveOwner, "steps[2].mappings[1].salesforce_owner"}},
		},
		{
			name:   "inactive-owner/Salesforce source is a warning",
			change: pairs(1, ownership.Pair{Salesforce: carl, Reply: replyAna}),
			want:   []found{{sevWarning, validate.CodeInactiveOwner, "steps[1].mappings[0].salesforce_owner"}},
		},
		{
			name:   "inactive-owner/Reply target is an error",
			change: pairs(1, ownership.Pair{Salesforce: ana, Reply: replyGone}),
			want:   []found{{sevError, validate.CodeInactiveOwner, "steps[1].mappings[0].reply_owner"}},
		},
		{
			name:   "inactive-owner/Reply source is a warning",
			change: pairs(2, ownership.Pair{Salesforce: ana, Reply: replyGone}),
			want:   []found{{sevWarning, validate.CodeInactiveOwner, "steps[2].mappings[0].reply_owner"}},
		},
		{
			name: "inactive-owner/default pair, error wins over warning",
			change: func(c *syncstep.Config, f *validate.Facts) {
				f.SalesforceUsers[0].Active = false // Ana: source of step 1, target of step 2
				c.Steps[0].Mappings = []ownership.Pair{{Salesforce: ben, Reply: replyAna}}
				c.Steps[1].Mappings = nil
				c.Steps[2].Mappings = nil
				c.Steps[3].Unmapped = syncstep.UnmappedPolicy{}
			},
			want: []found{
				{sevError, validate.CodeInactiveOwner, "salesforce_user"},
				{sevInfo, validate.CodeDefaultPairApplies, "steps[1].mappings"},
				{sevInfo, validate.CodeDefaultPairApplies, "steps[2].mappings"},
			},
		},
		{
			name: "inactive-owner/default pair only as a source is a warning",
			change: func(c *syncstep.Config, f *validate.Facts) {
				f.SalesforceUsers[0].Active = false
				c.Steps[0].Mappings = []ownership.Pair{{Salesforce: ben, Reply: replyAna}}
				c.Steps[1].Mappings = nil
				c.Steps[2].Mappings = []ownership.Pair{{Salesforce: ben, Reply: replyAna}}
				c.Steps[3].Unmapped = syncstep.UnmappedPolicy{}
			},
			want: []found{
				{sevWarning, validate.CodeInactiveOwner, "salesforce_user"},
				{sevInfo, validate.CodeDefaultPairApplies, "steps[1].mappings"},
			},
		},
		{
			name:   "queue-not-allowed/queue owning Contacts",
			change: pairs(2, ownership.Pair{Salesforce: leadQ, Reply: replyAna}),
			want:   []found{{sevError, validate.CodeQueueNotAllowed, "steps[2].mappings[0].salesforce_owner"}},
		},
		{
			name: "queue-not-allowed/object the queue does not list",
			change: func(_ *syncstep.Config, f *validate.Facts) {
				f.Queues[0].Objects = []string{"Case"}
			},
			want: []found{
				{sevError, validate.CodeQueueNotAllowed, "steps[3].mappings[0].salesforce_owner"},
				{sevError, validate.CodeQueueNotAllowed, "steps[3].mappings[1].salesforce_owner"},
			},
		},
		{
			name: "invalid-fallback-owner/inactive Reply member",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[0].Unmapped.Fallback.Reply = replyGone
			},
			want: []found{{sevError, validate.CodeInvalidFallbackOwner, "steps[0].unmapped.reply_owner"}},
		},
		{
			name: "invalid-fallback-owner/missing",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[3].Unmapped.Fallback = ownership.Pair{Reply: replyAna}
			},
			want: []found{{sevError, validate.CodeInvalidFallbackOwner, "steps[3].unmapped.salesforce_owner"}},
		},
		{
			name: "invalid-fallback-owner/queue on Contacts",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[2].Unmapped = syncstep.UnmappedPolicy{Action: syncstep.UnmappedFallback, Fallback: ownership.Pair{Salesforce: leadQ}}
			},
			want: []found{{sevError, validate.CodeInvalidFallbackOwner, "steps[2].unmapped.salesforce_owner"}},
		},
		{
			name: "invalid-fallback-owner/unknown user",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[3].Unmapped.Fallback.Salesforce = ghost
			},
			want: []found{{sevError, validate.CodeInvalidFallbackOwner, "steps[3].unmapped.salesforce_owner"}},
		},
		{
			name: "invalid-fallback-owner/not an owner",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[3].Unmapped.Fallback.Salesforce = contact
			},
			want: []found{{sevError, validate.CodeInvalidFallbackOwner, "steps[3].unmapped.salesforce_owner"}},
		},
		{
			name: "apply-all-conflict/Reply owner repeated in Reply → Salesforce steps",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[0].Mappings[1].Reply = replyAna // two Salesforce owners → one Reply owner
				c.Steps[0].Sequence.Owners = []ownership.ReplyUserID{replyAna}
				c.ApplyAllFrom = syncstep.StepContactsToPeople
			},
			want: []found{
				{sevError, validate.CodeApplyAllConflict, "steps[2].mappings"},
				{sevError, validate.CodeApplyAllConflict, "steps[3].mappings"},
			},
		},
		{
			name:   "apply-all-conflict/no such step",
			change: func(c *syncstep.Config, _ *validate.Facts) { c.ApplyAllFrom = "nope" },
			want:   []found{{sevError, validate.CodeApplyAllConflict, "apply_all_from"}},
		},
		{
			name:   "apply-all-conflict/none when the pairs fit every direction",
			change: func(c *syncstep.Config, _ *validate.Facts) { c.ApplyAllFrom = syncstep.StepPeopleToContacts },
			want:   nil,
		},
		{
			name:   "default-pair-applies",
			change: pairs(1),
			want:   []found{{sevInfo, validate.CodeDefaultPairApplies, "steps[1].mappings"}},
		},
		{
			name:   "facts-missing",
			change: func(_ *syncstep.Config, f *validate.Facts) { f.Workspace = ownership.WorkspaceUnknown },
			want:   []found{{sevInfo, validate.CodeFactsMissing, ""}},
		},
		{
			name: "invalid-value/leave_to_salesforce from Salesforce",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[1].Unmapped.Action = syncstep.UnmappedLeaveToSalesforce
			},
			want: []found{{sevError, validate.CodeInvalidValue, "steps[1].unmapped.action"}},
		},
		{
			name: "invalid-value/unknown action",
			change: func(c *syncstep.Config, _ *validate.Facts) {
				c.Steps[2].Unmapped.Action = 9
			},
			want: []found{{sevError, validate.CodeInvalidValue, "steps[2].unmapped.action"}},
		},
	}
	seen := map[validate.Code]bool{}
	for _, tt := range tests {
		for _, w := range tt.want {
			seen[w.Code] = true
		}
		t.Run(tt.name, func(t *testing.T) {
			cfg, facts := validConfig(), fullFacts()
			tt.change(&cfg, &facts)
			got := identities(validate.Config(cfg, facts))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
	// Every code that Config can report has a case above; the codes only
	// decoding reports are covered by the JSON tests.
	for _, r := range validate.Catalogue() {
		if decodeOnly[r.Code] {
			continue
		}
		require.True(t, seen[r.Code], "no table case for %s", r.Code)
	}
}

// decodeOnly are the codes that only JSON reports, from decoding.
var decodeOnly = map[validate.Code]bool{
	validate.CodeMalformedJSON:      true,
	validate.CodeUnsupportedVersion: true,
	validate.CodeUnknownField:       true,
	validate.CodeDuplicateField:     true,
	validate.CodeWrongType:          true,
}

// Repeats are found whether or not the facts know the owners (pairs takes
// a shortcut only when they all do).
func TestConfig_DuplicatesAreFoundWithoutFacts(t *testing.T) {
	cfg := validConfig()
	cfg.Steps[0].Mappings = append(cfg.Steps[0].Mappings, ownership.Pair{Salesforce: ana15, Reply: replyBen})
	cfg.Steps[1].Mappings = append(cfg.Steps[1].Mappings, ownership.Pair{Salesforce: ghost, Reply: replyBen}, ownership.Pair{Salesforce: ghost, Reply: replyAna})
	cfg.Steps[2].Mappings = append(cfg.Steps[2].Mappings, ownership.Pair{Salesforce: ben, Reply: replyNone}, ownership.Pair{Salesforce: ana, Reply: replyNone})
	want := []found{
		{sevError, validate.CodeDuplicateSalesforceOwner, "steps[0].mappings[2].salesforce_owner"},
		{sevError, validate.CodeDuplicateSalesforceOwner, "steps[1].mappings[3].salesforce_owner"},
		{sevError, validate.CodeDuplicateReplyOwner, "steps[2].mappings[3].reply_owner"},
	}
	for name, facts := range map[string]validate.Facts{"no facts": {}, "full facts": fullFacts()} {
		t.Run(name, func(t *testing.T) {
			ds := validate.Config(cfg, facts)
			got := identities(append(ds.ByCode(validate.CodeDuplicateSalesforceOwner), ds.ByCode(validate.CodeDuplicateReplyOwner)...))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("duplicates (-want +got):\n%s", diff)
			}
		})
	}
}
