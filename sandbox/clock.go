package sandbox

import (
	"sort"
	"sync"
	"time"
)

// Clock is the sandbox's source of time: transaction timestamps and the
// callback retry schedule run on it, so that tests can replace real waiting
// with [FakeClock.Advance]. Implementations must be safe for concurrent use.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// AfterFunc calls f in its own goroutine or, for a fake clock, from
	// the goroutine that moves time, once d has elapsed. The returned
	// Timer cancels the call.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a call scheduled with [Clock.AfterFunc].
type Timer interface {
	// Stop cancels the call and reports whether it did; false means the
	// call already ran or was already stopped.
	Stop() bool
}

// realClock is the default Clock: the system's time.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// FakeClock is a [Clock] that only moves when told to. Scheduled calls run
// synchronously inside [FakeClock.Advance], in the order they fall due, so
// that when Advance returns every retry it made due has at least started
// (wait for it with [Sandbox.Flush]). The zero value is not usable; make
// one with [NewFakeClock]. It is safe for concurrent use.
type FakeClock struct {
	mu     sync.Mutex
	now    time.Time
	seq    uint64
	timers []*fakeTimer
}

// NewFakeClock returns a FakeClock showing start. A zero start means
// 2024-01-01T00:00:00Z, so that timestamps in tests are reproducible.
func NewFakeClock(start time.Time) *FakeClock {
	if start.IsZero() {
		start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return &FakeClock{now: start}
}

// Now returns the clock's current time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f to run when the clock has been advanced by d. A
// d of zero or less runs f at the next Advance, even Advance(0).
func (c *FakeClock) AfterFunc(d time.Duration, f func()) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &fakeTimer{clock: c, due: c.now.Add(max(d, 0)), seq: c.seq, f: f}
	c.timers = append(c.timers, t)
	return t
}

// Advance moves the clock forward by d (a negative d is treated as zero)
// and runs, in due order, every scheduled call that is then due, including
// calls that those calls schedule within the window. It returns after the
// calls have returned.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(max(d, 0))
	c.mu.Unlock()
	for {
		c.mu.Lock()
		next := c.nextDue(target)
		if next == nil {
			c.now = target
			c.mu.Unlock()
			return
		}
		c.remove(next)
		if next.due.After(c.now) {
			c.now = next.due
		}
		c.mu.Unlock()
		// Run outside the lock: the call may schedule or stop timers.
		next.f()
	}
}

// Pending returns how many scheduled calls have not run or been stopped:
// a test can tell that a retry is waiting for time to move.
func (c *FakeClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// nextDue returns the earliest timer due by target, or nil. c.mu is held.
func (c *FakeClock) nextDue(target time.Time) *fakeTimer {
	sort.Slice(c.timers, func(i, j int) bool {
		a, b := c.timers[i], c.timers[j]
		if !a.due.Equal(b.due) {
			return a.due.Before(b.due)
		}
		return a.seq < b.seq
	})
	if len(c.timers) == 0 || c.timers[0].due.After(target) {
		return nil
	}
	return c.timers[0]
}

// remove drops t from the schedule and reports whether it was there.
// c.mu is held.
func (c *FakeClock) remove(t *fakeTimer) bool {
	for i, x := range c.timers {
		if x == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}

type fakeTimer struct {
	clock *FakeClock
	due   time.Time
	seq   uint64
	f     func()
}

func (t *fakeTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	return t.clock.remove(t)
}
