package participation

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// rollupLock is the PostgreSQL advisory lock roll-ups hold for their
// transaction: two of them over the same month would each rebuild it
// from what they see and the last would win. (SQLite's one writer
// serialises them already.)
const rollupLock = 7_302_214_011

// memberChunk is how many members one query reads at a time.
const memberChunk = 500

var memberMonthColumns = []string{"member_id", "month", "deepest", "modes", "convey", "contribute", "collaborate", "co_create",
	"first_day", "last_day", "newcomer", "returned_30", "returned_90", "first_contribution_days", "career_stage", "country", "affiliation"}

var memberMonthCols = strings.Join(memberMonthColumns, ", ")

// location is the zone months are counted in.
func (s *Service) location() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// RollUp brings the roll-up the funnel, flows and health figures read up
// to date for the members memberIDs: their activities are read again, their
// months rewritten, and the figures of every month that changed made anew.
// Call it after anything that changes those members' activities (an
// ingest, a logged activity, a merge: both members, a deletion) or the
// fields the figures group by (career stage, country, affiliation). Unknown
// and deleted ids are fine: a deleted member's months are taken out.
func (s *Service) RollUp(ctx context.Context, memberIDs []int64) error {
	ids := slices.Clone(memberIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	loc := s.location()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := lockRollUp(ctx, tx); err != nil {
			return err
		}
		depth, err := kindDepths(ctx, tx)
		if err != nil {
			return err
		}
		changed := map[Month]bool{}
		for chunk := range slices.Chunk(ids, memberChunk) {
			old, err := loadMemberMonths(ctx, tx, chunk)
			if err != nil {
				return err
			}
			fresh, err := rollMembers(ctx, tx, depth, loc, "member_id IN ("+placeholders(len(chunk))+")", toAny(chunk)...)
			if err != nil {
				return err
			}
			// Only rows that differ are rewritten: a new activity usually
			// changes one month of each member, not their whole history.
			var gone []rowKey
			var rows []memberMonth
			for k, r := range old {
				if n, ok := fresh[k]; !ok || n != r {
					changed[k.month] = true
					gone = append(gone, k)
				}
			}
			for k, r := range fresh {
				if o, ok := old[k]; !ok || o != r {
					changed[k.month] = true
					rows = append(rows, r)
				}
			}
			if err := deleteMemberMonths(ctx, tx, gone); err != nil {
				return err
			}
			if err := insertMemberMonths(ctx, tx, rows); err != nil {
				return err
			}
		}
		for m := range changed {
			if err := refreshMonth(ctx, tx, m, s.now()); err != nil {
				return err
			}
		}
		return nil
	})
	return store.Wrap(err, "Could not update the participation figures.")
}

