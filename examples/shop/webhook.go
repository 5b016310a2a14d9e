package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

// webhookHandler returns the handler of POST /webhooks/smartcore: the kit
// verifies each callback's signature with secret before any of the shop's
// code runs, and its MemoryDeduplicator acknowledges a redelivered callback
// (same type, order and status) without handing it over again, so the
// order history shows each status change once.
//
// Only payment callbacks are routed; the Router acknowledges every other
// type (refunds, withdrawals), which this shop never starts.
func (s *shop) webhookHandler(secret string) (http.Handler, error) {
	var router webhook.Router
	router.HandleFunc(smartcore.TypePayment, webhook.AnyOutcome, s.onPaymentCallback)
	return webhook.New(&router, webhook.Options{
		Secrets:      []string{secret},
		Deduplicator: &webhook.MemoryDeduplicator{},
		Logger:       s.log,
	})
}

// onPaymentCallback records a payment callback on its order and settles
// the order from it. It never returns an error: an error answers 500 and
// the gateway retries, which helps only with a failure that may pass. A
// callback for an order this shop does not know (one made before a restart
// of this in-memory shop) is logged and acknowledged, since retrying it
// cannot make the order appear.
func (s *shop) onPaymentCallback(ctx context.Context, cb *smartcore.Callback) error {
	o, ok := s.store.applyCallback(cb)
	if !ok {
		s.log.WarnContext(ctx, "shop: callback for an unknown order acknowledged",
			slog.String("order_id", cb.OrderID), slog.String("status", cb.Status.String()))
		return nil
	}
	last := o.Callbacks[len(o.Callbacks)-1]
	s.log.InfoContext(ctx, "shop: callback processed", slog.String("order_id", o.ID),
		slog.String("status", cb.Status.String()), slog.String("effect", last.Effect))
	return nil
}
