package client

import (
	"context"

	"github.com/smartcorekit/smartcore"
)

// The methods below differ only in endpoint and types; what they return on
// failure is described once, on [Client]. None of them modifies the request
// it is given: the payment_method default is filled in on a copy.

// InitPayment creates a hosted payment form (POST /initPayment on the
// gateway host); send the customer to the response's FormURL. Set
// FormPrefilledPhone for the Mobile Commerce variant. A nil or invalid
// request is an error and nothing is sent.
func (c *Client) InitPayment(ctx context.Context, req *smartcore.InitPaymentRequest) (*smartcore.PaymentResponse, error) {
	if req == nil {
		return nil, errNilRequest(epInitPayment)
	}
	return call[smartcore.PaymentResponse](ctx, c, epInitPayment, req, req.OrderID, sensitive{})
}

// PayCard charges a card directly (POST /initPaymentHost2Host on the PCI
// host), sending payment_method "card" when PaymentMethod is empty. The
// response may ask for 3-D Secure (FormURL or ACSURL). A nil or invalid
// request is an error and nothing is sent.
func (c *Client) PayCard(ctx context.Context, req *smartcore.CardPaymentRequest) (*smartcore.PaymentResponse, error) {
	if req == nil {
		return nil, errNilRequest(epHost2Host)
	}
	r := *req
	if r.PaymentMethod == "" {
		r.PaymentMethod = smartcore.MethodCard
	}
	return call[smartcore.PaymentResponse](ctx, c, epHost2Host, &r, r.OrderID, cardSensitive(r.Card))
}

// PayApplePay charges an Apple Pay DPAN (POST /initPaymentHost2Host on the
// PCI host), sending payment_method "applePayDPan" when PaymentMethod is
// empty. A nil or invalid request is an error and nothing is sent.
func (c *Client) PayApplePay(ctx context.Context, req *smartcore.ApplePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	if req == nil {
		return nil, errNilRequest(epHost2Host)
	}
	r := *req
	if r.PaymentMethod == "" {
		r.PaymentMethod = smartcore.MethodApplePayDPan
	}
	return call[smartcore.PaymentResponse](ctx, c, epHost2Host, &r, r.OrderID, sensitive{exact: []string{r.DPan}})
}

// PayGooglePay charges a Google Pay DPAN (POST /initPaymentHost2Host on the
// PCI host), sending payment_method "googlePayDPan" when PaymentMethod is
// empty. A nil or invalid request is an error and nothing is sent.
func (c *Client) PayGooglePay(ctx context.Context, req *smartcore.GooglePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	if req == nil {
		return nil, errNilRequest(epHost2Host)
	}
	r := *req
	if r.PaymentMethod == "" {
		r.PaymentMethod = smartcore.MethodGooglePayDPan
	}
	return call[smartcore.PaymentResponse](ctx, c, epHost2Host, &r, r.OrderID, sensitive{exact: []string{r.DPan}})
}

// Authorize holds an amount on a card for a later [Client.Capture] or
// [Client.Cancel] (POST /authorize on the PCI host). A nil or invalid
// request is an error and nothing is sent.
func (c *Client) Authorize(ctx context.Context, req *smartcore.AuthorizeRequest) (*smartcore.PaymentResponse, error) {
	if req == nil {
		return nil, errNilRequest(epAuthorize)
	}
	return call[smartcore.PaymentResponse](ctx, c, epAuthorize, req, req.OrderID, cardSensitive(req.Card))
}

// Capture captures an authorized payment, in full when Amount is zero
// (POST /capture). The status may still be processing: wait for the
// callback or call Check. A nil or invalid request is an error and nothing
// is sent.
func (c *Client) Capture(ctx context.Context, req *smartcore.CaptureRequest) (*smartcore.CaptureResponse, error) {
	if req == nil {
		return nil, errNilRequest(epCapture)
	}
	return call[smartcore.CaptureResponse](ctx, c, epCapture, req, req.OrderID, sensitive{})
}

// Cancel releases an authorized payment (POST /cancel). The status may
// still be processing. A nil or invalid request is an error and nothing is
// sent.
func (c *Client) Cancel(ctx context.Context, req *smartcore.CancelRequest) (*smartcore.CancelResponse, error) {
	if req == nil {
		return nil, errNilRequest(epCancel)
	}
	return call[smartcore.CancelResponse](ctx, c, epCancel, req, req.OrderID, sensitive{})
}

