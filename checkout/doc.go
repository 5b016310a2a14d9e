// Package checkout is the customer-facing side of a SmartCore payment: the
// http.Handlers a shop mounts to start a payment and send the customer's
// browser where the gateway says, without ever becoming an open redirect.
//
//   - [New] returns the payment-form handler: the host's Build describes the
//     order, the handler adds the customer's IP address (decided by a
//     clientip.Policy, never a header anyone can set) and the return URLs
//     (from configuration, never from the request), calls InitPayment and
//     answers 303 See Other to the gateway's form_url.
//   - [NewWalletHandler] takes a Google Pay or Apple Pay token from the
//     page's script, encodes it as the document asks, pays with it and
//     answers JSON telling the script what to do next.
//   - [Responder] answers a host-to-host card payment: a redirect, the
//     self-submitting 3-D Secure challenge form, or the final status.
//   - [CheckRedirect], [CheckACSURL], [NextStep] and [WriteChallenge] are
//     the building blocks, for framework adapters.
//
// Package ratelimit has the per-client rate limiting middleware, with
// bounded memory, for putting in front of these handlers:
//
//	mux.Handle("/pay", limit(pay)) // limit, err := ratelimit.New(ratelimit.Options{ClientIP: policy})
//
// Give both the same clientip.Policy (TrustedProxies: the load balancer's
// networks; none: no forwarding header is believed); the address they
// decided is clientip.FromContext(ctx). Register the handlers for every
// method, not only POST, so that a wrong method gets 405 with Allow: POST.
//
// # Where the customer is sent
//
// Every URL that reaches a browser is either configuration
// (Options.ReturnURLs) or an answer of the gateway that passed
// [CheckRedirect] (form_url: https on an allowed host, by default
// payment.smartcore.pro) or [CheckACSURL] (the issuer's ACS: https). A
// response that fails the check is a 502, never a redirect. In
// Options.ReturnURLs, "{order_id}" ([OrderIDPlaceholder]) is replaced by
// the order's id.
//
// A form posted from another site (a page elsewhere submitting to the
// payment handler with the shopper's cookies) is refused 403 by
// http.CrossOriginProtection; list a checkout page served from another
// origin in Options.TrustedOrigins.
//
// # Errors
//
// Failures are answered by Options.ErrorHandler, by default a page (or
// JSON, when the client asks for it) with a generic message and a
// reference id that is logged together with the real cause. The gateway's
// own text never reaches the customer. [StatusCode] maps errors to HTTP
// statuses: 502 for the gateway's refusals, unusable answers and unknown
// outcomes (whose message says the payment's status is being checked),
// 500 for validation errors of the request Build assembled, 4xx for
// malformed requests.
//
// # Wallet tokens
//
// The document describes both DPAN fields as "Base64 of decoded value of"
// a token field; this package reads that as follows.
//
// google_pay_dpan: "decoded value of paymentMethodData.tokenizationData.token".
// That member is a string holding the encrypted payment token, a JSON
// object (signature, intermediateSigningKey, protocolVersion "ECv2",
// signedMessage); its decoded value is the string with the JSON escaping
// undone, which is what a page's script already holds. The document's
// example decodes to such an object, so the token is sent still encrypted,
// byte for byte ([GooglePayDPan]): the gateway, PrimePay in the
// tokenizationSpecification, decrypts it. The example lacks the
// backslashes that a real token has inside signedKey and signedMessage;
// that can only come from masking the example, since removing them would
// break the token's signature. The example is also unpadded: standard
// padded base64 is sent, which lenient decoders read the same.
//
// apple_pay_dpan: "decoded value of paymentData.data". The document's
// example decodes to Apple's decrypted payment data
// (applicationPrimaryAccountNumber, applicationExpirationDate,
// currencyCode, transactionAmount, deviceManufacturerIdentifier,
// paymentDataType, and paymentData with onlinePaymentCryptogram and
// eciIndicator) — the device PAN the payment method is named after.
// paymentData.data itself is ciphertext that only the holder of the
// merchant's Apple Pay Payment Processing key can open, so "decoded" means
// decrypted: WalletOptions.DecryptApplePay decrypts (and verifies) the
// token with the merchant's key and the handler sends base64 of the
// result ([ApplePayDPan]). [DecodeApplePayData] implements the literal
// reading (base64-decode only) for an account on which SmartCore confirms
// that it holds the processing key itself.
//
// Card numbers, CVVs, wallet tokens and DPANs never appear in logs or
// error messages.
package checkout
