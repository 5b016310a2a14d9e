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
	AnyOutcome Outcome = iota // every status
	Succeeded                 // status 2
	Failed                    // status -1
	Pending                   // status 0 or 1: not final yet
)

// AnyType matches every transaction type in [Router.Handle].
const AnyType smartcore.TransactionType = ""

func outcomeOf(s smartcore.Status) Outcome {
	switch s {
	case smartcore.StatusSuccess:
		return Succeeded
	case smartcore.StatusFail:
		return Failed
	}
	return Pending
}

// Router is a [CallbackHandler] that dispatches callbacks by transaction
// type and outcome. The most specific route wins: type and outcome, then
// type with AnyOutcome, then AnyType with the outcome, then AnyType with
// AnyOutcome, then Fallback. A callback that matches nothing is acknowledged
// (nil): the application registered no interest in it, and an error would
// make the gateway retry it forever. Set Fallback to change that.
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
// A nil h removes the route.
func (rt *Router) Handle(typ smartcore.TransactionType, o Outcome, h CallbackHandler) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.routes == nil {
		rt.routes = make(map[routeKey]CallbackHandler)
	}
	if h == nil {
		delete(rt.routes, routeKey{typ, o})
		return
	}
	rt.routes[routeKey{typ, o}] = h
}

// HandleFunc registers a function; see Handle.
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
