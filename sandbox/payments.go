package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// serveInitPayment creates a hosted payment form (both the card form and
// the Mobile Commerce variant, which shows form_prefilled_phone). The
// payment waits, status 1, for the customer on {base}/pay/{id}, for at
// most Options.FormTimeout.
func (s *Sandbox) serveInitPayment(x *exchange) {
	req, ok := decode[smartcore.InitPaymentRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	t := newPayment(req.Order, req.Customer, req.ReturnURLs, req.MerchantSite, MethodForm)
	t.Status = smartcore.StatusProcessing
	t.Phone = req.FormPrefilledPhone
	s.mu.Lock()
	err := s.create(t)
	if err == nil {
		s.waitForm(t, StageForm)
	}
	s.mu.Unlock()
	if err != nil {
		x.refuse(err)
		return
	}
	x.reply(initPaymentBody{
		Status:       int(smartcore.StatusProcessing),
		FormURL:      str(s.baseURL(x.r) + "/pay/" + t.ProcessingID),
		OrderID:      answerOrderID(t),
		ResponseType: str(string(smartcore.ResponseRedirect)),
	})
}

// serveHost2Host charges a card, an Apple Pay DPAN or a Google Pay DPAN
// directly, by payment_method ("" means card).
func (s *Sandbox) serveHost2Host(x *exchange) {
	method, _ := peekMethod(x.body) // a malformed body is reported by decode
	switch method {
	case "", smartcore.MethodCard:
		req, ok := decode[smartcore.CardPaymentRequest](x)
		if !ok || !x.begin(req.OrderID) {
			return
		}
		t := newPayment(req.Order, req.Customer, req.ReturnURLs, req.MerchantSite, MethodCard)
		s.withRecurrence(t, req.Recurrence, func() { s.chargeCard(x, t, req.Card) })
	case smartcore.MethodApplePayDPan:
		req, ok := decode[smartcore.ApplePayPaymentRequest](x)
		if !ok || !x.begin(req.OrderID) {
			return
		}
		t := newPayment(req.Order, req.Customer, req.ReturnURLs, req.MerchantSite, MethodApplePay)
		s.withRecurrence(t, req.Recurrence, func() { s.chargeWallet(x, t, req.DPan, req.Network, "") })
	case smartcore.MethodGooglePayDPan:
		req, ok := decode[smartcore.GooglePayPaymentRequest](x)
		if !ok || !x.begin(req.OrderID) {
			return
		}
		t := newPayment(req.Order, req.Customer, req.ReturnURLs, req.MerchantSite, MethodGooglePay)
		s.withRecurrence(t, req.Recurrence, func() { s.chargeWallet(x, t, req.DPan, req.Network, googleAuthMethod(req.DPan)) })
	default:
		x.refuse(refuse(http.StatusBadRequest, codeValidation, "payment_method must be one of card, applePayDPan, googlePayDPan"))
	}
}

// chargeCard runs a card through the test-card rules. A frictionless card
// answers as the document's example does — status 1, form_url, responseType
// REDIRECT — and settles when the browser opens form_url (StageRedirect),
// or at once with Options.SettleImmediately; an authorize is held rather
// than paid. The challenge card waits (status 0) for 3-D Secure on the
// sandbox's ACS page; any other card is declined at once. It answers the
// request.
func (s *Sandbox) chargeCard(x *exchange, t *txn, card smartcore.Card) {
	t.Card = cardInfo(card.Number, card.Holder, card.ExpMonth, card.ExpYear)
	base := s.baseURL(x.r)
	s.mu.Lock()
	if err := s.create(t); err != nil {
		s.mu.Unlock()
		x.refuse(err)
		return
	}
	class := s.cardRule(t, card.Number)
	var form, acs, term string
	switch {
	case class.decline != "":
		s.fail(t, class.decline, class.cascade)
	case class.challenge:
		t.Status = smartcore.StatusWaitingRedirect
		s.startChallenge(t)
		form = base + "/3ds/" + t.ProcessingID
		acs = base + "/acs/" + t.ProcessingID
		term = base + "/3ds/return/" + t.ProcessingID
	case s.cfg.settleNow:
		s.approve(t)
	default:
		s.await(t, StageRedirect, s.cfg.threeDSTimeout, nil)
		form = base + "/pay/" + t.ProcessingID
	}
	body := paymentAnswer(t, form, acs, term)
	s.mu.Unlock()
	x.reply(body)
}

// chargeWallet charges an Apple Pay or Google Pay DPAN. A token that asks
// to be declined (walletDecline) fails at once. A Google Pay token whose
// auth method is PAN_ONLY goes through a 3-D Secure challenge, as the
// document says processing forces: status 1 and form_url {base}/3ds/{id}.
// Any other token (CRYPTOGRAM_3DS, Apple Pay, or an auth method the
// sandbox cannot read) is frictionless, as a card is: status 1 and a
// form_url that settles it, or settled at once with
// Options.SettleImmediately. authMethod is googleAuthMethod's answer, ""
// for Apple Pay.
func (s *Sandbox) chargeWallet(x *exchange, t *txn, dpan, network, authMethod string) {
	t.Card = walletInfo(network)
	code := walletDecline(dpan)
	base := s.baseURL(x.r)
	s.mu.Lock()
	if err := s.create(t); err != nil {
		s.mu.Unlock()
		x.refuse(err)
		return
	}
	var form string
	q, queued := s.takeDecline(t.Amount, "")
	switch {
	case queued:
		s.fail(t, q.decline, q.cascade)
	case code != "":
		s.decline(t, code)
	case authMethod == AuthMethodPANOnly:
		s.startChallenge(t)
		form = base + "/3ds/" + t.ProcessingID
	case s.cfg.settleNow:
		s.approve(t)
	default:
		s.await(t, StageRedirect, s.cfg.threeDSTimeout, nil)
		form = base + "/pay/" + t.ProcessingID
	}
	body := paymentAnswer(t, form, "", "")
	s.mu.Unlock()
	x.reply(body)
}

// newPayment builds a payment transaction from the request parts every
// payment endpoint shares.
func newPayment(o smartcore.Order, c smartcore.Customer, u smartcore.ReturnURLs, site string, m Method) *txn {
	return &txn{Transaction: Transaction{
		OrderID:      o.OrderID,
		Type:         smartcore.TypePayment,
		Method:       m,
		Status:       smartcore.StatusProcessing,
		Account:      o.Account,
		Currency:     o.Currency,
		Amount:       o.Amount,
		FirstName:    c.FirstName,
		LastName:     c.LastName,
		Recurrent:    o.Recurrent,
		Purpose:      o.Purpose,
		MerchantSite: site,
		CallbackURL:  u.CallbackURL,
		SuccessURL:   u.SuccessURL,
		FailURL:      u.FailURL,
	}}
}

// peekMethod returns the body's payment_method: "" when absent or null,
// "?" when it is not a string (which no endpoint accepts), and ok false when
// the body is not a JSON object at all.
func peekMethod(body []byte) (method string, ok bool) {
	var m struct {
		PaymentMethod json.RawMessage `json:"payment_method"`
	}
	if unmarshalObject(body, &m) != nil {
		return "", false
	}
	if len(m.PaymentMethod) == 0 || string(m.PaymentMethod) == "null" {
		return "", true
	}
	var s string
	if json.Unmarshal(m.PaymentMethod, &s) != nil {
		return "?", true
	}
	return s, true
}

// paReq is the opaque 3-D Secure 1 request handed to the ACS. The sandbox's
// ACS does not read it; it only has the shape of one.
func paReq(t *txn) string {
	return base64.StdEncoding.EncodeToString([]byte(`{"sandbox":"pareq","md":"` + t.ProcessingID + `"}`))
}
