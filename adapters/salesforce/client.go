package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/ownermap/ownermap/adapters"
)

// DefaultAPIVersion is the REST API version used when Options.APIVersion is
// empty.
const DefaultAPIVersion = "v62.0"

// maxBody bounds how much of one response the client reads.
const maxBody = 64 << 20

// Options configures a Client. The zero value, or a nil *Options, means
// the defaults.
type Options struct {
	// APIVersion is the REST API version, in the form "v62.0" (the
	// default, DefaultAPIVersion).
	APIVersion string
	// Header is added to every request. The http.Client normally
	// authenticates; set Header to {"Authorization": {"Bearer " + token}}
	// to authenticate with a bare access token instead.
	Header http.Header
	// RecordID maps an Assignment to the ID of the Salesforce record whose
	// owner SetOwner sets. Nil means the Assignment's Record.ID, which
	// must then be a Salesforce ID. Set it when records come from Reply
	// (a Reply → Salesforce step), where Record.ID is a Reply contact id
	// and the link to the Salesforce record is the embedder's.
	RecordID func(ctx context.Context, a adapters.Assignment) (string, error)
}

// Client talks to one Salesforce org through the REST API. It implements
// adapters.SalesforceDirectory, adapters.RecordSource (Salesforce →
// Reply steps) and adapters.OwnerSink (Reply → Salesforce steps); TaskSink
// returns its adapters.ActivitySink.
//
// A Client is immutable and safe for concurrent use. It never retries:
// every method call makes the requests it documents once, and a failure is
// returned classified (see ClassifyError), so that the caller (the
// adapters.Runner) decides whether to retry.
type Client struct {
	hc       *http.Client
	base     *url.URL
	dataPath string // "/services/data/v62.0"
	header   http.Header
	recordID func(ctx context.Context, a adapters.Assignment) (string, error)
}

var (
	_ adapters.SalesforceDirectory = (*Client)(nil)
	_ adapters.RecordSource        = (*Client)(nil)
	_ adapters.OwnerSink           = (*Client)(nil)
)

var versionRE = regexp.MustCompile(`^v[1-9][0-9]*\.[0-9]+$`)

// New returns a Client for the org at instanceURL (for example
// "https://mydomain.my.salesforce.com"), calling it through hc. OAuth is
// the caller's: hc is expected to add the access token to every request
// (as golang.org/x/oauth2's client does), or opts.Header to carry it. A nil
// hc is http.DefaultClient.
//
// New returns an error for an instanceURL that is not an absolute http or
// https URL without query or fragment, or an APIVersion not of the form
// "v62.0".
func New(hc *http.Client, instanceURL string, opts *Options) (*Client, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.APIVersion == "" {
		o.APIVersion = DefaultAPIVersion
	}
	if !versionRE.MatchString(o.APIVersion) {
		return nil, fmt.Errorf("salesforce: API version %q: want the form v62.0", o.APIVersion)
	}
	u, err := url.Parse(instanceURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("salesforce: instance URL %q: want an absolute https URL such as https://example.my.salesforce.com", instanceURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return &Client{
		hc:       hc,
		base:     u,
		dataPath: u.Path + "/services/data/" + o.APIVersion,
		header:   o.Header.Clone(),
		recordID: o.RecordID,
	}, nil
}

// APIVersion returns the REST API version the client uses ("v62.0").
func (c *Client) APIVersion() string { return c.dataPath[strings.LastIndexByte(c.dataPath, '/')+1:] }

// request sends one request and returns the body of a 2xx response, or a
// classified error. path is absolute on the instance and already escaped.
func (c *Client) request(ctx context.Context, method, path string, query url.Values, body any, header http.Header) ([]byte, error) {
	u := *c.base
	u.Path, u.RawPath = "", ""
	u.Opaque = ""
	ref := &url.URL{Path: path}
	if query != nil {
		ref.RawQuery = query.Encode()
	}
	target := u.ResolveReference(ref)
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("salesforce: encode request: %w", err)}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, target.String(), rd)
	if err != nil {
		return nil, &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("salesforce: %w", err)}
	}
	for k, vs := range c.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	for k, vs := range header {
		// The call's own headers (Sforce-Auto-Assign) win over Options.Header.
		req.Header.Del(k)
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
		return nil, transportError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, transportError(ctx, err)
	}
	if err := ClassifyError(resp.StatusCode, data); err != nil {
		return nil, err
	}
	return data, nil
}

// transportError classifies a failure to send or read: the context's own
// error as KindCanceled, anything else (connection reset, timeout) as
// KindTransient.
func transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &adapters.Error{Kind: adapters.KindCanceled, Err: err}
	}
	return &adapters.Error{Kind: adapters.KindTransient, Err: err}
}

func decodeError(what string, err error) error {
	return &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("salesforce: decode %s: %w", what, err)}
}

// queryPage is one batch of a query result.
type queryPage struct {
	TotalSize      int               `json:"totalSize"`
	Done           bool              `json:"done"`
	NextRecordsURL string            `json:"nextRecordsUrl"`
	Records        []json.RawMessage `json:"records"`
}

// query runs soql and calls page for each batch's records, following
// nextRecordsUrl until done. It stops at the first error, from the service
// or from page. nextRecordsUrl must be a path under the client's REST data
// path; anything else (another host, a full URL) is refused, so that the
// client's credentials never leave the instance.
func (c *Client) query(ctx context.Context, soql string, page func([]json.RawMessage) (bool, error)) error {
	path, q := c.dataPath+"/query", url.Values{"q": {soql}}
	for {
		data, err := c.request(ctx, http.MethodGet, path, q, nil, nil)
		if err != nil {
			return err
		}
		var p queryPage
		if err := json.Unmarshal(data, &p); err != nil {
			return decodeError("query result", err)
		}
		more, err := page(p.Records)
		if err != nil || !more || p.Done {
			return err
		}
		next, ok := c.nextPath(p.NextRecordsURL)
		if !ok {
			return &adapters.Error{Kind: adapters.KindUnknown, Err: fmt.Errorf("salesforce: query not done but nextRecordsUrl %q is not a query path of this instance", p.NextRecordsURL)}
		}
		path, q = next, nil
	}
}

func (c *Client) nextPath(next string) (string, bool) {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	p := u.Path
	if !strings.HasPrefix(p, c.base.Path+"/services/data/") || strings.Contains(p, "/..") || strings.Contains(p, "/./") {
		return "", false
	}
	return p, true
}

// queryAll runs soql and decodes every record into a T.
func queryAll[T any](ctx context.Context, c *Client, soql string) ([]T, error) {
	out := []T{}
	err := c.query(ctx, soql, func(recs []json.RawMessage) (bool, error) {
		for _, r := range recs {
			var v T
			if err := json.Unmarshal(r, &v); err != nil {
				return false, decodeError("record", err)
			}
			out = append(out, v)
		}
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
