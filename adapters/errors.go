package adapters

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// Kind classifies an adapter error so that callers, and the sync runner,
// can branch on it without knowing which service or client produced it.
//
// The zero value, KindUnknown, is the kind of every error nobody
// classified. The runner treats it like KindPermanent: the record fails and
// is not retried. The numeric values and text forms are stable.
type Kind uint8

// The kinds.
const (
	// KindUnknown: the error was not classified (an internal error of the
	// adapter or of its client). Never retried.
	KindUnknown Kind = iota
	// KindNotFound: the record, user or queue does not exist or is not
	// visible (Salesforce INVALID_CROSS_REFERENCE_KEY, ENTITY_IS_DELETED,
	// 404; Reply *.notFound). Never retried.
	KindNotFound
	// KindPermission: the caller may not do this (Salesforce
	// INSUFFICIENT_ACCESS_*, 401/403 other than REQUEST_LIMIT_EXCEEDED;
	// Reply 401/403, forbidden). Never retried.
	KindPermission
	// KindRateLimited: the service refused the call for now because a
	// quota is spent (Reply 429, Salesforce 403 REQUEST_LIMIT_EXCEEDED).
	// Retried, after the retry-after the service gave when it gave one.
	KindRateLimited
	// KindTransient: the call may succeed if repeated (Salesforce
	// UNABLE_TO_LOCK_ROW, 500/503, network errors). Retried with backoff.
	KindTransient
	// KindPermanent: the call will fail again if repeated, for a reason
	// other than the above (Salesforce INACTIVE_OWNER_OR_USER,
	// FIELD_INTEGRITY_EXCEPTION, MALFORMED_ID; Reply 400 *.invalidInput).
	// Never retried.
	KindPermanent
	// KindCanceled: the call stopped because its context was canceled or
	// its deadline passed (context.Canceled, context.DeadlineExceeded).
	KindCanceled
)

// String returns the stable text form: "unknown", "not_found",
// "permission", "rate_limited", "transient", "permanent" or "canceled".
func (k Kind) String() string {
	switch k {
	case KindUnknown:
		return "unknown"
	case KindNotFound:
		return "not_found"
	case KindPermission:
		return "permission"
	case KindRateLimited:
		return "rate_limited"
	case KindTransient:
		return "transient"
	case KindPermanent:
		return "permanent"
	case KindCanceled:
		return "canceled"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Retryable reports whether a call that failed with this kind may succeed
// if repeated: KindRateLimited and KindTransient.
func (k Kind) Retryable() bool { return k == KindRateLimited || k == KindTransient }

// Sentinel errors, one per kind. An *Error matches the sentinel of its kind
// with errors.Is, and an error that wraps a sentinel (for example
// fmt.Errorf("contact %s: %w", id, adapters.ErrNotFound)) is classified as
// that sentinel's kind by KindOf. Context errors need no sentinel: KindOf
// recognises context.Canceled and context.DeadlineExceeded.
var (
	ErrNotFound    = errors.New("not found")
	ErrPermission  = errors.New("permission denied")
	ErrRateLimited = errors.New("rate limited")
	ErrTransient   = errors.New("transient failure")
	ErrPermanent   = errors.New("permanent failure")
)

var sentinels = [...]struct {
	err  error
	kind Kind
}{
	{ErrNotFound, KindNotFound},
	{ErrPermission, KindPermission},
	{ErrRateLimited, KindRateLimited},
	{ErrTransient, KindTransient},
	{ErrPermanent, KindPermanent},
}

// Error is a classified adapter error: the kind callers branch on, the
// service's own error code, the retry-after the service asked for, and the
// underlying error.
//
// Embedders build one around their client's error, for example
//
//	&adapters.Error{Kind: adapters.KindTransient, Code: "UNABLE_TO_LOCK_ROW", Err: err}
//
// An *Error matches, with errors.Is, the sentinel of its Kind (ErrNotFound
// for KindNotFound, ...) and whatever Err matches; errors.As reaches Err's
// own types, so callers can still get at the client's error.
type Error struct {
	// Kind classifies the error.
	Kind Kind
	// Code is the service's own error code, verbatim: a Salesforce
	// errorCode such as "UNABLE_TO_LOCK_ROW", a Reply problem code such as
	// "sequence.notFound", or an HTTP status such as "429". Empty when the
	// service gave none. It is for logs and for callers that need finer
	// branching than Kind; the runner ignores it.
	Code string
	// RetryAfter is how long the service asked the caller to wait before
	// trying again (Reply's Retry-After header), for KindRateLimited; zero
	// when it did not say.
	RetryAfter time.Duration
	// Err is the underlying error; it may be nil.
	Err error
}

// Error returns "KIND [CODE]: ERR", leaving out what is empty.
func (e *Error) Error() string {
	s := e.Kind.String()
	if e.Code != "" {
		s += " [" + e.Code + "]"
	}
	if e.RetryAfter > 0 {
		s += " (retry after " + e.RetryAfter.String() + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel of e's Kind (or
// context.Canceled for KindCanceled).
func (e *Error) Is(target error) bool {
	if e.Kind == KindCanceled {
		return target == context.Canceled
	}
	for _, s := range sentinels {
		if s.kind == e.Kind {
			return target == s.err
		}
	}
	return false
}

// KindOf classifies err:
//   - nil is KindUnknown (there is no kind for success; check err first);
//   - an error that is or wraps context.Canceled or
//     context.DeadlineExceeded is KindCanceled, whatever else it wraps;
//   - otherwise the Kind of the first *Error in err's chain;
//   - otherwise the kind of the first sentinel err matches with errors.Is;
//   - otherwise KindUnknown.
func KindOf(err error) Kind {
	if err == nil {
		return KindUnknown
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return KindCanceled
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Kind
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return s.kind
		}
	}
	return KindUnknown
}

// RetryAfter returns the retry-after of the first *Error in err's chain
// whose Kind is KindRateLimited, and zero when there is none or it gave no
// retry-after.
func RetryAfter(err error) time.Duration {
	for err != nil {
		if e, ok := err.(*Error); ok && e.Kind == KindRateLimited && e.RetryAfter > 0 {
			return e.RetryAfter
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				if d := RetryAfter(x); d > 0 {
					return d
				}
			}
			return 0
		default:
			return 0
		}
	}
	return 0
}

// CodeOf returns the Code of the first *Error in err's chain that has one,
// or "".
func CodeOf(err error) string {
	for err != nil {
		if e, ok := err.(*Error); ok && e.Code != "" {
			return e.Code
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				if c := CodeOf(x); c != "" {
					return c
				}
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}
