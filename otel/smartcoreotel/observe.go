package smartcoreotel

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/webhook"
)

// Attribute keys. http.response.status_code and error.type are
// OpenTelemetry's semantic conventions; the others are the kit's.
const (
	AttrHTTPStatus       = attribute.Key("http.response.status_code")
	AttrErrorType        = attribute.Key("error.type")
	AttrWebhookOutcome   = attribute.Key("smartcore.webhook.outcome")
	AttrWebhookReason    = attribute.Key("smartcore.webhook.reason")
	AttrWebhookRepeat    = attribute.Key("smartcore.webhook.repeat")
	AttrCallbackStatus   = attribute.Key("smartcore.callback.status")
	AttrTransactionType  = attribute.Key("smartcore.transaction.type")
	AttrOrderID          = attribute.Key("smartcore.order_id") // spans only
	AttrEndpoint         = attribute.Key("smartcore.endpoint")
	AttrPCI              = attribute.Key("smartcore.pci")
	AttrErrorCode        = attribute.Key("smartcore.error_code")
	AttrAttempts         = attribute.Key("smartcore.attempts") // spans only
	AttrCheckoutHandler  = attribute.Key("smartcore.checkout.handler")
	AttrCheckoutStep     = attribute.Key("smartcore.checkout.step")
	AttrPaymentStatus    = attribute.Key("smartcore.payment.status")
	AttrDeliveryKind     = attribute.Key("smartcore.delivery.kind")
	AttrDeliveryResult   = attribute.Key("smartcore.delivery.result")
	AttrReconcileOutcome = attribute.Key("smartcore.reconcile.outcome")
)

// record adds one to c and d's seconds to h, with attrs.
func record(ctx context.Context, c metric.Int64Counter, h metric.Float64Histogram, d time.Duration, attrs []attribute.KeyValue) {
	set := metric.WithAttributeSet(attribute.NewSet(attrs...))
	c.Add(ctx, 1, set)
	h.Record(ctx, d.Seconds(), set)
}

// span records a finished operation of duration d, ending now, as a child
// of ctx's span.
func (t *Telemetry) span(ctx context.Context, name string, kind trace.SpanKind, d time.Duration, attrs []attribute.KeyValue, errType string) {
	end := time.Now()
	_, s := t.tracer.Start(ctx, name, trace.WithSpanKind(kind), trace.WithTimestamp(end.Add(-d)), trace.WithAttributes(attrs...))
	if errType != "" {
		// The type, never the message: messages may quote the application.
		s.SetAttributes(AttrErrorType.String(errType))
		s.SetStatus(codes.Error, errType)
	}
	s.End(trace.WithTimestamp(end))
}

// ObserveWebhook records a webhook.Event: MetricWebhookRequests and
// MetricWebhookDuration with the outcome, the rejection reason, the HTTP
// status and, for a verified callback, its status (only one the document
// defines, -1..2) and type (Payment, Refund, Withdrawal or "other"), so
// that a gateway's new values cannot grow the series; AttrWebhookRepeat
// (true) for a callback handed over as a possible repeat (Event.Repeat),
// absent otherwise; and a span
// "smartcore.webhook" that adds the order id and is an error for a handler
// or Deduplicator failure. Use it as webhook.Options.Observer.
func (t *Telemetry) ObserveWebhook(ctx context.Context, e webhook.Event) {
	if !t.ready() {
		return
	}
	attrs := make([]attribute.KeyValue, 0, 7)
	attrs = append(attrs, AttrWebhookOutcome.String(e.Outcome.String()))
	if e.Reason != "" {
		attrs = append(attrs, AttrWebhookReason.String(e.Reason))
	}
	if e.HTTPStatus != 0 {
		attrs = append(attrs, AttrHTTPStatus.Int(e.HTTPStatus))
	}
	if e.Repeat {
		attrs = append(attrs, AttrWebhookRepeat.Bool(true))
	}
	if e.Outcome != webhook.EventRejected {
		attrs = appendStatus(attrs, AttrCallbackStatus, e.Status)
		if e.Type != "" {
			attrs = append(attrs, AttrTransactionType.String(boundedType(e.Type)))
		}
	}
	record(ctx, t.webhookRequests, t.webhookDuration, e.Duration, attrs)
	var errType string
	switch e.Outcome {
	case webhook.EventHandlerError, webhook.EventDeduplicatorError:
		errType = e.Outcome.String()
	}
	if e.OrderID != "" {
		attrs = append(attrs, AttrOrderID.String(e.OrderID))
	}
	t.span(ctx, "smartcore.webhook", trace.SpanKindInternal, e.Duration, attrs, errType)
}

