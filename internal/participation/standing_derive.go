package participation

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// kindRule is how a kind counts.
type kindRule struct {
	mode   Mode
	weight int
}

// kindRules are the kinds in a fixed order, each activity's kind read as
// its index (see deriver.columns).
type kindRules struct {
	rules []kindRule
	byKey map[string]kindRule
	keys  []string
}

func loadKindRules(ctx context.Context, q store.Querier) (kindRules, error) {
	kinds, err := listKinds(ctx, q)
	if err != nil {
		return kindRules{}, err
	}
	out := kindRules{byKey: make(map[string]kindRule, len(kinds))}
	for _, k := range kinds {
		r := kindRule{k.Mode, k.Weight}
		out.rules = append(out.rules, r)
		out.keys = append(out.keys, k.Key)
		out.byKey[k.Key] = r
	}
	return out, nil
}

// deriver derives members' standing as their activities stream past,
// ordered by member and time: one Standing per member with activities.
type deriver struct {
	kinds kindRules
	// columns is what each activity is read as: member and time packed in
	// one integer (member_id * 2^32 + occurred_at: times are seconds after
	// 1970 and before 2106) and the kind's index. Two integer columns
	// rather than two and a text cost a third less to read a row.
	columns string
	st      Settings
	loc     *time.Location
	today   Day
	asOf    int64
	// zone caches the community's UTC offset over [zoneFrom, zoneTo):
	// activities of one member come in time order, so most fall in the
	// same offset as the one before and skip time.In.
	zoneFrom, zoneTo int64
	zoneOff          int64
}

func (s *Service) newDeriver(st Settings, kinds kindRules) *deriver {
	now := s.now().Unix()
	var b strings.Builder
	b.WriteString("member_id * 4294967296 + occurred_at, CASE kind")
	for i, k := range kinds.keys {
		// Keys are lower-case letters, digits and underscores (keyPattern).
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", strings.ReplaceAll(k, "'", "''"), i)
	}
	b.WriteString(" ELSE -1 END")
	return &deriver{kinds: kinds, columns: b.String(), st: st, loc: s.Location, today: DayOf(now, s.Location), asOf: now,
		zoneTo: -1 << 62, zoneFrom: 1 << 62}
}

func (d *deriver) day(t int64) Day {
	if d.loc == nil || d.loc == time.UTC {
		return Day(floorDiv(t, 86400))
	}
	if t < d.zoneFrom || t >= d.zoneTo {
		at := time.Unix(t, 0).In(d.loc)
		_, off := at.Zone()
		from, to := at.ZoneBounds()
		d.zoneOff = int64(off)
		d.zoneFrom, d.zoneTo = -1<<62, 1<<62
		if !from.IsZero() {
			d.zoneFrom = from.Unix()
		}
		if !to.IsZero() {
			d.zoneTo = to.Unix()
		}
	}
	return Day(floorDiv(t+d.zoneOff, 86400))
}

// stream reads rows of (member_id, occurred_at, kind) ordered by member
// and time and calls fn with each member's standing.
func (d *deriver) stream(rows *sql.Rows, fn func(Standing) error) error {
	defer rows.Close()
	var (
		acts    []Act
		current int64
		packed  int64
		code    int64
	)
	flush := func() error {
		if len(acts) == 0 {
			return nil
		}
		st := Derive(acts, d.today, d.asOf, d.st)
		st.MemberID = current
		acts = acts[:0]
		return fn(st)
	}
	for rows.Next() {
		if err := rows.Scan(&packed, &code); err != nil {
			return err
		}
		member, at := packed>>32, packed&(1<<32-1)
		if member != current {
			if err := flush(); err != nil {
				return err
			}
			current = member
		}
		var r kindRule // an unknown kind (none should be) counts as nothing
		if code >= 0 && code < int64(len(d.kinds.rules)) {
			r = d.kinds.rules[code]
		}
		acts = append(acts, Act{At: at, Day: d.day(at), Mode: r.mode, Weight: r.weight})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// standingColumns are member_standing's columns in the order standingRow
// gives them.
var standingColumns = []string{"member_id", "mode", "mode_since", "prev_mode", "deepest_mode", "stage", "engagement", "engagement_key",
	"activities", "first_at", "last_at", "computed_at"}

// EngagementKey is log2(engagement) + at/half-life: engagement halves
// every half-life, so the key of a member with no new activity stays the
// same as time passes and rows derived at different moments compare as
// their engagement now does. halfLife is in seconds.
func EngagementKey(engagement float64, at int64, halfLife float64) float64 {
	return math.Log2(max(engagement, math.SmallestNonzeroFloat64)) + float64(at)/halfLife
}

// EngagementAt is engagement at instant now from its key.
func EngagementAt(key float64, now int64, halfLife float64) float64 {
	return math.Exp2(key - float64(now)/halfLife)
}

func standingRow(s *Standing, row []any) []any {
	return append(row[:0], s.MemberID, string(s.Mode), s.ModeSince.String(), string(s.PrevMode), string(s.DeepestMode),
		string(s.Stage), s.Engagement, EngagementKey(s.Engagement, s.ComputedAt, s.halfLife), int64(s.Activities), s.FirstAt, s.LastAt, s.ComputedAt)
}

func standingRows(list []Standing) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		row := make([]any, 0, len(standingColumns))
		for i := range list {
			if !yield(standingRow(&list[i], row)) {
				return
			}
		}
	}
}