// Check returns a transaction's status (POST /check). It changes nothing,
// so transport failures and 429/502/503/504 answers are retried as
// [WithRetry] configures. A failed transaction is not an error: see the
// response's Status, ErrorMessage and CascadeErrors. HasStatus is false
// when the answer carried no status (the document makes it optional here),
// which Status 0 alone cannot tell. A nil or invalid request is an error
// and nothing is sent.
func (c *Client) Check(ctx context.Context, req *smartcore.CheckRequest) (*smartcore.CheckResponse, error) {
	if req == nil {
		return nil, errNilRequest(epCheck)
	}
	return call[smartcore.CheckResponse](ctx, c, epCheck, req, req.OrderID, sensitive{})
}

// Refund refunds a transaction in full or in part (POST /refund). Success
// false in the response means "not final yet": call Check. A nil or invalid
// request is an error and nothing is sent.
func (c *Client) Refund(ctx context.Context, req *smartcore.RefundRequest) (*smartcore.RefundResponse, error) {
	if req == nil {
		return nil, errNilRequest(epRefund)
	}
	return call[smartcore.RefundResponse](ctx, c, epRefund, req, req.OrderID, sensitive{})
}

// Recurrent charges again from a parent transaction (POST /recurrent).
// Success false means "not final yet": call Check; FormURL, when set, leads
// to 3-D Secure. A nil or invalid request is an error and nothing is sent.
func (c *Client) Recurrent(ctx context.Context, req *smartcore.RecurrentRequest) (*smartcore.RecurrentResponse, error) {
	if req == nil {
		return nil, errNilRequest(epRecurrent)
	}
	return call[smartcore.RecurrentResponse](ctx, c, epRecurrent, req, req.OrderID, sensitive{})
}

// TokenizeForm creates the form where a customer enters the card later
// withdrawals pay out to (POST /withdrawal/tokenize-form). A nil or invalid
// request is an error and nothing is sent.
func (c *Client) TokenizeForm(ctx context.Context, req *smartcore.TokenizeFormRequest) (*smartcore.PaymentResponse, error) {
	if req == nil {
		return nil, errNilRequest(epTokenizeForm)
	}
	return call[smartcore.PaymentResponse](ctx, c, epTokenizeForm, req, req.OrderID, sensitive{})
}

// WithdrawCard pays out to a card (POST /withdrawal/init on the PCI host),
// sending payment_method "card" when PaymentMethod is empty. A nil or
// invalid request is an error and nothing is sent.
func (c *Client) WithdrawCard(ctx context.Context, req *smartcore.CardWithdrawalRequest) (*smartcore.WithdrawalResponse, error) {
	if req == nil {
		return nil, errNilRequest(epWithdrawCard)
	}
	r := *req
	if r.PaymentMethod == "" {
		r.PaymentMethod = smartcore.MethodCard
	}
	return call[smartcore.WithdrawalResponse](ctx, c, epWithdrawCard, &r, r.OrderID, sensitive{pans: []string{r.CardNumber}})
}

// WithdrawPhone pays out to a mobile phone balance (POST /withdrawal/init
// on the gateway host), sending payment_method "phoneBalance" when
// PaymentMethod is empty. A nil or invalid request is an error and nothing
// is sent.
func (c *Client) WithdrawPhone(ctx context.Context, req *smartcore.PhoneWithdrawalRequest) (*smartcore.WithdrawalResponse, error) {
	if req == nil {
		return nil, errNilRequest(epWithdraw)
	}
	r := *req
	if r.PaymentMethod == "" {
		r.PaymentMethod = smartcore.MethodPhoneBalance
	}
	return call[smartcore.WithdrawalResponse](ctx, c, epWithdraw, &r, r.OrderID, sensitive{})
}

// WithdrawToken pays out to a card tokenized with [Client.TokenizeForm]
// (POST /withdrawal/init on the gateway host), sending payment_method
// "token" when PaymentMethod is empty. A nil or invalid request is an error
// and nothing is sent.
func (c *Client) WithdrawToken(ctx context.Context, req *smartcore.TokenWithdrawalRequest) (*smartcore.WithdrawalResponse, error) {
	if req == nil {
		return nil, errNilRequest(epWithdraw)
	}
	r := *req
	if r.PaymentMethod == "" {
		r.PaymentMethod = smartcore.MethodToken
	}
	return call[smartcore.WithdrawalResponse](ctx, c, epWithdraw, &r, r.OrderID, sensitive{})
}

// Balance returns a payout account's balance in cents (POST
// /withdrawal/balance/get). It changes nothing, so it is retried like
// [Client.Check]. A nil or invalid request is an error and nothing is sent.
func (c *Client) Balance(ctx context.Context, req *smartcore.BalanceRequest) (*smartcore.BalanceResponse, error) {
	if req == nil {
		return nil, errNilRequest(epBalance)
	}
	return call[smartcore.BalanceResponse](ctx, c, epBalance, req, "", sensitive{})
}
