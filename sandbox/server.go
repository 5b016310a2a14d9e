package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/internal/httpserver"
)

// Server is a Sandbox listening on a real address, with a client already
// configured for it.
type Server struct {
	*Sandbox
	// URL is the gateway host's base URL ("http://127.0.0.1:PORT"), for
	// client.WithBaseURL. The hosted pages live under it too.
	URL string
	// PCIURL is the PCI DSS host's base URL (URL + "/pci"), for
	// client.WithPCIBaseURL.
	PCIURL string
	// Client is a smartcore client pointed at URL and PCIURL with the
	// sandbox's credentials. Its Check and Balance retries start at 10ms
	// instead of 200ms, to keep fault tests fast.
	Client *client.Client
	// MerchantKey and Secret are the credentials the sandbox accepts; Secret
	// also verifies its callbacks (webhook.Options{Secrets: ...}).
	MerchantKey, Secret string

	shutdown  func() error
	closeOnce sync.Once
}

// Start serves a Sandbox configured by opts on addr ("127.0.0.1:8090",
// ":0" for any free port), for the command line and for other programs;
// tests use sandboxtest.NewServer, which calls it. It returns an error when addr cannot be listened on or the
// credentials cannot make a client. Close the Server when done.
//
// The server is hardened against slow clients: a request must arrive
// within 10 s (headers within 5 s), a response be written within 60 s (a
// FaultSlow Delay longer than that loses its answer), an idle connection
// is closed after 60 s, headers beyond 16 KiB (and net/http's 4 KiB of
// slack) are answered 431, and at most 1,024 connections waiting for a
// request's headers (beyond, the one waiting longest is closed to make
// room) and 4,096 in all are held open. Start sets no memory limit (it
// runs inside your process); the smartcore command does.
//
// It answers loopback Host names on its own port and opts.BaseURL's host,
// 421 otherwise, and builds form_url and the other URLs it returns from
// opts.BaseURL, else from URL, never from a request's Host.
func Start(opts Options, addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: listen: %w", err)
	}
	sb := New(opts)
	base := "http://" + displayAddr(ln.Addr())
	// The names the sandbox answers: loopback ones on this port only, and
	// the URL it builds its pages' URLs from, never the request's Host.
	if sb.cfg.baseURL == "" {
		sb.cfg.baseURL = base
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	sb.cfg.hosts = httpserver.NewHosts(port, sb.cfg.baseURL)
	// Browsers visit the hosted pages, so their cookies must fit.
	hs := httpserver.New(sb, httpserver.BrowserHeaderBytes)
	go func() { _ = hs.Serve(ln) }()
	srv, err := newServer(sb, base, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := hs.Shutdown(ctx)
		_ = sb.Close()
		if errors.Is(err, context.DeadlineExceeded) {
			return hs.Close()
		}
		return err
	})
	if err != nil {
		_ = hs.Close()
		_ = sb.Close()
		return nil, err
	}
	return srv, nil
}

func newServer(sb *Sandbox, base string, shutdown func() error) (*Server, error) {
	pci := base + "/pci"
	apiClient, err := client.New(sb.cfg.key, sb.cfg.secret,
		client.WithBaseURL(base), client.WithPCIBaseURL(pci),
		client.WithRetry(3, 10*time.Millisecond))
	if err != nil {
		return nil, err
	}
	return &Server{Sandbox: sb, URL: base, PCIURL: pci, Client: apiClient,
		MerchantKey: sb.cfg.key, Secret: sb.cfg.secret, shutdown: shutdown}, nil
}

// Close stops the listener and the sandbox's callback deliveries. Calling
// it again does nothing and returns nil.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() { err = s.shutdown() })
	return err
}

// displayAddr turns a wildcard listen address into one a client can dial.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}
