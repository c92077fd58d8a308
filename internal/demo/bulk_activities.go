package demo

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// activityColumns are the columns a bulk load writes into activities.
var activityColumns = []string{"member_id", "kind", "source", "occurred_at", "title", "url", "external_id", "created_by", "created_at"}

// writeActivitiesBulk writes n activities over the two years behind load
// day inside tx, after the members they belong to: the arcs of the
// standard demo (see activities.go) at a benchmark's scale, generated
// member by member and streamed to the database as they are drawn (COPY
// on PostgreSQL), never all held in memory. Calls come from the video
// platform's reports (source zoom) rather than attendance lists, which a
// bulk load does not write. Each arrived the day after it happened, as a
// nightly sync sends them.
func (r *runner) writeActivitiesBulk(ctx context.Context, tx *store.Tx, n int) (int64, error) {
	if n <= 0 {
		return 0, nil
	}
	p := r.p
	start := time.Now()
	rg := newRNG(p.seed, "activities")
	arcs := make([]arc, len(p.people))
	for i := range p.people {
		arcs[i] = drawArc(rg, &p.people[i])
	}
	counts := activityCounts(arcs, n)
	g := newActivityGen(rg, true)
	now := p.cal.now.Unix()
	rows := func(yield func([]any) bool) {
		vals := make([]any, len(activityColumns))
		stopped := false
		for i := range p.people {
			id := r.memberIDs[i]
			g.member(i, &p.people[i], arcs[i], counts[i], func(a *genActivity) {
				if stopped {
					return
				}
				at := p.cal.at(a.day, a.minute).Unix()
				var ext any
				if a.externalID != "" {
					ext = a.externalID
				}
				vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7], vals[8] =
					id, a.kind, a.source, at, a.title, a.url, ext, nil, min(at+24*3600, now)
				stopped = !yield(vals)
			})
			if stopped {
				return
			}
		}
	}
	written, err := tx.CopyRows(ctx, "activities", activityColumns, rows)
	if err != nil {
		return written, err
	}
	r.a.Log.Info("bulk-wrote the activities", "activities", written, "took", time.Since(start).Round(time.Millisecond))
	return written, nil
}
