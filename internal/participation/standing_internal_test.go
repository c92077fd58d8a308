package participation

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func parseDeriver() *deriver {
	return &deriver{kinds: kindRules{byKey: map[string]kindRule{
		"attended_call": {Convey, 1}, "answered_question": {Contribute, 3}, "hosted_session": {CoCreate, 5},
	}}, loc: time.UTC}
}

// TestDeriverParse reads the lists activitiesByMember gives, as both
// engines write them, and refuses what is not a list of times.
func TestDeriverParse(t *testing.T) {
	for _, tc := range []struct {
		name, ats, kinds string
		want             []Act
		err              bool
	}{
		{name: "one", ats: "86400", kinds: "attended_call", want: []Act{{At: 86400, Day: 1, Mode: Convey, Weight: 1}}},
		{name: "in order, the same kind twice", ats: "10,86400,86401", kinds: "answered_question,answered_question,hosted_session",
			want: []Act{{10, 0, Contribute, 3}, {86400, 1, Contribute, 3}, {86401, 1, CoCreate, 5}}},
		{name: "out of order: sorted by time, kinds kept with their times", ats: "172800,5,86400", kinds: "hosted_session,attended_call,answered_question",
			want: []Act{{5, 0, Convey, 1}, {86400, 1, Contribute, 3}, {172800, 2, CoCreate, 5}}},
		{name: "an unknown kind counts as nothing", ats: "1,2", kinds: "attended_call,gone_kind",
			want: []Act{{1, 0, Convey, 1}, {2, 0, "", 0}}},
		{name: "before 1970", ats: "-1", kinds: "attended_call", want: []Act{{-1, -1, Convey, 1}}},
		{name: "not a number", ats: "12x", kinds: "attended_call", err: true},
		{name: "an empty time", ats: "1,,2", kinds: "a,b,c", err: true},
		{name: "too long to be seconds", ats: strings.Repeat("9", 19), kinds: "attended_call", err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseDeriver().parse(tc.ats, tc.kinds)
			if tc.err {
				if err == nil {
					t.Fatalf("parsed %v, want an error", got)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// FuzzDeriverParse: never a panic; a list of whole numbers parses to
// exactly those times, sorted.
func FuzzDeriverParse(f *testing.F) {
	f.Add("1,2,3", "attended_call,hosted_session,x")
	f.Add("-5,0", "")
	f.Add("", "attended_call")
	f.Add(",", ",")
	f.Add("99999999999999999", "hosted_session")
	f.Fuzz(func(t *testing.T, ats, kinds string) {
		got, err := parseDeriver().parse(ats, kinds)
		if err != nil {
			return
		}
		var want []int64
		if ats != "" {
			for _, p := range strings.Split(ats, ",") {
				n, perr := strconv.ParseInt(p, 10, 64)
				if perr != nil {
					// "+1" and similar: parse must have refused them.
					t.Fatalf("parsed %q (%v) that strconv refuses: %v", ats, got, perr)
				}
				want = append(want, n)
			}
		}
		slices.Sort(want)
		if len(got) != len(want) {
			t.Fatalf("%q: %d activities, want %d", ats, len(got), len(want))
		}
		for i := range got {
			if got[i].At != want[i] {
				t.Fatalf("%q: times %v, want %v", ats, got, want)
			}
		}
	})
}

// TestDeriveOnlyFutureActivities: a member whose only activity is after
// today has engagement 0 and a finite key, which a pass finds equal to
// itself (it was +Inf, first in every list by engagement, and rewritten
// by every pass).
func TestDeriveOnlyFutureActivities(t *testing.T) {
	st := Settings{WindowDays: 90, HalfLifeDays: 90}
	today := Day(20000)
	s := Derive([]Act{{At: int64(today+1) * 86400, Day: today + 1, Mode: Convey, Weight: 1}}, today, int64(today)*86400+3600, st)
	key := EngagementKey(s.Engagement, s.ComputedAt, s.halfLife)
	if s.Engagement != 0 || s.Stage != StageNone || math.IsInf(key, 0) || math.IsNaN(key) {
		t.Fatalf("engagement %v, stage %s, key %v", s.Engagement, s.Stage, key)
	}
	row := storedRow{mode: string(s.Mode), since: s.ModeSince.String(), prev: string(s.PrevMode), deepest: string(s.DeepestMode),
		stage: string(s.Stage), key: key, activities: s.Activities, first: s.FirstAt, last: s.LastAt}
	if !row.same(&s) {
		t.Errorf("the stored row %+v differs from the standing it was written from", row)
	}
}
