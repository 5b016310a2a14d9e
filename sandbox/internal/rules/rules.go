package rules

// The request tables of the API document, transcribed by hand, one per
// endpoint (and per payment_method where the document gives each its own
// table), in the document's order and with its field order. The sandbox
// checks every API request against these and nothing else: not package
// validate, not the kit's request decoding, so that a kit rule stricter
// than the document shows up as a disagreement (see oracle_test.go).
//
// Each row is the document's "Parameter | Required | Type". The types are
// the document's, with these readings (see check.go):
//
//	typString   String: a JSON string, or a JSON number (the document's own
//	            examples send customer_zip_code, a String, as 121165)
//	typLong     Long: a JSON integer
//	typBoolean  Boolean: true or false
//	typCents    Long "Amount in Cents": an integer above zero (an amount of
//	            zero or below would move money the wrong way)
//	typCentsText String "Capture Amount in Cents": a string (or number) of
//	            digits
//	typAlpha3   String "Currency Alpha3 Code": three letters
//	typISO8601  recur_exp: the table says Long, its description "Should be
//	            specified according to ISO 8601" with the example
//	            "2023-12-13T14:00:53.421Z": an ISO 8601 date or date-time
//	            string, or a Long, as a JSON integer or as its digits in a
//	            string (the row contradicts itself on the JSON type, so
//	            either is the document's)
//	oneOf(...)  String with the values the document lists (payment_method,
//	            recur_period)
//
// A required field must be present, not null, and not the empty string.
// Fields the table does not list are ignored.

// InitPaymentTable is "Card Payment Form": POST /initPayment.
var InitPaymentTable = Table{"initPayment", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"currency", true, typAlpha3},
	{"order_id", true, typString},
	{"merchant_site", false, typString},
	{"recurrent", false, typBoolean},
	{"purpose", false, typString},
	{"customer_first_name", true, typString},
	{"customer_last_name", true, typString},
	{"customer_address", true, typString},
	{"customer_city", true, typString},
	{"customer_zip_code", true, typString},
	{"customer_country", true, typString},
	{"customer_phone", true, typString},
	{"customer_email", true, typString},
	{"customer_ip_address", true, typString},
	{"callback_url", false, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
	{"status_url", false, typString},
}}

// MobileCommerceTable is "Mobile Commerce": POST /initPayment with
// form_prefilled_phone.
var MobileCommerceTable = Table{"initPayment (Mobile Commerce)", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"currency", true, typAlpha3},
	{"order_id", true, typString},
	{"merchant_site", false, typString},
	{"recurrent", false, typBoolean},
	{"purpose", false, typString},
	{"customer_first_name", true, typString},
	{"customer_last_name", true, typString},
	{"customer_address", true, typString},
	{"customer_city", true, typString},
	{"customer_zip_code", true, typString},
	{"customer_country", true, typString},
	{"customer_phone", true, typString},
	{"customer_email", true, typString},
	{"customer_ip_address", true, typString},
	{"callback_url", false, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
	{"status_url", false, typString},
	{"form_prefilled_phone", false, typString},
}}

// CardPaymentTable is "Direct card payment": POST /initPaymentHost2Host.
var CardPaymentTable = Table{"initPaymentHost2Host (card)", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"currency", true, typAlpha3},
	{"order_id", true, typString},
	{"merchant_site", true, typString},
	{"recurrent", false, typBoolean},
	{"purpose", false, typString},
	{"customer_first_name", true, typString},
	{"customer_last_name", true, typString},
	{"customer_address", true, typString},
	{"customer_city", true, typString},
	{"customer_zip_code", true, typString},
	{"customer_country", true, typString},
	{"customer_phone", true, typString},
	{"customer_email", true, typString},
	{"customer_ip_address", true, typString},
	{"callback_url", false, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
	{"status_url", false, typString},
	{"payment_method", false, oneOf("card")},
	{"card_holder", true, typString},
	{"card_number", true, typString},
	{"card_exp_month", true, typString},
	{"card_exp_year", true, typString},
	{"card_cvv", true, typString},
	{"recur_freq", false, typLong},
	{"recur_exp", false, typISO8601},
	{"browser_accept_header", false, typString},
	{"browser_user_agent", false, typString},
	{"browser_java_enabled", false, typBoolean},
	{"browser_js_enabled", false, typBoolean},
	{"browser_color_depth", false, typString},
	{"browser_screen_height", false, typString},
	{"browser_screen_width", false, typString},
	{"browser_language", false, typString},
	{"browser_time_zone", false, typString},
}}

