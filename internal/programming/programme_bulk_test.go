package programming_test

import (
	"errors"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestWriteBulk: a bulk write stores programmes with their hosts, goals,
// sessions and series as the services read them back; a bad session
// anywhere refuses the whole write, naming it, and stores nothing.
func TestWriteBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		host, goal := f.user("Ana"), f.goal("Welcome newcomers")
		prog := func(title, rule string) programming.BulkProgramme {
			return programming.BulkProgramme{ProgrammeInput: programming.ProgrammeInput{Kind: programming.CommunityCall, Title: title,
				Modes: []participation.Mode{participation.Convey}, Hosts: []programming.HostInput{{UserID: host, Role: programming.Host}},
				Goals: []goals.Link{{GoalID: goal, How: "Newcomers meet the team"}}},
				Sessions: []programming.SessionInput{{Start: "2026-03-03T16:00", End: "2026-03-03T17:00", TimeZone: "Europe/Berlin", RRule: rule,
					Goals: []goals.Link{{GoalID: goal, How: "A welcome round"}}}},
				CreatedBy: host, CreatedAt: base}
		}
		bad := prog("Bad", "FREQ=SOMETIMES")
		err := db.InBulkTx(f.ctx, func(tx *store.Tx) error {
			return programming.WriteBulk(f.ctx, tx, []programming.BulkProgramme{prog("Good", ""), bad})
		})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Fields["programmes[1].sessions[0].rrule"] == "" {
			t.Fatalf("a bad rule: %v, want Invalid naming programmes[1].sessions[0].rrule", err)
		}
		if err := db.InBulkTx(f.ctx, func(tx *store.Tx) error {
			return programming.WriteBulk(f.ctx, tx, []programming.BulkProgramme{prog("Monthly call", "FREQ=MONTHLY;BYDAY=1TU;COUNT=3"), prog("Kick-off", "")})
		}); err != nil {
			t.Fatal(err)
		}
		list, _, err := f.svc.ListProgrammes(f.ctx, programming.ProgrammeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("%d programmes stored, want 2 (none of the refused write)", len(list))
		}
		for _, p := range list {
			if len(p.Hosts) != 1 || len(p.Goals) != 1 || p.Goals[0].How != "Newcomers meet the team" || p.Version != 1 {
				t.Errorf("%q: hosts %v, goals %v, version %d", p.Title, p.Hosts, p.Goals, p.Version)
			}
			ss, err := f.svc.ListSessions(f.ctx, p.ID)
			if err != nil || len(ss) != 1 || len(ss[0].Goals) != 1 {
				t.Fatalf("%q: sessions %+v, %v", p.Title, ss, err)
			}
		}
		occ, err := f.svc.Occurrences(f.ctx, base.AddDate(0, -1, 0), base.AddDate(0, 3, 0), 0)
		if err != nil || len(occ) != 4 {
			t.Errorf("%d occurrences, %v; want the series' three and the kick-off", len(occ), err)
		}
	})
}
