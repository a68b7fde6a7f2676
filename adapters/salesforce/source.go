package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

type ownedRow struct {
	ID      string  `json:"Id"`
	OwnerID *string `json:"OwnerId"`
}

// Records streams the records of a Salesforce → Reply step: each record of
// step.Object that passes step.Filters, ordered by Id, as a SourceRecord
// whose ID is the record's 18-character Id, whose Salesforce owner is its
// OwnerId (zero when Salesforce returns none or an ID that does not parse)
// and whose Reply owner is zero (Salesforce does not know it, so the
// runner writes every record that resolves to an owner; Reply's owner
// write is idempotent). Its cursor is its Id.
//
// It runs the query RecordsQuery builds (keyset pagination: resuming from
// a cursor adds Id > '<cursor>') and follows nextRecordsUrl one batch at a
// time, holding at most one batch (Salesforce sends up to 2,000 records)
// in memory. An object, field or value that cannot be written safely, a
// cursor that is not a Salesforce ID, or a step of the other direction is
// yielded as an error of KindPermanent matching ErrUnsafeInput (or, for the
// direction, syncstep.ErrWrongDirection), before any request is sent.
func (c *Client) Records(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	return func(yield func(adapters.SourceRecord, error) bool) {
		if step.Direction != ownership.SalesforceToReply {
			yield(adapters.SourceRecord{}, &adapters.Error{Kind: adapters.KindPermanent,
				Err: fmt.Errorf("%w: the Salesforce record source serves Salesforce → Reply steps; step %q is %s", syncstep.ErrWrongDirection, step.Key, step.Direction)})
			return
		}
		soql, err := RecordsQuery(step, after)
		if err != nil {
			yield(adapters.SourceRecord{}, &adapters.Error{Kind: adapters.KindPermanent, Err: err})
			return
		}
		stopped := false
		err = c.query(ctx, soql, func(recs []json.RawMessage) (bool, error) {
			for _, raw := range recs {
				var row ownedRow
				if err := json.Unmarshal(raw, &row); err != nil {
					return false, decodeError(step.Object+" record", err)
				}
				id, err := parseID(step.Object+".Id", row.ID)
				if err != nil {
					return false, err
				}
				var owner ownership.SalesforceID
				if row.OwnerID != nil {
					owner, _ = ownership.ParseSalesforceID(*row.OwnerID)
				}
				if err := ctx.Err(); err != nil {
					return false, &adapters.Error{Kind: adapters.KindCanceled, Err: err}
				}
				rec := adapters.SourceRecord{
					Record: syncstep.Record{ID: id.String(), Salesforce: owner},
					Cursor: adapters.Cursor(id.String()),
				}
				if !yield(rec, nil) {
					stopped = true
					return false, nil
				}
			}
			return true, nil
		})
		if err != nil && !stopped {
			yield(adapters.SourceRecord{}, err)
		}
	}
}
