// Command cpubench measures benchmarks in process CPU time: what a
// benchmark costs the machine, garbage collection on the other cores
// included, which go test's wall-clock ns/op does not count.
//
// It builds a package's test binary once (go test -c) and runs every
// benchmark in a process of its own, with a fixed iteration count
// (-test.benchtime Nx) and a fixed GOMAXPROCS. The CPU time of a process
// is its user plus system time, as the kernel reports it when the process
// exits. Start-up (loading the binary, the test package's init, the
// benchmark's setup and the first iteration) is removed by running each
// benchmark once more at 1x and subtracting that run's CPU time; the
// difference is divided by N-1. Rounds are interleaved, the order of the
// benchmarks alternating from one round to the next, and each round gives
// the ratio of every benchmark to the first one (the floor). The median of
// the rounds' ratios is the figure to quote: a neighbour that takes the CPU
// during one round moves one ratio, not the median.
//
//	go run ./internal/cpubench -rounds 9
//	go run ./internal/cpubench -rounds 9 -procs 1 -n 200000
//	go run ./internal/cpubench -pkg ./signing -bench BenchmarkFloorHMAC,BenchmarkVerify
//
// The child's ns/op, B/op and allocs/op are printed beside its CPU time, so
// one run gives the wall-clock ratio of the same processes too.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	pkg := flag.String("pkg", "./webhook", "the `package` whose benchmarks are run")
	benches := flag.String("bench", "BenchmarkFloorSplitSortHMAC,BenchmarkHandler",
		"comma-separated benchmark `names`; the first is the floor the others are divided by")
	n := flag.Int("n", 200_000, "iterations per measured run (-test.benchtime Nx)")
	rounds := flag.Int("rounds", 9, "rounds; each runs every benchmark once, in alternating order")
	procs := flag.Int("procs", 2, "GOMAXPROCS of the benchmark processes")
	binary := flag.String("binary", "", "use this test `binary` instead of building one from -pkg (run in the current directory)")
	flag.Parse()
	log.SetFlags(0)

	names := strings.Split(*benches, ",")
	if len(names) < 2 || *n < 2 || *rounds < 1 || *procs < 1 {
		log.Fatal("cpubench: need two or more benchmarks, -n of 2 or more, -rounds and -procs of 1 or more")
	}
	bin, dir := *binary, ""
	if bin == "" {
		tmp, err := os.MkdirTemp("", "cpubench")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		bin = filepath.Join(tmp, "bench.test")
		if dir, err = build(*pkg, bin); err != nil {
			log.Fatalf("cpubench: %v", err)
		}
	}

	fmt.Printf("cpubench: %s, N=%d, GOMAXPROCS=%d, %d rounds; CPU = user+system of the process, minus a 1x run\n",
		*pkg, *n, *procs, *rounds)
	ratios := make([][]float64, len(names)) // per benchmark, per round: CPU/op over the floor's
	wall := make([][]float64, len(names))   // the same for ns/op
	perOp := make([][]float64, len(names))  // CPU ns per iteration
	stats := make([]result, len(names))     // the last run's B/op and allocs/op
	for r := 0; r < *rounds; r++ {
		order := make([]int, len(names))
		for i := range order {
			order[i] = i
		}
		if r%2 == 1 {
			slices.Reverse(order)
		}
		cpu := make([]float64, len(names))
		ns := make([]float64, len(names))
		for _, i := range order {
			res, err := measure(bin, dir, names[i], *n, *procs)
			if err != nil {
				log.Fatalf("cpubench: %s: %v", names[i], err)
			}
			cpu[i], ns[i], stats[i] = res.cpuPerOp, res.nsPerOp, res
			perOp[i] = append(perOp[i], res.cpuPerOp)
		}
		fmt.Printf("round %2d:", r+1)
		for i := range names {
			ratios[i] = append(ratios[i], cpu[i]/cpu[0])
			wall[i] = append(wall[i], ns[i]/ns[0])
			fmt.Printf("  %s %.0f ns CPU/op (%.0f ns/op)", short(names[i]), cpu[i], ns[i])
			if i > 0 {
				fmt.Printf(" ratio CPU %.3f, ns/op %.3f", ratios[i][r], wall[i][r])
			}
		}
		fmt.Println()
	}
	fmt.Println("medians over the rounds (range):")
	for i, name := range names {
		fmt.Printf("  %-32s CPU/op %6.0f ns (%.0f-%.0f)  %7d B/op %4d allocs/op",
			name, median(perOp[i]), slices.Min(perOp[i]), slices.Max(perOp[i]), stats[i].bytesPerOp, stats[i].allocsPerOp)
		if i > 0 {
			fmt.Printf("  ratio to %s: CPU %.3f (%.3f-%.3f), ns/op %.3f (%.3f-%.3f)", short(names[0]),
				median(ratios[i]), slices.Min(ratios[i]), slices.Max(ratios[i]),
				median(wall[i]), slices.Min(wall[i]), slices.Max(wall[i]))
		}
		fmt.Println()
	}
}

