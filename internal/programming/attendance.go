package programming

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// Registrations and attendance: the people on one occurrence's list, each
// a member, who registered (and when), what part they took and whether
// they came. An occurrence is a single session, or one date of a series
// named by the start the series' rule gives it (its original start), so a
// moved date keeps its people.

// Attended says whether someone on the list came.
type Attended string

const (
	AttendedYes     Attended = "yes"
	AttendedNo      Attended = "no"
	AttendedUnknown Attended = "unknown" // registered; whether they came is not recorded yet
)

func (a Attended) Valid() bool { return a == AttendedYes || a == AttendedNo || a == AttendedUnknown }

// Label is the state as pages show it.
func (a Attended) Label() string {
	switch a {
	case AttendedYes:
		return "Attended"
	case AttendedNo:
		return "Did not attend"
	}
	return "Not recorded"
}

// Part is what someone did at an occurrence.
type Part string

const (
	PartAttendee Part = "attendee"
	PartSpeaker  Part = "speaker"
	PartHost     Part = "host" // hosted or facilitated on the day
)

func (p Part) Valid() bool { return p == PartAttendee || p == PartSpeaker || p == PartHost }

// Label is the part as pages show it.
func (p Part) Label() string {
	switch p {
	case PartSpeaker:
		return "Speaker"
	case PartHost:
		return "Host"
	}
	return "Attendee"
}

// Parts lists the parts in the order forms offer them.
func Parts() []Part { return []Part{PartAttendee, PartSpeaker, PartHost} }

// Attendee is one person on an occurrence's list.
type Attendee struct {
	MemberID     int64     `json:"member_id"`
	Name         string    `json:"name"`
	Affiliation  string    `json:"affiliation"`
	Role         Part      `json:"role"`
	Attended     Attended  `json:"attended"`
	Note         string    `json:"note"`
	RegisteredAt time.Time `json:"registered_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Attendance is one occurrence with the people on its list, by name.
type Attendance struct {
	Occurrence Occurrence `json:"occurrence"`
	Registered int        `json:"registered"` // everyone on the list
	Attended   int        `json:"attended"`   // those marked as having come
	People     []Attendee `json:"people"`
}

// AttendanceInput adds someone to an occurrence's list or changes their
// entry. Fields left nil keep what is stored (attendee, not recorded and
// no note for someone new), so two people recording different things at
// once do not undo each other.
type AttendanceInput struct {
	MemberID int64     `json:"member_id"`
	Role     *Part     `json:"role,omitempty"`
	Attended *Attended `json:"attended,omitempty"`
	Note     *string   `json:"note,omitempty"`
}

const (
	maxNote = 500
	// maxPeople bounds one request; a conference's list is recorded in
	// several.
	maxPeople = 1000
)

// check normalizes in and adds its problems to fe under names given by
// field ("member_id", or "people[3].member_id" for a list).
func (in *AttendanceInput) check(fe *apperr.FieldErrors, field func(string) string, o Occurrence, now time.Time) {
	if in.MemberID <= 0 {
		fe.Add(field("member_id"), "is required: the member's id")
	}
	if in.Role != nil && !in.Role.Valid() {
		fe.Add(field("role"), "choose attendee, speaker or host")
	}
	if a := in.Attended; a != nil {
		switch {
		case !a.Valid():
			fe.Add(field("attended"), "choose yes, no or unknown")
		case *a != AttendedUnknown && o.Cancelled:
			fe.Add(field("attended"), "this date was cancelled: nobody can have attended; keep them registered to tell them")
		case *a != AttendedUnknown && o.Start.After(now):
			fe.Add(field("attended"), "this date has not started yet; record who came once it has")
		}
	}
	if in.Note != nil {
		note := strings.TrimSpace(*in.Note)
		in.Note = &note
		text.Check(fe, field("note"), note)
		if utf8.RuneCountInString(note) > maxNote {
			fe.Add(field("note"), "must be at most %d characters", maxNote)
		}
	}
}

// peopleField names field of the i-th person of a list.
func peopleField(i int) func(string) string {
	return func(f string) string { return fmt.Sprintf("people[%d].%s", i, f) }
}

func plainField(f string) string { return f }

// OccurrenceName is how forms and URLs name an occurrence: its original
// start as a wall-clock time in the session's zone ("2026-03-03T16:00"),
// or "" for a single session.
func (o Occurrence) OccurrenceName() string {
	if o.OriginalStart == nil {
		return ""
	}
	return o.OriginalStart.Format(localLayout)
}

// key is the instant that names the occurrence in storage.
func (o Occurrence) key() int64 {
	if o.OriginalStart != nil {
		return o.OriginalStart.Unix()
	}
	return o.Start.Unix()
}

// occurrenceAt is the occurrence of x named by orig (a series' original
// start, or a single session's start). Invalid naming "occurrence" when
// x has no such occurrence or the date was skipped.
func (x Session) occurrenceAt(orig time.Time) (Occurrence, error) {
	when := orig.In(x.Start.Location()).Format("Mon 2 Jan 2006 15:04 MST")
	o := Occurrence{SessionID: x.ID, ProgrammeID: x.ProgrammeID, Programme: x.Programme, Title: x.Name(),
		TimeZone: x.TimeZone, Location: x.Location, JoinURL: x.JoinURL, Cancelled: x.Status == SessionCancelled}
	if !x.Recurring() {
		if !orig.Equal(x.Start) {
			return o, fieldErr("occurrence", fmt.Sprintf("this session takes place once, at %s, not at %s",
				x.Start.Format("Mon 2 Jan 2006 15:04 MST"), when))
		}
		o.Start, o.End = x.Start, x.End
		return o, nil
	}
	if !isOccurrence(x.RRule, x.Start, orig) {
		return o, fieldErr("occurrence", "the series has no date at "+when)
	}
	orig = orig.In(x.Start.Location())
	o.Start, o.End, o.OriginalStart = orig, orig.Add(x.End.Sub(x.Start)), &orig
	for _, e := range x.Exceptions {
		if !e.OriginalStart.Equal(orig) {
			continue
		}
		switch e.Action {
		case Skip:
			return o, fieldErr("occurrence", "the "+when+" date was skipped; restore it to record who came")
		case Move:
			o.Start, o.End, o.Moved = *e.Start, *e.End, true
		case CancelOne:
			o.Cancelled = true
		}
	}
	return o, nil
}

// findOccurrence reads at, the occurrence's name (its original start,
// RFC 3339 or wall-clock in x's zone; "" names a single session), and
// returns the occurrence. Invalid naming "occurrence".
func (x Session) findOccurrence(at string) (Occurrence, error) {
	at = strings.TrimSpace(at)
	if at == "" {
		if x.Recurring() {
			return Occurrence{}, fieldErr("occurrence", "this session repeats: name the date by its start as the series gives it")
		}
		return x.occurrenceAt(x.Start)
	}
	orig, ok := ParseWhen(at, x.Start.Location())
	if !ok {
		return Occurrence{}, fieldErr("occurrence", "must be a date and time, YYYY-MM-DDTHH:MM or RFC 3339")
	}
	return x.occurrenceAt(orig)
}
