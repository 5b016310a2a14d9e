package webhook

import (
	"context"
	"sync"

	"github.com/smartcorekit/smartcore"
)

// Outcome groups callback statuses for routing.
type Outcome int

// Outcomes a route can match.
const (
	AnyOutcome Outcome = iota // every status, the unknown ones included
	Succeeded                 // status 2
	Failed                    // status -1
	Pending                   // status 0 or 1: not final yet
	// Unknown is a status outside -1..2, which the document does not
	// define: neither final nor known to be pending, it matches only
	// routes registered for Unknown or for AnyOutcome.
	Unknown
)

// AnyType matches every transaction type in [Router.Handle].
const AnyType smartcore.TransactionType = ""

func outcomeOf(s smartcore.Status) Outcome {
	switch s {
	case smartcore.StatusSuccess:
		return Succeeded
	case smartcore.StatusFail:
		return Failed
	case smartcore.StatusWaitingRedirect, smartcore.StatusProcessing:
		return Pending
	}
	return Unknown
}

// Router is a [CallbackHandler] that dispatches callbacks by transaction
// type and outcome. The most specific route wins: type and outcome, then
// type with AnyOutcome, then AnyType with the outcome, then AnyType with
// AnyOutcome, then Fallback. A callback that matches nothing is acknowledged
// (nil): the application registered no interest in it, and an error would
// make the gateway retry it forever. Set Fallback to change that.
//
// A status the document does not define (outside -1..2) has the outcome
// [Unknown]: it never reaches a Succeeded, Failed or Pending route, only an
// Unknown or AnyOutcome route or Fallback, so that a new status cannot be
// taken for a payment, a failure or a wait.
//
// The document makes type optional in a callback, and a callback without
// one matches only AnyType routes: a router with routes for TypePayment
// alone acknowledges such a payment callback unread. Route what must not
// be missed on AnyType, and tell the types apart inside when cb.Type is
// set.
//
// The zero value is an empty router ready to use. Routes may be added while
// it serves.
type Router struct {
	// Fallback handles callbacks no route matches; nil acknowledges them.
	Fallback CallbackHandler

	mu     sync.RWMutex
	routes map[routeKey]CallbackHandler
}

type routeKey struct {
	typ     smartcore.TransactionType
	outcome Outcome
}

// Handle registers h for callbacks of type typ (AnyType for all) with
// outcome o. A later registration for the same pair replaces the earlier.
// A nil h (or a typed nil such as CallbackHandlerFunc(nil)) removes the
// route.
func (rt *Router) Handle(typ smartcore.TransactionType, o Outcome, h CallbackHandler) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.routes == nil {
		rt.routes = make(map[routeKey]CallbackHandler)
	}
	if isNil(h) {
		delete(rt.routes, routeKey{typ, o})
		return
	}
	rt.routes[routeKey{typ, o}] = h
}

// HandleFunc registers a function; see Handle. A nil f removes the route,
// as a nil handler does.
func (rt *Router) HandleFunc(typ smartcore.TransactionType, o Outcome, f func(context.Context, *smartcore.Callback) error) {
	rt.Handle(typ, o, CallbackHandlerFunc(f))
}

// HandleCallback dispatches cb to the most specific matching route and
// returns its error.
func (rt *Router) HandleCallback(ctx context.Context, cb *smartcore.Callback) error {
	if h := rt.match(cb); h != nil {
		return h.HandleCallback(ctx, cb)
	}
	return nil
}

func (rt *Router) match(cb *smartcore.Callback) CallbackHandler {
	o := outcomeOf(cb.Status)
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	for _, k := range [...]routeKey{{cb.Type, o}, {cb.Type, AnyOutcome}, {AnyType, o}, {AnyType, AnyOutcome}} {
		if h, ok := rt.routes[k]; ok {
			return h
		}
	}
	return rt.Fallback
}
