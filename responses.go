package smartcore

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/smartcorekit/smartcore/internal/answerscrub"
	"github.com/smartcorekit/smartcore/internal/loose"
)

// The response types decode tolerantly, member by member (see
// response_decode.go): a JSON null, the string "null" or a missing key
// leave a field at its zero value, numbers arrive in string fields as their
// decimal text, and a member that cannot be read at all is left zero and
// listed in Response.Undecoded instead of failing the answer. Only status
// and order_id, which decide what happened, fail the decoding. Text meant
// for people (description, message, err, msg) and the card's number have
// anything shaped like a card number masked.
//
// Every type embeds [Response] (the HTTP status, headers and scrubbed body)
// and every type with a status has HasStatus: the zero Status is
// StatusWaitingRedirect, so HasStatus is what tells "status 0" from "no
// status in the answer".

// Response is what came back over HTTP for one call, for support tickets
// and debugging. Every response type embeds it, so res.HTTPStatus,
// res.Header and res.RawBody work on all of them; package client's
// APIError and OutcomeUnknownError carry one too when an answer arrived.
//
// Nothing secret is kept: RawBody and the header values have the client's
// secret and Authorization value removed, the request's card number masked
// and its CVV and DPAN removed, and every other run of 13 to 19 digits
// that passes the Luhn check masked like a card number ("401200******3010").
// The Authorization header is a request header and never appears here.
// Because of that masking RawBody is for people to read; decode the typed
// fields instead of parsing it.
//
// Package client fills HTTPStatus, Header and RawBody; decoding (including
// json.Unmarshal into a response type) fills Undecoded and the members no
// field decodes, which [Response.Extra] reads. A response built by
// hand has a zero Response.
type Response struct {
	HTTPStatus int         // the HTTP status code, e.g. 200
	Header     http.Header // the response headers, values scrubbed as above
	RawBody    []byte      // the body as received, scrubbed as above
	// Undecoded lists the members that were present but could not be
	// read, and so were left at their zero value (for example "amount"
	// sent as "abc", or "card" sent as a string). Members that decide the
	// answer (status, order_id) are never listed: when they cannot be read
	// the call fails instead.
	Undecoded []FieldError

	extra []extraMember // the members no field decodes; see Extra
	// scrub is package client's scrubbing of the call's secrets and card
	// data, set through internal/answerscrub for one decoding, so that
	// the kept extra members are scrubbed as RawBody is; nil otherwise.
	scrub func(string) string
}

func init() {
	answerscrub.Set = func(r any, scrub func(string) string) {
		if res, ok := r.(*Response); ok && res != nil {
			res.scrub = scrub
		}
	}
}

// Extra returns the raw JSON of the answer's top-level member name when
// the response type has no field for it, and whether the answer had one:
// a member the gateway added before the kit typed it. The name is matched
// as sent, then case-insensitively; a member a field decodes is never
// here, even when its value could not be read (see Undecoded). Decode the
// value with json.Unmarshal.
//
// The value is masked as RawBody is, by its name and by its content: a
// member named for a CVV (cvv, cvc) is "[redacted]", one named for a card
// or a PAN has card numbers masked and long digit runs cut to their last
// 4, and every run of digits that is a card number is masked anywhere.
// Inside an object the same holds for each member by its own name (a cvv
// nested in an unknown object is "[redacted]" too); an object or array
// nested more than 32 levels deep is "[redacted]" whole. An answer package
// client decodes is first scrubbed as its RawBody is: the client's secret
// and Authorization value and the request's DPAN removed, its card number
// masked and its CVV removed, in names and values alike. A value that
// masking changed and that would no longer be JSON (a card number sent as
// a bare number) comes back as a JSON string of the masked text. The
// masking happens when the answer is decoded, including by json.Unmarshal.
func (r *Response) Extra(name string) (json.RawMessage, bool) {
	for _, m := range r.extra {
		if m.name == name {
			return m.value, true
		}
	}
	for _, m := range r.extra {
		if strings.EqualFold(m.name, name) {
			return m.value, true
		}
	}
	return nil, false
}

// ExtraNames returns the names of the answer's members that [Response.Extra]
// returns, in the order sent; nil when every member has a field.
func (r *Response) ExtraNames() []string {
	var names []string
	for _, m := range r.extra {
		names = append(names, m.name)
	}
	return names
}

