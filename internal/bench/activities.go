package bench

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// activityKinds are the default kinds the generated activities spread over.
var activityKinds = []string{"attended_call", "posted_forum", "replied_forum", "answered_question", "reviewed_pull_request", "hosted_session"}

// ActivityLines writes n activities as JSON Lines, as a script would send
// them to POST /api/v1/activities: spread over members, kinds and the two
// years before now, each with a link and an external id unique within batch (a tag),
// so every batch is new. It is the body `trellis bench --activities` and
// the ingestion benchmarks send.
func ActivityLines(members []int64, batch string, n int, now time.Time) []byte {
	var buf bytes.Buffer
	buf.Grow(n * 240)
	for i := range n {
		m := members[(i*7919)%len(members)]
		at := now.Add(-time.Duration(i%(730*24)) * time.Hour).UTC().Format(time.RFC3339)
		fmt.Fprintf(&buf, `{"member_id": %d, "kind": %q, "occurred_at": %q, "source": "discourse", "external_id": "%s-%d", "title": "Thread about pipelines", "url": "https://forum.example.org/t/%s"}`+"\n",
			m, activityKinds[i%len(activityKinds)], at, batch, i, strconv.Itoa(i))
	}
	return buf.Bytes()
}
