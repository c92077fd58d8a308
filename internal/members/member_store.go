package members

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

// memberColumns is the select list scanMember reads, in its order. Queries
// alias members as m.
const memberColumns = `m.id, m.name, m.preferred_name, m.pronouns, m.affiliation, m.job_title,
	m.orcid, m.country, m.timezone, m.career_stage, m.joined_on, m.source, m.status,
	m.pref_modality, m.pref_timing, m.pref_hours, m.consent_contact, m.consent_basis,
	m.consent_on, m.notes, m.archived_at, m.created_at, m.updated_at, m.version`

// writeColumns are the members columns Create and Update set, in the order
// rowValues returns them.
var writeColumns = []string{"name", "preferred_name", "pronouns", "sort_name", "name_key", "preferred_key",
	"pronouns_key", "affiliation", "affiliation_key", "job_title", "job_title_key", "orcid",
	"country", "timezone", "career_stage", "joined_on", "source", "status", "pref_modality",
	"pref_timing", "pref_hours", "consent_contact", "consent_basis", "consent_on", "notes",
	"search_text", "updated_at"}

var (
	insertMemberSQL = "INSERT INTO members (" + strings.Join(writeColumns, ", ") +
		", created_at) VALUES (" + store.Placeholders(len(writeColumns)+1) + ")"
	// insertMemberWithIDSQL names the id too; see mergedIDFloor.
	insertMemberWithIDSQL = "INSERT INTO members (id, " + strings.Join(writeColumns, ", ") +
		", created_at) VALUES (" + store.Placeholders(len(writeColumns)+2) + ")"
	// Every update raises the version in the same statement, so an edit
	// made against the old version can tell it moved on.
	updateMemberSQL = "UPDATE members SET " + strings.Join(writeColumns, " = ?, ") +
		" = ?, version = version + 1 WHERE id = ?"
)

