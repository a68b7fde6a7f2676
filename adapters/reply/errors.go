package reply

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ownermap/ownermap/adapters"
)

// Problem is a refusal from the Reply v3 API: the HTTP status and the
// application/problem+json body, when there was one. Callers find it with
// errors.As inside the *adapters.Error that ClassifyError returns.
type Problem struct {
	StatusCode int    `json:"-"`
	Type       string `json:"type,omitempty"`
	Title      string `json:"title,omitempty"`
	Detail     string `json:"detail,omitempty"`
	// Code is Reply's slug, such as "sequence.notFound".
	Code string `json:"code,omitempty"`
	// Errors holds the field errors of a 400 (with JSON Pointers), as
	// sent.
	Errors json.RawMessage `json:"errors,omitempty"`
}

// Error returns "reply: HTTP 404: sequence.notFound: detail".
func (p *Problem) Error() string {
	s := "reply: HTTP " + strconv.Itoa(p.StatusCode)
	if p.Code != "" {
		s += ": " + p.Code
	}
	switch {
	case p.Detail != "":
		s += ": " + p.Detail
	case p.Title != "":
		s += ": " + p.Title
	}
	return s
}

// ClassifyError classifies a Reply v3 response. It returns nil for a 2xx
// status; otherwise an *adapters.Error whose Err is a *Problem and whose
// Code is the problem's code slug (or the status as text when there is
// none). It never panics, whatever the body or header.
//
// The code decides first: a slug ending in "notFound" (sequence.notFound,
// contactNotFound) is KindNotFound, "forbidden" (alone or as the last
// segment) KindPermission, one ending in "invalidInput" KindPermanent.
// Otherwise the status decides: 429 KindRateLimited, with RetryAfter from
// the Retry-After header (seconds, or an HTTP date); 401 and 403
// KindPermission; 404 KindNotFound; 408 and 5xx KindTransient; anything
// else KindPermanent.
//
// It is exported for embedders who call Reply with their own client.
func ClassifyError(status int, header http.Header, body []byte) error {
	if status >= 200 && status < 300 {
		return nil
	}
	p := &Problem{StatusCode: status}
	var parsed Problem
	if json.Unmarshal(body, &parsed) == nil {
		parsed.StatusCode = status
		p = &parsed
	}
	e := &adapters.Error{Kind: replyStatusKind(status), Code: strconv.Itoa(status), Err: p}
	if p.Code != "" {
		e.Code = p.Code
		if k, ok := codeKind(p.Code); ok {
			e.Kind = k
		}
	}
	if e.Kind == adapters.KindRateLimited {
		e.RetryAfter = retryAfter(header.Get("Retry-After"))
	}
	return e
}

func codeKind(code string) (adapters.Kind, bool) {
	last := code[strings.LastIndexByte(code, '.')+1:]
	switch {
	case strings.HasSuffix(strings.ToLower(last), "notfound"):
		return adapters.KindNotFound, true
	case strings.EqualFold(last, "forbidden"):
		return adapters.KindPermission, true
	case strings.HasSuffix(strings.ToLower(last), "invalidinput"):
		return adapters.KindPermanent, true
	}
	return 0, false
}

func replyStatusKind(status int) adapters.Kind {
	switch {
	case status == http.StatusTooManyRequests:
		return adapters.KindRateLimited
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return adapters.KindPermission
	case status == http.StatusNotFound:
		return adapters.KindNotFound
	case status == http.StatusRequestTimeout || status >= 500 && status < 600:
		return adapters.KindTransient
	}
	return adapters.KindPermanent
}

// maxRetryAfter bounds a Retry-After, so that a garbled header cannot
// stall a run for days.
const maxRetryAfter = time.Hour

func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		d = time.Duration(min(n, int64(maxRetryAfter/time.Second))) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t).Round(time.Second)
	}
	return min(max(d, 0), maxRetryAfter)
}
