// Package smartcore is a Go kit for the SmartCore payment gateway.
//
// This package holds the gateway's API types — the request and response of
// every endpoint, transaction statuses, error codes and the callback — and the
// API client. Subpackages add the pieces a web application mounts:
//
//   - signing: the callback signature, bit-exact with the gateway's JavaScript.
//   - webhook: an http.Handler and middleware that verify callbacks and hand a
//     typed [Callback] to the application; webhook/webhooktest signs synthetic
//     callbacks for tests.
//   - validate: required fields and formats per endpoint.
//   - checkout: a handler that creates the payment form and redirects to it,
//     and the 3-D Secure and wallet steps.
//   - ratelimit: per-client rate limiting for the checkout handlers.
//   - reconcile: checks the orders whose callbacks were lost or whose
//     outcome is unknown, and delivers their final state once.
//   - clientip: the client-IP policy every handler shares (no proxy header
//     is trusted unless its proxy is).
//   - sandbox: an in-process emulator of the gateway for demos and tests.
//
// Decoding is tolerant of what the gateway really sends (numbers where the
// document declares strings, the string "null" for absent values); encoding
// sends what the document's tables declare. Request types decode with
// encoding/json as their Go types say: only the members the document types
// loosely, of type [Text] (customer_zip_code, which its examples send as a
// number, and the browser's colour depth, screen size and time zone) and
// [CentsText] (capture's amount), take either a string or a number.
package smartcore
