package bench

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"time"
)

// activityKinds are the default kinds the generated activities spread over.
var activityKinds = []string{"attended_call", "posted_forum", "replied_forum", "answered_question", "reviewed_pull_request", "hosted_session"}

// ActivityLines writes n activities as JSON Lines, as a script would send
// them to POST /api/v1/activities: spread over members, kinds and the two
// years before now, each with a link and an external id unique within batch (a tag),
// so every batch is new. It is the body the ingestion benchmarks send.
func ActivityLines(members []int64, batch string, n int, now time.Time) []byte {
	var buf bytes.Buffer
	buf.Grow(n * 240)
	_ = WriteActivityLines(&buf, members, nil, batch, n, now)
	return buf.Bytes()
}

// WriteActivityLines writes ActivityLines's n activities to w a line at a
// time, so a body of millions never sits in memory. When emails is given
// (each member's email, by position in members), every other activity
// names its member by email rather than by id, as scripts that know only
// addresses do.
func WriteActivityLines(w io.Writer, members []int64, emails []string, batch string, n int, now time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	line := make([]byte, 0, 512)
	for i := range n {
		m := (i * 7919) % len(members)
		line = append(line[:0], '{')
		if i%2 == 1 && len(emails) == len(members) && emails[m] != "" {
			line = append(line, `"member_email": `...)
			line = strconv.AppendQuote(line, emails[m])
		} else {
			line = append(line, `"member_id": `...)
			line = strconv.AppendInt(line, members[m], 10)
		}
		line = append(line, `, "kind": `...)
		line = strconv.AppendQuote(line, activityKinds[i%len(activityKinds)])
		line = append(line, `, "occurred_at": "`...)
		line = now.Add(-time.Duration(i%(730*24))*time.Hour).UTC().AppendFormat(line, time.RFC3339)
		line = append(line, `", "source": "discourse", "external_id": "`...)
		line = append(line, batch...)
		line = append(line, '-')
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, `", "title": "Thread about pipelines", "url": "https://forum.example.org/t/`...)
		line = strconv.AppendInt(line, int64(i), 10)
		line = append(line, "\"}\n"...)
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}
