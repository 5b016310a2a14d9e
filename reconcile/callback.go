package reconcile

import (
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
// fields: those stay empty. AmountUnknown and HasFinalAmount follow the
// answer's HasAmount and HasFinalAmount, as for a received callback (a
// non-zero number in a response built by hand counts as carried).
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
		AmountUnknown:   !res.HasAmount && res.Amount == 0,
		FinalAmount:     res.FinalAmount,
		HasFinalAmount:  res.HasFinalAmount || res.FinalAmount != 0,
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
