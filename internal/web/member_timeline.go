package web

import (
	"cmp"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/relationships"
)

// The member page's timeline: interactions and the sessions the member
// registered for or came to, merged by date, latest first, so a manager
// sees "Attended Monthly community call" beside "Call with …".

// timelineEntry is one dated line: an interaction or a session.
type timelineEntry struct {
	Day         string // YYYY-MM-DD, in the community's zone for sessions
	Interaction *relationships.Interaction
	Session     *programming.MemberOccurrence
	What        string // the session line in words
	Path        string // the session's attendance page
}

// memberTimeline merges interactions (latest first, cut at the limit when
// moreInteractions) and sessions (likewise). Where one list was cut, the
// other is cut at the same date, so the timeline never skips a dated line
// it shows around.
func memberTimeline(interactions []relationships.Interaction, moreInteractions bool,
	sessions []programming.MemberOccurrence, moreSessions bool, loc *time.Location, now time.Time) []timelineEntry {
	out := make([]timelineEntry, 0, len(interactions)+len(sessions))
	for i := range interactions {
		out = append(out, timelineEntry{Day: interactions[i].OccurredOn, Interaction: &interactions[i]})
	}
	for i := range sessions {
		x := &sessions[i]
		out = append(out, timelineEntry{Day: x.Start.In(loc).Format("2006-01-02"), Session: x,
			What: attendanceWords(*x, now), Path: attendancePath(x.SessionID, x.OccurrenceName())})
	}
	slices.SortStableFunc(out, func(a, b timelineEntry) int { return cmp.Compare(b.Day, a.Day) })
	cut := ""
	if moreInteractions && len(interactions) > 0 {
		cut = interactions[len(interactions)-1].OccurredOn
	}
	if moreSessions && len(sessions) > 0 {
		cut = max(cut, sessions[len(sessions)-1].Start.In(loc).Format("2006-01-02"))
	}
	if cut != "" {
		out = slices.DeleteFunc(out, func(e timelineEntry) bool { return e.Day < cut })
	}
	return out
}

// attendanceWords says what the member did at a session.
func attendanceWords(x programming.MemberOccurrence, now time.Time) string {
	switch {
	case x.Cancelled:
		return "Registered for " + x.Title + " (cancelled)"
	case x.Attended == programming.AttendedYes && x.Role == programming.PartSpeaker:
		return "Spoke at " + x.Title
	case x.Attended == programming.AttendedYes && x.Role == programming.PartHost:
		return "Hosted " + x.Title
	case x.Attended == programming.AttendedYes:
		return "Attended " + x.Title
	case x.Attended == programming.AttendedNo:
		return "Registered for " + x.Title + ", did not come"
	case x.Start.After(now):
		return "Registered for " + x.Title
	}
	return "Registered for " + x.Title + " (whether they came is not recorded)"
}
