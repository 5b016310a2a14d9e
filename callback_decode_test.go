package smartcore_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

type cardDetails struct {
	Holder  string `schema:"card_holder"`
	Number  string `schema:"card_number"`
	Amount  int64  `schema:"amount"`
	Channel string `schema:"x_channel"`
}

func TestCallbackDecodeExtraFields(t *testing.T) {
	cb, err := smartcore.ParseCallback(fields("orderId", "1", "status", "2", "amount", "500", "sign", "ab",
		"card_holder", "JOHN DOE", "card_number", "401200******3010", "x_channel", "web"))
	require.NoError(t, err)
	var d cardDetails
	require.NoError(t, cb.Decode(&d))
	require.Equal(t, cardDetails{Holder: "JOHN DOE", Number: "401200******3010", Amount: 500, Channel: "web"}, d)

	// A name differing only in case would let gorilla/schema pick either.
	cb, err = smartcore.ParseCallback(fields("orderId", "1", "status", "2", "amount", "500", "sign", "ab",
		"card_holder", "A", "CARD_HOLDER", "B"))
	require.NoError(t, err)
	require.ErrorIs(t, cb.Decode(&d), smartcore.ErrInvalidCallback)

	// Conversion errors name the field but never quote its value.
	type bad struct {
		Holder int `schema:"card_holder"`
	}
	cb, err = smartcore.ParseCallback(fields("orderId", "1", "status", "2", "amount", "500", "sign", "ab", "card_holder", "4012 0000 0000 3010"))
	require.NoError(t, err)
	err = cb.Decode(&bad{})
	require.Error(t, err)
	require.Contains(t, err.Error(), "card_holder")
	require.NotContains(t, err.Error(), "4012 0000")

	// A hand-built callback decodes from its typed fields.
	hand := &smartcore.Callback{OrderID: "7", Status: smartcore.StatusFail, Amount: 9, Extra: fields("x_channel", "app")}
	var d2 cardDetails
	require.NoError(t, hand.Decode(&d2))
	require.Equal(t, cardDetails{Amount: 9, Channel: "app"}, d2)
}
