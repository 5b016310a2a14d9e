package checkout_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
)

func TestOrderIDPlaceholderNeverPicksTheHost(t *testing.T) {
	for _, u := range []string{
		"https://{order_id}/done",
		"https://{order_id}.shop.example/done",
		"https://shop.example:{order_id}/done",
		"https://{order_id}@shop.example/done",
		"{order_id}://shop.example/done",
	} {
		opts := options(&fakeGateway{})
		opts.ReturnURLs.SuccessURL = u
		_, err := checkout.New(opts)
		require.Error(t, err, u)
	}
	opts := options(&fakeGateway{})
	opts.ReturnURLs.SuccessURL = "https://shop.example/done?order={order_id}#{order_id}"
	_, err := checkout.New(opts)
	require.NoError(t, err)
}

func TestRespondFillsTheOrderIDPlaceholder(t *testing.T) {
	w, _, _ := payCard(t, &smartcore.PaymentResponse{Status: smartcore.StatusSuccess, OrderID: "gw-1"}, func(o *checkout.Options) {
		o.ReturnURLs.SuccessURL = "https://shop.example/orders/{order_id}/done"
	})
	require.Equal(t, http.StatusSeeOther, w.Code)
	require.Equal(t, "https://shop.example/orders/card-1/done", w.Header().Get("Location"))
}

func TestBuildReadsAtMostMaxBodyBytes(t *testing.T) {
	opts := options(&fakeGateway{})
	opts.MaxBodyBytes = 1024
	opts.Build = func(r *http.Request) (*smartcore.InitPaymentRequest, error) {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return order("big"), nil
	}
	h, err := checkout.New(opts)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/pay", strings.NewReader("cart="+strings.Repeat("x", 4096)))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
}
