package sandbox_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

func TestWrongCredentials(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	apiClient, err := client.New(srv.MerchantKey, "wrong", client.WithBaseURL(srv.URL), client.WithPCIBaseURL(srv.PCIURL))
	require.NoError(t, err)
	_, err = apiClient.PayCard(context.Background(), cardPayment("creds", sandbox.CardSuccess, 1000, ""))
	apiErr := apiError(t, err)
	require.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	require.Equal(t, sandbox.CodeUnauthorized, apiErr.Err)
	require.Empty(t, srv.Transactions())

	code, body := rawPost(t, srv.URL+"/check", "", "", `{"order_id":"x"}`)
	require.Equal(t, http.StatusUnauthorized, code)
	status, errCode, _ := errBody(t, body)
	require.Equal(t, -1, status)
	require.Equal(t, sandbox.CodeUnauthorized, errCode)

	// Custom credentials replace the document's.
	custom := sandboxtest.NewServer(t, sandbox.Options{MerchantKey: "shop", Secret: "s3cret"})
	require.Equal(t, "shop", custom.MerchantKey)
	_, err = custom.Client.Balance(context.Background(), &smartcore.BalanceRequest{Account: "a"})
	require.NoError(t, err)
	code, _ = rawPost(t, custom.URL+"/withdrawal/balance/get", "test", "qwerty", `{"account":"a"}`)
	require.Equal(t, http.StatusUnauthorized, code)
}

// A request failing the document's table is refused with every failing
// field named, and never a value: here a missing required field, a Long
// sent as a string, a Boolean as a string, a payment_method the document
// does not list, and card data sent with the wrong JSON type.
func TestValidationErrorsListFieldsNotValues(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	body := `{"payment_method":"cash","account":"EUR-sandbox","amount":"1000","currency":"EUR","order_id":"v1",
"merchant_site":"https://merchant.site","customer_first_name":"John","customer_last_name":"Doe",
"customer_address":"x","customer_city":"x","customer_zip_code":1,"customer_country":"GB",
"customer_phone":"+442079460612","customer_ip_address":"127.0.0.1","recurrent":"yes",
"card_holder":"John Doe","card_number":["4012000000003011"],"card_exp_month":"02","card_exp_year":"25","card_cvv":{"cvv":"98765"}}`
	code, data := rawPost(t, srv.PCIURL+"/initPaymentHost2Host", srv.MerchantKey, srv.Secret, body)
	require.Equal(t, http.StatusBadRequest, code)
	status, errCode, msg := errBody(t, data)
	require.Equal(t, -1, status)
	require.Equal(t, string(smartcore.ErrValidationProcessing), errCode)
	require.Contains(t, msg, "payment_method must be one of card, applePayDPan, googlePayDPan")
	require.Equal(t, []string{"status", "err", "msg"}, jsonKeys(t, data))

	// With the payment_method the document lists, the table's checks run.
	body = strings.Replace(body, `"cash"`, `"card"`, 1)
	code, data = rawPost(t, srv.PCIURL+"/initPaymentHost2Host", srv.MerchantKey, srv.Secret, body)
	require.Equal(t, http.StatusBadRequest, code)
	_, errCode, msg = errBody(t, data)
	require.Equal(t, string(smartcore.ErrValidationProcessing), errCode)
	require.Equal(t, "amount must be a whole number of cents above zero; recurrent must be true or false; "+
		"customer_email is required; card_number must be a string; card_cvv must be a string", msg)
	for _, value := range []string{"4012000000003011", "98765", "yes"} {
		require.NotContains(t, string(data), value)
	}
	require.Empty(t, srv.Transactions())
}

func TestRequestPlumbing(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	do := func(method, target, contentType, body string) (int, []byte) {
		req, err := http.NewRequest(method, target, strings.NewReader(body))
		require.NoError(t, err)
		req.SetBasicAuth(srv.MerchantKey, srv.Secret)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, data
	}
	code, _ := do(http.MethodGet, srv.URL+"/check", "", "")
	require.Equal(t, http.StatusMethodNotAllowed, code)
	code, _ = do(http.MethodPost, srv.URL+"/check", "text/plain", `{"order_id":"x"}`)
	require.Equal(t, http.StatusUnsupportedMediaType, code)
	code, _ = do(http.MethodPost, srv.URL+"/check", "application/json; charset=utf-8", `{"order_id":"x"}`)
	require.Equal(t, http.StatusNotFound, code, "an unknown order")
	code, _ = do(http.MethodPost, srv.URL+"/check", "application/json", `[1,2]`)
	require.Equal(t, http.StatusBadRequest, code)
	code, _ = do(http.MethodPost, srv.URL+"/check", "application/json", `{"order_id":`)
	require.Equal(t, http.StatusBadRequest, code)
	code, _ = do(http.MethodPost, srv.URL+"/check", "application/json", `{"order_id":"`+strings.Repeat("x", 70<<10)+`"}`)
	require.Equal(t, http.StatusRequestEntityTooLarge, code)
	code, _ = do(http.MethodPost, srv.URL+"/nope", "application/json", `{}`)
	require.Equal(t, http.StatusNotFound, code)
	code, _ = do(http.MethodPost, srv.PCIURL+"/nope", "application/json", `{}`)
	require.Equal(t, http.StatusNotFound, code)
}

func TestCardDataOnlyOnThePCIHost(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	pay := `{"order_id":"host","amount":1}`
	for _, path := range []string{"/initPaymentHost2Host", "/authorize"} {
		code, data := rawPost(t, srv.URL+path, srv.MerchantKey, srv.Secret, pay)
		require.Equal(t, http.StatusNotFound, code, path)
		_, errCode, msg := errBody(t, data)
		require.Equal(t, sandbox.CodeNotFound, errCode)
		require.Contains(t, msg, "PCI DSS host")
	}
	for _, path := range []string{"/initPayment", "/check", "/capture", "/withdrawal/balance/get"} {
		code, _ := rawPost(t, srv.PCIURL+path, srv.MerchantKey, srv.Secret, `{}`)
		require.Equal(t, http.StatusNotFound, code, path)
	}

	// A client with both hosts set to the gateway URL fails like in
	// production.
	wrong, err := client.New(srv.MerchantKey, srv.Secret, client.WithBaseURL(srv.URL), client.WithPCIBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = wrong.PayCard(context.Background(), cardPayment("wrong-host", sandbox.CardSuccess, 1000, ""))
	require.Equal(t, http.StatusNotFound, apiError(t, err).StatusCode)
	require.Empty(t, srv.Transactions())
}

func TestCheckUnknownOrder(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	_, err := srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: "nope"})
	apiErr := apiError(t, err)
	require.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	require.Equal(t, sandbox.CodeOrderNotFound, apiErr.Err)
}
