package docexamples

import "net/http"

// The examples of the other endpoints: check, refund, recurrent payment,
// withdrawals, balance, capture and cancel.

// Check is the transaction status check: POST /check on the gateway. It is
// the only example with an answer "in case of an error", a failed
// transaction with cascade errors.
var Check = Example{
	Name:   "Check",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/check",
	Request: `{
"order_id": "sandboxId_1015"
}`,
	Response: `{
"order_id": "sandboxFormId_1015",
"status": 2,
"amount": 1000,
"finalAmount": 900,
"card": {
"number": "401200******3010",
"bin": "401200",
"country": "Spain",
"iso": "ESP",
"type": "VISA"
},
"errorMessage": null,
"cascadeErrors": null,
"endDate": "2023-07-04T13:22:07.087Z",
"authorize_status": null,
"type": "Payment",
"firstName": "John",
"lastName": "Doe"
}`,
	ErrorResponse: `{
"order_id": "sandboxFormId_1016",
"status": -1,
"amount": 1000,
"finalAmount": 900,
"card": {
"number": "401200******3010",
"bin": "401200",
"country": "Spain",
"iso": "ESP",
"type": "VISA"
},
"errorMessage": "PLATFORM_ERROR_GATE_NOT_FOUND",
"cascadeErrors": [
{
"gatePriority": 0,
"errorCategory": "PLATFORM_ERROR_ANTIFRAUD_RULES"
},
{
"gatePriority": 1,
"errorCategory": "PLATFORM_ERROR_GATE_SKIPPED"
},
{
"gatePriority": 2,
"errorCategory": "PLATFORM_ERROR_CARD_BRAND_UNAVAILABLE"
}
],
"endDate": "2024-01-12T11:18:26.678Z",
"authorize_status": null,
"type": "Payment",
"firstName": "John",
"lastName": "Doe"
}`,
}

// Refund is the refund: POST /refund on the gateway.
var Refund = Example{
	Name:   "Refund",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/refund",
	Request: `{
"order_id": "sandboxId_1015",
"amount": 1000,
"reason": "refund"
}`,
	Response: `{
"success": false,
"message": "",
"refund_id": "0719e590-1cda-11ee-82d1-a58ec416e4a2",
"parentTransaction": "64a40ee3c4125fdb1d5cf635"
}`,
}

// Recurrent is the recurrent payment: POST /recurrent on the gateway.
var Recurrent = Example{
	Name:   "Recurrent",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/recurrent",
	Request: `{
"order_id": "sandboxRecurId_1015",
"parent_order_id": "sandboxId_1015",
"amount": 1000,
"purpose": "test recurrent"
}`,
	Response: `{
"success": true,
"message": "",
"form_url": "https://example.com/12345",
"payment_id": "0719e590-1cda-11ee-82d1-a58ec416e4a2",
"err": null
}`,
}

// TokenizeForm is the card tokenization form for withdrawals: POST
// /withdrawal/tokenize-form on the gateway.
var TokenizeForm = Example{
	Name:   "TokenizeForm",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/withdrawal/tokenize-form",
	Request: `{
"account": "EUR-sandbox-payout",
"order_id": "tokenizeOrderId_1050",
"callback_url": "https://site.com/callback",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail"
}`,
	Response: `{
"form_url": "https://payment.smartcore.pro/64a7eec2d46c5db10d082b3d",
"threeDSMethodData": null,
"order_id": "64a7eec2d46c5db10d082b3d",
"status": 1,
"stage": null,
"description": "",
"endDate": null,
"responseType": "REDIRECT",
"err": null,
"msg": null
}`,
}

// CardWithdrawal is the withdrawal to a card: POST /withdrawal/init on the
// PCI host.
var CardWithdrawal = Example{
	Name:   "CardWithdrawal",
	Method: http.MethodPost,
	Host:   PCI,
	Path:   "/withdrawal/init",
	Request: `{
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
}`,
	Response: `{
"order_id": "testPayout_1050",
"status": 1,
"card": {
"number": "401200******3010",
"bin": "401200",
"country": "Spain",
"iso": "ESP",
"type": "VISA"
},
"err": null,
"msg": null
}`,
}

// PhoneWithdrawal is the withdrawal to a phone balance: POST
// /withdrawal/init on the gateway.
var PhoneWithdrawal = Example{
	Name:   "PhoneWithdrawal",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/withdrawal/init",
	Request: `{
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
}`,
	Response: `{
"order_id": "testPayout_1050",
"status": 1,
"err": null,
"msg": null
}`,
}

// TokenWithdrawal is the withdrawal to a tokenized card: POST
// /withdrawal/init on the gateway.
var TokenWithdrawal = Example{
	Name:   "TokenWithdrawal",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/withdrawal/init",
	Request: `{
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
}`,
	Response: `{
"order_id": "testPayout_1050",
"status": 1,
"err": null,
"msg": null
}`,
}

// Balance is the payout balance: POST /withdrawal/balance/get on the
// gateway.
var Balance = Example{
	Name:   "Balance",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/withdrawal/balance/get",
	Request: `{
"account": "EUR-sandbox-payout"
}`,
	Response: `{
"balance": 10000,
"holdBalance": 0,
"rollingBalance": 0
}`,
}

// Capture is the capture of an authorization: POST /capture on the gateway.
var Capture = Example{
	Name:   "Capture",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/capture",
	Request: `{
"order_id": "sandboxId_1016"
}`,
	Response: `{
"order_id": "66f55a03b2eb068a084168c2",
"status": 2
}`,
}

// Cancel is the cancellation of an authorization: POST /cancel on the
// gateway.
var Cancel = Example{
	Name:   "Cancel",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/cancel",
	Request: `{
"order_id": "sandboxId_1016"
}`,
	Response: `{
"order_id": "66f40c8fb6ff9364083fc9a5",
"status": -1
}`,
}
