// Package sandbox is an in-process emulator of the SmartCore payment
// gateway, for tests and demos that cannot reach the real one. Unlike a
// stateless mock it keeps transactions, knows the document's test cards,
// serves the hosted payment, 3-D Secure and tokenize pages, and sends
// signed callbacks with retries — all in memory, one store per [Sandbox],
// so parallel tests never share state.
//
// In a test:
//
//	srv := sandboxtest.NewServer(t, sandbox.Options{}) // on loopback, closed by t.Cleanup
//	res, err := srv.Client.PayCard(ctx, req)           // the kit's client, already configured
//	srv.Complete(req.OrderID, sandbox.Approve)         // the shopper opens res.FormURL
//	srv.Flush(ctx)                                     // wait for the callbacks
//
// Programs use [Start]. From the shell, "smartcore sandbox" serves one on
// 127.0.0.1:8090, with a dashboard at http://127.0.0.1:8090/; its flags set
// the options described below (--settle-immediately, --pending,
// --pending-delay 10s, --form-timeout 15m and --3ds-timeout 10m, a duration
// or "never", --card-time-limit, --require-recurrent-flag,
// --minimal-callbacks, --max-transactions, --clock manual), and
// "smartcore sandbox -h" says what each does. Test suites in any language
// drive it through its control API (see "Control API").
//
// # Safe by default
//
// A sandbox accepts the document's public credentials and sends callbacks
// to loopback, so it must not be reachable by anyone else:
//
//   - "smartcore sandbox" refuses (exit 2, one line) a non-loopback --addr
//     or --public-url unless --allow-remote is given with a --secret other
//     than the document's "qwerty". [Start] listens where it is told.
//   - Every sandbox answers only the Host names it serves: a loopback name
//     (127.0.0.0/8, ::1, localhost) — on the listening port under [Start],
//     on any port when served as a handler — and Options.BaseURL's host
//     (--public-url, for a tunnel or a container's published port). Any
//     other Host is answered 421 Misdirected Request ([CodeMisdirected]),
//     so that a page whose name an attacker rebinds to 127.0.0.1 can
//     neither read the dashboard, nor act on it, nor call the API. The
//     form_url, acsurl and termUrl it returns are built from
//     Options.BaseURL ([Start]: else from Server.URL), never from the
//     request's Host.
//   - With Options.Remote (--allow-remote) the dashboard, like the API,
//     requires the merchant's Basic credentials, and neither it nor the
//     control API shows what callback hosts answered: no start of the
//     answer, and for a failed delivery only the class of its error
//     ("connection refused", "timeout", "not an HTTP answer", ...), never
//     the error's text, which quotes what the host sent.
//   - The server of [Start] and of the smartcore command holds at most
//     1,024 connections waiting for a request's headers (beyond, the one
//     waiting longest is closed, after 100 ms, to make room) and 4,096 in
//     all, besides the timeouts below. The command, never [Start], also
//     sets a soft memory limit of 96 MiB plus 1.6 KB per
//     --max-transactions ($GOMEMLIMIT overrides it): 9,000 connections
//     holding unfinished headers keep it under 100 MB of resident memory,
//     and it still answers.
//
// # Hosts
//
// One http.Handler plays both of the document's hosts: the gateway host
// (https://api-gateway.smartcore.pro) at the root, and the PCI DSS host
// (https://chd-api.smartcore.pro) under /pci. Point the client's
// WithBaseURL at the root and WithPCIBaseURL at /pci. As in production,
// the endpoints that carry card data — initPaymentHost2Host, authorize and
// card withdrawals — answer 404 on the gateway host, and every other
// endpoint answers 404 under /pci, so a client configured with the wrong
// host fails here too. The hosted pages live on the gateway host.
//
// Every endpoint requires POST, Basic authentication with the sandbox's
// merchant key and secret (default: the document's "test"/"qwerty"),
// Content-Type application/json and a body under 64 KiB. Bodies are checked
// against the document's request tables, transcribed in the sandbox
// (internal/rules), not with the kit's package validate, so that a kit rule
// stricter than the document shows up in tests instead of being mirrored:
// required fields must be present, non-null and non-empty; a String accepts
// a JSON string or number (the document's own examples send
// customer_zip_code as 121165), a Long a JSON integer, a Boolean true or
// false; payment_method and recur_period take only the values the document
// lists; currency is three letters; recur_exp is an ISO 8601 date or
// date-time, zone optional (none means UTC), or a Long (its table's type)
// as a JSON integer or its digits in a string, taken as milliseconds
// since the Unix epoch (digits that also read as an ISO 8601 basic date,
// such as "20231213", are that date); amounts are whole cents above zero. Formats the
// document does not state (phone, e-mail, country, card number, network)
// are not checked: a wrong card declines, as at the gateway. Fields the
// table does not list are ignored. Answers carry exactly the keys of the document's example answer for the
// endpoint, nulls included. Refused requests get {"status": -1, "err",
// "msg"} with the HTTP statuses listed at [CodeUnauthorized]; a declined
// transaction is not a refused request (200, status -1, code in "msg").
//
// # Test cards
//
//	4012000000003010  CardSuccess            payments succeed frictionless; withdrawals succeed
//	4003830171874018  CardChallenge          payments go through a 3-D Secure challenge, and so do
//	                                         recurrent charges from them; withdrawals fail
//	4000000000009995  CardInsufficientFunds  declined, INSUFFICIENT_FUNDS_PROCESSING_ERROR
//	4000000000000069  CardDoNotHonour        declined, DO_NOT_HONOUR_PROCESSING_ERROR
//	4000000000000119  CardLimit              declined, LIMIT_PROCESSING_ERROR
//	4000000000000002  CardDeclined           declined, EMITTER_DENIAL_PROCESSING_ERROR
//	any other card                           declined, EMITTER_DENIAL_PROCESSING_ERROR
//
// The first two and "any other" are the document's; the three extra decline
// codes are the sandbox's. Every other code of the document's Dictionary,
// with any cascadeErrors, is made to happen on demand: [Sandbox.QueueDecline]
// (POST /test-helpers/declines) fails the next payment matching an amount
// or a card number, or any payment, whatever its card;
// [Sandbox.DeclineWith] fails a payment waiting for its shopper and
// [Sandbox.SettleFailed] a pending operation. cascadeErrors then lists the
// gates given (gatePriority 0, 1, ...: the document's example has three,
// with categories outside the Dictionary), or the code alone. Apple Pay and Google Pay DPANs succeed
// frictionless unless the token's base64 decodes to text containing
// "decline" — except a Google Pay token whose auth method is PAN_ONLY,
// which goes through a 3-D Secure challenge as the document says. The
// sandbox cannot decrypt a token, so it reads the auth method from an
// "authMethod" member anywhere in the decoded token, in JSON nested in its
// strings (signedMessage), or in an encryptedMessage that is the base64 of
// the decrypted payload's JSON ({"paymentMethodDetails": {"authMethod":
// "PAN_ONLY", ...}}); none found counts as CRYPTOGRAM_3DS.
//
// Amounts ending in 77 cents ([PendingCents]: 77, 1077, 5077, ...) make a
// capture, cancel (the authorized amount), refund, recurrent charge or
// withdrawal go pending; see "Timing". A phoneBalance withdrawal succeeds unless the phone is
// PhoneDeclined (PROCESSOR_DENIAL_PROCESSING_ERROR). Any withdrawal above
// the account's payout balance fails with INSUFFICIENT_FUNDS_PROCESSING_ERROR.
// Every card is reported as a Spanish VISA (or by its prefix's brand), as in
// the document's example, and always masked 6+4.
//
// # Flows
//
// Statuses are the document's: 0 waiting for redirect, 1 processing, 2
// success, -1 fail. As in the document's examples, Apple Pay, Google Pay,
// authorize, capture, cancel and withdrawal/tokenize-form answer order_id
// with the sandbox's processing id, and the other endpoints echo the
// merchant's; later requests accept either. An application names the
// transaction in later calls (check, capture, cancel, refund, recurrent,
// token withdrawal) with its own order id, as at the gateway; check's
// order_id is always the merchant's.
//
//   - initPayment (card form, and Mobile Commerce with form_prefilled_phone)
//     answers status 1 and form_url {base}/pay/{id}: a card form whose
//     submission follows the card rules. The challenge card leads to
//     {base}/3ds/{id} with Approve, Decline and Cancel buttons (Decline:
//     AUTHENTICATION_PROCESSING_ERROR, Cancel: 3DS_CANCEL_PROCESSING_ERROR).
//     The browser is then sent (303) to success_url or fail_url, or to the
//     built-in {base}/result/{id} when they are empty.
//   - initPaymentHost2Host with a card answers as the document's example
//     does: the frictionless card gets status 1, form_url {base}/pay/{id}
//     and responseType REDIRECT, and stays processing until the shopper's
//     browser opens form_url, which passes 3-D Secure without a challenge,
//     settles the payment (status 2, callback) and sends the browser (303)
//     to success_url; the final state arrives by callback and check. With
//     Options.SettleImmediately it answers status 2 at once instead. The
//     challenge card answers status 0 with acsurl ({base}/acs/{id}), paReq,
//     md and termUrl ({base}/3ds/return/{id}, which settles and
//     redirects), and form_url {base}/3ds/{id} for clients that only
//     redirect. Wallet DPANs follow the frictionless card (Google Pay
//     PAN_ONLY: status 1 and form_url {base}/3ds/{id}, the challenge).
//   - authorize holds the amount: the frictionless card answers status 1
//     with form_url, and opening it makes the order status 1 with
//     authorize_status AUTHORIZED (at once with SettleImmediately; after
//     3-D Secure for the challenge card). capture, in full or in part
//     (amount is a string of cents), makes it status 2 CAPTURED with
//     finalAmount the captured amount; cancel makes it status -1 CANCELLED.
//     Capturing what is not authorized, twice, or above the authorized
//     amount is refused.
//   - refund returns refund_id and parentTransaction; each refund is a
//     transaction of its own (type Refund, checked by its refund_id, its
//     callback carrying the payment's order id in orderId). Refunds add up
//     to at most what was paid or captured; more is refused and nothing
//     moves.
//   - recurrent charges again, at once, from any successful payment — the
//     document's example sequence uses a parent created with "recurrent":
//     false; Options.RequireRecurrentFlag demands "recurrent": true —, and
//     answers order_id and payment_id; recur_period is stored. A parent
//     paid with CardChallenge makes the charge wait for 3-D Secure: it
//     answers as the document's example does, success true with form_url
//     {base}/3ds/{id} (the request is accepted; no money moves until the
//     challenge is passed there or with [Sandbox.Complete]: check reports
//     status 1 until then, and the shopper returns to the parent's
//     success_url or fail_url).
//   - recurrent honours the parent's recur_exp and recur_freq (set on a
//     host-to-host payment). After recur_exp ("After this date no
//     authorization will be serviced"; a date alone allows its whole day,
//     in UTC), or sooner than recur_freq days ("the minimum number of days
//     between authorizations") after the last charge — the parent's, then
//     each recurrent charge accepted, whether from the parent or from one
//     of its charges —, the charge is declined and no money moves: it is
//     stored failed (check: status -1; a callback says so) and answered as
//     the document's recurrent answer allows, success false with err the
//     code and message saying why. The codes are the document's nearest:
//     VALIDATION_PROCESSING_ERROR ("Data validating error at the gateway
//     level") after recur_exp, since the gateway refuses on terms the
//     merchant set, and CARD_TIME_LIMIT_PROCESSING_ERROR ("Limit on
//     Minimum time between card transactions") before recur_freq days,
//     the document's code for a minimum time between charges of a card.
//     The kit's client returns the answer with a *client.APIError carrying
//     the code. A charge counts from when it is accepted, even if it then
//     waits for 3-D Secure or fails there.
//   - withdrawal/tokenize-form answers form_url {base}/tokenize/{id}, where a
//     card is saved; token withdrawals naming that order id then pay out to
//     it. Card, phone and token withdrawals settle at once, answer
//     processing_order_id, and draw the account's payout balance
//     (withdrawal/balance/get) down.
//   - check reports any transaction by order id, refund id or processing id:
//     status, amounts, masked card with card_holder, card_exp_month and
//     card_exp_year, errorMessage and cascadeErrors on failure, endDate,
//     type (Payment, Refund, Withdrawal, Tokenize), names, authorize_status,
//     rrn and eci (successful card payments), and parentTransaction for
//     refunds, recurrent charges and token withdrawals.
//
// # Timing
//
// What the document says may take time takes time, on Options.Clock (a
// [FakeClock] in tests: advance it instead of sleeping):
//
//   - Pending operations. "Capture operation can return a pending status":
//     a capture, cancel, refund, recurrent charge or withdrawal goes pending
//     when its amount ends in 77 cents ([PendingCents]), or always with
//     Options.Pending. It answers status 1 (refund and recurrent: success
//     false), check reports status 1, and Options.PendingDelay later
//     (default 10s) it settles by the usual rules, with a callback.
//     [Sandbox.Settle] settles one at once.
//   - Expiry. A hosted form (initPayment, tokenize) nobody completes fails
//     after Options.FormTimeout (default 15 minutes) with
//     FORM_TIMEOUT_PROCESSING_ERROR; a 3-D Secure step nobody finishes
//     fails after Options.ThreeDSTimeout (default 10 minutes) with
//     3DS_REDIRECT_TIMEOUT_PROCESSING_ERROR when its page was never opened
//     (a frictionless form_url, an unopened challenge) or
//     3DS_TIMEOUT_PROCESSING_ERROR when the challenge was shown but not
//     answered. Status -1, callback sent. [Sandbox.Complete] with
//     Abandon expires one at once.
//   - Card reuse. With Options.CardTimeLimit, a payment with a card used by
//     another payment less than 60 seconds before ([CardTimeLimit]) is
//     declined with CARD_TIME_LIMIT_PROCESSING_ERROR, the document's rule.
//     Off by default, so that tests may reuse the test cards.
//
// "smartcore sandbox --clock manual" runs on a FakeClock that only POST
// /test-helpers/clock/advance moves, so that expiry can be tested without
// waiting 15 minutes. Everything above then waits for it: forms and 3-D
// Secure steps expire, pending operations settle and callback retries
// fall due only when the clock is moved past them (the card-reuse window
// too).
//
// Tests that have no browser end pending payments with [Sandbox.Complete]
// (a host-to-host payment's form_url included: Approve settles it
// as opening the page does), settle pending operations with
// [Sandbox.Settle], and inspect them with [Sandbox.Order] and
// [Sandbox.Transactions]; or set Options.SettleImmediately. The
// pages are plain HTML forms, usable without JavaScript and free of
// external resources, with ids that browser tests can rely on:
//
//	/pay/{id}       form#card-form (inputs card_holder, card_number, card_exp_month,
//	                card_exp_year, card_cvv), button#pay, p#prefilled-phone;
//	                for a host-to-host payment (its form_url), no page: it
//	                settles the payment and redirects (303) to success_url
//	/3ds/{id}       form#challenge-form: button#approve, button#decline, button#cancel
//	/acs/{id}       the same buttons, posting to the termUrl
//	/tokenize/{id}  form#tokenize-form (inputs card_holder, card_number,
//	                card_exp_month, card_exp_year), button#save
//	/result/{id}    p#result-status (data-status = the status), p#result-error
//
// The hosted payment page works like a test-mode checkout: an order
// summary, a TEST MODE badge, the card number grouped as it is typed with
// its brand, one MM/YY expiry field, messages in plain words under each
// field, and a list of every test card and the decline it causes. "Cancel
// and return" fails the payment with FORM_TIMEOUT_PROCESSING_ERROR and
// sends the shopper to fail_url. The pages work without JavaScript; the one
// inline script runs by its hash in the Content-Security-Policy. A card
// number or security code is never shown again after an error.
//
// # Callbacks
//
// Whenever a transaction becomes successful, failed or authorized, the
// sandbox POSTs a callback to its callback_url: form-encoded, naming the
// merchant's order in orderId (a refund's callback names the refunded
// payment's order, with type Refund; type is Payment, Refund, Withdrawal or
// Tokenize), carrying the
// fields of the document's example (with "null" and "N/A" where it has
// them, the card number masked) plus errorCategory, and signed as the
// document says (HMAC-SHA256 over the values sorted by key, computed by the
// sandbox's own code, not package signing, so that a bug in the kit's
// signing cannot hide on both sides) with the secret. Delivery is
// asynchronous and per order in order; an answer other than 200 (the
// document's "HTTP/1.1 200 OK"; a 204 is not an acknowledgement) or a
// network error is retried after each wait of Options.RetrySchedule, on
// Options.Clock. Redirects are never followed. In
// tests, use a [FakeClock] and [FakeClock.Advance] instead of sleeping, and
// [Sandbox.Flush] to wait until nothing is in flight.
//
// [Sandbox.Deliveries] is the per-order delivery log, which keeps each
// order's last [DeliveryLogLimit] attempts. [Sandbox.Redeliver]
// sends the last callback again, [Sandbox.SendDuplicate] sends its exact
// signed body again (a host must acknowledge it without processing it
// twice), and [Sandbox.SendBadSignature] sends it with a wrong signature
// (a host must reject it).
//
// Callbacks only ever go to loopback. By default a callback_url whose host
// is not 127.0.0.0/8, ::1 or "localhost" is not contacted at all — it is
// recorded in the delivery log as refused ([ErrHostNotAllowed]) — and the
// default HTTP client's dialer refuses any non-loopback address besides.
// The document's own examples use https://site.com/callback: a sandbox must
// never turn a test run into requests to someone else's server.
// Options.AllowCallbackHost changes the rule, deliberately.
//
// # Hosted pages
//
// The payment form, the 3-D Secure challenge and the payout card form name
// the merchant by Options.MerchantName (`smartcore sandbox
// --merchant-name`), else by the host of the order's merchant_site, and
// speak the shopper's words: no error code and none of the document's
// descriptions, which the dashboard shows. A refused card form answers 303
// to its own page with ?e=TOKEN, which shows the messages next to the
// fields (post, redirect, get: Back never asks to resubmit a form); the
// messages, the holder and the expiry are kept on the server under the
// random token for 15 minutes, the card number and the security code
// never. A shopper's cancel is shown as "Payment cancelled", with the way
// back to the merchant.
//
// # Dashboard
//
// The root of the handler (the gateway host's "/", beside the API and the
// hosted pages) is a dashboard for the developer watching an integration.
// GET / lists the newest 100 transactions, newest first, filtered by
// ?status= (waiting, authorized, succeeded, failed, cancelled, expired:
// each status badge reads its filter's word, then the details) and ?type=
// (Payment, Refund, Withdrawal, Tokenize); /transactions/{id}, by
// processing id, shows one: its summary (the card holder and the customer
// labelled as such), the requests, state changes and the shopper's steps
// on the hosted pages that made it (card form submissions, refused or
// taken, the 3-D Secure challenge and its answer), and its callback
// attempts with the host's answers. A payment the shopper cancelled, on
// the card form or at 3-D Secure, is "Cancelled", not "Expired", though
// the form's cancel fails with the form timeout's code: the journal tells
// them apart, for the orders it still keeps. Its buttons do what
// the Go API does: resend the last callback ([Sandbox.Redeliver]), send it
// again unchanged ([Sandbox.SendDuplicate]) or with a wrong signature
// ([Sandbox.SendBadSignature]), approve or decline a waiting 3-D Secure
// step, expire a waiting form or 3-D Secure step with the document's
// timeout code ([Sandbox.Complete]), and settle a pending operation
// ([Sandbox.Settle]). The buttons check nothing of their own: they call
// those methods, as the control API does, so the two cannot disagree.
// The footer links to the control API's page.
//
// The pages are plain server-rendered HTML with no JavaScript at all (a
// Content-Security-Policy forbids it); they reload every 3 seconds with a
// meta refresh unless ?pause=1. Actions are POST only, taken with the
// pages' buttons, and refused (403) when the browser says they come from
// another site ([net/http.CrossOriginProtection]), so that no other web
// page can trigger them; a request naming another Host is refused (421;
// see "Safe by default"). Like the hosted pages, the dashboard asks for no
// credentials on loopback; with Options.Remote it requires the merchant's
// Basic credentials and hides the hosts' answers (errors by class only). Card numbers appear masked,
// as the sandbox stores them. Looking at a transaction is not a use of it
// (see "Retention"); its buttons are.
//
// # Control API
//
// Every sandbox serves a JSON control API under /test-helpers/ on the
// gateway host (/pci/test-helpers/ is a 404), so that a suite in any
// language (Playwright, pytest, Jest, a mobile team's) can do what the Go
// API and the dashboard do, with plain HTTP. It requires the merchant's
// Basic credentials (401 without), answers JSON, and refuses a POST
// without Content-Type application/json (415); an empty body is {}, an
// unknown member is refused. {order_id} is what [Sandbox.Order] accepts
// (order id, refund_id or processing id), percent-encoded:
//
//	GET    /test-helpers/orders/{order_id}            status, stage, amounts, error_code and cascade,
//	                                                  refunds, every callback attempt (time, URL,
//	                                                  HTTP status, latency)
//	POST   /test-helpers/orders/{order_id}/complete   {"action": "approve"|"decline"|"cancel"|"abandon",
//	                                                  "code": ..., "cascade": [...]}  (Complete, DeclineWith)
//	POST   /test-helpers/orders/{order_id}/settle     {"outcome": "success"|"fail", "code", "cascade"},
//	                                                  all optional  (Settle, SettleFailed)
//	POST   /test-helpers/declines                     {"code", "cascade", "amount", "card_number"}  (QueueDecline)
//	POST   /test-helpers/orders/{order_id}/callbacks  {"kind": "resend"|"duplicate"|"bad_signature"}
//	POST   /test-helpers/faults                       {"kind": "server_error"|"slow"|"lost_response",
//	                                                  "endpoint", "order_id", "times", "delay_ms",
//	                                                  "status_code"}  (InjectFault)
//	DELETE /test-helpers/faults                       (ClearFaults)
//	POST   /test-helpers/clock/advance                {"seconds": N}: moves a FakeClock (--clock manual)
//
// "code" is any of the document's transaction error codes; "cascade" one
// error category per gate, any strings. A decline's "card_number" may have
// spaces and dashes, which are dropped; what is left must be 12 to 19
// digits (400 otherwise). At most [MaxFaults] faults are injected at once
// (400 beyond, as past [MaxQueuedDeclines] declines); a fault's "endpoint"
// must be one of the API's paths (such as "/capture", without /pci) and
// its "order_id" at most 255 bytes. With Options.Remote a callback
// attempt's "error" is the class of the failure only (see "Safe by
// default"). A state change answers the transaction as GET does, once the
// callbacks it caused were attempted (at most 2 s). Errors are {"error":
// {"code": ..., "message": ...}} with the stable codes unauthorized,
// not_found, method_not_allowed, unsupported_media_type, too_large,
// bad_request, unknown_order, not_pending, no_callback, unknown_action,
// unknown_error_code and clock_not_manual. GET /test-helpers/ is a page
// describing the API, for people, linked from the dashboard; it needs no
// credentials.
//
// # Retention
//
// The store is bounded, so that a long-running "smartcore sandbox" does not
// grow with every order, and it never stops taking orders: it holds at most
// Options.MaxTransactions transactions (default [DefaultMaxTransactions],
// 100,000), refunds and withdrawals included, and a new transaction in a
// full store first evicts the least recently used one, whatever its state —
// pending, authorized, refundable, a recurrent parent, a saved token. A
// transaction is used when it is created and whenever a request, a hosted
// page or a Go call names it: check, capture, cancel, refund and recurrent
// (its parent), a token withdrawal (its tokenize form), [Sandbox.Order],
// [Sandbox.Complete], [Sandbox.Redeliver] and the like. [Sandbox.Transactions]
// and [Sandbox.Deliveries] are not uses.
//
// Eviction forgets the transaction entirely: its order id (or refund id),
// its processing id, its delivery log and any callback still queued or
// waiting for a retry (an attempt in flight finishes but is not recorded).
// check, capture, cancel, refund, recurrent and token withdrawals then
// answer 404 ORDER_NOT_FOUND with a message saying the order was evicted,
// its hosted pages 404, [Sandbox.Order] reports false, [Sandbox.Complete]
// and [Sandbox.Redeliver] return ErrUnknownOrder, [Sandbox.Deliveries]
// returns nil, and the order id may be used again by a new order. A refund
// or recurrent charge outliving its parent keeps its parentTransaction.
// Payout balances are per account, not per transaction, and are kept.
//
// To say "evicted" the sandbox remembers the ids of recent evictions in a
// Bloom filter of two generations: at least the last MaxTransactions
// evictions (1,024 at least), in about 15 bytes each. An id older than
// that gets the plain not-found message, and an id never seen is reported
// evicted with a probability of about two in a million.
//
// A stored transaction costs about 1.4 KB of heap (at most 1,536 bytes,
// which a test holds), its callback and delivery log included: the default
// bound is about 140 MB. Values that repeat across orders (account,
// currency, site, URLs, customer names, purpose, the masked card) are kept
// once.
//
// # Faults
//
// [Sandbox.InjectFault] makes matching requests (by endpoint and order id,
// a number of times or until [Sandbox.ClearFaults]) fail the way networks
// and gateways do: FaultServerError answers 5xx without processing,
// FaultSlow delays the answer (honouring the client's context), and
// FaultLostResponse processes the request and then drops the connection,
// so the client reports client.ErrOutcomeUnknown and the host must
// reconcile with check.
package sandbox
