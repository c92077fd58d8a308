package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestExportBackupRestoreCommands runs the commands end to end: a
// community on one engine, its exports, a backup, and restores into both
// engines, then privacy's export and erasure.
func TestExportBackupRestoreCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	if code, _, stderr := run(t, "", "demo", "--db", src, "--members", "30", "--bulk"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	var member, name string
	func() {
		db, err := store.Open(context.Background(), src, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRow(context.Background(), "SELECT CAST(id AS TEXT), name FROM members ORDER BY id LIMIT 1").Scan(&member, &name); err != nil {
			t.Fatal(err)
		}
	}()
	pgRestore := ""
	if len(storetest.Dialects()) > 1 {
		pgRestore = storetest.DSN(t, store.Postgres)
	}
	file := func(n string) string { return filepath.Join(dir, n) }
	steps := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout or stderr, a regular expression
		file     string // must exist afterwards and contain
		contains string
	}{
		{"members csv", []string{"export", "members", "--db", src, "-o", file("m.csv")}, 0, `Wrote \d+ members`, file("m.csv"), "id,name,preferred_name"},
		{"members vcard", []string{"export", "members", "--db", src, "--format", "vcard", "-o", file("m.vcf")}, 0, `Wrote \d+ members`, file("m.vcf"), "VERSION:4.0"},
		{"bad format", []string{"export", "members", "--db", src, "--format", "pdf", "-o", file("m.pdf")}, 1, `--format must be csv or vcard`, "", ""},
		{"unknown segment", []string{"export", "members", "--db", src, "--segment", "Nobody", "-o", file("s.csv")}, 1, `no segment called`, "", ""},
		{"interactions", []string{"export", "interactions", "--db", src, "-o", file("i.csv")}, 0, `Wrote \d+ interactions`, file("i.csv"), "occurred_on"},
		{"activities", []string{"export", "activities", "--db", src, "-o", file("a.csv")}, 0, `Wrote \d+ activities`, file("a.csv"), "occurred_at"},
		{"calendar", []string{"export", "calendar", "--db", src, "-o", file("c.ics")}, 0, `Wrote the calendar`, file("c.ics"), "BEGIN:VCALENDAR"},
		{"archive", []string{"export", "archive", "--db", src, "-o", file("x.jsonl.gz")}, 0, `Wrote \d+ rows of \d+ tables`, "", ""},
		{"backup", []string{"backup", "--db", src, file("b.db")}, 0, `a SQLite database file`, file("b.db"), "SQLite format 3"},
		{"backup never overwrites", []string{"backup", "--db", src, file("b.db")}, 1, `already exists`, "", ""},
		{"restore the backup", []string{"restore", "--db", file("r1.db"), file("b.db")}, 0, `Restored \d+ rows of \d+ tables .* \(sqlite\) into sqlite`, "", ""},
		{"restore the archive", []string{"restore", "--db", file("r2.db"), file("x.jsonl.gz")}, 0, `\(archive\) into sqlite`, "", ""},
		{"restore into a full database", []string{"restore", "--db", file("r2.db"), file("x.jsonl.gz")}, 1, `already holds`, "", ""},
		{"restore a broken file", []string{"restore", "--db", file("r3.db"), file("m.csv")}, 1, `m.csv: line 1: not a Trellis archive`, "", ""},
		{"member data", []string{"privacy", "export", "--db", src, "--member", member, "-o", file("p.json")}, 0, `Wrote the data of member`, file("p.json"), "trellis-subject-access"},
		{"erase without the name", []string{"privacy", "erase", "--db", src, "--member", member, "--confirm", "someone"}, 1, `type their name`, "", ""},
		{"erase", []string{"privacy", "erase", "--db", src, "--member", member, "--confirm", name}, 0, `Erased member ` + member, "", ""},
	}
	if pgRestore != "" {
		steps = append(steps, struct {
			name     string
			args     []string
			wantCode int
			want     string
			file     string
			contains string
		}{"restore the SQLite backup into postgres", []string{"restore", "--db", pgRestore, file("b.db")}, 0, `into postgres`, "", ""})
	}
	for _, s := range steps {
		code, stdout, stderr := run(t, "", s.args...)
		if code != s.wantCode {
			t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", s.name, code, s.wantCode, stdout, stderr)
		}
		if !regexp.MustCompile(s.want).MatchString(stdout + stderr) {
			t.Errorf("%s: output does not match %q:\nstdout: %s\nstderr: %s", s.name, s.want, stdout, stderr)
		}
		if s.file != "" {
			b, err := os.ReadFile(s.file)
			if err != nil || !strings.Contains(string(b), s.contains) {
				t.Errorf("%s: %s lacks %q (%v)", s.name, s.file, s.contains, err)
			}
		}
	}
	if _, err := os.Stat(file("m.pdf")); !os.IsNotExist(err) {
		t.Errorf("a refused export left a file: %v", err)
	}
}
