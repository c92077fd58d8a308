package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// `trellis import vcard|mailchimp|listmonk FILE`: counts, refused records
// with their line, a broken file refused whole with exit 1.
func TestImportKindCommands(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
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
			book := write("book.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL;PREF=1:ada@example.org\r\nEND:VCARD\r\n"+
				"BEGIN:VCARD\r\nVERSION:4.0\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n")
			cut := write("cut.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Short\n")
			chimp := write("subscribed_members_export_1a2b.csv", `"Email Address","First Name","Last Name","Address","Phone Number","MEMBER_RATING","OPTIN_TIME","OPTIN_IP","CONFIRM_TIME","CONFIRM_IP","LATITUDE","LONGITUDE","GMTOFF","DSTOFF","TIMEZONE","CC","REGION","LAST_CHANGED","LEID","EUID","NOTES","TAGS"`+"\r\n"+
				`"ada@example.org","Ada","Lovelace","","","2","2023-01-10 09:00:00","","2023-01-10 09:05:12","","","","","","Europe/London","GB","","2024-03-01 12:00:00","1","a","","""Speaker"""`+"\r\n")
			listmonk := write("subscribers.csv", "uuid,email,name,attributes,status,created_at,updated_at\n"+
				"u1,grace@example.org,Grace Hopper,\"{\"\"institution\"\": \"\"Yale\"\"}\",blocklisted,2024-01-15 10:22:33 +0000 UTC,2024-02-01 08:00:00 +0000 UTC\n")
			steps := []struct {
				name       string
				args       []string
				wantCode   int
				wantStdout string
				wantStderr string
			}{
				{"vcard", []string{"import", "vcard", "--db", dsn, book}, 0,
					`(?s)^Imported book.vcf \(import 1\): 2 rows, 1 created, .*1 refused.*\nbook.vcf:6: refused: card: has no name \(FN or N\) and no email; name: is required`, ""},
				{"vcard cut short", []string{"import", "vcard", "--db", dsn, cut}, 1, `^$`, `cut.vcf:1: the card starting on line 1 has no END:VCARD`},
				{"mailchimp", []string{"import", "mailchimp", "--db", dsn, "--dry-run", chimp}, 0,
					`^Dry run, nothing kept: subscribed_members_export_1a2b.csv \(import 3\): 1 rows, 0 created, 1 updated`, ""},
				{"mailchimp mapping", []string{"import", "mailchimp", "--db", dsn, "--mapping", "NOTES=colour", chimp}, 1, ``, `"colour" is not a field`},
				{"listmonk", []string{"import", "listmonk", "--db", dsn, listmonk}, 0,
					`^Imported subscribers.csv \(import 4\): 1 rows, 1 created`, ""},
				{"list", []string{"import", "list", "--db", dsn}, 0, `(?m)^4\t.*\tlistmonk\tdone\tsubscribers.csv`, ""},
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
