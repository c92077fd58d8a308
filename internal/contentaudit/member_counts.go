package contentaudit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Counting the member side of an audit at 100,000 members takes a GROUP
// BY over the members and, for each saved segment, a count through the
// members list's filter (50-150 ms each for a tag or a country): together
// several times the rest of the audit. So a background job counts them
// every few minutes (RefreshMemberCounts) into audit_member_counts, which
// every instance shares, and an audit reads the kept counts, counting
// only what is missing or older than SegmentTTL: a segment saved or
// changed since the job last ran, or everything when no job runs.

// mixKey is the row of the member mix (see countMix); a segment's row is
// segmentKeyOf(id).
const mixKey = "mix"

func segmentKeyOf(id int64) string { return "segment:" + strconv.FormatInt(id, 10) }

// keptCount is one row of audit_member_counts.
type keptCount struct {
	query  string
	counts string
	at     time.Time
}

// fresh reports whether k was counted less than ttl before now, for the
// filter query.
func (k keptCount) fresh(query string, now time.Time, ttl time.Duration) bool {
	return k.counts != "" && k.query == query && now.Sub(k.at) < ttl
}

// keptCounts reads every kept count, by key.
func (s *Service) keptCounts(ctx context.Context) (map[string]keptCount, error) {
	rows, err := s.DB.Query(ctx, "SELECT key, query, counts, counted_at FROM audit_member_counts")
	if err != nil {
		return nil, store.Wrap(err, "Could not read the kept member counts for the audit.")
	}
	defer rows.Close()
	out := map[string]keptCount{}
	for rows.Next() {
		var key string
		var k keptCount
		var at int64
		if err := rows.Scan(&key, &k.query, &k.counts, &at); err != nil {
			return nil, store.Wrap(err, "Could not read the kept member counts for the audit.")
		}
		k.at = time.Unix(at, 0).UTC()
		out[key] = k
	}
	return out, store.Wrap(rows.Err(), "Could not read the kept member counts for the audit.")
}

// keep writes one count, replacing what was kept under key.
func (s *Service) keep(ctx context.Context, key, query string, v any, at time.Time) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.DB.Exec(ctx, `INSERT INTO audit_member_counts (key, query, counts, counted_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET query = excluded.query, counts = excluded.counts, counted_at = excluded.counted_at`,
		key, query, string(b), at.Unix())
	return store.Wrap(err, "Could not keep the member counts for the audit.")
}

// mixCounts is the member mix as kept: Members without segments or time.
type mixCounts struct {
	Total                int            `json:"total"`
	PreferWritten        int            `json:"prefer_written"`
	PreferAsynchronous   int            `json:"prefer_asynchronous"`
	PreferWrittenOrAsync int            `json:"prefer_written_or_async"`
	ByTimeZone           map[string]int `json:"by_time_zone"`
	ByStage              map[string]int `json:"by_stage"`
}

// RefreshMemberCounts counts the member mix and every saved segment that
// can be opened, keeps the counts for the audits to come, and forgets the
// counts of segments since deleted. It is the count-members job.
func (s *Service) RefreshMemberCounts(ctx context.Context) error {
	s.segments.counting.Lock()
	defer s.segments.counting.Unlock()
	now := s.now()
	m, err := s.countMix(ctx)
	if err != nil {
		return err
	}
	if err := s.keep(ctx, mixKey, "", toMixCounts(m), now); err != nil {
		return err
	}
	segs, err := s.Members.ListSegments(ctx)
	if err != nil {
		return err
	}
	keys := []any{mixKey}
	for _, seg := range segs {
		if seg.Problem != "" {
			continue
		}
		n, err := s.Members.Count(ctx, seg.Filter)
		if err != nil {
			return fmt.Errorf("count the members of segment %d: %w", seg.ID, err)
		}
		key := segmentKeyOf(seg.ID)
		if err := s.keep(ctx, key, seg.Query, n, now); err != nil {
			return err
		}
		keys = append(keys, key)
	}
	_, err = s.DB.Exec(ctx, "DELETE FROM audit_member_counts WHERE key NOT IN (?"+strings.Repeat(", ?", len(keys)-1)+")", keys...)
	return store.Wrap(err, "Could not forget the member counts of deleted segments.")
}

func toMixCounts(m Members) mixCounts {
	c := mixCounts{Total: m.Total, PreferWritten: m.PreferWritten, PreferAsynchronous: m.PreferAsynchronous,
		PreferWrittenOrAsync: m.PreferWrittenOrAsync, ByTimeZone: m.ByTimeZone, ByStage: map[string]int{}}
	for stage, n := range m.ByStage {
		c.ByStage[string(stage)] = n
	}
	return c
}

func (c mixCounts) members(at time.Time) Members {
	m := Members{Total: c.Total, CountedAt: at, PreferWritten: c.PreferWritten, PreferAsynchronous: c.PreferAsynchronous,
		PreferWrittenOrAsync: c.PreferWrittenOrAsync, ByTimeZone: c.ByTimeZone, ByStage: map[members.CareerStage]int{}}
	if m.ByTimeZone == nil {
		m.ByTimeZone = map[string]int{}
	}
	for stage, n := range c.ByStage {
		m.ByStage[members.CareerStage(stage)] = n
	}
	return m
}
