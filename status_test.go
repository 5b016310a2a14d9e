package smartcore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		s     smartcore.Status
		name  string
		final bool
	}{
		{smartcore.StatusFail, "fail", true},
		{smartcore.StatusWaitingRedirect, "waiting for redirect", false},
		{smartcore.StatusProcessing, "processing", false},
		{smartcore.StatusSuccess, "success", true},
		{smartcore.Status(7), "Status(7)", false},
	}
	for _, tc := range tests {
		require.Equal(t, tc.name, tc.s.String())
		require.Equal(t, tc.final, tc.s.IsFinal())
	}
	require.False(t, smartcore.Status(3).Known())
	require.True(t, smartcore.StatusFail.Known())
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]smartcore.Status{"2": 2, "-1": -1, "1": 1, "0": 0, "success": 2, "fail": -1, "processing": 1, "waiting": 0} {
		got, err := smartcore.ParseStatus(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "3", "-2", "ok", "2.0"} {
		_, err := smartcore.ParseStatus(in)
		require.Error(t, err, in)
	}
}

func TestErrorCodes(t *testing.T) {
	codes := smartcore.ErrorCodes()
	require.Len(t, codes, 22)
	seen := map[smartcore.ErrorCode]bool{}
	for _, c := range codes {
		require.NotEmpty(t, c.Description(), c)
		require.True(t, c.Known())
		require.False(t, seen[c], "listed twice: %s", c)
		seen[c] = true
	}
	require.Equal(t, "Insufficient funds on the card", smartcore.ErrInsufficientFundsProcessing.Description())
	require.Equal(t, smartcore.ErrorCode("PLATFORM_ERROR_DUPLICATED_ORDER_ID"), smartcore.ErrDuplicatedOrderID)
	require.False(t, smartcore.ErrorCode("SOMETHING_NEW").Known())
	require.Empty(t, smartcore.ErrorCode("SOMETHING_NEW").Description())
}
