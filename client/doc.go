// Package client calls the SmartCore gateway's API.
//
// [New] returns a [Client] for a merchant key and secret; it is safe for
// concurrent use. Every endpoint of the document has a method:
// InitPayment, PayCard, PayApplePay, PayGooglePay, Authorize, Capture,
// Cancel, Check, Refund, Recurrent, TokenizeForm, WithdrawCard,
// WithdrawPhone, WithdrawToken and Balance. The request, response and
// callback types are package smartcore's.
//
//	c, err := client.New(merchantKey, secret)
//	res, err := c.InitPayment(ctx, &smartcore.InitPaymentRequest{...})
//
// # Hosts
//
// Each call goes to the host the document names for its endpoint: card
// data only ever to the PCI DSS host ([DefaultPCIBaseURL]), everything else
// to the gateway host ([DefaultBaseURL]). [WithBaseURL] and
// [WithPCIBaseURL] point the client elsewhere, such as the sandbox (package
// sandbox serves both hosts, the PCI one under /pci). A call for the
// gateway host whose body carries a member named for card data (an extra
// member, or a raw call's) is refused before anything is sent.
//
// # Validation
//
// Requests are validated before anything is sent, with the document's
// rules (validate.Struct): an invalid request returns validate.Errors and
// makes no network call. [WithValidator] installs another check, such as
// validate.Strict for the formats the document does not state (phone
// shape, Luhn, expiry and CVV digits, ISO codes):
//
//	c, err := client.New(key, secret, client.WithValidator(validate.Strict))
//
// [WithoutValidation] sends requests unchecked; the gateway then answers
// VALIDATION_PROCESSING_ERROR itself.
//
// # Errors
//
// A call returns:
//
//   - validate.Errors when the request is invalid (a plain error for a nil
//     request); nothing is sent;
//   - a plain wrapped error when nothing reached the gateway (DNS failure,
//     connection refused, context done before sending);
//   - *[APIError] when the gateway refused the request: its Code is the
//     smartcore.ErrorCode, and Category says whether the customer's side
//     declined, the request was wrong or the gateway failed;
//   - *[OutcomeUnknownError] (errors.Is [ErrOutcomeUnknown]) when a
//     state-changing call may have been processed but no usable answer came
//     back. Never retry such a call blindly: check the order (Check, or
//     package reconcile's Resolve) first.
//
// For a state-changing call, an answer is a certain refusal (*APIError)
// only when nothing in it says the gateway may have acted. These are
// outcome-unknown, with the *APIError inside for the answer's words:
//
//   - a 2xx whose err sits next to a status other than -1: 2 (the money
//     moved), 1 (Processing) or 0 (Waiting for redirect), which say the
//     operation is still going, or a status the document does not define;
//   - a 3xx: the gateway does not redirect API calls, and a 303 even says
//     the POST was processed;
//   - a 502 or 504, whatever its body says: it comes from an intermediary,
//     and the gateway behind it may have processed the call;
//   - any other 5xx without the gateway's err, msg or errorMessage;
//   - no answer at all after the request was written, or one that cannot
//     be read.
//
// Check and Balance change nothing: there the same answers are an
// *APIError (a 2xx one returned with the decoded answer, whose Status
// tells how far the order is), and a 502 or 504 is retried.
//
// The client never follows a redirect, on any call: a redirected POST
// either turns into a GET or is sent again elsewhere, and a payment must
// never be sent twice. [WithHTTPClient] uses a copy of the given
// http.Client with its CheckRedirect replaced; the caller's client is not
// changed, and its Transport, Jar and Timeout apply.
//
// APIError and OutcomeUnknownError carry the answer, when one arrived, in
// their Response field (Response.RawBody, with secrets removed and card
// numbers masked), for support tickets.
//
//	var apiErr *client.APIError
//	switch {
//	case errors.As(err, &apiErr) && apiErr.Code == smartcore.ErrDuplicatedOrderID:
//		// the order id was used before
//	case errors.Is(err, client.ErrOutcomeUnknown):
//		// it may have reached the gateway: reconcile, never retry blindly
//	}
//
// # Retries and rate
//
// Only Check and Balance, which change nothing, are retried ([WithRetry]:
// attempts and base delay), with exponential backoff that honours
// Retry-After. [WithRateLimit] caps the outbound rate; package reconcile's
// checks go through it too.
//
// # Logs and observation
//
// Card numbers, CVVs, DPANs, the secret and the Authorization header never
// reach a log line ([WithLogger]) or an error string, and formatting a
// Client with any fmt verb or logging it with slog never shows the secret.
// [WithObserver] receives one [CallEvent] per call (endpoint, outcome,
// status, latency, retries; never card data, secrets or bodies), which
// the otel/smartcoreotel module turns into metrics and spans.
//
// Every request says who sends it: the User-Agent is
// "smartcore-go/<version> <go version>", such as
// "smartcore-go/0.1.0 go1.26.8", the kit's version as the program's build
// information records it ("devel" when built from a checkout or a replace
// directive). [WithUserAgent] replaces it whole.
//
// # Beyond the typed API
//
// The gateway may add a member or an endpoint before the kit does. A
// request type's AddExtra (smartcore.Extra) sends a member beside the
// typed ones, checked against them before anything is sent: a name the
// type declares, set or omitted, is an error, never an overwrite. A
// response's Extra(name) and ExtraNames (smartcore.Response) read the
// members its type does not decode, as raw JSON scrubbed as RawBody is.
//
// [Client.Do] calls any endpoint by its path with a body and answer of any
// JSON object type, on the same code path as the typed methods: the same
// authentication, validation of struct bodies, scrubbing of errors,
// retries for check and balance only, outcome-unknown errors for every
// other endpoint (an unknown one included) and observer events. A known
// endpoint goes to its host; an unknown one to the gateway host, or to the
// PCI DSS host when its body carries card data (a card number or CVV in a
// member named for one), which no call sends to the gateway host.
//
//	var res smartcore.CheckResponse
//	err := c.Do(ctx, "/check", map[string]any{"order_id": id}, &res)
//
// # Dependencies
//
// This is the package that brings the kit's third-party modules
// (go-playground's validator through package validate, and x/time's rate
// limiter); the root package's types link none. Packages checkout and
// reconcile build on it.
package client
