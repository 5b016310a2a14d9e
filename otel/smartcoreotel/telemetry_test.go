package smartcoreotel_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/otel/smartcoreotel"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// rig is a Telemetry whose metrics are read through a manual reader and
// whose spans land in memory.
type rig struct {
	tel    *smartcoreotel.Telemetry
	reader *sdkmetric.ManualReader
	spans  *tracetest.InMemoryExporter
	tp     *sdktrace.TracerProvider
}

func newRig(t *testing.T) *rig {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	tel, err := smartcoreotel.New(smartcoreotel.Config{
		MeterProvider:  sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)),
		TracerProvider: tp,
	})
	require.NoError(t, err)
	return &rig{tel: tel, reader: reader, spans: spans, tp: tp}
}

// metrics collects every metric, by name.
func (r *rig) metrics(t *testing.T) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.reader.Collect(context.Background(), &rm))
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		require.Equal(t, smartcoreotel.ScopeName, sm.Scope.Name)
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// count returns the counter's value for exactly attrs (0 when absent).
func count(t *testing.T, m metricdata.Metrics, attrs ...attribute.KeyValue) int64 {
	t.Helper()
	sum, ok := m.Data.(metricdata.Sum[int64])
	require.True(t, ok, "%s is not an int64 sum", m.Name)
	require.True(t, sum.IsMonotonic)
	want := attribute.NewSet(attrs...)
	for _, dp := range sum.DataPoints {
		if dp.Attributes.Equals(&want) {
			return dp.Value
		}
	}
	return 0
}

// observations returns the histogram's count and sum for exactly attrs.
func observations(t *testing.T, m metricdata.Metrics, attrs ...attribute.KeyValue) (uint64, float64) {
	t.Helper()
	h, ok := m.Data.(metricdata.Histogram[float64])
	require.True(t, ok, "%s is not a float64 histogram", m.Name)
	want := attribute.NewSet(attrs...)
	for _, dp := range h.DataPoints {
		if dp.Attributes.Equals(&want) {
			return dp.Count, dp.Sum
		}
	}
	return 0, 0
}

// total adds up every data point of a counter.
func total(t *testing.T, m metricdata.Metrics) int64 {
	t.Helper()
	var n int64
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		n += dp.Value
	}
	return n
}

// everyValue lists every attribute value of every metric and span, for
// checks that nothing sensitive is recorded.
func (r *rig) everyValue(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, m := range r.metrics(t) {
		fmt.Fprintf(&b, "%+v\n", m.Data)
	}
	for _, s := range r.spans.GetSpans() {
		fmt.Fprintf(&b, "%s %+v %+v %+v\n", s.Name, s.Attributes, s.Status, s.Events)
	}
	return b.String()
}

