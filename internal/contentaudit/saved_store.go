package contentaudit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/text"
)

// entity is the audit log's name for a saved content audit.
const entity = "content_audit"

// Save keeps res, the result of Run, as a saved audit with the manager's
// notes, attributed to the actor in ctx, and records it in the audit log
// in the same transaction. It fails with Invalid naming "notes" for notes
// that are not text or too long, or "from"/"to" for a result whose period
// is not two dates in order.
func (s *Service) Save(ctx context.Context, res Result, notes string) (Saved, error) {
	var fe apperr.FieldErrors
	notes = checkNote(&fe, "notes", notes)
	if _, err := checkPeriod(res.From, res.To); err != nil {
		return Saved{}, err
	}
	if err := fe.Err(); err != nil {
		return Saved{}, err
	}
	keys := map[string]bool{}
	for _, g := range res.Gaps {
		if keys[g.Key] {
			return Saved{}, fmt.Errorf("save content audit: two findings keyed %q", g.Key)
		}
		keys[g.Key] = true
	}
	gaps := res.Gaps
	if gaps == nil {
		gaps = []Gap{}
	}
	findings, err := json.Marshal(gaps)
	if err != nil {
		return Saved{}, fmt.Errorf("save content audit: %w", err)
	}
	now := s.now()
	actor := audit.ActorFrom(ctx)
	var createdBy any
	if actor.UserID != 0 {
		createdBy = actor.UserID
	}
	sv := Saved{From: res.From, To: res.To, Period: res.Period, Notes: notes, GapCount: len(gaps),
		ItemCount: len(res.Items), CreatedBy: actor.UserID, CreatedAt: now}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		sv.ID, err = tx.Insert(ctx, `INSERT INTO content_audits
			(period_from, period_to, period_name, notes, findings, gap_count, item_count, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sv.From, sv.To, sv.Period, sv.Notes, string(findings), sv.GapCount, sv.ItemCount, createdBy, now.Unix())
		if err != nil {
			return err
		}
		if actor.UserID != 0 {
			if err := tx.QueryRow(ctx, "SELECT name FROM users WHERE id = ?", actor.UserID).Scan(&sv.CreatedByName); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: sv.ID, EntityName: sv.Period,
			Action: "create", Summary: fmt.Sprintf("Saved the content audit of %s (%s)", sv.Period, plural(sv.GapCount, "gap", "gaps"))})
	})
	if err != nil {
		return Saved{}, store.Wrap(err, "Could not save the audit.")
	}
	sv.Findings = make([]Finding, len(gaps))
	for i, g := range gaps {
		sv.Findings[i] = Finding{Gap: g}
	}
	return sv, nil
}

// checkNote trims a note and adds a problem under field when it is not
// text or longer than MaxNotes characters.
func checkNote(fe *apperr.FieldErrors, field, note string) string {
	note = strings.TrimSpace(note)
	text.Check(fe, field, note)
	if utf8.RuneCountInString(note) > MaxNotes {
		fe.Add(field, "must be at most %d characters", MaxNotes)
	}
	return note
}

// savedColumns are what scanSaved reads, savedFrom where from.
const (
	savedColumns = `a.id, a.period_from, a.period_to, a.period_name, a.notes, a.gap_count, a.item_count,
	COALESCE(a.created_by, 0), COALESCE(u.name, ''), a.created_at`
	savedFrom = " FROM content_audits a LEFT JOIN users u ON u.id = a.created_by"
)

type scanner interface{ Scan(dest ...any) error }

// scanSaved reads savedColumns, then more.
func scanSaved(sc scanner, more ...any) (Saved, error) {
	var sv Saved
	var created int64
	dest := append([]any{&sv.ID, &sv.From, &sv.To, &sv.Period, &sv.Notes, &sv.GapCount, &sv.ItemCount,
		&sv.CreatedBy, &sv.CreatedByName, &created}, more...)
	if err := sc.Scan(dest...); err != nil {
		return Saved{}, err
	}
	sv.CreatedAt = store.UnixTime(created)
	return sv, nil
}

// List returns every saved audit without its findings, the latest period
// first (and, for one period, the latest saved first).
func (s *Service) List(ctx context.Context) ([]Saved, error) {
	rows, err := s.DB.Query(ctx, "SELECT "+savedColumns+savedFrom+" ORDER BY a.period_to DESC, a.id DESC")
	if err != nil {
		return nil, store.Wrap(err, "Could not list the saved audits.")
	}
	defer rows.Close()
	out := []Saved{}
	for rows.Next() {
		sv, err := scanSaved(rows)
		if err != nil {
			return nil, store.Wrap(err, "Could not list the saved audits.")
		}
		out = append(out, sv)
	}
	return out, store.Wrap(rows.Err(), "Could not list the saved audits.")
}

// Get returns one saved audit with its findings, each with the decision
// and note recorded on it, or NotFound.
func (s *Service) Get(ctx context.Context, id int64) (Saved, error) {
	sv, err := get(ctx, s.DB, id)
	return sv, store.Wrap(err, "Could not load the saved audit.")
}

// get reads a saved audit through q (the database, or a transaction).
func get(ctx context.Context, q store.Querier, id int64) (Saved, error) {
	var findings string
	sv, err := scanSaved(q.QueryRow(ctx, "SELECT "+savedColumns+", a.findings"+savedFrom+" WHERE a.id = ?", id), &findings)
	if errors.Is(err, sql.ErrNoRows) {
		return Saved{}, notFound(id)
	}
	if err != nil {
		return Saved{}, err
	}
	var gaps []Gap
	if err := json.Unmarshal([]byte(findings), &gaps); err != nil {
		return Saved{}, fmt.Errorf("read the findings of saved audit %d: %w", id, err)
	}
	sv.Findings = make([]Finding, len(gaps))
	at := map[string]int{}
	for i, g := range gaps {
		sv.Findings[i] = Finding{Gap: g}
		at[g.Key] = i
	}
	rows, err := q.Query(ctx, "SELECT finding_key, decision, note FROM content_audit_notes WHERE audit_id = ?", id)
	if err != nil {
		return Saved{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var key, decision, note string
		if err := rows.Scan(&key, &decision, &note); err != nil {
			return Saved{}, err
		}
		if i, ok := at[key]; ok {
			sv.Findings[i].Decision, sv.Findings[i].Note = Decision(decision), note
		}
	}
	return sv, rows.Err()
}

func notFound(id int64) error {
	return apperr.NotFoundf("There is no saved audit with id %d.", id)
}
