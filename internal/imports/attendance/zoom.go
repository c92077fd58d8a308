package attendance

import (
	"errors"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// Zoom reads a Zoom meeting's participant report (Reports > Usage >
// Participants > Export), with or without the meeting's summary on top:
//
//	"Meeting ID","Topic","Start Time","End Time","User Email","Duration (Minutes)","Participants"
//	"812 3456 7890","Community call","03/03/2026 03:58:10 PM",...,"host@example.org","62","5"
//
//	"Name (Original Name)","User Email","Join Time","Leave Time","Duration (Minutes)","Guest","Recording Consent","In Waiting Room"
//
// Everyone in the report came. Someone who joined several times (a
// dropped connection, a second device) is one person whose minutes add
// up; time in the waiting room does not count, and someone who was only
// ever in it did not come (they still become a member). People are
// recognised by their email, or by name for guests who gave none. The
// summary's "User Email" (or "Host Email") is the meeting's host, who is
// recorded as the host. Join and leave times are kept in the entry's note
// as the report writes them (in the Zoom account's zone, which the report
// does not name).
type Zoom struct{}

// Kind implements imports.Importer.
func (Zoom) Kind() string { return "zoom" }

// Label implements imports.Importer.
func (Zoom) Label() string { return "Zoom participant report (attendance)" }

// ForSession marks Zoom as an attendance kind.
func (Zoom) ForSession() {}

// zoomReport is a participant report open past its header.
type zoomReport struct {
	*sheet
	host                                       string // the host's email, from the summary
	name, email, join, leave, minutes, waiting int
	sawSummary                                 bool
}

func openZoom(r io.Reader, file string) (*zoomReport, error) {
	s := open(r, file)
	if err := s.readHeader(); err != nil {
		return nil, err
	}
	z := &zoomReport{sheet: s}
	if s.column("Meeting ID") >= 0 {
		// The summary: one row of values, then (past a blank line, which
		// the reader skips) the participants' header.
		z.sawSummary = true
		row, _, err := s.next()
		if errors.Is(err, io.EOF) {
			return nil, &imports.FileError{File: file, Line: s.headerAt, Reason: "the meeting summary is not followed by a list of participants"}
		}
		if err != nil {
			return nil, err
		}
		z.host = strings.ToLower(cell(row, s.column("Host Email", "User Email")))
		if err := s.readHeader(); err != nil {
			if fe := (*imports.FileError)(nil); errors.As(err, &fe) {
				fe.Reason = "the meeting summary is not followed by a list of participants"
			}
			return nil, err
		}
	}
	z.name = s.column("Name (Original Name)", "Name (original name)", "Name", "Participant", "Display Name")
	z.email = s.column("User Email", "Email", "Attendee Email")
	z.join = s.column("Join Time", "Join time")
	z.leave = s.column("Leave Time", "Leave time")
	z.minutes = s.column("Duration (Minutes)", "Duration (minutes)", "Time in Session (minutes)", "Duration")
	z.waiting = s.column("In Waiting Room", "In waiting room")
	if z.name < 0 && z.email < 0 {
		return nil, s.missing("Zoom participant report", `"Name (Original Name)" or "User Email"`)
	}
	return z, nil
}

// Preview implements imports.Importer.
func (Zoom) Preview(r io.Reader, fileName string, _ imports.Mapping, rows int) (imports.Preview, error) {
	z, err := openZoom(r, fileName)
	if err != nil {
		return imports.Preview{}, err
	}
	return z.preview(rows, map[int]string{z.name: "name", z.email: "email", z.join: "joined", z.leave: "left", z.minutes: "minutes"})
}

// zoomPerson is one person's joins, summed.
type zoomPerson struct {
	rec imports.Record
	at  *imports.Attendance
}

// Records implements imports.Importer. The whole report is read before
// the first record, to add up each person's joins: a meeting's report
// holds a few thousand rows at most.
func (Zoom) Records(r io.Reader, fileName string, _ imports.Mapping) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		z, err := openZoom(r, fileName)
		if err != nil {
			yield(imports.Record{}, err)
			return
		}
		var people []*zoomPerson
		byKey := map[string]*zoomPerson{}
		for {
			row, line, err := z.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				yield(imports.Record{}, err)
				return
			}
			name, email := zoomName(cell(row, z.name)), cell(row, z.email)
			key := "e:" + strings.ToLower(email)
			if email == "" {
				key = "n:" + fold(name)
			}
			p, ok := byKey[key]
			if !ok || key == "n:" {
				p = &zoomPerson{at: &imports.Attendance{Note: "Zoom"}}
				p.rec = imports.Record{Line: line, Member: members.Member{Name: name, Source: "import:zoom"}, Attendance: p.at}
				if name != "" {
					p.rec.Fields = append(p.rec.Fields, "name")
				}
				if email != "" {
					p.rec.Member.Emails = []members.Email{{Address: email, Primary: true}}
					p.rec.Fields = append(p.rec.Fields, "emails")
				}
				p.at.Host = z.host != "" && strings.EqualFold(email, z.host)
				byKey[key] = p
				people = append(people, p)
			}
			if p.rec.Member.Name == "" && name != "" {
				p.rec.Member.Name = name
				p.rec.Fields = append(p.rec.Fields, "name")
			}
			if yes(cell(row, z.waiting)) {
				continue // waiting to be let in is not being there
			}
			p.at.Came = true
			if v := cell(row, z.minutes); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 || n > 7*24*60 {
					problem(&p.rec, "minutes", "line %d: Duration (Minutes) must be a whole number of minutes, not %q", line, v)
				} else {
					p.at.Minutes += n
				}
			}
			if t, ok := parseTime(cell(row, z.join)); ok && (p.at.Joined.IsZero() || t.Before(p.at.Joined)) {
				p.at.Joined = t
			}
			if t, ok := parseTime(cell(row, z.leave)); ok && t.After(p.at.Left) {
				p.at.Left = t
			}
		}
		for _, p := range people {
			if !yield(p.rec, nil) {
				return
			}
		}
	}
}

// zoomName is the person's name from "Name (Original Name)": Zoom writes
// "Display (Original)" for someone who renamed themselves in the meeting,
// and the original (their account's name) is the one to keep; a
// parenthesis holding a slash is pronouns ("Ada (she/her)"), not a name.
func zoomName(v string) string {
	open := strings.LastIndex(v, " (")
	if open < 0 || !strings.HasSuffix(v, ")") {
		return v
	}
	inner := strings.TrimSpace(v[open+2 : len(v)-1])
	if inner == "" || strings.Contains(inner, "/") {
		return strings.TrimSpace(v[:open])
	}
	return inner
}