// ObserveCall records a client.CallEvent: MetricClientCalls and
// MetricClientDuration with the endpoint, the PCI flag, the last HTTP
// status, the error code (a code the document does not list counts as
// "other") and error.type ("api_error", "outcome_unknown", "not_sent",
// "bad_response", "transport"; absent on success); MetricClientRetries;
// and a client span "smartcore <endpoint>" that adds the order id and the
// attempts. Use it with client.WithObserver, or pass [Telemetry.ClientOption].
func (t *Telemetry) ObserveCall(ctx context.Context, e client.CallEvent) {
	if !t.ready() {
		return
	}
	attrs := make([]attribute.KeyValue, 0, 7)
	attrs = append(attrs, AttrEndpoint.String(e.Endpoint), AttrPCI.Bool(e.PCI))
	if e.HTTPStatus != 0 {
		attrs = append(attrs, AttrHTTPStatus.Int(e.HTTPStatus))
	}
	if e.Code != "" {
		code := "other"
		if e.Code.Known() {
			code = string(e.Code)
		}
		attrs = append(attrs, AttrErrorCode.String(code))
	}
	errType := callErrorType(e)
	if errType != "" {
		attrs = append(attrs, AttrErrorType.String(errType))
	}
	record(ctx, t.clientCalls, t.clientDuration, e.Duration, attrs)
	if e.Attempts > 1 {
		t.clientRetries.Add(ctx, int64(e.Attempts-1), metric.WithAttributes(AttrEndpoint.String(e.Endpoint)))
	}
	attrs = append(attrs, AttrAttempts.Int(e.Attempts))
	if e.OrderID != "" {
		attrs = append(attrs, AttrOrderID.String(e.OrderID))
	}
	t.span(ctx, "smartcore "+e.Endpoint, trace.SpanKindClient, e.Duration, attrs, errType)
}

// ClientOption returns client.WithObserver(t.ObserveCall).
func (t *Telemetry) ClientOption() client.Option { return client.WithObserver(t.ObserveCall) }

// callErrorType classifies a call's error for error.type.
func callErrorType(e client.CallEvent) string {
	var apiErr *client.APIError
	switch {
	case e.Err == nil:
		return ""
	case e.OutcomeUnknown():
		return "outcome_unknown"
	case errors.As(e.Err, &apiErr):
		return "api_error"
	case e.Attempts == 0:
		return "not_sent"
	case e.HTTPStatus != 0:
		return "bad_response"
	}
	return "transport"
}

// ObserveCheckout records a checkout.Event: MetricCheckoutRequests and
// MetricCheckoutDuration with the handler, the step ("error" for a
// failure), the HTTP status, the payment status (with a step) and
// error.type (with a failure: "outcome_unknown", "gateway" for the other
// 502s, "client" for 4xx, "internal"). Use it as checkout.Options.Observer.
func (t *Telemetry) ObserveCheckout(ctx context.Context, e checkout.Event) {
	if !t.ready() {
		return
	}
	attrs := make([]attribute.KeyValue, 0, 5)
	attrs = append(attrs, AttrCheckoutHandler.String(e.Handler))
	if e.Step != "" {
		attrs = append(attrs, AttrCheckoutStep.String(string(e.Step)))
		attrs = appendStatus(attrs, AttrPaymentStatus, e.Status)
	} else {
		attrs = append(attrs, AttrCheckoutStep.String("error"), AttrErrorType.String(checkoutErrorType(e)))
	}
	if e.HTTPStatus != 0 {
		attrs = append(attrs, AttrHTTPStatus.Int(e.HTTPStatus))
	}
	record(ctx, t.checkoutRequests, t.checkoutDuration, e.Duration, attrs)
}

