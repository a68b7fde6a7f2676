package reply

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
)

// ErrNoMemberLister is returned by Team.Members when Team.ListMembers is
// nil.
var ErrNoMemberLister = errors.New("reply: no team member lister: Reply v3 has no documented endpoint that lists team members, so Team.ListMembers must be set")

// Team is an adapters.ReplyTeam whose listings the embedder supplies.
//
// No Reply v3 endpoint that lists team members, or that gives the
// workspace mode or team owner, is documented (both are UNVERIFIED in
// FACTS.md), so this package does not guess one: ListMembers and
// DescribeWorkspace are the embedder's, over whatever source they trust
// (an export, their own admin API, a configuration file). Team adds the
// guarantees of the interface on top: a stable order and no repeats.
//
// A Team is safe for concurrent use when its functions are.
type Team struct {
	// ListMembers returns the team's members, active or not. Required.
	ListMembers func(ctx context.Context) ([]ownership.ReplyMember, error)
	// DescribeWorkspace returns the team owner and the workspace mode.
	// Nil means the embedder does not know them: Workspace then reports a
	// zero owner and WorkspaceUnknown, so that validation reports the
	// facts as missing rather than guessing.
	DescribeWorkspace func(ctx context.Context) (adapters.Workspace, error)
}

var _ adapters.ReplyTeam = Team{}

// Members calls ListMembers and returns its members ordered by ID, each ID
// once (the first listed wins); an empty listing is an empty, non-nil
// slice. A nil ListMembers is an error matching ErrNoMemberLister,
// classified KindPermanent; a ctx already done is KindCanceled, without a
// call.
func (t Team) Members(ctx context.Context) ([]ownership.ReplyMember, error) {
	if t.ListMembers == nil {
		return nil, &adapters.Error{Kind: adapters.KindPermanent, Err: ErrNoMemberLister}
	}
	if err := ctx.Err(); err != nil {
		return nil, &adapters.Error{Kind: adapters.KindCanceled, Err: err}
	}
	ms, err := t.ListMembers(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(ms)
	slices.SortStableFunc(out, func(a, b ownership.ReplyMember) int { return cmp.Compare(a.ID, b.ID) })
	out = slices.CompactFunc(out, func(a, b ownership.ReplyMember) bool { return a.ID == b.ID })
	if out == nil {
		out = []ownership.ReplyMember{}
	}
	return out, nil
}

// Workspace calls DescribeWorkspace, or returns the zero Workspace when it
// is nil; a ctx already done is KindCanceled, without a call.
func (t Team) Workspace(ctx context.Context) (adapters.Workspace, error) {
	if err := ctx.Err(); err != nil {
		return adapters.Workspace{}, &adapters.Error{Kind: adapters.KindCanceled, Err: err}
	}
	if t.DescribeWorkspace == nil {
		return adapters.Workspace{}, nil
	}
	return t.DescribeWorkspace(ctx)
}
