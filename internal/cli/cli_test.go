package cli_test

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/cli"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCommands(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			if d == store.SQLite {
				dsn = filepath.Join(t.TempDir(), "cli.db")
			}
			steps := []struct {
				name       string
				stdin      string
				args       []string
				wantCode   int
				wantStdout string // regular expression
				wantStderr string
			}{
				{"version", "", []string{"version"}, 0, `^trellis \S+\n$`, ""},
				{"migrate", "", []string{"migrate", "--db", dsn}, 0, `schema is at version \d+`, ""},
				{"migrate again", "", []string{"migrate", "--db", dsn}, 0, `^schema is at version`, ""},
				{"add owner", "a long passphrase\n", []string{"user", "add", "--db", dsn, "--email", "Ada@Example.org", "--name", "Ada Lovelace", "--role", "owner"}, 0, `added Ada Lovelace <ada@example.org> as owner`, ""},
				{"add again", "a long passphrase\n", []string{"user", "add", "--db", dsn, "--email", "ada@example.org", "--name", "Ada", "--role", "owner"}, 1, ``, `already a team account`},
				{"bad role", "a long passphrase\n", []string{"user", "add", "--db", dsn, "--email", "b@example.org", "--name", "B", "--role", "admin"}, 1, ``, `role`},
				{"short password", "short\n", []string{"user", "add", "--db", dsn, "--email", "c@example.org", "--name", "C", "--role", "viewer"}, 1, ``, `password`},
				{"no password", "", []string{"user", "add", "--db", dsn, "--email", "c@example.org", "--name", "C", "--role", "viewer"}, 1, ``, `standard input`},
				{"list", "", []string{"user", "list", "--db", dsn}, 0, `ada@example.org\s+Ada Lovelace\s+owner\s+active`, ""},
				{"passwd", "another long passphrase\n", []string{"user", "passwd", "--db", dsn, "--email", "ada@example.org"}, 0, `password changed for ada@example.org`, ""},
				{"passwd unknown", "another long passphrase\n", []string{"user", "passwd", "--db", dsn, "--email", "nobody@example.org"}, 1, ``, `.`},
				{"token", "", []string{"token", "create", "--db", dsn, "--email", "ada@example.org"}, 0, `^trl_\S+\n$`, ""},
				{"passwd keeps tokens", "a third long passphrase\n", []string{"user", "passwd", "--db", dsn, "--email", "ada@example.org"}, 0, `signed out everywhere; tokens kept`, ""},
				{"passwd revoking tokens", "a fourth long passphrase\n", []string{"user", "passwd", "--db", dsn, "--email", "ada@example.org", "--revoke-tokens"}, 0, `password changed for ada@example.org \(signed out everywhere; 1 token revoked\)`, ""},
				{"nothing left to revoke", "a fifth long passphrase\n", []string{"user", "passwd", "--db", dsn, "--email", "ada@example.org", "--revoke-tokens"}, 0, `0 tokens revoked`, ""},
				{"unknown command", "", []string{"frobnicate"}, 1, ``, `unknown command`},
			}
			for _, s := range steps {
				code, stdout, stderr := run(t, s.stdin, s.args...)
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

func TestDatabaseFromEnvironment(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("TRELLIS_DB", dsn)
	if code, _, stderr := run(t, "", "migrate"); code != 0 {
		t.Fatalf("migrate with TRELLIS_DB: exit %d: %s", code, stderr)
	}
	code, out, _ := run(t, "", "user", "list")
	if code != 0 || !strings.Contains(out, "EMAIL") {
		t.Fatalf("user list with TRELLIS_DB: exit %d: %s", code, out)
	}
}

// TestDemoFinishesInterruptedLoad: `trellis demo` on a database that a
// killed load left half filled (its marker still there, long silent)
// removes what that load stored and loads the whole community, instead of
// refusing because members exist.
func TestDemoFinishesInterruptedLoad(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			if d == store.SQLite {
				dsn = filepath.Join(t.TempDir(), "demo.db")
			}
			if code, _, stderr := run(t, "", "demo", "--db", dsn, "--members", "20"); code != 0 {
				t.Fatalf("first load: exit %d: %s", code, stderr)
			}
			// What a load killed part way leaves: members, and the marker it
			// writes before storing anything, last refreshed long ago.
			db, err := store.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Exec(context.Background(), "INSERT INTO settings (key, value) VALUES (?, ?)",
				"demo_loading", `{"started":1700000000,"beat":1700000000}`)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			code, out, stderr := run(t, "", "demo", "--db", dsn)
			if code != 0 || !strings.Contains(out, ": 300 members,") {
				t.Fatalf("load after the interrupted one: exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
			}
			code, _, stderr = run(t, "", "demo", "--db", dsn)
			if code != 1 || !strings.Contains(stderr, "already holds 300 members") {
				t.Fatalf("load over a finished community: exit %d: %s", code, stderr)
			}
			// The marker named no ids, so everything above id 0 was the
			// killed load's, except the groups that come with the schema.
			db, err = store.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var builtin, wgLeads int
			if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM stakeholder_groups WHERE builtin = ?", true).Scan(&builtin); err != nil || builtin != 5 {
				t.Errorf("%d built-in stakeholder groups after the clean-up (%v), want 5", builtin, err)
			}
			if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM stakeholder_groups WHERE builtin = ?", false).Scan(&wgLeads); err != nil || wgLeads != 1 {
				t.Errorf("%d groups of the demo's own (%v), want 1", wgLeads, err)
			}
		})
	}
}
