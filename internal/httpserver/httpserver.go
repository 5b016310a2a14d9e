// Package httpserver builds the http.Server of every server the kit ships
// (smartcore listen, smartcore sandbox and sandbox.Start, the example
// shops), so that none of them can be held open by slow clients or made to
// buffer megabytes of headers, nor hold more than MaxConns connections
// (MaxWaitingConns of them waiting for headers); and
// the Host check (Hosts) of the servers a browser may reach.
//
// net/http's zero values wait forever for a request body, a response write
// and an idle connection, and accept 1 MiB of headers per connection: with
// 1,000 connections each sending just under a megabyte of headers a server
// holds a gigabyte, and a connection that trickles its body is never
// released, so that with a low descriptor limit a few hundred of them stop
// the server accepting at all.
package httpserver

import (
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"
)

// The timeouts every server gets. They bound how long one connection can be
// held; a client that reconnects can still hold as many, which the header
// limit and net/http's small per-connection buffers keep cheap.
const (
	// ReadHeaderTimeout is how long the request line and headers may take
	// to arrive. A legitimate client sends them in one packet; 5 s leaves
	// room for a slow mobile network.
	ReadHeaderTimeout = 5 * time.Second

	// ReadTimeout is how long the whole request, headers and body, may take
	// to arrive. The kit's servers receive callbacks (under 2 KB), API
	// calls and form posts, never uploads: 10 s is ample, and a body that
	// trickles in is cut there instead of holding its connection forever.
	ReadTimeout = 10 * time.Second

	// WriteTimeout runs from the end of the request headers to the end of
	// the response, so it also bounds the handler. It is longer than the
	// kit's client timeout (30 s), so a handler waiting on the gateway, or
	// the sandbox's slow fault, is never cut before the client would have
	// given up: a cut response to a callback that was processed makes the
	// gateway send it again.
	WriteTimeout = 60 * time.Second

	// IdleTimeout is how long a keep-alive connection waits for its next
	// request. Without it net/http falls back to ReadTimeout, too short for
	// the gateway's and browsers' connection reuse.
	IdleTimeout = 60 * time.Second
)

// Header limits for New. net/http allows 4096 bytes beyond MaxHeaderBytes,
// so a connection holds at most the limit plus 4 KiB of headers before it is
// answered 431 Request Header Fields Too Large.
const (
	// CallbackHeaderBytes is for servers that only machines call (the
	// gateway's callbacks): a callback's headers are about 1 KB, proxies
	// add a few hundred bytes.
	CallbackHeaderBytes = 4 << 10

	// BrowserHeaderBytes is for servers that browsers visit (the shops, the
	// sandbox's hosted pages), whose cookies can add several kilobytes,
	// more on localhost, where every local app's cookies are sent. 16 KiB is
	// Node.js's default limit.
	BrowserHeaderBytes = 16 << 10
)

// Server is an http.Server whose Serve holds at most MaxConns connections
// open, MaxWaitingConns of them waiting for a request's headers. Shutdown, Close and the fields are http.Server's.
type Server struct {
	*http.Server
	conns *connCap
}

// New returns a server for h with the package's timeouts, connection cap
// and maxHeaderBytes, normally CallbackHeaderBytes or BrowserHeaderBytes;
// zero or less means CallbackHeaderBytes. The caller serves it (with its
// Serve, which applies the cap) and shuts it down.
func New(h http.Handler, maxHeaderBytes int) *Server {
	if maxHeaderBytes <= 0 {
		maxHeaderBytes = CallbackHeaderBytes
	}
	c := newConnCap(MaxConns, MaxWaitingConns)
	return &Server{Server: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ConnState:         c.track,
	}, conns: c}
}

// Serve serves ln, holding at most MaxConns of its connections open and
// MaxWaitingConns waiting for a request's headers.
func (s *Server) Serve(ln net.Listener) error {
	return s.Server.Serve(s.conns.listener(ln))
}

// SandboxTransactionBytes is what a sandbox's stored transaction costs at
// most, for LimitMemory (package sandbox: "about 1.5 KB", 1,536 B bound).
const SandboxTransactionBytes = 1600

// MemoryLimitBase is the soft memory limit LimitMemory sets beyond the
// caller's own data: the server, its connections (bounded by the caps)
// and their garbage, which the collector would otherwise let grow to
// twice what is live.
const MemoryLimitBase = 96 << 20

// LimitMemory sets the process's soft memory limit
// (runtime/debug.SetMemoryLimit) to MemoryLimitBase plus dataBytes, the
// most the program's own data may hold (a sandbox's full store), so that
// the collector does not run without end once that data is there. It does
// nothing when $GOMEMLIMIT is set, which overrides it. Only commands call
// it, never a library running inside someone else's program. The returned
// function restores the previous limit.
func LimitMemory(dataBytes int64) (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(MemoryLimitBase + dataBytes)
	return func() { debug.SetMemoryLimit(prev) }
}
