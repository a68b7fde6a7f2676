package ownership_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ownermap/ownermap/ownership"
)

func TestParseReplyUserIDAcceptsOnlyPositiveDecimal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ownership.ReplyUserID
		ok   bool
	}{
		{"1", 1, true},
		{"42", 42, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"", 0, false},
		{"0", 0, false},
		{"-3", 0, false},
		{"+3", 0, false},
		{" 3", 0, false},
		{"3 ", 0, false},
		{"3.0", 0, false},
		{"0x10", 0, false},
		{"9223372036854775808", 0, false},
		{"abc", 0, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ownership.ParseReplyUserID(tc.in)
			if !tc.ok {
				require.ErrorIs(t, err, ownership.ErrInvalidReplyUserID)
				require.Zero(t, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			require.True(t, got.Valid())
			require.Equal(t, tc.in, got.String())
		})
	}
}

func TestReplyUserIDValidOnlyWhenPositive(t *testing.T) {
	got := []bool{ownership.ReplyUserID(-1).Valid(), ownership.ReplyUserID(0).Valid(), ownership.ReplyUserID(1).Valid()}
	if diff := cmp.Diff([]bool{false, false, true}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDirectionTextFormsAreStable(t *testing.T) {
	type forms struct {
		String, Arrow string
		Valid         bool
		Reverse       ownership.Direction
	}
	for _, tc := range []struct {
		d    ownership.Direction
		want forms
	}{
		{ownership.SalesforceToReply, forms{"salesforce_to_reply", "Salesforce → Reply", true, ownership.ReplyToSalesforce}},
		{ownership.ReplyToSalesforce, forms{"reply_to_salesforce", "Reply → Salesforce", true, ownership.SalesforceToReply}},
		{ownership.DirectionUnspecified, forms{"unspecified", "unspecified", false, ownership.DirectionUnspecified}},
		{ownership.Direction(9), forms{"Direction(9)", "Direction(9)", false, ownership.Direction(9)}},
	} {
		t.Run(tc.want.String, func(t *testing.T) {
			got := forms{tc.d.String(), tc.d.Arrow(), tc.d.Valid(), tc.d.Reverse()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDirectionTextRoundTripAndUnspecifiedIsRejected(t *testing.T) {
	for _, d := range []ownership.Direction{ownership.SalesforceToReply, ownership.ReplyToSalesforce} {
		text, err := d.MarshalText()
		require.NoError(t, err)
		var back ownership.Direction
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, d, back)
		parsed, err := ownership.ParseDirection(string(text))
		require.NoError(t, err)
		require.Equal(t, d, parsed)
	}
	_, err := ownership.DirectionUnspecified.MarshalText()
	require.ErrorIs(t, err, ownership.ErrInvalidDirection)
	_, err = json.Marshal(struct{ D ownership.Direction }{})
	require.ErrorIs(t, err, ownership.ErrInvalidDirection, "an unset direction is never written")

	for _, in := range []string{"", "unspecified", "Salesforce_To_Reply", "sf_to_reply"} {
		d := ownership.SalesforceToReply
		require.ErrorIs(t, d.UnmarshalText([]byte(in)), ownership.ErrInvalidDirection, in)
		require.Equal(t, ownership.SalesforceToReply, d, "a failed UnmarshalText keeps the value")
		_, err := ownership.ParseDirection(in)
		require.ErrorIs(t, err, ownership.ErrInvalidDirection, in)
	}
}

func TestPairSourceAndTargetFollowDirection(t *testing.T) {
	p := ownership.Pair{Salesforce: ownership.MustParseSalesforceID("00558000001N0Ke"), Reply: 7}
	got := []string{
		p.String(),
		p.Source(ownership.SalesforceToReply), p.Target(ownership.SalesforceToReply),
		p.Source(ownership.ReplyToSalesforce), p.Target(ownership.ReplyToSalesforce),
	}
	want := []string{"00558000001N0KeAAK ↔ 7", "00558000001N0KeAAK", "7", "7", "00558000001N0KeAAK"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestPairJSONUsesSnakeCaseAndCanonicalID(t *testing.T) {
	p := ownership.Pair{Salesforce: ownership.MustParseSalesforceID("00558000001n0keaak"), Reply: 7}
	raw, err := json.Marshal(p)
	require.NoError(t, err)
	require.JSONEq(t, `{"salesforce_owner":"00558000001N0KeAAK","reply_owner":7}`, string(raw))
	var back ownership.Pair
	require.NoError(t, json.Unmarshal([]byte(`{"salesforce_owner":"00558000001N0Ke","reply_owner":7}`), &back))
	require.Equal(t, p, back)
}

func TestQueueMayOwnComparesObjectNamesCaseInsensitively(t *testing.T) {
	q := ownership.Queue{Objects: []string{"Lead", "Case"}}
	got := []bool{q.MayOwn("Lead"), q.MayOwn("lead"), q.MayOwn("CASE"), q.MayOwn("Contact"), ownership.Queue{}.MayOwn("Lead")}
	if diff := cmp.Diff([]bool{true, true, true, false, false}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWorkspaceModeTextForms(t *testing.T) {
	for _, tc := range []struct {
		m    ownership.WorkspaceMode
		text string
	}{
		{ownership.TeamEdition, "team_edition"},
		{ownership.PrivateMode, "private_mode"},
		{ownership.WorkspaceUnknown, "unknown"},
	} {
		text, err := tc.m.MarshalText()
		require.NoError(t, err)
		require.Equal(t, tc.text, string(text))
		var back ownership.WorkspaceMode
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, tc.m, back)
	}
	m := ownership.TeamEdition
	require.NoError(t, m.UnmarshalText(nil))
	require.Equal(t, ownership.WorkspaceUnknown, m, "empty text is unknown")
	require.Error(t, m.UnmarshalText([]byte("team")))
	require.Equal(t, "WorkspaceMode(5)", ownership.WorkspaceMode(5).String())
}

func TestNormalizeEmailTrimsAndLowercases(t *testing.T) {
	got := []string{
		ownership.NormalizeEmail("  Ann@Example.COM\t"),
		ownership.NormalizeEmail("ann@example.com"),
		ownership.NormalizeEmail("   "),
	}
	if diff := cmp.Diff([]string{"ann@example.com", "ann@example.com", ""}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
