package reply

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// ownerRequest is the body of PUT /v3/contacts/owner.
type ownerRequest struct {
	ContactIDs    []int64 `json:"contactIds"`
	UserID        int64   `json:"userId"`
	ReassignTasks bool    `json:"reassignTasks"`
}

type ownerResponse struct {
	IsSuccess   bool    `json:"isSuccess"`
	AffectedIDs []int64 `json:"affectedIds"`
}

// ErrNotAffected is matched by the error of a contact that a successful
// owner change left out of affectedIds. Reply does not say why. Since this
// adapter assumes (UNVERIFIED) that affectedIds lists every contact that
// now has the owner, including those that had it already, a contact left
// out is one the key cannot see or that does not exist: the error is
// classified KindNotFound, and so is not retried.
var ErrNotAffected = fmt.Errorf("reply: contact not in affectedIds")

// SetOwner sets the owner of one contact of a Salesforce → Reply step, as
// SetOwners does with a batch of one.
func (c *Client) SetOwner(ctx context.Context, a adapters.Assignment) error {
	return c.SetOwners(ctx, []adapters.Assignment{a})[0]
}

// SetOwners sets the owner of contacts in batches, one request per target
// owner:
//
//	PUT /v3/contacts/owner
//	{"contactIds": [...], "userId": <a.Decision.Reply>, "reassignTasks": false}
//
// Contacts keep their order within a request, and requests go in the order
// each owner first appears. The contact of an assignment is its
// Record.ID, parsed as a decimal id, or what Options.ContactID maps it to.
//
// It returns one error per assignment, at the same index. An assignment of
// the other direction, without a Reply owner, or whose contact cannot be
// determined fails with KindPermanent and is not sent. When a request
// fails, every assignment in it carries that (classified) error; when the
// service answers isSuccess false, each carries a KindPermanent error;
// otherwise an assignment whose contact is missing from affectedIds
// carries an error matching ErrNotAffected, classified KindNotFound. Reply does not document
// whether affectedIds lists a contact that already had the owner; this
// adapter assumes it does (the operation is then idempotent, as
// adapters.OwnerSink requires). Tasks are never reassigned.
func (c *Client) SetOwners(ctx context.Context, batch []adapters.Assignment) []error {
	errs := make([]error, len(batch))
	contacts := make([]int64, len(batch))
	var owners []ownership.ReplyUserID
	for i, a := range batch {
		contacts[i], errs[i] = c.contactOf(ctx, a)
		if errs[i] == nil && !slices.Contains(owners, a.Decision.Reply) {
			owners = append(owners, a.Decision.Reply)
		}
	}
	for _, owner := range owners {
		var idx []int
		req := ownerRequest{UserID: int64(owner)}
		for i, a := range batch {
			if errs[i] == nil && a.Decision.Reply == owner {
				idx = append(idx, i)
				req.ContactIDs = append(req.ContactIDs, contacts[i])
			}
		}
		var resp ownerResponse
		err := c.request(ctx, http.MethodPut, "/v3/contacts/owner", req, &resp)
		if err == nil && !resp.IsSuccess {
			err = permanent("owner change to user %d: isSuccess is false", owner)
		}
		for _, i := range idx {
			switch {
			case err != nil:
				errs[i] = err
			case !slices.Contains(resp.AffectedIDs, contacts[i]):
				errs[i] = &adapters.Error{Kind: adapters.KindNotFound, Err: fmt.Errorf("%w: contact %d, user %d", ErrNotAffected, contacts[i], owner)}
			}
		}
	}
	return errs
}

func (c *Client) contactOf(ctx context.Context, a adapters.Assignment) (int64, error) {
	if a.Decision.Direction != ownership.SalesforceToReply {
		return 0, &adapters.Error{Kind: adapters.KindPermanent, Err: fmt.Errorf("%w: Reply sets owners in Salesforce → Reply steps; this assignment is %s", syncstep.ErrWrongDirection, a.Decision.Direction)}
	}
	if !a.Decision.HasOwner() || !a.Decision.Reply.Valid() {
		return 0, permanent("assignment of record %q names no Reply owner (outcome %s)", a.Record.ID, a.Decision.Outcome)
	}
	if c.contactID != nil {
		id, err := c.contactID(ctx, a)
		if err != nil {
			return 0, err
		}
		if id <= 0 {
			return 0, permanent("record %q maps to contact %d", a.Record.ID, id)
		}
		return id, nil
	}
	id, err := strconv.ParseInt(a.Record.ID, 10, 64)
	if err != nil || id <= 0 {
		return 0, permanent("record %q is not a Reply contact id; set Options.ContactID to map it", a.Record.ID)
	}
	return id, nil
}
