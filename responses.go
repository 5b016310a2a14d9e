package smartcore

import "time"

// Response types decode tolerantly (see [Status] and the package doc): a
// JSON null, the string "null" or a missing key all leave a field at its
// zero value, and numbers arrive in string fields as their decimal text.

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
	Status       Status       `json:"status"`
	OrderID      string       `json:"order_id"`
	FormURL      string       `json:"form_url"`
	ResponseType ResponseType `json:"responseType"`
	Description  string       `json:"description"`
	Stage        string       `json:"stage"`
	EndDate      *time.Time   `json:"endDate"`
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

// CascadeError is one gate's failure when the gateway tried several.
type CascadeError struct {
	GatePriority  int       `json:"gatePriority"`
	ErrorCategory ErrorCode `json:"errorCategory"`
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
// failed transaction; Err explains a failed request.
type CheckResponse struct {
	OrderID           string          `json:"order_id"`
	Status            Status          `json:"status"`
	Amount            int64           `json:"amount"`
	FinalAmount       int64           `json:"finalAmount"`
	Card              *CardInfo       `json:"card"`
	ErrorMessage      ErrorCode       `json:"errorMessage"`
	CascadeErrors     []CascadeError  `json:"cascadeErrors"`
	EndDate           *time.Time      `json:"endDate"`
	AuthorizeStatus   string          `json:"authorize_status"`
	Type              TransactionType `json:"type"`
	FirstName         string          `json:"firstName"`
	LastName          string          `json:"lastName"`
	RRN               string          `json:"rrn"`
	ECI               string          `json:"eci"`
	ParentTransaction string          `json:"parentTransaction"`
	Err               string          `json:"err"`
}

// CaptureResponse answers capture. The status may still be processing; wait
// for the callback or call check.
type CaptureResponse struct {
	OrderID string `json:"order_id"`
	Status  Status `json:"status"`
	Err     string `json:"err"`
	Msg     string `json:"msg"`
}

// CancelResponse answers cancel. The status may still be processing.
type CancelResponse = CaptureResponse

// RefundResponse answers refund.
type RefundResponse struct {
	Success           bool   `json:"success"`
	Message           string `json:"message"`
	RefundID          string `json:"refund_id"`
	ParentTransaction string `json:"parentTransaction"`
	Err               string `json:"err"`
}

// RecurrentResponse answers recurrent. When Success is false the outcome is
// not known yet: call check. FormURL, when set, leads to 3-D Secure.
type RecurrentResponse struct {
	Success   bool   `json:"success"`
	Message   string `json:"message"`
	OrderID   string `json:"order_id"`
	PaymentID string `json:"payment_id"`
	FormURL   string `json:"form_url"`
	Err       string `json:"err"`
}

// WithdrawalResponse answers withdrawal/init.
type WithdrawalResponse struct {
	OrderID           string    `json:"order_id"`
	ProcessingOrderID string    `json:"processing_order_id"`
	Status            Status    `json:"status"`
	Card              *CardInfo `json:"card"`
	Err               string    `json:"err"`
	Msg               string    `json:"msg"`
}

// BalanceResponse answers withdrawal/balance/get, in cents.
type BalanceResponse struct {
	Balance        int64  `json:"balance"`
	HoldBalance    int64  `json:"holdBalance"`
	RollingBalance int64  `json:"rollingBalance"`
	Err            string `json:"err"`
}
