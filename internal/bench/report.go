package bench

import (
	"fmt"
	"io"
	"time"
)

// Print writes res as a Markdown table, one row per route and then the
// total, so that a run can go into docs/benchmarks.md as printed. Each
// route ran in its own phase, so the total has no req/s: the routes'
// rates do not add up to anything a server did at one time.
func (res Result) Print(w io.Writer) error {
	fmt.Fprintf(w, "| %-32s | %8s | %6s | %6s | %7s | %7s |\n", "route", "requests", "errors", "req/s", "p50 ms", "p99 ms")
	fmt.Fprintf(w, "|%s|---------:|-------:|-------:|--------:|--------:|\n", "----------------------------------")
	for _, r := range res.Routes {
		fmt.Fprintf(w, "| %-32s | %8d | %6d | %6.0f | %7s | %7s |\n", r.Name, r.Requests, r.Errors, r.PerSecond, ms(r.P50), ms(r.P99))
	}
	_, err := fmt.Fprintf(w, "| %-32s | %8d | %6d | %6s | %7s | %7s |\n", "all routes", res.Requests, res.Errors, "", "", "")
	return err
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
