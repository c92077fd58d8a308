package goals_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
)

// base is the fixed "now" of these tests: Tuesday 10 March 2026, 09:00 UTC.
var base = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

type fixture struct {
	ctx context.Context
	db  *store.DB
	svc *goals.Service
	now time.Time
}

func newFixture(tb testing.TB, db *store.DB) *fixture {
	f := &fixture{db: db, now: base, ctx: audit.WithActor(context.Background(), audit.Actor{Name: "test"})}
	f.svc = &goals.Service{DB: db, Now: func() time.Time { return f.now }}
	return f
}

// user adds a team user and returns their id.
func (f *fixture) user(tb testing.TB, name string) int64 {
	tb.Helper()
	acc := &accounts.Service{DB: f.db, Now: func() time.Time { return f.now }}
	u, err := acc.CreateUser(f.ctx, strings.ToLower(strings.Fields(name)[0])+"@example.org", name, accounts.RoleManager, "correct horse battery staple")
	if err != nil {
		tb.Fatal(err)
	}
	return u.ID
}

func (f *fixture) create(tb testing.TB, g goals.Goal) goals.Goal {
	tb.Helper()
	out, err := f.svc.Create(f.ctx, g)
	if err != nil {
		tb.Fatalf("create %q: %v", g.Title, err)
	}
	return out
}

func num(v float64) *float64 { return &v }

// checkErr fails t unless err is an *apperr.Error with code that names
// field (when not "").
func checkErr(t testing.TB, err error, code apperr.Code, field string) *apperr.Error {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v, want %s on %q", err, code, field)
	}
	if ae.Code != code {
		t.Fatalf("code %s (%v), want %s", ae.Code, err, code)
	}
	if field != "" {
		if _, ok := ae.Fields[field]; !ok {
			t.Fatalf("error %v (%v) does not name field %q", err, ae.Fields, field)
		}
	}
	return ae
}