// ApplePayTable is "Direct ApplePay DPan payment": POST
// /initPaymentHost2Host with payment_method applePayDPan.
var ApplePayTable = Table{"initPaymentHost2Host (applePayDPan)", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"currency", true, typAlpha3},
	{"order_id", true, typString},
	{"merchant_site", true, typString},
	{"recurrent", false, typBoolean},
	{"purpose", false, typString},
	{"customer_first_name", true, typString},
	{"customer_last_name", true, typString},
	{"customer_address", true, typString},
	{"customer_city", true, typString},
	{"customer_zip_code", true, typString},
	{"customer_country", true, typString},
	{"customer_phone", true, typString},
	{"customer_email", true, typString},
	{"customer_ip_address", true, typString},
	{"callback_url", false, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
	{"status_url", false, typString},
	{"payment_method", true, oneOf("applePayDPan")},
	{"apple_pay_dpan", true, typString},
	{"apple_pay_payment_method_network", true, typString},
	{"recur_freq", false, typLong},
	{"recur_exp", false, typISO8601},
	{"browser_accept_header", false, typString},
	{"browser_user_agent", false, typString},
	{"browser_java_enabled", false, typBoolean},
	{"browser_js_enabled", false, typBoolean},
	{"browser_color_depth", false, typString},
	{"browser_screen_height", false, typString},
	{"browser_screen_width", false, typString},
	{"browser_language", false, typString},
	{"browser_time_zone", false, typString},
}}

// GooglePayTable is "Direct GooglePay DPan payment": POST
// /initPaymentHost2Host with payment_method googlePayDPan.
var GooglePayTable = Table{"initPaymentHost2Host (googlePayDPan)", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"currency", true, typAlpha3},
	{"order_id", true, typString},
	{"merchant_site", true, typString},
	{"recurrent", false, typBoolean},
	{"purpose", false, typString},
	{"customer_first_name", true, typString},
	{"customer_last_name", true, typString},
	{"customer_address", true, typString},
	{"customer_city", true, typString},
	{"customer_zip_code", true, typString},
	{"customer_country", true, typString},
	{"customer_phone", true, typString},
	{"customer_email", true, typString},
	{"customer_ip_address", true, typString},
	{"callback_url", false, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
	{"status_url", false, typString},
	{"payment_method", true, oneOf("googlePayDPan")},
	{"google_pay_dpan", true, typString},
	{"google_pay_payment_method_network", true, typString},
	{"recur_freq", false, typLong},
	{"recur_exp", false, typISO8601},
	{"browser_accept_header", false, typString},
	{"browser_user_agent", false, typString},
	{"browser_java_enabled", false, typBoolean},
	{"browser_js_enabled", false, typBoolean},
	{"browser_color_depth", false, typString},
	{"browser_screen_height", false, typString},
	{"browser_screen_width", false, typString},
	{"browser_language", false, typString},
	{"browser_time_zone", false, typString},
}}

// CheckTable is "Check transaction status": POST /check.
var CheckTable = Table{"check", []Rule{
	{"order_id", true, typString},
}}

// RefundTable is "Refund": POST /refund.
var RefundTable = Table{"refund", []Rule{
	{"order_id", true, typString},
	{"amount", true, typCents},
	{"reason", true, typString},
	{"callback_url", false, typString},
}}

// RecurrentTable is "Recurrent": POST /recurrent.
var RecurrentTable = Table{"recurrent", []Rule{
	{"order_id", true, typString},
	{"parent_order_id", true, typString},
	{"amount", true, typCents},
	{"purpose", true, typString},
	{"callback_url", false, typString},
	{"recur_period", false, oneOf("01", "03", "06", "09", "11")},
}}

