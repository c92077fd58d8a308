package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/cli"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestImportCommands(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			if d == store.SQLite {
				dsn = filepath.Join(t.TempDir(), "cli.db")
			}
			dir := t.TempDir()
			write := func(name, text string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			people := write("people.csv", "Given name;Surname;E-mail;Lab\r\nAda;Lovelace;ada@example.org;Babbage\r\nBad;Row;nope;\r\n")
			broken := write("broken.csv", "name,email\nAda,ada@example.org\nGrace,\"grace@example.org\n")
			steps := []struct {
				name       string
				args       []string
				wantCode   int
				wantStdout string // regular expression
				wantStderr string
			}{
				{"dry run", []string{"import", "csv", "--db", dsn, "--dry-run", people}, 0,
					`(?s)^Dry run, nothing kept: people.csv \(import 1\): 2 rows, 1 created, .*1 refused.*\npeople.csv:3: refused: emails\[0\].address: `, ""},
				{"bad mapping", []string{"import", "csv", "--db", dsn, "--mapping", "Lab=colour", people}, 1, ``, `"colour" is not a field`},
				{"import", []string{"import", "csv", "--db", dsn, "--mapping", "Lab=custom:Lab", "--source", "sheet", people}, 0,
					`^Imported people.csv \(import 2\): 2 rows, 1 created, 0 updated, 0 unchanged, 0 merged, 1 refused`, ""},
				{"again, with the saved mapping", []string{"import", "csv", "--db", dsn, "--source", "sheet", people}, 0,
					`1 unchanged`, ""},
				{"broken file", []string{"import", "csv", "--db", dsn, broken}, 1, `^$`, `broken.csv:3: .*never closes`},
				{"missing file", []string{"import", "csv", "--db", dsn, filepath.Join(dir, "nope.csv")}, 1, ``, `no such file`},
				{"list", []string{"import", "list", "--db", dsn}, 0, `(?m)^4\t.*\tcsv\tfailed\tbroken.csv`, ""},
				// The import that changed nothing leaves import 2 undoable.
				{"undo", []string{"import", "undo", "--db", dsn, "2"}, 0, `Undid import 2`, ""},
				{"undo again", []string{"import", "undo", "--db", dsn, "2"}, 1, ``, `only a finished import can be undone`},
				{"undo a failed import", []string{"import", "undo", "--db", dsn, "4"}, 1, ``, `Import 4 is failed`},
				{"undo not a number", []string{"import", "undo", "--db", dsn, "x"}, 1, ``, `RUN must be`},
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

func TestProgressLine(t *testing.T) {
	cases := []struct {
		s    imports.Snapshot
		want string
	}{
		{imports.Snapshot{Rows: 45_000, Read: 45, Total: 100, Elapsed: 3 * time.Second}, `^\[=============>\s+\]  45%  45000 rows  15000 rows/s  ETA 4s`},
		{imports.Snapshot{Rows: 10, Elapsed: time.Second}, `^\[\s{30}\]   \?%  10 rows  10 rows/s  ETA \?`},
		{imports.Snapshot{Rows: 100, Read: 100, Total: 100, Elapsed: time.Second}, `^\[={30}\] 100%  100 rows  100 rows/s  ETA 0s`},
	}
	for _, c := range cases {
		if got := cli.BarLine(c.s); !regexp.MustCompile(c.want).MatchString(got) {
			t.Errorf("bar %q, want %q", got, c.want)
		}
	}
}
