package demo

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// activityColumns are the columns a bulk load writes into activities.
var activityColumns = []string{"member_id", "kind", "source", "occurred_at", "title", "url", "external_id", "created_by", "created_at"}

// activityRow is one generated activity ready to write.
type activityRow struct {
	member, at, created    int64
	kind, source           string
	title, url, externalID string
}

// activityChunk is how many rows the generator hands the writer at a time.
const activityChunk = 4096

// writeActivitiesBulk writes n activities over the two years behind load
// day inside tx, after the members they belong to: the arcs of the
// standard demo (see activities.go) at a benchmark's scale. They are
// drawn member by member on a goroutine of their own, a few chunks ahead
// of the writer, so drawing and writing share the machine's cores, and
// streamed to the database (COPY on PostgreSQL), never all held in
// memory. Calls come from the video platform's reports (source zoom)
// rather than attendance lists, which a bulk load does not write. Each
// arrived the day after it happened, as a nightly sync sends them.
func (r *runner) writeActivitiesBulk(ctx context.Context, tx *store.Tx, n int) (int64, error) {
	if n <= 0 {
		return 0, nil
	}
	start := time.Now()
	chunks := make(chan []activityRow, 4)
	done := make(chan struct{})
	defer close(done)
	go r.drawActivities(n, chunks, done)
	rows := func(yield func([]any) bool) {
		vals := make([]any, len(activityColumns))
		for chunk := range chunks {
			for i := range chunk {
				a := &chunk[i]
				var ext any
				if a.externalID != "" {
					ext = a.externalID
				}
				vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7], vals[8] =
					a.member, a.kind, a.source, a.at, a.title, a.url, ext, nil, a.created
				if !yield(vals) {
					return
				}
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

// drawActivities generates n activities into chunks, which it closes at
// the end; it stops early when done closes.
func (r *runner) drawActivities(n int, chunks chan<- []activityRow, done <-chan struct{}) {
	defer close(chunks)
	p := r.p
	arcs := p.activityArcs()
	counts := activityCounts(arcs, n)
	g := newActivityGen(newRNG(p.seed, "activities"), true)
	now := p.cal.now.Unix()
	chunk := make([]activityRow, 0, activityChunk)
	send := func() bool {
		select {
		case chunks <- chunk:
			chunk = make([]activityRow, 0, activityChunk)
			return true
		case <-done:
			return false
		}
	}
	for i := range p.people {
		id := r.memberIDs[i]
		ok := true
		g.member(i, &p.people[i], arcs[i], counts[i], func(a *genActivity) {
			if !ok {
				return
			}
			at := p.cal.at(a.day, a.minute).Unix()
			chunk = append(chunk, activityRow{member: id, at: at, created: min(at+24*3600, now), kind: a.kind, source: a.source,
				title: a.title, url: a.url, externalID: a.externalID})
			if len(chunk) == activityChunk {
				ok = send()
			}
		})
		if !ok {
			return
		}
	}
	if len(chunk) > 0 {
		send()
	}
}
