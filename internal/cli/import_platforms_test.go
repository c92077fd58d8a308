package cli_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// The platform kinds run from the command line: a Slack export streamed
// from a file (through a temporary file, since a zip is read from its
// end), a GitHub file, and a cut-short export refused with exit 1.
func TestImportPlatformCommands(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			if d == store.SQLite {
				dsn = filepath.Join(t.TempDir(), "cli.db")
			}
			dir := t.TempDir()
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for name, body := range map[string]string{
				"users.json":    `[{"id": "U1", "name": "ada", "real_name": "Ada Lovelace", "profile": {"email": "ada@example.org"}}, {"id": "B1", "name": "bot", "is_bot": true}]`,
				"channels.json": `[{"id": "C1", "name": "general"}]`,
				"general/2024-03-01.json": `[{"type": "message", "user": "U1", "ts": "1709283600.000200", "text": "hi 👋"},
					{"type": "message", "subtype": "channel_join", "user": "U1", "ts": "1709283500.000100"}]`,
			} {
				w, err := zw.Create(name)
				if err != nil {
					t.Fatal(err)
				}
				w.Write([]byte(body))
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			write := func(name string, data []byte) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, data, 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			export := write("export.zip", buf.Bytes())
			cut := write("cut.zip", buf.Bytes()[:buf.Len()/2])
			gh := write("issues.json", []byte(`[{"html_url": "https://github.com/o/r/issues/1", "number": 1, "title": "Hello", "user": {"login": "ada-l", "type": "User"}, "created_at": "2024-03-01T09:00:00Z"}]`))
			steps := []struct {
				name       string
				args       []string
				wantCode   int
				wantStdout string
				wantStderr string
			}{
				{"slack dry run", []string{"import", "slack", "--db", dsn, "--dry-run", export}, 0, `^Dry run, nothing kept: export.zip \(import 1\): 1 rows, 1 created`, ""},
				{"slack", []string{"import", "slack", "--db", dsn, export}, 0, `^Imported export.zip \(import 2\): 1 rows, 1 created`, ""},
				{"slack again", []string{"import", "slack", "--db", dsn, export}, 0, `1 unchanged`, ""},
				{"cut short", []string{"import", "slack", "--db", dsn, cut}, 1, `^$`, `cut.zip: is not a complete zip archive`},
				{"github", []string{"import", "github", "--db", dsn, gh}, 0, `^Imported issues.json \(import 5\): 1 rows, 1 created`, ""},
				{"discourse of a missing file", []string{"import", "discourse", "--db", dsn, filepath.Join(dir, "nope.csv")}, 1, ``, `no such file`},
				{"undo slack", []string{"import", "undo", "--db", dsn, "2"}, 0, `Undid import 2`, ""},
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
