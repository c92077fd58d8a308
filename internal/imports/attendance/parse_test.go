package attendance_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/attendance"
)

// read returns what an importer reads from text: each record as
// "line name email came/registered/host minutes", or the error.
func read(imp imports.Importer, text string) ([]string, error) {
	var out []string
	for rec, err := range imp.Records(strings.NewReader(text), "f.csv", nil) {
		if err != nil {
			return out, err
		}
		var b strings.Builder
		b.WriteString(itoa(rec.Line) + " " + rec.Member.Name)
		for _, e := range rec.Member.Emails {
			b.WriteString(" " + e.Address)
		}
		for _, x := range rec.Member.Identities {
			b.WriteString(" " + x.Platform + ":" + x.Handle)
		}
		if a := rec.Attendance; a != nil {
			if a.Came {
				b.WriteString(" came")
			}
			if a.Registered {
				b.WriteString(" registered")
			}
			if a.Host {
				b.WriteString(" host")
			}
			if a.LastAttended != "" {
				b.WriteString(" last:" + a.LastAttended)
			}
			if a.Minutes > 0 {
				b.WriteString(" " + itoa(a.Minutes) + "min")
			}
		}
		for f, p := range rec.Problems {
			b.WriteString(" !" + f + ": " + p)
		}
		out = append(out, b.String())
	}
	return out, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// utf16le is text as Excel's "Unicode text" saves it.
func utf16le(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func TestParse(t *testing.T) {
	fixture := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	cases := []struct {
		name string
		imp  imports.Importer
		text string
		want []string
		err  string // in the error, "" for none
	}{
		{"zoom: BOM, CRLF, repeated joins, renamed, pronouns, waiting room", attendance.Zoom{}, fixture("zoom_participants_bom_crlf.csv"), []string{
			"2 Ada Lovelace ada@example.org came 60min",
			"3 Grace Hopper grace@example.org came 61min",
			"5 李小龙 li@example.cn came 40min",
			"6 Zoë 🌱 Müller came 40min",
			"7 Waiting Wanda wanda@example.org",
		}, ""},
		{"zoom: summary block names the host", attendance.Zoom{}, fixture("zoom_with_summary.csv"), []string{
			"5 Hana Host host@example.org came host 67min",
			"6 Ada Lovelace ada@example.org came 60min",
			`7 Ngozi "Zee" Okafor ngozi@example.ng came 30min`,
		}, ""},
		{"zoom: the same guest twice by name, email case differs", attendance.Zoom{},
			"Name (Original Name),User Email,Duration (Minutes)\nGuest One,,10\nAda,ADA@x.org,5\nguest  one,,7\nAda,ada@x.org,1\n",
			[]string{"2 Guest One came 17min", "3 Ada ADA@x.org came 6min"}, ""},
		{"zoom: a duration that is not a number", attendance.Zoom{}, "Name,User Email,Duration (Minutes)\nAda,a@x.org,ten\n",
			[]string{`2 Ada a@x.org came !minutes: line 2: Duration (Minutes) must be a whole number of minutes, not "ten"`}, ""},
		{"zoom: UTF-16 from a spreadsheet", attendance.Zoom{}, utf16le("Name (Original Name)\tUser Email\tDuration (Minutes)\r\nŁukasz\tl@x.pl\t3\r\n"),
			[]string{"2 Łukasz l@x.pl came 3min"}, ""},
		{"zoom: summary without participants", attendance.Zoom{}, "Meeting ID,Topic,User Email\n1,Call,h@x.org\n", nil, "not followed by a list of participants"},
		{"zoom: empty file", attendance.Zoom{}, "", nil, "f.csv:1: the file has no rows"},
		{"zoom: broken quote names its line", attendance.Zoom{}, "Name,User Email\nAda,a@x.org\n\"Bo,b@x.org\n", nil, "f.csv:3:"},
		{"eventbrite: checked in, attending, refunded, folded tickets", attendance.Eventbrite{}, fixture("eventbrite_attendees.csv"), []string{
			"2 Ada Lovelace ada@example.org came registered",
			"3 José Núñez jose@example.es registered",
			"4 José Núñez jose@example.es came registered",
			`5 Refunded Person refund@example.org !attended: the ticket is "Not Attending" (Attendee Status): only attending and checked-in tickets are imported`,
			"6 Мария Иванова maria@example.ru registered",
		}, ""},
		{"eventbrite: status alone, short rows, semicolons", attendance.Eventbrite{}, "First Name;Last Name;Email;Attendee Status\nAda;L;a@x.org;Checked In\nBo\n",
			[]string{"2 Ada L a@x.org came registered", "3 Bo registered"}, ""},
		{"meetup: member list", attendance.Meetup{}, fixture("meetup_members.csv"), []string{
			"2 Ada Lovelace meetup:101 last:2026-03-03",
			"3 Björk Guðmundsdóttir meetup:102 last:2026-02-03",
			"4 Ada Lovelace meetup:103 last:2026-03-03",
			"5 山田太郎 meetup:104",
		}, ""},
		{"meetup: RSVP list", attendance.Meetup{}, fixture("meetup_rsvps.csv"), []string{
			"2 Ada Lovelace meetup:101 registered host",
			"3 Björk Guðmundsdóttir meetup:102",
			"4 Emoji Person 🎉 meetup:105 registered",
		}, ""},
		{"meetup: missing id and bad date", attendance.Meetup{}, "Name,Member ID,Last Attended\nNo Id,,2026-03-03\nBad,7,someday\n", []string{
			"2 No Id !identities: the member id (Member ID) is empty: Meetup gives no emails, so people are recognised by it",
			`3 Bad meetup:7 !attended: Last Attended must be a date, not "someday"`,
		}, ""},
		{"meetup: nothing says who came", attendance.Meetup{}, "Name,Member ID,Location\nAda,1,London\n", nil, `f.csv:1: this is not a Meetup member or RSVP list: no "Last Attended", "RSVP" or "Attended"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := read(c.imp, c.text)
			if c.err == "" && err != nil {
				t.Fatalf("error %v", err)
			}
			if c.err != "" {
				var fe *imports.FileError
				if err == nil || !strings.Contains(err.Error(), c.err) || !errors.As(err, &fe) {
					t.Fatalf("error %v, want a FileError saying %q", err, c.err)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestPreview(t *testing.T) {
	for _, imp := range []imports.Importer{attendance.Zoom{}, attendance.Eventbrite{}, attendance.Meetup{}} {
		file := map[string]string{"zoom": "zoom_with_summary.csv", "eventbrite": "eventbrite_attendees.csv", "meetup": "meetup_members.csv"}[imp.Kind()]
		f, err := os.Open(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		p, err := imp.Preview(f, file, nil, 2)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", imp.Kind(), err)
		}
		var mapped int
		for _, c := range p.Columns {
			if c.Field != "" {
				mapped++
			}
		}
		if len(p.Rows) != 2 || mapped < 2 || p.Rows[0][0] == "" {
			t.Errorf("%s: preview %+v", imp.Kind(), p)
		}
	}
}

// fuzz checks that an importer never panics nor hangs on any input, and
// that every refusal names the file and a line.
func fuzz(f *testing.F, imp imports.Importer, seeds ...string) {
	for _, s := range seeds {
		if b, err := os.ReadFile(filepath.Join("testdata", s)); err == nil {
			f.Add(string(b))
		} else {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		n := 0
		for rec, err := range imp.Records(strings.NewReader(text), "f.csv", nil) {
			if err != nil {
				var fe *imports.FileError
				if !errors.As(err, &fe) || fe.File != "f.csv" {
					t.Fatalf("error %v is not a FileError naming the file", err)
				}
				break
			}
			if rec.Line < 1 {
				t.Fatalf("record without a line: %+v", rec)
			}
			if n++; n > len(text)+1 {
				t.Fatalf("more records (%d) than bytes", n)
			}
		}
		if _, err := imp.Preview(strings.NewReader(text), "f.csv", nil, 5); err != nil {
			var fe *imports.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("preview error %v is not a FileError", err)
			}
		}
	})
}

func FuzzZoom(f *testing.F) {
	fuzz(f, attendance.Zoom{}, "zoom_participants_bom_crlf.csv", "zoom_with_summary.csv", "zoom_broken_quote.csv",
		"Meeting ID\n1\n\nName\nA (B)\n", "Name (Original Name),Duration (Minutes)\n (/),-1\n")
}

func FuzzEventbrite(f *testing.F) {
	fuzz(f, attendance.Eventbrite{}, "eventbrite_attendees.csv", "Email,Checked In\na@b.c,Yes\n")
}

func FuzzMeetup(f *testing.F) {
	fuzz(f, attendance.Meetup{}, "meetup_members.csv", "meetup_rsvps.csv", "Name,User ID,Attended\nA,user ,yes\n")
}
