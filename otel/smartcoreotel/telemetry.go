// Package smartcoreotel turns the smartcore kit's observer hooks into
// OpenTelemetry metrics and traces.
//
// Build one [Telemetry] and hand its methods to the hooks:
//
//	exporter, err := prometheus.New() // go.opentelemetry.io/otel/exporters/prometheus
//	tel, err := smartcoreotel.New(smartcoreotel.Config{
//		MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)),
//	})
//	c, err := client.New(key, secret, tel.ClientOption()) // client.WithObserver(tel.ObserveCall)
//	handler, err := webhook.New(app, webhook.Options{Secrets: secrets, Observer: tel.ObserveWebhook})
//	pay, err := checkout.New(checkout.Options{..., Observer: tel.ObserveCheckout})
//	rec, err := reconcile.New(reconcile.Options{..., Observer: tel.ObserveReconcile})
//	sb := sandbox.New(sandbox.Options{Observer: tel.ObserveDelivery})
//	mux.Handle("GET /metrics", promhttp.Handler())
//
// Each hook gets one small event per request, call, check or delivery
// (outcome, reason, status, latency, retries), never card data, secrets or
// bodies, and the kit's packages depend on nothing to offer it. The metrics
// are named smartcore.webhook.requests, smartcore.client.calls,
// smartcore.client.retries, smartcore.checkout.requests,
// smartcore.reconcile.checks and so on (see the Metric constants); with the
// Prometheus exporter they become smartcore_webhook_requests_total,
// smartcore_webhook_duration_seconds, and so on.
//
// Every hook records a counter and a duration histogram; client calls and
// webhook requests also become spans, children of the span in the hook's
// context (the incoming request's, with otelhttp in front). Spans are made
// from the finished event: they start Duration before the hook runs.
//
// Attributes are bounded sets (outcomes, reasons, endpoints, HTTP statuses,
// the document's error codes; codes it does not list count as "other") so
// that no series is created per order;
// order ids go on spans only. No error message, body, URL path or card data
// is recorded: a failed span carries error.type, and the kit's logs carry
// the detail.
package smartcoreotel

import (
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of the meter and tracer.
const ScopeName = "github.com/smartcorekit/smartcore/otel/smartcoreotel"

// Metric names. Durations are histograms in seconds; the others count.
const (
	MetricWebhookRequests   = "smartcore.webhook.requests"
	MetricWebhookDuration   = "smartcore.webhook.duration"
	MetricClientCalls       = "smartcore.client.calls"
	MetricClientDuration    = "smartcore.client.duration"
	MetricClientRetries     = "smartcore.client.retries"
	MetricCheckoutRequests  = "smartcore.checkout.requests"
	MetricCheckoutDuration  = "smartcore.checkout.duration"
	MetricDeliveries        = "smartcore.sandbox.deliveries"
	MetricDeliveryDuration  = "smartcore.sandbox.delivery.duration"
	MetricReconcileChecks   = "smartcore.reconcile.checks"
	MetricReconcileDuration = "smartcore.reconcile.duration"
)

// Config says where the telemetry goes. The zero value uses the global
// providers (otel.SetMeterProvider, otel.SetTracerProvider).
type Config struct {
	// MeterProvider creates the meter. Default: otel.GetMeterProvider().
	MeterProvider metric.MeterProvider
	// TracerProvider creates the tracer. Default: otel.GetTracerProvider().
	TracerProvider trace.TracerProvider
}

// Telemetry records the kit's events. Its Observe methods have the shape
// of the hooks, so they are passed as method values. It is safe for
// concurrent use. Make one with New: the zero Telemetry (and a nil one)
// records nothing.
type Telemetry struct {
	tracer trace.Tracer

	webhookRequests   metric.Int64Counter
	webhookDuration   metric.Float64Histogram
	clientCalls       metric.Int64Counter
	clientDuration    metric.Float64Histogram
	clientRetries     metric.Int64Counter
	checkoutRequests  metric.Int64Counter
	checkoutDuration  metric.Float64Histogram
	deliveries        metric.Int64Counter
	deliveryDuration  metric.Float64Histogram
	reconcileChecks   metric.Int64Counter
	reconcileDuration metric.Float64Histogram
}

// New creates the instruments. It returns an error only when the meter
// provider refuses one.
func New(cfg Config) (*Telemetry, error) {
	mp, tp := cfg.MeterProvider, cfg.TracerProvider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	m := mp.Meter(ScopeName)
	t := &Telemetry{tracer: tp.Tracer(ScopeName)}
	b := builder{m: m}
	t.webhookRequests = b.counter(MetricWebhookRequests, "{request}", "Callback requests answered, by outcome.")
	t.webhookDuration = b.histogram(MetricWebhookDuration, "Time from a callback request's arrival to its answer, the application's work included.")
	t.clientCalls = b.counter(MetricClientCalls, "{call}", "Client calls of the SmartCore API, by endpoint and result.")
	t.clientDuration = b.histogram(MetricClientDuration, "Duration of client calls, validation, rate-limit and retry waits included.")
	t.clientRetries = b.counter(MetricClientRetries, "{retry}", "HTTP requests client calls repeated after a transient failure.")
	t.checkoutRequests = b.counter(MetricCheckoutRequests, "{request}", "Checkout requests answered, by handler and next step.")
	t.checkoutDuration = b.histogram(MetricCheckoutDuration, "Time from a checkout request's arrival to its answer, the gateway call included.")
	t.deliveries = b.counter(MetricDeliveries, "{attempt}", "Sandbox callback delivery attempts, by result.")
	t.deliveryDuration = b.histogram(MetricDeliveryDuration, "Duration of sandbox callback delivery attempts.")
	t.reconcileChecks = b.counter(MetricReconcileChecks, "{check}", "Reconciliation checks of orders, by outcome.")
	t.reconcileDuration = b.histogram(MetricReconcileDuration, "Duration of reconciliation checks, the delivery of a final state included.")
	if b.err != nil {
		return nil, b.err
	}
	return t, nil
}

// builder creates instruments, keeping the first error.
type builder struct {
	m   metric.Meter
	err error
}

func (b *builder) counter(name, unit, desc string) metric.Int64Counter {
	c, err := b.m.Int64Counter(name, metric.WithUnit(unit), metric.WithDescription(desc))
	b.keep(name, err)
	return c
}

// durationBuckets suit calls from a millisecond to a minute.
var durationBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

func (b *builder) histogram(name, desc string) metric.Float64Histogram {
	h, err := b.m.Float64Histogram(name, metric.WithUnit("s"), metric.WithDescription(desc),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	b.keep(name, err)
	return h
}

func (b *builder) keep(name string, err error) {
	if err != nil && b.err == nil {
		b.err = fmt.Errorf("smartcoreotel: creating %s: %w", name, err)
	}
}
