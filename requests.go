package smartcore

// The credentials of the document's sandbox, which its examples use: the
// merchant key and secret that authenticate API calls (client.New) and
// sign callbacks.
const (
	// SandboxMerchantKey is the merchant key of the document's examples.
	SandboxMerchantKey = "test"
	// SandboxSecret is the secret of the document's examples.
	SandboxSecret = "qwerty"
)

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
	Account   string `json:"account" validate:"required"`           // merchant account name (account)
	Amount    int64  `json:"amount" validate:"gt=0"`                // amount in cents (amount)
	Currency  string `json:"currency" validate:"required,currency"` // currency alpha-3 code, such as "EUR" (currency)
	OrderID   string `json:"order_id" validate:"required"`          // merchant order id (order_id)
	Recurrent bool   `json:"recurrent,omitempty"`                   // whether this is a recurrent payment (recurrent)
	Purpose   string `json:"purpose,omitempty"`                     // order description (purpose); optional
}

// Customer is the payer as every payment endpoint requires it. The customer's
// IP address is not part of it because authorize does not take one.
// ZipCode is a [Text]: the tables declare a String, the examples send a
// number, and both decode.
type Customer struct {
	FirstName string `json:"customer_first_name" validate:"required"`      // customer first name (customer_first_name)
	LastName  string `json:"customer_last_name" validate:"required"`       // customer last name (customer_last_name)
	Address   string `json:"customer_address" validate:"required"`         // customer address (customer_address)
	City      string `json:"customer_city" validate:"required"`            // customer city (customer_city)
	ZipCode   Text   `json:"customer_zip_code" validate:"required"`        // customer zip code (customer_zip_code)
	Country   string `json:"customer_country" validate:"required,country"` // customer country code, such as "GB" (customer_country)
	Phone     string `json:"customer_phone" validate:"required,phone"`     // customer phone number, such as "+442079460612" (customer_phone)
	Email     string `json:"customer_email" validate:"required,email"`     // customer email address (customer_email)
}

// ReturnURLs are where the gateway sends notifications and the customer's
// browser. All are optional.
type ReturnURLs struct {
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"` // URL that receives notifications when the transaction status changes (callback_url)
	SuccessURL  string `json:"success_url,omitempty" validate:"omitempty,weburl"`  // redirect URL for a successful transaction (success_url)
	FailURL     string `json:"fail_url,omitempty" validate:"omitempty,weburl"`     // redirect URL for a failed transaction (fail_url)
	StatusURL   string `json:"status_url,omitempty" validate:"omitempty,weburl"`   // status URL (status_url); the document does not say what it is for
}

// Card is a card's details for host-to-host payments and authorize. Its
// LogValue masks the number and hides the CVV.
type Card struct {
	Holder   string `json:"card_holder" validate:"required"`             // the name on the card (card_holder)
	Number   string `json:"card_number" validate:"required,pan"`         // card number (card_number)
	ExpMonth string `json:"card_exp_month" validate:"required,expmonth"` // card expiration month, such as "02" (card_exp_month)
	ExpYear  string `json:"card_exp_year" validate:"required,expyear"`   // card expiration year, such as "25" (card_exp_year)
	CVV      string `json:"card_cvv" validate:"required,cvv"`            // card CVV (card_cvv)
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
	AcceptHeader string `json:"browser_accept_header,omitempty"` // the browser's Accept header (browser_accept_header)
	UserAgent    string `json:"browser_user_agent,omitempty"`    // the browser's User-Agent (browser_user_agent)
	JavaEnabled  *bool  `json:"browser_java_enabled,omitempty"`  // whether Java is enabled (browser_java_enabled); nil leaves it out
	JSEnabled    *bool  `json:"browser_js_enabled,omitempty"`    // whether JavaScript is enabled (browser_js_enabled); nil leaves it out
	ColorDepth   Text   `json:"browser_color_depth,omitempty"`   // browser color depth (browser_color_depth)
	ScreenHeight Text   `json:"browser_screen_height,omitempty"` // browser screen height (browser_screen_height)
	ScreenWidth  Text   `json:"browser_screen_width,omitempty"`  // browser screen width (browser_screen_width)
	Language     string `json:"browser_language,omitempty"`      // browser language (browser_language)
	TimeZone     Text   `json:"browser_time_zone,omitempty"`     // browser time zone (browser_time_zone)
}

// Bool returns a pointer to b, for the optional booleans of [Browser].
func Bool(b bool) *bool { return &b }

