// Package webhook receives the SmartCore gateway's callbacks.
//
// The gateway POSTs a form-encoded body signed with the merchant's secret
// (see package signing) whenever a transaction's status changes, and keeps
// retrying until it is answered 200 OK. This package reads that body,
// verifies it, decodes it into a typed [smartcore.Callback] and hands it to
// the application, in three shapes:
//
//   - [New] returns an http.Handler that calls a [CallbackHandler].
//   - [Middleware] verifies and puts the callback in the request context
//     ([FromContext]) for the next http.Handler.
//   - [Verifier.Verify] checks a body without HTTP, for queue consumers.
//
// A request is answered 200 only after the application accepted the
// callback; an error or panic in the application gives 500 so that the
// gateway retries and nothing is lost.
//
// # Reading a callback
//
// [smartcore.Callback] is data; this package reads it. [Fields] lists the
// parameters exactly as received and verified, [Param] reads one (such as
// the gateway's card_holder, which the document does not list), and
// [DecodeParams] copies them into the application's own struct.
// [ParseCallback] is the typed decode the verifier runs after the
// signature check, and [AppendFields] its inverse, for encoders.
//
// # De-duplication
//
// With Options.Deduplicator (a [dedup.Deduplicator]), each callback is
// keyed by what the gateway signed ([IdempotencyKey], or Options.DedupKey)
// and its key is claimed before the application runs. A new key is
// processed, then completed (2xx) or released (error, panic, non-2xx), so
// that only finished work is ever acknowledged; a key in flight (a
// redelivery racing the first delivery) is answered 409 with Retry-After,
// because the first may still fail; a done key is answered 200 without
// reaching the application. A Complete or Release that finds the claim
// lost ([dedup.ErrClaimLost]) is logged as a warning to raise the lease.
// Package dedup holds the contract, the leases and which store to pick.
//
// # Rejections
//
// Rejected requests never reach the application: 405 for a method other
// than POST, 415 for another content type, 413 for a body over the limit,
// 400 for a malformed body, a repeated key, a missing orderId or status,
// or a number that is not an integer, 401 for a missing, malformed or wrong
// signature. Nothing else is refused: a status the document does not list,
// or an amount sent as null (a tokenize callback), reaches the application
// (see [Unknown] and smartcore.Callback.AmountUnknown).
//
// # What the signature does not cover
//
// The gateway's scheme signs the values but not the keys, carries no
// timestamp and does not escape '|' inside values. The verifier narrows what
// that allows — required fields must appear exactly once, numbers must be
// plain integers, repeated keys are refused, and only the exact verified
// values are decoded (never a query string or r.Form) — but a captured
// callback stays valid forever. Set a [dedup.Deduplicator] so that a replayed
// or redelivered callback is acknowledged without being processed twice,
// and treat a callback as a hint to be reconciled with the client's Check
// for anything irreversible.
package webhook
