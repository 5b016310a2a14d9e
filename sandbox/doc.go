// Package sandbox is an in-process emulator of the SmartCore payment
// gateway, for tests and demos that cannot reach the real one. Unlike a
// stateless mock it keeps transactions, knows the document's test cards,
// serves the hosted payment, 3-D Secure and tokenize pages, and sends
// signed callbacks with retries — all in memory, one store per [Sandbox],
// so parallel tests never share state.
//
// In a test:
//
//	srv := sandbox.NewServer(t)                 // httptest server, closed by t.Cleanup
//	res, err := srv.Client.PayCard(ctx, req)    // the kit's client, already configured
//	srv.Complete(req.OrderID, sandbox.OutcomeSuccess)
//	srv.Flush(ctx)                              // wait for the callbacks
//
// From the shell, "smartcore sandbox" serves one on 127.0.0.1:8090.
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
// Content-Type application/json and a body under 64 KiB. Bodies are decoded
// into the kit's request types, leniently as the document's curl examples
// need (numbers in string fields), and checked with package validate.
// Answers carry exactly the keys of the document's example answer for the
// endpoint, nulls included. Refused requests get {"status": -1, "err",
// "msg"} with the HTTP statuses listed at [CodeUnauthorized]; a declined
// transaction is not a refused request (200, status -1, code in "msg").
//
// # Test cards
//
//	4012000000003010  CardSuccess            payments succeed frictionless; withdrawals succeed
//	4003830171874018  CardChallenge          payments go through a 3-D Secure challenge; withdrawals fail
//	4000000000009995  CardInsufficientFunds  declined, INSUFFICIENT_FUNDS_PROCESSING_ERROR
//	4000000000000069  CardDoNotHonour        declined, DO_NOT_HONOUR_PROCESSING_ERROR
//	4000000000000119  CardLimit              declined, LIMIT_PROCESSING_ERROR
//	any other card                           declined, EMITTER_DENIAL_PROCESSING_ERROR
//
// The first two and "any other" are the document's; the three extra decline
// codes are the sandbox's. Apple Pay and Google Pay DPANs succeed
// frictionless unless the token's base64 decodes to text containing
// "decline". A phoneBalance withdrawal succeeds unless the phone is
// PhoneDeclined (PROCESSOR_DENIAL_PROCESSING_ERROR). Any withdrawal above
// the account's payout balance fails with INSUFFICIENT_FUNDS_PROCESSING_ERROR.
// Every card is reported as a Spanish VISA (or by its prefix's brand), as in
// the document's example, and always masked 6+4.
//
// # Flows
//
// Statuses are the document's: 0 waiting for redirect, 1 processing, 2
// success, -1 fail.
//
//   - initPayment (card form, and Mobile Commerce with form_prefilled_phone)
//     answers status 1 and form_url {base}/pay/{id}: a card form whose
//     submission follows the card rules. The challenge card leads to
//     {base}/3ds/{id} with Approve, Decline and Cancel buttons (Decline:
//     AUTHENTICATION_PROCESSING_ERROR, Cancel: 3DS_CANCEL_PROCESSING_ERROR).
//     The browser is then sent (303) to success_url or fail_url, or to the
//     built-in {base}/result/{id} when they are empty.
//   - initPaymentHost2Host with a card: the frictionless card answers status
//     2 at once; the challenge card answers status 0 with acsurl
//     ({base}/acs/{id}), paReq, md and termUrl ({base}/3ds/return/{id},
//     which settles and redirects), and form_url {base}/3ds/{id} for clients
//     that only redirect. Wallet DPANs settle at once.
//   - authorize holds the amount: status 1 with authorize_status AUTHORIZED
//     (after 3-D Secure for the challenge card). capture, in full or in part
//     (amount is a string of cents), makes it status 2 CAPTURED with
//     finalAmount the captured amount; cancel makes it status -1 CANCELLED.
//     Capturing what is not authorized, twice, or above the authorized
//     amount is refused.
//   - refund returns refund_id and parentTransaction; each refund is a
//     transaction of its own (type Refund, checked by its refund_id). Refunds
//     add up to at most what was paid or captured; more is refused and
//     nothing moves.
//   - recurrent charges again, at once, from a successful payment created
//     with recurrent: true; recur_period is stored.
//   - withdrawal/tokenize-form answers form_url {base}/tokenize/{id}, where a
//     card is saved; token withdrawals naming that order id then pay out to
//     it. Card, phone and token withdrawals settle at once and draw the
//     account's payout balance (withdrawal/balance/get) down.
//   - check reports any transaction by order id, refund id or processing id:
//     status, amounts, masked card, errorMessage and cascadeErrors on
//     failure, endDate, type (Payment, Refund, Withdrawal, Tokenize),
//     names, authorize_status, and parentTransaction for refunds, recurrent
//     charges and token withdrawals.
//
// Tests that have no browser end pending payments with [Sandbox.Complete]
// and inspect them with [Sandbox.Order] and [Sandbox.Transactions]. The
// pages are plain HTML forms, usable without JavaScript and free of
// external resources, with ids that browser tests can rely on:
//
//	/pay/{id}       form#card-form (inputs card_holder, card_number, card_exp_month,
//	                card_exp_year, card_cvv), button#pay, p#prefilled-phone
//	/3ds/{id}       form#challenge-form: button#approve, button#decline, button#cancel
//	/acs/{id}       the same buttons, posting to the termUrl
//	/tokenize/{id}  form#tokenize-form (inputs card_holder, card_number,
//	                card_exp_month, card_exp_year), button#save
//	/result/{id}    p#result-status (data-status = the status), p#result-error
//
// # Callbacks
//
// Whenever a transaction becomes successful, failed or authorized, the
// sandbox POSTs a callback to its callback_url: form-encoded, carrying the
// fields of the document's example (with "null" and "N/A" where it has
// them, the card number masked) plus errorCategory, and signed as the
// document says (HMAC-SHA256 over the values sorted by key, package
// signing) with the secret. Delivery is asynchronous and per order in
// order; a non-2xx answer or a network error is retried after each wait of
// Options.RetrySchedule, on Options.Clock. Redirects are never followed. In
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
// # Retention
//
// The store is bounded, so that a long-running "smartcore sandbox" does not
// grow with every order: it holds at most Options.MaxTransactions
// transactions (default [DefaultMaxTransactions], 100,000), refunds and
// withdrawals included. When it is full, a new transaction first evicts
// the oldest (by creation) transaction that is evictable:
//
//   - final: status 2 or -1 (so never one waiting for a customer or for
//     3-D Secure, nor an authorization awaiting capture or cancel);
//   - not pinned: a successful payment is kept while something is left to
//     refund (finalAmount > 0) and, if created with recurrent: true, for as
//     long as it is held (it is the parent of future recurrent charges); a
//     successful tokenize form is kept (future token withdrawals use its
//     card). Declined payments and withdrawals, cancelled authorizations,
//     fully refunded payments, refunds and withdrawals are never pinned;
//   - no callback delivery queued, in flight or waiting for a retry.
//
// Eviction forgets the transaction entirely: its order id (or refund id),
// its processing id and its delivery log. check, capture, cancel, refund,
// recurrent and token withdrawals then answer 404 ORDER_NOT_FOUND for it,
// its hosted pages 404, [Sandbox.Order] reports false, [Sandbox.Complete]
// and [Sandbox.Redeliver] return ErrUnknownOrder, [Sandbox.Deliveries]
// returns nil, and the order id may be used again by a new order. A refund
// or recurrent charge outliving its parent keeps its parentTransaction.
// Payout balances are per account, not per transaction, and are kept.
//
// When the store is full and nothing is evictable, the sandbox does not
// grow: every request that would create a transaction (a payment,
// authorize, refund, recurrent charge, withdrawal or tokenize form) is
// refused with 503 STORE_FULL ([CodeStoreFull]) and nothing happens, until
// a transaction becomes evictable (it settles, is refunded in full, its
// callbacks are delivered or given up). Raise MaxTransactions when a
// session keeps more payments refundable than that.
//
// # Faults
//
// [Sandbox.InjectFault] makes matching requests (by endpoint and order id,
// a number of times or until [Sandbox.ClearFaults]) fail the way networks
// and gateways do: FaultServerError answers 5xx without processing,
// FaultSlow delays the answer (honouring the client's context), and
// FaultLostResponse processes the request and then drops the connection,
// so the client reports smartcore.ErrOutcomeUnknown and the host must
// reconcile with check.
package sandbox
