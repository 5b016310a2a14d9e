package sandbox

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// FaultKind is the kind of failure [Sandbox.InjectFault] simulates.
type FaultKind int

// The injectable faults.
const (
	// FaultServerError answers with an HTTP 5xx (Fault.StatusCode, default
	// 500) and err TECHNICAL_PROCESSING_ERROR, without processing the
	// request: nothing changes in the sandbox.
	FaultServerError FaultKind = iota + 1
	// FaultSlow waits Fault.Delay before processing the request. The wait
	// is real time, not the sandbox clock, because what it exercises is
	// the client's own timeouts; if the request's context ends first (the
	// client gave up), the request is dropped unprocessed.
	FaultSlow
	// FaultLostResponse processes the request, then aborts the connection
	// instead of answering: the change happened but the client sees a
	// transport error (the kit's client reports ErrOutcomeUnknown), so a
	// host can test reconciling with check.
	FaultLostResponse
)

// String returns "server-error", "slow", "lost-response" or "FaultKind(N)".
func (k FaultKind) String() string {
	switch k {
	case FaultServerError:
		return "server-error"
	case FaultSlow:
		return "slow"
	case FaultLostResponse:
		return "lost-response"
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault describes a failure to inject into matching API requests. A
// request matches when both OrderID and Endpoint match; faults apply after
// the request passed authentication and validation, so the order id is
// known.
type Fault struct {
	// OrderID limits the fault to requests whose order_id is this (for
	// refund: the refunded order's; for balance: never). "" matches any
	// request. The document sets no length on order_id; a fault takes one
	// of at most 255 bytes.
	OrderID string
	// Endpoint limits the fault to one endpoint, by its path without the
	// /pci prefix ("/capture", "/withdrawal/init"; the leading "/" may be
	// left out), one of the document's API paths that the sandbox serves.
	// "" matches every endpoint.
	Endpoint string
	Kind     FaultKind // the failure to simulate
	// Delay is FaultSlow's wait; it must be positive for that kind.
	Delay time.Duration
	// Times is how many matching requests the fault applies to; 0 means
	// every one until ClearFaults.
	Times int
	// StatusCode is FaultServerError's status (500 to 599); 0 means 500.
	StatusCode int
}

// MaxFaults bounds the faults injected at once ([Sandbox.InjectFault]);
// every API request looks through them.
const MaxFaults = 1000

// maxFaultOrderID bounds a Fault's OrderID, in bytes.
const maxFaultOrderID = 255

type faultRule struct {
	Fault
	left int // remaining applications; -1 for unlimited
}

// InjectFault adds a fault. When several match a request, the oldest one
// applies; one whose Times are used up is removed. It returns an error,
// adding nothing, for an unknown kind, a negative Times, a FaultSlow
// without a positive Delay, a StatusCode outside 500-599, an Endpoint that
// is not an API path or an OrderID longer than 255 bytes, and when
// [MaxFaults] are already injected.
func (s *Sandbox) InjectFault(f Fault) error {
	if f.Endpoint != "" && !strings.HasPrefix(f.Endpoint, "/") {
		f.Endpoint = "/" + f.Endpoint
	}
	switch {
	case f.Kind < FaultServerError || f.Kind > FaultLostResponse:
		return fmt.Errorf("sandbox: InjectFault: unknown kind %v", f.Kind)
	case f.Times < 0:
		return fmt.Errorf("sandbox: InjectFault: negative Times %d", f.Times)
	case f.Kind == FaultSlow && f.Delay <= 0:
		return fmt.Errorf("sandbox: InjectFault: FaultSlow needs a positive Delay")
	case f.StatusCode != 0 && (f.StatusCode < 500 || f.StatusCode > 599):
		return fmt.Errorf("sandbox: InjectFault: StatusCode %d is not a 5xx", f.StatusCode)
	case f.Endpoint != "" && s.api[f.Endpoint].serve == nil:
		return fmt.Errorf("sandbox: InjectFault: Endpoint is not one of the API's paths (without /pci): %s",
			strings.Join(slices.Sorted(maps.Keys(s.api)), ", "))
	case len(f.OrderID) > maxFaultOrderID:
		return fmt.Errorf("sandbox: InjectFault: OrderID is longer than %d bytes", maxFaultOrderID)
	}
	if f.StatusCode == 0 {
		f.StatusCode = http.StatusInternalServerError
	}
	left := f.Times
	if left == 0 {
		left = -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.fl) >= MaxFaults {
		return fmt.Errorf("sandbox: InjectFault: %d faults are already injected (ClearFaults removes them)", MaxFaults)
	}
	s.fl = append(s.fl, &faultRule{Fault: f, left: left})
	return nil
}

// ClearFaults removes every injected fault.
func (s *Sandbox) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fl = nil
}

// takeFault returns the first fault matching the request, using one of its
// applications.
func (s *Sandbox) takeFault(path, orderID string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.fl {
		if (r.OrderID != "" && r.OrderID != orderID) || (r.Endpoint != "" && r.Endpoint != path) {
			continue
		}
		if r.left > 0 {
			r.left--
			if r.left == 0 {
				s.fl = append(s.fl[:i], s.fl[i+1:]...)
			}
		}
		return r.Fault, true
	}
	return Fault{}, false
}

// applyFaults runs the fault matching x, if any, and reports whether the
// endpoint should go on processing.
func (s *Sandbox) applyFaults(x *exchange, orderID string) bool {
	f, ok := s.takeFault(x.path, orderID)
	if !ok {
		return true
	}
	switch f.Kind {
	case FaultServerError:
		x.refuse(refuse(f.StatusCode, codeTechnical, "injected fault: the request was not processed"))
		return false
	case FaultSlow:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-x.r.Context().Done():
			s.logRequest(x.r, x.path, x.pci, 0, orderID)
			return false
		}
	default: // FaultLostResponse
		x.lost = true
		return true
	}
}