// Meta returns r itself. Through embedding, every response type has it, so
// code can reach the HTTP answer of any response through one interface:
//
//	interface{ Meta() *smartcore.Response }
func (r *Response) Meta() *Response { return r }

// ResponseType tells how a payment continues, as responseType.
type ResponseType string

// Response types seen in the document.
const (
	ResponseRedirect ResponseType = "REDIRECT"
)

// PaymentResponse answers initPayment, initPaymentHost2Host, authorize and
// withdrawal/tokenize-form. FormURL, when set, is where the customer goes
// next; ACSURL with PaReq/MD/TermURL (3-D Secure 1) or CReq (3-D Secure 2)
// asks for a challenge in the customer's browser.
type PaymentResponse struct {
	Response  `json:"-"`
	Status    Status `json:"status"` // transaction status (status), when HasStatus
	HasStatus bool   `json:"-"`      // the answer had a status; false leaves Status 0 meaning nothing
	// OrderID is the answer's order_id, which the document calls the
	// "Processing Order ID in our system": its Apple Pay, Google Pay,
	// authorize and tokenize-form examples answer the gateway's own id,
	// not the request's. Name the transaction in later calls with your
	// order id.
	OrderID      string       `json:"order_id"`
	FormURL      string       `json:"form_url"`     // redirect URL for the customer (form_url); "" when none
	ResponseType ResponseType `json:"responseType"` // how the payment continues (responseType), such as "REDIRECT"
	Description  string       `json:"description"`  // description (description), card numbers masked
	Stage        string       `json:"stage"`        // stage (stage); the document does not describe it
	EndDate      Timestamp    `json:"endDate"`      // endDate (see [Timestamp]); zero when absent or null
	// ACSURL, MD and TermURL decode from both spellings the document shows
	// ("ACSUrl"/"acsurl", "MD"/"md", "TermUrl"/"termUrl").
	ACSURL            string `json:"acsurl"`
	MD                string `json:"md"`                // 3-D Secure 1 MD to post to the ACS (md); "" when none
	TermURL           string `json:"termUrl"`           // 3-D Secure 1 TermUrl to post to the ACS (termUrl); "" when none
	PaReq             string `json:"paReq"`             // 3-D Secure 1 PaReq to post to the ACS (paReq); "" when none
	CReq              string `json:"creq"`              // 3-D Secure 2 creq to post to the ACS (creq); "" when none
	ThreeDSMethodData string `json:"threeDSMethodData"` // threeDSMethodData as sent; the document does not describe it
	Err               string `json:"err"`               // error reason (err), card numbers masked; "" when none
	Msg               string `json:"msg"`               // message (msg), card numbers masked; "" when none
	// Code is the error code in Err or Msg (see [ErrorCode.Category]): why
	// a payment with Status -1 failed. "" when neither holds one.
	Code ErrorCode `json:"-"`
}

// UnmarshalJSON decodes the answer tolerantly (see [Response.Undecoded]).
// It returns an error only for JSON that is not an object, or whose status
// or order_id cannot be read; JSON null leaves r unchanged.
func (r *PaymentResponse) UnmarshalJSON(b []byte) error {
	var p PaymentResponse
	m, err := readMembers(b, &p.Undecoded)
	if m == nil || err != nil {
		return err
	}
	if p.Status, p.HasStatus, p.OrderID, err = m.decisive(); err != nil {
		return err
	}
	p.FormURL = m.str("form_url")
	p.ResponseType = ResponseType(m.str("responseType"))
	p.Description = m.prose("description")
	p.Stage = m.str("stage")
	p.EndDate = m.timestamp("endDate")
	p.ACSURL = m.str("acsurl")
	p.MD = m.str("md")
	p.TermURL = m.str("termUrl")
	p.PaReq = m.str("paReq")
	p.CReq = m.str("creq")
	p.ThreeDSMethodData = m.str("threeDSMethodData")
	p.Err, p.Msg = m.text("err"), m.text("msg")
	p.Code = errorCodeOf(p.Err, p.Msg)
	p.extra = m.unread(r.scrub)
	*r = p
	return nil
}

