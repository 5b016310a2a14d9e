package smartcore

// The request types below carry `validate` tags read by package validate;
// the rules mirror the document's tables (which fields are required differs
// between endpoints, so shared groups hold only fields whose rules agree).
// The custom tags (weburl, email, phone, currency, country, iso8601, pan,
// expmonth, expyear, cvv, birthdate, base64any, cardnetwork) name what a
// field holds: validate.Struct checks of it only what the document states
// (for phone, country, the card fields, birthdate and cardnetwork, nothing
// beyond required), validate.Strict checks its full format.

// Payment methods the document names, sent as payment_method.
const (
	MethodCard          = "card"
	MethodApplePayDPan  = "applePayDPan"
	MethodGooglePayDPan = "googlePayDPan"
	MethodPhoneBalance  = "phoneBalance"
	MethodToken         = "token"
)

// Order is the part of a payment request that describes the order.
type Order struct {
	Account   string `json:"account" validate:"required"`
	Amount    int64  `json:"amount" validate:"gt=0"`
	Currency  string `json:"currency" validate:"required,currency"`
	OrderID   string `json:"order_id" validate:"required"`
	Recurrent bool   `json:"recurrent,omitempty"`
	Purpose   string `json:"purpose,omitempty"`
}

// Customer is the payer as every payment endpoint requires it. The customer's
// IP address is not part of it because authorize does not take one.
// ZipCode is a [Text]: the tables declare a String, the examples send a
// number, and both decode.
type Customer struct {
	FirstName string `json:"customer_first_name" validate:"required"`
	LastName  string `json:"customer_last_name" validate:"required"`
	Address   string `json:"customer_address" validate:"required"`
	City      string `json:"customer_city" validate:"required"`
	ZipCode   Text   `json:"customer_zip_code" validate:"required"`
	Country   string `json:"customer_country" validate:"required,country"`
	Phone     string `json:"customer_phone" validate:"required,phone"`
	Email     string `json:"customer_email" validate:"required,email"`
}

// ReturnURLs are where the gateway sends notifications and the customer's
// browser. All are optional.
type ReturnURLs struct {
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"`
	SuccessURL  string `json:"success_url,omitempty" validate:"omitempty,weburl"`
	FailURL     string `json:"fail_url,omitempty" validate:"omitempty,weburl"`
	StatusURL   string `json:"status_url,omitempty" validate:"omitempty,weburl"`
}

// Card is a card's details for host-to-host payments and authorize. Its
// LogValue masks the number and hides the CVV.
type Card struct {
	Holder   string `json:"card_holder" validate:"required"`
	Number   string `json:"card_number" validate:"required,pan"`
	ExpMonth string `json:"card_exp_month" validate:"required,expmonth"`
	ExpYear  string `json:"card_exp_year" validate:"required,expyear"`
	CVV      string `json:"card_cvv" validate:"required,cvv"`
}

// Recurrence sets up later recurrent charges on a host-to-host payment.
type Recurrence struct {
	// RecurFreq is the minimum number of days between authorizations.
	RecurFreq int64 `json:"recur_freq,omitempty" validate:"gte=0"`
	// RecurExp is when recurrent authorizations stop, in ISO 8601
	// ("2023-12-13T14:00:53.421Z", "2023-12-13", "2023-12-13T14:00:53+0000"
	// ...). The document's table says Long, but its own description and
	// example are a timestamp string, which is what is sent.
	RecurExp string `json:"recur_exp,omitempty" validate:"omitempty,iso8601"`
}

// Browser describes the customer's browser for 3-D Secure 2. All optional.
// The tables declare Strings; the screen sizes, color depth and time zone
// offset are numbers in the browser's JavaScript, so they are [Text] and
// decode from either.
type Browser struct {
	AcceptHeader string `json:"browser_accept_header,omitempty"`
	UserAgent    string `json:"browser_user_agent,omitempty"`
	JavaEnabled  *bool  `json:"browser_java_enabled,omitempty"`
	JSEnabled    *bool  `json:"browser_js_enabled,omitempty"`
	ColorDepth   Text   `json:"browser_color_depth,omitempty"`
	ScreenHeight Text   `json:"browser_screen_height,omitempty"`
	ScreenWidth  Text   `json:"browser_screen_width,omitempty"`
	Language     string `json:"browser_language,omitempty"`
	TimeZone     Text   `json:"browser_time_zone,omitempty"`
}

