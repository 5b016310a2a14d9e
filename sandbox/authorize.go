package sandbox

import (
	"fmt"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// serveAuthorize holds an amount on a card, by the same test-card rules as
// a payment: the frictionless card answers status 1 with form_url, as the
// document's example does, and is authorized (status 1, authorize_status
// AUTHORIZED, callback) when the browser opens it — at once with
// Options.SettleImmediately; the challenge card waits for 3-D Secure
// first; any other card is declined. Its order_id is the processing id, as
// in the document's example (see answerOrderID).
func (s *Sandbox) serveAuthorize(x *exchange) {
	req, ok := decode[smartcore.AuthorizeRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	t := newPayment(req.Order, req.Customer, req.ReturnURLs, req.MerchantSite, MethodAuthorize)
	s.chargeCard(x, t, req.Card)
}

// serveCapture captures an authorized payment, in full or (amount, a
// string of cents) in part. The payment becomes successful with finalAmount
// the captured amount — or, as the document allows, the capture answers
// status 1 and completes Options.PendingDelay later, by callback and check,
// when it goes pending (Options.Pending, or an amount ending in
// PendingCents). Refused: an unknown order (404), an order that is not
// authorized — never was, still waiting for 3-D Secure, declined, already
// captured or cancelled, a capture or cancel still pending (409), an
// amount above the authorized one (400). The order is named by the
// merchant's order id or the processing id; the answer's order_id is the
// processing id, as in the document's capture and cancel examples.
func (s *Sandbox) serveCapture(x *exchange) {
	req, ok := decode[smartcore.CaptureRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	answer(x, func() (captureBody, *apiError) {
		t, err := s.holding(req.OrderID, "capture")
		if err != nil {
			return captureBody{}, err
		}
		amount := int64(req.Amount)
		if amount == 0 {
			amount = t.AuthorizedAmount
		}
		if amount > t.AuthorizedAmount {
			return captureBody{}, refuse(http.StatusBadRequest, CodeAmountExceeded,
				fmt.Sprintf("capture amount %d exceeds the authorized amount %d", amount, t.AuthorizedAmount))
		}
		capture := func() {
			t.AuthorizeStatus = AuthorizeCaptured
			t.CapturedAmount = amount
			s.succeed(t, amount)
		}
		if s.goesPending(amount) {
			s.pend(t, capture)
		} else {
			capture()
		}
		return captureBody{OrderID: answerOrderID(t), Status: int(t.Status)}, nil
	})
}

// serveCancel releases an authorized payment: it becomes failed (status
// -1, as in the document's example answer) with authorize_status CANCELLED
// and no error code — or the cancel answers status 1 and completes later
// when it goes pending (Options.Pending, or an authorized amount ending in
// PendingCents). Refused like capture.
func (s *Sandbox) serveCancel(x *exchange) {
	req, ok := decode[smartcore.CancelRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	answer(x, func() (captureBody, *apiError) {
		t, err := s.holding(req.OrderID, "cancel")
		if err != nil {
			return captureBody{}, err
		}
		cancel := func() {
			s.endWait(t)
			t.Status = smartcore.StatusFail
			t.Stage = StageNone
			t.AuthorizeStatus = AuthorizeCancelled
			t.FinalAmount = 0
			t.EndDate = s.cfg.clock.Now()
			s.notify(t)
		}
		if s.goesPending(t.AuthorizedAmount) {
			s.pend(t, cancel)
		} else {
			cancel()
		}
		return captureBody{OrderID: answerOrderID(t), Status: int(t.Status)}, nil
	})
}

// holding finds an order that an authorize left holding funds, or
// says why it cannot be captured or cancelled. s.mu is held.
func (s *Sandbox) holding(orderID, op string) (*txn, *apiError) {
	t := s.st.find(orderID)
	switch {
	case t == nil:
		return nil, notFound(orderID)
	case t.Method != MethodAuthorize:
		return nil, badState("cannot " + op + ": order was not created by authorize")
	case t.AuthorizeStatus == AuthorizeCaptured:
		return nil, badState("cannot " + op + ": order is already captured")
	case t.AuthorizeStatus == AuthorizeCancelled:
		return nil, badState("cannot " + op + ": authorization was cancelled")
	case t.Stage == StagePending:
		return nil, badState("cannot " + op + ": a capture or cancel of this order is still pending")
	case t.AuthorizeStatus != AuthorizeAuthorized || t.Status != smartcore.StatusProcessing:
		return nil, badState("cannot " + op + ": order is not authorized (status " + fmt.Sprint(int(t.Status)) + ")")
	}
	return t, nil
}
