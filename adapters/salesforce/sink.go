package salesforce

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// HeaderAutoAssign is the REST header that says whether active assignment
// rules run on a create or update. Every write this package makes sends it
// as "FALSE", so that an active Lead or Case rule (or the Default Case
// Owner) cannot replace the owner the mapping chose.
const HeaderAutoAssign = "Sforce-Auto-Assign"

func noAutoAssign() http.Header { return http.Header{HeaderAutoAssign: {"FALSE"}} }

func permanent(format string, args ...any) error {
	return &adapters.Error{Kind: adapters.KindPermanent, Err: fmt.Errorf("salesforce: "+format, args...)}
}

// SetOwner sets the OwnerId of one record of a Reply → Salesforce step to
// the owner the decision chose (a.Decision.Salesforce), with one request:
//
//	PATCH /services/data/vNN.0/sobjects/{a.Object}/{id}
//	Sforce-Auto-Assign: FALSE
//	{"OwnerId": "<18-character owner ID>"}
//
// The record is a.Record.ID, or what Options.RecordID maps the assignment
// to. Setting the owner a record already has succeeds and changes nothing.
// An assignment of the other direction, with no owner, with an object name
// that is not a plain API name or a record that is not a Salesforce ID is
// refused with KindPermanent before anything is sent; a service refusal is
// classified by ClassifyError. SetOwner never retries.
func (c *Client) SetOwner(ctx context.Context, a adapters.Assignment) error {
	if a.Decision.Direction != ownership.ReplyToSalesforce {
		return &adapters.Error{Kind: adapters.KindPermanent, Err: fmt.Errorf("%w: Salesforce sets owners in Reply → Salesforce steps; this assignment is %s", syncstep.ErrWrongDirection, a.Decision.Direction)}
	}
	if !a.Decision.HasOwner() || a.Decision.Salesforce.IsZero() {
		return permanent("assignment of record %q names no Salesforce owner (outcome %s)", a.Record.ID, a.Decision.Outcome)
	}
	raw := a.Record.ID
	if c.recordID != nil {
		var err error
		if raw, err = c.recordID(ctx, a); err != nil {
			return err
		}
	}
	id, err := ownership.ParseSalesforceID(raw)
	if err != nil {
		return &adapters.Error{Kind: adapters.KindPermanent, Code: "MALFORMED_ID", Err: fmt.Errorf("salesforce: record %q: %w", raw, err)}
	}
	return c.patchOwner(ctx, a.Object, id, a.Decision.Salesforce)
}

func (c *Client) patchOwner(ctx context.Context, object string, id, owner ownership.SalesforceID) error {
	if !validName(object) {
		return &adapters.Error{Kind: adapters.KindPermanent, Err: fmt.Errorf("%w: object %q is not a Salesforce API name", ErrUnsafeInput, object)}
	}
	_, err := c.request(ctx, http.MethodPatch, c.dataPath+"/sobjects/"+object+"/"+id.String(), nil,
		map[string]string{"OwnerId": owner.String()}, noAutoAssign())
	return err
}
