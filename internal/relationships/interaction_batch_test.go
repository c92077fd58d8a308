package relationships_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestLogInteractionsMatchesLogInteraction: a batch stores exactly what
// logging the same inputs one at a time stores.
func TestLogInteractionsMatchesLogInteraction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.addMember(memberRow{name: "Augusta Ada King", preferred: "Ada Lovelace"})
		grace, mary := f.member("Grace Hopper"), f.member("Mary Somerville")
		sam, kim := f.user("Sam"), f.user("Kim")
		ctx := audit.WithActor(f.ctx, audit.Actor{UserID: sam, Name: "Sam"})

		ins := []relationships.InteractionInput{
			{Channel: " Meeting ", Summary: " Coffee at the workshop ", Notes: "**Keen** on mentoring",
				Outcome: "Will join the advisory board", MemberIDs: []int64{ada, ada, 0}, UserIDs: []int64{sam, kim, sam},
				FollowUp: &relationships.FollowUpInput{What: " Send the board pack ", DueOn: "2026-03-17", OwnerID: sam}},
			{OccurredOn: "2026-03-01", Channel: relationships.Email, Summary: "Intro", MemberIDs: []int64{grace, ada},
				FollowUp: &relationships.FollowUpInput{What: "Check they met", DueOn: "2026-03-15"}},
			{OccurredOn: " 2025-03-11 ", Channel: "CALL", Summary: "Year-old call", MemberIDs: []int64{mary}},
			{OccurredOn: "2026-02-01", Channel: relationships.Conference, Summary: "Met at a conference",
				MemberIDs: []int64{mary, grace, ada}, UserIDs: []int64{kim},
				FollowUp: &relationships.FollowUpInput{What: "Introduce Grace to Ada", DueOn: "2026-01-20", MemberID: grace, OwnerID: kim}},
		}
		var singles []relationships.Interaction
		for _, in := range ins {
			it, err := f.svc.LogInteraction(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			singles = append(singles, it)
		}
		ids, err := f.svc.LogInteractions(ctx, ins)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(ins) {
			t.Fatalf("%d ids for %d inputs", len(ids), len(ins))
		}
		if ins[0].Summary != " Coffee at the workshop " || len(ins[0].MemberIDs) != 3 {
			t.Errorf("LogInteractions changed the caller's input: %+v", ins[0])
		}
		for i, id := range ids {
			one, err := f.svc.GetInteraction(f.ctx, singles[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			many, err := f.svc.GetInteraction(f.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := withoutIDs(many), withoutIDs(one); !reflect.DeepEqual(got, want) {
				t.Errorf("interaction %d in a batch:\n%+v\nlogged alone:\n%+v", i, got, want)
			}
			if got, want := memberDates(t, db, id), memberDates(t, db, one.ID); got != want {
				t.Errorf("interaction %d: interaction_members %s in a batch, %s alone", i, got, want)
			}
		}

		batched, err := f.svc.GetInteractions(f.ctx, []int64{ids[2], ids[0]})
		if err != nil {
			t.Fatal(err)
		}
		if len(batched) != 2 || batched[0].ID != ids[2] || batched[1].ID != ids[0] || len(batched[1].FollowUps) != 1 {
			t.Errorf("GetInteractions(%d, %d) = %+v", ids[2], ids[0], batched)
		}
		_, err = f.svc.GetInteractions(f.ctx, []int64{ids[0], 99999})
		checkErr(t, err, apperr.NotFound, "")
	})
}

// withoutIDs blanks what differs between two records of the same input:
// the ids of the interaction and of its follow-ups.
func withoutIDs(it relationships.Interaction) relationships.Interaction {
	it.ID = 0
	fus := make([]relationships.FollowUp, len(it.FollowUps))
	for i, fu := range it.FollowUps {
		fu.ID, fu.InteractionID = 0, 0
		fus[i] = fu
	}
	it.FollowUps = fus
	return it
}

// memberDates is the interaction_members rows of one interaction, which
// last-contact reads, as "member@date member@date".
func memberDates(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	rows, err := db.Query(t.Context(), "SELECT member_id, occurred_on FROM interaction_members WHERE interaction_id = ? ORDER BY member_id", id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var m int64
		var on string
		if err := rows.Scan(&m, &on); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d@%s", m, on))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, " ")
}

// TestLogInteractionsValidation: one bad input anywhere refuses the whole
// batch, names the input, and writes nothing.
func TestLogInteractionsValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil) // today is 2026-03-10
		ada, grace := f.member("Ada"), f.member("Grace")
		sam := f.user("Sam")
		valid := func(i int) relationships.InteractionInput {
			return relationships.InteractionInput{OccurredOn: "2026-03-09", Channel: relationships.Call,
				Summary: fmt.Sprintf("Call %d", i), MemberIDs: []int64{ada, grace}, UserIDs: []int64{sam},
				FollowUp: &relationships.FollowUpInput{What: "Send notes", DueOn: "2026-03-20", OwnerID: sam}}
		}
		tests := []struct {
			name   string
			change func(in *relationships.InteractionInput)
			field  string
		}{
			{"empty summary", func(in *relationships.InteractionInput) { in.Summary = " " }, "summary"},
			{"summary too long", func(in *relationships.InteractionInput) { in.Summary = strings.Repeat("é", 501) }, "summary"},
			{"future date", func(in *relationships.InteractionInput) { in.OccurredOn = "2026-03-11" }, "occurred_on"},
			{"bad date", func(in *relationships.InteractionInput) { in.OccurredOn = "2026-02-30" }, "occurred_on"},
			{"bad channel", func(in *relationships.InteractionInput) { in.Channel = "carrier pigeon" }, "channel"},
			{"no members", func(in *relationships.InteractionInput) { in.MemberIDs = []int64{0} }, "members"},
			{"unknown member", func(in *relationships.InteractionInput) { in.MemberIDs = []int64{ada, 999} }, "members"},
			{"unknown user", func(in *relationships.InteractionInput) { in.UserIDs = []int64{sam, 998} }, "users"},
			{"follow-up without what", func(in *relationships.InteractionInput) { in.FollowUp.What = "" }, "followup.what"},
			{"follow-up bad date", func(in *relationships.InteractionInput) { in.FollowUp.DueOn = "soon" }, "followup.due_on"},
			{"follow-up unknown owner", func(in *relationships.InteractionInput) { in.FollowUp.OwnerID = 997 }, "followup.owner_id"},
			{"follow-up unknown member", func(in *relationships.InteractionInput) { in.FollowUp.MemberID = 996 }, "followup.member_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ins := make([]relationships.InteractionInput, 5)
				for i := range ins {
					ins[i] = valid(i)
				}
				tt.change(&ins[2])
				ids, err := f.svc.LogInteractions(f.ctx, ins)
				checkErr(t, err, apperr.Invalid, "interactions[2]."+tt.field)
				if ids != nil {
					t.Errorf("ids %v returned with the error", ids)
				}
				if ae := (*apperr.Error)(nil); errors.As(err, &ae) && len(ae.Fields) != 1 {
					t.Errorf("fields %v, want only interactions[2].%s", ae.Fields, tt.field)
				}
				wantNothingWritten(t, db)
			})
		}

		// As with LogInteraction, the database is asked about members and
		// users only once the input itself is right; then again every
		// problem is named.
		t.Run("every bad input is named", func(t *testing.T) {
			ins := []relationships.InteractionInput{valid(0), valid(1), valid(2), valid(3)}
			ins[1].Summary = ""
			ins[3].OccurredOn = "tomorrow"
			ins[3].FollowUp.DueOn = ""
			_, err := f.svc.LogInteractions(f.ctx, ins)
			for _, field := range []string{"interactions[1].summary", "interactions[3].occurred_on", "interactions[3].followup.due_on"} {
				checkErr(t, err, apperr.Invalid, field)
			}
			ins = []relationships.InteractionInput{valid(0), valid(1), valid(2), valid(3)}
			ins[1].UserIDs = []int64{403}
			ins[3].MemberIDs = []int64{404}
			ins[3].FollowUp.OwnerID = 405
			_, err = f.svc.LogInteractions(f.ctx, ins)
			for _, field := range []string{"interactions[1].users", "interactions[3].members", "interactions[3].followup.owner_id"} {
				checkErr(t, err, apperr.Invalid, field)
			}
			wantNothingWritten(t, db)
		})

		t.Run("empty batch", func(t *testing.T) {
			ids, err := f.svc.LogInteractions(f.ctx, nil)
			if err != nil || ids == nil || len(ids) != 0 {
				t.Fatalf("LogInteractions(nil) = %v, %v; want no ids and no error", ids, err)
			}
			wantNothingWritten(t, db)
		})
	})
}

