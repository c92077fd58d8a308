package audit

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Change describes one change to one entity.
type Change struct {
	Entity   string // "member", "interaction", "followup", "user" ...
	EntityID int64
	// EntityName is what the record is called ("Ada Lovelace"). Record
	// looks it up in the same transaction when it is empty, so set it only
	// when the record is gone by then (a delete).
	EntityName string
	Action     string // "create", "update", "delete", "merge", "archive" ...
	Summary    string // a short sentence a person can read
}

// Entry is a recorded change.
type Entry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	UserID   int64     `json:"user_id,omitempty"`
	Actor    string    `json:"actor"`
	Entity   string    `json:"entity"`
	EntityID int64     `json:"entity_id,omitempty"`
	// EntityName is the record's name as it was when the change was made.
	EntityName string `json:"entity_name,omitempty"`
	Action     string `json:"action"`
	Summary    string `json:"summary"`
}

// Record writes c to the audit log inside tx, attributed to the actor in
// ctx, so the record exists if and only if the change is committed.
func Record(ctx context.Context, tx *store.Tx, at time.Time, c Change) error {
	a := ActorFrom(ctx)
	var userID any
	if a.UserID != 0 {
		userID = a.UserID
	}
	var entityID any
	if c.EntityID != 0 {
		entityID = c.EntityID
	}
	name := c.EntityName
	if name == "" && c.EntityID != 0 {
		var err error
		if name, err = entityName(ctx, tx, c.Entity, c.EntityID); err != nil {
			return fmt.Errorf("name %s %d for the audit log: %w", c.Entity, c.EntityID, err)
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, user_id, actor, entity, entity_id, entity_name, action, summary)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, at.Unix(), userID, a.Name, c.Entity, entityID, name, c.Action, c.Summary)
	if err != nil {
		return fmt.Errorf("record %s %s in audit log: %w", c.Action, c.Entity, err)
	}
	return nil
}

// RecordMany writes one audit entry per change inside tx, all at the same
// moment and by the actor in ctx, with a few multi-row statements rather
// than one round trip each: a bulk action on 10,000 members must fit in a
// request's time on PostgreSQL.
func RecordMany(ctx context.Context, tx *store.Tx, at time.Time, changes []Change) error {
	a := ActorFrom(ctx)
	var userID any
	if a.UserID != 0 {
		userID = a.UserID
	}
	row := make([]any, 7)
	_, err := tx.InsertMany(ctx, "INSERT INTO audit_log (at, user_id, actor, entity, entity_id, action, summary)", len(row),
		func(yield func([]any) bool) {
			for _, c := range changes {
				var entityID any
				if c.EntityID != 0 {
					entityID = c.EntityID
				}
				row[0], row[1], row[2], row[3], row[4], row[5], row[6] = at.Unix(), userID, a.Name, c.Entity, entityID, c.Action, c.Summary
				if !yield(row) {
					return
				}
			}
		})
	if err != nil {
		return fmt.Errorf("record %d changes in audit log: %w", len(changes), err)
	}
	return nil
}

// Filter narrows List. Zero fields match everything.
type Filter struct {
	Entity   string
	EntityID int64
	BeforeID int64 // keyset cursor: entries older than this id
	Limit    int   // default 50, at most 500
}

// List returns entries newest first.
func List(ctx context.Context, db *store.DB, f Filter) ([]Entry, error) {
	w := &store.Where{}
	if f.Entity != "" {
		w.Add("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		w.Add("entity_id = ?", f.EntityID)
	}
	if f.BeforeID != 0 {
		w.Add("id < ?", f.BeforeID)
	}
	q := "SELECT id, at, user_id, actor, entity, entity_id, entity_name, action, summary FROM audit_log" +
		w.SQL() + " ORDER BY id DESC LIMIT ?"
	args := w.Args(store.PageLimit(f.Limit))
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		var userID, entityID sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &userID, &e.Actor, &e.Entity, &entityID, &e.EntityName, &e.Action, &e.Summary); err != nil {
			return nil, err
		}
		e.At = store.UnixTime(at)
		e.UserID = userID.Int64
		e.EntityID = entityID.Int64
		out = append(out, e)
	}
	return out, rows.Err()
}
