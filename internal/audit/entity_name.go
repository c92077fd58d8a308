package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// nameQueries say, per kind of record, how to read what it is called. A
// kind not listed here is recorded without a name.
var nameQueries = map[string]string{
	"member":            "SELECT name FROM members WHERE id = ?",
	"key_member":        "SELECT name FROM members WHERE id = ?",
	"interaction":       "SELECT summary FROM interactions WHERE id = ?",
	"followup":          "SELECT what FROM followups WHERE id = ?",
	"segment":           "SELECT name FROM segments WHERE id = ?",
	"stakeholder_group": "SELECT name FROM stakeholder_groups WHERE id = ?",
	"user":              "SELECT name FROM users WHERE id = ?",
	"api_token":         "SELECT name FROM api_tokens WHERE id = ?",
	"feed_token":        "SELECT name FROM feed_tokens WHERE id = ?",
	"goal":              "SELECT title FROM goals WHERE id = ?",
	"programme":         "SELECT title FROM programmes WHERE id = ?",
	"session":           "SELECT COALESCE(NULLIF(s.title, ''), p.title) FROM programme_sessions s JOIN programmes p ON p.id = s.programme_id WHERE s.id = ?",
}

// entityName reads what record (entity, id) is called, inside the
// transaction that changes it, so the log keeps the name it had then.
// A record that no longer exists has no name (""), which is no error.
func entityName(ctx context.Context, tx *store.Tx, entity string, id int64) (string, error) {
	q, ok := nameQueries[entity]
	if !ok {
		return "", nil
	}
	var name string
	err := tx.QueryRow(ctx, q, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// Deleted reports which of ids of kind entity the log records as deleted,
// so a page can name them without a link that leads nowhere. (A member
// merged into another is not deleted in this sense: their page leads on
// to the survivor.) One query, whatever the number of ids.
func Deleted(ctx context.Context, db *store.DB, entity string, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{entity}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = "?"
		args = append(args, id)
	}
	rows, err := db.Query(ctx, `SELECT DISTINCT entity_id FROM audit_log
		WHERE entity = ? AND action = 'delete' AND entity_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("find deleted %s records: %w", entity, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
