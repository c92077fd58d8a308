package export

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Activities writes every activity, oldest first, as CSV: one row each with
// its member, kind and the CSCCE mode the kind counts as. It reads one
// snapshot, a row at a time, and returns how many rows it wrote.
func Activities(ctx context.Context, db *store.DB, w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	n := 0
	err := db.InSnapshot(ctx, func(rt *store.ReadTx) error {
		if err := cw.Write([]string{"id", "occurred_at", "member_id", "member", "kind", "mode", "source", "title", "url", "external_id", "created_at"}); err != nil {
			return err
		}
		rows, err := rt.Query(ctx, `SELECT a.id, a.occurred_at, a.member_id, m.name, a.kind, COALESCE(k.mode, ''), a.source,
				a.title, a.url, COALESCE(a.external_id, ''), a.created_at
			FROM activities a JOIN members m ON m.id = a.member_id LEFT JOIN activity_kinds k ON k.key = a.kind
			ORDER BY a.occurred_at, a.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, at, memberID, created int64
			var name, kind, mode, source, title, url, ext string
			if err := rows.Scan(&id, &at, &memberID, &name, &kind, &mode, &source, &title, &url, &ext, &created); err != nil {
				return err
			}
			err := cw.Write([]string{strconv.FormatInt(id, 10), instant(at), strconv.FormatInt(memberID, 10), Cell(name), kind, mode,
				source, Cell(title), Cell(url), Cell(ext), instant(created)})
			if err != nil {
				return err
			}
			n++
			if n%1000 == 0 {
				rowsAdded(ctx, 1000)
				cw.Flush()
			}
		}
		return rows.Err()
	})
	cw.Flush()
	rowsAdded(ctx, int64(n%1000))
	if err == nil {
		err = cw.Error()
	}
	return n, store.Wrap(err, "Could not export the activities.")
}

// Interactions writes every interaction, by id, as CSV with the members
// and team users who took part. It reads one snapshot, a row at a time.
func Interactions(ctx context.Context, db *store.DB, w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	n := 0
	err := db.InSnapshot(ctx, func(rt *store.ReadTx) error {
		if err := cw.Write([]string{"id", "occurred_on", "channel", "summary", "outcome", "notes", "member_ids", "members", "team", "created_at", "updated_at"}); err != nil {
			return err
		}
		// string_agg with ORDER BY reads the same on both engines (SQLite
		// since 3.44).
		rows, err := rt.Query(ctx, `SELECT i.id, i.occurred_on, i.channel, i.summary, i.outcome, i.notes, i.created_at, i.updated_at,
				COALESCE((SELECT string_agg(CAST(m.id AS TEXT), '; ' ORDER BY m.id) FROM interaction_members im
					JOIN members m ON m.id = im.member_id WHERE im.interaction_id = i.id), ''),
				COALESCE((SELECT string_agg(m.name, '; ' ORDER BY m.id) FROM interaction_members im
					JOIN members m ON m.id = im.member_id WHERE im.interaction_id = i.id), ''),
				COALESCE((SELECT string_agg(u.name, '; ' ORDER BY u.id) FROM interaction_users iu
					JOIN users u ON u.id = iu.user_id WHERE iu.interaction_id = i.id), '')
			FROM interactions i ORDER BY i.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, created, updated int64
			var on, channel, summary, outcome, notes, ids, names, users string
			if err := rows.Scan(&id, &on, &channel, &summary, &outcome, &notes, &created, &updated, &ids, &names, &users); err != nil {
				return err
			}
			err = cw.Write([]string{strconv.FormatInt(id, 10), on, channel, Cell(summary), Cell(outcome), Cell(notes),
				ids, Cell(names), Cell(users), instant(created), instant(updated)})
			if err != nil {
				return err
			}
			n++
			if n%1000 == 0 {
				rowsAdded(ctx, 1000)
				cw.Flush()
			}
		}
		return rows.Err()
	})
	cw.Flush()
	rowsAdded(ctx, int64(n%1000))
	if err == nil {
		err = cw.Error()
	}
	return n, store.Wrap(err, "Could not export the interactions.")
}

func instant(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.RFC3339) }
