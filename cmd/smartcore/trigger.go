package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
)

func runTrigger(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("trigger", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("url", "", "callback URL to post to (required)")
	secretFlag := addSecretFlag(fs, "merchant secret")
	orderID := fs.String("order-id", "", "orderId (default: test-<unix nanoseconds>)")
	status := fs.String("status", "success", "status: success, fail, processing, or the number (2, -1, 1, 0)")
	typ := fs.String("type", string(smartcore.TypePayment), "transaction type")
	amount := fs.Int64("amount", 1000, "amount in cents")
	currency := fs.String("currency", "EUR", "currency")
	timeout := fs.Duration("timeout", 10*time.Second, "request timeout (must be positive)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore trigger --url URL [flags] [key=value ...]\n\nPosts a signed synthetic callback; extra key=value pairs are added (and signed). A key the command\nalready sends is set with its flag instead, and sign is computed. Prints the response status line.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagsExit(err)
	}
	secret := secretFlag.get()
	if u, err := url.Parse(*target); *target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintln(stderr, "smartcore trigger: --url needs the http:// or https:// URL that receives the callbacks, such as http://127.0.0.1:8081/webhooks/smartcore (smartcore listen's)")
		return 2
	}
	st, err := smartcore.ParseStatus(*status)
	if err != nil {
		fmt.Fprintf(stderr, "smartcore trigger: --status %q: want success, fail, processing or a status number\n", *status)
		return 2
	}
	if *timeout <= 0 {
		// http.Client reads 0 as "no timeout": a server that never
		// answers would hang the command.
		fmt.Fprintf(stderr, "smartcore trigger: --timeout must be positive, got %s\n", *timeout)
		return 2
	}
	extra, err := parsePairs(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "smartcore trigger:", err)
		return 2
	}
	if *orderID == "" {
		*orderID = "test-" + strconv.FormatInt(time.Now().UnixNano(), 10)
	}
	cb := &smartcore.Callback{
		OrderID: *orderID, Status: st, Amount: *amount, Currency: *currency,
		Type: smartcore.TransactionType(*typ),
	}
	if st == smartcore.StatusSuccess {
		cb.FinalAmount = *amount
	}
	if err := checkExtra(fs, cb, extra); err != nil {
		fmt.Fprintln(stderr, "smartcore trigger:", err)
		return 2
	}
	cb.Extra = extra
	signer, err := signing.New(secret)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore trigger: empty secret")
		return 2
	}
	// The gateway's body: the documented fields that are set, then the
	// extra pairs, then sign.
	body := form.Encode(signer.Signed(webhook.AppendFields(nil, cb)))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, *target, strings.NewReader(body))
	if err != nil {
		fmt.Fprintln(stderr, "smartcore trigger:", err)
		return 1
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{Timeout: *timeout}).Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore trigger:", plainError(err))
		return 1
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	fmt.Fprintln(stdout, resp.Proto, resp.Status)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 1
	}
	return 0
}

// checkExtra refuses an extra pair that would make a body every receiver
// rejects: a key the command already sends for cb (a repeated key), sign
// (which the command computes), or a key given twice. Which keys the
// command sends is learned from webhook.AppendFields, where the documented
// keys are spelled once; a documented key the command does not send (rrn,
// message, ...) is a useful extra. Errors name the key, never the value.
func checkExtra(fs *flag.FlagSet, cb *smartcore.Callback, extra []smartcore.Field) error {
	sent := webhook.AppendFields(nil, cb)
	for _, f := range extra {
		if f.Key == signing.Param {
			return fmt.Errorf("%s=... is not accepted: the signature is computed", signing.Param)
		}
		for _, s := range sent {
			if s.Key != f.Key {
				continue
			}
			if name := flagName(f.Key); fs.Lookup(name) != nil {
				return fmt.Errorf("%s=... would send %s twice: use --%s instead", f.Key, f.Key, name)
			}
			return fmt.Errorf("%s=... would send %s twice: the command sets it from its flags", f.Key, f.Key)
		}
	}
	if k, ok := repeatedKey(extra); ok {
		return fmt.Errorf("key %q is given twice", k)
	}
	return nil
}

// flagName returns the flag trigger would have for a callback key:
// orderId is --order-id.
func flagName(key string) string {
	var b strings.Builder
	for _, r := range key {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('-')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
