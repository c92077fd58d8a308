package participation

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// kindRule is how a kind counts.
type kindRule struct {
	mode   Mode
	weight int
}

// kindRules are how each kind counts, by key.
type kindRules struct {
	byKey map[string]kindRule
}

func loadKindRules(ctx context.Context, q store.Querier) (kindRules, error) {
	kinds, err := listKinds(ctx, q)
	if err != nil {
		return kindRules{}, err
	}
	out := kindRules{byKey: make(map[string]kindRule, len(kinds))}
	for _, k := range kinds {
		out.byKey[k.Key] = kindRule{k.Mode, k.Weight}
	}
	return out, nil
}

// deriver derives members' standing from their activities, read one
// member a row (see activitiesByMember).
type deriver struct {
	kinds kindRules
	st    Settings
	loc   *time.Location
	today Day
	asOf  int64
	// zone caches the community's UTC offset over [zoneFrom, zoneTo):
	// activities of one member come in time order, so most fall in the
	// same offset as the one before and skip time.In.
	zoneFrom, zoneTo int64
	zoneOff          int64
	acts             []Act // one member's, reused member after member
}

func (s *Service) newDeriver(st Settings, kinds kindRules) *deriver {
	now := s.now().Unix()
	return &deriver{kinds: kinds, st: st, loc: s.Location, today: DayOf(now, s.Location), asOf: now,
		zoneTo: -1 << 62, zoneFrom: 1 << 62}
}

// activitiesByMember is the query that reads the activities matching
// where one member a row, in member order: the member, their activities'
// times and their kinds, each a comma-separated list, the two in the same
// order. SQLite's group_concat walks the member index in (member, time)
// order and hands Go one row per member, not per activity: reading
// 5,000,000 activities this way cost 2.0 s of CPU against 4.9 s row by
// row, half of that spent on a CASE turning each kind into a number and
// the rest on database/sql's per-row work. The lists' order is the
// index's in practice but not promised, so deriver.parse sorts a list
// that comes out of order.
func activitiesByMember(d store.Dialect, where string) string {
	if d == store.Postgres {
		return "SELECT member_id, string_agg(occurred_at::text, ','), string_agg(kind, ',') FROM activities WHERE " + where +
			" GROUP BY member_id ORDER BY member_id"
	}
	return "SELECT member_id, group_concat(occurred_at), group_concat(kind) FROM activities WHERE " + where +
		" GROUP BY member_id ORDER BY member_id"
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

// parse turns one member's lists of times and kinds into their
// activities in time order. An unknown kind (none should be) counts as
// nothing. The slice is reused by the next call. It reads the digits
// itself and looks a kind up only when it differs from the one before:
// it runs for every activity of a pass over everyone, and strconv with a
// map lookup each cost twice as much.
func (d *deriver) parse(ats, kinds string) ([]Act, error) {
	acts := d.acts[:0]
	sorted := true
	var lastKind string
	var rule kindRule
	if strings.HasSuffix(ats, ",") {
		return nil, fmt.Errorf("the activity times end with a comma")
	}
	for i, k := 0, 0; i < len(ats); {
		neg := ats[i] == '-'
		if neg {
			i++
		}
		start := i
		var t int64
		for ; i < len(ats) && ats[i] != ','; i++ {
			c := ats[i] - '0'
			if c > 9 || i-start >= 18 {
				return nil, fmt.Errorf("activity time %q is not a whole number of seconds", ats[start:min(i+1, len(ats))])
			}
			t = t*10 + int64(c)
		}
		if i == start {
			return nil, fmt.Errorf("an activity time is empty")
		}
		i++ // the comma
		if neg {
			t = -t
		}
		end := strings.IndexByte(kinds[min(k, len(kinds)):], ',')
		if end < 0 {
			end = len(kinds) - min(k, len(kinds))
		}
		kind := kinds[min(k, len(kinds)) : min(k, len(kinds))+end]
		k += end + 1
		if kind != lastKind || len(acts) == 0 {
			lastKind, rule = kind, d.kinds.byKey[kind]
		}
		if n := len(acts); n > 0 && t < acts[n-1].At {
			sorted = false
		}
		acts = append(acts, Act{At: t, Day: d.day(t), Mode: rule.mode, Weight: rule.weight})
	}
	if !sorted {
		slices.SortStableFunc(acts, func(a, b Act) int { return cmp.Compare(a.At, b.At) })
	}
	d.acts = acts
	return acts, nil
}

// stream reads the rows of activitiesByMember and calls fn with each
// member's standing.
func (d *deriver) stream(rows *sql.Rows, fn func(Standing) error) error {
	defer rows.Close()
	var (
		member     int64
		ats, kinds string
	)
	for rows.Next() {
		if err := rows.Scan(&member, &ats, &kinds); err != nil {
			return err
		}
		acts, err := d.parse(ats, kinds)
		if err != nil {
			return fmt.Errorf("member %d: %w", member, err)
		}
		st := Derive(acts, d.today, d.asOf, d.st)
		st.MemberID = member
		if err := fn(st); err != nil {
			return err
		}
	}
	return rows.Err()
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
// after their commit. It reads only those members' activities, in one
// query, so a batch of 1,000 activities costs milliseconds, not a pass
// over everyone.
func (s *Service) Rederive(ctx context.Context, memberIDs ...int64) error {
	if len(memberIDs) == 0 {
		return nil
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error { return s.rederiveTx(ctx, tx, memberIDs) })
	return store.Wrap(err, "Could not update the members' participation.")
}

// rederiveTx is Rederive inside tx.
func (s *Service) rederiveTx(ctx context.Context, tx *store.Tx, memberIDs []int64) error {
	if len(memberIDs) == 0 {
		return nil
	}
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
	cond, arg := store.AnyOfCond(tx.Dialect, "member_id", ids)
	rows, err := tx.Query(ctx, activitiesByMember(tx.Dialect, cond), arg)
	if err != nil {
		return err
	}
	list := make([]Standing, 0, len(ids))
	if err := d.stream(rows, func(st Standing) error { list = append(list, st); return nil }); err != nil {
		return err
	}
	if err := deleteStanding(ctx, tx, ids); err != nil {
		return err
	}
	_, err = tx.CopyRows(ctx, "member_standing", standingColumns, standingRows(list))
	return err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
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

// deleteStanding deletes the rows of members ids, in one statement.
func deleteStanding(ctx context.Context, tx *store.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	cond, arg := store.AnyOfCond(tx.Dialect, "member_id", ids)
	_, err := tx.Exec(ctx, "DELETE FROM member_standing WHERE "+cond, arg)
	return err
}
