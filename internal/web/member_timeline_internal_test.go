package web

import (
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/relationships"
)

func TestMemberTimeline(t *testing.T) {
	t.Parallel()
	at := func(day string) programming.MemberOccurrence {
		start, _ := time.Parse(time.DateOnly, day)
		start = start.Add(16 * time.Hour)
		return programming.MemberOccurrence{Occurrence: programming.Occurrence{SessionID: 1, Title: "Community call", Start: start, End: start.Add(time.Hour)},
			Role: programming.PartAttendee, Attended: programming.AttendedYes}
	}
	its := []relationships.Interaction{{ID: 1, OccurredOn: "2026-03-04"}, {ID: 2, OccurredOn: "2026-02-01"}}
	sessions := []programming.MemberOccurrence{at("2026-03-03"), at("2026-01-06")}
	now := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	line := func(list []timelineEntry) string {
		var b strings.Builder
		for _, e := range list {
			b.WriteString(e.Day)
			if e.Session != nil {
				b.WriteString(" " + e.What)
			}
			b.WriteString("; ")
		}
		return b.String()
	}
	tests := []struct {
		name                  string
		moreIts, moreSessions bool
		want                  string
	}{
		{"merged by date", false, false, "2026-03-04; 2026-03-03 Attended Community call; 2026-02-01; 2026-01-06 Attended Community call; "},
		// More interactions exist before 1 February: an older session would
		// sit among interactions not shown.
		{"cut at the interactions", true, false, "2026-03-04; 2026-03-03 Attended Community call; 2026-02-01; "},
		{"cut at the sessions", false, true, "2026-03-04; 2026-03-03 Attended Community call; 2026-02-01; 2026-01-06 Attended Community call; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := line(memberTimeline(its, tt.moreIts, sessions, tt.moreSessions, time.UTC, now))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	sessions[1].Role = programming.PartSpeaker
	if got := line(memberTimeline(nil, false, sessions[1:], true, time.UTC, now)); got != "2026-01-06 Spoke at Community call; " {
		t.Errorf("speaker: %s", got)
	}
	ahead := at("2026-04-07")
	ahead.Attended = programming.AttendedUnknown
	if got := attendanceWords(ahead, now); got != "Registered for Community call" {
		t.Errorf("ahead: %s", got)
	}
}