func spansNamed(r *rig, name string) []tracetest.SpanStub {
	var out []tracetest.SpanStub
	for _, s := range r.spans.GetSpans() {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

func attr(s tracetest.SpanStub, k attribute.Key) (attribute.Value, bool) {
	for _, kv := range s.Attributes {
		if kv.Key == k {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

const secret = "qwerty"

func callbackFor(orderID string) *smartcore.Callback {
	return &smartcore.Callback{
		OrderID: orderID, Status: smartcore.StatusSuccess, Type: smartcore.TypePayment, Amount: 1000, Currency: "EUR",
		Extra: []smartcore.Field{{Key: "card_number", Value: "401200******3010"}},
	}
}

// A callback handed over as a possible repeat is counted apart.
func TestWebhookRepeatIsCounted(t *testing.T) {
	r := newRig(t)
	handler, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }),
		webhook.Options{Secrets: []string{secret}, Deduplicator: &dedup.Memory{}, Observer: r.tel.ObserveWebhook})
	require.NoError(t, err)
	refund := &smartcore.Callback{OrderID: "o", Status: smartcore.StatusSuccess, Type: smartcore.TypeRefund, Amount: 300}
	for range 2 {
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, webhooktest.NewRequest("/", secret, refund))
		require.Equal(t, 200, w.Code)
	}
	base := []attribute.KeyValue{
		smartcoreotel.AttrWebhookOutcome.String("processed"), smartcoreotel.AttrHTTPStatus.Int(200),
		smartcoreotel.AttrCallbackStatus.Int(2), smartcoreotel.AttrTransactionType.String("Refund"),
	}
	requests := r.metrics(t)[smartcoreotel.MetricWebhookRequests]
	require.EqualValues(t, 1, count(t, requests, base...))
	require.EqualValues(t, 1, count(t, requests, append(base, smartcoreotel.AttrWebhookRepeat.Bool(true))...))
}

func TestWebhookMetricsAndSpans(t *testing.T) {
	r := newRig(t)
	var wg sync.WaitGroup
	handler, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		time.Sleep(2 * time.Millisecond)
		if cb.OrderID == "fails" {
			return fmt.Errorf("database down for %s", cb.OrderID)
		}
		return nil
	}), webhook.Options{Secrets: []string{secret}, Observer: func(ctx context.Context, e webhook.Event) {
		r.tel.ObserveWebhook(ctx, e)
		wg.Done()
	}})
	require.NoError(t, err)
	srv := httptest.NewServer(handler)
	defer srv.Close()

	send := func(body string, want int) {
		t.Helper()
		wg.Add(1)
		resp, err := webhooktest.PostBody(t.Context(), srv.Client(), srv.URL, body)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode)
	}
	good := webhooktest.Body(secret, callbackFor("ok-1"))
	send(good, 200)
	send(webhooktest.Body(secret, callbackFor("ok-2")), 200)
	send(webhooktest.Body(secret, callbackFor("fails")), 500)
	send(webhooktest.Body("other secret", callbackFor("forged")), 401)
	wg.Wait()

	ms := r.metrics(t)
	requests, durations := ms[smartcoreotel.MetricWebhookRequests], ms[smartcoreotel.MetricWebhookDuration]
	processed := []attribute.KeyValue{
		smartcoreotel.AttrWebhookOutcome.String("processed"), smartcoreotel.AttrHTTPStatus.Int(200),
		smartcoreotel.AttrCallbackStatus.Int(2), smartcoreotel.AttrTransactionType.String("Payment"),
	}
	require.EqualValues(t, 2, count(t, requests, processed...))
	n, sum := observations(t, durations, processed...)
	require.EqualValues(t, 2, n)
	require.GreaterOrEqual(t, sum, 0.004, "two handlers of 2ms each")
	require.Equal(t, "s", durations.Unit)
	require.EqualValues(t, 1, count(t, requests,
		smartcoreotel.AttrWebhookOutcome.String("handler_error"), smartcoreotel.AttrHTTPStatus.Int(500),
		smartcoreotel.AttrCallbackStatus.Int(2), smartcoreotel.AttrTransactionType.String("Payment")))
	require.EqualValues(t, 1, count(t, requests,
		smartcoreotel.AttrWebhookOutcome.String("rejected"), smartcoreotel.AttrWebhookReason.String("invalid_signature"),
		smartcoreotel.AttrHTTPStatus.Int(401)))
	require.EqualValues(t, 4, total(t, requests))

	spans := spansNamed(r, "smartcore.webhook")
	require.Len(t, spans, 4)
	byOrder := map[string]tracetest.SpanStub{}
	for _, s := range spans {
		id, _ := attr(s, smartcoreotel.AttrOrderID)
		byOrder[id.AsString()] = s
		require.True(t, s.EndTime.After(s.StartTime))
	}
	require.Contains(t, byOrder, "ok-1")
	require.Equal(t, codes.Unset, byOrder["ok-1"].Status.Code)
	require.GreaterOrEqual(t, byOrder["ok-1"].EndTime.Sub(byOrder["ok-1"].StartTime), 2*time.Millisecond)
	require.Equal(t, codes.Error, byOrder["fails"].Status.Code)
	errType, _ := attr(byOrder["fails"], smartcoreotel.AttrErrorType)
	require.Equal(t, "handler_error", errType.AsString())
	require.Contains(t, byOrder, "", "the rejected request has no order id")
	require.NotContains(t, byOrder, "forged")

	all := r.everyValue(t)
	sign := good[strings.LastIndex(good, "sign=")+len("sign="):]
	require.Len(t, sign, 64)
	for _, s := range []string{secret, "401200", "database down", "forged", sign} {
		require.NotContains(t, all, s)
	}
}