// CardInfo is the masked card a transaction used, as check and withdrawals
// report it.
type CardInfo struct {
	Number   string `json:"number"`         // masked: 401200******3010
	Holder   string `json:"card_holder"`    // card holder (card_holder)
	ExpMonth string `json:"card_exp_month"` // card expiration month, two digits (card_exp_month)
	ExpYear  string `json:"card_exp_year"`  // card expiration year, two digits (card_exp_year)
	BIN      string `json:"bin"`            // the card's first 6 or 8 digits (bin)
	Country  string `json:"country"`        // card issuer country name, such as "Spain" (country)
	ISO      string `json:"iso"`            // issuer country, alpha-3
	Type     string `json:"type"`           // card brand, such as "VISA" (type)
}

// TransactionType is a transaction's kind as check and callbacks report it.
// It is an open set.
type TransactionType string

// Transaction types the document names.
const (
	TypePayment    TransactionType = "Payment"
	TypeRefund     TransactionType = "Refund"
	TypeWithdrawal TransactionType = "Withdrawal"
)

// CheckResponse answers check. ErrorMessage and CascadeErrors explain a
// failed transaction; Err explains a failed request. The document marks
// every member of this answer optional, status included: HasStatus is
// false when the answer had none (then Status is 0 but means nothing).
type CheckResponse struct {
	Response    `json:"-"`
	OrderID     string `json:"order_id"`    // merchant order id (order_id)
	Status      Status `json:"status"`      // transaction status (status), when HasStatus
	HasStatus   bool   `json:"-"`           // the answer had a status; false leaves Status 0 meaning nothing
	Amount      int64  `json:"amount"`      // amount in cents (amount), when HasAmount
	FinalAmount int64  `json:"finalAmount"` // final processed amount in cents (finalAmount), when HasFinalAmount
	// HasAmount and HasFinalAmount report whether the answer carried the
	// number: a tokenization has none, and 0 then is not an amount.
	HasAmount         bool            `json:"-"`
	HasFinalAmount    bool            `json:"-"`                 // see HasAmount
	Card              *CardInfo       `json:"card"`              // the masked card (card); nil when the answer has none
	ErrorMessage      ErrorCode       `json:"errorMessage"`      // transaction error reason (errorMessage); "" when none
	CascadeErrors     CascadeErrors   `json:"cascadeErrors"`     // transaction error reasons of the cascade (cascadeErrors)
	EndDate           Timestamp       `json:"endDate"`           // endDate (see [Timestamp]); zero when absent or null
	AuthorizeStatus   string          `json:"authorize_status"`  // authorization status (authorize_status); "" when absent or null
	Type              TransactionType `json:"type"`              // transaction type (type), such as "Payment"
	FirstName         string          `json:"firstName"`         // customer first name (firstName)
	LastName          string          `json:"lastName"`          // customer last name (lastName)
	RRN               string          `json:"rrn"`               // transaction RRN (rrn)
	ECI               string          `json:"eci"`               // transaction ECI (eci)
	ParentTransaction string          `json:"parentTransaction"` // for a refund, the payment's processing order id in the gateway (parentTransaction)
	Err               string          `json:"err"`               // request error reason (err), card numbers masked; "" when none
}

// UnmarshalJSON decodes the answer tolerantly (see [Response.Undecoded]).
// It returns an error only for JSON that is not an object, or whose status
// or order_id cannot be read; JSON null leaves r unchanged.
func (r *CheckResponse) UnmarshalJSON(b []byte) error {
	var c CheckResponse
	m, err := readMembers(b, &c.Undecoded)
	if m == nil || err != nil {
		return err
	}
	if c.Status, c.HasStatus, c.OrderID, err = m.decisive(); err != nil {
		return err
	}
	c.Amount, c.HasAmount = m.presentInteger("amount")
	c.FinalAmount, c.HasFinalAmount = m.presentInteger("finalAmount")
	c.Card = m.card("card")
	c.ErrorMessage = ErrorCode(m.str("errorMessage"))
	if raw := m.get("cascadeErrors"); raw != nil {
		_ = c.CascadeErrors.UnmarshalJSON(raw) // never fails on well-formed JSON
	}
	c.EndDate = m.timestamp("endDate")
	c.AuthorizeStatus = m.str("authorize_status")
	c.Type = TransactionType(m.str("type"))
	c.FirstName = m.str("firstName")
	c.LastName = m.str("lastName")
	c.RRN = m.str("rrn")
	c.ECI = m.str("eci")
	c.ParentTransaction = m.str("parentTransaction")
	c.Err = m.text("err")
	c.extra = m.unread(r.scrub)
	*r = c
	return nil
}

