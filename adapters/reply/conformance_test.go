package reply_test

import (
	"context"
	"iter"
	"strconv"
	"testing"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/adapters/adapterstest"
	"github.com/ownermap/ownermap/adapters/reply"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
	"github.com/ownermap/ownermap/validate"
)

// readBack reads the Reply side of a Salesforce → Reply step: the contacts
// with their current Reply owner, which the client's source gives for the
// Reply → Salesforce direction.
type readBack struct{ c *reply.Client }

func (r readBack) Records(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	step.Direction = step.Direction.Reverse()
	return r.c.Records(ctx, step, after)
}

func TestConformanceRecordSource(t *testing.T) {
	adapterstest.RunRecordSourceConformance(t, func() adapterstest.SourceHarness {
		w := newFakeWorkspace(t)
		fiveContacts(w)
		var want []syncstep.Record
		for i, owner := range []ownership.ReplyUserID{101, 102, 0, 101, 103} {
			want = append(want, syncstep.Record{ID: []string{"1001", "1002", "1003", "1004", "1005"}[i], Reply: owner})
		}
		return adapterstest.SourceHarness{Source: newClient(t, w, nil), Step: peopleToLeads, Want: want}
	})
}

func TestConformanceOwnerSink(t *testing.T) {
	adapterstest.RunOwnerSinkConformance(t, func() adapterstest.SinkHarness {
		w := newFakeWorkspace(t)
		fiveContacts(w)
		w.members[104] = true
		c := newClient(t, w, nil)
		return adapterstest.SinkHarness{
			Sink: c, Source: readBack{c},
			Step:    syncstep.Step{Key: "contacts_to_people", Object: "Contact", Direction: ownership.SalesforceToReply},
			Owner:   ownership.Pair{Reply: 104},
			Missing: "4242",
		}
	})
}

func TestConformanceEnroller(t *testing.T) {
	adapterstest.RunEnrollerConformance(t, func() adapterstest.EnrollerHarness {
		w := newFakeWorkspace(t)
		fiveContacts(w)
		w.sequences[7] = nil
		c := newClient(t, w, nil)
		return adapterstest.EnrollerHarness{
			Enroller: c, Source: readBack{c},
			Step:       syncstep.Step{Key: "contacts_to_people", Object: "Contact", Direction: ownership.SalesforceToReply},
			Owner:      ownership.Pair{Reply: 101},
			SequenceID: 7,
			Missing:    "4242",
			InSequence: func(context.Context) ([]string, error) {
				ids := []string{}
				for _, id := range w.inSequence(7) {
					ids = append(ids, strconv.FormatInt(id, 10))
				}
				return ids, nil
			},
		}
	})
}

func TestConformanceTeam(t *testing.T) {
	members := []ownership.ReplyMember{{ID: 102, Email: "b@example.com", Active: true}, {ID: 101, Email: "a@example.com", Active: true, IntegrationEnabled: true}}
	adapterstest.RunReplyTeamConformance(t, func() adapterstest.TeamHarness {
		return adapterstest.TeamHarness{
			Team: reply.Team{
				ListMembers: func(context.Context) ([]ownership.ReplyMember, error) { return members, nil },
				DescribeWorkspace: func(context.Context) (adapters.Workspace, error) {
					return adapters.Workspace{Owner: 101, Mode: ownership.TeamEdition}, nil
				},
			},
			Want: validate.Facts{ReplyMembers: members, TeamOwner: 101, Workspace: ownership.TeamEdition},
		}
	})
}
