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
