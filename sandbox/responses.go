package sandbox

import (
	"time"

	"github.com/smartcorekit/smartcore"
)

// The response bodies below list the keys of the document's example answer
// for each endpoint, in its order, then the members its response table
// documents that the example leaves out: check adds rrn, eci, the card's
// card_holder, card_exp_month and card_exp_year, and parentTransaction
// (only for transactions that have a parent); recurrent adds order_id;
// withdrawals add processing_order_id. Pointers render as null where the
// example has null.

// initPaymentBody answers initPayment (both variants).
type initPaymentBody struct {
	ACSUrl       *string `json:"ACSUrl"`
	MD           *string `json:"MD"`
	TermURL      *string `json:"TermUrl"`
	Description  string  `json:"description"`
	Status       int     `json:"status"`
	FormURL      *string `json:"form_url"`
	OrderID      string  `json:"order_id"`
	ResponseType *string `json:"responseType"`
}

// paymentBody answers initPaymentHost2Host (card, Apple Pay, Google Pay)
// and authorize.
type paymentBody struct {
	FormURL           *string `json:"form_url"`
	ThreeDSMethodData *string `json:"threeDSMethodData"`
	OrderID           string  `json:"order_id"`
	Status            int     `json:"status"`
	Stage             *string `json:"stage"`
	Description       string  `json:"description"`
	EndDate           *string `json:"endDate"`
	ResponseType      *string `json:"responseType"`
	Err               *string `json:"err"`
	Msg               *string `json:"msg"`
	PaReq             *string `json:"paReq"`
	CReq              *string `json:"creq"`
	MD                *string `json:"md"`
	TermURL           *string `json:"termUrl"`
	ACSURL            *string `json:"acsurl"`
}

// tokenizeBody answers withdrawal/tokenize-form.
type tokenizeBody struct {
	FormURL           *string `json:"form_url"`
	ThreeDSMethodData *string `json:"threeDSMethodData"`
	OrderID           string  `json:"order_id"`
	Status            int     `json:"status"`
	Stage             *string `json:"stage"`
	Description       string  `json:"description"`
	EndDate           *string `json:"endDate"`
	ResponseType      *string `json:"responseType"`
	Err               *string `json:"err"`
	Msg               *string `json:"msg"`
}

// cardBody is the card object of card withdrawals.
type cardBody struct {
	Number  *string `json:"number"`
	BIN     *string `json:"bin"`
	Country *string `json:"country"`
	ISO     *string `json:"iso"`
	Type    *string `json:"type"`
}

// checkCardBody is check's card object: cardBody's members, then the
// holder and expiry of check's table.
type checkCardBody struct {
	cardBody
	Holder   *string `json:"card_holder"`
	ExpMonth *string `json:"card_exp_month"`
	ExpYear  *string `json:"card_exp_year"`
}

type cascadeBody struct {
	GatePriority  int    `json:"gatePriority"`
	ErrorCategory string `json:"errorCategory"`
}

// checkBody answers check.
type checkBody struct {
	OrderID           string         `json:"order_id"`
	Status            int            `json:"status"`
	Amount            int64          `json:"amount"`
	FinalAmount       int64          `json:"finalAmount"`
	Card              *checkCardBody `json:"card"`
	ErrorMessage      *string        `json:"errorMessage"`
	CascadeErrors     []cascadeBody  `json:"cascadeErrors"`
	EndDate           *string        `json:"endDate"`
	AuthorizeStatus   *string        `json:"authorize_status"`
	Type              string         `json:"type"`
	FirstName         *string        `json:"firstName"`
	LastName          *string        `json:"lastName"`
	RRN               *string        `json:"rrn"`
	ECI               *string        `json:"eci"`
	ParentTransaction *string        `json:"parentTransaction,omitempty"`
}

// captureBody answers capture and cancel.
type captureBody struct {
	OrderID string `json:"order_id"`
	Status  int    `json:"status"`
}

// refundBody answers refund.
type refundBody struct {
	Success           bool   `json:"success"`
	Message           string `json:"message"`
	RefundID          string `json:"refund_id"`
	ParentTransaction string `json:"parentTransaction"`
}

// recurrentBody answers recurrent.
type recurrentBody struct {
	Success   bool    `json:"success"`
	Message   string  `json:"message"`
	FormURL   *string `json:"form_url"`
	PaymentID string  `json:"payment_id"`
	Err       *string `json:"err"`
	OrderID   string  `json:"order_id"`
}