// InitPaymentRequest creates a hosted payment form (POST /initPayment on the
// gateway host). Setting FormPrefilledPhone makes it the document's Mobile
// Commerce variant.
type InitPaymentRequest struct {
	Order
	MerchantSite string `json:"merchant_site,omitempty" validate:"omitempty,weburl"` // merchant site URL (merchant_site); optional here
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"` // customer IP address (customer_ip_address)
	ReturnURLs
	// FormPrefilledPhone is the phone number prefilled on the form
	// (example: 7122321576).
	FormPrefilledPhone string `json:"form_prefilled_phone,omitempty" validate:"omitempty,phone"`

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// CardPaymentRequest is a direct card payment (POST /initPaymentHost2Host on
// the PCI host). PaymentMethod is optional for cards; the client sends "card".
type CardPaymentRequest struct {
	PaymentMethod string `json:"payment_method,omitempty" validate:"omitempty,eq=card"` // payment method (payment_method): "card"; the client sends "card" when empty
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"` // merchant site URL (merchant_site)
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"` // customer IP address (customer_ip_address)
	ReturnURLs
	Card
	Recurrence
	Browser

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// ApplePayPaymentRequest is a direct Apple Pay DPAN payment (POST
// /initPaymentHost2Host). The client fills PaymentMethod when empty.
type ApplePayPaymentRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=applePayDPan"` // payment method (payment_method): "applePayDPan"; the client fills it in when empty
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"` // merchant site URL (merchant_site)
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"` // customer IP address (customer_ip_address)
	ReturnURLs
	// DPan is the base64 of the decoded paymentData.data token field.
	DPan string `json:"apple_pay_dpan" validate:"required,base64any"`
	// Network is the token's paymentMethod.network ("Visa", "mada", ...):
	// any non-empty value, as the document gives no list.
	Network string `json:"apple_pay_payment_method_network" validate:"required,cardnetwork"`
	Recurrence
	Browser

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// GooglePayPaymentRequest is a direct Google Pay DPAN payment (POST
// /initPaymentHost2Host). The client fills PaymentMethod when empty.
type GooglePayPaymentRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=googlePayDPan"` // payment method (payment_method): "googlePayDPan"; the client fills it in when empty
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"` // merchant site URL (merchant_site)
	Customer
	IPAddress string `json:"customer_ip_address" validate:"required,ip"` // customer IP address (customer_ip_address)
	ReturnURLs
	// DPan is the base64 of paymentMethodData.tokenizationData.token.
	DPan string `json:"google_pay_dpan" validate:"required,base64any"`
	// Network is paymentMethodData.info.cardNetwork ("VISA", ...): any
	// non-empty value, as the document gives no list.
	Network string `json:"google_pay_payment_method_network" validate:"required,cardnetwork"`
	Recurrence
	Browser

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// AuthorizeRequest holds funds on a card for a later capture or cancel (POST
// /authorize on the PCI host). Unlike the other payments it takes no
// customer IP address.
type AuthorizeRequest struct {
	Order
	MerchantSite string `json:"merchant_site" validate:"required,weburl"` // merchant site URL (merchant_site)
	Customer
	ReturnURLs
	Card

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// CaptureRequest captures an authorized payment (POST /capture). Amount is
// optional: zero captures the whole authorized amount. The document declares
// it a string of cents, and that is how it is sent (see [CentsText]).
type CaptureRequest struct {
	OrderID string    `json:"order_id" validate:"required"`      // merchant order id of the authorized payment (order_id)
	Amount  CentsText `json:"amount,omitempty" validate:"gte=0"` // amount to capture in cents (amount); 0 captures the whole authorized amount

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// CancelRequest releases an authorized payment (POST /cancel).
type CancelRequest struct {
	OrderID string `json:"order_id" validate:"required"` // merchant order id of the authorized payment (order_id)

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// CheckRequest asks for a transaction's status (POST /check).
type CheckRequest struct {
	OrderID string `json:"order_id" validate:"required"` // merchant order id of the transaction (order_id)

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// RefundRequest refunds a transaction, in full or in part (POST /refund).
type RefundRequest struct {
	OrderID     string `json:"order_id" validate:"required"`                       // merchant order id of the transaction to refund (order_id)
	Amount      int64  `json:"amount" validate:"gt=0"`                             // amount to refund, in cents (amount)
	Reason      string `json:"reason" validate:"required"`                         // refund reason (reason)
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"` // URL that receives notifications when the transaction status changes (callback_url); optional

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
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
	OrderID       string `json:"order_id" validate:"required"`                                     // merchant order id of this new charge (order_id)
	ParentOrderID string `json:"parent_order_id" validate:"required"`                              // merchant order id of the parent transaction (parent_order_id)
	Amount        int64  `json:"amount" validate:"gt=0"`                                           // amount in cents (amount)
	Purpose       string `json:"purpose" validate:"required"`                                      // order description (purpose)
	CallbackURL   string `json:"callback_url,omitempty" validate:"omitempty,weburl"`               // URL that receives notifications when the transaction status changes (callback_url); optional
	RecurPeriod   string `json:"recur_period,omitempty" validate:"omitempty,oneof=01 03 06 09 11"` // periodicity of later recurrent payments (recur_period): a Period constant, such as PeriodMonthly ("06"); optional

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// TokenizeFormRequest creates a form where the customer enters the card that
// later withdrawals pay out to (POST /withdrawal/tokenize-form).
type TokenizeFormRequest struct {
	Account     string `json:"account" validate:"required"`                        // merchant account name (account)
	OrderID     string `json:"order_id" validate:"required"`                       // merchant order id (order_id); token withdrawals send it as tokenize_transaction_order_id
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"` // callback URL (callback_url); optional
	SuccessURL  string `json:"success_url,omitempty" validate:"omitempty,weburl"`  // success redirect URL (success_url); optional
	FailURL     string `json:"fail_url,omitempty" validate:"omitempty,weburl"`     // fail redirect URL (fail_url); optional

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// Payout is the part every withdrawal shares.
type Payout struct {
	Account     string `json:"account" validate:"required"`                           // merchant account name (account)
	Amount      int64  `json:"amount" validate:"gt=0"`                                // amount in cents (amount)
	OrderID     string `json:"order_id" validate:"required"`                          // merchant order id (order_id)
	Purpose     string `json:"purpose,omitempty"`                                     // order description (purpose); optional
	CallbackURL string `json:"callback_url,omitempty" validate:"omitempty,weburl"`    // URL that receives notifications when the transaction status changes (callback_url); optional
	IPAddress   string `json:"customer_ip_address,omitempty" validate:"omitempty,ip"` // customer IP address (customer_ip_address); optional
}

// Payee is the optional description of who receives a withdrawal.
type Payee struct {
	FirstName  string `json:"customer_first_name,omitempty"`                       // customer first name (customer_first_name)
	LastName   string `json:"customer_last_name,omitempty"`                        // customer last name (customer_last_name)
	MiddleName string `json:"customer_middle_name,omitempty"`                      // customer middle name (customer_middle_name)
	Phone      string `json:"customer_phone,omitempty" validate:"omitempty,phone"` // customer phone number (customer_phone)
	// Birthdate is DD.MM.YYYY in the document's example ("06.06.1997");
	// the document states no format, so only validate.Strict checks it.
	Birthdate string `json:"customer_birthdate,omitempty" validate:"omitempty,birthdate"`
	Country   string `json:"customer_country,omitempty" validate:"omitempty,country"` // customer country code (customer_country)
	ZipCode   Text   `json:"customer_zip_code,omitempty"`                             // customer zip code (customer_zip_code)
}

// CardWithdrawalRequest pays out to a card (POST /withdrawal/init on the PCI
// host). The client fills PaymentMethod when empty.
type CardWithdrawalRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=card"` // payment method (payment_method): "card"; the client fills it in when empty
	Payout
	MerchantSite string `json:"merchant_site,omitempty" validate:"omitempty,weburl"`             // merchant site URL (merchant_site); optional
	CardNumber   string `json:"customer_card_number" validate:"required,pan"`                    // number of the card to pay out to (customer_card_number)
	CardExpMonth string `json:"customer_card_exp_month,omitempty" validate:"omitempty,expmonth"` // card expiration month (customer_card_exp_month); optional
	CardExpYear  string `json:"customer_card_exp_year,omitempty" validate:"omitempty,expyear"`   // card expiration year (customer_card_exp_year); optional
	Payee

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// PhoneWithdrawalRequest pays out to a mobile phone balance (POST
// /withdrawal/init on the gateway host). The client fills PaymentMethod.
type PhoneWithdrawalRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=phoneBalance"` // payment method (payment_method): "phoneBalance"; the client fills it in when empty
	Payout
	Phone string `json:"phone_withdrawal" validate:"required,phone"` // phone number to pay out to (phone_withdrawal)
	Payee

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// TokenWithdrawalRequest pays out to a card tokenized earlier with a
// tokenize form (POST /withdrawal/init on the gateway host).
type TokenWithdrawalRequest struct {
	PaymentMethod string `json:"payment_method" validate:"required,eq=token"` // payment method (payment_method): "token"; the client fills it in when empty
	Payout
	// TokenizeOrderID is the order_id the tokenize form was created with.
	TokenizeOrderID string `json:"tokenize_transaction_order_id" validate:"required"`
	Payee

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}

// BalanceRequest asks for a payout account's balance (POST
// /withdrawal/balance/get).
type BalanceRequest struct {
	Account string `json:"account" validate:"required"` // merchant (payout) account name (account)

	Extra `json:"-"` // members the kit does not type yet: see [Extra]
}
