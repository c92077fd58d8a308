package contentaudit

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// largeInput is a year of 10,000 items (a third of them programmes with
// weekly sessions), 50 goals and the member side of 100,000 members over
// 400 time zones, as the audit target asks for.
func largeInput() Input {
	rng := rand.New(rand.NewPCG(1, 2))
	in := Input{From: "2026-07-01", To: "2026-09-30", Today: "2026-11-30"}
	for g := range 50 {
		in.Goals = append(in.Goals, Goal{ID: int64(g + 1), Title: fmt.Sprintf("Goal %d", g+1), Status: "active"})
	}
	year := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		on := year.AddDate(0, 0, rng.IntN(273))
		it := Item{Kind: KindContent, ID: int64(i + 1), Title: fmt.Sprintf("Item %d", i+1), On: on.Format(time.DateOnly),
			Goals: serves(int64(rng.IntN(60) + 1)), Modes: []participation.Mode{participation.Modes()[rng.IntN(3)]},
			Timings: []participation.Timing{participation.Synchronous}, Modalities: []participation.Modality{participation.Spoken},
			EffortHours: float64(rng.IntN(10)), Reach: []Reach{{"views", float64(rng.IntN(500))}}}
		if rng.IntN(5) == 0 {
			it.ReviewBy = on.AddDate(0, 3, 0).Format(time.DateOnly)
		}
		if i%3 == 0 {
			it.Kind = KindProgramme
			start := on.Add(20 * time.Hour)
			it.Until = on.AddDate(0, 0, 28).Format(time.DateOnly)
			for w := range 5 {
				s := start.AddDate(0, 0, 7*w)
				it.Sessions = append(it.Sessions, Session{ID: int64(i), Start: s, End: s.Add(time.Hour), TimeZone: "Europe/Berlin"})
			}
		}
		in.Items = append(in.Items, it)
	}
	m := Members{Total: 100000, PreferWritten: 25000, PreferAsynchronous: 30000, PreferWrittenOrAsync: 40000,
		ByTimeZone: map[string]int{}, ByStage: map[members.CareerStage]int{members.StageStudent: 20000, members.StageNonAcademic: 3000}}
	zones := members.TimeZones()
	for i, z := range zones[:min(400, len(zones))] {
		m.ByTimeZone[z.Name] = 100 + i
	}
	for s := range 20 {
		m.Segments = append(m.Segments, Segment{ID: int64(s + 1), Name: fmt.Sprintf("Segment %d", s+1), Members: 50 * s, Counted: true})
	}
	in.Members = m
	return in
}

// The audit target is 100 ms for the whole audit on SQLite at this size;
// the engine's share is a few milliseconds.
func BenchmarkRun(b *testing.B) {
	in := largeInput()
	var res Result
	for b.Loop() {
		var err error
		if res, err = Run(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Gaps)), "gaps")
}

// TestRunLarge checks that the audit at the benchmark's size finds
// something; how fast is BenchmarkRun's to say, never a timed test's.
func TestRunLarge(t *testing.T) {
	t.Parallel()
	res, err := Run(largeInput())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) == 0 || len(res.Gaps) == 0 {
		t.Errorf("items %d, gaps %d", len(res.Items), len(res.Gaps))
	}
}
