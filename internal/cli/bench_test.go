package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestBench runs `trellis bench` at a tiny size on both engines, so the
// command keeps working as routes and capabilities change: every route
// answers, without a failed request.
func TestBench(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("drives a server for seconds")
	}
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			if d == store.SQLite {
				dsn = filepath.Join(t.TempDir(), "bench.db")
			}
			profile := filepath.Join(t.TempDir(), "cpu.out")
			args := []string{"bench", "--db", dsn, "--in-process", "--clients", "2", "--duration", "150ms"}
			if d == store.SQLite {
				// One CPU profile per process at a time: the engines run
				// side by side, so only one of them writes it.
				args = append(args, "--cpuprofile", profile)
			}
			code, out, errOut := run(t, "", append(args, "--members", "200", "--interactions", "1000", "--activities", "1500", "--activity-batch", "1000", "--rederive",
				"--goals", "10", "--programmes", "12", "--content", "150", "--zoom", "40", "--slack", "300", "--github", "90")...)
			if code != 0 {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if !strings.Contains(out, "Generated 200 members, 1000 interactions") || !strings.Contains(out, "12 programmes and 150 content items") {
				t.Errorf("no generation line in:\n%s", out)
			}
			if !strings.Contains(out, "Ingested 1500 activities (1500 created, 0 existing) in batches of up to 1000") {
				t.Errorf("no ingestion line in:\n%s", out)
			}
			// Each platform's file imported, then imported again to no change.
			for _, line := range []string{
				`zoom import \(\w+\): 40 rows \(20 records\) .*20 created.*attendance: 20 added, 0 changed, 0 unchanged`,
				`zoom same file again \(\w+\): .*0 created, 0 updated, 20 unchanged.*attendance: 0 added, 0 changed, 20 unchanged`,
				`slack import \(\w+\): 300 messages \(15 records\) .*activities: 300 created, 0 already there`,
				`slack same file again \(\w+\): .*activities: 0 created, 300 already there`,
				`github import \(\w+\): 90 items .*activities: 90 created, 0 already there`,
				`github same file again \(\w+\): .*activities: 0 created, 90 already there`,
				`Peak memory \(RSS\) of this process after the platform imports: \d+ kB`,
			} {
				if !regexp.MustCompile(line).MatchString(out) {
					t.Errorf("no line matching %s in:\n%s", line, out)
				}
			}
			// 1,500 activities over the 200 members; then 2 of the 200 ids
			// are multiples of 97.
			if !regexp.MustCompile(`Re-derived the standing of \d+ members from 1500 activities in .*, 2 readers`).MatchString(out) ||
				!strings.Contains(out, "Re-derived the 2 members that 2 new activities touched in") ||
				!strings.Contains(out, "Rebuilt the participation figures over time in") {
				t.Errorf("no re-derivation lines in:\n%s", out)
			}
			for _, route := range []string{"members: pages by cursor", "members: search a given name",
				"members: affiliation contains", "members: job title contains", "members: career stage",
				"dashboard", "member profile", "calendar: month page", "calendar: agenda page", "calendar: iCalendar feed",
				"sessions: a month", "content: calendar page", "content: board page", "content: pages by cursor", "content audit"} {
				// Each route answered at least once, and never failed.
				row := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(route) + ` +\| +[1-9]\d* \| +0 \|`)
				if !row.MatchString(out) {
					t.Errorf("no successful row for %q in:\n%s", route, out)
				}
			}
			if !regexp.MustCompile(`server peak RSS: \d+ MB`).MatchString(out) {
				t.Errorf("no peak memory in:\n%s", out)
			}
			if fi, err := os.Stat(profile); d == store.SQLite && (err != nil || fi.Size() == 0) {
				t.Errorf("CPU profile: %v", err)
			}

			// A database with members is benchmarked as it is: the 200
			// generated and the 20 + 15 + 9 the platform files brought.
			// --routes drives only the routes it names, each with its
			// server's peak memory.
			code, out, errOut = run(t, "", append(args, "--members", "5", "--routes", "feed,DASHBOARD")...)
			if code != 0 || !strings.Contains(out, "Benchmarking the 244 members already in") {
				t.Errorf("second run: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if !strings.Contains(out, "on each of 2 routes") || strings.Contains(out, "| members: pages by cursor") {
				t.Errorf("--routes feed,DASHBOARD drove other routes:\n%s", out)
			}
			for _, route := range []string{"dashboard", "calendar: iCalendar feed"} {
				row := regexp.MustCompile(`(?m)^\| ` + regexp.QuoteMeta(route) + ` +\| +[1-9]\d* \| +0 \|.*\| +\d+ \|$`)
				if !row.MatchString(out) {
					t.Errorf("no row with a peak for %q in:\n%s", route, out)
				}
			}
		})
	}
}

func TestBenchRefusesBadFlags(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "bench.db")
	for _, args := range [][]string{
		{"--clients", "0"},
		{"--duration", "0s"},
		{"--members", "-3"},
		{"--cpuprofile", "cpu.out"},
		{"--content", "-1"},
		{"--goals", "5000"},
		{"--slack", "-1"},
		{"--zoom", "-2"},
		{"--routes", "feed,nosuchroute"},
	} {
		code, out, errOut := run(t, "", append([]string{"bench", "--db", dsn, "--interactions", "10"}, args...)...)
		if code == 0 {
			t.Errorf("%v: exit 0\nstdout: %s", args, out)
		}
		if !strings.Contains(errOut, strings.TrimPrefix(args[0], "--")) {
			t.Errorf("%v: stderr does not name the flag: %s", args, errOut)
		}
	}
}
