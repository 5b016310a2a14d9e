// Package webhook receives the SmartCore gateway's callbacks.
//
// The gateway POSTs a form-encoded body signed with the merchant's secret
// (see package signing) whenever a transaction's status changes, and keeps
// retrying until it is answered 200 OK. This package reads that body,
// verifies it, decodes it into a typed [smartcore.Callback] and hands it to
// the application, in three shapes:
//
//   - [New] returns an http.Handler that calls a [CallbackHandler], such as
//     a [Router].
//   - [Middleware] verifies and puts the callback in the request context
//     ([FromContext]) for the next http.Handler.
//   - [Verifier] checks a body without HTTP (Verify), for queue
//     consumers; [NewVerifier] refuses an empty secret.
//
// Options.Secrets may hold several secrets at once, so that a secret can be
// rotated without downtime.
//
// A request is answered 200 only after the application accepted the
// callback; an error or panic in the application gives 500 so that the
// gateway retries and nothing is lost:
//
//	200      the application returned nil, or the callback is certainly a redelivery (de-duplication)
//	409      the same callback is being processed now by another delivery: Retry-After: 5
//	400      malformed body, a repeated key, a missing orderId or status, a number that is not an integer
//	401      missing, malformed or wrong sign
//	405      not POST (with Allow: POST)
//	415      not form-encoded
//	413      over Options.MaxBodyBytes (default 64 KiB)
//	500      the application returned an error or panicked, or the Deduplicator failed: the gateway retries
//
// Response bodies carry no verification detail; the reason goes to
// Options.Logger, without the secret or any value of the body.
//
// # Routing
//
// A [Router] sends each callback to the route registered for its type and
// outcome. The document makes type optional in a callback, so a route for
// smartcore.TypePayment alone would acknowledge a payment callback without a
// type unread (a callback no route matches is acknowledged, unless
// Router.Fallback says otherwise): register [AnyType] and look at cb.Type
// when it matters.
// A status outside -1..2 is passed on with its number (cb.Status.Known() is
// false): the Router never sends it to a [Succeeded], [Failed] or [Pending]
// route, only to an [Unknown] or [AnyOutcome] route or to Router.Fallback.
//
// # Reading a callback
//
// [smartcore.Callback] is data; this package reads it. [Fields] lists the
// parameters exactly as received and verified, [Param] reads one (such as
// the gateway's card_holder, which the document does not list), and
// [DecodeParams] copies them into the application's own struct (with
// schema:"name" tags); parameters the document does not list are also in
// cb.Extra. cb.Raw is the body exactly as received and verified, for an
// audit log. [ParseCallback] is the typed decode the verifier runs after the
// signature check, and [AppendFields] its inverse, for encoders; so an
// application that only calls the API does not link gorilla/schema.
//
// An amount sent as null, empty or not at all (tokenization callbacks) sets
// cb.AmountUnknown, and cb.Amount is then 0, which is not an amount: never
// compare it with the order. cb.HasFinalAmount says whether finalAmount
// came as a number.
//
// # De-duplication
//
// With a dedup.Deduplicator (Options.Deduplicator), each callback's key is
// claimed before the application runs; package dedup describes the
// contract (new, in flight, done; leases, retention, claim tokens) and
// which store to use in production. [IdempotencyKey], the default key (and
// the default of package reconcile and of sqldedup's Transactional, so the
// paths meet with nothing set), names a final status (2 or -1) by type,
// order id and status, and any other status by a hash of everything the
// gateway signed. A DedupKey that returns "" is an error: the callback is
// answered 500 and logged, never keyed with every other such callback.
//
// What the protocol cannot tell apart: the document's callback has no
// event id (orderId, status, amount and sign are its only required
// members), so two real events can arrive byte-identical. Two partial
// refunds of one amount on one order carry the payment's orderId, type
// Refund and the same status and amount; a full refund sent without the
// optional type is identical to the payment's own success. A key therefore
// decides identity only, and [Classify] decides what becomes of a repeat:
//
//   - dropped (200, unread) only where the protocol makes it certain: a
//     status 0 or 1 repeated byte for byte, or the final status of a
//     Payment or Withdrawal (one final status per order, type compared
//     without case) unless the order's other final status was processed
//     since (2, -1, 2);
//   - everything else (a refund, no type, Recurrent, a type or status the
//     document does not name) reaches the same route as the first
//     delivery, marked: [RepeatFromContext] reports true, Event.Repeat is
//     set, and the application's answer is the answer (an error gives 500
//     and the gateway retries; the key stays done). So does a new typed
//     final state whose order and status were processed without a type, or
//     the other way round.
//
// The pattern that works for a possible repeat: match it against the
// merchant's own records. A refund callback names the payment's order, not
// the refund: keep the refund_id and the amount each refund call returned,
// settle the oldest refund of that amount still pending, and acknowledge
// one that matches nothing pending. A payment's state already recorded is
// acknowledged without applying it again. What stays ambiguous (an untyped
// success on an order that has a full refund pending) is settled with
// check: reconcile's Reconciler.Resolve checks an order and delivers its
// state through the same handler, and a reconcile.Store that lists the
// orders with a refund still pending has every pass do it.
//
// A 2xx answer completes the key; an error, a panic or a non-2xx releases
// it, so that only finished work is ever acknowledged. Behind [Middleware]
// the final status decides (a 1xx such as 103 Early Hints does not): the
// middleware holds the handler's status and the first 64 KiB of its body
// until the handler returns or flushes, so a panic before then sends the
// gateway nothing. The key is released (kept only if a 2xx had already gone
// out), the panic goes on up to the application's recoverer, and the
// recoverer's 500 reaches the gateway. Complete and Release run within
// [SettleTimeout], so a store that hangs cannot hold the answer. A Complete
// or Release that finds the claim taken over (dedup.ErrClaimLost) is logged
// as a warning to raise the lease.
//
// # Rejections
//
// Rejected requests never reach the application: 405 for a method other
// than POST, 415 for another content type, 413 for a body over the limit,
// 400 for a malformed body, a repeated key, a missing orderId or status,
// or a number that is not an integer, 401 for a missing, malformed or wrong
// signature. Nothing else is refused: a status the document does not list,
// or an amount sent as null (a tokenize callback), reaches the application
// (see [Unknown] and smartcore.Callback.AmountUnknown). The handler reads
// the raw body, never r.Form, so a query string cannot change what the
// application sees.
//
// # What the signature does not cover
//
// The gateway's scheme signs the values but not the keys, carries no
// timestamp and does not escape '|' inside values. The verifier narrows what
// that allows — required fields (orderId, status, sign) must appear exactly
// once, numbers must be plain integers, repeated keys are refused, and only
// the exact verified values are decoded — but a captured callback stays
// valid forever. Set a dedup.Deduplicator so that a replayed or redelivered
// callback is acknowledged without being processed twice where the
// protocol can tell (see De-duplication), and treat a callback as a hint to
// be confirmed with the client's Check for anything irreversible.
//
// # Tests
//
// Package webhook/webhooktest signs synthetic callbacks, as
// net/http/httptest builds requests:
//
//	h.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "qwerty", cb))
package webhook