// checkoutErrorType classifies a failed checkout request for error.type.
func checkoutErrorType(e checkout.Event) string {
	switch {
	case errors.Is(e.Err, client.ErrOutcomeUnknown):
		return "outcome_unknown"
	case e.HTTPStatus == 502:
		return "gateway"
	case e.HTTPStatus >= 400 && e.HTTPStatus < 500:
		return "client"
	}
	return "internal"
}

// ObserveDelivery records a delivery.Event: MetricDeliveries and
// MetricDeliveryDuration with the kind, the HTTP status and the result
// ("ok", "http_error", "transport_error", "refused"). The host is not an
// attribute: test servers listen on a new port each time. Use it as
// sandbox.Options.Observer.
func (t *Telemetry) ObserveDelivery(ctx context.Context, e delivery.Event) {
	if !t.ready() {
		return
	}
	result := "ok"
	switch {
	case e.Refused:
		result = "refused"
	case e.Err != nil:
		result = "transport_error"
	case !e.OK():
		result = "http_error"
	}
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = append(attrs, AttrDeliveryKind.String(e.Kind.String()), AttrDeliveryResult.String(result))
	if e.HTTPStatus != 0 {
		attrs = append(attrs, AttrHTTPStatus.Int(e.HTTPStatus))
	}
	record(ctx, t.deliveries, t.deliveryDuration, e.Duration, attrs)
}

// ObserveReconcile records a reconcile.Event: MetricReconcileChecks and
// MetricReconcileDuration with the outcome and, when the check answered
// one, the payment status; and a span "smartcore.reconcile" that adds the
// order id and is an error when the check or the delivery failed. Use it
// as reconcile.Options.Observer.
func (t *Telemetry) ObserveReconcile(ctx context.Context, e reconcile.Event) {
	if !t.ready() {
		return
	}
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = append(attrs, AttrReconcileOutcome.String(e.Outcome.String()))
	if e.HasStatus {
		attrs = appendStatus(attrs, AttrPaymentStatus, e.Status)
	}
	record(ctx, t.reconcileChecks, t.reconcileDuration, e.Duration, attrs)
	errType := ""
	if e.Outcome == reconcile.CheckFailed || e.Outcome == reconcile.DeliveryFailed {
		errType = e.Outcome.String()
	}
	t.span(ctx, "smartcore.reconcile", trace.SpanKindInternal, e.Duration, append(attrs, AttrOrderID.String(e.OrderID)), errType)
}

// ready reports whether t was made by New; the zero Telemetry records
// nothing rather than panicking in the middle of a request.
func (t *Telemetry) ready() bool { return t != nil && t.webhookRequests != nil }

// appendStatus adds a status attribute for a status the document defines
// (-1..2). Any other status, which the gateway could send, adds none, so
// that the metric's attributes stay a bounded set.
func appendStatus(attrs []attribute.KeyValue, key attribute.Key, s smartcore.Status) []attribute.KeyValue {
	if !s.Known() {
		return attrs
	}
	return append(attrs, key.Int(int(s)))
}

// boundedType returns a transaction type the document names, or "other".
func boundedType(t smartcore.TransactionType) string {
	switch t {
	case smartcore.TypePayment, smartcore.TypeRefund, smartcore.TypeWithdrawal:
		return string(t)
	}
	return "other"
}