func TestSpanParentIsTheHookContext(t *testing.T) {
	r := newRig(t)
	ctx, parent := r.tp.Tracer("test").Start(context.Background(), "request")
	r.tel.ObserveWebhook(ctx, webhook.Event{Outcome: webhook.EventProcessed, HTTPStatus: 200, OrderID: "o", Duration: 50 * time.Millisecond})
	r.tel.ObserveCall(ctx, client.CallEvent{Endpoint: "/check", OrderID: "o", HTTPStatus: 200, Attempts: 1, Duration: 20 * time.Millisecond})
	parent.End()
	for _, name := range []string{"smartcore.webhook", "smartcore /check"} {
		s := spansNamed(r, name)
		require.Len(t, s, 1, name)
		require.Equal(t, parent.SpanContext().SpanID(), s[0].Parent.SpanID(), name)
		require.Equal(t, parent.SpanContext().TraceID(), s[0].SpanContext.TraceID(), name)
	}
	s := spansNamed(r, "smartcore.webhook")[0]
	require.Equal(t, 50*time.Millisecond, s.EndTime.Sub(s.StartTime), "start = end - Duration")
	require.Equal(t, trace.SpanKindInternal, s.SpanKind)
	require.Equal(t, trace.SpanKindClient, spansNamed(r, "smartcore /check")[0].SpanKind)
}

// answerInTurn answers the n-th request with statuses[n] and bodies[n],
// repeating the last.
func answerInTurn(statuses []int, bodies []string) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		i := min(n, len(statuses)-1)
		n++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(statuses[i])
		_, _ = io.WriteString(w, bodies[i])
	}
}

func clientFor(t *testing.T, r *rig, h http.HandlerFunc) *client.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret,
		client.WithBaseURL(srv.URL), client.WithPCIBaseURL(srv.URL),
		client.WithRetry(3, time.Millisecond), r.tel.ClientOption())
	require.NoError(t, err)
	return c
}

func cardRequest(id, pan string, callbackURL string) *smartcore.CardPaymentRequest {
	return &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: id, Purpose: "description"},
		MerchantSite: "https://merchant.site",
		Customer: smartcore.Customer{
			FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London", ZipCode: "121165",
			Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
		},
		IPAddress:  "127.0.0.1",
		ReturnURLs: smartcore.ReturnURLs{CallbackURL: callbackURL, SuccessURL: "https://shop.example/ok", FailURL: "https://shop.example/fail"},
		Card:       smartcore.Card{Holder: "John Doe", Number: pan, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	}
}

func TestClientMetricsAndSpans(t *testing.T) {
	r := newRig(t)
	c := clientFor(t, r, answerInTurn([]int{503, 200}, []string{``, `{"order_id": "x", "status": 2}`}))
	_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
	require.NoError(t, err)

	refused := clientFor(t, r, answerInTurn([]int{400}, []string{`{"err": "LIMIT_PROCESSING_ERROR", "msg": "card 4012000000003010"}`}))
	_, err = refused.PayCard(t.Context(), cardRequest("o-1", "4012000000003010", ""))
	require.Error(t, err)
	novel := clientFor(t, r, answerInTurn([]int{422}, []string{`{"errorMessage": "SOMETHING_NEW_42"}`}))
	_, err = novel.PayCard(t.Context(), cardRequest("o-2", "4012000000003010", ""))
	require.Error(t, err)
	unknown := clientFor(t, r, answerInTurn([]int{502}, []string{``}))
	_, err = unknown.PayCard(t.Context(), cardRequest("o-3", "4012000000003010", ""))
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)
	_, err = unknown.PayCard(t.Context(), cardRequest("o-4", "", ""))
	require.Error(t, err, "invalid: nothing sent")

	ms := r.metrics(t)
	calls := ms[smartcoreotel.MetricClientCalls]
	check := []attribute.KeyValue{smartcoreotel.AttrEndpoint.String("/check"), smartcoreotel.AttrPCI.Bool(false), smartcoreotel.AttrHTTPStatus.Int(200)}
	require.EqualValues(t, 1, count(t, calls, check...))
	n, _ := observations(t, ms[smartcoreotel.MetricClientDuration], check...)
	require.EqualValues(t, 1, n)
	require.EqualValues(t, 1, count(t, ms[smartcoreotel.MetricClientRetries], smartcoreotel.AttrEndpoint.String("/check")))

	h2h := func(kv ...attribute.KeyValue) []attribute.KeyValue {
		return append([]attribute.KeyValue{smartcoreotel.AttrEndpoint.String("/initPaymentHost2Host"), smartcoreotel.AttrPCI.Bool(true)}, kv...)
	}
	require.EqualValues(t, 1, count(t, calls, h2h(smartcoreotel.AttrHTTPStatus.Int(400),
		smartcoreotel.AttrErrorCode.String("LIMIT_PROCESSING_ERROR"), smartcoreotel.AttrErrorType.String("api_error"))...))
	require.EqualValues(t, 1, count(t, calls, h2h(smartcoreotel.AttrHTTPStatus.Int(422),
		smartcoreotel.AttrErrorCode.String("other"), smartcoreotel.AttrErrorType.String("api_error"))...),
		"a code the document does not list is not a label of its own")
	require.EqualValues(t, 1, count(t, calls, h2h(smartcoreotel.AttrHTTPStatus.Int(502),
		smartcoreotel.AttrErrorType.String("outcome_unknown"))...))
	require.EqualValues(t, 1, count(t, calls, h2h(smartcoreotel.AttrErrorType.String("not_sent"))...))
	require.EqualValues(t, 5, total(t, calls))

	s := spansNamed(r, "smartcore /check")
	require.Len(t, s, 1)
	attempts, _ := attr(s[0], smartcoreotel.AttrAttempts)
	require.EqualValues(t, 2, attempts.AsInt64())
	order, _ := attr(s[0], smartcoreotel.AttrOrderID)
	require.Equal(t, "x", order.AsString())
	h := spansNamed(r, "smartcore /initPaymentHost2Host")
	require.Len(t, h, 4)
	for _, sp := range h {
		require.Equal(t, codes.Error, sp.Status.Code)
	}

	all := r.everyValue(t)
	for _, v := range []string{"4012000000003010", "SOMETHING_NEW_42", smartcore.SandboxSecret, "CVV"} {
		require.NotContains(t, all, v)
	}
}

