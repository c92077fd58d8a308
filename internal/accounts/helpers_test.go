package accounts_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// start is when every test's clock begins: a whole second, as stored.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// password is every test user's password unless a test says otherwise.
const password = "correct horse battery"

// clock is a hand-moved clock for Service.Now.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) Advance(d time.Duration) { c.now = c.now.Add(d) }

// testCtx carries the actor that audit entries are attributed to.
func testCtx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Name: "test"})
}

func newService(db *store.DB) (*accounts.Service, *clock) {
	c := &clock{now: start}
	return &accounts.Service{DB: db, Now: c.Now}, c
}

func mustCreateUser(t *testing.T, svc *accounts.Service, email, name string, role accounts.Role) accounts.User {
	t.Helper()
	u, err := svc.CreateUser(testCtx(), email, name, role, password)
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// wantCode fails the test unless err carries code ("" meaning no error).
func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

// fieldOf returns the message for field in an Invalid or Conflict error.
func fieldOf(err error, field string) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Fields[field]
	}
	return ""
}

// auditActions lists the recorded actions on one entity, oldest first.
func auditActions(t *testing.T, db *store.DB, entity string, id int64) []string {
	t.Helper()
	entries, err := audit.List(context.Background(), db, audit.Filter{Entity: entity, EntityID: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i := len(entries) - 1; i >= 0; i-- {
		actions = append(actions, entries[i].Action)
	}
	return actions
}

// count runs a COUNT(*) query.
func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