// build compiles pkg's test binary to out and returns the package's
// directory, where the binary is run (as go test would).
func build(pkg, out string) (string, error) {
	dir, err := exec.Command("go", "list", "-f", "{{.Dir}}", pkg).Output()
	if err != nil {
		return "", fmt.Errorf("go list %s: %w", pkg, err)
	}
	cmd := exec.Command("go", "test", "-c", "-o", out, pkg)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go test -c %s: %w", pkg, err)
	}
	return strings.TrimSpace(string(dir)), nil
}

// result is one benchmark's measurement: CPU time per iteration with the
// start-up removed, and the figures of go test's own line.
type result struct {
	cpuPerOp, nsPerOp       float64
	bytesPerOp, allocsPerOp int64
}

// measure runs benchmark name at 1x and at n x, each in a process of its
// own, and returns the CPU time per iteration of the difference.
func measure(bin, dir, name string, n, procs int) (result, error) {
	start, _, err := run(bin, dir, name, 1, procs)
	if err != nil {
		return result{}, err
	}
	total, line, err := run(bin, dir, name, n, procs)
	if err != nil {
		return result{}, err
	}
	res, err := parseLine(line)
	if err != nil {
		return result{}, err
	}
	res.cpuPerOp = float64(total-start) / float64(n-1)
	return res, nil
}

// run runs one benchmark for n iterations in a process of its own and
// returns the process's user+system CPU time and go test's result line.
func run(bin, dir, name string, n, procs int) (time.Duration, string, error) {
	cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", "^"+regexp.QuoteMeta(name)+"$",
		"-test.benchtime", strconv.Itoa(n)+"x", "-test.benchmem", "-test.count", "1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(procs))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return 0, "", fmt.Errorf("%w\n%s", err, out.String())
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, name+"-") || strings.HasPrefix(line, name+"\t") || strings.HasPrefix(line, name+" ") {
			return cpu, line, nil
		}
	}
	return 0, "", fmt.Errorf("no result line in\n%s", out.String())
}

// parseLine reads ns/op, B/op and allocs/op from a benchmark result line.
func parseLine(line string) (result, error) {
	var res result
	fields := strings.Fields(line)
	found := 0
	for i := 1; i < len(fields); i++ {
		var err error
		switch fields[i] {
		case "ns/op":
			res.nsPerOp, err = strconv.ParseFloat(fields[i-1], 64)
			found++
		case "B/op":
			res.bytesPerOp, err = strconv.ParseInt(fields[i-1], 10, 64)
		case "allocs/op":
			res.allocsPerOp, err = strconv.ParseInt(fields[i-1], 10, 64)
		}
		if err != nil {
			return res, fmt.Errorf("result line %q: %w", line, err)
		}
	}
	if found == 0 {
		return res, errors.New("result line without ns/op: " + line)
	}
	return res, nil
}

// short is a benchmark's name without the "Benchmark" prefix.
func short(name string) string { return strings.TrimPrefix(name, "Benchmark") }

// median returns the median of xs, which must not be empty.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
