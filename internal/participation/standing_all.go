package participation

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Re-deriving everyone: after a change of rules and each day as the
// window slides. Two readers each derive half the members as their
// activities stream past, one member a row (activitiesByMember), and
// hand the rows that changed to one writer, which writes them in
// transactions of writeChunk rows while the readers go on.

// Recompute is what one re-derivation of everyone did.
type Recompute struct {
	Members    int           `json:"members"`    // members with activities, derived
	Activities int64         `json:"activities"` // activities read
	Readers    int           `json:"readers"`
	Written    int           `json:"written"` // rows that changed and were written
	Took       time.Duration `json:"took"`
	Skipped    bool          `json:"skipped"` // nothing had changed since the last one today
}

// readers is how many member ranges a re-derivation of everyone reads at
// once, each on its own connection.
const readers = 2

// writeChunk is how many changed rows one transaction of a pass writes:
// about 0.08 s of SQLite's one writer (92,387 rows took 1.4 s of CPU), so
// a batch of activities arriving meanwhile never waits behind the whole
// write, which held the writer for 2 s in one transaction before.
const writeChunk = 5000

// RederiveAll re-derives every member's standing: after the rules
// changed (force) or when the day it was derived for has passed. Without
// force it does nothing when the stored standing is already today's and
// no rule changed since. Activities are read in parallel over member
// ranges; only rows that differ from the stored ones are written, in
// transactions of writeChunk rows while the reading goes on. Activities
// that arrived while it read are caught up at the end, in the transaction
// that records the pass done. Progress is kept in
// participation_standing_state for the kinds page.
func (s *Service) RederiveAll(ctx context.Context, force bool) (Recompute, error) {
	start := time.Now()
	var res Recompute
	state, err := s.StandingState(ctx)
	if err != nil {
		return res, err
	}
	today := DayOf(s.now().Unix(), s.Location)
	if !force && state.DerivedSeq >= state.RulesSeq && state.AsOf == today.String() {
		res.Skipped = true
		return res, nil
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return res, err
	}
	kinds, err := loadKindRules(ctx, s.DB)
	if err != nil {
		return res, err
	}
	fail := func(err error) (Recompute, error) {
		s.DB.Exec(context.WithoutCancel(ctx), "UPDATE participation_standing_state SET running = 0 WHERE id = 1")
		return res, store.Wrap(err, "Could not re-derive participation.")
	}
	var maxID int64
	if err := s.DB.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM activities").Scan(&maxID); err != nil {
		return res, store.Wrap(err, "Could not re-derive participation.")
	}
	if _, err := s.DB.Exec(ctx, "UPDATE participation_standing_state SET running = 1, done = 0, started_at = ? WHERE id = 1", s.now().Unix()); err != nil {
		return res, store.Wrap(err, "Could not re-derive participation.")
	}
	bounds, err := s.memberSplits(ctx, maxID, readers)
	if err != nil {
		return fail(err)
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// The stored rows load beside the readers; a reader never waits for
	// them while it holds its connection (see deriveRange), so a read pool
	// of readers connections cannot deadlock.
	storedReady := make(chan struct{})
	var storedRows storedStanding
	go func() { storedRows = s.loadStored(ctx); close(storedReady) }()

	// The writer: one transaction per chunk of changed rows.
	chunks := make(chan changedChunk, readers)
	written := make(chan error, 1)
	go func() {
		var err error
		for c := range chunks {
			if err == nil {
				if err = s.writeStanding(ctx, c); err != nil {
					cancel(err)
				}
			}
		}
		written <- err
	}()

	n := len(bounds) - 1
	derived := make([][]int64, n) // each reader's members, ascending
	counts := make([]int64, n)
	sent := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for i := range n {
		wg.Go(func() {
			errs[i] = s.deriveRange(ctx, st, kinds, bounds[i], bounds[i+1], storedReady, &storedRows, func(c changedChunk) error {
				sent[i] += len(c.rows)
				select {
				case chunks <- c:
					return nil
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			}, func(one *Standing) {
				derived[i] = append(derived[i], one.MemberID)
				counts[i] += int64(one.Activities)
				if len(derived[i])%20000 == 0 {
					mu.Lock()
					done += 20000
					n := done
					mu.Unlock()
					// Progress for the kinds page; a failure to record it
					// must not stop the work.
					s.DB.Exec(ctx, "UPDATE participation_standing_state SET done = ? WHERE id = 1", n)
				}
			})
			if errs[i] != nil {
				cancel(errs[i])
			}
		})
	}
	wg.Wait()
	close(chunks)
	werr := <-written
	if err := context.Cause(ctx); err != nil && err != context.Canceled {
		return fail(err)
	}
	<-storedReady
	for _, err := range append(errs, werr, storedRows.err) {
		if err != nil {
			return fail(err)
		}
	}
	all := slices.Concat(derived...)
	for i := range n {
		res.Activities += counts[i]
		res.Written += sent[i]
	}
	res.Members, res.Readers = len(all), n

	// Members whose activities are all gone (merged away) lose their row.
	var gone []int64
	for id := range storedRows.rows {
		if _, found := slices.BinarySearch(all, id); !found {
			gone = append(gone, id)
		}
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := deleteStanding(ctx, tx, gone); err != nil {
			return err
		}
		// Activities stored while the pass read: their members again,
		// after every chunk, so a chunk derived before they arrived
		// cannot leave them stale.
		// Not DISTINCT: SQLite then walks the whole member index for
		// the distinct members rather than the few newest ids (0.4 s).
		rows, err := tx.Query(ctx, "SELECT member_id FROM activities WHERE id > ?", maxID)
		if err != nil {
			return err
		}
		var late []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			late = append(late, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := s.rederiveTx(ctx, tx, late); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "UPDATE participation_standing_state SET running = 0, derived_seq = ?, as_of = ?, done = ?, total = ?, finished_at = ?, took_ms = ? WHERE id = 1",
			state.RulesSeq, today.String(), len(all), len(all), s.now().Unix(), time.Since(start).Milliseconds())
		return err
	})
	if err != nil {
		return fail(err)
	}
	res.Took = time.Since(start)
	return res, nil
}

