package platforms_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/platforms"
)

// fuzzRecords reads data with imp: it must not panic or hang, and a
// refusal must be a FileError naming the file.
func fuzzRecords(t *testing.T, imp imports.Importer, data []byte) {
	n := 0
	for rec, err := range imp.Records(bytes.NewReader(data), "fuzz", nil) {
		if err != nil {
			var fe *imports.FileError
			if !errors.As(err, &fe) || fe.File == "" || fe.Reason == "" {
				t.Fatalf("refusal %v is not a FileError naming the file", err)
			}
			return
		}
		if rec.Line < 1 {
			t.Fatalf("record without a line: %+v", rec)
		}
		for _, a := range rec.Activities {
			if a.Kind == "" || a.Source == "" || a.ExternalID == "" || a.OccurredAt.IsZero() {
				t.Fatalf("incomplete activity %+v", a)
			}
		}
		n++
	}
}

func FuzzSlack(f *testing.F) {
	z := slackZip(f)
	f.Add(z)
	f.Add(z[:len(z)/2])
	f.Add(rezip(f, z, "general/2024-03-01.json", []byte(`[{"type": "message", "user": "U01ADA", "ts": "1.2", "thread_ts": "1.1"}]`)))
	f.Add(rezip(f, z, "users.json", []byte(`[{"id": "U1", "name": "x", "profile": {"email": "not an email"}}]`)))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRecords(t, platforms.Slack{}, data) })
}

func FuzzGitHub(f *testing.F) {
	f.Add(readFixture(f, "github/trellis_activity.json"))
	f.Add([]byte(`[[{"html_url": "https://github.com/o/r/issues/9", "number": 9, "user": {"login": "zo"}, "created_at": "2024-01-01T00:00:00Z"}]] null []`))
	f.Add([]byte(`[{"html_url": "https://github.com/o/r/pull/1#pullrequestreview-1", "user": {"login": "a"}, "state": "APPROVED", "submitted_at": "2024-01-01T00:00:00Z", "commit_id": "x", "pull_request_url": "u"}]`))
	f.Add([]byte(`[[[[{}]]]]`))
	f.Add([]byte("[\n{\"html_url\": 1}\n]"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRecords(t, platforms.GitHub{}, data) })
}

func FuzzDiscourse(f *testing.F) {
	f.Add(readFixture(f, "discourse/user_list_240301-101500.csv"))
	f.Add(readFixture(f, "discourse/posts.json"))
	f.Add(readFixture(f, "discourse/t_43.json"))
	f.Add([]byte("\xef\xbb\xbfid,name,username,email\r\n1,\"A\nB\",ab,ab@example.org\r\n"))
	f.Add([]byte(`{"post_stream": {"posts": [{"id": 1, "username": "x", "post_number": 1, "created_at": "2024-01-01T00:00:00Z"}]}, "title": 5}`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRecords(t, platforms.Discourse{}, data) })
}
