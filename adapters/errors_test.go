package adapters_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/adapters"
)

func TestKindOfClassifiesEveryShapeOfError(t *testing.T) {
	rate := &adapters.Error{Kind: adapters.KindRateLimited, Code: "429", RetryAfter: 30 * time.Second}
	for _, tc := range []struct {
		name  string
		err   error
		kind  adapters.Kind
		retry time.Duration
		code  string
	}{
		{"nil", nil, adapters.KindUnknown, 0, ""},
		{"plain", errors.New("boom"), adapters.KindUnknown, 0, ""},
		{"wrapped sentinel", fmt.Errorf("contact 42: %w", adapters.ErrNotFound), adapters.KindNotFound, 0, ""},
		{"error", &adapters.Error{Kind: adapters.KindTransient, Code: "UNABLE_TO_LOCK_ROW"}, adapters.KindTransient, 0, "UNABLE_TO_LOCK_ROW"},
		{"wrapped error", fmt.Errorf("update: %w", rate), adapters.KindRateLimited, 30 * time.Second, "429"},
		{"joined", errors.Join(errors.New("x"), rate), adapters.KindRateLimited, 30 * time.Second, "429"},
		{"canceled", fmt.Errorf("get: %w", context.Canceled), adapters.KindCanceled, 0, ""},
		{"deadline", context.DeadlineExceeded, adapters.KindCanceled, 0, ""},
		{"canceled wins over its wrapper", &adapters.Error{Kind: adapters.KindTransient, Err: context.Canceled}, adapters.KindCanceled, 0, ""},
		{"retry-after only for rate limits", &adapters.Error{Kind: adapters.KindTransient, RetryAfter: time.Second}, adapters.KindTransient, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.kind, adapters.KindOf(tc.err))
			require.Equal(t, tc.retry, adapters.RetryAfter(tc.err))
			require.Equal(t, tc.code, adapters.CodeOf(tc.err))
		})
	}
}

func TestErrorMatchesTheSentinelOfItsKindAndItsCause(t *testing.T) {
	cause := errors.New("INVALID_CROSS_REFERENCE_KEY: invalid cross reference id")
	err := fmt.Errorf("set owner: %w", &adapters.Error{Kind: adapters.KindNotFound, Code: "INVALID_CROSS_REFERENCE_KEY", Err: cause})
	require.ErrorIs(t, err, adapters.ErrNotFound)
	require.ErrorIs(t, err, cause)
	require.NotErrorIs(t, err, adapters.ErrPermanent)
	require.ErrorIs(t, &adapters.Error{Kind: adapters.KindCanceled}, context.Canceled)
	require.Equal(t, "not_found [INVALID_CROSS_REFERENCE_KEY]: INVALID_CROSS_REFERENCE_KEY: invalid cross reference id", errors.Unwrap(err).Error())
}

func TestOnlyRateLimitedAndTransientAreRetryable(t *testing.T) {
	var got []adapters.Kind
	for k := adapters.KindUnknown; k <= adapters.KindCanceled; k++ {
		require.NotContains(t, k.String(), "Kind(", "kind %d has no text form", k)
		if k.Retryable() {
			got = append(got, k)
		}
	}
	require.Equal(t, []adapters.Kind{adapters.KindRateLimited, adapters.KindTransient}, got)
}
