package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
)

// attendanceOf lists every past and upcoming occurrence's list, as text.
func attendanceOf(t *testing.T, a *app.App) (string, map[string][]programming.Attendance) {
	t.Helper()
	ctx := context.Background()
	occ, err := a.Programming.Occurrences(ctx, fixedNow.AddDate(-1, 0, 0), fixedNow.AddDate(0, 1, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	byProgramme := map[string][]programming.Attendance{}
	for _, o := range occ {
		list, err := a.Programming.GetAttendance(ctx, o.SessionID, o.OccurrenceName())
		if err != nil {
			t.Fatal(err)
		}
		byProgramme[o.Programme] = append(byProgramme[o.Programme], list)
		for _, p := range list.People {
			fmt.Fprintf(&b, "%s %s %s %s %s\n", o.Start.Format("2006-01-02"), o.Title, p.Name, p.Role, p.Attended)
		}
	}
	return b.String(), byProgramme
}

func TestDemoAttendance(t *testing.T) {
	t.Parallel()
	first, lists := attendanceOf(t, loadedCopy(t, demo.Options{}))
	again, _ := attendanceOf(t, load(t, store.SQLite, fixedNow, demo.Options{}))
	if first != again {
		t.Errorf("two loads differ in attendance:\n%s", firstDifference(first, again))
	}
	calls := lists["Monthly community call"]
	past, times, came := 0, map[int64]int{}, 0
	for _, l := range calls {
		o := l.Occurrence
		if o.Cancelled || o.Start.After(fixedNow) {
			if l.Attended != 0 {
				t.Errorf("%s: %d came to a date that did not take place", o.Start, l.Attended)
			}
			continue
		}
		past++
		if l.Attended < 15 || l.Attended > 60 {
			t.Errorf("community call on %s: %d came, want 15 to 60", o.Start.Format("2 Jan"), l.Attended)
		}
		for _, p := range l.People {
			if p.Attended == programming.AttendedYes {
				times[p.MemberID]++
				came++
			}
		}
	}
	if past < 8 {
		t.Fatalf("%d past community calls with lists", past)
	}
	regular := 0
	for _, n := range times {
		if n >= past/2 {
			regular += n
		}
	}
	// Mostly the same faces, with newcomers.
	if regular*2 < came || len(times) < 40 {
		t.Errorf("regulars made %d of %d attendances by %d people", regular, came, len(times))
	}
}
