package relationships_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestLogInteractionValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil) // today is 2026-03-10
		ada := f.member("Ada")
		valid := func() relationships.InteractionInput {
			return relationships.InteractionInput{OccurredOn: "2026-03-09", Channel: relationships.Call,
				Summary: "Talked grants", MemberIDs: []int64{ada}}
		}
		tests := []struct {
			name   string
			change func(in *relationships.InteractionInput)
			code   apperr.Code
			field  string
		}{
			{"empty summary", func(in *relationships.InteractionInput) { in.Summary = "  " }, apperr.Invalid, "summary"},
			{"summary too long", func(in *relationships.InteractionInput) { in.Summary = strings.Repeat("é", 501) }, apperr.Invalid, "summary"},
			{"bad channel", func(in *relationships.InteractionInput) { in.Channel = "carrier pigeon" }, apperr.Invalid, "channel"},
			{"no channel", func(in *relationships.InteractionInput) { in.Channel = "" }, apperr.Invalid, "channel"},
			{"bad date", func(in *relationships.InteractionInput) { in.OccurredOn = "2026-02-30" }, apperr.Invalid, "occurred_on"},
			{"not a date", func(in *relationships.InteractionInput) { in.OccurredOn = "yesterday" }, apperr.Invalid, "occurred_on"},
			{"future date", func(in *relationships.InteractionInput) { in.OccurredOn = "2026-03-11" }, apperr.Invalid, "occurred_on"},
			{"no members", func(in *relationships.InteractionInput) { in.MemberIDs = nil }, apperr.Invalid, "members"},
			{"only zero member ids", func(in *relationships.InteractionInput) { in.MemberIDs = []int64{0} }, apperr.Invalid, "members"},
			{"unknown member", func(in *relationships.InteractionInput) { in.MemberIDs = []int64{ada, 999} }, apperr.Invalid, "members"},
			{"unknown user", func(in *relationships.InteractionInput) { in.UserIDs = []int64{999} }, apperr.Invalid, "users"},
			{"notes too long", func(in *relationships.InteractionInput) { in.Notes = strings.Repeat("n", 50001) }, apperr.Invalid, "notes"},
			{"follow-up without what", func(in *relationships.InteractionInput) {
				in.FollowUp = &relationships.FollowUpInput{DueOn: "2026-03-20"}
			}, apperr.Invalid, "followup.what"},
			{"follow-up bad date", func(in *relationships.InteractionInput) {
				in.FollowUp = &relationships.FollowUpInput{What: "Send slides", DueOn: "20/03/2026"}
			}, apperr.Invalid, "followup.due_on"},
			{"follow-up unknown owner", func(in *relationships.InteractionInput) {
				in.FollowUp = &relationships.FollowUpInput{What: "Send slides", DueOn: "2026-03-20", OwnerID: 999}
			}, apperr.Invalid, "followup.owner_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := valid()
				tt.change(&in)
				_, err := f.svc.LogInteraction(f.ctx, in)
				checkErr(t, err, tt.code, tt.field)
			})
		}
		// Nothing half-saved: every case above failed as a whole.
		list, _, err := f.svc.ListInteractions(f.ctx, relationships.InteractionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Fatalf("%d interactions saved by failed attempts", len(list))
		}
		if _, err := f.svc.LogInteraction(f.ctx, valid()); err != nil {
			t.Fatalf("valid input: %v", err)
		}
	})
}

