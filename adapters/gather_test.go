package adapters_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/validate"
)

func sampleFacts() validate.Facts {
	return validate.Facts{
		SalesforceUsers:       []ownership.SalesforceUser{{ID: sfUser(1), Name: "Ada", Email: "ada@example.com", Active: true}, {ID: sfUser(2)}},
		Queues:                []ownership.Queue{{ID: ownership.MustParseSalesforceID("00G000000000001"), Name: "Leads", Objects: []string{"Lead"}}},
		AssignmentRuleObjects: []string{"Lead"},
		ReplyMembers:          []ownership.ReplyMember{{ID: 11, Email: "ada@example.com", Active: true, IntegrationEnabled: true}},
		TeamOwner:             11,
		Workspace:             ownership.TeamEdition,
	}
}

func TestGatherFactsReturnsEveryFactTheAdaptersServe(t *testing.T) {
	f := sampleFacts()
	got, err := adapters.GatherFacts(context.Background(), &adapterstest.Org{Facts: f}, &adapterstest.Team{Facts: f})
	require.NoError(t, err)
	if diff := cmp.Diff(f, got, idComparer); diff != "" {
		t.Fatalf("facts (-want +got):\n%s", diff)
	}
}

func TestGatherFactsLeavesUnsetWhatFailedAndSaysWhy(t *testing.T) {
	f := sampleFacts()
	denied := &adapters.Error{Kind: adapters.KindPermission, Code: "INSUFFICIENT_ACCESS_OR_READONLY"}
	org := &adapterstest.Org{Facts: f, Errs: map[string]error{adapters.PartQueues: denied}}
	team := &adapterstest.Team{Facts: f, Errs: map[string]error{adapters.PartWorkspace: adapters.ErrTransient}}
	got, err := adapters.GatherFacts(context.Background(), org, team)
	want := f
	want.Queues, want.TeamOwner, want.Workspace = nil, 0, ownership.WorkspaceUnknown
	if diff := cmp.Diff(want, got, idComparer); diff != "" {
		t.Fatalf("facts (-want +got):\n%s", diff)
	}
	var parts []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ge *adapters.GatherError
		require.True(t, errors.As(e, &ge))
		parts = append(parts, ge.Part)
	}
	require.Equal(t, []string{adapters.PartQueues, adapters.PartWorkspace}, parts)
	require.ErrorIs(t, err, adapters.ErrPermission)
	require.ErrorIs(t, err, adapters.ErrTransient)
}

func TestGatherFactsWithNilAdaptersLeavesTheirPartsUnknown(t *testing.T) {
	f := sampleFacts()
	got, err := adapters.GatherFacts(context.Background(), nil, &adapterstest.Team{Facts: f})
	require.NoError(t, err)
	require.Nil(t, got.SalesforceUsers)
	require.Nil(t, got.Queues)
	require.Nil(t, got.AssignmentRuleObjects)
	require.Equal(t, f.ReplyMembers, got.ReplyMembers)

	got, err = adapters.GatherFacts(context.Background(), nil, nil)
	require.NoError(t, err)
	require.Equal(t, validate.Facts{}, got)
}

func TestGatherFactsRecordsAnEmptyOrgAsKnownAndEmpty(t *testing.T) {
	got, err := adapters.GatherFacts(context.Background(), &adapterstest.Org{}, &adapterstest.Team{})
	require.NoError(t, err)
	require.NotNil(t, got.SalesforceUsers)
	require.Empty(t, got.SalesforceUsers)
	require.NotNil(t, got.ReplyMembers)
}