// wantNothingWritten fails unless the relationship tables and the audit
// log are still empty.
func wantNothingWritten(t *testing.T, db *store.DB) {
	t.Helper()
	for _, table := range []string{"interactions", "interaction_members", "interaction_users", "followups", "audit_log"} {
		var n int
		if err := db.QueryRow(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows in %s after a refused batch", n, table)
		}
	}
}

// TestLogInteractionsAudit: a batch is one entry in the audit log, by
// whoever logged it, saying what it held.
func TestLogInteractionsAudit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ada := f.member("Ada")
		sam := f.user("Sam")
		ctx := audit.WithActor(f.ctx, audit.Actor{UserID: sam, Name: "Sam"})
		fu := &relationships.FollowUpInput{What: "Send notes", DueOn: "2026-03-20"}
		ids, err := f.svc.LogInteractions(ctx, []relationships.InteractionInput{
			{OccurredOn: "2026-03-09", Channel: relationships.Call, Summary: "Call", MemberIDs: []int64{ada}, FollowUp: fu},
			{OccurredOn: "2026-03-01", Channel: relationships.Email, Summary: "Email", MemberIDs: []int64{ada}},
			{OccurredOn: "2026-03-05", Channel: relationships.Chat, Summary: "Chat", MemberIDs: []int64{ada}, FollowUp: fu},
		})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := audit.List(f.ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 {
			t.Fatalf("%d audit entries, want one for the batch: %+v", len(entries), entries)
		}
		want := audit.Entry{ID: entries[0].ID, At: base, UserID: sam, Actor: "Sam", Entity: "interaction", Action: "create",
			Summary: "Logged 3 interactions dated 2026-03-01 to 2026-03-09, with 2 follow-ups"}
		if entries[0] != want {
			t.Errorf("audit entry %+v, want %+v", entries[0], want)
		}

		// The interactions themselves say who logged them, and when.
		its, err := f.svc.GetInteractions(f.ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range its {
			if it.CreatedBy != sam || !it.CreatedAt.Equal(base) || !it.UpdatedAt.Equal(base) {
				t.Errorf("interaction %d created by %d at %v, want %d at %v", it.ID, it.CreatedBy, it.CreatedAt, sam, base)
			}
		}

		f.now = base.Add(time.Hour)
		if _, err := f.svc.LogInteractions(f.ctx, []relationships.InteractionInput{
			{Channel: relationships.Call, Summary: "Today", MemberIDs: []int64{ada}},
		}); err != nil {
			t.Fatal(err)
		}
		entries, err = audit.List(f.ctx, db, audit.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if e := entries[0]; e.Summary != "Logged 1 interaction dated 2026-03-10" || e.Actor != "test" || e.UserID != 0 || !e.At.Equal(f.now) {
			t.Errorf("audit entry %+v, want one interaction logged by the test at %v", e, f.now)
		}
	})
}

