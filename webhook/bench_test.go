package webhook_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// The floors: what any receiver must do at the least. BenchmarkHandler's
// ns/op divided by BenchmarkFloorHMAC's is the kit's overhead ratio.

func canonicalOf(body string) (string, string) {
	v, _ := url.ParseQuery(body)
	fields := make([]smartcore.Field, 0, len(v))
	for k, vs := range v {
		fields = append(fields, smartcore.Field{Key: k, Value: vs[0]})
	}
	return signing.Canonical(fields), v.Get("sign")
}

// BenchmarkFloorHMAC is the bare HMAC of the callback's canonical string
// and the comparison with its signature.
func BenchmarkFloorHMAC(b *testing.B) {
	canonical, sign := canonicalOf(docBody())
	key := []byte(secret)
	b.ReportAllocs()
	for b.Loop() {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(canonical))
		want, _ := hex.DecodeString(sign)
		if !hmac.Equal(m.Sum(nil), want) {
			b.Fatal("mismatch")
		}
	}
}

// BenchmarkFloorParseQueryHMAC adds net/url's parsing of the body.
func BenchmarkFloorParseQueryHMAC(b *testing.B) {
	body := docBody()
	canonical, _ := canonicalOf(body)
	key := []byte(secret)
	b.ReportAllocs()
	for b.Loop() {
		v, err := url.ParseQuery(body)
		if err != nil {
			b.Fatal(err)
		}
		m := hmac.New(sha256.New, key)
		m.Write([]byte(canonical))
		want, _ := hex.DecodeString(v.Get("sign"))
		if !hmac.Equal(m.Sum(nil), want) {
			b.Fatal("mismatch")
		}
	}
}

// BenchmarkFloorSplitSortHMAC is the least a receiver of this gateway does
// with the standard library alone: split the body, unescape it, sort the
// fields by key (byte order, the signature's order for ASCII keys) and
// HMAC their values with a keyed hash kept from call to call. It checks
// nothing else: no repeated keys, no numbers, no decode into a type.
func BenchmarkFloorSplitSortHMAC(b *testing.B) {
	body := docBody()
	mac := hmac.New(sha256.New, []byte(secret))
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		var stack [32]smartcore.Field
		fields, sign := stack[:0], ""
		for rest := body; rest != ""; {
			var pair string
			pair, rest, _ = strings.Cut(rest, "&")
			k, v, _ := strings.Cut(pair, "=")
			k, _ = url.QueryUnescape(k)
			v, _ = url.QueryUnescape(v)
			if k == "sign" {
				sign = v
				continue
			}
			fields = append(fields, smartcore.Field{Key: k, Value: v})
		}
		slices.SortFunc(fields, func(x, y smartcore.Field) int { return strings.Compare(x.Key, y.Key) })
		buf = buf[:0]
		for i, f := range fields {
			if i > 0 {
				buf = append(buf, '|')
			}
			buf = append(buf, f.Value...)
		}
		mac.Reset()
		mac.Write(buf)
		want, _ := hex.DecodeString(sign)
		if !hmac.Equal(mac.Sum(nil), want) {
			b.Fatal("mismatch")
		}
	}
}

// BenchmarkHandler is the whole handler: body bytes to a verified, typed
// callback handed to the application, and the 200.
func BenchmarkHandler(b *testing.B) { benchHandlerBody(b, docBody()) }

func benchHandlerBody(b *testing.B, body string) {
	var got *smartcore.Callback
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		got = cb
		return nil
	}), webhook.Options{Secrets: []string{secret}})
	if err != nil {
		b.Fatal(err)
	}
	// The request and writer are reused so that only the handler's own
	// allocations are counted.
	rd := &rewindBody{r: strings.NewReader(body)}
	req := formRequest("POST", "/cb", "")
	req.Body, req.ContentLength = rd, int64(len(body))
	w := &discardWriter{h: http.Header{}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		rd.r.Reset(body)
		w.code = 0
		h.ServeHTTP(w, req)
		if w.code != 200 {
			b.Fatalf("status %d", w.code)
		}
	}
	if got.OrderID != "200004" {
		b.Fatal("callback not decoded")
	}
}

type rewindBody struct{ r *strings.Reader }

func (b *rewindBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *rewindBody) Close() error               { return nil }

var _ io.ReadCloser = (*rewindBody)(nil)

type discardWriter struct {
	h    http.Header
	code int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	return len(p), nil
}
func (w *discardWriter) WriteHeader(code int) { w.code = code }

// BenchmarkHandlerFields is the handler on bodies of 20, 200 and 2,000
// fields. The extra fields arrive in a shuffled key order, so the sort does
// real work; SetBytes makes the time per byte comparable across sizes.
func BenchmarkHandlerFields(b *testing.B) {
	for _, n := range []int{20, 200, 2000} {
		b.Run(fmt.Sprintf("fields=%d", n), func(b *testing.B) {
			benchHandlerBody(b, bodyWithFields(n))
		})
	}
}

// bodyWithFields is docBody's callback with extra fields up to n (sign not
// counted), signed.
func bodyWithFields(n int) string {
	cb := docCallback()
	base := len(webhook.AppendFields(nil, cb))
	r := rand.New(rand.NewPCG(1, 2))
	for _, i := range r.Perm(max(n-base, 0)) {
		cb.Extra = append(cb.Extra, smartcore.Field{Key: fmt.Sprintf("item_%04d_code", i), Value: fmt.Sprintf("value %d", i)})
	}
	return webhooktest.Body(secret, cb)
}
