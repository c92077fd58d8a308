package imports

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"maps"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// A re-import of the same file used to load every matched member with
// all its child rows (emails, tags, identities, custom fields) and
// compare it with its row in Go: half of the second import's CPU. A row
// that made or last changed a member, and was applied whole (no conflict,
// no other row of the file folded in), leaves the member holding exactly
// what the row says for the fields it carries; applying it again changes
// nothing and reports nothing. So each such change keeps the row's digest
// (import_changes.row_digest), and the next import of the same row finds
// the member unchanged from the digest alone, as long as the member is
// still at the version and the moment that change left it.

// rowDigest identifies a staged row: the fields it carries and every
// value of its normalised member, each written with its length so no two
// rows share an encoding. (encoding/json did the same at a tenth of the
// first import's CPU.) TestRowDigestCoversEveryField fails when Member
// gains a field this leaves out.
func rowDigest(m members.Member, fields []string) string {
	b := make([]byte, 0, 512)
	str := func(s string) { b = append(binary.AppendUvarint(b, uint64(len(s))), s...) }
	num := func(n int64) { b = binary.AppendVarint(b, n) }
	list := func(xs []string) {
		num(int64(len(xs)))
		for _, x := range xs {
			str(x)
		}
	}
	at := func(t time.Time) { num(t.UnixNano()) }
	list(slices.Sorted(slices.Values(fields)))
	num(m.ID)
	str(m.Name)
	str(m.PreferredName)
	str(m.Pronouns)
	num(int64(len(m.Emails)))
	for _, e := range m.Emails {
		str(e.Address)
		b = append(b, boolByte(e.Primary))
	}
	str(m.Affiliation)
	str(m.JobTitle)
	str(m.ORCID)
	str(m.Country)
	str(m.TimeZone)
	str(string(m.CareerStage))
	list(m.Expertise)
	list(m.Interests)
	list(m.Languages)
	list(m.Tags)
	str(m.JoinedOn)
	str(m.Source)
	str(string(m.Status))
	str(m.Preferences.Modality)
	str(m.Preferences.Timing)
	if h := m.Preferences.HoursPerMonth; h != nil {
		b = append(b, 1)
		num(int64(*h))
	} else {
		b = append(b, 0)
	}
	b = append(b, boolByte(m.Consent.Contact))
	str(m.Consent.Basis)
	str(m.Consent.Date)
	num(int64(len(m.Identities)))
	for _, x := range m.Identities {
		str(x.Platform)
		str(x.Handle)
	}
	str(m.Notes)
	num(int64(len(m.CustomFields)))
	for _, k := range slices.Sorted(maps.Keys(m.CustomFields)) {
		str(k)
		str(m.CustomFields[k])
	}
	if m.ArchivedAt != nil {
		b = append(b, 1)
		at(*m.ArchivedAt)
	} else {
		b = append(b, 0)
	}
	at(m.CreatedAt)
	at(m.UpdatedAt)
	num(m.Version)
	sum := sha256.Sum256(b)
	return base64.RawStdEncoding.EncodeToString(sum[:18])
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// standingDigests returns, for the members ids, the row digest of the
// import change that still stands on each: the change of a finished run
// (not undone) that left the member at its current version, with nothing
// written to it since. Members without one are absent.
func (l *loader) standingDigests(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, 0, len(chunk)+1)
		args = append(args, string(Done))
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := l.tx.Query(ctx, `SELECT c.member_id, c.row_digest FROM import_changes c
			JOIN members m ON m.id = c.member_id AND m.version = c.version_after
			JOIN import_runs r ON r.id = c.run_id
			WHERE r.status = ? AND m.updated_at <= r.finished_at AND c.row_digest IS NOT NULL
			AND c.member_id IN (`+store.Placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var d string
			if err := rows.Scan(&id, &d); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = d
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// skipStanding counts as unchanged, and takes out of order, the members
// whose one row in the batch is the row that made or last changed them
// (standingDigests): the first time the run meets them, with no other row
// for them in the batch. It returns the members left to compare.
func (l *loader) skipStanding(ctx context.Context, order []int64, matched map[int64][]*staged) ([]int64, error) {
	var ask []int64
	for _, id := range order {
		if rows := matched[id]; len(rows) == 1 && !l.touched[id] && rows[0].digest != "" {
			ask = append(ask, id)
		}
	}
	if len(ask) == 0 {
		return order, nil
	}
	standing, err := l.standingDigests(ctx, ask)
	if err != nil || len(standing) == 0 {
		return order, err
	}
	left := order[:0:0]
	for _, id := range order {
		if d, ok := standing[id]; ok && !l.touched[id] && len(matched[id]) == 1 && d == matched[id][0].digest {
			l.touched[id] = true
			l.counts.Unchanged++
			continue
		}
		left = append(left, id)
	}
	return left, nil
}
