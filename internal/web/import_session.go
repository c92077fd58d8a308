package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/imports"
)

// Attendance files (a Zoom report, an Eventbrite or Meetup export) are the
// attendance of one date of a session: the upload form offers the recent
// ones, and the run keeps the choice until its job writes the list.

// sessionChoice is one date offered: Value is the session's id, and for a
// series "@" and the date's name.
type sessionChoice struct {
	Value, Label string
}

// importSessionBack and importSessionAhead are how many days back and
// ahead the form offers dates.
const importSessionBack, importSessionAhead = 90, 30

// recentSessions lists the dates of sessions from three months ago to a
// month ahead, the latest first; none when they cannot be read (the
// form then asks for nothing an attendance file could be uploaded with).
func (s *Server) recentSessions(ctx context.Context) []sessionChoice {
	now := s.app.Now()
	occs, err := s.app.Programming.Occurrences(ctx, now.AddDate(0, 0, -importSessionBack), now.AddDate(0, 0, importSessionAhead), 0)
	if err != nil {
		return nil
	}
	out := make([]sessionChoice, 0, len(occs))
	for _, o := range slices.Backward(occs) {
		v := strconv.FormatInt(o.SessionID, 10)
		if name := o.OccurrenceName(); name != "" {
			v += "@" + name
		}
		label := o.Start.Format("Mon 2 Jan 2006 15:04 MST") + " · " + o.Title
		if o.Programme != "" && o.Programme != o.Title {
			label += " (" + o.Programme + ")"
		}
		if o.Cancelled {
			label += " · cancelled"
		}
		out = append(out, sessionChoice{Value: v, Label: label})
	}
	return out
}

// importSession reads the form's session for an upload of kind: 0 for a
// kind that needs none; Invalid naming "session" when an attendance kind
// has none or a malformed one.
func importSession(r *http.Request, kind string, imp imports.Importer) (int64, string, error) {
	if _, ok := imp.(imports.AttendanceImporter); !ok {
		return 0, "", nil
	}
	v := strings.TrimSpace(r.FormValue("session"))
	idText, at, _ := strings.Cut(v, "@")
	id, err := strconv.ParseInt(idText, 10, 64)
	if v == "" || err != nil || id <= 0 {
		msg := fmt.Sprintf("choose the session this %s file is the attendance of", kind)
		return 0, "", &apperr.Error{Code: apperr.Invalid, Message: "session: " + msg, Fields: map[string]string{"session": msg}}
	}
	return id, at, nil
}

// importAttendance says, for a run of an attendance kind, which date its
// file is the attendance of ("" for other kinds).
func (s *Server) importAttendance(ctx context.Context, run imports.Run) string {
	if _, ok := s.app.Imports.Importers[run.Kind].(imports.AttendanceImporter); !ok {
		return ""
	}
	session, at, err := s.app.Imports.Session(ctx, run.ID)
	if err != nil || session == 0 {
		return "no session yet: upload the file again and choose its session"
	}
	o, err := s.app.Programming.Occurrence(ctx, session, at)
	if err != nil {
		return fmt.Sprintf("session %d, which cannot be read: %v", session, err)
	}
	label := o.Title + ", " + o.Start.Format("Mon 2 Jan 2006 15:04 MST")
	if run.Status == imports.Done {
		if n, err := s.app.Imports.AttendanceWritten(ctx, run.ID); err == nil {
			label += fmt.Sprintf(" (%d entries of its list added or changed)", n)
		}
	}
	return label
}
