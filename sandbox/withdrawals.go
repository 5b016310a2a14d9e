package sandbox

import (
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// serveTokenizeForm creates a tokenize form: a transaction of type
// Tokenize waiting (status 1) for the customer to enter a card on
// {base}/tokenize/{id}, for at most Options.FormTimeout (then it fails
// with FORM_TIMEOUT_PROCESSING_ERROR). Once saved (status 2), token withdrawals with
// tokenize_transaction_order_id = this order id pay out to that card. The
// answer's order_id is the processing id, as in the document's example
// (see answerOrderID); token withdrawals accept either id.
func (s *Sandbox) serveTokenizeForm(x *exchange) {
	req, ok := decode[smartcore.TokenizeFormRequest](x)
	if !ok || !x.begin(req.OrderID) {
		return
	}
	t := &txn{Transaction: Transaction{
		OrderID:     req.OrderID,
		Type:        TypeTokenize,
		Method:      MethodTokenize,
		Status:      smartcore.StatusProcessing,
		Account:     req.Account,
		Currency:    accountCurrency(req.Account),
		CallbackURL: req.CallbackURL,
		SuccessURL:  req.SuccessURL,
		FailURL:     req.FailURL,
	}}
	s.mu.Lock()
	err := s.create(t)
	if err == nil {
		s.waitForm(t, StageTokenize)
	}
	s.mu.Unlock()
	if err != nil {
		x.refuse(err)
		return
	}
	x.reply(tokenizeBody{
		FormURL:      str(s.baseURL(x.r) + "/tokenize/" + t.ProcessingID),
		OrderID:      answerOrderID(t),
		Status:       int(t.Status),
		ResponseType: str(string(smartcore.ResponseRedirect)),
	})
}

// serveWithdrawal pays out, by payment_method: "card" on the PCI DSS host
// only, "phoneBalance" and "token" on the gateway host only (the other host
// answers 404, as production would). A withdrawal settles at once — or,
// when it goes pending (Options.Pending, or an amount ending in
// PendingCents), answers status 1 and settles Options.PendingDelay later by
// the same rules, by callback and check:
//
//   - card and token: succeeds for CardSuccess only; any other card fails
//     with its decline code (EMITTER_DENIAL_PROCESSING_ERROR by default);
//   - phoneBalance: succeeds, except for PhoneDeclined
//     (PROCESSOR_DENIAL_PROCESSING_ERROR);
//   - then an amount above the account's balance fails with
//     INSUFFICIENT_FUNDS_PROCESSING_ERROR; a success draws the balance down.
//
// A token withdrawal whose tokenize form is unknown is refused 404; one
// whose form has not saved a card, 409.
func (s *Sandbox) serveWithdrawal(x *exchange) {
	method, ok := peekMethod(x.body)
	if !ok {
		x.refuse(refuse(http.StatusBadRequest, codeValidation, malformedBody))
		return
	}
	switch method {
	case smartcore.MethodCard, smartcore.MethodPhoneBalance, smartcore.MethodToken:
	default:
		x.refuse(refuse(http.StatusBadRequest, codeValidation, "payment_method must be one of card, phoneBalance, token"))
		return
	}
	if (method == smartcore.MethodCard) != x.pci {
		x.refuse(refuse(http.StatusNotFound, CodeNotFound, wrongHost(x.path+" with payment_method "+method, x.pci)))
		return
	}
	var (
		t       *txn
		decline smartcore.ErrorCode
		token   string
	)
	switch method {
	case smartcore.MethodCard:
		req, ok := decode[smartcore.CardWithdrawalRequest](x)
		if !ok || !x.begin(req.OrderID) {
			return
		}
		t = newWithdrawal(req.Payout, req.Payee, MethodPayout)
		t.Card = cardInfo(req.CardNumber, "", req.CardExpMonth, req.CardExpYear)
		decline = withdrawalDecline(req.CardNumber)
	case smartcore.MethodPhoneBalance:
		req, ok := decode[smartcore.PhoneWithdrawalRequest](x)
		if !ok || !x.begin(req.OrderID) {
			return
		}
		t = newWithdrawal(req.Payout, req.Payee, MethodPhone)
		t.Phone = req.Phone
		if req.Phone == PhoneDeclined || req.Phone == "+"+PhoneDeclined {
			decline = smartcore.ErrProcessorDenialProcessing
		}
	default:
		req, ok := decode[smartcore.TokenWithdrawalRequest](x)
		if !ok || !x.begin(req.OrderID) {
			return
		}
		t = newWithdrawal(req.Payout, req.Payee, MethodToken)
		token = req.TokenizeOrderID
	}

	body, err := s.withdraw(t, method, token, decline)
	if err != nil {
		x.refuse(err)
		return
	}
	x.reply(body)
}

// withdraw stores and settles a withdrawal, resolving a token to its card
// first, and returns the answer's body.
func (s *Sandbox) withdraw(t *txn, method, token string, decline smartcore.ErrorCode) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if token != "" {
		tok := s.st.find(token)
		switch {
		case tok == nil || tok.Type != TypeTokenize:
			return nil, notFound(token)
		case tok.Status != smartcore.StatusSuccess:
			return nil, badState("the tokenize form " + quote(token) + " has not saved a card")
		}
		t.Card, decline = tok.Card, tok.payoutDecline
		t.ParentOrderID, t.ParentTransaction = tok.OrderID, tok.ProcessingID
	}
	if err := s.create(t); err != nil {
		return nil, err
	}
	if s.goesPending(t.Amount) {
		s.pend(t, func() { s.payout(t, decline) })
	} else {
		s.payout(t, decline)
	}
	if method == smartcore.MethodCard {
		return cardWithdrawalBody{OrderID: t.OrderID, Status: int(t.Status), Card: renderCard(t.Card), Msg: declineMsg(t),
			ProcessingOrderID: t.ProcessingID}, nil
	}
	return withdrawalBody{OrderID: t.OrderID, Status: int(t.Status), Msg: declineMsg(t), ProcessingOrderID: t.ProcessingID}, nil
}

