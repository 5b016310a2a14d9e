package checkout_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
)

func TestNextStep(t *testing.T) {
	acs := "https://acs.issuer.example/c"
	tests := []struct {
		name string
		resp *smartcore.PaymentResponse
		want checkout.Next
	}{
		{"redirect", &smartcore.PaymentResponse{Status: 1, FormURL: formURL, OrderID: "o"},
			checkout.Next{Step: checkout.StepRedirect, URL: formURL, Status: 1, OrderID: "o"}},
		{"form_url wins over ACS", &smartcore.PaymentResponse{Status: 1, FormURL: formURL, ACSURL: acs, CReq: "c"},
			checkout.Next{Step: checkout.StepRedirect, URL: formURL, Status: 1}},
		{"3DS2", &smartcore.PaymentResponse{Status: 1, ACSURL: acs, CReq: "c"},
			checkout.Next{Step: checkout.StepChallenge, URL: acs, Status: 1, Fields: []checkout.HiddenField{{Name: "creq", Value: "c"}}}},
		{"3DS2 wins over 3DS1", &smartcore.PaymentResponse{Status: 1, ACSURL: acs, CReq: "c", PaReq: "p", TermURL: "t"},
			checkout.Next{Step: checkout.StepChallenge, URL: acs, Status: 1, Fields: []checkout.HiddenField{{Name: "creq", Value: "c"}}}},
		{"3DS1", &smartcore.PaymentResponse{Status: 0, ACSURL: acs, PaReq: "p", MD: "m", TermURL: "t"},
			checkout.Next{Step: checkout.StepChallenge, URL: acs, Status: 0, Fields: []checkout.HiddenField{{Name: "PaReq", Value: "p"}, {Name: "MD", Value: "m"}, {Name: "TermUrl", Value: "t"}}}},
		{"success", &smartcore.PaymentResponse{Status: 2, OrderID: "o"}, checkout.Next{Step: checkout.StepDone, Status: 2, OrderID: "o"}},
		{"fail even with a form_url", &smartcore.PaymentResponse{Status: -1, FormURL: "https://evil.example/"},
			checkout.Next{Step: checkout.StepDone, Status: -1}},
		{"processing", &smartcore.PaymentResponse{Status: 1}, checkout.Next{Step: checkout.StepPending, Status: 1}},
		{"undocumented status", &smartcore.PaymentResponse{Status: 7}, checkout.Next{Step: checkout.StepPending, Status: 7}},
	}
	for _, tt := range tests {
		got, err := checkout.NextStep(tt.resp, checkout.RedirectPolicy{})
		require.NoError(t, err, tt.name)
		require.Equal(t, tt.want, got, tt.name)
	}

	_, err := checkout.NextStep(nil, checkout.RedirectPolicy{})
	require.ErrorIs(t, err, checkout.ErrUnexpectedResponse)
	_, err = checkout.NextStep(&smartcore.PaymentResponse{Status: 1, FormURL: "https://evil.example/"}, checkout.RedirectPolicy{})
	require.ErrorIs(t, err, checkout.ErrRedirectRejected)
}

func TestNextJSON(t *testing.T) {
	tests := []struct {
		next checkout.Next
		want string
	}{
		{checkout.Next{Step: checkout.StepRedirect, URL: formURL, Status: 1, OrderID: "o"},
			`{"next":"redirect","url":"` + formURL + `","status":1,"order_id":"o"}`},
		{checkout.Next{Step: checkout.StepChallenge, URL: "https://acs.example/", Status: 1, Fields: []checkout.HiddenField{{Name: "PaReq", Value: "p"}, {Name: "MD", Value: ""}, {Name: "TermUrl", Value: "t"}}},
			`{"next":"3ds","url":"https://acs.example/","method":"POST","fields":{"MD":"","PaReq":"p","TermUrl":"t"},"status":1}`},
		{checkout.Next{Step: checkout.StepDone, Status: 2}, `{"next":"done","status":2}`},
		{checkout.Next{Step: checkout.StepPending, Status: 0}, `{"next":"pending","status":0}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.next)
		require.NoError(t, err)
		require.JSONEq(t, tt.want, string(b))
	}
}