// rowValues returns a normalised member's column values for writeColumns.
// Empty optional values are stored as NULL, as the schema documents.
func rowValues(m Member, now time.Time) []any {
	var hours any
	if m.Preferences.HoursPerMonth != nil {
		hours = *m.Preferences.HoursPerMonth
	}
	return []any{m.Name, m.PreferredName, m.Pronouns, foldKey(m.Name), storedNameKey(m.Name), foldKey(m.PreferredName),
		pronounsKey(m.Pronouns), m.Affiliation, foldKey(m.Affiliation), m.JobTitle, foldKey(m.JobTitle),
		nullable(m.ORCID), m.Country, m.TimeZone, string(m.CareerStage), nullable(m.JoinedOn), m.Source, string(m.Status),
		m.Preferences.Modality, m.Preferences.Timing, hours, m.Consent.Contact,
		m.Consent.Basis, nullable(m.Consent.Date), m.Notes, searchText(m), now.Unix()}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// insertMember stores a normalised member and its child rows and returns
// the new id.
func insertMember(ctx context.Context, tx *store.Tx, m Member, now time.Time) (int64, error) {
	query, args := insertMemberSQL, append(rowValues(m, now), now.Unix())
	next, err := mergedIDFloor(ctx, tx)
	if err != nil {
		return 0, err
	}
	if next > 0 {
		query, args = insertMemberWithIDSQL, append([]any{next}, args...)
	}
	id, err := tx.Insert(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return id, insertChildren(ctx, tx, id, m)
}

// mergedIDFloor returns the id a new member must take so as not to reuse
// the id of a member merged away, or 0 when the database's own choice is
// safe. SQLite gives a new row the largest id in the table plus one, so
// when the newest member is merged away the next one added would take its
// id: old links and audit entries would then lead to the wrong person, and
// the merge could no longer be undone. PostgreSQL's identity sequence
// never hands an id out twice. Both MAX queries read one index entry.
func mergedIDFloor(ctx context.Context, tx *store.Tx) (int64, error) {
	if tx.Dialect != store.SQLite {
		return 0, nil
	}
	var last int64
	err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(dropped_id), 0) FROM member_merges
		WHERE dropped_id >= (SELECT COALESCE(MAX(id), 0) FROM members)`).Scan(&last)
	if err != nil || last == 0 {
		return 0, err
	}
	return last + 1, nil
}

// replaceMember overwrites member id's editable columns and child rows with
// the normalised m, and raises its version. It leaves created_at and
// archived_at alone. Prefer rewriteMember, which also keeps the replaced
// version so a stale edit can be told what changed.
func replaceMember(ctx context.Context, tx *store.Tx, id int64, m Member, now time.Time) error {
	if _, err := tx.Exec(ctx, updateMemberSQL, append(rowValues(m, now), id)...); err != nil {
		return err
	}
	if err := deleteChildren(ctx, tx, id); err != nil {
		return err
	}
	return insertChildren(ctx, tx, id, m)
}

// rewriteMember replaces old, read and locked in tx, with the normalised m:
// it keeps old's fields in the member's history, then overwrites the row
// only if it is still at old's version (it is, under the lock; the
// condition makes a missing lock fail loudly rather than lose an edit).
func rewriteMember(ctx context.Context, tx *store.Tx, old, m Member, now time.Time) error {
	if err := history.Keep(ctx, tx, old.ID, old.Version, old.fields(), now); err != nil {
		return err
	}
	res, err := tx.Exec(ctx, updateMemberSQL+" AND version = ?", append(rowValues(m, now), old.ID, old.Version)...)
	if err != nil {
		return err
	}
	if err := versions.Updated(res, entity); err != nil {
		return err
	}
	if err := deleteChildren(ctx, tx, old.ID); err != nil {
		return err
	}
	return insertChildren(ctx, tx, old.ID, m)
}

type scanner interface{ Scan(dest ...any) error }

// scanMember reads one row selected with memberColumns, followed by any
// extra columns into extra.
func scanMember(sc scanner, extra ...any) (Member, error) {
	var m Member
	var orcid, joined, consentOn sql.NullString
	var hours, archived sql.NullInt64
	var created, updated int64
	dest := append([]any{&m.ID, &m.Name, &m.PreferredName, &m.Pronouns, &m.Affiliation,
		&m.JobTitle, &orcid, &m.Country, &m.TimeZone, &m.CareerStage, &joined, &m.Source,
		&m.Status, &m.Preferences.Modality, &m.Preferences.Timing, &hours, &m.Consent.Contact,
		&m.Consent.Basis, &consentOn, &m.Notes, &archived, &created, &updated, &m.Version}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return Member{}, err
	}
	m.ORCID, m.JoinedOn, m.Consent.Date = orcid.String, joined.String, consentOn.String
	if hours.Valid {
		h := int(hours.Int64)
		m.Preferences.HoursPerMonth = &h
	}
	m.ArchivedAt = store.NullUnixTime(archived)
	m.CreatedAt, m.UpdatedAt = store.UnixTime(created), store.UnixTime(updated)
	return m, nil
}

// getMember loads one complete member through q (the read pool or a
// transaction). A missing member is a NotFound error.
func getMember(ctx context.Context, q store.Querier, id int64) (Member, error) {
	return loadMember(ctx, q, id, "")
}

// lockMember loads one complete member inside tx and holds the row's write
// lock until tx ends, for a read-modify-write that no concurrent edit can
// slip between.
func lockMember(ctx context.Context, tx *store.Tx, id int64) (Member, error) {
	return loadMember(ctx, tx, id, tx.ForUpdate())
}

func loadMember(ctx context.Context, q store.Querier, id int64, lock string) (Member, error) {
	m, err := scanMember(q.QueryRow(ctx, "SELECT "+memberColumns+" FROM members m WHERE m.id = ?"+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, notFound(id)
	}
	if err != nil {
		return Member{}, err
	}
	ms := []Member{m}
	if err := attach(ctx, q, ms); err != nil {
		return Member{}, err
	}
	return ms[0], nil
}

// loadMany loads the members with the given ids, in no particular order,
// with one query per table for every chunk of ids. Missing ids are skipped.
func loadMany(ctx context.Context, q store.Querier, ids []int64) ([]Member, error) {
	var out []Member
	for _, chunk := range chunks(ids) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		err := store.EachRow(ctx, q, "SELECT "+memberColumns+" FROM members m WHERE m.id IN ("+store.Placeholders(len(chunk))+")",
			args, func(rows *sql.Rows) error {
				m, err := scanMember(rows)
				out = append(out, m)
				return err
			})
		if err != nil {
			return nil, err
		}
	}
	return out, attach(ctx, q, out)
}
