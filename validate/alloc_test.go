package validate_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
)

// The benchmark's target, checked on every run: a valid request costs no
// allocation. (A test that turns the fast path off on purpose restores it.)
func TestStructDoesNotAllocateOnAValidRequest(t *testing.T) {
	req := new(smartcore.CardPaymentRequest)
	require.NoError(t, json.Unmarshal([]byte(docCardPayment), req))
	require.NoError(t, validate.Struct(req))
	require.False(t, validate.FastOff(), "something turned the allocation-free path off")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = validate.Struct(req) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = validate.Var("https://merchant.site", "weburl") }))
	require.False(t, validate.FastOff(), "Var turned the allocation-free path off")
}
