package relationships_test

import (
	"context"
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // Pacific/Auckland and friends on machines without zoneinfo

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/relationships"
	"github.com/trellis-community/trellis/internal/store"
)

// fixture is a relationships.Service on a fresh database with a clock the
// test moves by hand.
type fixture struct {
	tb  testing.TB
	ctx context.Context
	db  *store.DB
	svc *relationships.Service
	now time.Time
}

// base is the fixed "now" most tests start from: Tuesday 10 March 2026,
// 09:00 UTC.
var base = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func newFixture(tb testing.TB, db *store.DB, now time.Time, loc *time.Location) *fixture {
	f := &fixture{tb: tb, db: db, now: now}
	f.ctx = audit.WithActor(context.Background(), audit.Actor{Name: "test"})
	f.svc = &relationships.Service{DB: db, Now: func() time.Time { return f.now }, Location: loc}
	return f
}

// memberRow is a member as the members package would store it; zero
// fields get defaults.
type memberRow struct {
	name, preferred, affiliation string
	joinedOn                     string // "" stores NULL
	createdAt                    time.Time
	archived                     bool
}

func (f *fixture) addMember(m memberRow) int64 {
	f.tb.Helper()
	if m.createdAt.IsZero() {
		m.createdAt = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var joined, archived any
	if m.joinedOn != "" {
		joined = m.joinedOn
	}
	if m.archived {
		archived = m.createdAt.Unix()
	}
	var id int64
	err := f.db.InTx(f.ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(f.ctx, `INSERT INTO members (name, preferred_name, sort_name, affiliation, joined_on,
			search_text, archived_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.name, m.preferred, m.name, m.affiliation, joined, m.name, archived, m.createdAt.Unix(), m.createdAt.Unix())
		return err
	})
	if err != nil {
		f.tb.Fatalf("add member %s: %v", m.name, err)
	}
	return id
}

// member adds a plain member called name.
func (f *fixture) member(name string) int64 {
	f.tb.Helper()
	return f.addMember(memberRow{name: name})
}

// user adds a team user called name.
func (f *fixture) user(name string) int64 {
	f.tb.Helper()
	var id int64
	err := f.db.InTx(f.ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(f.ctx, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
			VALUES (?, ?, 'manager', 'x', 1, 1)`, name+"@example.org", name)
		return err
	})
	if err != nil {
		f.tb.Fatalf("add user %s: %v", name, err)
	}
	return id
}

// log records a call on date with the given members, failing the test on
// error.
func (f *fixture) log(date string, members ...int64) relationships.Interaction {
	f.tb.Helper()
	it, err := f.svc.LogInteraction(f.ctx, relationships.InteractionInput{
		OccurredOn: date, Channel: relationships.Call, Summary: "Catch-up", MemberIDs: members,
	})
	if err != nil {
		f.tb.Fatalf("log interaction on %s: %v", date, err)
	}
	return it
}

// followUp adds a follow-up due on date, failing the test on error.
func (f *fixture) followUp(what, due string, member int64) relationships.FollowUp {
	f.tb.Helper()
	fu, err := f.svc.CreateFollowUp(f.ctx, relationships.FollowUpInput{What: what, DueOn: due, MemberID: member})
	if err != nil {
		f.tb.Fatalf("create follow-up %q: %v", what, err)
	}
	return fu
}

// auditActions lists the actions recorded for one entity, oldest first.
func (f *fixture) auditActions(entity string, id int64) []string {
	f.tb.Helper()
	entries, err := audit.List(f.ctx, f.db, audit.Filter{Entity: entity, EntityID: id, Limit: 500})
	if err != nil {
		f.tb.Fatal(err)
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[len(entries)-1-i] = e.Action
	}
	return out
}

// checkErr fails unless err is an *apperr.Error with code and, when field
// is not empty, a message for field.
func checkErr(t testing.TB, err error, code apperr.Code, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s on %q", code, field)
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an *apperr.Error", err)
	}
	if ae.Code != code {
		t.Fatalf("code %s (%v), want %s", ae.Code, err, code)
	}
	if field != "" {
		if _, ok := ae.Fields[field]; !ok {
			t.Fatalf("error %v does not name field %q", err, field)
		}
	}
}

func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}