// payout settles a withdrawal against the account's balance. s.mu is held.
func (s *Sandbox) payout(t *txn, decline smartcore.ErrorCode) {
	if decline != "" {
		s.decline(t, decline)
		return
	}
	balance := s.st.payoutBalance(t.Account, s.cfg.payoutBalance)
	if t.Amount > balance {
		s.decline(t, smartcore.ErrInsufficientFundsProcessing)
		return
	}
	s.st.balance[t.Account] = balance - t.Amount
	s.succeed(t, t.Amount)
}

// newWithdrawal builds a withdrawal from the parts every method shares.
func newWithdrawal(p smartcore.Payout, payee smartcore.Payee, m Method) *txn {
	return &txn{Transaction: Transaction{
		OrderID:     p.OrderID,
		Type:        smartcore.TypeWithdrawal,
		Method:      m,
		Status:      smartcore.StatusProcessing,
		Account:     p.Account,
		Currency:    accountCurrency(p.Account),
		Amount:      p.Amount,
		FirstName:   payee.FirstName,
		LastName:    payee.LastName,
		Purpose:     p.Purpose,
		CallbackURL: p.CallbackURL,
	}}
}

// serveBalance reports a payout account's balance. Every account name is
// known: one never used has the initial balance. holdBalance and
// rollingBalance are always 0.
func (s *Sandbox) serveBalance(x *exchange) {
	req, ok := decode[smartcore.BalanceRequest](x)
	if !ok || !x.begin("") {
		return
	}
	s.mu.Lock()
	b := s.st.payoutBalance(req.Account, s.cfg.payoutBalance)
	s.mu.Unlock()
	x.reply(balanceBody{Balance: b})
}
