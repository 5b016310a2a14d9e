// Package smartcore is a Go kit for the SmartCore payment gateway.
//
// This package holds the gateway's API types — the request and response of
// every endpoint, transaction statuses, error codes and the callback. The
// API client is package client. Subpackages add the pieces a web
// application mounts:
//
//   - client: the API client, one method per endpoint.
//   - signing: the callback signature, bit-exact with the gateway's JavaScript.
//   - webhook: an http.Handler and middleware that verify callbacks and hand a
//     typed [Callback] to the application; webhook/webhooktest signs synthetic
//     callbacks for tests.
//   - dedup: the de-duplication contract the webhook handler and reconcile
//     share, an in-memory store, and production guidance (the Redis and SQL
//     stores are the modules dedup/redisdedup and dedup/sqldedup).
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
// # What the kit promises
//
// It requires from the application only what the gateway's document states,
// and accepts from the gateway everything the document could mean. A
// format the document does not state (a phone's shape, a wallet network
// list) is an opt-in strictness, never the default (see package validate);
// a decode never fails a whole answer over a field the application may not
// need; a correctly signed callback is never dropped over a value the
// document does not forbid.
//
// It never acknowledges work that was not done. The gateway gets 200 only
// after the application's code finished; anything uncertain is a non-2xx,
// so that the gateway retries; with a dedup.Deduplicator a redelivered
// callback is not processed again (a process that dies in the middle of a
// callback is the exception, which sqldedup's Transactional closes).
//
// # Reading the gateway's answers
//
// Decoding is tolerant of what the gateway really sends: numbers where the
// document declares strings, the string "null" for absent values, and
// cascadeErrors as a string, an array or JSON inside a string
// ([CascadeErrors]: Raw, List and Codes on a check answer; a callback's
// CascadeErrors is the raw string). endDate is a [Timestamp]: a format it
// does not know leaves Time zero and keeps Raw. Only status and order_id
// decide whether an answer is usable; any other member that does not fit is
// left at zero and listed in [Response.Undecoded], and the call still
// succeeds. HasStatus tells "no status" apart from status 0
// (StatusWaitingRedirect). A member no field decodes (one the gateway
// added before the kit typed it) is kept: [Response.Extra] returns it as
// raw JSON by name and [Response.ExtraNames] lists them, masked as RawBody
// is.
//
// Every response carries HTTPStatus, Header and RawBody for support
// tickets, with secrets removed and card numbers masked: RawBody is for
// people to read, not to parse. For a decline, the response's Code is the
// [ErrorCode], and [ErrorCode.Category] says whether the customer's side
// declined it ([CategoryDeclined]), the request was wrong
// ([CategoryInvalidRequest]) or the gateway failed
// ([CategoryGatewayFailure]). Codes outside the document are kept as sent
// and report [CategoryUnknown].
//
// Encoding sends what the document's tables declare. Request types decode
// with encoding/json as their Go types say: only the members the document
// types loosely, of type [Text] (customer_zip_code, which its examples send
// as a number, and the browser's colour depth, screen size and time zone)
// and [CentsText] (capture's amount, sent as "500" and read from "500" or
// 500), take either a string or a number. Every request type embeds
// [Extra]: req.AddExtra(name, value) sends a member the kit does not type
// yet beside the typed ones, and package client refuses one that would
// overwrite a typed member.
//
// Every field-level error (request validation, callback and response
// decoding) is a [FieldError] (validate.FieldError is the same type) with
// Field and Reason; its Error reads like "customer_email must be an email
// address". [MaskPAN] and [MaskCardNumbers] mask card numbers the way the
// kit's logs do.
//
// # Serving it
//
// Every server the kit ships (the smartcore command's listen and sandbox,
// the example shops) is built with the settings below; give the server that
// receives callbacks the same:
//
//	srv := &http.Server{
//		Addr:              ":8080",
//		Handler:           mux,
//		ReadHeaderTimeout: 5 * time.Second,  // headers come in one packet; stops clients that dribble them
//		ReadTimeout:       10 * time.Second, // the whole request: a callback is < 2 KB, a trickled body is cut
//		WriteTimeout:      60 * time.Second, // also bounds the handler: keep it above the slowest one
//		IdleTimeout:       60 * time.Second, // keep-alive reuse without idle connections forever
//		MaxHeaderBytes:    16 << 10,         // room for cookies; 4 << 10 if only the gateway calls it
//	}
//
// A WriteTimeout below the slowest handler makes a processed callback lose
// its 200, so that it comes again. Run the server with GOMEMLIMIT at about
// 70-80% of the container's memory: otherwise thousands of slow connections
// can double the heap in garbage before the collector runs. Against
// "smartcore listen", 2,000 slow-body and 1,000 large-header connections
// held for 30 s leave it answering every callback at about 82 MB (2.1 GB
// with net/http's defaults); the command's TestSlowClients measures
// it.
//
// With several replicas, share the de-duplication store (package dedup)
// and run package reconcile, so that no order stays unknown.
package smartcore
