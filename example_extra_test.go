package smartcore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
)

func ExampleExtra_AddExtra() {
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	// The sandbox ignores members its tables do not list, as the gateway
	// does with members it does not know; this server shows what it got.
	var sent map[string]json.RawMessage
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &sent)
		r.Body = io.NopCloser(bytes.NewReader(body))
		sb.ServeHTTP(w, r)
	}))
	defer gateway.Close()
	c, err := client.New(sb.MerchantKey(), sb.Secret(), client.WithBaseURL(gateway.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	req := &smartcore.InitPaymentRequest{
		Order: smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "order-1"},
		Customer: smartcore.Customer{
			FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
			ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
		},
		IPAddress: "127.0.0.1",
	}
	// Members the gateway takes that the kit does not type yet: any JSON
	// value. An error here is a name added twice or a value JSON cannot
	// hold.
	if err := req.AddExtra("installments", 3); err != nil {
		fmt.Println(err)
		return
	}
	if err := req.AddExtra("loyalty", map[string]any{"program": "gold"}); err != nil {
		fmt.Println(err)
		return
	}
	res, err := c.InitPayment(ctx, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status)
	fmt.Println(string(sent["installments"]), string(sent["loyalty"]))

	// A member the request type has cannot be overwritten this way: the
	// call fails before anything is sent.
	check := &smartcore.CheckRequest{OrderID: "order-1"}
	_ = check.AddExtra("order_id", "order-2")
	_, err = c.Check(ctx, check)
	fmt.Println(err)
	// Output:
	// processing
	// 3 {"program":"gold"}
	// smartcore: /check: encoding request: extra member "order_id" is a member of *smartcore.CheckRequest: set its field instead
}

func ExampleResponse_Extra() {
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	// A gateway that added a member to its check answer before the kit
	// typed it: the sandbox's answer with "installments" added.
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, r)
		var answer map[string]json.RawMessage
		if r.URL.Path == "/check" && json.Unmarshal(rec.Body.Bytes(), &answer) == nil {
			answer["installments"] = json.RawMessage(`{"count": 3, "left": 2}`)
			body, _ := json.Marshal(answer)
			rec.Body = bytes.NewBuffer(body)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	defer gateway.Close()
	c, err := client.New(sb.MerchantKey(), sb.Secret(), client.WithBaseURL(gateway.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	_, err = c.InitPayment(ctx, &smartcore.InitPaymentRequest{
		Order: smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "order-1"},
		Customer: smartcore.Customer{
			FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
			ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
		},
		IPAddress: "127.0.0.1",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := c.Check(ctx, &smartcore.CheckRequest{OrderID: "order-1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.ExtraNames())
	if raw, ok := res.Extra("installments"); ok {
		var plan struct{ Count, Left int }
		if err := json.Unmarshal(raw, &plan); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d of %d installments left\n", plan.Left, plan.Count)
	}
	// Output:
	// processing [installments]
	// 2 of 3 installments left
}
