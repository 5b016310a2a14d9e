package reconcile

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/smartcorekit/smartcore"
)

// CallbackFromCheck returns the callback the gateway would have sent for a
// check answer, as the reconciler hands it to the application: OrderID is
// orderID (the merchant order id the host asked about; the answer's own
// order_id when orderID is ""), and Status, Amount, FinalAmount, Type,
// ErrorCategory (from errorMessage), CascadeErrors (as sent), AuthorizeStatus,
// ECI, RRN, FirstName and LastName come from the answer. The masked card's
// holder, number and expiry go to Extra as card_holder, card_number,
// card_exp_month and card_exp_year, as a callback carries them.
//
// A check answer has no currency, message, isTrustedTransaction or phone
// fields: those stay empty. AmountUnknown and HasFinalAmount tell whether
// the answer carried amount and finalAmount, as for a received callback.
// Sign and Raw are empty: nothing was signed. It returns nil for a nil res.
func CallbackFromCheck(orderID string, res *smartcore.CheckResponse) *smartcore.Callback {
	if res == nil {
		return nil
	}
	if orderID == "" {
		orderID = res.OrderID
	}
	cb := &smartcore.Callback{
		OrderID:         orderID,
		Status:          res.Status,
		Amount:          res.Amount,
		AmountUnknown:   !carried(res, "amount", res.Amount),
		FinalAmount:     res.FinalAmount,
		HasFinalAmount:  carried(res, "finalAmount", res.FinalAmount),
		Type:            res.Type,
		ErrorCategory:   res.ErrorMessage,
		CascadeErrors:   res.CascadeErrors.Raw,
		AuthorizeStatus: res.AuthorizeStatus,
		ECI:             res.ECI,
		FirstName:       res.FirstName,
		LastName:        res.LastName,
		RRN:             res.RRN,
	}
	if c := res.Card; c != nil {
		for _, f := range [...]smartcore.Field{
			{Key: "card_holder", Value: c.Holder},
			{Key: "card_number", Value: c.Number},
			{Key: "card_exp_month", Value: c.ExpMonth},
			{Key: "card_exp_year", Value: c.ExpYear},
		} {
			if f.Value != "" {
				cb.Extra = append(cb.Extra, f)
			}
		}
	}
	return cb
}

// carried reports whether the check answer held a usable number for key.
// The decoded value alone cannot tell "0" from absent, so the answer's body
// is consulted when the client kept it; a response built by hand (no body)
// is taken at its word for a non-zero value.
func carried(res *smartcore.CheckResponse, key string, value int64) bool {
	if slices.ContainsFunc(res.Undecoded, func(e smartcore.FieldError) bool { return e.Field == key }) {
		return false
	}
	var members map[string]json.RawMessage
	if len(res.RawBody) == 0 || json.Unmarshal(res.RawBody, &members) != nil {
		return value != 0
	}
	raw := bytes.TrimSpace(members[key])
	switch string(raw) {
	case "", "null", `"null"`, `""`:
		return false
	}
	return true
}
