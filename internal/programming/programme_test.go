package programming_test

import (
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestProgrammeRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ada, lin := f.member("Ada"), f.user("Lin")
		g := f.goal("Grow open practice")
		in := programming.ProgrammeInput{
			Kind: programming.Workshop, Title: "  Reproducible notebooks ", Description: "Hands-on **notebooks**",
			Hosts:    []programming.HostInput{{MemberID: ada, Role: programming.Host}, {UserID: lin, Role: programming.Facilitator}},
			Audience: members.Audience{CareerStages: []members.CareerStage{members.StageEarlyCareer}},
			Format:   programming.Hybrid, Modalities: []participation.Modality{participation.HandsOn, participation.Spoken},
			Timings: []participation.Timing{participation.Synchronous}, MinutesPerSession: 90, HoursPerMonth: 3,
			SkillLevel: programming.Beginner, Modes: []participation.Mode{participation.Collaborate, participation.Convey},
			Accessibility: []programming.Access{programming.Recordings, programming.Captions},
			Goals:         []goals.Link{{GoalID: g, How: "teaches the practice"}}, Status: programming.Open,
		}
		p, err := f.svc.CreateProgramme(f.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.GetProgramme(f.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Reproducible notebooks" || got.Version != 1 || got.Format != programming.Hybrid {
			t.Errorf("got %+v", got)
		}
		if len(got.HostNames) != 2 || got.HostNames[0].Name != "Ada" || got.HostNames[1].Name != "Lin" || got.HostNames[1].Role != programming.Facilitator {
			t.Errorf("hosts %+v", got.HostNames)
		}
		// Sets come back in the vocabulary's order.
		if strings.Join(strs(got.Modes), ",") != "convey,collaborate" || strings.Join(strs(got.Modalities), ",") != "spoken,hands_on" {
			t.Errorf("modes %v modalities %v", got.Modes, got.Modalities)
		}
		if len(got.Goals) != 1 || got.Goals[0].Title != "Grow open practice" || got.Goals[0].How != "teaches the practice" {
			t.Errorf("goals %+v", got.Goals)
		}
		if len(got.Audience.CareerStages) != 1 || got.Audience.CareerStages[0] != members.StageEarlyCareer {
			t.Errorf("audience %+v", got.Audience)
		}
		list, _, err := f.svc.ListProgrammes(f.ctx, programming.ProgrammeFilter{Kind: programming.Workshop})
		if err != nil || len(list) != 1 {
			t.Fatalf("list by kind: %v %v", list, err)
		}
		list, _, _ = f.svc.ListProgrammes(f.ctx, programming.ProgrammeFilter{Status: programming.Completed})
		if len(list) != 0 {
			t.Errorf("status filter kept %d", len(list))
		}
	})
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	return out
}

func TestProgrammeBadInputSavesNothing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		seg := int64(999)
		tests := []struct {
			name  string
			in    programming.ProgrammeInput
			field string
		}{
			{"no title", programming.ProgrammeInput{Kind: programming.Workshop}, "title"},
			{"unknown kind", programming.ProgrammeInput{Kind: "party", Title: "x"}, "kind"},
			{"custom without label", programming.ProgrammeInput{Kind: programming.CustomKind, Title: "x"}, "custom_kind"},
			{"bad mode", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", Modes: []participation.Mode{"lurk"}}, "modes"},
			{"twice", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", Timings: []participation.Timing{"synchronous", "synchronous"}}, "timings"},
			{"negative minutes", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", MinutesPerSession: -1}, "minutes_per_session"},
			{"missing goal", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", Goals: []goals.Link{{GoalID: 4242}}}, "goals[0].goal_id"},
			{"missing member", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", Hosts: []programming.HostInput{{MemberID: 77, Role: "host"}}}, "hosts[0]"},
			{"host is both", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", Hosts: []programming.HostInput{{MemberID: 1, UserID: 1, Role: "host"}}}, "hosts[0]"},
			{"missing segment", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", Audience: members.Audience{SegmentID: &seg}}, "audience.segment_id"},
			{"bad stage", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x", Audience: members.Audience{CareerStages: []members.CareerStage{"wizard"}}}, "audience.career_stages"},
			{"control characters", programming.ProgrammeInput{Kind: programming.Workshop, Title: "x\x00y"}, "title"},
		}
		for _, tt := range tests {
			_, err := f.svc.CreateProgramme(f.ctx, tt.in)
			if !apperr.Is(err, apperr.Invalid) || fieldProblem(err, tt.field) == "" {
				t.Errorf("%s: got %v, want a problem on %s", tt.name, err, tt.field)
			}
		}
		if n := f.count("programmes") + f.count("programme_hosts") + f.count("programme_goals") + f.count("audit_log"); n != 0 {
			t.Errorf("%d rows saved", n)
		}
	})
}

func TestProgrammeEditConflictAndDelete(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := f.programme("Monthly call")
		rename := func(title string) func(programming.Programme) (programming.ProgrammeInput, error) {
			return func(cur programming.Programme) (programming.ProgrammeInput, error) {
				in := cur.ProgrammeInput
				in.Title = title
				return in, nil
			}
		}
		p2, err := f.svc.EditProgramme(f.ctx, p.ID, 1, rename("Community call"))
		if err != nil || p2.Version != 2 || p2.Title != "Community call" {
			t.Fatalf("edit: %+v %v", p2, err)
		}
		same, err := f.svc.EditProgramme(f.ctx, p.ID, 2, rename("Community call"))
		if err != nil || same.Version != 2 {
			t.Errorf("an unchanged save moved the version: %d %v", same.Version, err)
		}
		_, err = f.svc.EditProgramme(f.ctx, p.ID, 1, rename("Stale"))
		var e *apperr.Error
		if !apperr.Is(err, apperr.Conflict) || !errorsAs(err, &e) || e.Stale == nil || len(e.Stale.Changes) != 1 || e.Stale.Changes[0].Field != "title" {
			t.Fatalf("stale edit: %v", err)
		}
		if err := f.svc.DeleteProgramme(f.ctx, p.ID, 1); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("stale delete: %v", err)
		}
		if err := f.svc.DeleteProgramme(f.ctx, p.ID, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.GetProgramme(f.ctx, p.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("after delete: %v", err)
		}
		if err := f.svc.DeleteProgramme(f.ctx, p.ID, 0); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("second delete: %v", err)
		}
		var n int
		if err := db.QueryRow(f.ctx, "SELECT COUNT(*) FROM audit_log WHERE entity = 'programme'").Scan(&n); err != nil || n != 3 {
			t.Errorf("audit entries %d %v, want create, update, delete", n, err)
		}
	})
}
