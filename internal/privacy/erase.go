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
	// email addresses, now replaced by "[erased]": 0 from Erase, which
	// leaves that to FinishErasures (see Pending).
	Scrubbed int64 `json:"scrubbed"`
	// Pending counts the tables whose text columns FinishErasures is yet
	// to scrub of the person's addresses.
	Pending int `json:"pending"`
}

// Erase removes member id from Trellis for good, at their request. One
// short transaction deletes their record and everything hanging off it
// (emails, tags, identities, fields, versions, key member entry,
// follow-ups, content authorship, programme hosting), interactions with
// no one else, every merge that recorded them, the imports' log entries
// and undo records naming them, and every registered capability's rows
// (Eraser). Their attendance and activities stay as an anonymous,
// archived stand-in's, so counts per session and per mode do not change;
// the stand-in carries no name, address or note, and activities lose
// their titles, links and external ids. Audit entries about them keep
// what was done and when but no longer name them. A one-way hash of each
// address, identity and ORCID iD goes on the block list (see Blocked), so
// from the commit on nothing brings them back.
//
// The same transaction records, table by table, the text columns that may
// still hold one of their addresses elsewhere (another member's notes, an
// audit summary, a job's payload) in erasure_scrubs, and queues
// FinishErasures (ScrubQueued), which replaces them with "[erased]" a few
// hundred rows at a time: reading every text column of a large community
// takes seconds, which no other write should wait behind. On SQLite the
// deleted pages are zeroed and the search indexes forget the person's
// words at once (FTS5 secure-delete), so once the job is done their
// addresses are gone from the file, not just unlinked.
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
	// Which columns to scrub is read before the writer is taken: it is
	// three catalogue queries a table.
	plan, err := scrubPlan(ctx, s.DB, s.DB.Dialect)
	if err != nil {
		return Erasure{}, store.Wrap(err, "Could not erase the member; nothing was changed.")
	}
	err = s.writeTx(ctx, func(tx *store.Tx) error {
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
		if err := dropLinked(ctx, tx, id); err != nil {
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
		if res.Pending, err = queueScrubs(ctx, tx, id, p.Emails, plan, now.Unix()); err != nil {
			return err
		}
		if res.Pending > 0 && s.ScrubQueued != nil {
			if err := s.ScrubQueued(ctx, tx); err != nil {
				return fmt.Errorf("queue the scrub: %w", err)
			}
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: "member", EntityID: id, EntityName: ErasedName, Action: "erase",
			Summary: fmt.Sprintf("Erased a member at their request: %d identifiers blocked, %d attendance and activity rows kept anonymously", res.Blocked, res.Anonymised)})
	})
	if err != nil {
		return Erasure{}, store.Wrap(err, "Could not erase the member; nothing was changed.")
	}
	checkpoint(ctx, s.DB)
	return res, nil
}

// secureDelete makes SQLite overwrite with zeros, rather than merely
// unlink, what tx deletes, and makes the two search indexes forget the
// words of what tx changes at once, rather than at their next merge. It
// returns what turns both off again, which must succeed before the commit.
//
// The pragma belongs to the connection, and the writer is one connection:
// set inside the transaction, it covers exactly this transaction's
// deletions. The indexes' secure-delete is a setting stored in the index
// (its _config table), so it is written inside the transaction and written
// back before the commit: other writes keep the cheaper default (with it
// on, tagging 10,000 members took four times as long).
func secureDelete(ctx context.Context, tx *store.Tx) (off func() error, err error) {
	if tx.Dialect != store.SQLite {
		return func() error { return nil }, nil
	}
	set := func(on int) error {
		if _, err := tx.Exec(ctx, "PRAGMA secure_delete = "+[]string{"OFF", "ON"}[on]); err != nil {
			return err
		}
		for _, index := range []string{"members_fts", "members_substr"} {
			if _, err := tx.Exec(ctx, "INSERT INTO "+index+" ("+index+", rank) VALUES ('secure-delete', ?)", on); err != nil {
				return err
			}
		}
		return nil
	}
	if err := set(1); err != nil {
		return nil, fmt.Errorf("secure delete: %w", err)
	}
	return func() error {
		if err := set(0); err != nil {
			return fmt.Errorf("secure delete off: %w", err)
		}
		return nil
	}, nil
}

// checkpoint, on SQLite, copies the write-ahead log into the database and
// resets it: old copies of the pages an erasure changed sit in the log
// until then. Readers may hold it for a moment; the next checkpoint then
// finishes the job.
func checkpoint(ctx context.Context, db *store.DB) {
	if db.Dialect == store.SQLite {
		_, _ = db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
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
// without them), every merge that kept or dropped them (merges that only
// recorded one of their addresses go when FinishErasures comes to
// member_merges), and the imports' log entries and undo records naming
// them (their attendance's undo records go with the member's row).
func dropLinked(ctx context.Context, tx *store.Tx, id int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM interactions WHERE id IN (SELECT interaction_id FROM interaction_members WHERE member_id = ?)
		AND NOT EXISTS (SELECT 1 FROM interaction_members o WHERE o.interaction_id = interactions.id AND o.member_id <> ?)`, id, id)
	if err != nil {
		return fmt.Errorf("drop their interactions: %w", err)
	}
	for _, q := range []struct {
		what, sql string
		args      []any
	}{
		{"their merges", "DELETE FROM member_merges WHERE kept_id = ? OR dropped_id = ?", []any{id, id}},
		{"their import log", "DELETE FROM import_issues WHERE member_id = ? OR other_id = ?", []any{id, id}},
		{"their import records", "DELETE FROM import_changes WHERE member_id = ?", []any{id}},
	} {
		if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
			return fmt.Errorf("drop %s: %w", q.what, err)
		}
	}
	return nil
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
