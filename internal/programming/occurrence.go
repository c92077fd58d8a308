package programming

import (
	"context"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Occurrence is one date a session or series meets, as calendars show it.
type Occurrence struct {
	SessionID   int64  `json:"session_id"`
	ProgrammeID int64  `json:"programme_id"`
	Programme   string `json:"programme_title"`
	Title       string `json:"title"`
	// Start and End are when it takes place, in the session's zone.
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	TimeZone string    `json:"time_zone"`
	// OriginalStart is the start the series' rule gives this occurrence
	// (nil for a single session): it names the occurrence for a change.
	OriginalStart *time.Time `json:"original_start,omitempty"`
	Moved         bool       `json:"moved"`
	Cancelled     bool       `json:"cancelled"`
	Location      string     `json:"location"`
	JoinURL       string     `json:"join_url"`
}

// MaxSpan is the longest period one expansion may cover.
const MaxSpan = 400 * 24 * time.Hour

// Occurrences expands session x into its occurrences starting in
// [from, to): skipped ones are left out, moved ones appear at their new
// time (when that falls in the period), cancelled ones are marked.
func (x Session) Occurrences(from, to time.Time) []Occurrence {
	base := Occurrence{SessionID: x.ID, ProgrammeID: x.ProgrammeID, Programme: x.Programme, Title: x.Name(),
		TimeZone: x.TimeZone, Location: x.Location, JoinURL: x.JoinURL, Cancelled: x.Status == SessionCancelled}
	length := x.End.Sub(x.Start)
	if !x.Recurring() {
		if x.Start.Before(to) && !x.Start.Before(from) {
			o := base
			o.Start, o.End = x.Start, x.End
			return []Occurrence{o}
		}
		return nil
	}
	byOrig := make(map[int64]Exception, len(x.Exceptions))
	var out []Occurrence
	for _, e := range x.Exceptions {
		byOrig[e.OriginalStart.Unix()] = e
		if e.Action == Move && e.Start.Before(to) && !e.Start.Before(from) {
			o := base
			orig := e.OriginalStart
			o.Start, o.End, o.OriginalStart, o.Moved = *e.Start, *e.End, &orig, true
			out = append(out, o)
		}
	}
	for _, t := range expand(x.RRule, x.Start, from, to) {
		e, changed := byOrig[t.Unix()]
		if changed && (e.Action == Skip || e.Action == Move) {
			continue
		}
		o := base
		orig := t
		o.Start, o.End, o.OriginalStart = t, t.Add(length), &orig
		o.Cancelled = o.Cancelled || (changed && e.Action == CancelOne)
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	return out
}

// Occurrences lists every occurrence of every session (of one programme
// when programmeID is not 0) starting in [from, to), by start. A period
// longer than MaxSpan, or one that ends before it starts, is Invalid
// naming "to".
func (s *Service) Occurrences(ctx context.Context, from, to time.Time, programmeID int64) ([]Occurrence, error) {
	if !to.After(from) {
		return nil, fieldErr("to", "must be after from")
	}
	if to.Sub(from) > MaxSpan {
		return nil, fieldErr("to", "a period covers at most 400 days")
	}
	// A moved occurrence may come from up to a month away.
	var w store.Where
	w.Add("s.starts_at < ?", to.Add(31*24*time.Hour).Unix())
	w.Add("(s.rrule <> '' OR s.ends_at > ?)", from.Add(-31*24*time.Hour).Unix())
	if programmeID != 0 {
		w.Add("s.programme_id = ?", programmeID)
	}
	list, err := loadSessions(ctx, s.DB, "SELECT "+sessionColumns+sessionFrom+w.SQL()+" ORDER BY s.starts_at, s.id", w.Args()...)
	if err != nil {
		return nil, store.Wrap(err, "Could not list sessions.")
	}
	out := []Occurrence{}
	for _, x := range list {
		out = append(out, x.Occurrences(from, to)...)
	}
	slices.SortStableFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	return out, nil
}

func fieldErr(field, msg string) error {
	var fe apperr.FieldErrors
	fe.Add(field, "%s", msg)
	return fe.Err()
}