// The kit end to end on the sandbox: a card payment through the checkout
// Responder and the client, its callback delivered to the webhook handler.
func TestEndToEndOnTheSandbox(t *testing.T) {
	r := newRig(t)
	var wg sync.WaitGroup
	wh, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }),
		webhook.Options{Secrets: []string{smartcore.SandboxSecret}, Deduplicator: &dedup.Memory{},
			Observer: func(ctx context.Context, e webhook.Event) { r.tel.ObserveWebhook(ctx, e); wg.Done() }})
	require.NoError(t, err)
	hook := httptest.NewServer(wh)
	defer hook.Close()

	sb := sandboxtest.NewServer(t, sandbox.Options{Observer: r.tel.ObserveDelivery})
	apiClient, err := client.New(sb.MerchantKey, sb.Secret, client.WithBaseURL(sb.URL),
		client.WithPCIBaseURL(sb.PCIURL), r.tel.ClientOption())
	require.NoError(t, err)
	p, err := checkout.NewResponder(checkout.Options{Gateway: apiClient, Observer: r.tel.ObserveCheckout,
		ReturnURLs: smartcore.ReturnURLs{SuccessURL: "https://shop.example/ok", FailURL: "https://shop.example/fail", CallbackURL: hook.URL + "/cb"}})
	require.NoError(t, err)

	// Declined cards: final at once, whatever the sandbox does with 3-D
	// Secure for a frictionless card, so each sends its callback now.
	for _, tc := range []struct{ id, pan string }{{"e2e-declined", sandbox.CardDeclined}, {"e2e-limit", sandbox.CardLimit}} {
		wg.Add(1)
		req := httptest.NewRequest(http.MethodPost, "/pay", nil)
		req.RemoteAddr = "203.0.113.7:1"
		w := httptest.NewRecorder()
		p.PayCard(w, req, cardRequest(tc.id, tc.pan, ""))
		require.Equal(t, http.StatusSeeOther, w.Code, "%s: %s", tc.id, w.Body.String())
	}
	flushCtx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	require.NoError(t, sb.Flush(flushCtx))
	wg.Wait()

	ms := r.metrics(t)
	require.EqualValues(t, 2, count(t, ms[smartcoreotel.MetricClientCalls],
		smartcoreotel.AttrEndpoint.String("/initPaymentHost2Host"), smartcoreotel.AttrPCI.Bool(true), smartcoreotel.AttrHTTPStatus.Int(200)),
		"a declined payment is an answer, not a call error")
	checkoutOK := []attribute.KeyValue{smartcoreotel.AttrCheckoutHandler.String("responder"), smartcoreotel.AttrCheckoutStep.String("done"),
		smartcoreotel.AttrHTTPStatus.Int(303)}
	require.EqualValues(t, 2, count(t, ms[smartcoreotel.MetricCheckoutRequests], append(checkoutOK, smartcoreotel.AttrPaymentStatus.Int(-1))...))
	n, _ := observations(t, ms[smartcoreotel.MetricCheckoutDuration], append(checkoutOK, smartcoreotel.AttrPaymentStatus.Int(-1))...)
	require.EqualValues(t, 2, n)
	require.EqualValues(t, 2, count(t, ms[smartcoreotel.MetricDeliveries],
		smartcoreotel.AttrDeliveryKind.String("normal"), smartcoreotel.AttrDeliveryResult.String("ok"), smartcoreotel.AttrHTTPStatus.Int(200)))
	n, _ = observations(t, ms[smartcoreotel.MetricDeliveryDuration],
		smartcoreotel.AttrDeliveryKind.String("normal"), smartcoreotel.AttrDeliveryResult.String("ok"), smartcoreotel.AttrHTTPStatus.Int(200))
	require.EqualValues(t, 2, n)
	require.EqualValues(t, 2, total(t, ms[smartcoreotel.MetricWebhookRequests]))
	require.EqualValues(t, 2, count(t, ms[smartcoreotel.MetricWebhookRequests],
		smartcoreotel.AttrWebhookOutcome.String("processed"), smartcoreotel.AttrHTTPStatus.Int(200),
		smartcoreotel.AttrCallbackStatus.Int(-1), smartcoreotel.AttrTransactionType.String("Payment")))

	all := r.everyValue(t)
	for _, v := range []string{sandbox.CardDeclined, sandbox.CardLimit, smartcore.SandboxSecret, hook.URL} {
		require.NotContains(t, all, v)
	}
}

