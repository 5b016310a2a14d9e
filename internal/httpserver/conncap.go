package httpserver

import (
	"container/list"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The connection caps of every server. A connection waiting for a
// request's headers (a new one still sending them, or an idle keep-alive
// one) costs its goroutine, buffers and the headers read so far, about 40
// KB with BrowserHeaderBytes of headers half sent: without a cap, 9,000 of
// them took the sandbox to 633 MB. A connection whose request is being
// handled (its headers read) costs less, and ReadTimeout ends a body that
// trickles in.
const (
	// MaxWaitingConns bounds the connections waiting for a request's
	// headers, near 40 MB. Beyond it a new connection is not left in the
	// kernel's queue behind the ones holding the server: the one that has
	// waited longest is closed to make room, so a client that sends its
	// request at once, as every real one does, is answered. 1,024 is far
	// more than a browser, a test suite or the gateway's callbacks keep
	// open against a development server.
	MaxWaitingConns = 1024

	// MaxConns bounds all the connections a server holds open. A
	// connection whose request is being handled is never closed for the
	// caps; when MaxConns are open and none waits for headers, the next
	// Accept waits for one to end.
	MaxConns = 4096
)

// evictGrace is how long a connection has waited for its headers, since
// the server started reading it, before it may be closed to make room:
// a real client's request arrives with its connection, so it is read and
// handled well within it even on a loaded machine, and under attack the
// server still takes MaxWaitingConns new connections every evictGrace.
const evictGrace = 100 * time.Millisecond

// connCap counts a server's connections: open, and nWait of them waiting
// for a request's headers. Those the server has started reading are in
// waiting, oldest first: only they may be closed to make room, so that a
// connection accepted in a burst is not closed before the server even
// looked at it.
type connCap struct {
	max     int // open connections
	maxWait int // connections waiting for headers
	mu      sync.Mutex
	freed   *sync.Cond // signalled when a connection closes, becomes closable, or the listener closes
	open    int
	nWait   int
	waiting list.List // of *capConn
	closed  bool      // the listener was closed: Accept stops waiting
}

func newConnCap(max, maxWait int) *connCap {
	c := &connCap{max: max, maxWait: maxWait}
	c.freed = sync.NewCond(&c.mu)
	return c
}

// listener returns ln with Accept bounded by the caps.
func (c *connCap) listener(ln net.Listener) net.Listener { return &capListener{Listener: ln, c: c} }

type capListener struct {
	net.Listener
	c *connCap
}

// capConn is a counted connection. Its fields are guarded by c.mu.
type capConn struct {
	net.Conn
	c       *connCap
	counted bool          // open, until closed or evicted
	waits   bool          // waiting for a request's headers
	read    bool          // the server has started reading it
	seen    atomic.Bool   // read, for Read's fast path
	elem    *list.Element // in c.waiting: waits and read
	since   time.Time     // when it was put in c.waiting
}

func (l *capListener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	cc := &capConn{Conn: nc, c: l.c}
	if !l.c.admit(cc) {
		_ = nc.Close()
		return nil, net.ErrClosed
	}
	return cc, nil
}

func (l *capListener) Close() error {
	l.c.mu.Lock()
	l.c.closed = true
	l.c.freed.Broadcast()
	l.c.mu.Unlock()
	return l.Listener.Close()
}

// admit makes room for cc, a connection that will wait for its request's
// headers: at either cap it closes the connection that has waited longest
// for them among those the server has started reading, or waits for one
// to end or become closable. It returns false when the listener closed
// meanwhile.
func (c *connCap) admit(cc *capConn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.open >= c.max || c.nWait >= c.maxWait {
		if c.closed {
			return false
		}
		if front := c.waiting.Front(); front != nil {
			victim := front.Value.(*capConn)
			if wait := evictGrace - time.Since(victim.since); wait > 0 {
				t := time.AfterFunc(wait, func() {
					c.mu.Lock()
					c.freed.Broadcast()
					c.mu.Unlock()
				})
				c.freed.Wait()
				t.Stop()
				continue
			}
			c.forget(victim)
			c.mu.Unlock()
			_ = victim.Conn.Close() // its server goroutine ends on the read error
			c.mu.Lock()
			continue
		}
		c.freed.Wait()
	}
	c.open++
	c.nWait++
	cc.counted, cc.waits = true, true
	return true
}

// Read marks the connection as looked at by the server on its first call.
func (cc *capConn) Read(b []byte) (int, error) {
	if !cc.seen.Load() {
		cc.seen.Store(true)
		c := cc.c
		c.mu.Lock()
		cc.read = true
		c.list(cc)
		c.mu.Unlock()
	}
	return cc.Conn.Read(b)
}

// list puts cc in waiting when it waits and was read; c.mu is held.
func (c *connCap) list(cc *capConn) {
	if cc.counted && cc.waits && cc.read && cc.elem == nil {
		cc.elem = c.waiting.PushBack(cc)
		cc.since = time.Now()
		c.freed.Signal()
	}
}

// unwait records that cc no longer waits for headers; c.mu is held.
func (c *connCap) unwait(cc *capConn) {
	if cc.elem != nil {
		c.waiting.Remove(cc.elem)
		cc.elem = nil
	}
	if cc.waits {
		cc.waits = false
		c.nWait--
	}
}

// forget stops counting cc; c.mu is held.
func (c *connCap) forget(cc *capConn) {
	if !cc.counted {
		return
	}
	c.unwait(cc)
	cc.counted = false
	c.open--
	c.freed.Signal()
}

// track is the server's ConnState hook. net/http reports StateActive once
// a request's headers are read, StateIdle when a keep-alive connection
// waits for the next request.
func (c *connCap) track(nc net.Conn, state http.ConnState) {
	cc, ok := nc.(*capConn)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch state {
	case http.StateActive:
		c.unwait(cc)
	case http.StateIdle:
		if cc.counted && !cc.waits {
			cc.waits = true
			c.nWait++
			c.list(cc)
		}
	case http.StateClosed, http.StateHijacked:
		c.forget(cc)
	}
}
