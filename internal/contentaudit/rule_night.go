package contentaudit

import (
	"fmt"
	"slices"
	"sync"
	"time"
	_ "time/tzdata" // every zone members may record loads, tzdata installed or not

	"github.com/trellis-community/trellis/internal/members"
)

// Night is from 22:00 to 07:00 local time. A session is at night for a
// zone when it starts in [22:00, 07:00) there: 22:00 is night, 07:00 is
// day. Its start decides, not its end: a call starting at 06:30 asks
// members to be up for it at 06:30, however long it runs.
const (
	nightFrom = 22
	nightTo   = 7
)

// atNight reports whether t falls in the night in loc.
func atNight(t time.Time, loc *time.Location) bool {
	h := t.In(loc).Hour()
	return h >= nightFrom || h < nightTo
}

// allAtNight reports whether every instant of starts (sorted, not empty)
// is at night in loc. It looks the zone's offset up only when an instant
// leaves the span the last offset holds for (daylight saving changes it a
// couple of times a year), so checking thousands of sessions against
// hundreds of zones stays cheap; atNight says the same, one at a time.
func allAtNight(starts []time.Time, loc *time.Location) bool {
	var from, until time.Time
	offset, known := 0, false
	for _, t := range starts {
		if !known || t.Before(from) || (!until.IsZero() && !t.Before(until)) {
			local := t.In(loc)
			_, offset = local.Zone()
			from, until = local.ZoneBounds()
			known = true
		}
		sec := (t.Unix() + int64(offset)) % 86400
		if sec < 0 {
			sec += 86400
		}
		if h := sec / 3600; h < nightFrom && h >= nightTo {
			return false
		}
	}
	return true
}

var zones sync.Map // IANA name -> *time.Location, or nil for an unknown name

// location loads a time zone once per process; nil for an unknown name.
func location(name string) *time.Location {
	if v, ok := zones.Load(name); ok {
		return v.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = nil
	}
	zones.Store(name, loc)
	return loc
}

func sessionsAtNight(a *run) []Gap {
	var starts []time.Time
	var progs []*Item
	for _, it := range a.progs {
		if len(it.Sessions) > 0 {
			progs = append(progs, it)
		}
		for _, s := range it.Sessions {
			starts = append(starts, s.Start)
		}
	}
	if len(starts) == 0 {
		return nil
	}
	slices.SortFunc(starts, time.Time.Compare)
	distinct := slices.CompactFunc(slices.Clone(starts), time.Time.Equal)
	var ds []Detail
	total := 0
	for zone, n := range a.in.Members.ByTimeZone {
		loc := location(zone)
		if loc == nil || n == 0 {
			continue // validated on entry; a name this build no longer knows is not guessed at
		}
		if allAtNight(distinct, loc) {
			ds = append(ds, Detail{Label: zone, Count: float64(n)})
			total += n
		}
	}
	if total == 0 {
		return nil
	}
	sortDetails(ds)
	var names []string
	for _, d := range ds {
		names = append(names, d.Label)
	}
	every := fmt.Sprintf("Every one of the %d sessions", len(starts))
	if len(starts) == 1 {
		every = "The one session"
	}
	return []Gap{{
		Key: "sessions_at_night",
		Message: fmt.Sprintf("%s %s starts between 22:00 and 07:00 local time for %s in %s: %s.",
			every, a.p.words, plural(total, "member", "members"), plural(len(ds), "time zone", "time zones"), topDetails(ds, 3)),
		Figures: map[string]float64{"sessions": float64(len(starts)), "members": float64(total), "time_zones": float64(len(ds))},
		Details: ds,
		Links:   append([]Link{membersLink("Members in these time zones", members.Filter{TimeZone: names})}, itemLinks(progs)...),
	}}
}
