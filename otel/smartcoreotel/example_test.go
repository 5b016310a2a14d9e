package smartcoreotel_test

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/otel/smartcoreotel"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// The kit's metrics served to Prometheus: the OpenTelemetry Prometheus
// exporter is the meter provider's reader, and /metrics serves its
// registry. A real program would use prometheus.DefaultRegisterer and
// promhttp.Handler().
func Example_prometheus() {
	registry := prometheus.NewRegistry()
	exporter, err := otelprom.New(otelprom.WithRegisterer(registry), otelprom.WithoutScopeInfo(), otelprom.WithoutTargetInfo())
	if err != nil {
		log.Fatal(err)
	}
	tel, err := smartcoreotel.New(smartcoreotel.Config{
		MeterProvider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)),
	})
	if err != nil {
		log.Fatal(err)
	}

	// The hooks: the client, the webhook handler (and checkout, sandbox).
	apiClient, err := client.New("merchant-key", "merchant-secret", tel.ClientOption())
	if err != nil {
		log.Fatal(err)
	}
	_ = apiClient
	app := webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil })
	callbacks, err := webhook.New(app, webhook.Options{Secrets: []string{"merchant-secret"}, Observer: tel.ObserveWebhook})
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("POST /smartcore/callback", callbacks)
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))

	// One callback arrives; then Prometheus scrapes.
	cb := &smartcore.Callback{OrderID: "order-1", Status: smartcore.StatusSuccess, Type: smartcore.TypePayment}
	mux.ServeHTTP(httptest.NewRecorder(), webhooktest.NewRequest("/smartcore/callback", "merchant-secret", cb))
	scrape := httptest.NewRecorder()
	mux.ServeHTTP(scrape, httptest.NewRequest(http.MethodGet, "/metrics", nil))

	lines := bufio.NewScanner(scrape.Body)
	for lines.Scan() {
		if line := lines.Text(); strings.HasPrefix(line, "smartcore_webhook_requests_total") ||
			strings.HasPrefix(line, "smartcore_webhook_duration_seconds_count") {
			fmt.Println(line)
		}
	}
	// Output:
	// smartcore_webhook_duration_seconds_count{http_response_status_code="200",smartcore_callback_status="2",smartcore_transaction_type="Payment",smartcore_webhook_outcome="processed"} 1
	// smartcore_webhook_requests_total{http_response_status_code="200",smartcore_callback_status="2",smartcore_transaction_type="Payment",smartcore_webhook_outcome="processed"} 1
}