// TestLogInteractionsLargeBatch: a batch larger than one multi-row
// statement is written in full, every row in the right place.
func TestLogInteractionsLargeBatch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, base, nil)
		ins, members := batchInputs(f, 40, 1234)
		ids, err := f.svc.LogInteractions(f.ctx, ins)
		if err != nil {
			t.Fatal(err)
		}
		wantRows := map[string]int{"interactions": len(ins)}
		for _, in := range ins {
			wantRows["interaction_members"] += len(in.MemberIDs)
			wantRows["interaction_users"] += len(in.UserIDs)
			if in.FollowUp != nil {
				wantRows["followups"]++
			}
		}
		for table, want := range wantRows {
			var n int
			if err := db.QueryRow(f.ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("%d rows in %s, want %d", n, table, want)
			}
		}
		its, err := f.svc.GetInteractions(f.ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range its {
			in := ins[i]
			if it.Summary != in.Summary || it.OccurredOn != in.OccurredOn || len(it.Members) != len(in.MemberIDs) ||
				len(it.Users) != len(in.UserIDs) || (in.FollowUp != nil) != (len(it.FollowUps) == 1) {
				t.Fatalf("interaction %d stored as %+v, from %+v", i, it, in)
			}
			for _, m := range it.Members {
				if members[m.ID] != m.Name {
					t.Fatalf("interaction %d names member %d as %q", i, m.ID, m.Name)
				}
			}
			if in.FollowUp != nil && (it.FollowUps[0].What != in.FollowUp.What || it.FollowUps[0].InteractionID != it.ID) {
				t.Fatalf("interaction %d has follow-up %+v, want %q", i, it.FollowUps[0], in.FollowUp.What)
			}
		}
	})
}

