package checkout

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/clientip"
)

// contextKey is unexported so that only this package writes these values.
type contextKey int

const (
	orderKey contextKey = iota
	jsonKey
)

// OrderFromContext returns the order part of the payment being made — the
// account, amount, currency, order_id and purpose Build returned — and
// false before Build ran. It carries no customer or card data, so it is
// safe to log; error handlers use it to say which order failed.
func OrderFromContext(ctx context.Context) (smartcore.Order, bool) {
	o, ok := ctx.Value(orderKey).(smartcore.Order)
	return o, ok
}

func withClientIP(r *http.Request, a netip.Addr) *http.Request {
	return r.WithContext(clientip.NewContext(r.Context(), a))
}

func withOrder(r *http.Request, o smartcore.Order) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), orderKey, o))
}

// withJSONErrors marks a request whose errors must be answered in JSON
// whatever its Accept header says: the wallet handler's caller is a script.
func withJSONErrors(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), jsonKey, true))
}
