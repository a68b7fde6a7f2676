package adapters

import (
	"context"
	"errors"
	"sync"

	"github.com/ownermap/ownermap/validate"
)

// The parts of validate.Facts that GatherFacts gathers, as GatherError.Part
// names them. They are the facts' JSON field names, and stable.
const (
	PartSalesforceUsers       = "salesforce_users"
	PartQueues                = "queues"
	PartAssignmentRuleObjects = "assignment_rule_objects"
	PartReplyMembers          = "reply_members"
	// PartWorkspace covers both TeamOwner and Workspace, which one call
	// gathers.
	PartWorkspace = "workspace"
)

// GatherError says that one part of the facts could not be gathered, and
// why. It unwraps to the adapter's error, so KindOf classifies it.
type GatherError struct {
	// Part is one of the Part constants.
	Part string
	// Err is the adapter's error.
	Err error
}

func (e *GatherError) Error() string { return "gather " + e.Part + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *GatherError) Unwrap() error { return e.Err }

// GatherFacts asks the adapters for every fact package validate uses, all
// at once, and returns the facts it got.
//
// What could not be gathered is left unset (a nil slice, a zero owner,
// WorkspaceUnknown), so that validation reports facts-missing for the rules
// that need it rather than guessing, and the returned error joins one
// *GatherError per part that failed, in the order of the Part constants.
// The facts returned are usable whatever the error. A nil dir or team is
// allowed: its parts are left unset and are not errors (the caller chose
// not to gather them). A listing that comes back nil without an error is
// recorded as known and empty.
func GatherFacts(ctx context.Context, dir SalesforceDirectory, team ReplyTeam) (validate.Facts, error) {
	var (
		facts validate.Facts
		errs  [5]error
		wg    sync.WaitGroup
	)
	if dir != nil {
		wg.Go(func() {
			v, err := dir.Users(ctx)
			if errs[0] = err; err == nil {
				facts.SalesforceUsers = nonNil(v)
			}
		})
		wg.Go(func() {
			v, err := dir.Queues(ctx)
			if errs[1] = err; err == nil {
				facts.Queues = nonNil(v)
			}
		})
		wg.Go(func() {
			v, err := dir.AssignmentRuleObjects(ctx)
			if errs[2] = err; err == nil {
				facts.AssignmentRuleObjects = nonNil(v)
			}
		})
	}
	if team != nil {
		wg.Go(func() {
			v, err := team.Members(ctx)
			if errs[3] = err; err == nil {
				facts.ReplyMembers = nonNil(v)
			}
		})
		wg.Go(func() {
			v, err := team.Workspace(ctx)
			if errs[4] = err; err == nil {
				facts.TeamOwner, facts.Workspace = v.Owner, v.Mode
			}
		})
	}
	wg.Wait()
	parts := [...]string{PartSalesforceUsers, PartQueues, PartAssignmentRuleObjects, PartReplyMembers, PartWorkspace}
	var joined []error
	for i, err := range errs {
		if err != nil {
			joined = append(joined, &GatherError{Part: parts[i], Err: err})
		}
	}
	return facts, errors.Join(joined...)
}

func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}