func TestLogInteraction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.addMember(memberRow{name: "Augusta Ada King", preferred: "Ada Lovelace"})
		grace := f.member("Grace Hopper")
		sam := f.user("Sam")
		ctx := audit.WithActor(f.ctx, audit.Actor{UserID: sam, Name: "Sam"})

		// One member: the follow-up is about her.
		it, err := f.svc.LogInteraction(ctx, relationships.InteractionInput{
			Channel: " Meeting ", Summary: " Coffee at the workshop ", Notes: "**Keen** on mentoring",
			Outcome: "Will join the advisory board", MemberIDs: []int64{ada, ada}, UserIDs: []int64{sam},
			FollowUp: &relationships.FollowUpInput{What: "Send the board pack", DueOn: "2026-03-17", OwnerID: sam},
		})
		if err != nil {
			t.Fatal(err)
		}
		if it.OccurredOn != "2026-03-10" || it.Channel != relationships.Meeting || it.Summary != "Coffee at the workshop" {
			t.Errorf("logged %+v: want today's meeting with a trimmed summary", it)
		}
		if it.CreatedBy != sam || !it.CreatedAt.Equal(base) {
			t.Errorf("created by %d at %v, want %d at %v", it.CreatedBy, it.CreatedAt, sam, base)
		}
		if len(it.Members) != 1 || it.Members[0] != (relationships.Participant{ID: ada, Name: "Ada Lovelace"}) {
			t.Errorf("members %+v, want Ada once, by her preferred name", it.Members)
		}
		if len(it.Users) != 1 || it.Users[0].Name != "Sam" {
			t.Errorf("users %+v, want Sam", it.Users)
		}
		if len(it.FollowUps) != 1 {
			t.Fatalf("follow-ups %+v, want one", it.FollowUps)
		}
		fu := it.FollowUps[0]
		if fu.MemberID != ada || fu.MemberName != "Ada Lovelace" || fu.InteractionID != it.ID || fu.OwnerName != "Sam" ||
			fu.OriginalDueOn != "2026-03-17" || fu.Status != relationships.Open {
			t.Errorf("follow-up %+v, want it linked to Ada, the interaction and Sam", fu)
		}

		// Two members: the follow-up is about nobody in particular.
		it2, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{
			OccurredOn: "2026-03-01", Channel: relationships.Email, Summary: "Intro", MemberIDs: []int64{grace, ada},
			FollowUp: &relationships.FollowUpInput{What: "Check they met", DueOn: "2026-03-15"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if it2.CreatedBy != 0 || len(it2.Members) != 2 || it2.Members[0].Name != "Ada Lovelace" {
			t.Errorf("second interaction %+v: want no creator, members sorted by name", it2)
		}
		if it2.FollowUps[0].MemberID != 0 {
			t.Errorf("follow-up of a group interaction names member %d", it2.FollowUps[0].MemberID)
		}

		got, err := f.svc.GetInteraction(f.ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Notes != it.Notes || got.Outcome != it.Outcome || len(got.FollowUps) != 1 {
			t.Errorf("GetInteraction %+v, want %+v", got, it)
		}
		_, err = f.svc.GetInteraction(f.ctx, 999)
		checkErr(t, err, apperr.NotFound, "")

		if got := f.auditActions("interaction", it.ID); !slices.Equal(got, []string{"create"}) {
			t.Errorf("interaction audit %v", got)
		}
		if got := f.auditActions("followup", fu.ID); !slices.Equal(got, []string{"create"}) {
			t.Errorf("follow-up audit %v", got)
		}
		entries, _ := audit.List(f.ctx, f.db, audit.Filter{Entity: "interaction", EntityID: it.ID})
		if len(entries) != 1 || entries[0].UserID != sam || !strings.Contains(entries[0].Summary, "meeting with Ada Lovelace") {
			t.Errorf("audit entries %+v", entries)
		}
	})
}

func TestUpdateInteraction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada, grace, mary := f.member("Ada"), f.member("Grace"), f.member("Mary")
		sam := f.user("Sam")
		it := f.log("2026-03-01", ada, grace)

		upd, err := f.svc.UpdateInteraction(f.ctx, it.ID, relationships.InteractionInput{
			OccurredOn: "2026-02-20", Channel: relationships.Conference, Summary: "Met at the conference",
			MemberIDs: []int64{grace, mary}, UserIDs: []int64{sam},
			FollowUp: &relationships.FollowUpInput{What: "ignored on update", DueOn: "2026-04-01"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if upd.OccurredOn != "2026-02-20" || upd.Channel != relationships.Conference || len(upd.FollowUps) != 0 {
			t.Errorf("updated %+v", upd)
		}
		var names []string
		for _, m := range upd.Members {
			names = append(names, m.Name)
		}
		if !slices.Equal(names, []string{"Grace", "Mary"}) || len(upd.Users) != 1 {
			t.Errorf("participants %v %+v, want Grace, Mary and Sam", names, upd.Users)
		}

		// The copy of the date that last-contact reads moved with it.
		rows, err := db.Query(f.ctx, "SELECT member_id, occurred_on FROM interaction_members WHERE interaction_id = ? ORDER BY member_id", it.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var seen []int64
		for rows.Next() {
			var id int64
			var on string
			if err := rows.Scan(&id, &on); err != nil {
				t.Fatal(err)
			}
			if on != "2026-02-20" {
				t.Errorf("interaction_members row for %d says %s, want 2026-02-20", id, on)
			}
			seen = append(seen, id)
		}
		if !slices.Equal(seen, []int64{grace, mary}) {
			t.Errorf("interaction_members members %v, want %v", seen, []int64{grace, mary})
		}
		st, err := f.svc.KeyMemberStatuses(f.ctx)
		if err != nil || len(st) != 0 {
			t.Fatalf("statuses %v %v", st, err)
		}

		tests := []struct {
			name  string
			id    int64
			in    relationships.InteractionInput
			code  apperr.Code
			field string
		}{
			{"unknown id", 999, relationships.InteractionInput{Channel: "call", Summary: "x", MemberIDs: []int64{ada}}, apperr.NotFound, ""},
			{"future date", it.ID, relationships.InteractionInput{OccurredOn: "2027-01-01", Channel: "call", Summary: "x", MemberIDs: []int64{ada}}, apperr.Invalid, "occurred_on"},
			{"no members", it.ID, relationships.InteractionInput{Channel: "call", Summary: "x"}, apperr.Invalid, "members"},
			{"unknown member", it.ID, relationships.InteractionInput{Channel: "call", Summary: "x", MemberIDs: []int64{404}}, apperr.Invalid, "members"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.UpdateInteraction(f.ctx, tt.id, tt.in)
				checkErr(t, err, tt.code, tt.field)
			})
		}
		if got := f.auditActions("interaction", it.ID); !slices.Equal(got, []string{"create", "update"}) {
			t.Errorf("audit %v, want create, update", got)
		}
	})
}

