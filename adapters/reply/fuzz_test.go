package reply

import (
	"net/http"
	"testing"
	"time"

	"github.com/ownermap/ownermap/adapters"
)

// FuzzClassifyError: any status, Retry-After and body classify without
// panicking; 2xx is nil; anything else is an *adapters.Error with a code
// and a retry-after within [0, 1h], non-zero only when rate limited.
func FuzzClassifyError(f *testing.F) {
	f.Add(429, "7", []byte(`{"code":"rateLimit.exceeded"}`))
	f.Add(404, "", []byte(`{"type":"about:blank","code":"sequence.notFound","status":404}`))
	f.Add(400, "", []byte(`{"code":"contactAccount.invalidInput","errors":[{"pointer":"/userId"}]}`))
	f.Add(429, "Wed, 21 Oct 2015 07:28:00 GMT", []byte(``))
	f.Add(500, "x", []byte(`{"code":5}`))
	f.Add(400, "", []byte(`{"code":"."}`))
	f.Add(200, "", []byte(`{}`))
	f.Fuzz(func(t *testing.T, status int, retry string, body []byte) {
		err := ClassifyError(status, http.Header{"Retry-After": {retry}}, body)
		if status >= 200 && status < 300 {
			if err != nil {
				t.Fatalf("status %d: %v", status, err)
			}
			return
		}
		e, ok := err.(*adapters.Error)
		if !ok || e.Code == "" || e.Kind == adapters.KindUnknown || e.Kind == adapters.KindCanceled {
			t.Fatalf("status %d body %q: %#v", status, body, err)
		}
		if e.RetryAfter < 0 || e.RetryAfter > time.Hour || (e.RetryAfter > 0 && e.Kind != adapters.KindRateLimited) {
			t.Fatalf("retry-after %v for %v", e.RetryAfter, e)
		}
	})
}