// batchInputs makes n interactions over the past year with some of m
// members, as busy teams log them: one to three members, a team user or
// two, a follow-up for one in four. It returns them and the members'
// names by id.
func batchInputs(f *fixture, m, n int) ([]relationships.InteractionInput, map[int64]string) {
	f.tb.Helper()
	names := map[int64]string{}
	ids := make([]int64, m)
	for i := range ids {
		name := fmt.Sprintf("Member %03d", i)
		ids[i] = f.member(name)
		names[ids[i]] = name
	}
	users := []int64{f.user("Sam"), f.user("Kim")}
	channels := relationships.Channels()
	ins := make([]relationships.InteractionInput, n)
	for i := range ins {
		in := relationships.InteractionInput{
			OccurredOn: base.AddDate(0, 0, -(i*7)%365).Format(time.DateOnly),
			Channel:    channels[i%len(channels)],
			Summary:    fmt.Sprintf("Conversation %d", i),
			Outcome:    strings.Repeat("Agreed next steps. ", i%3),
			UserIDs:    users[:1+i%2],
		}
		for k := range 1 + i%3 {
			in.MemberIDs = append(in.MemberIDs, ids[(i*7+k*13)%m])
		}
		if i%4 == 0 {
			in.FollowUp = &relationships.FollowUpInput{What: fmt.Sprintf("Follow up on %d", i),
				DueOn: base.AddDate(0, 0, i%30).Format(time.DateOnly), OwnerID: users[i%2]}
		}
		ins[i] = in
	}
	return ins, names
}

// BenchmarkLogInteractions logs 10,000 interactions (with 20,000 member
// rows, 15,000 user rows and 2,500 follow-ups) in one batch. Target:
// under 0.3 s on SQLite and under 1 s on a local PostgreSQL, where the
// foreign-key checks on every row are most of the cost. Logged one at a
// time with LogInteraction they took about 4 s and 20 s.
func BenchmarkLogInteractions(b *testing.B) {
	const n = 10_000
	for _, d := range storetest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			f := newFixture(b, storetest.Open(b, d), base, nil)
			ins, _ := batchInputs(f, 2000, n)
			rows := 0
			for _, in := range ins {
				rows += 1 + len(in.MemberIDs) + len(in.UserIDs)
				if in.FollowUp != nil {
					rows++
				}
			}
			for b.Loop() {
				if _, err := f.svc.LogInteractions(f.ctx, ins); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "interactions/s")
			b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
