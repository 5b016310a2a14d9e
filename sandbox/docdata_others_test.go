package sandbox_test

// The document's examples for the endpoints other than the payments; see
// docdata_payments_test.go.

// docExamples is every example of the document, in its order.
var docExamples = append(append([]docExample(nil), docPaymentExamples...), docOtherExamples...)

var docOtherExamples = []docExample{
	{
		name: "Check",
		url:  "https://api-gateway.smartcore.pro/check",
		body: `{
"order_id": "sandboxId_1015"
}`,
		response: `{
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
		errResp: `{
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
	},
	{
		name: "Refund",
		url:  "https://api-gateway.smartcore.pro/refund",
		body: `{
"order_id": "sandboxId_1015",
"amount": 1000,
"reason": "refund"
}`,
		response: `{
"success": false,
"message": "",
"refund_id": "0719e590-1cda-11ee-82d1-a58ec416e4a2",
"parentTransaction": "64a40ee3c4125fdb1d5cf635"
}`,
	},
	{
		name: "Recurrent",
		url:  "https://api-gateway.smartcore.pro/recurrent",
		body: `{
"order_id": "sandboxRecurId_1015",
"parent_order_id": "sandboxId_1015",
"amount": 1000,
"purpose": "test recurrent"
}`,
		response: `{
"success": true,
"message": "",
"form_url": "https://example.com/12345",
"payment_id": "0719e590-1cda-11ee-82d1-a58ec416e4a2",
"err": null
}`,
	},
	{
		name: "TokenizeForm",
		url:  "https://api-gateway.smartcore.pro/withdrawal/tokenize-form",
		body: `{
"account": "EUR-sandbox-payout",
"order_id": "tokenizeOrderId_1050",
"callback_url": "https://site.com/callback",
"success_url": "https://site.com/success",
"fail_url": "https://site.com/fail"
}`,
		response: `{
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
	},
	{
		name: "CardWithdrawal",
		url:  "https://chd-api.smartcore.pro/withdrawal/init",
		body: `{
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
		response: `{
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
	},
	{
		name: "PhoneWithdrawal",
		url:  "https://api-gateway.smartcore.pro/withdrawal/init",
		body: `{
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
		response: `{
"order_id": "testPayout_1050",
"status": 1,
"err": null,
"msg": null
}`,
	},
	{
		name: "TokenWithdrawal",
		url:  "https://api-gateway.smartcore.pro/withdrawal/init",
		body: `{
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
		response: `{
"order_id": "testPayout_1050",
"status": 1,
"err": null,
"msg": null
}`,
	},
	{
		name: "Balance",
		url:  "https://api-gateway.smartcore.pro/withdrawal/balance/get",
		body: `{
"account": "EUR-sandbox-payout"
}`,
		response: `{
"balance": 10000,
"holdBalance": 0,
"rollingBalance": 0
}`,
	},
	{
		name: "Authorize",
		url:  "https://chd-api.smartcore.pro/authorize",
		body: `{
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
}`,
		response: `{
"form_url": "https://payment.smartcore.pro/64a7eec2d46c5db10d082b3d",
"threeDSMethodData": null,
"order_id": "64a7eec2d46c5db10d082b3d",
"status": 1,
"stage": null,
"description": "",
"endDate": null,
"responseType": "REDIRECT",
"err": null,
"msg": null,
"paReq": null,
"creq": null,
"md": null,
"termUrl": null,
"acsurl": null
}`,
	},
	{
		name: "Capture",
		url:  "https://api-gateway.smartcore.pro/capture",
		body: `{
"order_id": "sandboxId_1016"
}`,
		response: `{
"order_id": "66f55a03b2eb068a084168c2",
"status": 2
}`,
	},
	{
		name: "Cancel",
		url:  "https://api-gateway.smartcore.pro/cancel",
		body: `{
"order_id": "sandboxId_1016"
}`,
		response: `{
"order_id": "66f40c8fb6ff9364083fc9a5",
"status": -1
}`,
	},
}
