package main

import "testing"

func TestParseLine(t *testing.T) {
	res, err := parseLine("BenchmarkHandler-2   \t  200000\t      3281 ns/op\t 129.24 MB/s\t    1776 B/op\t       5 allocs/op")
	if err != nil {
		t.Fatal(err)
	}
	if res.nsPerOp != 3281 || res.bytesPerOp != 1776 || res.allocsPerOp != 5 {
		t.Fatalf("got %+v", res)
	}
	if _, err := parseLine("BenchmarkHandler-2 200000 fast"); err == nil {
		t.Fatal("a line without ns/op was accepted")
	}
	if _, err := parseLine("BenchmarkHandler-2 200000 x ns/op"); err == nil {
		t.Fatal("a line with a malformed ns/op was accepted")
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}
