package sandbox

import (
	"fmt"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// serveCheck reports a transaction by merchant order id, refund id or
// processing id. Unknown: 404 ORDER_NOT_FOUND.
func (s *Sandbox) serveCheck(x *exchange) {
	req, ok := decode[smartcore.CheckRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	s.mu.Lock()
	t := s.st.find(req.OrderID)
	var body checkBody
	if t != nil {
		body = checkAnswer(t, s.cascadeOf(t))
	}
	s.mu.Unlock()
	if t == nil {
		x.refuse(notFound(req.OrderID))
		return
	}
	x.reply(body)
}

// serveRefund refunds a successful payment, in part or in full, as long as
// the refunds together stay within what was paid (the captured amount for
// an authorize). Each refund is a transaction of its own (type Refund,
// order id = its refund_id, parentTransaction = the payment's processing
// id) that succeeds at once — or, when it goes pending (Options.Pending, or
// an amount ending in PendingCents), answers success false and succeeds
// Options.PendingDelay later, by callback and check. The payment's
// finalAmount drops by the amount when the refund is accepted. Its
// callback names the payment's order id in orderId, with type Refund.
// Refused: unknown order (404), an order that is not a successful payment
// (409), an amount above what is left (400); nothing moves then.
func (s *Sandbox) serveRefund(x *exchange) {
	req, ok := decode[smartcore.RefundRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	answer(x, func() (refundBody, *apiError) { return s.refund(req) })
}

// refund does serveRefund's work. s.mu is held.
func (s *Sandbox) refund(req *smartcore.RefundRequest) (refundBody, *apiError) {
	p := s.st.find(req.OrderID)
	switch {
	case p == nil:
		return refundBody{}, notFound(req.OrderID)
	case p.Type != smartcore.TypePayment || p.Status != smartcore.StatusSuccess:
		return refundBody{}, badState("only a successful payment can be refunded")
	case req.Amount > p.FinalAmount:
		return refundBody{}, refuse(http.StatusBadRequest, CodeAmountExceeded,
			fmt.Sprintf("refund amount %d exceeds the refundable amount %d", req.Amount, p.FinalAmount))
	}
	callback := req.CallbackURL
	if callback == "" {
		callback = p.CallbackURL
	}
	r := &txn{Transaction: Transaction{
		OrderID:           newUUID(),
		Type:              smartcore.TypeRefund,
		Method:            MethodRefund,
		Status:            smartcore.StatusProcessing,
		Account:           p.Account,
		Currency:          p.Currency,
		Amount:            req.Amount,
		Card:              p.Card,
		FirstName:         p.FirstName,
		LastName:          p.LastName,
		ParentOrderID:     p.OrderID,
		ParentTransaction: p.ProcessingID,
		Reason:            req.Reason,
		CallbackURL:       callback,
	}}
	if err := s.create(r); err != nil {
		return refundBody{}, err
	}
	p.RefundedAmount += req.Amount
	p.FinalAmount -= req.Amount
	amount := req.Amount
	if s.goesPending(amount) {
		s.pend(r, func() { s.succeed(r, amount) })
	} else {
		s.succeed(r, amount)
	}
	return refundBody{Success: r.Status == smartcore.StatusSuccess, Message: "", RefundID: r.OrderID, ParentTransaction: p.ProcessingID}, nil
}

// serveRecurrent charges again the card of a successful payment. The
// document's own example sequence charges a parent created with
// "recurrent": false, so any successful payment will do; with
// Options.RequireRecurrentFlag only one created with "recurrent": true.
// The charge is merchant-initiated, so it succeeds at once without a
// challenge — or, when it goes pending (Options.Pending, or an amount
// ending in PendingCents), answers success false and succeeds
// Options.PendingDelay later, by callback and check. A parent paid with
// CardChallenge makes it wait for 3-D Secure instead, answering form_url
// as the document's example does. A charge the parent's recur_exp or
// recur_freq does not allow (rules.Recurrence) is declined: success
// false, err the code, message why; no money moves. recur_period is
// stored. The callback goes to callback_url, or the parent's when absent.
// Refused: unknown parent (404), a parent that is not a successful payment,
// or not a recurrent one under RequireRecurrentFlag (409), a reused
// order_id (400).
func (s *Sandbox) serveRecurrent(x *exchange) {
	req, ok := decode[smartcore.RecurrentRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	base := s.baseURL(x.r)
	answer(x, func() (recurrentBody, *apiError) { return s.recurrent(req, base) })
}

// recurrent does serveRecurrent's work. s.mu is held.
func (s *Sandbox) recurrent(req *smartcore.RecurrentRequest, base string) (recurrentBody, *apiError) {
	p := s.st.find(req.ParentOrderID)
	switch {
	case p == nil:
		return recurrentBody{}, notFound(req.ParentOrderID)
	case p.Type != smartcore.TypePayment || p.Status != smartcore.StatusSuccess:
		return recurrentBody{}, badState("the parent order is not a successful payment")
	case !p.Recurrent && s.cfg.requireRecur:
		return recurrentBody{}, badState("the parent payment was not created with recurrent: true")
	}
	callback := req.CallbackURL
	if callback == "" {
		callback = p.CallbackURL
	}
	t := &txn{Transaction: Transaction{
		OrderID:           req.OrderID,
		Type:              smartcore.TypePayment,
		Method:            MethodRecurrent,
		Status:            smartcore.StatusProcessing,
		Account:           p.Account,
		Currency:          p.Currency,
		Amount:            req.Amount,
		Card:              p.Card,
		FirstName:         p.FirstName,
		LastName:          p.LastName,
		ParentOrderID:     p.OrderID,
		ParentTransaction: p.ProcessingID,
		RecurPeriod:       req.RecurPeriod,
		Purpose:           req.Purpose,
		CallbackURL:       callback,
		SuccessURL:        p.SuccessURL,
		FailURL:           p.FailURL,
	}}
	if err := s.create(t); err != nil {
		return recurrentBody{}, err
	}
	body := recurrentBody{PaymentID: t.ProcessingID, OrderID: t.OrderID}
	terms := s.flow.recur[p]
	if code, why := terms.Refusal(t.CreatedAt, p.EndDate); code != "" {
		s.decline(t, code)
		body.Message, body.Err = why, str(string(code))
		return body, nil
	}
	if terms != nil {
		terms.Last = t.CreatedAt
		s.flow.recur[t] = terms // a charge from this charge follows the same terms
	}
	amount := req.Amount
	switch q, queued := s.takeDecline(amount, ""); {
	case queued:
		s.fail(t, q.decline, q.cascade)
	case p.Card != nil && p.Card.Number == smartcore.MaskPAN(CardChallenge):
		// The document's example answers success true with form_url: the
		// request is accepted; the charge is status 1 until 3-D Secure ends.
		s.startChallenge(t)
		body.Success, body.FormURL = true, str(base+"/3ds/"+t.ProcessingID)
		return body, nil
	case s.goesPending(amount):
		s.pend(t, func() { s.succeed(t, amount) })
	default:
		s.succeed(t, amount)
	}
	body.Success = t.Status == smartcore.StatusSuccess
	body.Err = declineMsg(t)
	return body, nil
}
