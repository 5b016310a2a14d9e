// Package reconcile brings every order to its final state when its
// callbacks do not: the gateway gave up retrying, a firewall dropped them,
// the host was down, or a payment call ended in client.ErrOutcomeUnknown.
//
// A [Reconciler] asks the host's [Store] which orders are still not final
// some time (Options.Age) after they were created, asks the gateway about
// each with check (through the application's *client.Client, so under
// its rate limit), and hands every final state (status 2 or -1) to the
// same webhook.CallbackHandler or *webhook.Router the callbacks go to, as a
// *smartcore.Callback built from the check answer ([CallbackFromCheck]).
// [FromReconciliation] tells the handler that a callback came this way.
// An order still pending is checked again later, with exponential backoff;
// a handler error leaves it pending, to be delivered again on a later pass.
//
// # Exactly once, across both paths
//
// A final state must be processed once whether the callback arrives, the
// reconciler finds it, or both happen at the same moment on different
// replicas. Both paths therefore claim the same key in the same
// dedup.Deduplicator: KeyNew is processed then completed (released on
// failure), KeyInFlight is left to the delivery that holds it (the webhook
// answers the gateway 409 so that it retries; the reconciler checks again
// after MinBackoff), and a key found done goes by the webhook's one rule,
// webhook.Classify. Their default key is the same, webhook.IdempotencyKey,
// which names a final state by type, order id and status, so nothing but
// the Deduplicator is set:
//
//	d := &dedup.Memory{} // a shared one (redisdedup, sqldedup) with several replicas
//	hook, err := webhook.New(router, webhook.Options{Secrets: []string{secret}, Deduplicator: d})
//	rec, err := reconcile.New(reconcile.Options{
//		Checker: client, Handler: router, Store: orders, Deduplicator: d,
//	})
//	go rec.Run(ctx)
//
// (A custom webhook.Options.DedupKey must be given as Options.Key too.) An
// application whose handler is dedup/sqldedup's Transactional hands the
// same Transactional to webhook.New and to Options.Handler: its table then
// de-duplicates both paths, in the application's own transaction.
//
// A check answer carries the transaction's type; the callback may not (the
// document makes it optional). A reconciled Payment or Withdrawal state
// whose typed callback was processed is skipped (Duplicate). One whose
// callback came without a type, which may have been that state or a full
// refund of the same order, is delivered flagged (webhook.RepeatFromContext),
// never dropped and never as new; so is any state of another type already
// processed (a Refund: two refunds of one amount look the same). The
// application recognises what it recorded, as it does for a flagged
// callback. The same holds for every final state when no Deduplicator is
// set.
//
// The reconciler also settles what a flagged callback leaves ambiguous: a
// Store that lists the orders whose records hold a refund still pending
// (or Resolve for one order) has each checked, and the final state the
// gateway reports is delivered through the same handler.
//
// # Outcome unknown
//
// When a payment call returns client.ErrOutcomeUnknown, the request may
// or may not have been processed. [Reconciler.Resolve] checks the order
// until it is final (or ctx ends) and delivers its final state through the
// same path; [Reconciler.Watch] leaves that to the next pass instead.
// Resolve returns an error wrapping [ErrNotFound] when the gateway does not
// know the order. After ErrOutcomeUnknown that usually means the request
// never arrived, so sending it again under the same order_id is safe; but a
// client pointed at a wrong base URL gets 404 too, so make sure of the
// configuration first.
//
// # Running it
//
// [Reconciler.Run] runs a pass every Options.Interval; [Reconciler.Once]
// runs one and returns its [Result], for tests and cron-style jobs. Each
// replica may run one: the Deduplicator keeps deliveries single, but every
// replica then checks every order, so running it on one replica (or giving
// each replica's Store a share of the orders) saves checks.
//
// # In production
//
// The [Store] lists the ids of orders not final in the application's
// records and created before q.OlderThan, in a stable order, starting after
// q.After (the previous page's last id), at most q.Limit of them: one
// indexed SQL query (see Store). Orders are left to their callbacks for
// Options.Age (default 10 minutes) and then checked under the client's
// rate limit (client.WithRateLimit), with a backoff from Options.MinBackoff
// (30 s) to Options.MaxBackoff (30 minutes) while they stay pending. Give
// the reconciler the Deduplicator the webhook handler uses, shared by every
// replica (see package dedup), with the default key on both; without a
// shared Deduplicator, make the handler idempotent by order id and status.
package reconcile