// changedChunk is rows of a pass that differ from the stored ones, and
// which of their members had a row to replace.
type changedChunk struct {
	rows     []Standing
	replaced []int64
}

// deriveRange derives the members in [from, to) from their activities,
// compares them with the stored rows once those have loaded (storedReady
// closed), calls each with every member derived and send with each
// writeChunk rows that changed (and the last few).
func (s *Service) deriveRange(ctx context.Context, st Settings, kinds kindRules, from, to int64,
	storedReady <-chan struct{}, stored *storedStanding, send func(changedChunk) error, each func(*Standing)) error {
	d := s.newDeriver(st, kinds)
	// Activities after maxID may be read too: their members are derived
	// again at the end anyway, and leaving id out of the condition saves
	// reading it from 5,000,000 index entries.
	rows, err := s.DB.Query(ctx, activitiesByMember(s.DB.Dialect, "member_id >= ? AND member_id < ?"), from, to)
	if err != nil {
		return err
	}
	var c changedChunk
	// Members derived before the stored rows have loaded wait here.
	var early []Standing
	compare := func(one *Standing) error {
		prev, ok := stored.rows[one.MemberID]
		if ok && prev.same(one) {
			return nil
		}
		// Only rows that changed are written: engagement_key does not
		// move with time, so on a day that only slides the window most
		// rows stay as they are.
		c.rows = append(c.rows, *one)
		if ok {
			c.replaced = append(c.replaced, one.MemberID)
		}
		if len(c.rows) < writeChunk {
			return nil
		}
		err := send(c)
		c = changedChunk{}
		return err
	}
	flushEarly := func() error {
		for i := range early {
			if err := compare(&early[i]); err != nil {
				return err
			}
		}
		early = nil
		return nil
	}
	err = d.stream(rows, func(one Standing) error {
		each(&one)
		select {
		case <-storedReady:
		default:
			early = append(early, one)
			return nil
		}
		if stored.err != nil {
			return stored.err
		}
		if err := flushEarly(); err != nil {
			return err
		}
		return compare(&one)
	})
	if err != nil {
		return err
	}
	// The rows are closed: waiting now holds no connection.
	select {
	case <-storedReady:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	if stored.err != nil {
		return stored.err
	}
	if err := flushEarly(); err != nil {
		return err
	}
	if len(c.rows) == 0 {
		return nil
	}
	return send(c)
}

// writeStanding writes one chunk of changed rows in its own transaction,
// a checked bulk one: COPY on PostgreSQL, and on SQLite no foreign key
// lookup and statement journal per row (a third of the write's CPU). The
// check is here: rows of members deleted since they were read (merged
// away) are left out, inside the transaction that holds the write lock.
func (s *Service) writeStanding(ctx context.Context, c changedChunk) error {
	return s.DB.InCheckedBulkTx(ctx, func(tx *store.Tx) error {
		ids := make([]int64, len(c.rows))
		for i := range c.rows {
			ids[i] = c.rows[i].MemberID
		}
		cond, arg := store.AnyOfCond(tx.Dialect, "id", ids)
		rows, err := tx.Query(ctx, "SELECT id FROM members WHERE "+cond, arg)
		if err != nil {
			return err
		}
		exists := make(map[int64]bool, len(ids))
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			exists[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := deleteStanding(ctx, tx, c.replaced); err != nil {
			return err
		}
		keep := slices.DeleteFunc(c.rows, func(st Standing) bool { return !exists[st.MemberID] })
		_, err = tx.CopyRows(ctx, "member_standing", standingColumns, standingRows(keep))
		return err
	})
}

// memberSplits cuts the members with activities into n ranges holding
// about as many activities each: it samples the member of activities
// spread evenly over the id range (a few dozen index lookups) rather than
// counting. The last bound is past every member.
func (s *Service) memberSplits(ctx context.Context, maxID int64, n int) ([]int64, error) {
	var minID int64
	if err := s.DB.QueryRow(ctx, "SELECT COALESCE(MIN(id), 0) FROM activities").Scan(&minID); err != nil {
		return nil, store.Wrap(err, "Could not re-derive participation.")
	}
	const samples = 64
	var seen []int64
	for i := range samples {
		id := minID + (maxID-minID)*int64(i)/samples
		var m int64
		err := s.DB.QueryRow(ctx, "SELECT member_id FROM activities WHERE id >= ? ORDER BY id LIMIT 1", id).Scan(&m)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, store.Wrap(err, "Could not re-derive participation.")
		}
		seen = append(seen, m)
	}
	sort.Slice(seen, func(i, j int) bool { return seen[i] < seen[j] })
	bounds := []int64{0}
	for k := 1; k < n && len(seen) > 0; k++ {
		b := seen[len(seen)*k/n]
		if b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	return append(bounds, 1<<62), nil
}

// storedRow is what a member_standing row holds that a pass compares.
type storedRow struct {
	mode, since, prev, deepest, stage string
	key                               float64
	activities                        int
	first, last                       int64
}

// same reports whether s derives the row as it is stored. Keys are
// compared to 1e-9: the same history gives the same key up to rounding.
func (r storedRow) same(s *Standing) bool {
	d := r.key - EngagementKey(s.Engagement, s.ComputedAt, s.halfLife)
	return r.mode == string(s.Mode) && r.since == s.ModeSince.String() && r.prev == string(s.PrevMode) &&
		r.deepest == string(s.DeepestMode) && r.stage == string(s.Stage) && r.activities == s.Activities &&
		r.first == s.FirstAt && r.last == s.LastAt && d < 1e-9 && d > -1e-9
}

type storedStanding struct {
	rows map[int64]storedRow
	err  error
}

// loadStored reads every stored row, for a pass to compare against.
func (s *Service) loadStored(ctx context.Context) storedStanding {
	out := storedStanding{rows: map[int64]storedRow{}}
	rows, err := s.DB.Query(ctx, "SELECT member_id, mode, mode_since, prev_mode, deepest_mode, stage, engagement_key, activities, first_at, last_at FROM member_standing")
	if err != nil {
		out.err = err
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r storedRow
		if err := rows.Scan(&id, &r.mode, &r.since, &r.prev, &r.deepest, &r.stage, &r.key, &r.activities, &r.first, &r.last); err != nil {
			out.err = err
			return out
		}
		out.rows[id] = r
	}
	out.err = rows.Err()
	return out
}
