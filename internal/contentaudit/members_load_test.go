package contentaudit

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func newService(db *store.DB) *Service {
	now := func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }
	return &Service{DB: db, Members: &members.Service{DB: db, Now: now}, Now: now}
}

func TestLoadMembers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(db)
		people := []members.Member{
			{Name: "Ana", TimeZone: "Asia/Tokyo", CareerStage: members.StageStudent, Preferences: members.Preferences{Modality: "written", Timing: "asynchronous"}},
			{Name: "Ben", TimeZone: "Asia/Tokyo", CareerStage: members.StageStudent, Preferences: members.Preferences{Modality: "written", Timing: "both"}},
			{Name: "Cai", TimeZone: "Asia/Kolkata", CareerStage: members.StageSenior, Preferences: members.Preferences{Modality: "both", Timing: "asynchronous"}},
			{Name: "Dee", TimeZone: "Europe/Berlin", Preferences: members.Preferences{Modality: "spoken", Timing: "synchronous"}},
			{Name: "Eve", Country: "KE"},
			{Name: "Archived Fay", TimeZone: "Asia/Tokyo", CareerStage: members.StageStudent, Preferences: members.Preferences{Modality: "written"}},
		}
		var ids []int64
		for _, p := range people {
			m, err := s.Members.Create(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		if err := s.Members.Archive(ctx, ids[5]); err != nil {
			t.Fatal(err)
		}
		students, err := s.Members.CreateSegment(ctx, "Students", members.Filter{CareerStage: []members.CareerStage{members.StageStudent}})
		if err != nil {
			t.Fatal(err)
		}
		kenya, err := s.Members.CreateSegment(ctx, "Kenya", members.Filter{Country: []string{"KE"}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.LoadMembers(ctx, map[int64]bool{students.ID: false, 9999: true})
		if err != nil {
			t.Fatal(err)
		}
		want := Members{
			Total: 5, CountedAt: s.now(), PreferWritten: 2, PreferAsynchronous: 2, PreferWrittenOrAsync: 3,
			ByTimeZone: map[string]int{"Asia/Tokyo": 2, "Asia/Kolkata": 1, "Europe/Berlin": 1},
			ByStage:    map[members.CareerStage]int{members.StageStudent: 2, members.StageSenior: 1},
			Segments: []Segment{
				{ID: kenya.ID, Name: "Kenya", Path: "/members?country=KE", Members: 1, Counted: true, CountedAt: s.now()},
				{ID: students.ID, Name: "Students", Path: "/members?career_stage=student", Members: 2, Counted: true, CountedAt: s.now()},
			},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("LoadMembers =\n  %+v\nwant\n  %+v", got, want)
		}
		// A segment an item is aimed at is listed, not counted.
		got, err = s.LoadMembers(ctx, map[int64]bool{kenya.ID: true})
		if err != nil {
			t.Fatal(err)
		}
		want.Segments[0].Members, want.Segments[0].Counted, want.Segments[0].CountedAt = 0, false, time.Time{}
		if !reflect.DeepEqual(got.Segments, want.Segments) {
			t.Errorf("aimed at Kenya: segments = %+v, want %+v", got.Segments, want.Segments)
		}

		// With a time to live, a count is reused until it is older than
		// that, and a changed filter is counted afresh.
		s.SegmentTTL = 10 * time.Minute
		counts := func() int {
			m, err := s.LoadMembers(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			return m.Segments[1].Members
		}
		counts()
		if _, err := s.Members.Create(ctx, members.Member{Name: "Gil", CareerStage: members.StageStudent}); err != nil {
			t.Fatal(err)
		}
		if n := counts(); n != 2 {
			t.Errorf("within the time to live: %d students, want the kept 2", n)
		}
		at := s.now().Add(11 * time.Minute)
		s.Now = func() time.Time { return at }
		if n := counts(); n != 3 {
			t.Errorf("after the time to live: %d students, want 3", n)
		}
	})
}

func TestLoadMembersEmpty(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		got, err := s.LoadMembers(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		want := Members{CountedAt: s.now(), ByTimeZone: map[string]int{}, ByStage: map[members.CareerStage]int{}, Segments: []Segment{}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("LoadMembers = %+v, want %+v", got, want)
		}
	})
}

func TestSegmentsAimedAt(t *testing.T) {
	t.Parallel()
	seg := func(id int64) *int64 { return &id }
	in := post(1, "In", "2026-07-01")
	in.Audience.SegmentID = seg(3)
	out := post(2, "Out", "2026-06-30")
	out.Audience.SegmentID = seg(4)
	gone := post(3, "Withdrawn", "2026-07-02")
	gone.Audience.SegmentID, gone.Withdrawn = seg(5), true
	got := SegmentsAimedAt("2026-07-01", "2026-09-30", []Item{in, out, gone, post(4, "Whole", "2026-08-01")})
	if !reflect.DeepEqual(got, map[int64]bool{3: true}) {
		t.Errorf("SegmentsAimedAt = %v", got)
	}
}

// The count-members job keeps the counts an audit then reads without
// counting: a member added after the job is not seen until it runs again
// (or the counts outlive SegmentTTL), and a deleted segment's count is
// forgotten.
func TestRefreshMemberCounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := newService(db)
		s.SegmentTTL = 15 * time.Minute
		for _, p := range []members.Member{
			{Name: "Ana", CareerStage: members.StageStudent, TimeZone: "Asia/Tokyo"},
			{Name: "Ben", CareerStage: members.StageSenior, Country: "KE"},
		} {
			if _, err := s.Members.Create(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		students, err := s.Members.CreateSegment(ctx, "Students", members.Filter{CareerStage: []members.CareerStage{members.StageStudent}})
		if err != nil {
			t.Fatal(err)
		}
		kenya, err := s.Members.CreateSegment(ctx, "Kenya", members.Filter{Country: []string{"KE"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RefreshMemberCounts(ctx); err != nil {
			t.Fatal(err)
		}
		ranAt := s.now()
		if _, err := s.Members.Create(ctx, members.Member{Name: "Cai", CareerStage: members.StageStudent, Country: "KE", TimeZone: "Asia/Tokyo"}); err != nil {
			t.Fatal(err)
		}
		later := ranAt.Add(10 * time.Minute)
		s.Now = func() time.Time { return later }
		load := func() (total int, bySegment map[int64]int, counted map[int64]time.Time) {
			t.Helper()
			m, err := s.LoadMembers(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			bySegment, counted = map[int64]int{}, map[int64]time.Time{}
			for _, seg := range m.Segments {
				bySegment[seg.ID], counted[seg.ID] = seg.Members, seg.CountedAt
			}
			return m.Total, bySegment, counted
		}
		total, n, at := load()
		if total != 2 || n[students.ID] != 1 || n[kenya.ID] != 1 || !at[students.ID].Equal(ranAt) {
			t.Errorf("read from the job's counts: total %d, segments %v counted %v; want 2, 1 and 1 counted at %v", total, n, at, ranAt)
		}

		// The job runs again: the new member is counted.
		if err := s.RefreshMemberCounts(ctx); err != nil {
			t.Fatal(err)
		}
		if total, n, at = load(); total != 3 || n[students.ID] != 2 || n[kenya.ID] != 2 || !at[kenya.ID].Equal(later) {
			t.Errorf("after the job ran again: total %d, segments %v counted %v; want 3, 2 and 2", total, n, at)
		}

		// Older than the time to live (the job stopped): counted afresh.
		if _, err := s.Members.Create(ctx, members.Member{Name: "Dee", CareerStage: members.StageStudent}); err != nil {
			t.Fatal(err)
		}
		stale := later.Add(16 * time.Minute)
		s.Now = func() time.Time { return stale }
		if total, n, _ = load(); total != 4 || n[students.ID] != 3 {
			t.Errorf("after the time to live: total %d, students %d; want 4 and 3", total, n[students.ID])
		}

		// A deleted segment's count goes with the next run.
		if err := s.Members.DeleteSegment(ctx, kenya.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RefreshMemberCounts(ctx); err != nil {
			t.Fatal(err)
		}
		var keys int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_member_counts").Scan(&keys); err != nil || keys != 2 {
			t.Errorf("kept counts after deleting a segment: %d rows (%v), want the mix and Students", keys, err)
		}
	})
}
