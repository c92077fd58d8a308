// Package versions keeps two people editing one record at once from losing
// an edit in silence. Every record people edit (a member, an interaction, a
// follow-up, a key member) carries a version that each change raises by
// one. An edit says which version it was made against (the API's If-Match,
// a form's hidden field); when the record has moved on, the edit is refused
// with what changed since, field by field, so the person can reconcile
// instead of overwriting a colleague's work.
//
// To say what changed, the state a record had at each version an edit
// replaced is kept, as the fields a person reads, in a history table next
// to the record's own (member_versions ...), deleted with the record.
package versions

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Field is one field of a record as a person reads it: the API's name for
// it ("affiliation", "custom_fields.lab") and its value shown as text.
type Field struct {
	Name  string
	Value string
}

// Fields is a record field by field, in the order a person reads it.
type Fields []Field

// Add appends a field.
func (f *Fields) Add(name, value string) { *f = append(*f, Field{name, value}) }

// Kept is how many replaced versions of each record are kept: enough for a
// form left open over a busy afternoon, little enough that a record edited
// daily for years does not drag its whole past along.
const Kept = 50

// History is one kind of record's table of replaced versions.
type History struct {
	Noun  string // what a person calls the record: "member", "interaction" ...
	Table string // "member_versions"
	Key   string // the column naming the record: "member_id"
}

// Keep records inside tx that record id looked like f at version, just
// before an edit replaces that version, and forgets versions older than
// the last Kept.
func (h History) Keep(ctx context.Context, tx *store.Tx, id, version int64, f Fields, now time.Time) error {
	return h.KeepMany(ctx, tx, []Replaced{{ID: id, Version: version, Fields: f}}, now)
}

// Replaced is one record's version that an edit is about to replace.
type Replaced struct {
	ID, Version int64
	Fields      Fields
}

// KeepMany is Keep for many records at once, in a few statements: a bulk
// change (tagging thousands of members) must not pay a round trip each.
func (h History) KeepMany(ctx context.Context, tx *store.Tx, rs []Replaced, now time.Time) error {
	row := make([]any, 4)
	var encodeErr error
	// A version already kept (it cannot be, as versions only grow, but a
	// restored backup might disagree) is overwritten rather than failing
	// the edit.
	_, err := tx.InsertManyThen(ctx, "INSERT INTO "+h.Table+" ("+h.Key+", version, fields, replaced_at)",
		" ON CONFLICT ("+h.Key+", version) DO UPDATE SET fields = excluded.fields, replaced_at = excluded.replaced_at",
		len(row), func(yield func([]any) bool) {
			for _, r := range rs {
				m := make(map[string]string, len(r.Fields))
				for _, x := range r.Fields {
					m[x.Name] = x.Value
				}
				b, err := json.Marshal(m)
				if err != nil {
					encodeErr = err
					return
				}
				row[0], row[1], row[2], row[3] = r.ID, r.Version, string(b), now.Unix()
				if !yield(row) {
					return
				}
			}
		})
	if err != nil {
		return err
	}
	if encodeErr != nil {
		return encodeErr
	}
	for _, r := range rs {
		// Most records are edited a few times; only those edited more
		// often than Kept pay for the pruning statement.
		if r.Version <= Kept {
			continue
		}
		if _, err := tx.Exec(ctx, "DELETE FROM "+h.Table+" WHERE "+h.Key+" = ? AND version <= ?", r.ID, r.Version-Kept); err != nil {
			return err
		}
	}
	return nil
}

// Check returns nil when an edit made against version want may be applied
// to a record now at version current with fields now: want is 0 (the
// caller did not say, and the edit is applied to the record as it stands)
// or equal to current. Otherwise it returns a Conflict whose Stale lists
// what changed since want, read from the history through q.
func (h History) Check(ctx context.Context, q store.Querier, id, want, current int64, now Fields) error {
	if want == 0 || want == current {
		return nil
	}
	var changes []apperr.Change
	if want < current {
		old, err := h.load(ctx, q, id, want)
		if err != nil {
			return err
		}
		if old != nil {
			changes = Diff(old, now)
		}
	}
	msg := fmt.Sprintf("This %s changed since you opened it (you opened version %d; it is now at version %d). "+
		"Review what changed and send your edit again with version %d.", h.Noun, want, current, current)
	if changes == nil {
		changes = []apperr.Change{}
		msg = fmt.Sprintf("This %s changed since you opened it (you opened version %d; it is now at version %d), "+
			"too long ago to list what changed. Reload it and make your edit again.", h.Noun, want, current)
	}
	return &apperr.Error{Code: apperr.Conflict, Message: msg,
		Stale: &apperr.Stale{Version: current, Changes: changes}}
}

// load returns the fields kept for version, or nil when that version is no
// longer (or never was) kept.
func (h History) load(ctx context.Context, q store.Querier, id, version int64) (map[string]string, error) {
	var raw string
	err := q.QueryRow(ctx, "SELECT fields FROM "+h.Table+" WHERE "+h.Key+" = ? AND version = ?", id, version).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return nil, fmt.Errorf("read %s of %d at version %d: %w", h.Table, id, version, err)
	}
	return m, nil
}

// Diff lists the fields whose value differs between old and now, in now's
// order, then the fields only old had (a custom field since removed) in
// name order. A field missing on one side reads as "".
func Diff(old map[string]string, now Fields) []apperr.Change {
	out := []apperr.Change{}
	seen := make(map[string]bool, len(now))
	for _, f := range now {
		seen[f.Name] = true
		if old[f.Name] != f.Value {
			out = append(out, apperr.Change{Field: f.Name, Old: old[f.Name], New: f.Value})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(old)) {
		if !seen[name] && old[name] != "" {
			out = append(out, apperr.Change{Field: name, Old: old[name], New: ""})
		}
	}
	return out
}

// Moved is the error for an UPDATE ... WHERE id = ? AND version = ? that
// matched no row although the row was read and locked in the same
// transaction: it cannot happen unless the lock is missing, and then the
// edit must fail rather than be lost.
func Moved(noun string) error {
	return &apperr.Error{Code: apperr.Conflict,
		Message: fmt.Sprintf("This %s changed while your edit was being saved. Reload it and make your edit again.", noun),
		Stale:   &apperr.Stale{Changes: []apperr.Change{}}}
}

// Updated returns Moved(noun) when res changed no row.
func Updated(res sql.Result, noun string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return Moved(noun)
	}
	return nil
}
