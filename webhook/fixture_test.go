package webhook_test

import (
	"net/url"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

const secret = "qwerty"

// docCallback is the document's example callback body with two more
// documented fields: 20 fields, as a real one carries.
func docCallback() *smartcore.Callback {
	return &smartcore.Callback{
		OrderID:              "200004",
		Status:               smartcore.StatusSuccess,
		Type:                 smartcore.TypeWithdrawal,
		Message:              "null",
		CascadeErrors:        "null",
		IsTrustedTransaction: "false",
		Amount:               10000,
		FinalAmount:          10000,
		Currency:             "EUR",
		AuthorizeStatus:      "null",
		ECI:                  "null",
		FirstName:            "null",
		LastName:             "null",
		RRN:                  "null",
		PaymentPhoneNumber:   "null",
		ErrorCategory:        "null",
		Extra: []smartcore.Field{
			{Key: "card_holder", Value: "N/A"},
			{Key: "card_number", Value: "401200******3010"},
			{Key: "card_exp_month", Value: "N/A"},
			{Key: "card_exp_year", Value: "N/A"},
		},
	}
}

func docBody() string { return webhooktest.Body(secret, docCallback()) }

// docValues is the parsed form of docBody.
func docValues() url.Values {
	v, err := url.ParseQuery(docBody())
	if err != nil {
		panic(err)
	}
	return v
}
