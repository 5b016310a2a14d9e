package smartcore

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
	Status    Status `json:"status"`
	HasStatus bool   `json:"-"` // the answer had a status; false leaves Status 0 meaning nothing
	// OrderID is the answer's order_id, which the document calls the
	// "Processing Order ID in our system": its Apple Pay, Google Pay,
	// authorize and tokenize-form examples answer the gateway's own id,
	// not the request's. Name the transaction in later calls with your
	// order id.
	OrderID      string       `json:"order_id"`
	FormURL      string       `json:"form_url"`
	ResponseType ResponseType `json:"responseType"`
	Description  string       `json:"description"`
	Stage        string       `json:"stage"`
	EndDate      Timestamp    `json:"endDate"`
	// ACSURL, MD and TermURL decode from both spellings the document shows
	// ("ACSUrl"/"acsurl", "MD"/"md", "TermUrl"/"termUrl").
	ACSURL            string `json:"acsurl"`
	MD                string `json:"md"`
	TermURL           string `json:"termUrl"`
	PaReq             string `json:"paReq"`
	CReq              string `json:"creq"`
	ThreeDSMethodData string `json:"threeDSMethodData"`
	Err               string `json:"err"`
	Msg               string `json:"msg"`
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
	if p.Status, p.HasStatus, err = m.status(); err != nil {
		return err
	}
	if p.OrderID, err = m.orderID(); err != nil {
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
	*r = p
	return nil
}

// CardInfo is the masked card a transaction used, as check and withdrawals
// report it.
type CardInfo struct {
	Number   string `json:"number"` // masked: 401200******3010
	Holder   string `json:"card_holder"`
	ExpMonth string `json:"card_exp_month"`
	ExpYear  string `json:"card_exp_year"`
	BIN      string `json:"bin"`
	Country  string `json:"country"`
	ISO      string `json:"iso"` // issuer country, alpha-3
	Type     string `json:"type"`
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
	OrderID     string `json:"order_id"`
	Status      Status `json:"status"`
	HasStatus   bool   `json:"-"`
	Amount      int64  `json:"amount"`
	FinalAmount int64  `json:"finalAmount"`
	// HasAmount and HasFinalAmount report whether the answer carried the
	// number: a tokenization has none, and 0 then is not an amount.
	HasAmount         bool            `json:"-"`
	HasFinalAmount    bool            `json:"-"`
	Card              *CardInfo       `json:"card"`
	ErrorMessage      ErrorCode       `json:"errorMessage"`
	CascadeErrors     CascadeErrors   `json:"cascadeErrors"`
	EndDate           Timestamp       `json:"endDate"`
	AuthorizeStatus   string          `json:"authorize_status"`
	Type              TransactionType `json:"type"`
	FirstName         string          `json:"firstName"`
	LastName          string          `json:"lastName"`
	RRN               string          `json:"rrn"`
	ECI               string          `json:"eci"`
	ParentTransaction string          `json:"parentTransaction"`
	Err               string          `json:"err"`
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
	if c.Status, c.HasStatus, err = m.status(); err != nil {
		return err
	}
	if c.OrderID, err = m.orderID(); err != nil {
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
	Status    Status `json:"status"`
	HasStatus bool   `json:"-"`
	Err       string `json:"err"`
	Msg       string `json:"msg"`
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
	if c.Status, c.HasStatus, err = m.status(); err != nil {
		return err
	}
	if c.OrderID, err = m.orderID(); err != nil {
		return err
	}
	c.Err, c.Msg = m.text("err"), m.text("msg")
	c.Code = errorCodeOf(c.Err, c.Msg)
	*r = c
	return nil
}

// CancelResponse answers cancel. The status may still be processing.
type CancelResponse = CaptureResponse

// RefundResponse answers refund. Success false means "not final yet" (call
// Check), which is also what an unreadable success gives.
type RefundResponse struct {
	Response          `json:"-"`
	Success           bool   `json:"success"`
	Message           string `json:"message"`
	RefundID          string `json:"refund_id"`
	ParentTransaction string `json:"parentTransaction"`
	Err               string `json:"err"`
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
	*r = f
	return nil
}

// RecurrentResponse answers recurrent. When Success is false the outcome is
// not known yet: call check (an unreadable success also gives false).
// FormURL, when set, leads to 3-D Secure. The document's table has no
// status; Status and HasStatus are set when the gateway sends one anyway.
type RecurrentResponse struct {
	Response  `json:"-"`
	Success   bool   `json:"success"`
	Message   string `json:"message"`
	OrderID   string `json:"order_id"`
	PaymentID string `json:"payment_id"`
	FormURL   string `json:"form_url"`
	Err       string `json:"err"`
	Status    Status `json:"status,omitempty"`
	HasStatus bool   `json:"-"`
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
	if c.Status, c.HasStatus, err = m.status(); err != nil {
		return err
	}
	if c.OrderID, err = m.orderID(); err != nil {
		return err
	}
	c.Success = m.boolean("success")
	c.Message = m.prose("message")
	c.PaymentID = m.str("payment_id")
	c.FormURL = m.str("form_url")
	c.Err = m.text("err")
	c.Code = errorCodeOf(c.Err, c.Message)
	*r = c
	return nil
}

// WithdrawalResponse answers withdrawal/init.
type WithdrawalResponse struct {
	Response          `json:"-"`
	OrderID           string    `json:"order_id"`
	ProcessingOrderID string    `json:"processing_order_id"`
	Status            Status    `json:"status"`
	HasStatus         bool      `json:"-"`
	Card              *CardInfo `json:"card"`
	Err               string    `json:"err"`
	Msg               string    `json:"msg"`
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
	if w.Status, w.HasStatus, err = m.status(); err != nil {
		return err
	}
	if w.OrderID, err = m.orderID(); err != nil {
		return err
	}
	w.ProcessingOrderID = m.str("processing_order_id")
	w.Card = m.card("card")
	w.Err, w.Msg = m.text("err"), m.text("msg")
	w.Code = errorCodeOf(w.Err, w.Msg)
	*r = w
	return nil
}

// BalanceResponse answers withdrawal/balance/get, in cents. Balance is the
// answer, so an unreadable balance fails the call; HoldBalance and
// RollingBalance are left zero (and listed in Undecoded) instead.
type BalanceResponse struct {
	Response       `json:"-"`
	Balance        int64  `json:"balance"`
	HoldBalance    int64  `json:"holdBalance"`
	RollingBalance int64  `json:"rollingBalance"`
	Err            string `json:"err"`
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
	n, ok := looseInt(m.get("balance"))
	if !ok {
		return &FieldError{Field: "balance", Reason: "is not an integer"}
	}
	c.Balance = n
	c.HoldBalance = m.integer("holdBalance")
	c.RollingBalance = m.integer("rollingBalance")
	c.Err = m.text("err")
	*r = c
	return nil
}
