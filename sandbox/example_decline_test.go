package sandbox_test

import (
	"context"
	"fmt"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

// QueueDecline makes the next matching payment fail with the code, and
// the gates' cascadeErrors, that a test wants; DeclineWith does the same
// for a payment waiting for its shopper, SettleFailed for a pending
// operation. Suites in other languages do it with the control API
// (POST /test-helpers/declines, .../complete, .../settle).
func ExampleSandbox_QueueDecline() {
	srv, err := sandbox.Start(sandbox.Options{SettleImmediately: true}, "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ctx := context.Background()
	customer := smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "10 Downing Street",
		City: "London", ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john@example.com"}
	status := func(id string) {
		chk, err := srv.Client.Check(ctx, &smartcore.CheckRequest{OrderID: id})
		if err != nil {
			panic(err)
		}
		fmt.Println(id, chk.Status, chk.ErrorMessage, chk.CascadeErrors.Codes())
	}

	err = srv.QueueDecline(sandbox.NextDecline{Code: smartcore.ErrGateNotFound, Amount: 1000,
		Cascade: []string{"PLATFORM_ERROR_ANTIFRAUD_RULES", "PLATFORM_ERROR_GATE_SKIPPED"}})
	if err != nil {
		panic(err)
	}
	_, err = srv.Client.PayCard(ctx, &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "order-1"},
		MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
		Card: smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	})
	if err != nil {
		panic(err)
	}
	status("order-1")

	_, err = srv.Client.InitPayment(ctx, &smartcore.InitPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 2000, Currency: "EUR", OrderID: "order-2"},
		MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
	})
	if err != nil {
		panic(err)
	}
	if err := srv.DeclineWith("order-2", smartcore.ErrProcessing); err != nil {
		panic(err)
	}
	status("order-2")

	// A refund of 77 cents goes pending; it fails instead of settling.
	_, err = srv.Client.PayCard(ctx, &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 3000, Currency: "EUR", OrderID: "order-3"},
		MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
		Card: smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	})
	if err != nil {
		panic(err)
	}
	ref, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "order-3", Amount: 77, Reason: "test"})
	if err != nil {
		panic(err)
	}
	if err := srv.SettleFailed(ref.RefundID, smartcore.ErrProcessorDenialProcessing); err != nil {
		panic(err)
	}
	chk, err := srv.Client.Check(ctx, &smartcore.CheckRequest{OrderID: ref.RefundID})
	if err != nil {
		panic(err)
	}
	fmt.Println("refund", chk.Status, chk.ErrorMessage)
	// Output:
	// order-1 fail PLATFORM_ERROR_GATE_NOT_FOUND [PLATFORM_ERROR_ANTIFRAUD_RULES PLATFORM_ERROR_GATE_SKIPPED]
	// order-2 fail PROCESSING_ERROR [PROCESSING_ERROR]
	// refund fail PROCESSOR_DENIAL_PROCESSING_ERROR
}