func TestDeliveryResults(t *testing.T) {
	r := newRig(t)
	for _, e := range []delivery.Event{
		{Kind: delivery.Normal, Attempt: 1, HTTPStatus: 500, Duration: time.Millisecond},
		{Kind: delivery.Normal, Attempt: 2, Err: io.ErrUnexpectedEOF, Duration: time.Millisecond},
		{Kind: delivery.BadSignature, Attempt: 1, HTTPStatus: 401},
		{Kind: delivery.Normal, Refused: true, Err: sandbox.ErrHostNotAllowed},
	} {
		r.tel.ObserveDelivery(context.Background(), e)
	}
	m := r.metrics(t)[smartcoreotel.MetricDeliveries]
	kind, result := smartcoreotel.AttrDeliveryKind, smartcoreotel.AttrDeliveryResult
	require.EqualValues(t, 1, count(t, m, kind.String("normal"), result.String("http_error"), smartcoreotel.AttrHTTPStatus.Int(500)))
	require.EqualValues(t, 1, count(t, m, kind.String("normal"), result.String("transport_error")))
	require.EqualValues(t, 1, count(t, m, kind.String("bad-signature"), result.String("http_error"), smartcoreotel.AttrHTTPStatus.Int(401)))
	require.EqualValues(t, 1, count(t, m, kind.String("normal"), result.String("refused")))
}

func TestCheckoutFailures(t *testing.T) {
	r := newRig(t)
	for _, e := range []checkout.Event{
		{Handler: checkout.HandlerForm, HTTPStatus: 502, Err: &client.OutcomeUnknownError{Endpoint: "/initPayment"}},
		{Handler: checkout.HandlerForm, HTTPStatus: 502, Err: &client.APIError{StatusCode: 400}},
		{Handler: checkout.HandlerWallet, HTTPStatus: 415, Err: &checkout.Error{Status: 415}},
		{Handler: checkout.HandlerWallet, HTTPStatus: 500, Err: io.EOF},
	} {
		r.tel.ObserveCheckout(context.Background(), e)
	}
	m := r.metrics(t)[smartcoreotel.MetricCheckoutRequests]
	failed := func(handler, errType string, status int) int64 {
		return count(t, m, smartcoreotel.AttrCheckoutHandler.String(handler), smartcoreotel.AttrCheckoutStep.String("error"),
			smartcoreotel.AttrErrorType.String(errType), smartcoreotel.AttrHTTPStatus.Int(status))
	}
	require.EqualValues(t, 1, failed("form", "outcome_unknown", 502))
	require.EqualValues(t, 1, failed("form", "gateway", 502))
	require.EqualValues(t, 1, failed("wallet", "client", 415))
	require.EqualValues(t, 1, failed("wallet", "internal", 500))
}

