package cli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestImportAttendanceCommands(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			if d == store.SQLite {
				dsn = filepath.Join(t.TempDir(), "cli.db")
			}
			ctx := context.Background()
			a, err := app.Open(ctx, config.Config{DB: dsn}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			p, err := a.Programming.CreateProgramme(ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: "Community call"})
			if err != nil {
				t.Fatal(err)
			}
			x, err := a.Programming.CreateSession(ctx, p.ID, programming.SessionInput{Start: "2026-01-06T16:00", End: "2026-01-06T17:00", TimeZone: "Europe/Berlin"})
			if err != nil {
				t.Fatal(err)
			}
			a.Close()
			dir := t.TempDir()
			write := func(name, text string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			report := write("zoom.csv", "\ufeffName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n"+
				"Ada Lovelace,ada@example.org,01/06/2026 04:00:00 PM,01/06/2026 04:30:00 PM,30,No\r\n"+
				"Ada Lovelace,ada@example.org,01/06/2026 04:35:00 PM,01/06/2026 05:00:00 PM,25,No\r\n")
			broken := write("broken.csv", "Name,User Email\nAda,ada@example.org\n\"Grace,grace@example.org\n")
			session := fmt.Sprint(x.ID)
			steps := []struct {
				name       string
				args       []string
				wantCode   int
				wantStdout string // regular expression
				wantStderr string
			}{
				{"no session", []string{"import", "zoom", "--db", dsn, report}, 1, `^$`, `--session is required`},
				{"unknown session", []string{"import", "zoom", "--db", dsn, "--session", "999", report}, 1, `^$`, `there is no session 999`},
				{"dry run", []string{"import", "zoom", "--db", dsn, "--session", session, "--dry-run", report}, 0, `^Dry run, nothing kept: zoom.csv \(import 2\): 1 rows, 1 created`, ""},
				{"import", []string{"import", "zoom", "--db", dsn, "--session", session, report}, 0,
					`(?s)^Imported zoom.csv \(import 3\): 1 rows, 1 created.*\n1 entries of session \d+'s list added or changed`, ""},
				{"again", []string{"import", "zoom", "--db", dsn, "--session", session, report}, 0, `(?s)1 unchanged.*\n0 entries`, ""},
				{"broken file", []string{"import", "zoom", "--db", dsn, "--session", session, broken}, 1, `^$`, `broken.csv:3: .*never closes`},
				{"undo the re-import", []string{"import", "undo", "--db", dsn, "4"}, 0, `Undid import 4`, ""},
				{"undo", []string{"import", "undo", "--db", dsn, "3"}, 0, `Undid import 3`, ""},
			}
			for _, s := range steps {
				code, stdout, stderr := run(t, "", s.args...)
				if code != s.wantCode {
					t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", s.name, code, s.wantCode, stdout, stderr)
				}
				if !regexp.MustCompile(s.wantStdout).MatchString(stdout) {
					t.Errorf("%s: stdout %q does not match %q", s.name, stdout, s.wantStdout)
				}
				if s.wantStderr != "" && !regexp.MustCompile(s.wantStderr).MatchString(stderr) {
					t.Errorf("%s: stderr %q does not match %q", s.name, stderr, s.wantStderr)
				}
			}
		})
	}
}
