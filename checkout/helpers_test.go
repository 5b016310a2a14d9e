package checkout_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/validate"
)

// The real client must satisfy the interface the handlers take.
var _ checkout.Gateway = (*client.Client)(nil)

const formURL = "https://payment.smartcore.pro/64a7e106d46c5db10d082b13"

// configured are the return URLs of every test's Options.
var configured = smartcore.ReturnURLs{
	SuccessURL:  "https://shop.example/success",
	FailURL:     "https://shop.example/fail",
	CallbackURL: "https://shop.example/callback",
	StatusURL:   "https://shop.example/status",
}

// fakeGateway records what it was asked and answers resp/err. Like the
// real client it validates requests first.
type fakeGateway struct {
	mu     sync.Mutex
	resp   *smartcore.PaymentResponse
	err    error
	init   []smartcore.InitPaymentRequest
	card   []smartcore.CardPaymentRequest
	apple  []smartcore.ApplePayPaymentRequest
	google []smartcore.GooglePayPaymentRequest
}

func answer[T any](g *fakeGateway, list *[]T, req *T) (*smartcore.PaymentResponse, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	*list = append(*list, *req)
	if err := validate.Struct(req); err != nil {
		return nil, fmt.Errorf("smartcore: invalid request: %w", err)
	}
	if g.resp == nil && g.err == nil {
		return &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect, FormURL: formURL, OrderID: "gw-1"}, nil
	}
	return g.resp, g.err
}

func (g *fakeGateway) InitPayment(_ context.Context, req *smartcore.InitPaymentRequest) (*smartcore.PaymentResponse, error) {
	return answer(g, &g.init, req)
}

func (g *fakeGateway) PayCard(_ context.Context, req *smartcore.CardPaymentRequest) (*smartcore.PaymentResponse, error) {
	r := *req
	r.PaymentMethod = smartcore.MethodCard
	return answer(g, &g.card, &r)
}

func (g *fakeGateway) PayApplePay(_ context.Context, req *smartcore.ApplePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	r := *req
	r.PaymentMethod = smartcore.MethodApplePayDPan
	return answer(g, &g.apple, &r)
}

func (g *fakeGateway) PayGooglePay(_ context.Context, req *smartcore.GooglePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	r := *req
	r.PaymentMethod = smartcore.MethodGooglePayDPan
	return answer(g, &g.google, &r)
}

func (g *fakeGateway) calls() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.init) + len(g.card) + len(g.apple) + len(g.google)
}

// order is a valid order as a host's Build returns it.
func order(id string) *smartcore.InitPaymentRequest {
	return &smartcore.InitPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: id, Purpose: "description"},
		MerchantSite: "https://merchant.site",
		Customer: smartcore.Customer{
			FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London", ZipCode: "121165",
			Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
		},
	}
}

func buildOrder(r *http.Request) (*smartcore.InitPaymentRequest, error) {
	return order("order-1"), nil
}

func options(g checkout.Gateway) checkout.Options {
	return checkout.Options{Gateway: g, Build: buildOrder, ReturnURLs: configured}
}

// logBuffer returns a logger writing JSON records into a buffer that is
// safe to read after the handler returned.
func logBuffer() (*slog.Logger, *syncBuffer) {
	var b syncBuffer
	return slog.New(slog.NewJSONHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// post sends a form POST from remote through h.
func post(h http.Handler, target, remote string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader("x=1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = remote
	for k, vs := range header {
		r.Header[k] = vs
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func trusting(t testing.TB, s string) clientip.Policy {
	t.Helper()
	p, err := clientip.ParsePrefixes(s)
	if err != nil {
		t.Fatal(err)
	}
	return clientip.Policy{TrustedProxies: p}
}
