package attendance

import (
	"errors"
	"io"
	"iter"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// Meetup reads the two lists Meetup gives an organiser, told apart by
// their columns:
//
//   - the group's member list ("Name", "Member ID", "Title", "Location",
//     "Joined Group on", "Last visited group on", "Last Attended",
//     "Intro", "Photo", "Assistant Organizer", "Mailing List", "URL of
//     Member Profile" ...): a member whose "Last Attended" is the date
//     of the session imported to came to it; the others are brought in
//     as members only;
//   - an event's RSVP list ("Name", "User ID", "Title", "Event Host",
//     "RSVP", "Guests", "RSVPed on", "Joined Group on", "URL of Member
//     Profile"): an RSVP "Yes" is registered for the date, and came when
//     an "Attended" column says so; the event's hosts are its hosts. An
//     RSVP "No" or a place on the waiting list brings the person in as a
//     member only.
//
// Meetup gives no emails: people are recognised by their Meetup member
// id, kept as their "meetup" identity, so the same list imported again
// finds them. A row without a member id is refused.
type Meetup struct{}

// Kind implements imports.Importer.
func (Meetup) Kind() string { return "meetup" }

// Label implements imports.Importer.
func (Meetup) Label() string { return "Meetup member or RSVP list (attendance)" }

// ForSession marks Meetup as an attendance kind.
func (Meetup) ForSession() {}

type meetupList struct {
	*sheet
	name, id, lastAttended, rsvp, host, attended int
}

func openMeetup(r io.Reader, file string) (*meetupList, error) {
	s := open(r, file)
	if err := s.readHeader(); err != nil {
		return nil, err
	}
	l := &meetupList{sheet: s, name: s.column("Name"), id: s.column("Member ID", "User ID", "Member Id", "User Id"),
		lastAttended: s.column("Last Attended"), rsvp: s.column("RSVP", "RSVP Status", "Response"),
		host: s.column("Event Host", "Host"), attended: s.column("Attended", "Attendance")}
	switch {
	case l.id < 0:
		return nil, s.missing("Meetup member or RSVP list", `"Member ID" or "User ID"`)
	case l.name < 0:
		return nil, s.missing("Meetup member or RSVP list", `"Name"`)
	case l.lastAttended < 0 && l.rsvp < 0 && l.attended < 0:
		return nil, s.missing("Meetup member or RSVP list", `"Last Attended", "RSVP" or "Attended" (nothing says who came)`)
	}
	return l, nil
}

// Preview implements imports.Importer.
func (Meetup) Preview(r io.Reader, fileName string, _ imports.Mapping, rows int) (imports.Preview, error) {
	l, err := openMeetup(r, fileName)
	if err != nil {
		return imports.Preview{}, err
	}
	return l.preview(rows, map[int]string{l.name: "name", l.id: "identities", l.lastAttended: "attended", l.rsvp: "attended", l.attended: "attended"})
}

// Records implements imports.Importer.
func (Meetup) Records(r io.Reader, fileName string, _ imports.Mapping) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		l, err := openMeetup(r, fileName)
		if err != nil {
			yield(imports.Record{}, err)
			return
		}
		for {
			row, line, err := l.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(imports.Record{}, err)
				return
			}
			if !yield(l.record(row, line), nil) {
				return
			}
		}
	}
}

func (l *meetupList) record(row []string, line int) imports.Record {
	rec := imports.Record{Line: line, Member: members.Member{Name: cell(row, l.name), Source: "import:meetup"}}
	if rec.Member.Name != "" {
		rec.Fields = append(rec.Fields, "name")
	}
	// RSVP lists write "user 123456789"; member lists the number alone.
	id := strings.TrimSpace(strings.TrimPrefix(fold(cell(row, l.id)), "user"))
	if id == "" {
		problem(&rec, "identities", "the member id (%s) is empty: Meetup gives no emails, so people are recognised by it", l.header[l.id])
		return rec
	}
	rec.Member.Identities = []members.Identity{{Platform: "meetup", Handle: id}}
	rec.Fields = append(rec.Fields, "identities")
	at := &imports.Attendance{Note: "Meetup"}
	if v := cell(row, l.lastAttended); v != "" {
		day, ok := parseDate(v)
		if !ok {
			problem(&rec, "attended", "Last Attended must be a date, not %q", v)
			return rec
		}
		at.LastAttended = day
	}
	if l.rsvp >= 0 {
		at.Registered = fold(cell(row, l.rsvp)) == "yes"
	}
	at.Came = yes(cell(row, l.attended))
	at.Host = yes(cell(row, l.host))
	if at.Came || at.Registered || at.LastAttended != "" {
		rec.Attendance = at
	}
	return rec
}
