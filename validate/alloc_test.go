package validate_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
)

// The benchmark's target, checked on every run: a valid request costs no
// allocation. (A test that turns the fast path off on purpose restores it.)
func TestStructDoesNotAllocateOnAValidRequest(t *testing.T) {
	req := new(smartcore.CardPaymentRequest)
	require.NoError(t, json.Unmarshal([]byte(docexamples.CardPayment.Request), req))
	require.NoError(t, validate.Struct(req))
	require.False(t, validate.FastOff(), "something turned the allocation-free path off")
	require.NoError(t, validate.Var("https://merchant.site", "weburl"))
	require.False(t, validate.FastOff(), "Var turned the allocation-free path off")
	if raceEnabled {
		return // the allocation counts below are checked by the non-race run
	}
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = validate.Struct(req) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = validate.Var("https://merchant.site", "weburl") }))
}

func TestLuhn(t *testing.T) {
	for s, want := range map[string]bool{
		"4012000000003010": true, "4003830171874018": true, "4012000000003011": false,
		"0": true, "": false, "4012 0000 0000 3010": false, "79927398713": true,
	} {
		require.Equal(t, want, validate.Luhn(s), s)
	}
}
