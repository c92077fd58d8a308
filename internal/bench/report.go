package bench

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// Print writes res as a Markdown table, one row per route and then the
// total, so that a run can go into docs/benchmarks.md as printed. Each
// route ran in its own phase, so the total has no req/s: the routes'
// rates do not add up to anything a server did at one time.
// When the routes' peak memory was measured, a last column gives it in MB
// (the server's peak during that route's phase).
func (res Result) Print(w io.Writer) error {
	memory := slices.ContainsFunc(res.Routes, func(r RouteResult) bool { return r.PeakRSS > 0 })
	col := func(head, rule, val string) (string, string, string) {
		if !memory {
			return "", "", ""
		}
		return fmt.Sprintf(" %7s |", head), rule, fmt.Sprintf(" %7s |", val)
	}
	h, rule, _ := col("peak MB", "--------:|", "")
	fmt.Fprintf(w, "| %-32s | %8s | %6s | %6s | %7s | %7s |%s\n", "route", "requests", "errors", "req/s", "p50 ms", "p99 ms", h)
	fmt.Fprintf(w, "|%s|---------:|-------:|-------:|--------:|--------:|%s\n", "----------------------------------", rule)
	for _, r := range res.Routes {
		peak := "?"
		if r.PeakRSS > 0 {
			peak = fmt.Sprint(r.PeakRSS >> 20)
		}
		_, _, v := col("", "", peak)
		fmt.Fprintf(w, "| %-32s | %8d | %6d | %6.0f | %7s | %7s |%s\n", r.Name, r.Requests, r.Errors, r.PerSecond, ms(r.P50), ms(r.P99), v)
	}
	_, _, v := col("", "", "")
	_, err := fmt.Fprintf(w, "| %-32s | %8d | %6d | %6s | %7s | %7s |%s\n", "all routes", res.Requests, res.Errors, "", "", "", v)
	return err
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
