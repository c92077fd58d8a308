package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/programming"
)

// A campaign template's sessions ("community call about it, +7 days") are
// edited in their own table below the items, whose inputs repeat:
// session_programme ("kind:community_call" for whichever programme of
// that kind is in use when the template is applied, or a programme's id),
// session_title, session_offset, session_time, session_zone and
// session_minutes, the nth of each making row n.

// sessionEntryRow is one row of the sessions table, as typed.
type sessionEntryRow struct {
	N                                             int
	Programme, Title, Offset, Time, Zone, Minutes string
}

// Num is the row's number as a person counts, from 1.
func (r sessionEntryRow) Num() int { return r.N + 1 }

const blankSessionRows = 2

func sessionEntryRows(form url.Values) []sessionEntryRow {
	keys := []string{"session_programme", "session_title", "session_offset", "session_time", "session_zone", "session_minutes"}
	n := 0
	for _, k := range keys {
		n = max(n, len(form[k]))
	}
	at := func(key string, i int) string {
		if vs := form[key]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	rows := make([]sessionEntryRow, n)
	for i := range rows {
		rows[i] = sessionEntryRow{N: i, Programme: at("session_programme", i), Title: at("session_title", i),
			Offset: at("session_offset", i), Time: at("session_time", i), Zone: at("session_zone", i), Minutes: at("session_minutes", i)}
	}
	return rows
}

// sessionEntries reads the sessions table: the entries, the row key each
// came from ("session.2") and problems with numbers the domain never sees.
func sessionEntries(form url.Values, bad map[string]string) (entries []content.TemplateEntry, keys []string) {
	for _, r := range sessionEntryRows(form) {
		if r.Programme == "" && r.Title == "" && r.Time == "" && r.Zone == "" && (r.Offset == "" || r.Offset == "0") && (r.Minutes == "" || r.Minutes == "0") {
			continue
		}
		e := content.TemplateEntry{Kind: content.SessionEntry, TitlePattern: r.Title, StartTime: r.Time, TimeZone: r.Zone}
		if kind, ok := strings.CutPrefix(r.Programme, "kind:"); ok {
			e.ProgrammeKind = kind
		} else if id := formID(r.Programme); id != 0 {
			e.ProgrammeID = &id
		}
		var err error
		if e.OffsetDays, err = strconv.Atoi(r.Offset); err != nil && r.Offset != "" {
			bad[fmt.Sprintf("session.%d.offset", r.N)] = fmt.Sprintf("session %d: must be a whole number of days", r.N+1)
		}
		if e.DurationMinutes, err = strconv.Atoi(r.Minutes); err != nil && r.Minutes != "" {
			bad[fmt.Sprintf("session.%d.minutes", r.N)] = fmt.Sprintf("session %d: must be a whole number of minutes", r.N+1)
		}
		entries = append(entries, e)
		keys = append(keys, fmt.Sprintf("session.%d", r.N))
	}
	return entries, keys
}

// addSessionValues puts a stored session entry into form's sessions table.
func addSessionValues(v url.Values, e content.TemplateEntry) {
	programme := "kind:" + e.ProgrammeKind
	if e.ProgrammeID != nil {
		programme = strconv.FormatInt(*e.ProgrammeID, 10)
	}
	minutes := ""
	if e.DurationMinutes != 0 {
		minutes = strconv.Itoa(e.DurationMinutes)
	}
	v.Add("session_programme", programme)
	v.Add("session_title", e.TitlePattern)
	v.Add("session_offset", strconv.Itoa(e.OffsetDays))
	v.Add("session_time", e.StartTime)
	v.Add("session_zone", e.TimeZone)
	v.Add("session_minutes", minutes)
}

// sessionField is the sessions table's short name of an entry's field.
var sessionField = map[string]string{"programme_kind": "programme", "programme_id": "programme", "title_pattern": "title",
	"offset_days": "offset", "start_time": "time", "time_zone": "zone", "duration_minutes": "minutes"}

// programmeOptions are the programmes a session entry may name: first
// "whichever community call is in use" for each kind, then each
// programme that is planned or open.
func (s *Server) programmeOptions(ctx context.Context) (kinds, programmes []option, err error) {
	for _, k := range programming.Kinds() {
		kinds = append(kinds, option{"kind:" + string(k), "Our " + strings.ToLower(k.Label()) + " (the one in use)"})
	}
	list, err := s.app.Programming.ProgrammeChoices(ctx)
	for _, p := range list {
		programmes = append(programmes, option{strconv.FormatInt(p.ID, 10), p.Title + " (" + p.Kind.Label() + ")"})
	}
	return kinds, programmes, err
}

// describeSession is a session entry in words, for the templates' list.
func describeSession(e content.TemplateEntry, programmes map[int64]string) string {
	who := "our " + strings.ToLower(programming.Kind(e.ProgrammeKind).Label())
	if e.ProgrammeID != nil {
		who = "programme #" + strconv.FormatInt(*e.ProgrammeID, 10) + " (not planned or open now)"
		if t, ok := programmes[*e.ProgrammeID]; ok {
			who = t
		}
	}
	when := "at its usual time"
	if e.StartTime != "" {
		when = "at " + e.StartTime
		if e.TimeZone != "" {
			when += " " + e.TimeZone
		}
	} else if e.TimeZone != "" {
		when += ", in " + e.TimeZone
	}
	if e.DurationMinutes != 0 {
		when += fmt.Sprintf(", %d minutes", e.DurationMinutes)
	}
	return fmt.Sprintf("Session of %s %s, “%s”", who, when, e.TitlePattern)
}
