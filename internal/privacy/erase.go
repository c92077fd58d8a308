package privacy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/store"
)

// ErasedName is what the audit log and the anonymous stand-in call an
// erased person.
const ErasedName = "Erased member"

// Erasure says what an erasure did, in figures only.
type Erasure struct {
	MemberID int64 `json:"member_id"`
	// Blocked counts the identifiers put on the block list.
	Blocked int `json:"blocked"`
	// Anonymised counts the attendance and activity rows kept, as an
	// anonymous stand-in's, so the counts per session and per kind stay.
	Anonymised int64 `json:"anonymised"`
	// Scrubbed counts rows elsewhere whose text held one of the person's
	// email addresses, now replaced by "[erased]".
	Scrubbed int64 `json:"scrubbed"`
}

// Erase removes member id from Trellis for good, at their request, in one
// transaction: their record and everything hanging off it (emails, tags,
// identities, fields, versions, key member entry, follow-ups, content
// authorship, programme hosting), interactions with no one else, every
// merge that recorded them, and every registered capability's rows
// (Eraser). Their attendance and activities stay as an anonymous,
// archived stand-in's, so counts per session and per mode do not change;
// the stand-in carries no name, address or note, and activities lose
// their titles, links and external ids. Audit entries about them keep
// what was done and when but no longer name them, and every text column
// that held one of their addresses says "[erased]" instead. A one-way
// hash of each address, identity and ORCID iD goes on the block list
// (see Blocked). On SQLite the search indexes are rebuilt and deleted
// pages zeroed, so the text is gone from the file, not just unlinked.
//
// version is the member's version the request was confirmed against:
// a record changed since is a Conflict. The caller must have checked
// that the actor may erase (owners only). NotFound for an unknown id.
func (s *Service) Erase(ctx context.Context, id, version int64) (Erasure, error) {
	m, p, err := s.person(ctx, id)
	if err != nil {
		return Erasure{}, err
	}
	if version != 0 && m.Version != version {
		return Erasure{}, apperr.New(apperr.Conflict, "This member was changed since you opened the erasure; look again before erasing.")
	}
	erasers, _ := s.registered()
	now := s.now()
	res := Erasure{MemberID: id}
	if s.DB.Dialect == store.SQLite {
		// Deleted rows are overwritten with zeros, not merely unlinked:
		// the writer is one connection, so this holds for the erasure.
		if _, err := s.DB.Exec(ctx, "PRAGMA secure_delete = ON"); err != nil {
			return Erasure{}, store.Wrap(err, "Could not erase the member.")
		}
		defer s.DB.Exec(context.WithoutCancel(ctx), "PRAGMA secure_delete = OFF")
	}
	// InBulkTx: on PostgreSQL it lifts the statement timeout, since the
	// scrub reads every text column of every table (5.5 s in all at
	// 100,000 members on SQLite).
	err = s.DB.InBulkTx(ctx, func(tx *store.Tx) error {
		var current int64
		err := tx.QueryRow(ctx, "SELECT version FROM members WHERE id = ?"+tx.ForUpdate(), id).Scan(&current)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("There is no member with id %d.", id)
		}
		if err != nil {
			return err
		}
		if current != m.Version {
			return apperr.New(apperr.Conflict, "This member was changed while being erased; try again.")
		}
		if res.Blocked, err = s.block(ctx, tx, p, now.Unix()); err != nil {
			return err
		}
		if res.Anonymised, p.StandInID, err = standIn(ctx, tx, id, now.Unix()); err != nil {
			return err
		}
		if err := dropLinked(ctx, tx, id, p.Emails); err != nil {
			return err
		}
		for _, e := range erasers {
			if err := e.fn(ctx, tx, p); err != nil {
				return fmt.Errorf("erase from %s: %w", e.name, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_log SET entity_name = ?, summary = ?
			WHERE entity IN ('member', 'key_member') AND entity_id = ?`, ErasedName, "(erased at the person's request)", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM members WHERE id = ?", id); err != nil {
			return err
		}
		if res.Scrubbed, err = scrub(ctx, tx, p.Emails); err != nil {
			return err
		}
		if tx.Dialect == store.SQLite {
			// FTS5 marks deleted entries and drops their tokens only when
			// segments are merged: optimize merges them all now.
			for _, t := range []string{"members_fts", "members_substr"} {
				if _, err := tx.Exec(ctx, "INSERT INTO "+t+" ("+t+") VALUES ('optimize')"); err != nil {
					return fmt.Errorf("rebuild %s: %w", t, err)
				}
			}
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: "member", EntityID: id, EntityName: ErasedName, Action: "erase",
			Summary: fmt.Sprintf("Erased a member at their request: %d identifiers blocked, %d attendance and activity rows kept anonymously", res.Blocked, res.Anonymised)})
	})
	if err != nil {
		return Erasure{}, store.Wrap(err, "Could not erase the member; nothing was changed.")
	}
	if s.DB.Dialect == store.SQLite {
		// Old copies of the pages sit in the write-ahead log until it is
		// checkpointed and reset. Readers may hold it for a moment; the
		// next checkpoint then finishes the job.
		_, _ = s.DB.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return res, nil
}

// block puts the person's identifiers on the block list.
func (s *Service) block(ctx context.Context, tx *store.Tx, p Person, at int64) (int, error) {
	key, err := s.ensureKey(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("block list key: %w", err)
	}
	ids := identifiers(p.Emails, p.Identities, p.ORCID)
	for _, id := range ids {
		if _, err := tx.Exec(ctx, "INSERT INTO erased_identifiers (hash, kind, erased_at) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
			hash(key, id), id.kind, at); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// standIn moves the person's attendance and activities to a new archived
// member with nothing personal in it, and returns how many rows moved and
// the stand-in's id.
// There is one stand-in per erasure, so two erased people at one session
// still count as two.
func standIn(ctx context.Context, tx *store.Tx, id, at int64) (int64, int64, error) {
	var n int64
	err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM session_attendance WHERE member_id = ?)
		+ (SELECT COUNT(*) FROM activities WHERE member_id = ?)`, id, id).Scan(&n)
	if err != nil || n == 0 {
		return 0, 0, err
	}
	anon, err := tx.Insert(ctx, `INSERT INTO members (name, sort_name, name_key, source, archived_at, created_at, updated_at)
		VALUES (?, ?, ?, 'erased', ?, ?, ?)`, ErasedName, strings.ToLower(ErasedName), "erased member", at, at, at)
	if err != nil {
		return 0, 0, fmt.Errorf("make the anonymous stand-in: %w", err)
	}
	if _, err := tx.Exec(ctx, "UPDATE session_attendance SET member_id = ?, note = '' WHERE member_id = ?", anon, id); err != nil {
		return 0, 0, err
	}
	if _, err := tx.Exec(ctx, "UPDATE activities SET member_id = ?, title = '', url = '', external_id = NULL, created_by = NULL WHERE member_id = ?", anon, id); err != nil {
		return 0, 0, err
	}
	return n, anon, nil
}

// dropLinked removes what the member's deletion would not: interactions
// with them alone (the interaction is about them; one with others stays,
// without them), and every merge that recorded their rows.
func dropLinked(ctx context.Context, tx *store.Tx, id int64, emails []string) error {
	_, err := tx.Exec(ctx, `DELETE FROM interactions WHERE id IN (SELECT interaction_id FROM interaction_members WHERE member_id = ?)
		AND NOT EXISTS (SELECT 1 FROM interaction_members o WHERE o.interaction_id = interactions.id AND o.member_id <> ?)`, id, id)
	if err != nil {
		return fmt.Errorf("drop their interactions: %w", err)
	}
	where := []string{"kept_id = ?", "dropped_id = ?"}
	args := []any{id, id}
	for _, e := range emails {
		where = append(where, contains(tx.Dialect, "before_rows"), contains(tx.Dialect, "after_rows"))
		args = append(args, e, e)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM member_merges WHERE "+strings.Join(where, " OR "), args...); err != nil {
		return fmt.Errorf("drop their merges: %w", err)
	}
	return nil
}

// scrub replaces each address with "[erased]" in every text column of
// every table but the team's accounts (a colleague's login is not the
// member's), leaving key columns alone, and returns how many rows changed.
func scrub(ctx context.Context, tx *store.Tx, emails []string) (int64, error) {
	if len(emails) == 0 {
		return 0, nil
	}
	tables, err := backup.Tables(ctx, tx, tx.Dialect)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, t := range tables {
		if t.Name == "users" || t.Name == "erased_identifiers" {
			continue
		}
		key := map[string]bool{}
		for _, k := range t.Key {
			key[k] = true
		}
		var cols []string
		for _, c := range t.Columns {
			if c.Type == "text" && !key[c.Name] {
				cols = append(cols, c.Name)
			}
		}
		if len(cols) == 0 {
			continue
		}
		for _, e := range emails {
			set := make([]string, len(cols))
			where := make([]string, len(cols))
			var args []any
			for i, c := range cols {
				set[i] = c + " = REPLACE(" + c + ", ?, '[erased]')"
				args = append(args, e)
			}
			for i, c := range cols {
				where[i] = contains(tx.Dialect, c)
				args = append(args, e)
			}
			r, err := tx.Exec(ctx, "UPDATE "+t.Name+" SET "+strings.Join(set, ", ")+" WHERE "+strings.Join(where, " OR "), args...)
			if err != nil {
				return n, fmt.Errorf("scrub %s: %w", t.Name, err)
			}
			k, _ := r.RowsAffected()
			n += k
		}
	}
	return n, nil
}

// contains is the condition "column holds the text of the next argument".
func contains(d store.Dialect, col string) string {
	if d == store.Postgres {
		return "strpos(" + col + ", ?) > 0"
	}
	return "instr(" + col + ", ?) > 0"
}

// EraseConfirmed is Erase behind the confirmation a person gives: typed
// must be the member's name (case and surrounding spaces aside), so an
// erasure is never one click on the wrong record. Invalid naming
// "confirm" otherwise.
func (s *Service) EraseConfirmed(ctx context.Context, id, version int64, typed string) (Erasure, error) {
	m, err := s.Members.Get(ctx, id)
	if err != nil {
		return Erasure{}, err
	}
	if !strings.EqualFold(strings.TrimSpace(typed), strings.TrimSpace(m.Name)) {
		return Erasure{}, &apperr.Error{Code: apperr.Invalid, Message: "To erase this member, type their name exactly as shown.",
			Fields: map[string]string{"confirm": "must be the member's name, " + m.Name}}
	}
	return s.Erase(ctx, id, version)
}

// MaxErase bounds one erasure started from a request.
const MaxErase = 2 * time.Minute

// EraseContext is the context an erasure started by a request runs in: not
// the request's query deadline (QueryTimeout), which a large community's
// erasure outlasts and which would roll it back, but MaxErase. It is
// still cancelled if the server shuts down... only through MaxErase: an
// erasure, once started, is better finished than rolled back because
// the person's browser went away.
func EraseContext(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(parent), MaxErase)
}
