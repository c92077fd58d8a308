package contentaudit

import (
	"context"
	"maps"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// LoadMembers counts the members who are not archived by time zone,
// career stage and participation preferences, in one GROUP BY read from
// the members_audit_mix index (kept for SegmentTTL like the segment
// counts), then the members of each saved segment
// (one count each, through the members list's own filter). Counting a
// segment can mean reading every member (a tag, a country) and takes
// 50-150 ms at 100,000 members, so the segments in aimed, those an item
// in the period is aimed at (see SegmentsAimedAt), are listed but not
// counted: the audit finds no gap for them. A segment whose filter can no
// longer be read is kept with its Problem and not counted either. With a
// SegmentTTL, a count younger than it is reused (CountedAt says when it
// was made), so the audit's CSV, print view and saving, right after the
// page, count nothing again.
func (s *Service) LoadMembers(ctx context.Context, aimed map[int64]bool) (Members, error) {
	if s.SegmentTTL > 0 {
		s.segments.counting.Lock()
		defer s.segments.counting.Unlock()
	}
	m, err := s.memberMix(ctx)
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
			k := segmentKey{seg.ID, seg.Query}
			c, ok := s.segments.get(k, s.now(), s.SegmentTTL)
			if !ok {
				c.at = s.now()
				if c.n, err = s.Members.Count(ctx, seg.Filter); err != nil {
					return Members{}, err
				}
				s.segments.put(k, c)
			}
			out.Members, out.Counted, out.CountedAt = c.n, true, c.at
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

// memberMix counts the members who are not archived by time zone, career
// stage and preferences, or returns the counts made less than SegmentTTL
// ago (a copy: the caller may change it).
func (s *Service) memberMix(ctx context.Context) (Members, error) {
	now := s.now()
	s.segments.mu.Lock()
	kept, at := s.segments.mix, s.segments.mixAt
	s.segments.mu.Unlock()
	if s.SegmentTTL > 0 && kept.ByTimeZone != nil && now.Sub(at) < s.SegmentTTL {
		kept.ByTimeZone, kept.ByStage = maps.Clone(kept.ByTimeZone), maps.Clone(kept.ByStage)
		return kept, nil
	}
	m, err := s.countMix(ctx)
	if err != nil {
		return Members{}, err
	}
	m.CountedAt = now
	s.segments.mu.Lock()
	s.segments.mix, s.segments.mixAt = m, now
	s.segments.mu.Unlock()
	m.ByTimeZone, m.ByStage = maps.Clone(m.ByTimeZone), maps.Clone(m.ByStage)
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
