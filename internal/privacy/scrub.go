package privacy

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/store"
)

// scrubBatch is how many rows one scrub transaction changes: a few
// milliseconds of the writer at a time.
const scrubBatch = 200

// scrubTable is one table whose text columns an erasure scrubs.
type scrubTable struct {
	name string
	cols []string
	key  []string // the primary key; none: the table is scrubbed in one statement
}

// Scrub actions: replace the addresses, or delete the rows holding them
// (a merge's record of the rows it moved is theirs, not a text to mend).
const (
	actionScrub  = "scrub"
	actionDelete = "delete"
)

// scrubPlan lists every table with text columns an address may be written
// in: all but the team's accounts (a colleague's login is not the
// member's), the block list and the scrubs' own list. Key columns are left
// alone.
func scrubPlan(ctx context.Context, q store.Querier, d store.Dialect) ([]scrubTable, error) {
	tables, err := backup.Tables(ctx, q, d)
	if err != nil {
		return nil, err
	}
	var out []scrubTable
	for _, t := range tables {
		if t.Name == "users" || t.Name == "erased_identifiers" || t.Name == "erasure_scrubs" {
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
		if len(cols) > 0 {
			out = append(out, scrubTable{name: t.Name, cols: cols, key: t.Key})
		}
	}
	return out, nil
}

// queueScrubs records, in the erasure's transaction, one scrub of emails
// per table of plan, and returns how many it recorded.
func queueScrubs(ctx context.Context, tx *store.Tx, memberID int64, emails []string, plan []scrubTable, at int64) (int, error) {
	if len(emails) == 0 {
		return 0, nil
	}
	addrs, err := json.Marshal(emails)
	if err != nil {
		return 0, err
	}
	rows := make([][]any, 0, len(plan))
	for _, t := range plan {
		cols, err := json.Marshal(t.cols)
		if err != nil {
			return 0, err
		}
		action := actionScrub
		if t.name == "member_merges" {
			action = actionDelete
		}
		rows = append(rows, []any{memberID, t.name, string(cols), string(addrs), action, at})
	}
	// One statement: the erasure holds the writer meanwhile.
	_, err = tx.InsertMany(ctx, "INSERT INTO erasure_scrubs (member_id, table_name, columns, emails, action, created_at)", 6, slices.Values(rows))
	if err != nil {
		return 0, fmt.Errorf("queue the scrubs: %w", err)
	}
	return len(plan), nil
}

// pendingScrub is one row of erasure_scrubs.
type pendingScrub struct {
	id, memberID int64
	table        string
	cols, emails []string
	action       string
}

// FinishErasures scrubs what erasures left to scrub: in every table an
// erasure listed, it finds the rows whose text holds one of the erased
// person's addresses from a snapshot (a reader: no write waits on it),
// then replaces the addresses with "[erased]" (or, in member_merges,
// deletes the row) scrubBatch rows to a transaction, rechecking each row
// as it writes it, and forgets the table's scrub once it is clean. Run it
// again after a crash: it starts over where the list stands, and a row
// already scrubbed matches nothing. It returns how many rows it changed.
// The job privacy.finish_erasures runs it.
func (s *Service) FinishErasures(ctx context.Context) (int64, error) {
	var plan map[string]scrubTable
	var total int64
	for {
		pending, err := s.pendingScrubs(ctx)
		if err != nil {
			return total, err
		}
		if len(pending) == 0 {
			break
		}
		if plan == nil {
			tables, err := scrubPlan(ctx, s.DB, s.DB.Dialect)
			if err != nil {
				return total, err
			}
			plan = map[string]scrubTable{}
			for _, t := range tables {
				plan[t.name] = t
			}
		}
		for _, p := range pending {
			n, err := s.scrub(ctx, p, plan[p.table])
			total += n
			if err != nil {
				return total, fmt.Errorf("scrub %s: %w", p.table, err)
			}
		}
	}
	if total > 0 {
		slog.Default().Info("scrubbed erased people's addresses", slog.Int64("rows", total))
	}
	checkpoint(ctx, s.DB)
	return total, nil
}

// PendingErasures counts the tables erasures have yet to scrub.
func (s *Service) PendingErasures(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM erasure_scrubs").Scan(&n)
	return n, store.Wrap(err, "Could not count the erasures left to finish.")
}

func (s *Service) pendingScrubs(ctx context.Context) ([]pendingScrub, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, member_id, table_name, columns, emails, action FROM erasure_scrubs ORDER BY id LIMIT 100")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pendingScrub
	for rows.Next() {
		var p pendingScrub
		var cols, emails string
		if err := rows.Scan(&p.id, &p.memberID, &p.table, &cols, &emails, &p.action); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(cols), &p.cols); err != nil {
			return nil, fmt.Errorf("erasure scrub %d: columns: %w", p.id, err)
		}
		if err := json.Unmarshal([]byte(emails), &p.emails); err != nil {
			return nil, fmt.Errorf("erasure scrub %d: emails: %w", p.id, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// scrub does one table's scrub p, whose table is now t (zero when the
// table is gone), and then forgets p.
func (s *Service) scrub(ctx context.Context, p pendingScrub, t scrubTable) (int64, error) {
	// Only the columns that are still text columns of the table.
	now := map[string]bool{}
	for _, c := range t.cols {
		now[c] = true
	}
	var cols []string
	for _, c := range p.cols {
		if now[c] {
			cols = append(cols, c)
		}
	}
	var n int64
	if len(cols) > 0 && len(p.emails) > 0 {
		var err error
		if len(t.key) == 0 {
			n, err = s.scrubUnkeyed(ctx, p, t.name, cols)
		} else {
			n, err = s.scrubKeyed(ctx, p, t, cols)
		}
		if err != nil {
			return n, err
		}
	}
	err := s.writeTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM erasure_scrubs WHERE id = ?", p.id)
		return err
	})
	return n, err
}

// scrubKeyed scrubs table t, whose rows have a key: the rows holding an
// address are read from a snapshot, then changed scrubBatch to a
// transaction, each column on its own, so a column that holds nothing of
// theirs is not written (nor are the search index's triggers on it run).
func (s *Service) scrubKeyed(ctx context.Context, p pendingScrub, t scrubTable, cols []string) (int64, error) {
	held, err := s.holdingRows(ctx, t, cols, p.emails)
	if err != nil {
		return 0, err
	}
	tuple := "(" + strings.Join(t.key, ", ") + ")"
	one := "(" + store.Placeholders(len(t.key)) + ")"
	in := func(rows []heldRow) (string, []any) {
		var args []any
		for _, r := range rows {
			args = append(args, r.key...)
		}
		return tuple + " IN (" + strings.TrimSuffix(strings.Repeat(one+", ", len(rows)), ", ") + ")", args
	}
	var n int64
	for start := 0; start < len(held); start += scrubBatch {
		batch := held[start:min(start+scrubBatch, len(held))]
		err := s.writeTx(ctx, func(tx *store.Tx) error {
			// Each row is checked again as it is written: it may have
			// changed since the snapshot.
			if p.action == actionDelete {
				where, args := in(batch)
				cond, condArgs := holding(tx.Dialect, cols, p.emails)
				r, err := tx.Exec(ctx, "DELETE FROM "+t.name+" WHERE "+where+" AND ("+cond+")", append(args, condArgs...)...)
				if err != nil {
					return err
				}
				k, _ := r.RowsAffected()
				n += k
				return nil
			}
			for i, c := range cols {
				var rows []heldRow
				for _, r := range batch {
					if r.in[i] {
						rows = append(rows, r)
					}
				}
				if len(rows) == 0 {
					continue
				}
				where, args := in(rows)
				set, setArgs := replacing([]string{c}, p.emails)
				cond, condArgs := holding(tx.Dialect, []string{c}, p.emails)
				args = append(append(setArgs, args...), condArgs...)
				r, err := tx.Exec(ctx, "UPDATE "+t.name+" SET "+set+" WHERE "+where+" AND ("+cond+")", args...)
				if err != nil {
					return err
				}
				k, _ := r.RowsAffected()
				n += k
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// scrubUnkeyed scrubs a table without a key to find its rows by again, a
// statement a column (tables without one are small).
func (s *Service) scrubUnkeyed(ctx context.Context, p pendingScrub, table string, cols []string) (int64, error) {
	var n int64
	err := s.writeTx(ctx, func(tx *store.Tx) error {
		if p.action == actionDelete {
			cond, args := holding(tx.Dialect, cols, p.emails)
			r, err := tx.Exec(ctx, "DELETE FROM "+table+" WHERE "+cond, args...)
			if err == nil {
				n, _ = r.RowsAffected()
			}
			return err
		}
		for _, c := range cols {
			set, args := replacing([]string{c}, p.emails)
			cond, condArgs := holding(tx.Dialect, []string{c}, p.emails)
			r, err := tx.Exec(ctx, "UPDATE "+table+" SET "+set+" WHERE "+cond, append(args, condArgs...)...)
			if err != nil {
				return err
			}
			k, _ := r.RowsAffected()
			n += k
		}
		return nil
	})
	return n, err
}

// heldRow is a row holding an address: its key, and which of the
// scrubbed columns hold it.
type heldRow struct {
	key []any
	in  []bool
}

// holdingRows reads, from one snapshot, t's rows where one of cols holds
// one of emails.
func (s *Service) holdingRows(ctx context.Context, t scrubTable, cols, emails []string) ([]heldRow, error) {
	var out []heldRow
	err := s.DB.InSnapshot(ctx, func(rt *store.ReadTx) error {
		sel := append([]string{}, t.key...)
		var args []any
		for _, c := range cols {
			cond, condArgs := holding(rt.Dialect, []string{c}, emails)
			sel = append(sel, "CASE WHEN "+cond+" THEN 1 ELSE 0 END")
			args = append(args, condArgs...)
		}
		cond, condArgs := holding(rt.Dialect, cols, emails)
		rows, err := rt.Query(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+t.name+" WHERE "+cond, append(args, condArgs...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r := heldRow{key: make([]any, len(t.key)), in: make([]bool, len(cols))}
			flags := make([]int64, len(cols))
			ptrs := make([]any, 0, len(t.key)+len(cols))
			for i := range r.key {
				ptrs = append(ptrs, &r.key[i])
			}
			for i := range flags {
				ptrs = append(ptrs, &flags[i])
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			for i, f := range flags {
				r.in[i] = f != 0
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// holding is the condition "one of cols holds one of emails".
func holding(d store.Dialect, cols, emails []string) (string, []any) {
	var where []string
	var args []any
	for _, c := range cols {
		for _, e := range emails {
			where = append(where, contains(d, c))
			args = append(args, e)
		}
	}
	return strings.Join(where, " OR "), args
}

// replacing is the SET list replacing every one of emails with
// "[erased]" in each of cols.
func replacing(cols, emails []string) (string, []any) {
	set := make([]string, len(cols))
	var args []any
	for i, c := range cols {
		expr := c
		for _, e := range emails {
			expr = "REPLACE(" + expr + ", ?, '[erased]')"
			args = append(args, e)
		}
		set[i] = c + " = " + expr
	}
	return strings.Join(set, ", "), args
}

// writeTx is s.DB.InTx, timed for LongestWrite.
func (s *Service) writeTx(ctx context.Context, fn func(tx *store.Tx) error) error {
	start := time.Now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		off, err := secureDelete(ctx, tx)
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err // the rollback undoes the settings too
		}
		return off()
	})
	s.noteWrite(time.Since(start))
	return err
}

func (s *Service) noteWrite(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.longest = max(s.longest, d)
}

// LongestWrite returns the longest write transaction an erasure or
// FinishErasures held since the last call, and starts over: how long
// every other write could have waited on them (benchmarks report it).
func (s *Service) LongestWrite() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.longest
	s.longest = 0
	return d
}