// RollUpAll rebuilds the whole roll-up from every activity, in one
// transaction: after a kind's mode changes, a kind is added, or the
// community's time zone changes. It takes seconds for millions of
// activities; readers see the old figures until it commits.
func (s *Service) RollUpAll(ctx context.Context) error {
	loc := s.location()
	now := s.now()
	err := s.DB.InBulkTx(ctx, func(tx *store.Tx) error {
		if err := lockRollUp(ctx, tx); err != nil {
			return err
		}
		for _, t := range []string{"participation_member_months", "participation_months", "participation_month_groups"} {
			if _, err := tx.Exec(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		depth, err := kindDepths(ctx, tx)
		if err != nil {
			return err
		}
		var lo, hi sql.NullInt64
		if err := tx.QueryRow(ctx, "SELECT MIN(member_id), MAX(member_id) FROM activities").Scan(&lo, &hi); err != nil {
			return err
		}
		accs := map[Month]*monthAcc{}
		// Members a few thousand at a time: each range's activities are
		// read whole, then its rows written, so no query is left open
		// while writing and memory stays bounded.
		const span = 4000
		for from := lo.Int64; lo.Valid && from <= hi.Int64; from += span {
			fresh, err := rollMembers(ctx, tx, depth, loc, "member_id >= ? AND member_id < ?", from, from+span)
			if err != nil {
				return err
			}
			rows := make([]memberMonth, 0, len(fresh))
			for _, r := range fresh {
				rows = append(rows, r)
				acc := accs[r.month]
				if acc == nil {
					acc = newMonthAcc(r.month)
					accs[r.month] = acc
				}
				acc.add(r)
			}
			if _, err := tx.CopyRows(ctx, "participation_member_months", memberMonthColumns, func(yield func([]any) bool) {
				for _, r := range rows {
					if !yield(memberMonthValues(r)) {
						return
					}
				}
			}); err != nil {
				return err
			}
		}
		for _, acc := range accs {
			if err := writeMonth(ctx, tx, acc, now); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO participation_rollup_state (id, time_zone, rebuilt_at) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, rebuilt_at = excluded.rebuilt_at`, loc.String(), now.Unix())
		return err
	})
	if err != nil {
		return store.Wrap(err, "Could not rebuild the participation figures.")
	}
	return store.Wrap(s.DB.Analyze(ctx, "participation_member_months", "participation_months", "participation_month_groups"),
		"Could not rebuild the participation figures.")
}

// RollUpIfStale rebuilds the roll-up when it was never built or was built
// in another time zone than the one configured now, and reports whether it
// did. Trellis calls it when it starts.
func (s *Service) RollUpIfStale(ctx context.Context) (bool, error) {
	var zone string
	err := s.DB.QueryRow(ctx, "SELECT time_zone FROM participation_rollup_state WHERE id = 1").Scan(&zone)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, store.Wrap(err, "Could not read the participation figures' state.")
	}
	if err == nil && zone == s.location().String() {
		return false, nil
	}
	return true, s.RollUpAll(ctx)
}

func lockRollUp(ctx context.Context, tx *store.Tx) error {
	if tx.Dialect != store.Postgres {
		return nil
	}
	_, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(?)", int64(rollupLock))
	return err
}

// kindDepths maps each kind's key to its mode's depth.
func kindDepths(ctx context.Context, q store.Querier) (map[string]int8, error) {
	kinds, err := listKinds(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int8, len(kinds))
	for _, k := range kinds {
		out[k.Key] = int8(k.Mode.Depth())
	}
	return out, nil
}

type rowKey struct {
	memberID int64
	month    Month
}

// rollMembers reads the activities of the members where (a condition on
// member_id) selects, with their fields, and rolls them up.
func rollMembers(ctx context.Context, tx *store.Tx, depth map[string]int8, loc *time.Location, where string, args ...any) (map[rowKey]memberMonth, error) {
	ds := map[int64]dims{}
	rows, err := tx.Query(ctx, "SELECT id, career_stage, country, affiliation FROM members WHERE "+strings.ReplaceAll(where, "member_id", "id"), args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var d dims
		if err := rows.Scan(&id, &d.careerStage, &d.country, &d.affiliation); err != nil {
			rows.Close()
			return nil, err
		}
		ds[id] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, "SELECT member_id, occurred_at, kind FROM activities WHERE "+where+" ORDER BY member_id, occurred_at", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[rowKey]memberMonth{}
	var cur int64 = -1
	var acts []act
	flush := func() {
		for _, r := range memberMonths(cur, acts, loc, ds[cur]) {
			out[rowKey{r.memberID, r.month}] = r
		}
		acts = acts[:0]
	}
	for rows.Next() {
		var id, at int64
		var kind string
		if err := rows.Scan(&id, &at, &kind); err != nil {
			return nil, err
		}
		if id != cur && len(acts) > 0 {
			flush()
		}
		cur = id
		d := depth[kind]
		if d == 0 {
			continue // a kind that vanished counts nowhere
		}
		acts = append(acts, act{at: at, depth: d})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(acts) > 0 {
		flush()
	}
	return out, nil
}

func scanMemberMonth(sc interface{ Scan(...any) error }) (memberMonth, error) {
	var r memberMonth
	var newcomer, r30, r90 int
	var fc sql.NullInt64
	err := sc.Scan(&r.memberID, &r.month, &r.deepest, &r.modes, &r.acts[0], &r.acts[1], &r.acts[2], &r.acts[3],
		&r.firstDay, &r.lastDay, &newcomer, &r30, &r90, &fc, &r.careerStage, &r.country, &r.affiliation)
	r.newcomer, r.returned30, r.returned90 = newcomer == 1, r30 == 1, r90 == 1
	r.firstContribution = -1
	if fc.Valid {
		r.firstContribution = int(fc.Int64)
	}
	return r, err
}

func loadMemberMonths(ctx context.Context, tx *store.Tx, ids []int64) (map[rowKey]memberMonth, error) {
	rows, err := tx.Query(ctx, "SELECT "+memberMonthCols+" FROM participation_member_months WHERE member_id IN ("+placeholders(len(ids))+")", toAny(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[rowKey]memberMonth{}
	for rows.Next() {
		r, err := scanMemberMonth(rows)
		if err != nil {
			return nil, err
		}
		out[rowKey{r.memberID, r.month}] = r
	}
	return out, rows.Err()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func memberMonthValues(r memberMonth) []any {
	var fc any
	if r.firstContribution >= 0 {
		fc = int64(r.firstContribution)
	}
	return []any{r.memberID, int64(r.month), int64(r.deepest), int64(r.modes), int64(r.acts[0]), int64(r.acts[1]), int64(r.acts[2]), int64(r.acts[3]),
		int64(r.firstDay), int64(r.lastDay), int64(b2i(r.newcomer)), int64(b2i(r.returned30)), int64(b2i(r.returned90)), fc,
		r.careerStage, r.country, r.affiliation}
}

// deleteMemberMonths deletes the rows of keys, a few hundred a statement.
func deleteMemberMonths(ctx context.Context, tx *store.Tx, keys []rowKey) error {
	for chunk := range slices.Chunk(keys, 400) {
		// The members' ids first, so both engines find the rows by the
		// primary key rather than matching every row against the pairs.
		args := make([]any, 0, 3*len(chunk))
		for _, k := range chunk {
			args = append(args, k.memberID)
		}
		for _, k := range chunk {
			args = append(args, k.memberID, int64(k.month))
		}
		pairs := strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), CAST(? AS INTEGER)), ", len(chunk)), ", ")
		if _, err := tx.Exec(ctx, "DELETE FROM participation_member_months WHERE member_id IN ("+placeholders(len(chunk))+
			") AND (member_id, month) IN (VALUES "+pairs+")", args...); err != nil {
			return err
		}
	}
	return nil
}

func insertMemberMonths(ctx context.Context, tx *store.Tx, rows []memberMonth) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.InsertMany(ctx, "INSERT INTO participation_member_months ("+memberMonthCols+")", 17, func(yield func([]any) bool) {
		for _, r := range rows {
			if !yield(memberMonthValues(r)) {
				return
			}
		}
	})
	return err
}

// refreshMonth makes month m's figures anew from its member rows.
func refreshMonth(ctx context.Context, tx *store.Tx, m Month, now time.Time) error {
	acc := newMonthAcc(m)
	rows, err := tx.Query(ctx, "SELECT "+memberMonthCols+" FROM participation_member_months WHERE month = ?", int64(m))
	if err != nil {
		return err
	}
	for rows.Next() {
		r, err := scanMemberMonth(rows)
		if err != nil {
			rows.Close()
			return err
		}
		acc.add(r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range []string{"participation_months", "participation_month_groups"} {
		if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE month = ?", int64(m)); err != nil {
			return err
		}
	}
	if acc.row.active == 0 {
		return nil
	}
	return writeMonth(ctx, tx, acc, now)
}

// writeMonth inserts the month's figures and groups.
func writeMonth(ctx context.Context, tx *store.Tx, acc *monthAcc, now time.Time) error {
	r := acc.finish()
	var med any
	if r.firstContribMedian != nil {
		med = *r.firstContribMedian
	}
	if _, err := tx.Exec(ctx, `INSERT INTO participation_months (month, active, convey_members, contribute_members, collaborate_members,
		co_create_members, convey_acts, contribute_acts, collaborate_acts, co_create_acts, new_members, returned_30, returned_90,
		top1_acts, top10_acts, half_contributors, first_contributions, first_contribution_median, member_modes, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		int64(r.month), r.active, r.members[0], r.members[1], r.members[2], r.members[3], r.acts[0], r.acts[1], r.acts[2], r.acts[3],
		r.newMembers, r.returned30, r.returned90, r.top1, r.top10, r.halfContributors, r.firstContributions, med, r.packed, now.Unix()); err != nil {
		return err
	}
	keys := make([]groupKey, 0, len(acc.groups))
	for k := range acc.groups {
		keys = append(keys, k)
	}
	_, err := tx.InsertMany(ctx, "INSERT INTO participation_month_groups (month, dimension, value, deepest, members, activities)", 6,
		func(yield func([]any) bool) {
			for _, k := range keys {
				g := acc.groups[k]
				if !yield([]any{int64(r.month), k.dimension, k.value, int64(k.deepest), int64(g.members), int64(g.activities)}) {
					return
				}
			}
		})
	return err
}

func toAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
