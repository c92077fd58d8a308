package participation

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sort"
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
// fields the figures group by (career stage, country, affiliation); a
// change made inside another capability's transaction marks the members
// instead (MarkForRollUp). Unknown and deleted ids are fine: a deleted
// member's months are taken out. During a rebuild (RollUpAll) it writes
// the members the rebuild has passed into the generation being built too,
// so the rebuild loses nothing.
func (s *Service) RollUp(ctx context.Context, memberIDs []int64) error {
	ids := slices.Clone(memberIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error { return s.rollUpTx(ctx, tx, ids) })
	return store.Wrap(err, "Could not update the participation figures.")
}

// RollUpTx is RollUp inside the caller's transaction tx, for a change that
// must leave the figures right when it commits (an erasure takes the
// person's fields out of them). It remakes every month the members touch,
// which takes a while at 100,000 members; most changes mark the members
// instead (MarkForRollUp).
func (s *Service) RollUpTx(ctx context.Context, tx *store.Tx, memberIDs []int64) error {
	ids := slices.Clone(memberIDs)
	slices.Sort(ids)
	return s.rollUpTx(ctx, tx, slices.Compact(ids))
}

// rollUpTx is RollUp inside tx, for ids sorted and distinct.
func (s *Service) rollUpTx(ctx context.Context, tx *store.Tx, ids []int64) error {
	if err := lockRollUp(ctx, tx); err != nil {
		return err
	}
	st, err := readRollUpState(ctx, tx)
	if err != nil {
		return err
	}
	depth, err := kindDepths(ctx, tx)
	if err != nil {
		return err
	}
	now := s.now()
	if _, err := s.rollGeneration(ctx, tx, st.live, s.zone(st.zone), ids, depth, monthsDelta, now); err != nil {
		return err
	}
	if st.building == 0 {
		return nil
	}
	// Members the rebuild has not reached yet it will read itself.
	passed := ids[:sort.Search(len(ids), func(i int) bool { return ids[i] >= st.cursor })]
	// The rebuild's months may not all be written yet: those that change
	// are made whole from their rows.
	how := monthsNone
	if st.months {
		how = monthsRemake
	}
	changed, err := s.rollGeneration(ctx, tx, st.building, s.zone(st.buildingZone), passed, depth, how, now)
	if err != nil || len(changed) == 0 {
		return err
	}
	// The rebuild counts months as it writes members; these it must make
	// from their rows instead (see rollUpAll).
	args := make([]any, 0, 2*len(changed))
	for m := range changed {
		args = append(args, st.building, int64(m))
	}
	_, err = tx.Exec(ctx, "INSERT INTO participation_rollup_touched (generation, month) VALUES "+
		strings.TrimSuffix(strings.Repeat("(?, ?), ", len(changed)), ", ")+" ON CONFLICT (generation, month) DO NOTHING", args...)
	return err
}

// zone is the location of a generation's months: the one it was built in,
// the configured one for a generation never rebuilt.
func (s *Service) zone(name string) *time.Location {
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return s.location()
}

// How rollGeneration brings the figures of the months that changed up to
// date.
type monthsHow int

const (
	monthsNone   monthsHow = iota // not at all: a rebuild will make them
	monthsRemake                  // each made anew from all its member rows
	monthsDelta                   // the changed rows taken out and put in
)

