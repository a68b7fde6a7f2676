package reply

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"strconv"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// contactPage is one page of POST /v3/contacts/filter.
type contactPage struct {
	Items      []contactItem `json:"items"`
	HasMore    bool          `json:"hasMore"`
	TotalCount int           `json:"totalCount"`
}

// contactItem is the part of a contact the source reads. The "id" field
// name is an assumption: FACTS.md documents items[] with ownerUserId and
// sequences[], not the name of the contact's own id.
type contactItem struct {
	ID          int64 `json:"id"`
	OwnerUserID int64 `json:"ownerUserId"`
}

func defaultFilterBody(filters []syncstep.Filter, offset, limit int) (any, error) {
	if len(filters) > 0 {
		return nil, fmt.Errorf("the step has %d filters, and the contact filter fields of Reply v3 are not known: set Options.FilterBody to express them", len(filters))
	}
	return map[string]int{"offset": offset, "limit": limit}, nil
}

// Records streams the contacts of a Reply → Salesforce step with their
// owner: each SourceRecord's ID is the contact id in decimal, its Reply
// owner the contact's ownerUserId (zero when it has none) and its
// Salesforce owner zero (Reply does not know it, so the runner writes
// every record that resolves to an owner; Salesforce's owner write is
// idempotent).
//
// It pages through POST /v3/contacts/filter, one request per page of
// Options.PageSize, while the response says hasMore, holding one page in
// memory. A cursor is the decimal offset, in the listing, of the contact
// after the one that carried it; resuming asks for the page starting
// there. The listing's order is the service's: offset paging over contacts
// that are added or removed during a run may shift records, so the
// source drops a contact repeated from the previous page, and a contact
// may be missed, as the RecordSource contract allows.
//
// A step of the other direction, a cursor that is not an offset, or a step
// with filters and no Options.FilterBody is yielded as an error of
// KindPermanent before any request.
func (c *Client) Records(ctx context.Context, step syncstep.Step, after adapters.Cursor) iter.Seq2[adapters.SourceRecord, error] {
	return func(yield func(adapters.SourceRecord, error) bool) {
		fail := func(err error) { yield(adapters.SourceRecord{}, err) }
		if step.Direction != ownership.ReplyToSalesforce {
			fail(&adapters.Error{Kind: adapters.KindPermanent, Err: fmt.Errorf("%w: the Reply record source serves Reply → Salesforce steps; step %q is %s", syncstep.ErrWrongDirection, step.Key, step.Direction)})
			return
		}
		offset := 0
		if after != "" {
			n, err := strconv.Atoi(string(after))
			if err != nil || n < 0 || strconv.Itoa(n) != string(after) {
				fail(permanent("cursor %q is not a contact listing offset", string(after)))
				return
			}
			offset = n
		}
		build := c.filterBody
		if build == nil {
			build = defaultFilterBody
		}
		var prev map[int64]bool
		for {
			body, err := build(step.Filters, offset, c.pageSize)
			if err != nil {
				fail(permanent("contacts filter: %v", err))
				return
			}
			var page contactPage
			if err := c.request(ctx, http.MethodPost, "/v3/contacts/filter", body, &page); err != nil {
				fail(err)
				return
			}
			seen := make(map[int64]bool, len(page.Items))
			for _, it := range page.Items {
				offset++
				seen[it.ID] = true
				if prev[it.ID] {
					continue
				}
				if err := ctx.Err(); err != nil {
					fail(&adapters.Error{Kind: adapters.KindCanceled, Err: err})
					return
				}
				rec := adapters.SourceRecord{
					Record: syncstep.Record{ID: strconv.FormatInt(it.ID, 10), Reply: ownership.ReplyUserID(max(it.OwnerUserID, 0))},
					Cursor: adapters.Cursor(strconv.Itoa(offset)),
				}
				if !yield(rec, nil) {
					return
				}
			}
			if !page.HasMore {
				return
			}
			if len(page.Items) == 0 {
				fail(&adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("reply: contacts page at offset %d is empty but hasMore is true", offset)})
				return
			}
			prev = seen
		}
	}
}
