// Package httpserver builds the http.Server of every server the kit ships
// (smartcore listen, smartcore sandbox and sandbox.Start, the example
// shops), so that none of them can be held open by slow clients or made to
// buffer megabytes of headers.
//
// net/http's zero values wait forever for a request body, a response write
// and an idle connection, and accept 1 MiB of headers per connection: with
// 1,000 connections each sending just under a megabyte of headers a server
// holds a gigabyte, and a connection that trickles its body is never
// released, so that with a low descriptor limit a few hundred of them stop
// the server accepting at all.
package httpserver

import (
	"net/http"
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

// New returns a server for h with the package's timeouts and
// maxHeaderBytes, normally CallbackHeaderBytes or BrowserHeaderBytes; zero
// or less means CallbackHeaderBytes. The caller serves and shuts it down.
func New(h http.Handler, maxHeaderBytes int) *http.Server {
	if maxHeaderBytes <= 0 {
		maxHeaderBytes = CallbackHeaderBytes
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}
