package sandbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Reading balances stores nothing: /withdrawal/balance/get for any number
// of distinct account names leaves the balance map as it was, and each
// answer is the initial balance. Only a change (SetBalance) adds an entry.
func TestBalanceReadsStoreNothing(t *testing.T) {
	t.Parallel()
	s := New(Options{PayoutBalance: 777})
	t.Cleanup(func() { _ = s.Close() })
	entries := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.st.balance)
	}
	before := entries()

	const reads = 2000
	for i := range reads {
		body := fmt.Sprintf(`{"account":"acct-%d"}`, i)
		req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/withdrawal/balance/get", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(s.MerchantKey(), s.Secret())
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Contains(t, rec.Body.String(), `"balance":777`)
		require.Equal(t, int64(777), s.Balance(fmt.Sprintf("acct-%d", i)))
	}
	require.Equal(t, before, entries(), "balance reads added map entries")

	s.SetBalance("acct-1", 5)
	require.Equal(t, before+1, entries(), "a change is stored")
	require.Equal(t, int64(5), s.Balance("acct-1"))
	require.Equal(t, int64(777), s.Balance("acct-2"))
}
