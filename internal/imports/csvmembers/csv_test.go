package csvmembers

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/imports"
)

func TestGuess(t *testing.T) {
	cases := map[string]string{
		"E-mail": "email", "Email Address": "email", "email_address": "email", "E-Mail-Adresse": "email",
		"Given name": "first_name", "First name": "first_name", "Prénom": "first_name", "Vorname": "first_name",
		"Surname": "last_name", "Last Name": "last_name", "Nachname": "last_name", "Apellidos": "last_name",
		"Institution": "affiliation", "Organisation": "affiliation", "Organization": "affiliation", "Affiliation": "affiliation",
		"Country": "country", "ORCID iD": "orcid", "ORCID": "orcid", "Job title": "job_title", "Tags": "tags",
		"GitHub": "identity:github", "Full name": "name", "Title": "", "Favourite colour": "",
	}
	for header, want := range cases {
		if got := Guess(header); got != want {
			t.Errorf("Guess(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestEncodingsAndSeparators(t *testing.T) {
	cases := []struct{ file, encoding, separator string }{
		{"excel_utf8_bom_crlf.csv", "UTF-8 with BOM", "comma"},
		{"european_excel_1252.csv", "Windows-1252", "semicolon"},
		{"unicode_text_utf16le.txt", "UTF-16LE", "tab"},
		{"utf16be.csv", "UTF-16BE", "comma"},
		{"missing_extra_columns.csv", "UTF-8", "comma"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			p, err := Importer{}.Preview(f, c.file, nil, 3)
			if err != nil {
				t.Fatal(err)
			}
			if p.Encoding != c.encoding || p.Separator != c.separator {
				t.Errorf("read as %s, %s; want %s, %s", p.Encoding, p.Separator, c.encoding, c.separator)
			}
			if len(p.Rows) == 0 || len(p.Rows[0]) != len(p.Columns) {
				t.Errorf("rows %q for %d columns", p.Rows, len(p.Columns))
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
		{"empty", "", 1, "empty"},
		{"no name or email column", "colour,size\nred,L\n", 1, "no column holds names or emails"},
		{"bare quote", "name,email\nAda,ada@example.org\nGr\"ace,grace@example.org\n", 3, "bare"},
		{"unclosed quote", "name,email\nAda,ada@example.org\nGrace,\"grace@example.org\nKath,k@example.org\n", 3, "never closes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got error
			for _, err := range (Importer{}).Records(strings.NewReader(c.text), "f.csv", nil) {
				if err != nil {
					got = err
				}
			}
			var fe *imports.FileError
			if !errors.As(got, &fe) || fe.Line != c.line || fe.File != "f.csv" || !strings.Contains(fe.Error(), c.reason) {
				t.Errorf("error %v, want f.csv:%d naming %q", got, c.line, c.reason)
			}
		})
	}
}

func TestRecordLinesFollowQuotedLineBreaks(t *testing.T) {
	text := "name,email,notes\r\nAda,ada@example.org,\"two\r\nlines\"\r\n\r\nGrace,grace@example.org,\r\n"
	var lines []int
	for rec, err := range (Importer{}).Records(strings.NewReader(text), "f.csv", nil) {
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, rec.Line)
	}
	if len(lines) != 2 || lines[0] != 2 || lines[1] != 5 {
		t.Errorf("lines %v, want [2 5]", lines)
	}
}

// FuzzRecords reads arbitrary bytes as a spreadsheet: it must never panic
// or hang, and a refused file must name its file and a line.
func FuzzRecords(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("name,email\n\"a\nb"))
	f.Add([]byte{0xFF, 0xFE, 'n', 0, 'a'})
	f.Add([]byte("email;tags;country;consent;joined\nx@y.org;a,b;Germany;maybe;2024/01/02\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows := 0
		for rec, err := range (Importer{}).Records(strings.NewReader(string(data)), "fuzz.csv", nil) {
			if err != nil {
				var fe *imports.FileError
				if !errors.As(err, &fe) || fe.File != "fuzz.csv" {
					t.Fatalf("error %v is not a FileError naming the file", err)
				}
				if fe.Line < 1 && !strings.Contains(fe.Reason, "could not read") {
					t.Fatalf("error %v names no line", err)
				}
				return
			}
			if rec.Line < 2 {
				t.Fatalf("record on line %d: the header is line 1", rec.Line)
			}
			rows++
		}
		if rows > len(data) {
			t.Fatalf("%d records from %d bytes", rows, len(data))
		}
		_, _ = Importer{}.Preview(strings.NewReader(string(data)), "fuzz.csv", nil, 5)
	})
}