// Rederive re-derives the standing of the members named, for anyone who
// changed their activities: Ingest, LogActivity and attendance call it
// after their commit. It reads only those members' activities, so a batch
// of 1,000 activities costs milliseconds, not a pass over everyone.
func (s *Service) Rederive(ctx context.Context, memberIDs ...int64) error {
	if len(memberIDs) == 0 {
		return nil
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error { return s.rederiveTx(ctx, tx, memberIDs) })
	return store.Wrap(err, "Could not update the members' participation.")
}

// rederiveTx is Rederive inside tx.
func (s *Service) rederiveTx(ctx context.Context, tx *store.Tx, memberIDs []int64) error {
	ids := slices.Clone(memberIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	st, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	kinds, err := loadKindRules(ctx, tx)
	if err != nil {
		return err
	}
	d := s.newDeriver(st, kinds)
	for chunk := range slices.Chunk(ids, 500) {
		in := placeholders(len(chunk))
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		var list []Standing
		rows, err := tx.Query(ctx, "SELECT "+d.columns+" FROM activities WHERE member_id IN ("+in+") ORDER BY member_id, occurred_at", args...)
		if err != nil {
			return err
		}
		if err := d.stream(rows, func(st Standing) error { list = append(list, st); return nil }); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM member_standing WHERE member_id IN ("+in+")", args...); err != nil {
			return err
		}
		if _, err := tx.InsertMany(ctx, "INSERT INTO member_standing ("+strings.Join(standingColumns, ", ")+")", len(standingColumns), standingRows(list)); err != nil {
			return err
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

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

// RederiveAll re-derives every member's standing: after the rules
// changed (force) or when the day it was derived for has passed. Without
// force it does nothing when the stored standing is already today's and
// no rule changed since. Activities read in parallel over member ranges,
// the result is written in one transaction; activities that arrived while
// it read are caught up in that transaction. Progress is kept in
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
	var maxID int64
	if err := s.DB.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM activities").Scan(&maxID); err != nil {
		return res, store.Wrap(err, "Could not re-derive participation.")
	}
	if _, err := s.DB.Exec(ctx, "UPDATE participation_standing_state SET running = 1, done = 0, started_at = ? WHERE id = 1", s.now().Unix()); err != nil {
		return res, store.Wrap(err, "Could not re-derive participation.")
	}
	bounds, err := s.memberSplits(ctx, maxID, readers)
	if err != nil {
		return res, err
	}
	storedCh := make(chan storedStanding, 1)
	go func() { storedCh <- s.loadStored(ctx) }()
	parts := make([][]Standing, len(bounds)-1)
	counts := make([]int64, len(bounds)-1)
	errs := make([]error, len(bounds)-1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for i := range parts {
		wg.Go(func() {
			d := s.newDeriver(st, kinds)
			rows, err := s.DB.Query(ctx, "SELECT "+d.columns+" FROM activities WHERE member_id >= ? AND member_id < ? AND id <= ? ORDER BY member_id, occurred_at",
				bounds[i], bounds[i+1], maxID)
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = d.stream(rows, func(one Standing) error {
				parts[i] = append(parts[i], one)
				counts[i] += int64(one.Activities)
				if len(parts[i])%20000 == 0 {
					mu.Lock()
					done += 20000
					n := done
					mu.Unlock()
					// Progress for the kinds page; a failure to record it
					// must not stop the work.
					s.DB.Exec(ctx, "UPDATE participation_standing_state SET done = ? WHERE id = 1", n)
				}
				return nil
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			s.DB.Exec(context.WithoutCancel(ctx), "UPDATE participation_standing_state SET running = 0 WHERE id = 1")
			return res, store.Wrap(err, "Could not re-derive participation.")
		}
	}
	all := slices.Concat(parts...)
	for _, c := range counts {
		res.Activities += c
	}
	res.Members, res.Readers = len(all), len(parts)
	stored := <-storedCh
	if stored.err != nil {
		s.DB.Exec(context.WithoutCancel(ctx), "UPDATE participation_standing_state SET running = 0 WHERE id = 1")
		return res, store.Wrap(stored.err, "Could not re-derive participation.")
	}
	// Only rows that changed are written: engagement_key does not move
	// with time, so on a day that only slides the window most rows stay
	// as they are.
	var changed []Standing
	hadRows := len(stored.rows) > 0
	for i := range all {
		old, ok := stored.rows[all[i].MemberID]
		if !ok || !old.same(&all[i]) {
			changed = append(changed, all[i])
		}
		delete(stored.rows, all[i].MemberID)
	}
	res.Written = len(changed)
	// PostgreSQL takes the rows fastest with COPY, which needs a bulk
	// transaction; on SQLite a bulk transaction's big page cache cost more
	// to give back afterwards (3.6 s of CPU) than 100,000 rows gain from it.
	inTx := s.DB.InTx
	if s.DB.Dialect == store.Postgres {
		inTx = s.DB.InBulkTx
	}
	err = inTx(ctx, func(tx *store.Tx) error {
		// Members whose activities are all gone (merged away) lose their row.
		var gone []int64
		for id := range stored.rows {
			gone = append(gone, id)
		}
		if err := deleteStanding(ctx, tx, gone); err != nil {
			return err
		}
		if hadRows {
			ids := make([]int64, len(changed))
			for i := range changed {
				ids[i] = changed[i].MemberID
			}
			if err := deleteStanding(ctx, tx, ids); err != nil {
				return err
			}
		}
		if _, err := tx.CopyRows(ctx, "member_standing", standingColumns, standingRows(changed)); err != nil {
			return err
		}
		// Activities stored while the pass read: their members again.
		rows, err := tx.Query(ctx, "SELECT DISTINCT member_id FROM activities WHERE id > ?", maxID)
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
		s.DB.Exec(context.WithoutCancel(ctx), "UPDATE participation_standing_state SET running = 0 WHERE id = 1")
		return res, store.Wrap(err, "Could not re-derive participation.")
	}
	res.Took = time.Since(start)
	return res, nil
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

// StandingState is how re-deriving everyone stands.
type StandingState struct {
	RulesSeq   int64     `json:"-"`
	DerivedSeq int64     `json:"-"`
	AsOf       string    `json:"as_of"` // the day the stored standing is for
	Running    bool      `json:"running"`
	Done       int64     `json:"done"`  // members derived so far
	Total      int64     `json:"total"` // members derived by the last full pass
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	TookMS     int64     `json:"took_ms"`
}

// Pending reports whether the rules changed since everyone was last
// re-derived.
func (st StandingState) Pending() bool { return st.DerivedSeq < st.RulesSeq }

// StandingState reads participation_standing_state.
func (s *Service) StandingState(ctx context.Context) (StandingState, error) {
	var st StandingState
	var running int
	var started, finished int64
	err := s.DB.QueryRow(ctx, "SELECT rules_seq, derived_seq, as_of, running, done, total, started_at, finished_at, took_ms FROM participation_standing_state WHERE id = 1").
		Scan(&st.RulesSeq, &st.DerivedSeq, &st.AsOf, &running, &st.Done, &st.Total, &started, &finished, &st.TookMS)
	st.Running = running != 0
	if started > 0 {
		st.StartedAt = time.Unix(started, 0).UTC()
	}
	if finished > 0 {
		st.FinishedAt = time.Unix(finished, 0).UTC()
	}
	return st, store.Wrap(err, "Could not read how far participation is derived.")
}

// MarkRulesChanged records that the rules changed, so the next
// re-derivation of everyone is forced; app's RulesChanged calls it before
// enqueueing the job. It returns the derived_seq the job is deduplicated
// on: changes made before the job runs share one job.
func (s *Service) MarkRulesChanged(ctx context.Context) (int64, error) {
	var derived int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE participation_standing_state SET rules_seq = rules_seq + 1 WHERE id = 1"); err != nil {
			return err
		}
		return tx.QueryRow(ctx, "SELECT derived_seq FROM participation_standing_state WHERE id = 1").Scan(&derived)
	})
	return derived, store.Wrap(err, "Could not record the change of participation rules.")
}

// RederiveNowMax is how many members a batch of activities may touch for
// their standing to be re-derived before the batch returns (about half a
// second at 50 activities a member). A bigger batch, an import of a
// whole community, hands the work to the background pass over everyone,
// which reads in parallel and costs less per member.
const RederiveNowMax = 2000

// rederiveTouched re-derives the members new activities touched, after
// their commit. The activities are kept whatever happens here: when it
// fails, or the batch touched more than RederiveNowMax members, the rules
// are marked changed and RulesChanged runs, so the background pass
// re-derives everyone, rather than failing a batch that was stored.
func (s *Service) rederiveTouched(ctx context.Context, ids []int64) {
	if len(ids) <= RederiveNowMax && s.Rederive(ctx, ids...) == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	if s.RulesChanged != nil && s.RulesChanged(ctx) == nil {
		return
	}
	s.DB.Exec(ctx, "UPDATE participation_standing_state SET rules_seq = rules_seq + 1 WHERE id = 1")
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

// deleteStanding deletes the rows of members ids.
func deleteStanding(ctx context.Context, tx *store.Tx, ids []int64) error {
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		if _, err := tx.Exec(ctx, "DELETE FROM member_standing WHERE member_id IN ("+placeholders(len(chunk))+")", args...); err != nil {
			return err
		}
	}
	return nil
}
