package salesforce

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/ownermap/ownermap/adapters"
)

// ErrorItem is one element of a Salesforce REST error body, which is a
// JSON array of {message, errorCode, fields}.
type ErrorItem struct {
	Message   string   `json:"message"`
	ErrorCode string   `json:"errorCode"`
	Fields    []string `json:"fields,omitempty"`
}

// APIError is a refusal from the Salesforce REST API: the HTTP status and
// the error array of the body (empty when the body was not one). Clients of
// this package find it with errors.As inside the *adapters.Error that
// ClassifyError returns.
type APIError struct {
	StatusCode int
	Errors     []ErrorItem
}

// Error returns "salesforce: HTTP 400: CODE: message", with the first
// error of the array.
func (e *APIError) Error() string {
	s := "salesforce: HTTP " + strconv.Itoa(e.StatusCode)
	if len(e.Errors) > 0 {
		if e.Errors[0].ErrorCode != "" {
			s += ": " + e.Errors[0].ErrorCode
		}
		if e.Errors[0].Message != "" {
			s += ": " + e.Errors[0].Message
		}
	}
	if len(e.Errors) > 1 {
		s += " (and " + strconv.Itoa(len(e.Errors)-1) + " more)"
	}
	return s
}

// errorCodeKinds classifies the errorCodes FACTS.md §4 lists. A code not
// here is classified by the HTTP status.
var errorCodeKinds = map[string]adapters.Kind{
	// Rate limits: the org's API request limit is spent (sent with 403).
	"REQUEST_LIMIT_EXCEEDED": adapters.KindRateLimited,
	// Transient: another transaction holds the row.
	"UNABLE_TO_LOCK_ROW": adapters.KindTransient,
	// Permission.
	"INVALID_SESSION_ID":                            adapters.KindPermission,
	"INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY": adapters.KindPermission,
	"INSUFFICIENT_ACCESS_OR_READONLY":               adapters.KindPermission,
	"TRANSFER_REQUIRES_READ":                        adapters.KindPermission,
	// Not found: the referenced ID is missing, deleted, in another org or
	// not visible.
	"INVALID_CROSS_REFERENCE_KEY": adapters.KindNotFound,
	"ENTITY_IS_DELETED":           adapters.KindNotFound,
	"NOT_FOUND":                   adapters.KindNotFound,
	// Permanent: the same request will fail again.
	"INACTIVE_OWNER_OR_USER":       adapters.KindPermanent,
	"MALFORMED_ID":                 adapters.KindPermanent,
	"FIELD_INTEGRITY_EXCEPTION":    adapters.KindPermanent,
	"CANNOT_UPDATE_CONVERTED_LEAD": adapters.KindPermanent,
	"MALFORMED_QUERY":              adapters.KindPermanent,
}

// ClassifyError classifies a Salesforce REST response. It returns nil for
// a 2xx status; otherwise an *adapters.Error whose Code is the first
// errorCode of the body's error array (or the status, as text, when the
// body has none) and whose Err is an *APIError. It never panics, whatever
// the body.
//
// The first errorCode decides when it is one of:
//
//	REQUEST_LIMIT_EXCEEDED                          KindRateLimited
//	UNABLE_TO_LOCK_ROW                              KindTransient
//	INVALID_SESSION_ID, INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY,
//	INSUFFICIENT_ACCESS_OR_READONLY, TRANSFER_REQUIRES_READ
//	                                                KindPermission
//	INVALID_CROSS_REFERENCE_KEY, ENTITY_IS_DELETED, NOT_FOUND
//	                                                KindNotFound
//	INACTIVE_OWNER_OR_USER, MALFORMED_ID, FIELD_INTEGRITY_EXCEPTION,
//	CANNOT_UPDATE_CONVERTED_LEAD, MALFORMED_QUERY   KindPermanent
//
// and otherwise the status does: 401 and 403 KindPermission, 404
// KindNotFound, 429 KindRateLimited (not in Salesforce's list, but a proxy
// may send it), 408, 500, 502, 503 and 504 KindTransient, anything else
// KindPermanent. Salesforce gives no retry-after, so RetryAfter is zero.
//
// It is exported for embedders who call Salesforce with their own client
// (k-capehart/go-salesforce, for example, returns the raw body as the
// error text) and want this package's classification.
func ClassifyError(status int, body []byte) error {
	if status >= 200 && status < 300 {
		return nil
	}
	apiErr := &APIError{StatusCode: status}
	var items []ErrorItem
	if json.Unmarshal(body, &items) == nil {
		apiErr.Errors = items
	} else {
		// A single error object instead of an array is seen from some
		// endpoints and proxies; accept it too.
		var item ErrorItem
		if json.Unmarshal(body, &item) == nil && item.ErrorCode != "" {
			apiErr.Errors = []ErrorItem{item}
		}
	}
	e := &adapters.Error{Kind: statusKind(status), Code: strconv.Itoa(status), Err: apiErr}
	if len(apiErr.Errors) > 0 && apiErr.Errors[0].ErrorCode != "" {
		code := apiErr.Errors[0].ErrorCode
		e.Code = code
		if k, ok := errorCodeKinds[strings.ToUpper(code)]; ok {
			e.Kind = k
		}
	}
	return e
}

func statusKind(status int) adapters.Kind {
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		return adapters.KindPermission
	case http.StatusNotFound:
		return adapters.KindNotFound
	case http.StatusTooManyRequests:
		return adapters.KindRateLimited
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return adapters.KindTransient
	}
	return adapters.KindPermanent
}