// Bool returns a pointer to b, for the optional booleans of [Browser].
func Bool(b bool) *bool { return &b }

// InitPaymentRequest creates a hosted payment form (POST /initPayment on the
// gateway host). Setting FormPrefilledPhone makes it the document's Mobile
// Commerce variant.
type InitPaymentRequest struct {
	Order
	MerchantSite string `json:"merchant_site,omitempty" validate:"omitempty,weburl"`
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"`
	ReturnURLs
	// FormPrefilledPhone is the phone number prefilled on the form
	// (example: 7122321576).
	FormPrefilledPhone string `json:"form_prefilled_phone,omitempty" validate:"omitempty,phone"`
}

// CardPaymentRequest is a direct card payment (POST /initPaymentHost2Host on
// the PCI host). PaymentMethod is optional for cards; the client sends "card".
type CardPaymentRequest struct {
	PaymentMethod string `json:"payment_method,omitempty" validate:"omitempty,eq=card"`
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"`
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"`
	ReturnURLs
	Card
	Recurrence
	Browser
}

// ApplePayPaymentRequest is a direct Apple Pay DPAN payment (POST
// /initPaymentHost2Host). The client fills PaymentMethod when empty.
type ApplePayPaymentRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=applePayDPan"`
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"`
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"`
	ReturnURLs
	// DPan is the base64 of the decoded paymentData.data token field.
	DPan string `json:"apple_pay_dpan" validate:"required,base64any"`
	// Network is the token's paymentMethod.network ("Visa", "mada", ...):
	// any non-empty value, as the document gives no list.
	Network string `json:"apple_pay_payment_method_network" validate:"required,cardnetwork"`
	Recurrence
	Browser
}

// GooglePayPaymentRequest is a direct Google Pay DPAN payment (POST
// /initPaymentHost2Host). The client fills PaymentMethod when empty.
type GooglePayPaymentRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=googlePayDPan"`
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"`
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"`
	ReturnURLs
	// DPan is the base64 of paymentMethodData.tokenizationData.token.
	DPan string `json:"google_pay_dpan" validate:"required,base64any"`
	// Network is paymentMethodData.info.cardNetwork ("VISA", ...): any
	// non-empty value, as the document gives no list.
	Network string `json:"google_pay_payment_method_network" validate:"required,cardnetwork"`
	Recurrence
	Browser
}

// AuthorizeRequest holds funds on a card for a later capture or cancel (POST
// /authorize on the PCI host). Unlike the other payments it takes no
// customer IP address.
type AuthorizeRequest struct {
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"`
	Customer
	ReturnURLs
	Card
}

// CaptureRequest captures an authorized payment (POST /capture). Amount is
// optional: zero captures the whole authorized amount. The document declares
// it a string of cents, and that is how it is sent (see [CentsText]).
type CaptureRequest struct {
	OrderID string    `json:"order_id" validate:"required"`
	Amount  CentsText `json:"amount,omitempty" validate:"gte=0"`
}

// CancelRequest releases an authorized payment (POST /cancel).
type CancelRequest struct {
	OrderID string `json:"order_id" validate:"required"`
}

// CheckRequest asks for a transaction's status (POST /check).
type CheckRequest struct {
	OrderID string `json:"order_id" validate:"required"`
}

// RefundRequest refunds a transaction, in full or in part (POST /refund).
type RefundRequest struct {
	OrderID     string `json:"order_id" validate:"required"`
	Amount      int64  `json:"amount" validate:"gt=0"`
	Reason      string `json:"reason" validate:"required"`
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"`
}

