package vcard

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

func readAll(t *testing.T, name, text string) ([]imports.Record, error) {
	t.Helper()
	var out []imports.Record
	for rec, err := range (Importer{}).Records(strings.NewReader(text), name, nil) {
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}

func fixture(t *testing.T, name string) string {
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
		s := e.Address
		if e.Primary {
			s += "*"
		}
		emails = append(emails, s)
	}
	var ids []string
	for _, id := range m.Identities {
		ids = append(ids, id.Platform+":"+id.Handle)
	}
	var problems []string
	for f, p := range r.Problems {
		problems = append(problems, f+": "+p)
	}
	slices.Sort(problems)
	return fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%q|%s", r.Line, m.Name, strings.Join(emails, " "), m.Affiliation,
		m.JobTitle, m.Country, m.TimeZone, m.ORCID, strings.Join(m.Tags, ","), strings.Join(m.Languages, ","), m.Pronouns,
		strings.Join(ids, " "), m.Notes, strings.Join(problems, "; "))
}

func TestRecords(t *testing.T) {
	cases := map[string][]string{
		"apple_contacts_30.vcf": {
			"1|Ada Lovelace|ada@example.org* ada@home.example|Analytical Engine Society|Analyst|GB|Europe/London|0000-0002-1825-0097|math,history|||github:adalovelace|\"Wrote the first algorithm intended for a machine.\\nLoves poetical science 🌱.\"|",
			"24|李雷|li.lei@example.cn*|清华大学||CN|||物理||||\"\"|",
			"33|Мария Иванова|maria@example.ru*|||||||||bluesky:maria.example.ru|\"Zoë’s friend, met at the workshop in München.\"|",
			"43|Zoë 🌱 Green|zoe@example.org*||||||ecology,Ecology,outreach|||website:https://zoe.example.org/ mastodon:@zoe@scholar.social|\"\"|",
		},
		"rfc6350_40.vcf": {
			"1|Simon Perreault|simon@example.ca* simon.perreault@viagenie.ca|Viagenie||CA|America/Montreal|||fr,en||website:http://nomis80.org github:nomis80|\"\"|",
			"23|The Doe family|||||||||||\"\"|card: is of kind group, not a person",
			"29|only.an.address|only.an.address@example.net*||||||||||\"\"|",
			"33||||||||||||\"a phone number and nothing else\"|card: has no name (FN or N) and no email",
			"38|Simon Perreault|simon@example.ca*||||||ietf||he/him|gitlab:nomis|\"\"|",
			"46|Grace Hopper|grace@example.org*|||||0000-0001-5109-3700|||||\"\"|",
		},
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			recs, err := readAll(t, name, fixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, show(r))
			}
			if len(got) != len(want) {
				t.Fatalf("%d records, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("record %d:\n got %s\nwant %s", i, got[i], want[i])
				}
			}
		})
	}
}

func TestFileErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		name, text string
		line       int
		reason     string
	}{
		{"truncated", fixture(t, "truncated.vcf"), 6, "has no END:VCARD: the file ends at line 9"},
		{"not vcard", "name,email\nAda,ada@example.org\n", 1, "not a vCard file"},
		{"empty", "", 1, "holds no card"},
		{"blank lines only", "\r\n\r\n", 1, "holds no card"},
		{"two begins", "BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", 1, "no END:VCARD before the next card on line 3"},
		{"text between cards", "BEGIN:VCARD\nFN:A\nEND:VCARD\nhello\n", 4, `"hello" is outside any card`},
		{"not utf-8 after a good start", "BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:\xff\xfe\nEND:VCARD\n", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readAll(t, "book.vcf", c.text)
			if c.reason == "" {
				// Text that is not UTF-8 is read as Windows-1252, as a
				// spreadsheet is: no error.
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			var fe *imports.FileError
			if !errors.As(err, &fe) || fe.File != "book.vcf" || fe.Line != c.line || !strings.Contains(fe.Reason, c.reason) {
				t.Fatalf("error %v, want book.vcf:%d: ...%s", err, c.line, c.reason)
			}
		})
	}
}

func TestPreview(t *testing.T) {
	p, err := Importer{}.Preview(strings.NewReader(fixture(t, "apple_contacts_30.vcf")), "a.vcf", nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.Encoding != "UTF-8 with BOM" || len(p.Columns) != 0 || len(p.Rows) != 2 || !slices.Equal(p.Lines, []int{1, 24}) {
		t.Fatalf("preview %+v", p)
	}
	if want := []string{"Ada Lovelace", "ada@example.org", "Analytical Engine Society", "GB", "math, history"}; !slices.Equal(p.Rows[0], want) {
		t.Errorf("first row %q, want %q", p.Rows[0], want)
	}
	if len(p.Headings) != len(p.Rows[0]) {
		t.Errorf("headings %q for rows of %d cells", p.Headings, len(p.Rows[0]))
	}
}

// Every record a card yields is valid once normalised, or refused with
// its problems: none slips through half-read.
func TestRecordsNormalise(t *testing.T) {
	recs, err := readAll(t, "a.vcf", fixture(t, "apple_contacts_30.vcf")+fixture(t, "rfc6350_40.vcf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if _, fe := members.Normalise(r.Member); len(fe) > 0 && len(r.Problems) == 0 {
			t.Errorf("line %d: %v", r.Line, fe.Err())
		}
	}
}

func FuzzRecords(f *testing.F) {
	for _, name := range []string{"apple_contacts_30.vcf", "rfc6350_40.vcf", "truncated.vcf"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("BEGIN:VCARD\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\n=\nb=3\nEND:VCARD\n")
	f.Add("BEGIN:VCARD\nEMAIL;PREF=x;TYPE=\"a,b\":x@y\nADR:;;;;;;\\;\nEND:VCARD")
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Count(text, "\n") + 1
		for rec, err := range (Importer{}).Records(strings.NewReader(text), "f.vcf", nil) {
			if err != nil {
				var fe *imports.FileError
				if !errors.As(err, &fe) || fe.File != "f.vcf" || fe.Line < 1 || fe.Line > lines {
					t.Fatalf("error %v does not name a line of the file (%d lines)", err, lines)
				}
				return
			}
			if rec.Line < 1 || rec.Line > lines {
				t.Fatalf("record on line %d of %d", rec.Line, lines)
			}
		}
	})
}
