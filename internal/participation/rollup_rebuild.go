package participation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"slices"
	"sync/atomic"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Rebuilding the whole roll-up (RollUpAll) reads every activity: minutes
// for millions of them. Done in one transaction it held SQLite's one writer
// all that time, and every import, ingest and edit waited. So it builds a
// new generation of the roll-up beside the live one, members a range at a
// time, each range its own short transaction; readers keep seeing the live
// generation, whole and consistent, until one short transaction makes the
// new one live. Incremental roll-ups (RollUp) meanwhile write the members
// the rebuild has already passed into both generations, so a change made
// during the rebuild is not lost; a second rebuild supersedes the first,
// and a crash leaves a half-built generation that the next rebuild clears.

// rebuildActivities is about how many activities one range of a rebuild
// reads: a range is as many members as have that many between them (one
// member at least). Ranges of member ids were uneven: in a real community
// a few members do most, and the first 2,000 ids of the benchmark's held a
// quarter of its 5,000,000 activities, 9 s of the writer. 100,000 take
// about half a second of CPU.
const rebuildActivities = 100_000

// dropSpan is how many member ids one transaction of dropping an old
// generation covers: at most 25 months each, 50,000 rows.
const dropSpan = 2_000

// liveGeneration is the generation readers see, for their WHERE clause.
const liveGeneration = "(SELECT live_generation FROM participation_rollup_state WHERE id = 1)"

// rollUpState is participation_rollup_state.
type rollUpState struct {
	live         int64  // the generation readers see
	zone         string // its months' time zone; "" when never rebuilt
	rebuiltAt    int64
	building     int64 // the generation a rebuild is writing, 0 for none
	buildingZone string
	cursor       int64 // members with ids below it are in building
	months       bool  // building's member rows are all written; its months are being made
	since        int64
}

func readRollUpState(ctx context.Context, q store.Querier) (rollUpState, error) {
	var st rollUpState
	var months int
	err := q.QueryRow(ctx, `SELECT live_generation, time_zone, rebuilt_at, building_generation, building_zone, building_cursor,
		building_months, building_since FROM participation_rollup_state WHERE id = 1`).
		Scan(&st.live, &st.zone, &st.rebuiltAt, &st.building, &st.buildingZone, &st.cursor, &months, &st.since)
	st.months = months == 1
	if errors.Is(err, sql.ErrNoRows) {
		return st, errors.New("participation_rollup_state has no row: migration 0023 not applied")
	}
	return st, err
}

// RollUpStatus says whether the figures over time are whole.
type RollUpStatus struct {
	// Built is false until the roll-up was first built in the community's
	// time zone: the figures shown may be missing months or count them in
	// another zone.
	Built bool
	// Rebuilding is set while a rebuild runs (or waits to be resumed
	// after a crash); the figures shown are those from before it.
	Rebuilding bool
	// Since is when the running rebuild started.
	Since time.Time
	// RebuiltAt is when the figures were last rebuilt whole.
	RebuiltAt time.Time
}

// Stale reports whether the roll-up needs rebuilding whole: never built,
// built in another time zone than the one configured now, or a rebuild
// left unfinished.
func (st RollUpStatus) Stale() bool { return !st.Built || st.Rebuilding }

// RollUpStatus reads whether the figures over time are built and whether
// a rebuild is under way, for the pages to say so.
func (s *Service) RollUpStatus(ctx context.Context) (RollUpStatus, error) {
	st, err := readRollUpState(ctx, s.DB)
	if err != nil {
		return RollUpStatus{}, store.Wrap(err, "Could not read the participation figures' state.")
	}
	out := RollUpStatus{Built: st.zone == s.location().String(), Rebuilding: st.building != 0, RebuiltAt: time.Unix(st.rebuiltAt, 0)}
	if out.Rebuilding {
		out.Since = time.Unix(st.since, 0)
	}
	return out, nil
}

// RollUpAll rebuilds the whole roll-up from every activity: after a kind's
// mode changes, a kind is added, or the community's time zone changes. It
// runs as many short transactions (see the top of this file); readers see
// the old figures until the new ones are whole. A rebuild started while
// this one runs takes over, and this one returns nil at its next step.
func (s *Service) RollUpAll(ctx context.Context) error {
	err := s.rollUpAll(ctx)
	if errors.Is(err, errSuperseded) {
		return nil
	}
	return store.Wrap(err, "Could not rebuild the participation figures.")
}

// errSuperseded stops a rebuild another rebuild took over.
var errSuperseded = errors.New("superseded by a newer rebuild")

// lastRebuildLongest is the longest transaction of the last rebuild this
// process finished, and which step it was.
var lastRebuildLongest atomic.Value // longestStep

type longestStep struct {
	took time.Duration
	what string
}

// LastRebuildLongestTx is the longest single transaction of the last
// RollUpAll this process finished, and which step it was, for benchmarks
// and the log: how long it held the writer at most.
func LastRebuildLongestTx() (time.Duration, string) {
	l, _ := lastRebuildLongest.Load().(longestStep)
	return l.took, l.what
}

