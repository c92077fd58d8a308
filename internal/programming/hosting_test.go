package programming_test

import (
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestHostedSessions: a programme with a member among its hosts is
// member-hosted on every date; a staff-hosted series is member-hosted on
// the one date a member is recorded as host; cancelled sessions are not
// held. The member-led share reads exactly these.
func TestHostedSessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ada, staff := f.member("Ada"), f.user("Sam")
		byMember, byStaff, cancelled := f.programme("Member-led call"), f.programme("Staff call"), f.programme("Cancelled call")
		f.exec("INSERT INTO programme_hosts (programme_id, position, member_id, role) VALUES (?, 1, ?, 'host')", byMember.ID, ada)
		f.exec("INSERT INTO programme_hosts (programme_id, position, user_id, role) VALUES (?, 1, ?, 'host')", byStaff.ID, staff)
		add := func(p int64, in programming.SessionInput) programming.Session {
			t.Helper()
			in.TimeZone = "Europe/Berlin"
			x, err := f.svc.CreateSession(f.ctx, p, in)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		add(byMember.ID, programming.SessionInput{Start: "2026-03-12T10:00", End: "2026-03-12T11:00"})
		series := add(byStaff.ID, programming.SessionInput{Start: "2026-03-02T16:00", End: "2026-03-02T17:00", RRule: "FREQ=WEEKLY;COUNT=4"})
		add(cancelled.ID, programming.SessionInput{Start: "2026-03-20T10:00", End: "2026-03-20T11:00", Status: programming.SessionCancelled})
		third := time.Date(2026, 3, 16, 15, 0, 0, 0, time.UTC) // 16:00 in Berlin
		if err := db.InTx(f.ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(f.ctx, "INSERT INTO session_attendance (session_id, occurrence_start, member_id, role, attended, registered_at, updated_at) VALUES (?, ?, ?, 'host', 'yes', 1, 1)",
				series.ID, third.Unix(), ada)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.HostedSessions(f.ctx, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var hosted []bool
		for _, h := range got {
			hosted = append(hosted, h.MemberHosted)
		}
		// 2, 9 March (staff), 12 (member's programme), 16 (member as host), 23 (staff).
		want := []bool{false, false, true, true, false}
		if len(hosted) != len(want) {
			t.Fatalf("sessions %v, want %v", got, want)
		}
		for i := range want {
			if hosted[i] != want[i] {
				t.Errorf("session %d (%s): member-hosted %v, want %v", i, got[i].Start, hosted[i], want[i])
			}
		}
		part := &participation.Service{DB: db, Now: func() time.Time { return base }, HostedSessions: f.svc.HostedSessions}
		hs, err := part.Health(f.ctx, participation.Period{From: 202603, To: 202603})
		if err != nil {
			t.Fatal(err)
		}
		if hs[0].Sessions != 5 || hs[0].MemberHostedSessions != 2 || hs[0].MemberHostedShare == nil || *hs[0].MemberHostedShare != 0.4 {
			t.Errorf("health: %d sessions, %d member-hosted", hs[0].Sessions, hs[0].MemberHostedSessions)
		}
	})
}
