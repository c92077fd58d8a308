package contentaudit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// LoadMembers counts the members who are not archived by time zone,
// career stage and participation preferences, in one GROUP BY read from
// the members_audit_mix index, then the members of each saved segment
// (one count each, through the members list's own filter). Counting a
// segment can mean reading every member (a tag, a country) and takes
// 50-150 ms at 100,000 members, so the segments in aimed, those an item
// in the period is aimed at (see SegmentsAimedAt), are listed but not
// counted: the audit finds no gap for them. A segment whose filter can no
// longer be read is kept with its Problem and not counted either. With a
// SegmentTTL, counts kept in audit_member_counts younger than it (by the
// count-members job, or by an earlier audit) are used instead of counting
// again (CountedAt says when they were made), and what is counted is kept.
func (s *Service) LoadMembers(ctx context.Context, aimed map[int64]bool) (Members, error) {
	kept := map[string]keptCount{}
	if s.SegmentTTL > 0 {
		s.segments.counting.Lock()
		defer s.segments.counting.Unlock()
		var err error
		if kept, err = s.keptCounts(ctx); err != nil {
			return Members{}, err
		}
	}
	now := s.now()
	m, err := s.memberMix(ctx, kept[mixKey], now)
	if err != nil {
		return Members{}, err
	}
	m.Segments = []Segment{}
	segs, err := s.Members.ListSegments(ctx)
	if err != nil {
		return Members{}, err
	}
	for _, seg := range segs {
		out := Segment{ID: seg.ID, Name: seg.Name, Path: "/members?" + seg.Query, Problem: seg.Problem}
		if seg.Problem == "" && !aimed[seg.ID] {
			key := segmentKeyOf(seg.ID)
			if k := kept[key]; k.fresh(seg.Query, now, s.SegmentTTL) && json.Unmarshal([]byte(k.counts), &out.Members) == nil {
				out.CountedAt = k.at
			} else {
				if out.Members, err = s.Members.Count(ctx, seg.Filter); err != nil {
					return Members{}, err
				}
				out.CountedAt = now
				if s.SegmentTTL > 0 {
					if err := s.keep(ctx, key, seg.Query, out.Members, now); err != nil {
						return Members{}, err
					}
				}
			}
			out.Counted = true
		}
		m.Segments = append(m.Segments, out)
	}
	return m, nil
}

// SegmentsAimedAt returns the ids of the segments that an item in the
// period [from, to] (withdrawn ones aside) is aimed at: the segments
// LoadMembers need not count.
func SegmentsAimedAt(from, to string, items []Item) map[int64]bool {
	p := period{from: from, to: to}
	out := map[int64]bool{}
	for _, it := range items {
		if !it.Withdrawn && it.inPeriod(p) && it.Audience.SegmentID != nil {
			out[*it.Audience.SegmentID] = true
		}
	}
	return out
}

// memberMix returns the member mix kept in k when it is younger than
// SegmentTTL, or counts it afresh (and keeps it, with a SegmentTTL).
func (s *Service) memberMix(ctx context.Context, k keptCount, now time.Time) (Members, error) {
	if k.fresh("", now, s.SegmentTTL) {
		var c mixCounts
		if json.Unmarshal([]byte(k.counts), &c) == nil {
			return c.members(k.at), nil
		}
	}
	m, err := s.countMix(ctx)
	if err != nil {
		return Members{}, err
	}
	m.CountedAt = now
	if s.SegmentTTL > 0 {
		if err := s.keep(ctx, mixKey, "", toMixCounts(m), now); err != nil {
			return Members{}, err
		}
	}
	return m, nil
}

// countMix reads the member side in one GROUP BY from the
// members_audit_mix index.
func (s *Service) countMix(ctx context.Context) (Members, error) {
	m := Members{ByTimeZone: map[string]int{}, ByStage: map[members.CareerStage]int{}}
	// The WHERE clause is the index's, word for word, so both engines
	// plan the count from the index alone.
	rows, err := s.DB.Query(ctx, `SELECT timezone, career_stage, pref_modality, pref_timing, COUNT(*)
		FROM members WHERE archived_at IS NULL
		GROUP BY timezone, career_stage, pref_modality, pref_timing`)
	if err != nil {
		return Members{}, store.Wrap(err, "Could not count the members for the audit.")
	}
	defer rows.Close()
	for rows.Next() {
		var zone, stage, modality, timing string
		var n int
		if err := rows.Scan(&zone, &stage, &modality, &timing, &n); err != nil {
			return Members{}, store.Wrap(err, "Could not count the members for the audit.")
		}
		m.Total += n
		if zone != "" {
			m.ByTimeZone[zone] += n
		}
		if stage != "" {
			m.ByStage[members.CareerStage(stage)] += n
		}
		written, async := modality == "written", timing == "asynchronous"
		if written {
			m.PreferWritten += n
		}
		if async {
			m.PreferAsynchronous += n
		}
		if written || async {
			m.PreferWrittenOrAsync += n
		}
	}
	return m, store.Wrap(rows.Err(), "Could not count the members for the audit.")
}