func TestNewUsesGlobalProvidersByDefault(t *testing.T) {
	tel, err := smartcoreotel.New(smartcoreotel.Config{})
	require.NoError(t, err)
	// The global providers are no-ops until set: recording must not fail.
	tel.ObserveCall(context.Background(), client.CallEvent{Endpoint: "/check"})
	tel.ObserveWebhook(context.Background(), webhook.Event{Outcome: webhook.EventRejected})
}

func TestReconcileOutcomes(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	r.tel.ObserveReconcile(ctx, reconcile.Event{OrderID: "o-1", Outcome: reconcile.Delivered, Status: smartcore.StatusSuccess, HasStatus: true, Duration: time.Millisecond})
	r.tel.ObserveReconcile(ctx, reconcile.Event{OrderID: "o-2", Outcome: reconcile.Pending, Status: smartcore.StatusProcessing, HasStatus: true})
	r.tel.ObserveReconcile(ctx, reconcile.Event{OrderID: "o-3", Outcome: reconcile.CheckFailed, Err: io.ErrUnexpectedEOF})

	m := r.metrics(t)[smartcoreotel.MetricReconcileChecks]
	out, status := smartcoreotel.AttrReconcileOutcome, smartcoreotel.AttrPaymentStatus
	require.EqualValues(t, 1, count(t, m, out.String("delivered"), status.Int(2)))
	require.EqualValues(t, 1, count(t, m, out.String("pending"), status.Int(1)))
	require.EqualValues(t, 1, count(t, m, out.String("check_failed")))
	n, sum := observations(t, r.metrics(t)[smartcoreotel.MetricReconcileDuration], out.String("delivered"), status.Int(2))
	require.EqualValues(t, 1, n)
	require.InDelta(t, 0.001, sum, 1e-9)

	spans := spansNamed(r, "smartcore.reconcile")
	require.Len(t, spans, 3)
	id, ok := attr(spans[2], smartcoreotel.AttrOrderID)
	require.True(t, ok)
	require.Equal(t, "o-3", id.AsString())
	require.Equal(t, "check_failed", spans[2].Status.Description, "a failed check is an error span")
	require.NotContains(t, r.everyValue(t), "unexpected EOF", "error messages are not recorded")
}

// Signed callbacks may carry any status and any type: the metric must not
// grow a series for each.
func TestCallbackAttributesAreBounded(t *testing.T) {
	r := newRig(t)
	for i := range 200 {
		r.tel.ObserveWebhook(context.Background(), webhook.Event{Outcome: webhook.EventProcessed, HTTPStatus: 200,
			OrderID: fmt.Sprint("o-", i), Status: smartcore.Status(10 + i), Type: smartcore.TransactionType(fmt.Sprint("Type", i))})
	}
	m := r.metrics(t)[smartcoreotel.MetricWebhookRequests]
	sum, ok := m.Data.(metricdata.Sum[int64])
	require.True(t, ok)
	require.Len(t, sum.DataPoints, 1, "one series for every unknown status and type")
	require.EqualValues(t, 200, sum.DataPoints[0].Value)
	typ, _ := sum.DataPoints[0].Attributes.Value(smartcoreotel.AttrTransactionType)
	require.Equal(t, "other", typ.AsString())
	_, hasStatus := sum.DataPoints[0].Attributes.Value(smartcoreotel.AttrCallbackStatus)
	require.False(t, hasStatus)
}

// The zero Telemetry, or a nil one, records nothing instead of panicking
// in the middle of a request.
func TestZeroTelemetryRecordsNothing(t *testing.T) {
	for _, tel := range []*smartcoreotel.Telemetry{{}, nil} {
		require.NotPanics(t, func() {
			ctx := context.Background()
			tel.ObserveWebhook(ctx, webhook.Event{Outcome: webhook.EventProcessed})
			tel.ObserveCall(ctx, client.CallEvent{Endpoint: "/check"})
			tel.ObserveCheckout(ctx, checkout.Event{})
			tel.ObserveDelivery(ctx, delivery.Event{})
			tel.ObserveReconcile(ctx, reconcile.Event{})
		})
	}
}
