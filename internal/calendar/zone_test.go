package calendar_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"
)

// observance is one STANDARD or DAYLIGHT of a parsed VTIMEZONE, read by
// the tests themselves (neither parser evaluates VTIMEZONE), so the
// definitions are checked independently of Go's zone database.
type observance struct {
	daylight bool
	onset    time.Time // the instant it starts
	from, to int       // seconds east of UTC
	name     string
}

// vtimezone is a parsed VTIMEZONE: its observances in order of onset.
type vtimezone []observance

func parseObservance(daylight bool, dtstart, from, to, name string) (observance, error) {
	o := observance{daylight: daylight, name: name}
	var err error
	if o.from, err = parseOffset(from); err != nil {
		return o, err
	}
	if o.to, err = parseOffset(to); err != nil {
		return o, err
	}
	local, err := time.Parse("20060102T150405", dtstart)
	if err != nil {
		return o, fmt.Errorf("DTSTART %q: %w", dtstart, err)
	}
	o.onset = local.Add(-time.Duration(o.from) * time.Second)
	return o, nil
}

func parseOffset(s string) (int, error) {
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') {
		return 0, fmt.Errorf("UTC offset %q", s)
	}
	n := 0
	for i, unit := range []int{3600, 60, 1} {
		if 1+2*i >= len(s) {
			break
		}
		v, err := strconv.Atoi(s[1+2*i : 3+2*i])
		if err != nil {
			return 0, fmt.Errorf("UTC offset %q", s)
		}
		n += v * unit
	}
	if s[0] == '-' {
		if n == 0 {
			return 0, fmt.Errorf("UTC offset %q: -0000 is not allowed", s)
		}
		n = -n
	}
	return n, nil
}

func (z vtimezone) sorted() vtimezone {
	slices.SortFunc(z, func(a, b observance) int { return a.onset.Compare(b.onset) })
	return z
}

// at returns the observance in force at instant t.
func (z vtimezone) at(t time.Time) (observance, bool) {
	var cur observance
	found := false
	for _, o := range z {
		if o.onset.After(t) {
			break
		}
		cur, found = o, true
	}
	return cur, found
}

// instant resolves a wall-clock time (read as UTC fields) in the zone the
// way RFC 5545 3.3.5 says: the offset whose instant maps back to that
// wall time; for a time skipped by a change, the offset before it.
func (z vtimezone) instant(wall time.Time) (time.Time, error) {
	var offsets []int
	for _, o := range z {
		offsets = append(offsets, o.to)
	}
	slices.Sort(offsets)
	for _, off := range slices.Compact(offsets) {
		t := wall.Add(-time.Duration(off) * time.Second)
		if o, ok := z.at(t); ok && o.to == off {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("no offset of the VTIMEZONE gives wall time %s", wall)
}

// checkAgainstGo asserts the VTIMEZONE gives Go's offset and name for
// every instant from "from" to "to", probed every hour.
func checkAgainstGo(t *testing.T, z vtimezone, loc *time.Location, from, to time.Time) {
	t.Helper()
	for at := from; at.Before(to); at = at.Add(time.Hour) {
		o, ok := z.at(at)
		name, off := at.In(loc).Zone()
		if !ok || o.to != off || o.name != name || o.daylight != at.In(loc).IsDST() {
			t.Fatalf("%s at %s: VTIMEZONE says %+v (found %v), Go says %s %+d dst=%v", loc, at, o, ok, name, off, at.In(loc).IsDST())
		}
	}
}
