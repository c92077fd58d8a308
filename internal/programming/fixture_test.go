package programming_test

import (
	"context"
	"errors"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/programming"
	"github.com/trellis-community/trellis/internal/store"
)

type fixture struct {
	tb  testing.TB
	ctx context.Context
	db  *store.DB
	svc *programming.Service
	now time.Time
}

var base = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func newFixture(tb testing.TB, db *store.DB) *fixture {
	f := &fixture{tb: tb, db: db, now: base}
	f.ctx = audit.WithActor(context.Background(), audit.Actor{Name: "test"})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	f.svc = &programming.Service{DB: db, Now: func() time.Time { return f.now }, Location: berlin}
	return f
}

func (f *fixture) exec(query string, args ...any) int64 {
	f.tb.Helper()
	var id int64
	err := f.db.InTx(f.ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(f.ctx, query, args...)
		return err
	})
	if err != nil {
		f.tb.Fatalf("%s: %v", query, err)
	}
	return id
}

func (f *fixture) member(name string) int64 {
	return f.exec(`INSERT INTO members (name, preferred_name, sort_name, affiliation, search_text, created_at, updated_at)
		VALUES (?, '', ?, '', ?, 1, 1)`, name, name, name)
}

func (f *fixture) user(name string) int64 {
	return f.exec(`INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
		VALUES (?, ?, 'manager', 'x', 1, 1)`, name+"@example.org", name)
}

func (f *fixture) goal(title string) int64 {
	return f.exec("INSERT INTO goals (title, created_at, updated_at) VALUES (?, 1, 1)", title)
}

// programme adds a minimal community call.
func (f *fixture) programme(title string) programming.Programme {
	f.tb.Helper()
	p, err := f.svc.CreateProgramme(f.ctx, programming.ProgrammeInput{Kind: programming.CommunityCall, Title: title})
	if err != nil {
		f.tb.Fatal(err)
	}
	return p
}

func (f *fixture) count(table string) int {
	f.tb.Helper()
	var n int
	if err := f.db.QueryRow(f.ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		f.tb.Fatal(err)
	}
	return n
}

// fieldProblem returns the problem err names on field, or "".
func fieldProblem(err error, field string) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Fields[field]
	}
	return ""
}

func errorsAs(err error, target **apperr.Error) bool { return errors.As(err, target) }
