package validate_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
)

// Validating a valid request costs go-playground's allocations (it boxes
// each field it visits: 41 for the card payment), one net/url parse per URL
// (5) and, under Strict, one per ISO code-list lookup (2). Checked on every
// run against a ceiling a little above those 46 and 48, so that a rule that
// starts allocating per byte or per field shows up here.
func TestStructAllocationsAreBounded(t *testing.T) {
	req := new(smartcore.CardPaymentRequest)
	require.NoError(t, json.Unmarshal([]byte(docexamples.CardPayment.Request), req))
	require.NoError(t, validate.Struct(req))
	require.NoError(t, validate.Strict(req))
	if raceEnabled {
		return // the allocation counts below are checked by the non-race run
	}
	const ceiling = 52
	structAllocs := testing.AllocsPerRun(100, func() { _ = validate.Struct(req) })
	strictAllocs := testing.AllocsPerRun(100, func() { _ = validate.Strict(req) })
	t.Logf("allocations: Struct %v, Strict %v", structAllocs, strictAllocs)
	require.LessOrEqual(t, structAllocs, float64(ceiling))
	require.LessOrEqual(t, strictAllocs, float64(ceiling))
	// A single string rule with nothing to parse allocates nothing.
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = validate.Var("+44 20 7946 0612", "phone") }))
}

func TestLuhn(t *testing.T) {
	for s, want := range map[string]bool{
		"4012000000003010": true, "4003830171874018": true, "4012000000003011": false,
		"0": true, "": false, "4012 0000 0000 3010": false, "79927398713": true,
	} {
		require.Equal(t, want, validate.Luhn(s), s)
	}
}
