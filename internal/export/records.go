package export

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
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

// interactionChunk is how many interactions are read together, with
// their members and team users: three queries per chunk.
var interactionChunk = 5000

// Interactions writes every interaction, by id, as CSV with the members
// and team users who took part. It reads one snapshot, a chunk of
// interactions at a time (by id, after the last one written), and the
// members and users of each chunk with one query per relation, in
// interaction then member (user) id order, merged in as the chunk is
// written: three queries per chunk rather than three subqueries per row.
func Interactions(ctx context.Context, db *store.DB, w io.Writer) (int, error) {
	cw := csv.NewWriter(w)
	n := 0
	err := db.InSnapshot(ctx, func(rt *store.ReadTx) error {
		if err := cw.Write([]string{"id", "occurred_on", "channel", "summary", "outcome", "notes", "member_ids", "members", "team", "created_at", "updated_at"}); err != nil {
			return err
		}
		type row struct {
			id, created, updated                 int64
			on, channel, summary, outcome, notes string
			ids, names, users                    []string
		}
		chunk := make([]row, 0, interactionChunk)
		var after int64
		for {
			chunk = chunk[:0]
			rows, err := rt.Query(ctx, `SELECT id, occurred_on, channel, summary, outcome, notes, created_at, updated_at
				FROM interactions WHERE id > ? ORDER BY id LIMIT ?`, after, interactionChunk)
			if err != nil {
				return err
			}
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.on, &r.channel, &r.summary, &r.outcome, &r.notes, &r.created, &r.updated); err != nil {
					rows.Close()
					return err
				}
				chunk = append(chunk, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(chunk) == 0 {
				return nil
			}
			first, last := chunk[0].id, chunk[len(chunk)-1].id
			// Both lists come in interaction order, read off the primary
			// keys (interaction_id, member_id / user_id): walk them
			// alongside the chunk (i moves on to each row's interaction).
			// The name is a subquery by primary key, not a join: for a
			// chunk's thousands of rows PostgreSQL's planner chose a hash
			// join that read all of members for every chunk.
			i := 0
			err = eachPair(ctx, rt, `SELECT im.interaction_id, im.member_id, (SELECT m.name FROM members m WHERE m.id = im.member_id)
				FROM interaction_members im WHERE im.interaction_id BETWEEN ? AND ? ORDER BY im.interaction_id, im.member_id`, first, last, func(iid int64, id int64, name string) {
				for i < len(chunk)-1 && chunk[i].id < iid {
					i++
				}
				if chunk[i].id != iid {
					return
				}
				chunk[i].ids = append(chunk[i].ids, strconv.FormatInt(id, 10))
				chunk[i].names = append(chunk[i].names, name)
			})
			if err != nil {
				return err
			}
			i = 0
			err = eachPair(ctx, rt, `SELECT iu.interaction_id, iu.user_id, (SELECT u.name FROM users u WHERE u.id = iu.user_id)
				FROM interaction_users iu WHERE iu.interaction_id BETWEEN ? AND ? ORDER BY iu.interaction_id, iu.user_id`, first, last, func(iid int64, _ int64, name string) {
				for i < len(chunk)-1 && chunk[i].id < iid {
					i++
				}
				if chunk[i].id != iid {
					return
				}
				chunk[i].users = append(chunk[i].users, name)
			})
			if err != nil {
				return err
			}
			for _, r := range chunk {
				err := cw.Write([]string{strconv.FormatInt(r.id, 10), r.on, r.channel, Cell(r.summary), Cell(r.outcome), Cell(r.notes),
					strings.Join(r.ids, "; "), Cell(strings.Join(r.names, "; ")), Cell(strings.Join(r.users, "; ")), instant(r.created), instant(r.updated)})
				if err != nil {
					return err
				}
				n++
			}
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			rowsAdded(ctx, int64(len(chunk)))
			after = last
		}
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return n, store.Wrap(err, "Could not export the interactions.")
}

// eachPair runs query over the interactions first to last and calls fn
// with each row's interaction id, id and name.
func eachPair(ctx context.Context, rt *store.ReadTx, query string, first, last int64, fn func(iid, id int64, name string)) error {
	rows, err := rt.Query(ctx, query, first, last)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var iid, id int64
		var name string
		if err := rows.Scan(&iid, &id, &name); err != nil {
			return err
		}
		fn(iid, id, name)
	}
	return rows.Err()
}

func instant(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.RFC3339) }
