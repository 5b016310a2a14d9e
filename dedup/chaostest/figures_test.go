package chaostest_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

// ledgerResult sorts the orders by what the ledger holds for them.
type ledgerResult struct {
	once        int
	lost        []string       // no write of the final status
	wrong       []string       // a write of a status the order does not have
	killWindow  []string       // two writes, one by the killed process that never acknowledged it
	unexplained []string       // anything else written more than once
	perInstance map[string]int // writes of final statuses, by incarnation
	stray       []string       // orders in the ledger the run did not place
	byStatus    map[smartcore.Status]int
}

// checkLedger compares the ledger with the sandbox's final statuses. A
// double write is put down to the kill window when one of the two was made
// by the killed incarnation and that incarnation never acknowledged the
// order: it died between the business write and Complete (or the 200), the
// claim ran out its lease, and the gateway's retry was processed again.
func checkLedger(t *testing.T, st store, srv *sandbox.Server, ids []string, kill killReport) ledgerResult {
	writes := st.ledger(t, ids)
	acks := st.acks(t, ids)
	res := ledgerResult{perInstance: map[string]int{}, byStatus: map[smartcore.Status]int{}}
	for _, id := range ids {
		txn, ok := srv.Order(id)
		require.True(t, ok, "the sandbox forgot %s", id)
		res.byStatus[txn.Status]++
		var final []write
		for _, w := range writes[id] {
			if w.status != txn.Status {
				res.wrong = append(res.wrong, fmt.Sprintf("%s: %d by %s (final %d)", id, w.status, w.instance, txn.Status))
				continue
			}
			final = append(final, w)
			res.perInstance[w.instance]++
		}
		byVictim := slices.IndexFunc(final, func(w write) bool { return w.instance == kill.instance }) >= 0
		switch {
		case len(final) == 1:
			res.once++
		case len(final) == 0:
			res.lost = append(res.lost, id)
		case len(final) == 2 && byVictim && !slices.Contains(acks[id], kill.instance):
			res.killWindow = append(res.killWindow, fmt.Sprintf("%s: %v", id, final))
		default:
			res.unexplained = append(res.unexplained, fmt.Sprintf("%s: %v", id, final))
		}
		delete(writes, id)
	}
	for id := range writes {
		res.stray = append(res.stray, id)
	}
	require.Zero(t, len(res.stray), "ledger entries for orders the run did not place: %v", head(res.stray))
	return res
}

func printFigures(t *testing.T, st store, sc scenario, seed uint64, stats *deliveryStats, px *proxy,
	kill killReport, res ledgerResult, dupSent int, placed, elapsed time.Duration) {
	stats.mu.Lock()
	defer stats.mu.Unlock()
	px.mu.Lock()
	defer px.mu.Unlock()
	codes := func(m map[int]int) string {
		keys := make([]int, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var parts []string
		for _, k := range keys {
			name := strconv.Itoa(k)
			if k == 0 {
				name = "no answer"
			}
			parts = append(parts, fmt.Sprintf("%s: %d", name, m[k]))
		}
		return strings.Join(parts, ", ")
	}
	var served []string
	for _, b := range px.backends {
		served = append(served, fmt.Sprintf("p%d %d", b.r.slot, b.served.Load()))
	}
	instances := make([]string, 0, len(res.perInstance))
	for in := range res.perInstance {
		instances = append(instances, in)
	}
	slices.Sort(instances)
	var per []string
	for _, in := range instances {
		per = append(per, fmt.Sprintf("%s %d", in, res.perInstance[in]))
	}
	mode := st.name()
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	w("chaos run (%s), seed %d (%s=%d replays it)", mode, seed, envChaosSeed, seed)
	w("  orders             %d placed in %v: %d paid (status 2), %d declined (status -1)",
		sc.orders, placed.Round(time.Millisecond), res.byStatus[smartcore.StatusSuccess], res.byStatus[smartcore.StatusFail])
	w("  processes          %d, %d%% of handler calls fail, lease %v", sc.replicas, sc.failPct, sc.lease)
	w("  deliveries         %d attempts by the sandbox (%s)", stats.attempts, codes(stats.codes))
	w("  retries            %d (attempts after a delivery's first)", stats.retries)
	w("  duplicates         %d sent with SendDuplicate, answered %s; acknowledged (2xx): %d",
		dupSent, codes(stats.dupCodes), stats.dupCodes[200])
	w("  concurrent copies  %d requests also sent to a second process at once, answered %s",
		px.mirroredSent, codes(px.mirrorCodes))
	w("  proxy              %d answered 502 (replica dead or down); requests per slot: %s",
		px.badGateway.Load(), strings.Join(served, ", "))
	w("  kill               %s SIGKILLed at %v with %d request(s) in flight; %s up on the same port at %v",
		kill.instance, kill.at.Round(time.Millisecond), kill.inflight, kill.restarted, kill.upAt.Round(time.Millisecond))
	w("  ledger             %d orders processed exactly once, %d lost, %d processed twice in the kill window, %d otherwise more than once, %d with a wrong status",
		res.once, len(res.lost), len(res.killWindow), len(res.unexplained), len(res.wrong))
	w("  processed by       %s", strings.Join(per, ", "))
	w("  store              %s", st.summary(t))
	w("  elapsed            %v", elapsed.Round(time.Millisecond))
	for _, k := range res.killWindow {
		w("  twice in the kill window: %s", k)
	}
	t.Log("\n" + b.String())
}

// head keeps a failure's message short: the first ten items of list.
func head(list []string) []string {
	if len(list) > 10 {
		return append(list[:10:10], fmt.Sprintf("... %d more", len(list)-10))
	}
	return list
}