// CaptureResponse answers capture. The status may still be processing; wait
// for the callback or call check.
type CaptureResponse struct {
	Response `json:"-"`
	// OrderID is the answer's order_id: in the document's example, the
	// gateway's processing id rather than the request's order id.
	OrderID   string `json:"order_id"`
	Status    Status `json:"status"` // transaction status (status), when HasStatus; may still be processing
	HasStatus bool   `json:"-"`      // the answer had a status; false leaves Status 0 meaning nothing
	Err       string `json:"err"`    // error reason (err), card numbers masked; "" when none
	Msg       string `json:"msg"`    // message (msg), card numbers masked; "" when none
	// Code is the error code in Err or Msg; "" when neither holds one.
	Code ErrorCode `json:"-"`
}

// UnmarshalJSON decodes the answer tolerantly (see [Response.Undecoded]).
// It returns an error only for JSON that is not an object, or whose status
// or order_id cannot be read; JSON null leaves r unchanged.
func (r *CaptureResponse) UnmarshalJSON(b []byte) error {
	var c CaptureResponse
	m, err := readMembers(b, &c.Undecoded)
	if m == nil || err != nil {
		return err
	}
	if c.Status, c.HasStatus, c.OrderID, err = m.decisive(); err != nil {
		return err
	}
	c.Err, c.Msg = m.text("err"), m.text("msg")
	c.Code = errorCodeOf(c.Err, c.Msg)
	c.extra = m.unread(r.scrub)
	*r = c
	return nil
}

// CancelResponse answers cancel. The status may still be processing.
type CancelResponse = CaptureResponse

// RefundResponse answers refund. Success false means "not final yet" (call
// Check), which is also what an unreadable success gives.
type RefundResponse struct {
	Response          `json:"-"`
	Success           bool   `json:"success"`           // success; false means not final yet (call Check)
	Message           string `json:"message"`           // message (message), card numbers masked
	RefundID          string `json:"refund_id"`         // the refund's id (refund_id)
	ParentTransaction string `json:"parentTransaction"` // the refunded payment's processing order id in the gateway (parentTransaction)
	Err               string `json:"err"`               // error reason (err), card numbers masked; "" when none
	// Code is the error code in Err or Message; "" when neither holds one.
	Code ErrorCode `json:"-"`
}

// UnmarshalJSON decodes the answer tolerantly (see [Response.Undecoded]).
// It returns an error only for JSON that is not an object; JSON null
// leaves r unchanged.
func (r *RefundResponse) UnmarshalJSON(b []byte) error {
	var f RefundResponse
	m, err := readMembers(b, &f.Undecoded)
	if m == nil || err != nil {
		return err
	}
	f.Success = m.boolean("success")
	f.Message = m.prose("message")
	f.RefundID = m.str("refund_id")
	f.ParentTransaction = m.str("parentTransaction")
	f.Err = m.text("err")
	f.Code = errorCodeOf(f.Err, f.Message)
	f.extra = m.unread(r.scrub)
	*r = f
	return nil
}

// RecurrentResponse answers recurrent. When Success is false the outcome is
// not known yet: call check (an unreadable success also gives false).
// FormURL, when set, leads to 3-D Secure, and then the outcome is not
// known either, whatever Success says: the document's example answers
// success true with a form_url. The document's table has no
// status; Status and HasStatus are set when the gateway sends one anyway.
type RecurrentResponse struct {
	Response  `json:"-"`
	Success   bool   `json:"success"`          // success; false means the outcome is not known yet (call Check)
	Message   string `json:"message"`          // message (message), card numbers masked
	OrderID   string `json:"order_id"`         // the request's order_id (order_id)
	PaymentID string `json:"payment_id"`       // the gateway's internal recurrent id (payment_id)
	FormURL   string `json:"form_url"`         // URL of the 3-D Secure page (form_url); "" when none
	Err       string `json:"err"`              // error message (err), card numbers masked; "" when none
	Status    Status `json:"status,omitempty"` // transaction status (status), when HasStatus; not in the document's table
	HasStatus bool   `json:"-"`                // the answer had a status; false leaves Status 0 meaning nothing
	// Code is the error code in Err or Message: why a recurrent payment
	// failed. "" when neither holds one.
	Code ErrorCode `json:"-"`
}

