package mailinglists

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/imports"
)

func readAll(imp imports.Importer, name, text string, mapping imports.Mapping) ([]imports.Record, error) {
	var out []imports.Record
	for rec, err := range imp.Records(strings.NewReader(text), name, mapping) {
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// show is a record as the tests compare it.
func show(r imports.Record) string {
	m := r.Member
	var emails []string
	for _, e := range m.Emails {
		emails = append(emails, e.Address)
	}
	var custom []string
	for _, k := range slices.Sorted(maps.Keys(m.CustomFields)) {
		custom = append(custom, k+"="+m.CustomFields[k])
	}
	var problems []string
	for _, f := range slices.Sorted(maps.Keys(r.Problems)) {
		problems = append(problems, f+": "+r.Problems[f])
	}
	c := m.Consent
	return fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s|joined %s|consent %v %s %s|%s|%s|%s", r.Line, m.Name, strings.Join(emails, " "),
		m.Affiliation, m.Country, m.TimeZone, m.ORCID, m.JoinedOn, c.Contact, c.Basis, c.Date, strings.Join(m.Tags, ","),
		strings.Join(custom, " "), strings.Join(problems, "; "))
}

func TestRecords(t *testing.T) {
	cases := []struct {
		imp  imports.Importer
		file string
		want []string
	}{
		{Mailchimp{}, "subscribed_members_export_2a1b3c4d5e.csv", []string{
			"2|Ada Lovelace|ada@example.org|Analytical Engine Society|GB|Europe/London||joined 2023-01-10|consent true consent 2023-01-10|Speaker,Board member||",
			"3|雷 李|li.lei@example.cn|清华大学|CN|Asia/Shanghai||joined 2023-02-01|consent true consent 2023-02-01|||",
			"4|Zoë 🌱 Green|zoe@example.org|||||joined 2023-03-05|consent true consent 2023-03-05|Ecology||",
			"6|Ada King|ada@example.org|||||joined 2023-01-10|consent true consent 2023-01-10|Mathematics||",
			`7|Late Confirmer|late@example.org|||||joined 2023-04-01|consent true consent 2023-04-01|||consent.date: CONFIRM_TIME "yesterday" is not a date and time such as 2024-03-01 10:22:33`,
			"8|Bad Address|not-an-email|||||joined 2023-04-01|consent true consent 2023-04-01|||",
			"9|Geo Guess|geo@example.org|||||joined 2023-05-01|consent true consent 2023-05-01|||",
			"10|Short Row|short@example.org|||||joined |consent true consent |||",
		}},
		{Mailchimp{}, "unsubscribed_members_export_2a1b3c4d5e.csv", []string{
			"2|Ada Lovelace|ada@example.org|||||joined 2023-01-10|consent false  2024-02-01|||",
			"3|Grace Hopper|grace@example.org|Yale|US|America/New_York||joined 2022-06-01|consent false  2024-02-03|||",
		}},
		{Mailchimp{}, "cleaned_members_export_2a1b3c4d5e.csv", []string{
			"2|bounced|bounced@example.net|||||joined 2021-01-01|consent false  2024-01-20|||",
		}},
		{Listmonk{}, "listmonk_subscribers.csv", []string{
			`2|Ada Lovelace|ada@example.org|Analytical Engine Society|GB|Europe/London|0000-0002-1825-0097|joined 2024-01-15|consent false  |math,poetry|projects=3 stack={"languages":["go","python"]}|`,
			"3|spam|spam@example.net|||||joined 2023-11-02|consent false  2024-05-01|||",
			"4|Мария Иванова|maria@example.ru|||||joined 2024-02-29|consent false  ||city=Москва country=Atlantis|",
			"5|Zoë 🌱 Green|zoe@example.org|||||joined 2024-03-01|consent false  |||",
			`6|Late Comer|late@example.org|||||joined |consent false  |||joined_on: created_at "not a time" is not a date and time such as 2024-03-01 10:22:33.5 +0000 UTC`,
			"7|Broken Attributes|broken@example.org|||||joined 2024-03-02|consent false  |||custom_fields: attributes is not a JSON object: invalid character 'n' looking for beginning of object key string",
			"8|Ada King|ada@example.org|University of London||||joined 2024-01-16|consent false  |||",
			`9|Odd Status|odd@example.org|||||joined 2024-03-03|consent false  |||status: status "pending" is not enabled, disabled or blocklisted`,
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			recs, err := readAll(c.imp, c.file, fixture(t, c.file), nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, show(r))
			}
			if len(got) != len(c.want) {
				t.Fatalf("%d records, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			for i := range c.want {
				if got[i] != c.want[i] {
					t.Errorf("record %d:\n got %s\nwant %s", i, got[i], c.want[i])
				}
			}
		})
	}
}

// Consent is only a field of the records that say something about it: a
// listmonk subscriber who is not blocklisted leaves a member's consent as
// it is.
func TestConsentField(t *testing.T) {
	recs, err := readAll(Listmonk{}, "l.csv", fixture(t, "listmonk_subscribers.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		blocklisted := r.Line == 3
		if slices.Contains(r.Fields, "consent") != blocklisted {
			t.Errorf("line %d: fields %q", r.Line, r.Fields)
		}
	}
}

func TestPreviewColumns(t *testing.T) {
	p, err := Mailchimp{}.Preview(strings.NewReader(fixture(t, "subscribed_members_export_2a1b3c4d5e.csv")), "s.csv", imports.Mapping{"Address": "custom:Postal address"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Encoding != "UTF-8 with BOM" || p.Separator != "comma" || len(p.Rows) != 3 || len(p.Rows[2]) != len(p.Columns) {
		t.Fatalf("preview %+v", p)
	}
	fields := map[string]string{}
	for _, c := range p.Columns {
		fields[c.Header] = c.Field
	}
	want := map[string]string{"Email Address": "email", "First Name": "first_name", "Last Name": "last_name",
		"Institution": "affiliation", "Address": "custom:Postal address", "TAGS": "", "OPTIN_TIME": "", "NOTES": "notes"}
	for h, f := range want {
		if fields[h] != f {
			t.Errorf("column %q maps to %q, want %q", h, fields[h], f)
		}
	}
	lp, err := Listmonk{}.Preview(strings.NewReader(fixture(t, "listmonk_subscribers.csv")), "l.csv", nil, 1)
	if err != nil || len(lp.Columns) != 7 || lp.Columns[1].Field != "email" || lp.Columns[2].Field != "name" {
		t.Errorf("listmonk preview %+v, %v", lp.Columns, err)
	}
}

// The UI's form sends every column, the tool's own ones left out ("");
// they are still read.
func TestOwnColumnsLeftOutStillRead(t *testing.T) {
	header := strings.Split("Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER", ",")
	m := imports.Mapping{}
	for _, h := range header {
		m[h] = ""
	}
	m["Email Address"] = "email"
	recs, err := readAll(Mailchimp{}, "u.csv", fixture(t, "unsubscribed_members_export_2a1b3c4d5e.csv"), m)
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	if c := recs[1].Member.Consent; c.Contact || c.Date != "2024-02-03" || recs[1].Member.Country != "US" {
		t.Errorf("consent %+v, country %q", c, recs[1].Member.Country)
	}
}

func TestFileErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		imp        imports.Importer
		name, text string
		line       int
		reason     string
	}{
		{Mailchimp{}, "empty", "", 1, "the file is empty"},
		{Mailchimp{}, "no email column", "name,colour\nAda,blue\n", 1, "no column holds emails: is this a Mailchimp audience export?"},
		{Listmonk{}, "no email column", "uuid,name\nx,Ada\n", 1, "is this a listmonk subscribers export?"},
		{Listmonk{}, "broken quote", "uuid,email,name,attributes\nx,a@example.org,Ada,{}\ny,b@example.org,Bob,\"{\n", 3, "never closes"},
		{Mailchimp{}, "bare quote", "\"Email Address\",\"First Name\"\n\"a@example.org\",\"A\"\n\"b@example.org\",\"B\"x\"\n", 3, "extraneous"},
	}
	for _, c := range cases {
		t.Run(c.imp.Kind()+" "+c.name, func(t *testing.T) {
			_, err := readAll(c.imp, "list.csv", c.text, nil)
			var fe *imports.FileError
			if !errors.As(err, &fe) || fe.File != "list.csv" || fe.Line != c.line || !strings.Contains(fe.Reason, c.reason) {
				t.Fatalf("error %v, want list.csv:%d: ...%s", err, c.line, c.reason)
			}
		})
	}
}

func FuzzMailchimp(f *testing.F) { fuzz(f, Mailchimp{}) }

func FuzzListmonk(f *testing.F) { fuzz(f, Listmonk{}) }

func fuzz(f *testing.F, imp imports.Importer) {
	for _, name := range []string{"subscribed_members_export_2a1b3c4d5e.csv", "unsubscribed_members_export_2a1b3c4d5e.csv",
		"cleaned_members_export_2a1b3c4d5e.csv", "listmonk_subscribers.csv"} {
		f.Add(fixture(f, name))
	}
	f.Add("email,attributes,status\na@b.c,\"{\"\"tags\"\": [1, null], \"\"x\"\": {}}\",blocklisted\n")
	f.Add("\"Email Address\",TAGS\na@b.c,\"\"\"a\"\"\"\"\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		for rec, err := range imp.Records(strings.NewReader(text), "f.csv", nil) {
			if err != nil {
				var fe *imports.FileError
				if !errors.As(err, &fe) || fe.File != "f.csv" || fe.Line > lines {
					t.Fatalf("error %v does not name the file and a line of it (%d lines)", err, lines)
				}
				return
			}
			if rec.Line < 2 || rec.Line > lines {
				t.Fatalf("record on line %d of %d", rec.Line, lines)
			}
		}
	})
}
