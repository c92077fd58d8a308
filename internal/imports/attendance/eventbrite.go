package attendance

import (
	"errors"
	"io"
	"iter"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// Eventbrite reads an event's attendee report (Manage attendees > Reports
// > Attendee summary, exported as CSV): one row per ticket, with the
// order's columns ("Order #", "Order Date"), the attendee's ("First
// Name", "Last Name", "Email", "Ticket Type", "Attendee #", "Barcode #",
// "Attendee Status", and "Checked In" in some exports) and the event's own
// questions ("Company", "Job Title" ...).
//
// Who came is who was checked in ("Attendee Status" "Checked In", or a
// "Checked In" column saying so). Someone still "Attending" who was not
// checked in is put on the list as registered, not recorded as having
// come: a manager expects the people who bought a ticket in the community
// and on the list (and can mark them once they know), and a missed scan
// at the door is common enough that "did not attend" would often be
// wrong. A cancelled, refunded, transferred or deleted ticket is not
// imported: the row is refused, saying so, in the run's log.
type Eventbrite struct{}

// Kind implements imports.Importer.
func (Eventbrite) Kind() string { return "eventbrite" }

// Label implements imports.Importer.
func (Eventbrite) Label() string { return "Eventbrite attendee report (attendance)" }

// ForSession marks Eventbrite as an attendance kind.
func (Eventbrite) ForSession() {}

type eventbriteReport struct {
	*sheet
	first, last, name, email, status, checked, ticket, order, company, title int
}

func openEventbrite(r io.Reader, file string) (*eventbriteReport, error) {
	s := open(r, file)
	if err := s.readHeader(); err != nil {
		return nil, err
	}
	e := &eventbriteReport{sheet: s,
		first: s.column("First Name"), last: s.column("Last Name"), name: s.column("Attendee Name", "Name"),
		email: s.column("Email", "Attendee Email", "Email Address"), status: s.column("Attendee Status", "Status"),
		checked: s.column("Checked In", "Check-In Status", "Checked in"), ticket: s.column("Ticket Type"),
		order: s.column("Order #", "Order Number"), company: s.column("Company", "Organization", "Organisation"),
		title: s.column("Job Title"),
	}
	if e.email < 0 && e.first < 0 && e.last < 0 && e.name < 0 {
		return nil, s.missing("Eventbrite attendee report", `"Email", "First Name" or "Last Name"`)
	}
	if e.status < 0 && e.checked < 0 {
		return nil, s.missing("Eventbrite attendee report", `"Attendee Status" or "Checked In"`)
	}
	return e, nil
}

// Preview implements imports.Importer.
func (Eventbrite) Preview(r io.Reader, fileName string, _ imports.Mapping, rows int) (imports.Preview, error) {
	e, err := openEventbrite(r, fileName)
	if err != nil {
		return imports.Preview{}, err
	}
	return e.preview(rows, map[int]string{e.first: "first_name", e.last: "last_name", e.name: "name", e.email: "email",
		e.status: "attended", e.checked: "attended", e.company: "affiliation", e.title: "job_title"})
}

// Records implements imports.Importer.
func (Eventbrite) Records(r io.Reader, fileName string, _ imports.Mapping) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		e, err := openEventbrite(r, fileName)
		if err != nil {
			yield(imports.Record{}, err)
			return
		}
		for {
			row, line, err := e.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(imports.Record{}, err)
				return
			}
			if !yield(e.record(row, line), nil) {
				return
			}
		}
	}
}

func (e *eventbriteReport) record(row []string, line int) imports.Record {
	rec := imports.Record{Line: line, Member: members.Member{Source: "import:eventbrite"}}
	m := &rec.Member
	m.Name = cell(row, e.name)
	if m.Name == "" {
		m.Name = strings.TrimSpace(cell(row, e.first) + " " + cell(row, e.last))
	}
	if m.Name != "" {
		rec.Fields = append(rec.Fields, "name")
	}
	if v := cell(row, e.email); v != "" {
		m.Emails = []members.Email{{Address: v, Primary: true}}
		rec.Fields = append(rec.Fields, "emails")
	}
	if v := cell(row, e.company); v != "" {
		m.Affiliation = v
		rec.Fields = append(rec.Fields, "affiliation")
	}
	if v := cell(row, e.title); v != "" {
		m.JobTitle = v
		rec.Fields = append(rec.Fields, "job_title")
	}
	status := fold(cell(row, e.status))
	switch status {
	case "", "attending", "checked in", "checked-in":
	default:
		problem(&rec, "attended", "the ticket is %q (Attendee Status): only attending and checked-in tickets are imported", cell(row, e.status))
		return rec
	}
	at := &imports.Attendance{Registered: true}
	at.Came = status == "checked in" || status == "checked-in" || yes(cell(row, e.checked))
	var note []string
	if v := cell(row, e.ticket); v != "" {
		note = append(note, v)
	}
	if v := cell(row, e.order); v != "" {
		note = append(note, "order "+v)
	}
	at.Note = "Eventbrite"
	if len(note) > 0 {
		at.Note += ": " + strings.Join(note, ", ")
	}
	rec.Attendance = at
	return rec
}
