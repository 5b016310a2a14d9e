package shop

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
)

// webhookHandler returns the handler of POST /webhooks/smartcore: the kit
// verifies each callback's signature with secret before any of the shop's
// code runs, and its dedup.Memory acknowledges a certain redelivery (a
// Payment's final status again) without handing it over again. A callback
// the protocol cannot tell from a second event (one without a type, as
// the document allows) is handed over flagged (webhook.RepeatFromContext):
// the order's history records it as a possible repeat, and the order, once
// settled, does not move again.
//
// Every type is routed to the shop: the document makes type optional in a
// callback, so a payment callback may come without one, and a route for
// TypePayment alone would let it be acknowledged unread. The handler skips
// the types this shop never starts (refunds, withdrawals).
func (s *Shop) webhookHandler(secret string) (http.Handler, error) {
	var router webhook.Router
	router.HandleFunc(webhook.AnyType, webhook.AnyOutcome, s.onPaymentCallback)
	return webhook.New(&router, webhook.Options{
		Secrets:      []string{secret},
		Deduplicator: &dedup.Memory{},
		Logger:       s.log,
	})
}

// onPaymentCallback records a payment callback on its order and settles
// the order from it. It never returns an error: an error answers 500 and
// the gateway retries, which helps only with a failure that may pass. A
// callback for an order this shop does not know (one made before a restart
// of this in-memory shop) is logged and acknowledged, since retrying it
// cannot make the order appear.
//
// A success whose amount was not sent (null or absent, which the document
// allows) cannot be held to the order's price, so the order is settled
// from Check instead, as its return page does.
func (s *Shop) onPaymentCallback(ctx context.Context, cb *smartcore.Callback) error {
	if cb.Type != "" && cb.Type != smartcore.TypePayment {
		return nil // not a payment: this shop starts none
	}
	if cb.Status == smartcore.StatusSuccess && cb.AmountUnknown {
		if o, ok := s.store.get(cb.OrderID); ok {
			o = s.reconcile(ctx, o)
			s.log.InfoContext(ctx, "shop: success without an amount, settled from check",
				slog.String("order_id", cb.OrderID), slog.String("status", string(o.Status)))
			if !o.Status.Final() {
				// Check did not settle it: the gateway retries, and the
				// order is not acknowledged as seen.
				return errors.New("shop: success without an amount, and check did not confirm it")
			}
			return nil
		}
	}
	o, ok := s.store.applyCallback(cb, webhook.RepeatFromContext(ctx))
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