func (s *Service) rollUpAll(ctx context.Context) error {
	loc := s.location()
	var longest time.Duration
	var longestWhat string
	step := func(what string, bulk bool, fn func(tx *store.Tx) error) error {
		start := time.Now()
		in := s.DB.InTx
		if bulk {
			in = s.DB.InBulkTx
		}
		err := in(ctx, fn)
		if d := time.Since(start); d > longest {
			longest, longestWhat = d, what
		}
		return err
	}
	// Start: claim the next generation.
	var gen, lo, hi int64
	err := step("start", false, func(tx *store.Tx) error {
		if err := lockRollUp(ctx, tx); err != nil {
			return err
		}
		st, err := readRollUpState(ctx, tx)
		if err != nil {
			return err
		}
		gen = max(st.live, st.building) + 1
		var l, h sql.NullInt64
		// Two subqueries: SQLite reads a lone MIN or MAX from the index's
		// ends, but MIN and MAX together by scanning all of it (3 s here).
		if err := tx.QueryRow(ctx, "SELECT (SELECT MIN(member_id) FROM activities), (SELECT MAX(member_id) FROM activities)").Scan(&l, &h); err != nil {
			return err
		}
		lo, hi = l.Int64, h.Int64
		if !l.Valid {
			lo, hi = 1, 0
		}
		_, err = tx.Exec(ctx, `UPDATE participation_rollup_state SET building_generation = ?, building_zone = ?, building_cursor = ?,
			building_months = 0, building_since = ? WHERE id = 1`, gen, loc.String(), lo, s.now().Unix())
		return err
	})
	if err != nil {
		return err
	}
	// What an earlier rebuild left (a crash, one superseded) goes first.
	if err := s.dropGenerations(ctx, step, gen); err != nil {
		return err
	}
	// checkOwn stops this rebuild when another has taken over.
	checkOwn := func(ctx context.Context, tx *store.Tx) (rollUpState, error) {
		if err := lockRollUp(ctx, tx); err != nil {
			return rollUpState{}, err
		}
		st, err := readRollUpState(ctx, tx)
		if err == nil && st.building != gen {
			err = errSuperseded
		}
		return st, err
	}
	// The members, range by range.
	per := s.RebuildActivities
	if per <= 0 {
		per = rebuildActivities
	}
	vals := make([]any, len(memberMonthColumns)+1)
	// Each month's figures are counted as its members are written; a
	// month an incremental roll-up changed meanwhile is made from its rows
	// instead (participation_rollup_touched).
	accs := map[Month]*monthAcc{}
	var months []Month
	for from := lo; ; {
		for from <= hi {
			if s.RebuildStep != nil {
				s.RebuildStep(ctx, from, hi)
			}
			var to int64
			err := step(fmt.Sprintf("members from %d", from), true, func(tx *store.Tx) error {
				if _, err := checkOwn(ctx, tx); err != nil {
					return err
				}
				// The range ends at the member holding the per-th
				// activity from here, who starts the next.
				err := tx.QueryRow(ctx, "SELECT member_id FROM activities WHERE member_id >= ? ORDER BY member_id LIMIT 1 OFFSET ?", from, per).Scan(&to)
				if errors.Is(err, sql.ErrNoRows) {
					to = hi + 1
				} else if err != nil {
					return err
				}
				to = max(to, from+1)
				depth, err := kindDepths(ctx, tx)
				if err != nil {
					return err
				}
				var rows []memberMonth
				err = rollMembers(ctx, tx, depth, loc, "member_id >= ? AND member_id < ?", []any{from, to}, func(r memberMonth) error {
					rows = append(rows, r)
					return nil
				})
				if err != nil {
					return err
				}
				if _, err := tx.CopyRows(ctx, "participation_member_months", append([]string{"generation"}, memberMonthColumns...), func(yield func([]any) bool) {
					for _, r := range rows {
						if !yield(memberMonthValues(vals, gen, r)) {
							return
						}
					}
				}); err != nil {
					return err
				}
				for _, r := range rows {
					acc := accs[r.month]
					if acc == nil {
						acc = newMonthAcc(r.month)
						accs[r.month] = acc
					}
					acc.add(r)
				}
				_, err = tx.Exec(ctx, "UPDATE participation_rollup_state SET building_cursor = ? WHERE id = 1", to)
				return err
			})
			if err != nil {
				return err
			}
			from = to
		}
		// Every member is in, unless members beyond the last range got
		// their first activities meanwhile: then their ranges first. From
		// the commit below on, incremental roll-ups make the months they
		// change themselves, and this makes the rest, a month a
		// transaction.
		more := false
		err = step("members done", false, func(tx *store.Tx) error {
			if _, err := checkOwn(ctx, tx); err != nil {
				return err
			}
			var top sql.NullInt64
			if err := tx.QueryRow(ctx, "SELECT MAX(member_id) FROM activities").Scan(&top); err != nil {
				return err
			}
			if more = top.Int64 >= from; more {
				hi = top.Int64
				return nil
			}
			rows, err := tx.Query(ctx, "SELECT month FROM participation_rollup_touched WHERE generation = ?", gen)
			if err != nil {
				return err
			}
			for rows.Next() {
				var m Month
				if err := rows.Scan(&m); err != nil {
					rows.Close()
					return err
				}
				if accs[m] == nil {
					accs[m] = newMonthAcc(m)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			months = slices.Sorted(maps.Keys(accs))
			_, err = tx.Exec(ctx, "UPDATE participation_rollup_state SET building_cursor = ?, building_months = 1 WHERE id = 1", int64(math.MaxInt64))
			return err
		})
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	for _, m := range months {
		if s.RebuildStep != nil {
			s.RebuildStep(ctx, hi+1, hi)
		}
		if err := step("month "+m.String(), false, func(tx *store.Tx) error {
			if _, err := checkOwn(ctx, tx); err != nil {
				return err
			}
			var touched int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM participation_rollup_touched WHERE generation = ? AND month = ?", gen, int64(m)).Scan(&touched); err != nil {
				return err
			}
			if touched > 0 {
				return refreshMonth(ctx, tx, gen, m, s.now())
			}
			for _, t := range []string{"participation_months", "participation_month_groups"} {
				if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE generation = ? AND month = ?", gen, int64(m)); err != nil {
					return err
				}
			}
			return writeMonth(ctx, tx, gen, accs[m], s.now())
		}); err != nil {
			return err
		}
	}
	// The swap: one short transaction.
	var old int64
	err = step("swap", false, func(tx *store.Tx) error {
		st, err := checkOwn(ctx, tx)
		if err != nil {
			return err
		}
		old = st.live
		if _, err := tx.Exec(ctx, "DELETE FROM participation_rollup_touched WHERE generation = ?", gen); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE participation_rollup_state SET live_generation = ?, time_zone = building_zone, rebuilt_at = ?,
			building_generation = 0, building_zone = '', building_cursor = 0, building_months = 0, building_since = 0 WHERE id = 1`,
			gen, s.now().Unix())
		return err
	})
	if err != nil {
		return err
	}
	if err := s.dropGenerations(ctx, step, gen); err != nil {
		return err
	}
	lastRebuildLongest.Store(longestStep{longest, longestWhat})
	slog.Debug("rebuilt the participation roll-up", slog.Int64("generation", gen), slog.Int64("replaced", old),
		slog.Duration("longest_tx", longest), slog.String("longest_step", longestWhat))
	return s.DB.Analyze(ctx, "participation_member_months", "participation_months", "participation_month_groups")
}

// dropGenerations deletes the roll-up rows of every generation but keep
// and the live one, the member rows a range of members a transaction.
func (s *Service) dropGenerations(ctx context.Context, step func(string, bool, func(*store.Tx) error) error, keep int64) error {
	for {
		var gen int64
		var found bool
		err := step("drop", false, func(tx *store.Tx) error {
			if err := lockRollUp(ctx, tx); err != nil {
				return err
			}
			st, err := readRollUpState(ctx, tx)
			if err != nil {
				return err
			}
			// Only generations that no one can be writing: not the live
			// one, not keep, not one a newer rebuild is writing.
			err = tx.QueryRow(ctx, `SELECT generation FROM participation_member_months WHERE generation NOT IN (?, ?, ?)
				UNION SELECT generation FROM participation_months WHERE generation NOT IN (?, ?, ?) LIMIT 1`,
				st.live, keep, st.building, st.live, keep, st.building).Scan(&gen)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			found = err == nil
			if err != nil {
				return err
			}
			for _, t := range []string{"participation_months", "participation_month_groups", "participation_rollup_touched"} {
				if _, err := tx.Exec(ctx, "DELETE FROM "+t+" WHERE generation = ?", gen); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || !found {
			return err
		}
		var lo, hi sql.NullInt64
		if err := s.DB.QueryRow(ctx, `SELECT (SELECT MIN(member_id) FROM participation_member_months WHERE generation = ?),
			(SELECT MAX(member_id) FROM participation_member_months WHERE generation = ?)`, gen, gen).Scan(&lo, &hi); err != nil {
			return err
		}
		for from := lo.Int64; lo.Valid && from <= hi.Int64; from += dropSpan {
			if err := step(fmt.Sprintf("drop members from %d", from), false, func(tx *store.Tx) error {
				_, err := tx.Exec(ctx, "DELETE FROM participation_member_months WHERE generation = ? AND member_id >= ? AND member_id < ?",
					gen, from, from+dropSpan)
				return err
			}); err != nil {
				return err
			}
		}
	}
}

// RollUpIfStale rebuilds the roll-up when it was never built, was built
// in another time zone than the one configured now, or a rebuild was left
// unfinished, and reports whether it did. Trellis queues the rebuild as a
// job at start instead (see RollUpStatus); this is for tools that run no
// jobs.
func (s *Service) RollUpIfStale(ctx context.Context) (bool, error) {
	st, err := s.RollUpStatus(ctx)
	if err != nil || !st.Stale() {
		return false, err
	}
	return true, s.RollUpAll(ctx)
}