// TokenizeFormTable is "Create withdrawal tokenization form": POST
// /withdrawal/tokenize-form.
var TokenizeFormTable = Table{"withdrawal/tokenize-form", []Rule{
	{"account", true, typString},
	{"order_id", true, typString},
	{"callback_url", false, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
}}

// CardWithdrawalTable is "Card withdrawal": POST /withdrawal/init with
// payment_method card.
var CardWithdrawalTable = Table{"withdrawal/init (card)", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"order_id", true, typString},
	{"purpose", false, typString},
	{"merchant_site", false, typString},
	{"customer_card_number", true, typString},
	{"customer_card_exp_month", false, typString},
	{"customer_card_exp_year", false, typString},
	{"customer_first_name", false, typString},
	{"customer_last_name", false, typString},
	{"customer_middle_name", false, typString},
	{"customer_phone", false, typString},
	{"customer_birthdate", false, typString},
	{"customer_country", false, typString},
	{"customer_zip_code", false, typString},
	{"callback_url", false, typString},
	{"payment_method", true, oneOf("card")},
	{"customer_ip_address", false, typString},
}}

// PhoneWithdrawalTable is "Mobile phone withdrawal": POST /withdrawal/init
// with payment_method phoneBalance.
var PhoneWithdrawalTable = Table{"withdrawal/init (phoneBalance)", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"order_id", true, typString},
	{"purpose", false, typString},
	{"customer_first_name", false, typString},
	{"customer_last_name", false, typString},
	{"customer_middle_name", false, typString},
	{"customer_phone", false, typString},
	{"customer_birthdate", false, typString},
	{"customer_country", false, typString},
	{"customer_zip_code", false, typString},
	{"callback_url", false, typString},
	{"payment_method", true, oneOf("phoneBalance")},
	{"phone_withdrawal", true, typString},
	{"customer_ip_address", false, typString},
}}

// TokenWithdrawalTable is "Token withdrawal": POST /withdrawal/init with
// payment_method token.
var TokenWithdrawalTable = Table{"withdrawal/init (token)", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"order_id", true, typString},
	{"purpose", false, typString},
	{"tokenize_transaction_order_id", true, typString},
	{"customer_first_name", false, typString},
	{"customer_last_name", false, typString},
	{"customer_middle_name", false, typString},
	{"customer_phone", false, typString},
	{"customer_birthdate", false, typString},
	{"customer_country", false, typString},
	{"customer_zip_code", false, typString},
	{"callback_url", false, typString},
	{"payment_method", true, oneOf("token")},
	{"customer_ip_address", false, typString},
}}

// BalanceTable is "Get withdrawal balance": POST /withdrawal/balance/get.
var BalanceTable = Table{"withdrawal/balance/get", []Rule{
	{"account", true, typString},
}}

// AuthorizeTable is "Create authorize-capture payment": POST /authorize.
// Unlike the other payments it lists no customer_ip_address.
var AuthorizeTable = Table{"authorize", []Rule{
	{"account", true, typString},
	{"amount", true, typCents},
	{"currency", true, typAlpha3},
	{"order_id", true, typString},
	{"merchant_site", true, typString},
	{"recurrent", false, typBoolean},
	{"purpose", false, typString},
	{"customer_first_name", true, typString},
	{"customer_last_name", true, typString},
	{"customer_address", true, typString},
	{"customer_city", true, typString},
	{"customer_zip_code", true, typString},
	{"customer_country", true, typString},
	{"customer_phone", true, typString},
	{"customer_email", true, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
	{"callback_url", false, typString},
	{"status_url", false, typString},
	{"card_holder", true, typString},
	{"card_number", true, typString},
	{"card_exp_month", true, typString},
	{"card_exp_year", true, typString},
	{"card_cvv", true, typString},
}}

// CaptureTable is "Capture authorize-capture payment": POST /capture.
var CaptureTable = Table{"capture", []Rule{
	{"order_id", true, typString},
	{"amount", false, typCentsText},
}}

// CancelTable is "Cancel authorize-capture payment": POST /cancel.
var CancelTable = Table{"cancel", []Rule{
	{"order_id", true, typString},
}}
