package participation_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/participation"
)

// act is one activity of a hand-built history: an RFC 3339 time, a mode
// and a weight.
type act struct {
	at     string
	mode   participation.Mode
	weight int
}

func acts(t *testing.T, loc *time.Location, in ...act) []participation.Act {
	t.Helper()
	var out []participation.Act
	for _, a := range in {
		at, err := time.Parse(time.RFC3339, a.at)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, participation.Act{At: at.Unix(), Day: participation.DayOf(at.Unix(), loc), Mode: a.mode, Weight: a.weight})
	}
	return out
}

func day(t *testing.T, s string) participation.Day {
	t.Helper()
	d, err := participation.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// step is a pathway step as the tests write it.
type step struct{ day, from, to string }

func TestDerive(t *testing.T) {
	t.Parallel()
	const (
		convey, contribute, collaborate, cocreate, none = participation.Convey, participation.Contribute, participation.Collaborate, participation.CoCreate, participation.NoMode
	)
	auckland, err1 := time.LoadLocation("Pacific/Auckland")
	honolulu, err2 := time.LoadLocation("Pacific/Honolulu")
	if err1 != nil || err2 != nil {
		t.Skip("no time zone database")
	}
	st := participation.Settings{WindowDays: 90, HalfLifeDays: 90}
	// asOf is Monday 30 November 2026, 12:00 UTC: still 30 November in
	// UTC and Honolulu (02:00), already 1 December in Auckland (01:00 NZDT).
	asOf := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).Unix()
	tests := []struct {
		name       string
		loc        *time.Location
		history    []act
		today      string
		mode       participation.Mode
		since      string
		prev       participation.Mode
		deepest    participation.Mode
		stage      participation.Stage
		engagement float64
		exact      bool // whole half-lives: the figure is exact in binary
		pathway    []step
	}{
		{name: "never active", today: "2026-11-30", mode: none, prev: none, deepest: none, stage: participation.StageNone},
		{name: "one call today: a newcomer, full weight", today: "2026-11-30",
			history: []act{{"2026-11-30T12:00:00Z", convey, 1}},
			mode:    convey, since: "2026-11-30", prev: none, deepest: convey, stage: participation.StageNewcomer, engagement: 1, exact: true,
			pathway: []step{{"2026-11-30", "none", "convey"}}},
		{name: "the window's first day (today-89) counts", today: "2026-11-30",
			history: []act{{"2026-09-02T00:00:00Z", contribute, 2}},
			mode:    contribute, since: "2026-09-02", prev: none, deepest: contribute, stage: participation.StageNewcomer,
			// 89.5 days old: 2 * 2^(-89.5/90)
			engagement: 1.003858242,
			pathway:    []step{{"2026-09-02", "none", "contribute"}}},
		{name: "the day before it (today-90) has left: drifting", today: "2026-11-30",
			history: []act{{"2026-09-01T23:59:59Z", contribute, 2}},
			mode:    none, since: "2026-11-30", prev: contribute, deepest: contribute, stage: participation.StageDrifting,
			engagement: 1.003858152,
			pathway:    []step{{"2026-09-01", "none", "contribute"}, {"2026-11-30", "contribute", "none"}}},
		{name: "quiet since today-179: still drifting", today: "2026-11-30",
			history: []act{{"2026-06-04T12:00:00Z", convey, 1}},
			mode:    none, since: "2026-09-02", prev: convey, deepest: convey, stage: participation.StageDrifting, engagement: 0.251932842,
			pathway: []step{{"2026-06-04", "none", "convey"}, {"2026-09-02", "convey", "none"}}},
		{name: "quiet since today-180: lapsed", today: "2026-11-30",
			history: []act{{"2026-06-03T12:00:00Z", convey, 1}},
			mode:    none, since: "2026-09-01", prev: none, deepest: convey, stage: participation.StageLapsed, engagement: 0.25, exact: true,
			pathway: []step{{"2026-06-03", "none", "convey"}, {"2026-09-01", "convey", "none"}}},
		{name: "up, up, out, back in, out again", today: "2026-11-30",
			history: []act{{"2026-01-01T10:00:00Z", contribute, 2}, {"2026-02-01T10:00:00Z", cocreate, 5}, {"2026-06-15T10:00:00Z", convey, 1}},
			mode:    none, since: "2026-09-13", prev: convey, deepest: cocreate, stage: participation.StageDrifting,
			engagement: 0.915991608,
			pathway: []step{{"2026-01-01", "none", "contribute"}, {"2026-02-01", "contribute", "co_create"},
				{"2026-05-02", "co_create", "none"}, {"2026-06-15", "none", "convey"}, {"2026-09-13", "convey", "none"}}},
		{name: "down a mode as the deeper one leaves the window", today: "2026-06-30",
			history: []act{{"2026-01-01T10:00:00Z", cocreate, 5}, {"2026-03-01T10:00:00Z", contribute, 2}},
			mode:    none, since: "2026-05-30", prev: contribute, deepest: cocreate, stage: participation.StageDrifting,
			engagement: 0.626746039,
			pathway:    []step{{"2026-01-01", "none", "co_create"}, {"2026-04-01", "co_create", "contribute"}, {"2026-05-30", "contribute", "none"}}},
		{name: "two modes on one day: one step, to the deeper", today: "2026-11-30",
			history: []act{{"2026-11-30T08:00:00Z", contribute, 2}, {"2026-11-30T09:00:00Z", cocreate, 5}},
			mode:    cocreate, since: "2026-11-30", prev: none, deepest: cocreate, stage: participation.StageNewcomer,
			engagement: 6.992623229,
			pathway:    []step{{"2026-11-30", "none", "co_create"}}},
		{name: "a regular contributor: three days of the window", today: "2026-11-30",
			history: []act{{"2026-01-10T12:00:00Z", convey, 1}, {"2026-10-01T12:00:00Z", contribute, 2}, {"2026-10-15T12:00:00Z", contribute, 2}, {"2026-11-01T12:00:00Z", contribute, 2}},
			mode:    contribute, since: "2026-10-01", prev: none, deepest: contribute, stage: participation.StageContributing,
			engagement: 4.345427770,
			pathway:    []step{{"2026-01-10", "none", "convey"}, {"2026-04-10", "convey", "none"}, {"2026-10-01", "none", "contribute"}}},
		{name: "two days of the window: participating", today: "2026-11-30",
			history: []act{{"2026-01-10T12:00:00Z", convey, 1}, {"2026-10-01T12:00:00Z", contribute, 2}, {"2026-10-01T13:00:00Z", contribute, 2}, {"2026-11-01T12:00:00Z", contribute, 2}},
			mode:    contribute, since: "2026-10-01", prev: none, deepest: contribute, stage: participation.StageParticipating,
			engagement: 4.202389555,
			pathway:    []step{{"2026-01-10", "none", "convey"}, {"2026-04-10", "convey", "none"}, {"2026-10-01", "none", "contribute"}}},
		{name: "collaborating: contributing; first on today-90 is no newcomer", today: "2026-11-30",
			history: []act{{"2026-09-01T12:00:00Z", convey, 1}, {"2026-11-02T12:00:00Z", collaborate, 4}},
			mode:    collaborate, since: "2026-11-02", prev: convey, deepest: collaborate, stage: participation.StageContributing,
			engagement: 3.724083009,
			pathway:    []step{{"2026-09-01", "none", "convey"}, {"2026-11-02", "convey", "collaborate"}}},
		{name: "co-creating: leading; a mode leaves as another arrives; exact halvings", today: "2026-11-30",
			history: []act{{"2026-06-03T12:00:00Z", contribute, 2}, {"2026-09-01T12:00:00Z", convey, 1}, {"2026-11-30T12:00:00Z", cocreate, 5}},
			mode:    cocreate, since: "2026-11-30", prev: convey, deepest: cocreate, stage: participation.StageLeading,
			engagement: 2*0.25 + 1*0.5 + 5, exact: true,
			pathway: []step{{"2026-06-03", "none", "contribute"}, {"2026-09-01", "contribute", "convey"},
				{"2026-11-30", "convey", "co_create"}}},
		{name: "exploring", today: "2026-11-30",
			history: []act{{"2026-09-01T12:00:00Z", convey, 1}, {"2026-11-30T12:00:00Z", convey, 1}},
			mode:    convey, since: "2026-09-01", prev: convey, deepest: convey, stage: participation.StageExploring, engagement: 1.5, exact: true,
			pathway: []step{{"2026-09-01", "none", "convey"}}},
		{name: "activities after today are left out", today: "2026-11-29",
			history: []act{{"2026-11-28T12:00:00Z", convey, 1}, {"2026-11-30T12:00:00Z", cocreate, 5}},
			mode:    convey, since: "2026-11-28", prev: none, deepest: convey, stage: participation.StageNewcomer, engagement: 0.984714753,
			pathway: []step{{"2026-11-28", "none", "convey"}}},
		// Auckland is UTC+12 in September (standard time) and it is 1
		// December there at asOf: the window's first day is 3 September,
		// which began at 2 September 12:00 UTC.
		{name: "Auckland: 00:30 on the window's first day counts", loc: auckland, today: "2026-12-01",
			history: []act{{"2026-09-02T12:30:00Z", contribute, 2}},
			mode:    contribute, since: "2026-09-03", prev: none, deepest: contribute, stage: participation.StageNewcomer,
			engagement: 1.007893073,
			pathway:    []step{{"2026-09-03", "none", "contribute"}}},
		{name: "Auckland: 23:30 the day before has left", loc: auckland, today: "2026-12-01",
			history: []act{{"2026-09-02T11:30:00Z", contribute, 2}},
			mode:    none, since: "2026-12-01", prev: contribute, deepest: contribute, stage: participation.StageDrifting,
			engagement: 1.007569691,
			pathway:    []step{{"2026-09-02", "none", "contribute"}, {"2026-12-01", "contribute", "none"}}},
		// Honolulu is UTC-10: its 2 September (the window's first day on
		// 30 November) began at 2 September 10:00 UTC.
		{name: "Honolulu: midnight on the window's first day counts", loc: honolulu, today: "2026-11-30",
			history: []act{{"2026-09-02T10:00:00Z", contribute, 2}},
			mode:    contribute, since: "2026-09-02", prev: none, deepest: contribute, stage: participation.StageNewcomer,
			engagement: 1.007084812,
			pathway:    []step{{"2026-09-02", "none", "contribute"}}},
		{name: "Honolulu: a second before it does not", loc: honolulu, today: "2026-11-30",
			history: []act{{"2026-09-02T09:59:59Z", contribute, 2}},
			mode:    none, since: "2026-11-30", prev: contribute, deepest: contribute, stage: participation.StageDrifting,
			engagement: 1.007084722,
			pathway:    []step{{"2026-09-01", "none", "contribute"}, {"2026-11-30", "contribute", "none"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loc := tc.loc
			if loc == nil {
				loc = time.UTC
			}
			today := day(t, tc.today)
			if got := participation.DayOf(asOf, loc); tc.loc != nil && got != today {
				t.Fatalf("today in %s is %s, the case says %s", loc, got, tc.today)
			}
			s := participation.Derive(acts(t, loc, tc.history...), today, asOf, st)
			if s.Mode != tc.mode || s.ModeSince.String() != tc.since || s.PrevMode != tc.prev || s.DeepestMode != tc.deepest || s.Stage != tc.stage {
				t.Errorf("mode %s since %q prev %s deepest %s stage %s; want %s since %q prev %s deepest %s stage %s",
					s.Mode, s.ModeSince, s.PrevMode, s.DeepestMode, s.Stage, tc.mode, tc.since, tc.prev, tc.deepest, tc.stage)
			}
			var got []step
			for _, p := range s.Pathway {
				got = append(got, step{p.Day.String(), string(p.From), string(p.To)})
			}
			if !slices.Equal(got, tc.pathway) {
				t.Errorf("pathway %v, want %v", got, tc.pathway)
			}
			if tc.exact && s.Engagement != tc.engagement {
				t.Errorf("engagement %v, want exactly %v", s.Engagement, tc.engagement)
			}
			if !near(s.Engagement, tc.engagement) {
				t.Errorf("engagement %.6f, want %.6f", s.Engagement, tc.engagement)
			}
		})
	}
}

// near compares engagement figures worked out by hand to nine decimals.
func near(got, want float64) bool {
	d := got - want
	return d < 1e-9 && d > -1e-9
}
