package content_test

import (
	"context"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/store"
)

// base is the fixed "now" of these tests: Tuesday 10 March 2026, 09:00 UTC.
var base = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

type fixture struct {
	tb  testing.TB
	ctx context.Context
	db  *store.DB
	svc *content.Service
}

func newFixture(tb testing.TB, db *store.DB) *fixture {
	f := &fixture{tb: tb, db: db}
	f.ctx = audit.WithActor(context.Background(), audit.Actor{Name: "test"})
	f.svc = &content.Service{DB: db, Now: func() time.Time { return base }}
	return f
}

// insert runs one statement and returns the new row's id.
func (f *fixture) insert(query string, args ...any) int64 {
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

func (f *fixture) addMember(name string) int64 {
	return f.insert(`INSERT INTO members (name, preferred_name, sort_name, affiliation, search_text, created_at, updated_at)
		VALUES (?, '', ?, '', ?, 0, 0)`, name, name, name)
}

func (f *fixture) addUser(name string) int64 {
	return f.insert(`INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, 'manager', 'x', 0, 0)`,
		name+"@example.org", name)
}

func (f *fixture) addGoal(title string) int64 {
	return f.insert("INSERT INTO goals (title, created_at, updated_at) VALUES (?, 0, 0)", title)
}

// create stores in, failing the test on an error.
func (f *fixture) create(in content.Input) content.Item {
	f.tb.Helper()
	it, err := f.svc.Create(f.ctx, in)
	if err != nil {
		f.tb.Fatalf("create %q: %v", in.Title, err)
	}
	return it
}

// count is SELECT COUNT(*) FROM table.
func (f *fixture) count(table string) int {
	f.tb.Helper()
	var n int
	if err := f.db.QueryRow(f.ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		f.tb.Fatal(err)
	}
	return n
}