// Recurrence periods for [RecurrentRequest.RecurPeriod].
const (
	PeriodDaily     = "01"
	PeriodWeekly    = "03"
	PeriodMonthly   = "06"
	PeriodQuarterly = "09"
	PeriodAnnually  = "11"
)

// RecurrentRequest charges again from a parent transaction (POST /recurrent).
type RecurrentRequest struct {
	OrderID       string `json:"order_id" validate:"required"`
	ParentOrderID string `json:"parent_order_id" validate:"required"`
	Amount        int64  `json:"amount" validate:"gt=0"`
	Purpose       string `json:"purpose" validate:"required"`
	CallbackURL   string `json:"callback_url,omitempty" validate:"omitempty,weburl"`
	RecurPeriod   string `json:"recur_period,omitempty" validate:"omitempty,oneof=01 03 06 09 11"`
}

// TokenizeFormRequest creates a form where the customer enters the card that
// later withdrawals pay out to (POST /withdrawal/tokenize-form).
type TokenizeFormRequest struct {
	Account     string `json:"account" validate:"required"`
	OrderID     string `json:"order_id" validate:"required"`
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"`
	SuccessURL  string `json:"success_url,omitempty" validate:"omitempty,weburl"`
	FailURL     string `json:"fail_url,omitempty" validate:"omitempty,weburl"`
}

// Payout is the part every withdrawal shares.
type Payout struct {
	Account     string `json:"account" validate:"required"`
	Amount      int64  `json:"amount" validate:"gt=0"`
	OrderID     string `json:"order_id" validate:"required"`
	Purpose     string `json:"purpose,omitempty"`
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"`
	IPAddress   string `json:"customer_ip_address,omitempty" validate:"omitempty,ip"`
}

// Payee is the optional description of who receives a withdrawal.
type Payee struct {
	FirstName  string `json:"customer_first_name,omitempty"`
	LastName   string `json:"customer_last_name,omitempty"`
	MiddleName string `json:"customer_middle_name,omitempty"`
	Phone      string `json:"customer_phone,omitempty" validate:"omitempty,phone"`
	// Birthdate is DD.MM.YYYY in the document's example ("06.06.1997");
	// the document states no format, so only validate.Strict checks it.
	Birthdate string `json:"customer_birthdate,omitempty" validate:"omitempty,birthdate"`
	Country   string `json:"customer_country,omitempty" validate:"omitempty,country"`
	ZipCode   Text   `json:"customer_zip_code,omitempty"`
}

// CardWithdrawalRequest pays out to a card (POST /withdrawal/init on the PCI
// host). The client fills PaymentMethod when empty.
type CardWithdrawalRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=card"`
	Payout
	MerchantSite string `json:"merchant_site,omitempty" validate:"omitempty,weburl"`
	CardNumber   string `json:"customer_card_number" validate:"required,pan"`
	CardExpMonth string `json:"customer_card_exp_month,omitempty" validate:"omitempty,expmonth"`
	CardExpYear  string `json:"customer_card_exp_year,omitempty" validate:"omitempty,expyear"`
	Payee
}

// PhoneWithdrawalRequest pays out to a mobile phone balance (POST
// /withdrawal/init on the gateway host). The client fills PaymentMethod.
type PhoneWithdrawalRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=phoneBalance"`
	Payout
	Phone string `json:"phone_withdrawal" validate:"required,phone"`
	Payee
}

// TokenWithdrawalRequest pays out to a card tokenized earlier with a
// tokenize form (POST /withdrawal/init on the gateway host).
type TokenWithdrawalRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=token"`
	Payout
	// TokenizeOrderID is the order_id the tokenize form was created with.
	TokenizeOrderID string `json:"tokenize_transaction_order_id" validate:"required"`
	Payee
}

// BalanceRequest asks for a payout account's balance (POST
// /withdrawal/balance/get).
type BalanceRequest struct {
	Account string `json:"account" validate:"required"`
}
