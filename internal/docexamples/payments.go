package docexamples

import "net/http"

// The payment examples: the payment form, the host-to-host payments and the
// authorization of a two-step payment.

// InitPayment is the card payment form: POST /initPayment on the gateway.
var InitPayment = Example{
	Name:   "InitPayment",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/initPayment",
	Request: `{
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
}`,
	Response: `{
"ACSUrl": null,
"MD": null,
"TermUrl": null,
"description": "",
"status": 1,
"form_url": "https://payment.smartcore.pro/64a7e106d46c5db10d082b13",
"order_id": "sandboxFormId_1015",
"responseType": "REDIRECT"
}`,
}

// MobileCommerce is the payment form with a prefilled phone (mobile
// commerce): POST /initPayment on the gateway.
var MobileCommerce = Example{
	Name:   "MobileCommerce",
	Method: http.MethodPost,
	Host:   Gateway,
	Path:   "/initPayment",
	Request: `{
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
}`,
	Response: `{
"ACSUrl": null,
"MD": null,
"TermUrl": null,
"description": "",
"status": 1,
"form_url": "https://payment.smartcore.pro/64a7e106d46c5db10d082b13",
"order_id": "sandboxFormId_1015",
"responseType": "REDIRECT"
}`,
}

// CardPayment is the host-to-host card payment: POST
// /initPaymentHost2Host on the PCI host.
var CardPayment = Example{
	Name:   "CardPayment",
	Method: http.MethodPost,
	Host:   PCI,
	Path:   "/initPaymentHost2Host",
	Request: `{
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
}`,
	Response: `{
"form_url": "https://payment.smartcore.pro/64a7eec2d46c5db10d082b3d",
"threeDSMethodData": null,
"order_id": "sandboxId_1015",
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
}

// ApplePay is the host-to-host Apple Pay payment with a DPAN: POST
// /initPaymentHost2Host on the PCI host.
var ApplePay = Example{
	Name:   "ApplePay",
	Method: http.MethodPost,
	Host:   PCI,
	Path:   "/initPaymentHost2Host",
	Request: `{
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
"msg": null,
"paReq": null,
"creq": null,
"md": null,
"termUrl": null,
"acsurl": null
}`,
}

// GooglePay is the host-to-host Google Pay payment with a DPAN: POST
// /initPaymentHost2Host on the PCI host.
var GooglePay = Example{
	Name:   "GooglePay",
	Method: http.MethodPost,
	Host:   PCI,
	Path:   "/initPaymentHost2Host",
	Request: `{
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
"msg": null,
"paReq": null,
"creq": null,
"md": null,
"termUrl": null,
"acsurl": null
}`,
}

// Authorize is the two-step payment's authorization: POST /authorize on
// the PCI host.
var Authorize = Example{
	Name:   "Authorize",
	Method: http.MethodPost,
	Host:   PCI,
	Path:   "/authorize",
	Request: `{
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
"msg": null,
"paReq": null,
"creq": null,
"md": null,
"termUrl": null,
"acsurl": null
}`,
}