func TestDeleteInteractionKeepsFollowUps(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		it, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{
			Channel: relationships.Chat, Summary: "Quick chat", MemberIDs: []int64{ada},
			FollowUp: &relationships.FollowUpInput{What: "Send the link", DueOn: "2026-03-12"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteInteraction(f.ctx, it.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.GetInteraction(f.ctx, it.ID)
		checkErr(t, err, apperr.NotFound, "")
		checkErr(t, f.svc.DeleteInteraction(f.ctx, it.ID), apperr.NotFound, "")

		fu, err := f.svc.GetFollowUp(f.ctx, it.FollowUps[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if fu.InteractionID != 0 || fu.MemberID != ada || fu.Status != relationships.Open {
			t.Errorf("follow-up after delete %+v, want open, still about Ada, unlinked", fu)
		}
		var n int
		if err := db.QueryRow(f.ctx, "SELECT COUNT(*) FROM interaction_members WHERE interaction_id = ?", it.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d participant rows left (%v)", n, err)
		}
		if got := f.auditActions("interaction", it.ID); !slices.Equal(got, []string{"create", "delete"}) {
			t.Errorf("audit %v, want create, delete", got)
		}
	})
}

// TestInteractionParticipantsInOrder: an interaction's members and team
// members, read together, each come back by name (then id), the members
// never among the team nor the other way round, on a page of interactions
// as on one. A member and a team member share a name, and two members
// share one.
func TestInteractionParticipantsInOrder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		zoe := f.member("Zoe Quinn")
		sam1 := f.member("Sam")
		ann := f.member("Ann Lee")
		sam2 := f.member("Sam")
		uZed, uSam, uBea := f.user("Zed"), f.user("Sam"), f.user("Bea")
		ctx := audit.WithActor(f.ctx, audit.Actor{UserID: uSam, Name: "Sam"})
		for _, in := range []relationships.InteractionInput{
			{Channel: "meeting", Summary: "Board", MemberIDs: []int64{zoe, sam2, ann, sam1}, UserIDs: []int64{uZed, uBea, uSam}},
			{Channel: "email", Summary: "Note", MemberIDs: []int64{sam2}, UserIDs: []int64{uZed}},
			{Channel: "call", Summary: "Call", MemberIDs: []int64{zoe}},
		} {
			if _, err := f.svc.LogInteraction(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		list, _, err := f.svc.ListInteractions(f.ctx, relationships.InteractionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]struct{ members, users []relationships.Participant }{
			"Board": {
				[]relationships.Participant{{ID: ann, Name: "Ann Lee"}, {ID: sam1, Name: "Sam"}, {ID: sam2, Name: "Sam"}, {ID: zoe, Name: "Zoe Quinn"}},
				[]relationships.Participant{{ID: uBea, Name: "Bea"}, {ID: uSam, Name: "Sam"}, {ID: uZed, Name: "Zed"}},
			},
			"Note": {[]relationships.Participant{{ID: sam2, Name: "Sam"}}, []relationships.Participant{{ID: uZed, Name: "Zed"}}},
			"Call": {[]relationships.Participant{{ID: zoe, Name: "Zoe Quinn"}}, []relationships.Participant{}},
		}
		if len(list) != len(want) {
			t.Fatalf("%d interactions, want %d", len(list), len(want))
		}
		for _, it := range list {
			w := want[it.Summary]
			if !slices.Equal(it.Members, w.members) || !slices.Equal(it.Users, w.users) {
				t.Errorf("%s: members %+v and team %+v, want %+v and %+v", it.Summary, it.Members, it.Users, w.members, w.users)
			}
		}
	})
}
