// Package reconcile brings every order to its final state when its
// callbacks do not: the gateway gave up retrying, a firewall dropped them,
// the host was down, or a payment call ended in smartcore.ErrOutcomeUnknown.
//
// A [Reconciler] asks the host's [Store] which orders are still not final
// some time (Options.Age) after they were created, asks the gateway about
// each with check (through the application's *smartcore.Client, so under
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
// failure), KeyDone is skipped, KeyInFlight is left to the delivery that
// holds it (the webhook answers the gateway 409 so that it retries; the
// reconciler checks again after MinBackoff). The webhook's default key
// hashes every signed value, which a check answer cannot reproduce, so both
// sides use [StateKey], which names a final state by type, order id and
// status:
//
//	d := &dedup.Memory{} // a shared one with several replicas
//	hook, err := webhook.New(router, webhook.Options{
//		Secrets: []string{secret}, Deduplicator: d, DedupKey: reconcile.StateKey,
//	})
//	rec, err := reconcile.New(reconcile.Options{
//		Checker: client, Handler: router, Store: orders, Deduplicator: d,
//	})
//	go rec.Run(ctx)
//
// An application whose handler is dedup/sqldedup's Transactional gives it
// Key: reconcile.StateKey and hands the same Transactional to webhook.New
// and to Options.Handler: its table then de-duplicates both paths, in the
// application's own transaction.
//
// StateKey cannot name a refund (several refunds of one order may each be
// final) or a callback without a type: those keep the webhook's signed-value
// key, so a refund reconciled and a refund callback are not de-duplicated
// against each other. The application must recognise a refund it already
// recorded, for instance by updating only a refund still pending in its
// records. The same holds for every final state when no Deduplicator is
// set.
//
// # Outcome unknown
//
// When a payment call returns smartcore.ErrOutcomeUnknown, the request may
// or may not have been processed. [Reconciler.Resolve] checks the order
// until it is final (or ctx ends) and delivers its final state through the
// same path; [Reconciler.Watch] leaves that to the next pass instead.
// Resolve returns an error wrapping [ErrNotFound] when the gateway does not
// know the order.
//
// # Running it
//
// [Reconciler.Run] runs a pass every Options.Interval; [Reconciler.Once]
// runs one and returns its [Result], for tests and cron-style jobs. Each
// replica may run one: the Deduplicator keeps deliveries single, but every
// replica then checks every order, so running it on one replica (or giving
// each replica's Store a share of the orders) saves checks.
package reconcile
