package chaostest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// proxy is the load balancer in front of the replicas: round robin over
// the ones it believes up, 502 when the chosen one fails to answer (it was
// killed mid-request, or it is restarting), so that the sandbox retries.
// Every mirrorEvery-th request is also sent, at the same moment, to the
// next replica, its answer thrown away: a duplicate racing the original
// delivery on another process, the case the in-flight 409 exists for.
type proxy struct {
	backends    []*backend
	mirrorEvery uint64
	client      *http.Client

	next       atomic.Uint64
	badGateway atomic.Int64 // 502s answered
	mirrors    sync.WaitGroup

	mu           sync.Mutex
	mirrorCodes  map[int]int // answers to the mirrored copies; 0: no answer
	mirroredSent int
}

// backend is one replica as the proxy sees it.
type backend struct {
	r        *replica
	up       atomic.Bool
	inflight atomic.Int64 // requests forwarded and not yet answered
	served   atomic.Int64 // requests forwarded, mirrored copies included
}

func newProxy(replicas []*replica, mirrorEvery uint64) *proxy {
	p := &proxy{
		mirrorEvery: mirrorEvery,
		mirrorCodes: map[int]int{},
		client: &http.Client{
			Timeout:   10 * time.Second,
			Transport: &http.Transport{MaxIdleConnsPerHost: 64, Proxy: nil},
		},
	}
	for _, r := range replicas {
		b := &backend{r: r}
		b.up.Store(true)
		p.backends = append(p.backends, b)
	}
	return p
}

// pick returns the first backend believed up from the n-th in turn, or nil.
func (p *proxy) pick(n uint64) *backend {
	for k := range uint64(len(p.backends)) {
		if b := p.backends[(n+k)%uint64(len(p.backends))]; b.up.Load() {
			return b
		}
	}
	return nil
}

// ServeHTTP implements http.Handler.
func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "proxy: reading the request failed", http.StatusBadRequest)
		return
	}
	n := p.next.Add(1)
	b := p.pick(n)
	if b == nil {
		p.badGateway.Add(1)
		http.Error(w, "proxy: no replica up", http.StatusBadGateway)
		return
	}
	if p.mirrorEvery > 0 && n%p.mirrorEvery == 0 {
		if m := p.pick(n + 1); m != nil && m != b {
			p.mu.Lock()
			p.mirroredSent++
			p.mu.Unlock()
			p.mirrors.Add(1)
			go func() {
				defer p.mirrors.Done()
				code, _, _ := p.forward(context.Background(), m, r.URL.Path, r.Header, body)
				p.mu.Lock()
				p.mirrorCodes[code]++
				p.mu.Unlock()
			}()
		}
	}
	code, hdr, answer := p.forward(r.Context(), b, r.URL.Path, r.Header, body)
	if code == 0 {
		p.badGateway.Add(1)
		http.Error(w, "proxy: the replica did not answer", http.StatusBadGateway)
		return
	}
	for _, k := range []string{"Content-Type", "Retry-After"} {
		if v := hdr.Get(k); v != "" {
			w.Header().Set(k, v)
		}
	}
	w.WriteHeader(code)
	_, _ = w.Write(answer)
}

// forward posts body to b and returns its status, headers and body; a zero
// status when it did not answer.
func (p *proxy) forward(ctx context.Context, b *backend, path string, h http.Header, body []byte) (int, http.Header, []byte) {
	b.inflight.Add(1)
	b.served.Add(1)
	defer b.inflight.Add(-1)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+b.r.addr+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil
	}
	req.Header.Set("Content-Type", h.Get("Content-Type"))
	res, err := p.client.Do(req)
	if err != nil {
		return 0, nil, nil
	}
	defer res.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return 0, nil, nil
	}
	return res.StatusCode, res.Header, answer
}