// cardWithdrawalBody answers a card withdrawal.
type cardWithdrawalBody struct {
	OrderID string    `json:"order_id"`
	Status  int       `json:"status"`
	Card    *cardBody `json:"card"`
	Err     *string   `json:"err"`
	Msg     *string   `json:"msg"`
	// ProcessingOrderID is the withdrawal's id in the sandbox.
	ProcessingOrderID string `json:"processing_order_id"`
}

// withdrawalBody answers phone and token withdrawals.
type withdrawalBody struct {
	OrderID string  `json:"order_id"`
	Status  int     `json:"status"`
	Err     *string `json:"err"`
	Msg     *string `json:"msg"`
	// ProcessingOrderID is the withdrawal's id in the sandbox.
	ProcessingOrderID string `json:"processing_order_id"`
}

// balanceBody answers withdrawal/balance/get.
type balanceBody struct {
	Balance        int64 `json:"balance"`
	HoldBalance    int64 `json:"holdBalance"`
	RollingBalance int64 `json:"rollingBalance"`
}

// str returns a pointer to s, or nil (JSON null) for "".
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// timestamp renders t as the document does ("2023-07-04T13:22:07.087Z"),
// or nil for the zero time.
func timestamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format("2006-01-02T15:04:05.000Z")
	return &s
}

func renderCard(c *smartcore.CardInfo) *cardBody {
	if c == nil {
		return nil
	}
	return &cardBody{Number: str(c.Number), BIN: str(c.BIN), Country: str(c.Country), ISO: str(c.ISO), Type: str(c.Type)}
}

func renderCheckCard(c *smartcore.CardInfo) *checkCardBody {
	if c == nil {
		return nil
	}
	return &checkCardBody{cardBody: *renderCard(c), Holder: str(c.Holder), ExpMonth: str(c.ExpMonth), ExpYear: str(c.ExpYear)}
}

// declineMsg is the "msg" of a declined transaction: its error code.
func declineMsg(t *txn) *string {
	if t.Status != smartcore.StatusFail {
		return nil
	}
	return str(string(t.ErrorCode))
}

// answerOrderID is the order_id a payment, authorize, capture, cancel or
// tokenize-form answer carries. Every such response table calls it
// "Processing Order ID in our system", but the document's examples differ
// by endpoint, and the sandbox answers as each example does: initPayment
// (card form and Mobile Commerce, document lines 64 and 135) and the
// host-to-host card payment (line 210) echo the merchant's order id; Apple
// Pay (307), Google Pay (422), authorize (964), capture (1018), cancel
// (1039) and withdrawal/tokenize-form (729) answer a 24-hex processing id.
// A host must therefore not take this order_id for its own: every request
// that names the transaction afterwards (check, capture, cancel, refund,
// recurrent, token withdrawal) accepts either id.
func answerOrderID(t *txn) string {
	switch t.Method {
	case MethodForm, MethodCard:
		return t.OrderID
	}
	return t.ProcessingID
}

// paymentAnswer renders a host-to-host or authorize answer; form, acs and
// term are the 3-D Secure URLs of a challenge ("" otherwise).
func paymentAnswer(t *txn, form, acs, term string) paymentBody {
	b := paymentBody{
		FormURL:     str(form),
		OrderID:     answerOrderID(t),
		Status:      int(t.Status),
		Description: "",
		EndDate:     timestamp(t.EndDate),
		Msg:         declineMsg(t),
	}
	if form != "" {
		b.ResponseType = str(string(smartcore.ResponseRedirect))
	}
	if acs != "" {
		b.ACSURL, b.TermURL = str(acs), str(term)
		b.MD = str(t.ProcessingID)
		b.PaReq = str(paReq(t))
	}
	return b
}

// checkAnswer renders check; cascade is t's (Sandbox.cascadeOf).
func checkAnswer(t *txn, cascade []cascadeBody) checkBody {
	b := checkBody{
		OrderID:           t.OrderID,
		Status:            int(t.Status),
		Amount:            t.Amount,
		FinalAmount:       t.FinalAmount,
		Card:              renderCheckCard(t.Card),
		EndDate:           timestamp(t.EndDate),
		AuthorizeStatus:   str(t.AuthorizeStatus),
		Type:              string(t.Type),
		FirstName:         str(t.FirstName),
		LastName:          str(t.LastName),
		RRN:               str(t.RRN),
		ECI:               str(t.ECI),
		ParentTransaction: str(t.ParentTransaction),
	}
	if t.ErrorCode != "" {
		b.ErrorMessage = str(string(t.ErrorCode))
		b.CascadeErrors = cascade
	}
	return b
}