// UnmarshalJSON decodes the answer tolerantly (see [Response.Undecoded]).
// It returns an error only for JSON that is not an object, or whose status
// or order_id cannot be read; JSON null leaves r unchanged.
func (r *RecurrentResponse) UnmarshalJSON(b []byte) error {
	var c RecurrentResponse
	m, err := readMembers(b, &c.Undecoded)
	if m == nil || err != nil {
		return err
	}
	if c.Status, c.HasStatus, c.OrderID, err = m.decisive(); err != nil {
		return err
	}
	c.Success = m.boolean("success")
	c.Message = m.prose("message")
	c.PaymentID = m.str("payment_id")
	c.FormURL = m.str("form_url")
	c.Err = m.text("err")
	c.Code = errorCodeOf(c.Err, c.Message)
	c.extra = m.unread(r.scrub)
	*r = c
	return nil
}

// WithdrawalResponse answers withdrawal/init.
type WithdrawalResponse struct {
	Response          `json:"-"`
	OrderID           string    `json:"order_id"`            // merchant order id (order_id)
	ProcessingOrderID string    `json:"processing_order_id"` // the gateway's processing order id (processing_order_id); "" when absent
	Status            Status    `json:"status"`              // transaction status (status), when HasStatus
	HasStatus         bool      `json:"-"`                   // the answer had a status; false leaves Status 0 meaning nothing
	Card              *CardInfo `json:"card"`                // the masked card (card); nil when the answer has none
	Err               string    `json:"err"`                 // error reason (err), card numbers masked; "" when none
	Msg               string    `json:"msg"`                 // message (msg), card numbers masked; "" when none
	// Code is the error code in Err or Msg: why a withdrawal with Status
	// -1 failed. "" when neither holds one.
	Code ErrorCode `json:"-"`
}

// UnmarshalJSON decodes the answer tolerantly (see [Response.Undecoded]).
// It returns an error only for JSON that is not an object, or whose status
// or order_id cannot be read; JSON null leaves r unchanged.
func (r *WithdrawalResponse) UnmarshalJSON(b []byte) error {
	var w WithdrawalResponse
	m, err := readMembers(b, &w.Undecoded)
	if m == nil || err != nil {
		return err
	}
	if w.Status, w.HasStatus, w.OrderID, err = m.decisive(); err != nil {
		return err
	}
	w.ProcessingOrderID = m.str("processing_order_id")
	w.Card = m.card("card")
	w.Err, w.Msg = m.text("err"), m.text("msg")
	w.Code = errorCodeOf(w.Err, w.Msg)
	w.extra = m.unread(r.scrub)
	*r = w
	return nil
}

// BalanceResponse answers withdrawal/balance/get, in cents. Balance is the
// answer, so an unreadable balance fails the call; HoldBalance and
// RollingBalance are left zero (and listed in Undecoded) instead.
type BalanceResponse struct {
	Response       `json:"-"`
	Balance        int64  `json:"balance"`        // available withdrawal balance in cents (balance)
	HoldBalance    int64  `json:"holdBalance"`    // holdBalance in cents; the document does not describe it
	RollingBalance int64  `json:"rollingBalance"` // rollingBalance in cents; the document does not describe it
	Err            string `json:"err"`            // error reason (err), card numbers masked; "" when none
}

// UnmarshalJSON decodes the answer tolerantly (see [Response.Undecoded]).
// It returns an error only for JSON that is not an object, or whose
// balance cannot be read; JSON null leaves r unchanged.
func (r *BalanceResponse) UnmarshalJSON(b []byte) error {
	var c BalanceResponse
	m, err := readMembers(b, &c.Undecoded)
	if m == nil || err != nil {
		return err
	}
	n, ok := loose.Int(m.get("balance"))
	if !ok {
		return &FieldError{Field: "balance", Reason: "is not an integer"}
	}
	c.Balance = n
	c.HoldBalance = m.integer("holdBalance")
	c.RollingBalance = m.integer("rollingBalance")
	c.Err = m.text("err")
	c.extra = m.unread(r.scrub)
	*r = c
	return nil
}
