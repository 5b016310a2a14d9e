package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore/ratelimit"
)

func ExampleNew() {
	limit, err := ratelimit.New(ratelimit.Options{Rate: rate.Every(time.Minute), Burst: 2})
	if err != nil {
		panic(err)
	}
	h := limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for range 3 {
		r := httptest.NewRequest("POST", "/pay", nil)
		r.RemoteAddr = "203.0.113.7:52000"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Values("Retry-After"))
	}
	// Output:
	// 200 []
	// 200 []
	// 429 [60]
}
