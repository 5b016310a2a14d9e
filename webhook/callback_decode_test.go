package webhook_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

type cardDetails struct {
	Holder  string `schema:"card_holder"`
	Number  string `schema:"card_number"`
	Amount  int64  `schema:"amount"`
	Channel string `schema:"x_channel"`
}

func TestCallbackDecodeExtraFields(t *testing.T) {
	cb, err := webhook.ParseCallback(fields("orderId", "1", "status", "2", "amount", "500", "sign", "ab",
		"card_holder", "JOHN DOE", "card_number", "401200******3010", "x_channel", "web"))
	require.NoError(t, err)
	var d cardDetails
	require.NoError(t, webhook.DecodeParams(cb, &d))
	require.Equal(t, cardDetails{Holder: "JOHN DOE", Number: "401200******3010", Amount: 500, Channel: "web"}, d)

	// A name differing only in case would let gorilla/schema pick either.
	cb, err = webhook.ParseCallback(fields("orderId", "1", "status", "2", "amount", "500", "sign", "ab",
		"card_holder", "A", "CARD_HOLDER", "B"))
	require.NoError(t, err)
	require.ErrorIs(t, webhook.DecodeParams(cb, &d), smartcore.ErrInvalidCallback)
	// So would one that only Unicode case folding makes equal: "ſ" (long
	// s) and "K" (Kelvin) match "s" and "k" in strings.EqualFold, which
	// gorilla/schema uses, though strings.ToLower keeps them apart.
	for _, twin := range []string{"x_ſtatus", "x_\u212aey"} {
		name := map[string]string{"x_ſtatus": "x_status", "x_\u212aey": "x_key"}[twin]
		cb, err = webhook.ParseCallback(fields("orderId", "1", "status", "2", "amount", "500", "sign", "ab",
			name, "A", twin, "B"))
		require.NoError(t, err)
		require.ErrorIs(t, webhook.DecodeParams(cb, &d), smartcore.ErrInvalidCallback, twin)
	}

	// Conversion errors name the field but never quote its value.
	type bad struct {
		Holder int `schema:"card_holder"`
	}
	cb, err = webhook.ParseCallback(fields("orderId", "1", "status", "2", "amount", "500", "sign", "ab", "card_holder", "4012 0000 0000 3010"))
	require.NoError(t, err)
	err = webhook.DecodeParams(cb, &bad{})
	require.Error(t, err)
	require.Contains(t, err.Error(), "card_holder")
	require.NotContains(t, err.Error(), "4012 0000")

	// A hand-built callback decodes from its typed fields.
	hand := &smartcore.Callback{OrderID: "7", Status: smartcore.StatusFail, Amount: 9, Extra: fields("x_channel", "app")}
	var d2 cardDetails
	require.NoError(t, webhook.DecodeParams(hand, &d2))
	require.Equal(t, cardDetails{Amount: 9, Channel: "app"}, d2)
}
