package sandbox

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
//	            string, or an integer
//	oneOf(...)  String with the values the document lists (payment_method,
//	            recur_period)
//
// A required field must be present, not null, and not the empty string.
// Fields the table does not list are ignored.

// initPaymentTable is "Card Payment Form": POST /initPayment.
var initPaymentTable = table{"initPayment", []rule{
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

// mobileCommerceTable is "Mobile Commerce": POST /initPayment with
// form_prefilled_phone.
var mobileCommerceTable = table{"initPayment (Mobile Commerce)", []rule{
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

// cardPaymentTable is "Direct card payment": POST /initPaymentHost2Host.
var cardPaymentTable = table{"initPaymentHost2Host (card)", []rule{
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

// applePayTable is "Direct ApplePay DPan payment": POST
// /initPaymentHost2Host with payment_method applePayDPan.
var applePayTable = table{"initPaymentHost2Host (applePayDPan)", []rule{
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

// googlePayTable is "Direct GooglePay DPan payment": POST
// /initPaymentHost2Host with payment_method googlePayDPan.
var googlePayTable = table{"initPaymentHost2Host (googlePayDPan)", []rule{
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

// checkTable is "Check transaction status": POST /check.
var checkTable = table{"check", []rule{
	{"order_id", true, typString},
}}

// refundTable is "Refund": POST /refund.
var refundTable = table{"refund", []rule{
	{"order_id", true, typString},
	{"amount", true, typCents},
	{"reason", true, typString},
	{"callback_url", false, typString},
}}

// recurrentTable is "Recurrent": POST /recurrent.
var recurrentTable = table{"recurrent", []rule{
	{"order_id", true, typString},
	{"parent_order_id", true, typString},
	{"amount", true, typCents},
	{"purpose", true, typString},
	{"callback_url", false, typString},
	{"recur_period", false, oneOf("01", "03", "06", "09", "11")},
}}

// tokenizeFormTable is "Create withdrawal tokenization form": POST
// /withdrawal/tokenize-form.
var tokenizeFormTable = table{"withdrawal/tokenize-form", []rule{
	{"account", true, typString},
	{"order_id", true, typString},
	{"callback_url", false, typString},
	{"success_url", false, typString},
	{"fail_url", false, typString},
}}

// cardWithdrawalTable is "Card withdrawal": POST /withdrawal/init with
// payment_method card.
var cardWithdrawalTable = table{"withdrawal/init (card)", []rule{
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

// phoneWithdrawalTable is "Mobile phone withdrawal": POST /withdrawal/init
// with payment_method phoneBalance.
var phoneWithdrawalTable = table{"withdrawal/init (phoneBalance)", []rule{
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

// tokenWithdrawalTable is "Token withdrawal": POST /withdrawal/init with
// payment_method token.
var tokenWithdrawalTable = table{"withdrawal/init (token)", []rule{
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

// balanceTable is "Get withdrawal balance": POST /withdrawal/balance/get.
var balanceTable = table{"withdrawal/balance/get", []rule{
	{"account", true, typString},
}}

// authorizeTable is "Create authorize-capture payment": POST /authorize.
// Unlike the other payments it lists no customer_ip_address.
var authorizeTable = table{"authorize", []rule{
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

// captureTable is "Capture authorize-capture payment": POST /capture.
var captureTable = table{"capture", []rule{
	{"order_id", true, typString},
	{"amount", false, typCentsText},
}}

// cancelTable is "Cancel authorize-capture payment": POST /cancel.
var cancelTable = table{"cancel", []rule{
	{"order_id", true, typString},
}}
