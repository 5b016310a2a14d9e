package validate_test

// The request bodies of the API document's curl examples, verbatim except
// for customer_email: the document's copy shows an obfuscated
// "[email protected]", replaced here by a real address.
const (
	docInitPayment = `{
"account": "EUR-sandbox",
"amount": 1000,
"currency": "EUR",
"order_id": "sandboxFormId_1015",
"merchant_site": "https://merchant.site",
"recurrent": false,
"purpose": "description",
"customer_first_name": "John",
"customer_last_name": "Doe",
"customer_address": "10 Downing Street",
"customer_city": "London",
"customer_zip_code": 121165,
"customer_country": "GB",
"customer_phone": "+442079460612",
"customer_email": "john.doe@example.com",
"customer_ip_address": "127.0.0.1",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail",
"callback_url": "https://site.com/callback",
"status_url": "https://site.com/redir"
}`

	docMobileCommerce = `{
"account": "EUR-sandbox",
"amount": 1000,
"currency": "EUR",
"order_id": "sandboxFormId_1015",
"merchant_site": "https://merchant.site",
"recurrent": false,
"purpose": "description",
"customer_first_name": "John",
"customer_last_name": "Doe",
"customer_address": "10 Downing Street",
"customer_city": "London",
"customer_zip_code": 121165,
"customer_country": "GB",
"customer_phone": "+442079460612",
"customer_email": "john.doe@example.com",
"customer_ip_address": "127.0.0.1",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail",
"callback_url": "https://site.com/callback",
"status_url": "https://site.com/redir",
"form_prefilled_phone": "7122321576"
}`

	docCardPayment = `{
"payment_method": "card",
"account": "EUR-sandbox",
"amount": 1000,
"currency": "EUR",
"order_id": "sandboxId_1015",
"merchant_site": "https://merchant.site",
"recurrent": false,
"purpose": "description",
"customer_first_name": "John",
"customer_last_name": "Doe",
"customer_address": "10 Downing Street",
"customer_city": "London",
"customer_zip_code": 121165,
"customer_country": "GB",
"customer_phone": "+442079460612",
"customer_email": "john.doe@example.com",
"customer_ip_address": "127.0.0.1",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail",
"callback_url": "https://site.com/callback",
"status_url": "https://site.com/redir",
"card_holder": "John Doe",
"card_number": "4012000000003010",
"card_exp_month": "02",
"card_exp_year": "25",
"card_cvv": "123"
}`

	docApplePay = `{
"payment_method": "applePayDPan",
"account": "EUR-sandbox",
"amount": 1000,
"currency": "EUR",
"order_id": "sandboxId_1015",
"merchant_site": "https://merchant.site",
"recurrent": false,
"purpose": "description",
"customer_first_name": "John",
"customer_last_name": "Doe",
"customer_address": "10 Downing Street",
"customer_city": "London",
"customer_zip_code": 121165,
"customer_country": "GB",
"customer_phone": "+442079460612",
"customer_email": "john.doe@example.com",
"customer_ip_address": "127.0.0.1",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail",
"callback_url": "https://site.com/callback",
"status_url": "https://site.com/redir",
"apple_pay_dpan": "eyJhcHBsaWNhdGlvblByaW1hcnlBY2NvdW50TnVtYmVyIjoiKioqIiwiYXBwbGljYXRpb25FeHBpcmF0aW9uRGF0ZSI6IioqKiIsImN1cnJlbmN5Q29kZSI6Ijk3OCIsInRyYW5zYWN0aW9uQW1vdW50IjoxMDAsImRldmljZU1hbnVmYWN0dXJlcklkZW50aWZpZXIiOiIqKioiLCJwYXltZW50RGF0YVR5cGUiOiIzRFNlY3VyZSIsInBheW1lbnREYXRhIjp7Im9ubGluZVBheW1lbnRDcnlwdG9ncmFtIjoiKioqIiwiZWNpSW5kaWNhdG9yIjoiNyJ9fQ==",
"apple_pay_payment_method_network": "Visa"
}`

	docGooglePay = `{
"payment_method": "googlePayDPan",
"account": "EUR-sandbox",
"amount": 1000,
"currency": "EUR",
"order_id": "sandboxId_1015",
"merchant_site": "https://merchant.site",
"recurrent": false,
"purpose": "description",
"customer_first_name": "John",
"customer_last_name": "Doe",
"customer_address": "10 Downing Street",
"customer_city": "London",
"customer_zip_code": 121165,
"customer_country": "GB",
"customer_phone": "+442079460612",
"customer_email": "john.doe@example.com",
"customer_ip_address": "127.0.0.1",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail",
"callback_url": "https://site.com/callback",
"status_url": "https://site.com/redir",
"google_pay_dpan": "eyJzaWduYXR1cmUiOiIqKioiLCJpbnRlcm1lZGlhdGVTaWduaW5nS2V5Ijp7InNpZ25lZEtleSI6Insia2V5VmFsdWUiOiIqKioiLCJrZXlFeHBpcmF0aW9uIjoiMTcxMTQzNDQ1MjgzNiJ9Iiwic2lnbmF0dXJlcyI6WyIqKioiXX0sInByb3RvY29sVmVyc2lvbiI6IkVDdjIiLCJzaWduZWRNZXNzYWdlIjoieyJlbmNyeXB0ZWRNZXNzYWdlIjoiKioqIiwiZXBoZW1lcmFsUHVibGljS2V5IjoiKioqIiwidGFnIjoiKioqIn0ifQ",
"google_pay_payment_method_network": "Visa"
}`

	docCheck = `{
"order_id": "sandboxId_1015"
}`

	docRefund = `{
"order_id": "sandboxId_1015",
"amount": 1000,
"reason": "refund"
}`

	docRecurrent = `{
"order_id": "sandboxRecurId_1015",
"parent_order_id": "sandboxId_1015",
"amount": 1000,
"purpose": "test recurrent"
}`

	docTokenizeForm = `{
"account": "EUR-sandbox-payout",
"order_id": "tokenizeOrderId_1050",
"callback_url": "https://site.com/callback",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail"
}`

	docCardWithdrawal = `{
"account": "EUR-sandbox-payout",
"order_id": "testPayout_1050",
"amount": 10000,
"payment_method": "card",
"customer_card_number": "4123540003981114",
"merchant_site": "https://merchant.site",
"customer_first_name": "John",
"customer_middle_name": "Jerom",
"customer_last_name": "Doe",
"customer_phone": "+442079460612",
"customer_birthdate": "06.06.1997",
"customer_zip_code": "121165",
"callback_url": "https://site.com/callback"
}`

	docPhoneWithdrawal = `{
"account": "EUR-sandbox-payout",
"order_id": "testPayout_1050",
"amount": 10000,
"payment_method": "phoneBalance",
"phone_withdrawal": "79123456789",
"customer_first_name": "John",
"customer_middle_name": "Jerom",
"customer_last_name": "Doe",
"customer_phone": "+442079460612",
"customer_birthdate": "06.06.1997",
"customer_zip_code": "121165",
"callback_url": "https://site.com/callback"
}`

	docTokenWithdrawal = `{
"account": "EUR-sandbox-payout",
"order_id": "testPayout_1050",
"amount": 10000,
"payment_method": "token",
"tokenize_transaction_order_id": "tokenizeOrderId_1050",
"customer_first_name": "John",
"customer_middle_name": "Jerom",
"customer_last_name": "Doe",
"customer_phone": "+442079460612",
"customer_birthdate": "06.06.1997",
"customer_zip_code": "121165",
"callback_url": "https://site.com/callback"
}`

	docBalance = `{
"account": "EUR-sandbox-payout"
}`

	docAuthorize = `{
"account": "EUR-sandbox",
"amount": 1000,
"currency": "EUR",
"order_id": "sandboxId_1016",
"merchant_site": "https://merchant.site",
"recurrent": false,
"purpose": "description",
"customer_first_name": "John",
"customer_last_name": "Doe",
"customer_address": "10 Downing Street",
"customer_city": "London",
"customer_zip_code": 121165,
"customer_country": "GB",
"customer_phone": "+442079460612",
"customer_email": "john.doe@example.com",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail",
"callback_url": "https://site.com/callback",
"status_url": "https://site.com/redir",
"card_holder": "John Doe",
"card_number": "4012000000003010",
"card_exp_month": "02",
"card_exp_year": "25",
"card_cvv": "123"
}`

	docCapture = `{
"order_id": "sandboxId_1016"
}`

	docCancel = `{
"order_id": "sandboxId_1016"
}`
)
