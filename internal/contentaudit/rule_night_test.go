package contentaudit

import (
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAtNight(t *testing.T) {
	t.Parallel()
	cases := []struct {
		zone, at string // at is UTC
		night    bool
	}{
		// Berlin in summer is UTC+2.
		{"Europe/Berlin", "2026-07-07 19:59", false}, // 21:59
		{"Europe/Berlin", "2026-07-07 20:00", true},  // 22:00
		{"Europe/Berlin", "2026-07-08 04:59", true},  // 06:59
		{"Europe/Berlin", "2026-07-08 05:00", false}, // 07:00
		// Clocks go back at 03:00 on 25 October 2026: 05:00 UTC is 07:00
		// the day before and 06:00 that day.
		{"Europe/Berlin", "2026-10-24 05:00", false},
		{"Europe/Berlin", "2026-10-25 05:00", true},
		// Clocks go forward at 02:00 on 29 March 2026: 05:30 UTC is 06:30
		// the day before and 07:30 that day.
		{"Europe/Berlin", "2026-03-28 05:30", true},
		{"Europe/Berlin", "2026-03-29 05:30", false},
		// Kolkata is UTC+05:30 all year.
		{"Asia/Kolkata", "2026-07-07 16:29", false}, // 21:59
		{"Asia/Kolkata", "2026-07-07 16:30", true},  // 22:00
		{"Asia/Kolkata", "2026-07-08 01:29", true},  // 06:59
		{"Asia/Kolkata", "2026-07-08 01:30", false}, // 07:00
		// Chatham is UTC+12:45 in its winter, UTC+13:45 in its summer.
		{"Pacific/Chatham", "2026-07-07 09:14", false}, // 21:59
		{"Pacific/Chatham", "2026-07-07 09:15", true},  // 22:00
		{"Pacific/Chatham", "2026-07-07 18:14", true},  // 06:59 on the 8th
		{"Pacific/Chatham", "2026-07-07 18:15", false}, // 07:00 on the 8th
		{"Pacific/Chatham", "2026-12-07 08:15", true},  // 22:00 in summer
		{"Pacific/Chatham", "2026-12-07 08:14", false}, // 21:59 in summer
		// Either side of the date line, one instant: 22:00 on the 8th in
		// Kiritimati (UTC+14) is 21:00 on the 7th in Pago Pago (UTC-11).
		{"Pacific/Kiritimati", "2026-07-08 08:00", true},
		{"Pacific/Pago_Pago", "2026-07-08 08:00", false},
		{"Pacific/Pago_Pago", "2026-07-08 09:00", true},
		{"UTC", "2026-07-08 22:00", true},
		{"UTC", "2026-07-08 07:00", false},
	}
	for _, c := range cases {
		loc := location(c.zone)
		if loc == nil {
			t.Fatalf("no zone %s", c.zone)
		}
		if got := atNight(utc(c.at), loc); got != c.night {
			t.Errorf("%s at %s UTC (%s local): night = %v, want %v", c.zone, c.at, utc(c.at).In(loc).Format("15:04"), got, c.night)
		}
	}
	if location("Mars/Olympus_Mons") != nil || location("") != nil {
		t.Error("an unknown or empty zone loaded")
	}
}

func TestSessionsAtNight(t *testing.T) {
	t.Parallel()
	withSessions := func(it Item, starts ...string) Item {
		for i, s := range starts {
			it.Sessions = append(it.Sessions, Session{ID: int64(i + 1), Start: utc(s), End: utc(s).Add(time.Hour), TimeZone: "Europe/Berlin"})
		}
		return it
	}
	// 20:00 UTC: 22:00 in Berlin, 01:30 in Kolkata, 05:00 in Tokyo, 08:45
	// in Chatham (day), 13:00 in Los Angeles (day).
	evening := withSessions(prog(1, "Evening call", "2026-07-07"), "2026-07-07 20:00", "2026-08-04 20:00")
	// 16:30 UTC: 18:30 in Berlin, 22:00 in Kolkata, 01:30 in Tokyo.
	afternoon := withSessions(prog(2, "Afternoon call", "2026-07-14"), "2026-07-14 16:30")
	cancelled := withSessions(prog(3, "Cancelled call", "2026-07-20"), "2026-07-20 12:00")
	cancelled.Withdrawn = true
	zones := map[string]int{"Europe/Berlin": 400, "Asia/Kolkata": 1200, "Asia/Tokyo": 1200, "Pacific/Chatham": 5,
		"America/Los_Angeles": 900, "Not/AZone": 7}

	cases := []struct {
		name  string
		items []Item
		want  []Gap
	}{
		{name: "no sessions", items: []Item{prog(4, "Forum", "2026-07-01")}},
		{name: "night somewhere for every session",
			items: []Item{evening, afternoon, cancelled},
			want: []Gap{{Key: "sessions_at_night",
				Message: "Every one of the 3 sessions in Q3 2026 starts between 22:00 and 07:00 local time for 2,400 members in 2 time zones: Asia/Kolkata (1,200) and Asia/Tokyo (1,200).",
				Figures: map[string]float64{"sessions": 3, "members": 2400, "time_zones": 2},
				Details: []Detail{{"Asia/Kolkata", 1200}, {"Asia/Tokyo", 1200}},
				Links: []Link{{Kind: "members", Title: "Members in these time zones", Path: "/members?time_zone=Asia%2FKolkata&time_zone=Asia%2FTokyo"},
					link(evening), link(afternoon)}}}},
		{name: "one session",
			items: []Item{withSessions(prog(1, "Evening call", "2026-07-07"), "2026-07-07 20:00")},
			want: []Gap{{Key: "sessions_at_night",
				Message: "The one session in Q3 2026 starts between 22:00 and 07:00 local time for 2,800 members in 3 time zones: Asia/Kolkata (1,200), Asia/Tokyo (1,200) and Europe/Berlin (400).",
				Figures: map[string]float64{"sessions": 1, "members": 2800, "time_zones": 3}}}},
		{name: "a daytime session somewhere for everyone",
			items: []Item{withSessions(prog(1, "Call", "2026-07-07"), "2026-07-07 20:00", "2026-07-08 08:00", "2026-07-08 15:00")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := q3()
			in.Items, in.Members = c.items, Members{ByTimeZone: zones}
			wantGaps(t, gapsOf(t, in, "sessions_at_night"), c.want)
		})
	}
	t.Run("a time zone list of four or more", func(t *testing.T) {
		t.Parallel()
		in := q3()
		in.Items = []Item{withSessions(prog(1, "Call", "2026-07-07"), "2026-07-07 20:00")}
		in.Members = Members{ByTimeZone: map[string]int{"Asia/Tokyo": 3, "Asia/Seoul": 2, "Asia/Manila": 2, "Australia/Perth": 1}}
		wantGaps(t, gapsOf(t, in, "sessions_at_night"), []Gap{{Key: "sessions_at_night",
			Message: "The one session in Q3 2026 starts between 22:00 and 07:00 local time for 8 members in 4 time zones: Asia/Tokyo (3), Asia/Manila (2), Asia/Seoul (2) and 1 more.",
			Figures: map[string]float64{"sessions": 1, "members": 8, "time_zones": 4}}})
	})
}

// allAtNight, which looks offsets up only at daylight-saving changes,
// agrees with atNight instant by instant across zones with and without
// daylight saving, either side of the date line, over two years.
func TestAllAtNightAgreesWithAtNight(t *testing.T) {
	t.Parallel()
	var starts []time.Time
	for at := utc("2025-12-01 00:00"); at.Before(utc("2027-12-01 00:00")); at = at.Add(7*time.Hour + 13*time.Minute) {
		starts = append(starts, at)
	}
	for _, zone := range []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
		"Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu"} {
		loc := location(zone)
		for i := range starts {
			// Every window of ten instants: all at night or not.
			w := starts[i:min(i+10, len(starts))]
			want := true
			for _, s := range w {
				want = want && atNight(s, loc)
			}
			if got := allAtNight(w, loc); got != want {
				t.Fatalf("%s from %s: allAtNight = %v, atNight says %v", zone, w[0], got, want)
			}
			// Single instants, where the two must agree exactly.
			if got := allAtNight(w[:1], loc); got != atNight(w[0], loc) {
				t.Fatalf("%s at %s: allAtNight = %v, atNight = %v", zone, w[0], got, !got)
			}
		}
	}
}
