package reply

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/ownermap/ownermap/adapters"
	"github.com/ownermap/ownermap/ownership"
	"github.com/ownermap/ownermap/syncstep"
)

// DefaultBaseURL is Reply's API host.
const DefaultBaseURL = "https://api.reply.io"

// DefaultPageSize is the page size of the contact listing when
// Options.PageSize is zero.
const DefaultPageSize = 100

const maxBody = 64 << 20

// Options configures a Client. The zero value, or a nil *Options, means
// the defaults.
type Options struct {
	// BaseURL is the API host; empty means DefaultBaseURL.
	BaseURL string
	// Header is added to every request. Reply's v3 authentication header
	// is UNVERIFIED (current documentation says Authorization: Bearer
	// <key>; older snapshots say X-API-Key: <key>), so the embedder
	// chooses: set it here, for example
	//
	//	http.Header{"Authorization": {"Bearer " + key}}
	//
	// or have the *http.Client add it. A master key acting as a member
	// adds X-User-Id or X-User-Email here too.
	Header http.Header
	// PageSize is how many contacts one listing request asks for; zero
	// means DefaultPageSize.
	PageSize int
	// FilterBody builds the body of POST /v3/contacts/filter for one page:
	// the step's filters, the offset of the first contact wanted and the
	// page size. The request fields of that endpoint are UNVERIFIED; nil
	// sends {"offset": offset, "limit": limit} and refuses steps that have
	// filters (they cannot be expressed without knowing the fields).
	FilterBody func(filters []syncstep.Filter, offset, limit int) (any, error)
	// ContactID maps an Assignment to the Reply contact whose owner is
	// set. Nil means the Assignment's Record.ID, parsed as a decimal
	// contact id. Set it for Salesforce → Reply steps, where Record.ID is
	// a Salesforce ID and the link to the Reply contact is the embedder's.
	ContactID func(ctx context.Context, a adapters.Assignment) (int64, error)
}

// Client talks to one Reply workspace through the v3 API. It implements
// adapters.RecordSource (Reply → Salesforce steps),
// adapters.BatchOwnerSink (Salesforce → Reply steps) and adapters.Enroller
// (People to sequence: adds contacts to sequences).
//
// A Client is immutable and safe for concurrent use. It never retries:
// each call makes the requests it documents, once, and returns failures
// classified by ClassifyError, so that the caller (adapters.Runner)
// decides whether and when to retry, honouring Retry-After.
type Client struct {
	hc         *http.Client
	base       *url.URL
	header     http.Header
	pageSize   int
	filterBody func(filters []syncstep.Filter, offset, limit int) (any, error)
	contactID  func(ctx context.Context, a adapters.Assignment) (int64, error)
}

var (
	_ adapters.RecordSource   = (*Client)(nil)
	_ adapters.BatchOwnerSink = (*Client)(nil)
	_ adapters.Enroller       = (*Client)(nil)
)

// New returns a Client calling Reply through hc (nil is
// http.DefaultClient). It fails for a BaseURL that is not an absolute http
// or https URL, or a negative PageSize.
func New(hc *http.Client, opts *Options) (*Client, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("reply: base URL %q: want an absolute https URL such as %s", o.BaseURL, DefaultBaseURL)
	}
	u.Path, u.RawPath = strings.TrimSuffix(u.Path, "/"), ""
	if o.PageSize < 0 {
		return nil, fmt.Errorf("reply: negative page size %d", o.PageSize)
	}
	if o.PageSize == 0 {
		o.PageSize = DefaultPageSize
	}
	return &Client{hc: hc, base: u, header: o.Header.Clone(), pageSize: o.PageSize, filterBody: o.FilterBody, contactID: o.ContactID}, nil
}

// request sends one request to path (under the base URL) and decodes a 2xx
// JSON body into out (when out is not nil), or returns a classified error.
func (c *Client) request(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("reply: encode request: %w", err)}
		}
		rd = bytes.NewReader(b)
	}
	u := *c.base
	u.Path = c.base.Path + path
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("reply: %w", err)}
	}
	for k, vs := range c.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return transportError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return transportError(ctx, err)
	}
	if err := ClassifyError(resp.StatusCode, resp.Header, data); err != nil {
		return err
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("reply: decode %s %s response: %w", method, path, err)}
		}
	}
	return nil
}

func transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &adapters.Error{Kind: adapters.KindCanceled, Err: err}
	}
	return &adapters.Error{Kind: adapters.KindTransient, Err: err}
}

func permanent(format string, args ...any) error {
	return &adapters.Error{Kind: adapters.KindPermanent, Err: fmt.Errorf("reply: "+format, args...)}
}

// WhoAmI returns the user the API key acts as, from GET /v3/whoami.
func (c *Client) WhoAmI(ctx context.Context) (ownership.ReplyUserID, error) {
	var out struct {
		UserID int64 `json:"userId"`
	}
	if err := c.request(ctx, http.MethodGet, "/v3/whoami", nil, &out); err != nil {
		return 0, err
	}
	if out.UserID <= 0 {
		return 0, &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("reply: whoami returned userId %d", out.UserID)}
	}
	return ownership.ReplyUserID(out.UserID), nil
}

// AddToSequence adds a contact to a sequence with one request:
//
//	POST /v3/sequences/{sequenceID}/contacts
//	{"contactId": contactID}
//
// A sequence or contact that does not exist is KindNotFound (the
// service's *.notFound code). A contact already in the sequence is
// returned as the service refuses it (its problem code, UNVERIFIED for
// this endpoint, is contactAlreadyInSequence, the per-item slug of the
// bulk endpoint); Enroll treats that refusal as success. It does not
// retry.
func (c *Client) AddToSequence(ctx context.Context, sequenceID, contactID int64) error {
	if sequenceID <= 0 || contactID <= 0 {
		return permanent("sequence %d, contact %d: ids must be positive", sequenceID, contactID)
	}
	return c.request(ctx, http.MethodPost, fmt.Sprintf("/v3/sequences/%d/contacts", sequenceID), map[string]int64{"contactId": contactID}, nil)
}

// Enroll implements adapters.Enroller for People to sequence: it adds the
// contact of e.Assignment, found as SetOwners finds it (Record.ID, or
// Options.ContactID), to sequence e.SequenceID with one AddToSequence
// request.
//
// It is idempotent: a refusal whose problem code is
// contactAlreadyInSequence (with or without a prefix such as
// "sequence.", in any case) means the contact is in the sequence already,
// and is success. Other failures are classified as for AddToSequence; an
// assignment of the other direction, without a Reply owner, or whose
// contact cannot be determined fails with KindPermanent and sends nothing.
func (c *Client) Enroll(ctx context.Context, e adapters.Enrollment) error {
	contact, err := c.contactOf(ctx, e.Assignment)
	if err != nil {
		return err
	}
	err = c.AddToSequence(ctx, e.SequenceID, contact)
	if alreadyInSequence(err) {
		return nil
	}
	return err
}

// alreadyInSequence reports whether err is Reply's refusal to add a
// contact that is in the sequence already.
func alreadyInSequence(err error) bool {
	p, ok := errors.AsType[*Problem](err)
	if !ok {
		return false
	}
	return strings.EqualFold(p.Code[strings.LastIndexByte(p.Code, '.')+1:], "contactAlreadyInSequence")
}