// rollGeneration rewrites the rows of ids in generation gen from their
// activities and brings the figures of every month that changed up to
// date as how says. It returns the months that changed.
func (s *Service) rollGeneration(ctx context.Context, tx *store.Tx, gen int64, loc *time.Location, ids []int64, depth map[string]int8, how monthsHow, now time.Time) (map[Month]bool, error) {
	if gen == 0 || len(ids) == 0 {
		return nil, nil
	}
	changed := map[Month]bool{}
	// What the changed rows do to each month: their old selves taken
	// out, their new ones put in.
	deltas := map[Month]*monthAcc{}
	delta := func(m Month) *monthAcc {
		changed[m] = true
		d := deltas[m]
		if d == nil {
			d = newMonthAcc(m)
			deltas[m] = d
		}
		return d
	}
	for chunk := range slices.Chunk(ids, memberChunk) {
		old, err := loadMemberMonths(ctx, tx, gen, chunk)
		if err != nil {
			return nil, err
		}
		fresh := map[rowKey]memberMonth{}
		err = rollMembers(ctx, tx, depth, loc, "member_id IN ("+placeholders(len(chunk))+")", toAny(chunk), func(r memberMonth) error {
			fresh[rowKey{r.memberID, r.month}] = r
			return nil
		})
		if err != nil {
			return nil, err
		}
		// Only rows that differ are rewritten: a new activity usually
		// changes one month of each member, not their whole history.
		var gone []rowKey
		var rows []memberMonth
		for k, r := range old {
			if n, ok := fresh[k]; !ok || n != r {
				delta(k.month).remove(r)
				gone = append(gone, k)
			}
		}
		for k, r := range fresh {
			if o, ok := old[k]; !ok || o != r {
				delta(k.month).add(r)
				rows = append(rows, r)
			}
		}
		if err := deleteMemberMonths(ctx, tx, gen, gone); err != nil {
			return nil, err
		}
		if err := insertMemberMonths(ctx, tx, gen, rows); err != nil {
			return nil, err
		}
	}
	for m, d := range deltas {
		var err error
		switch how {
		case monthsRemake:
			err = refreshMonth(ctx, tx, gen, m, now)
		case monthsDelta:
			err = updateMonth(ctx, tx, gen, d, now)
		}
		if err != nil {
			return nil, err
		}
	}
	return changed, nil
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
// member_id) selects, with their fields, rolls them up and hands each
// member month to emit, member by member. It streams: one member's
// activities are held at a time.
func rollMembers(ctx context.Context, tx *store.Tx, depth map[string]int8, loc *time.Location, where string, args []any, emit func(memberMonth) error) error {
	ds := map[int64]dims{}
	rows, err := tx.Query(ctx, "SELECT id, career_stage, country, affiliation FROM members WHERE "+strings.ReplaceAll(where, "member_id", "id"), args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var d dims
		if err := rows.Scan(&id, &d.careerStage, &d.country, &d.affiliation); err != nil {
			rows.Close()
			return err
		}
		ds[id] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.Query(ctx, "SELECT member_id, occurred_at, kind FROM activities WHERE "+where+" ORDER BY member_id, occurred_at", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur int64 = -1
	var acts []act
	var out []memberMonth
	flush := func() error {
		out = appendMemberMonths(out[:0], cur, acts, loc, ds[cur])
		for _, r := range out {
			if err := emit(r); err != nil {
				return err
			}
		}
		acts = acts[:0]
		return nil
	}
	// The kind is read as raw bytes: a map lookup with string(kind)
	// does not allocate, and there is one per activity.
	var id, at int64
	var kind sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &at, &kind); err != nil {
			return err
		}
		if id != cur && len(acts) > 0 {
			if err := flush(); err != nil {
				return err
			}
		}
		cur = id
		d := depth[string(kind)]
		if d == 0 {
			continue // a kind that vanished counts nowhere
		}
		acts = append(acts, act{at: at, depth: d})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(acts) > 0 {
		return flush()
	}
	return nil
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

func loadMemberMonths(ctx context.Context, tx *store.Tx, gen int64, ids []int64) (map[rowKey]memberMonth, error) {
	rows, err := tx.Query(ctx, "SELECT "+memberMonthCols+" FROM participation_member_months WHERE generation = ? AND member_id IN ("+placeholders(len(ids))+")",
		append([]any{gen}, toAny(ids)...)...)
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

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// memberMonthValues fills vals (len(memberMonthColumns)+1) with r's
// values in generation gen, reusing it row after row.
func memberMonthValues(vals []any, gen int64, r memberMonth) []any {
	var fc any
	if r.firstContribution >= 0 {
		fc = int64(r.firstContribution)
	}
	vals[0], vals[1], vals[2], vals[3], vals[4] = gen, r.memberID, int64(r.month), int64(r.deepest), int64(r.modes)
	vals[5], vals[6], vals[7], vals[8] = int64(r.acts[0]), int64(r.acts[1]), int64(r.acts[2]), int64(r.acts[3])
	vals[9], vals[10], vals[11], vals[12], vals[13], vals[14] = int64(r.firstDay), int64(r.lastDay), b2i(r.newcomer), b2i(r.returned30), b2i(r.returned90), fc
	vals[15], vals[16], vals[17] = r.careerStage, r.country, r.affiliation
	return vals
}

// deleteMemberMonths deletes generation gen's rows of keys, a few hundred
// a statement.
func deleteMemberMonths(ctx context.Context, tx *store.Tx, gen int64, keys []rowKey) error {
	for chunk := range slices.Chunk(keys, 400) {
		// The members' ids first, so both engines find the rows by the
		// primary key rather than matching every row against the pairs.
		args := make([]any, 0, 1+3*len(chunk))
		args = append(args, gen)
		for _, k := range chunk {
			args = append(args, k.memberID)
		}
		for _, k := range chunk {
			args = append(args, k.memberID, int64(k.month))
		}
		pairs := strings.TrimSuffix(strings.Repeat("(CAST(? AS BIGINT), CAST(? AS INTEGER)), ", len(chunk)), ", ")
		if _, err := tx.Exec(ctx, "DELETE FROM participation_member_months WHERE generation = ? AND member_id IN ("+placeholders(len(chunk))+
			") AND (member_id, month) IN (VALUES "+pairs+")", args...); err != nil {
			return err
		}
	}
	return nil
}

func insertMemberMonths(ctx context.Context, tx *store.Tx, gen int64, rows []memberMonth) error {
	if len(rows) == 0 {
		return nil
	}
	vals := make([]any, len(memberMonthColumns)+1)
	_, err := tx.InsertMany(ctx, "INSERT INTO participation_member_months (generation, "+memberMonthCols+")", len(vals), func(yield func([]any) bool) {
		for _, r := range rows {
			if !yield(memberMonthValues(vals, gen, r)) {
				return
			}
		}
	})
	return err
}

// refreshMonth makes month m's figures in generation gen anew from its
// member rows.
func refreshMonth(ctx context.Context, tx *store.Tx, gen int64, m Month, now time.Time) error {
	acc := newMonthAcc(m)
	// Only what the month's figures need: a month has tens of thousands
	// of rows at 100,000 members, and a rebuild reads every month.
	rows, err := tx.Query(ctx, `SELECT member_id, deepest, convey, contribute, collaborate, co_create, newcomer, returned_30, returned_90,
		first_contribution_days, career_stage, country, affiliation FROM participation_member_months WHERE generation = ? AND month = ?`, gen, int64(m))
	if err != nil {
		return err
	}
	var r memberMonth
	var newcomer, r30, r90 int
	var fc sql.NullInt64
	for rows.Next() {
		if err := rows.Scan(&r.memberID, &r.deepest, &r.acts[0], &r.acts[1], &r.acts[2], &r.acts[3], &newcomer, &r30, &r90, &fc,
			&r.careerStage, &r.country, &r.affiliation); err != nil {
			rows.Close()
			return err
		}
		r.newcomer, r.returned30, r.returned90 = newcomer == 1, r30 == 1, r90 == 1
		r.firstContribution = -1
		if fc.Valid {
			r.firstContribution = int(fc.Int64)
		}
		acc.add(r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range []string{"participation_months", "participation_month_groups"} {
		if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE generation = ? AND month = ?", gen, int64(m)); err != nil {
			return err
		}
	}
	if acc.row.active == 0 {
		return nil
	}
	return writeMonth(ctx, tx, gen, acc, now)
}

// writeMonth inserts the month's figures and groups into generation gen.
func writeMonth(ctx context.Context, tx *store.Tx, gen int64, acc *monthAcc, now time.Time) error {
	if err := writeMonthRow(ctx, tx, gen, acc, now); err != nil {
		return err
	}
	keys := make([]groupKey, 0, len(acc.groups))
	for k := range acc.groups {
		keys = append(keys, k)
	}
	_, err := tx.InsertMany(ctx, "INSERT INTO participation_month_groups (generation, month, dimension, value, deepest, members, activities)", 7,
		func(yield func([]any) bool) {
			for _, k := range keys {
				g := acc.groups[k]
				if !yield([]any{gen, int64(acc.row.month), k.dimension, k.value, int64(k.deepest), int64(g.members), int64(g.activities)}) {
					return
				}
			}
		})
	return err
}

// writeMonthRow inserts the month's row of figures into generation gen,
// where it has none.
func writeMonthRow(ctx context.Context, tx *store.Tx, gen int64, acc *monthAcc, now time.Time) error {
	r := acc.finish()
	var med any
	if r.firstContribMedian != nil {
		med = *r.firstContribMedian
	}
	_, err := tx.Exec(ctx, `INSERT INTO participation_months (generation, month, active, convey_members, contribute_members, collaborate_members,
		co_create_members, convey_acts, contribute_acts, collaborate_acts, co_create_acts, new_members, returned_30, returned_90,
		top1_acts, top10_acts, half_contributors, first_contributions, first_contribution_median, member_modes, distribution, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		gen, int64(r.month), r.active, r.members[0], r.members[1], r.members[2], r.members[3], r.acts[0], r.acts[1], r.acts[2], r.acts[3],
		r.newMembers, r.returned30, r.returned90, r.top1, r.top10, r.halfContributors, r.firstContributions, med, r.packed, acc.dist.pack(), now.Unix())
	return err
}

// updateMonth brings month delta.row.month of generation gen up to date
// with delta, the changed member rows taken out and put in: its stored
// sums, distributions and members read back, delta added, the figures
// made again; its groups' counts moved by delta's. A month stored without
// a distribution (written before there was one), or one delta would take
// below zero, is made anew from its member rows instead.
func updateMonth(ctx context.Context, tx *store.Tx, gen int64, delta *monthAcc, now time.Time) error {
	m := delta.row.month
	acc := newMonthAcc(m)
	var packed, dist []byte
	r := &acc.row
	err := tx.QueryRow(ctx, `SELECT active, convey_members, contribute_members, collaborate_members, co_create_members, convey_acts,
		contribute_acts, collaborate_acts, co_create_acts, new_members, returned_30, returned_90, member_modes, distribution
		FROM participation_months WHERE generation = ? AND month = ?`, gen, int64(m)).
		Scan(&r.active, &r.members[0], &r.members[1], &r.members[2], &r.members[3], &r.acts[0], &r.acts[1], &r.acts[2], &r.acts[3],
			&r.newMembers, &r.returned30, &r.returned90, &packed, &dist)
	stored := err == nil
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// A month no one was active in until now.
	case err != nil:
		return err
	case dist == nil:
		return refreshMonth(ctx, tx, gen, m, now)
	default:
		if acc.dist, err = unpackDist(dist); err != nil {
			return refreshMonth(ctx, tx, gen, m, now)
		}
		if acc.base, err = unpackMembers(packed); err != nil {
			return refreshMonth(ctx, tx, gen, m, now)
		}
	}
	acc.merge(delta)
	if !acc.consistent() {
		return refreshMonth(ctx, tx, gen, m, now)
	}
	if stored {
		if _, err := tx.Exec(ctx, "DELETE FROM participation_months WHERE generation = ? AND month = ?", gen, int64(m)); err != nil {
			return err
		}
	}
	if acc.row.active > 0 {
		if err := writeMonthRow(ctx, tx, gen, acc, now); err != nil {
			return err
		}
	}
	// The groups: each count moved by the change, and a group no member
	// is left in gone, as a rebuild would not write it.
	keys := make([]groupKey, 0, len(delta.groups))
	for k, g := range delta.groups {
		if g.members != 0 || g.activities != 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	if _, err := tx.InsertManyThen(ctx, "INSERT INTO participation_month_groups (generation, month, dimension, value, deepest, members, activities)",
		` ON CONFLICT (generation, month, dimension, value, deepest) DO UPDATE SET
		members = participation_month_groups.members + excluded.members,
		activities = participation_month_groups.activities + excluded.activities`, 7,
		func(yield func([]any) bool) {
			for _, k := range keys {
				g := delta.groups[k]
				if !yield([]any{gen, int64(m), k.dimension, k.value, int64(k.deepest), int64(g.members), int64(g.activities)}) {
					return
				}
			}
		}); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "DELETE FROM participation_month_groups WHERE generation = ? AND month = ? AND members <= 0", gen, int64(m))
	return err
}

func toAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
