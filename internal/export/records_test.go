package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// interactionsBySubqueries is how the interactions CSV was written until
// December 2026, three correlated subqueries per row: the chunked export
// must write the same bytes.
func interactionsBySubqueries(ctx context.Context, db *store.DB, w *bytes.Buffer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "occurred_on", "channel", "summary", "outcome", "notes", "member_ids", "members", "team", "created_at", "updated_at"}); err != nil {
		return err
	}
	rows, err := db.Query(ctx, `SELECT i.id, i.occurred_on, i.channel, i.summary, i.outcome, i.notes, i.created_at, i.updated_at,
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
		if err := cw.Write([]string{strconv.FormatInt(id, 10), on, channel, Cell(summary), Cell(outcome), Cell(notes),
			ids, Cell(names), Cell(users), instant(created), instant(updated)}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := rows.Err(); err != nil {
		return err
	}
	return cw.Error()
}

// TestInteractionsAsBefore fills interactions with none, one and several
// members and team users (names that need quoting or a formula guard,
// ids out of insertion order, gaps in the interactions' ids) and checks
// the chunked export writes what the subqueries did, whatever the chunk.
func TestInteractionsAsBefore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := &members.Service{DB: db}
		names := []string{"Ada Lovelace", "=SUM(A1)", "Zofia; Wiśniewska", "山田 健二", `Sam "Old"`, "Kenji, Y", "Bea", "Cy"}
		var ms []members.Member
		for _, n := range names {
			ms = append(ms, members.Member{Name: n})
		}
		ids, err := svc.CreateBatch(ctx, ms)
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			for i, n := range []string{"Owner One", "+Manager", "Viewer, Three"} {
				if _, err := tx.Exec(ctx, "INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'manager', 'x', 1, 1)",
					10+i, fmt.Sprintf("u%d@example.org", i), n); err != nil {
					return err
				}
			}
			for k := 1; k <= 40; k++ {
				iid := int64(k * 3) // gaps between ids
				summary := fmt.Sprintf("Talk %d", k)
				if k == 7 {
					summary = "-minus first\nand a second line"
				}
				if _, err := tx.Exec(ctx, "INSERT INTO interactions (id, occurred_on, channel, summary, notes, outcome, created_at, updated_at) VALUES (?, ?, 'call', ?, ?, ?, ?, ?)",
					iid, fmt.Sprintf("2026-01-%02d", 1+k%28), summary, "notes, with a comma", "@outcome", 1700000000+k, 1700000100+k); err != nil {
					return err
				}
				// k%5 members (none for every fifth), taken backwards so
				// insertion order is not id order.
				for j := 0; j < k%5; j++ {
					m := ids[(len(ids) - 1 - (k+j*3)%len(ids))]
					if _, err := tx.Exec(ctx, "INSERT INTO interaction_members (interaction_id, member_id, occurred_on) VALUES (?, ?, '2026-01-01') ON CONFLICT DO NOTHING", iid, m); err != nil {
						return err
					}
				}
				for j := 0; j < k%4; j++ {
					if _, err := tx.Exec(ctx, "INSERT INTO interaction_users (interaction_id, user_id) VALUES (?, ?)", iid, 12-j); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := interactionsBySubqueries(ctx, db, &want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(want.Bytes(), []byte("; ")) || !bytes.Contains(want.Bytes(), []byte("'=SUM")) {
			t.Fatalf("the fixture has no interaction with several members, or no guarded name:\n%s", want.String())
		}
		defer func(n int) { interactionChunk = n }(interactionChunk)
		for _, chunk := range []int{1, 3, 7, 40, 5000} {
			interactionChunk = chunk
			var got bytes.Buffer
			n, err := Interactions(ctx, db, &got)
			if err != nil {
				t.Fatalf("chunk %d: %v", chunk, err)
			}
			if n != 40 {
				t.Errorf("chunk %d: %d rows, want 40", chunk, n)
			}
			if got.String() != want.String() {
				t.Errorf("chunk %d: export differs\ngot\n%s\nwant\n%s", chunk, got.String(), want.String())
			}
		}
	})
}
