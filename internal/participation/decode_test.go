package participation_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/participation"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	item := `{"member_id": 1, "kind": "gave_talk", "occurred_at": "2026-01-01T00:00:00Z"}`
	for _, tt := range []struct {
		name  string
		body  string
		lines bool
		want  string // each decoded: index/line and kind, or index/line/field:message
	}{
		{"object", item, false, "0/0 gave_talk"},
		{"array", "[" + item + ",\n" + item + "]", false, "0/0 gave_talk|1/0 gave_talk"},
		{"two objects", item + item, false, "-1/0/:The request body must hold one JSON value; send several activities as an array or as JSON Lines (Content-Type: application/x-ndjson)."},
		{"not an object", "[1]", false, "0/0/:must be a JSON object"},
		{"wrong type", `{"member_id": "12"}`, false, "0/0/member_id:must be a whole number"},
		{"unknown field", `{"kind": "x", "colour": "red"}`, false, "0/0/colour:is not a field of an activity"},
		{"cut short", "[" + item + ", {", false, "0/0 gave_talk|1/0/:is cut short: the body ends inside it"},
		{"after the array", "[" + item + "] 5", false, "0/0 gave_talk|-1/0/:The request body has more after the closing ] of the array."},
		{"lines", item + "\n\n  \n" + item + "\r\n{\n" + item, true, "0/1 gave_talk|1/4 gave_talk|2/5/:is cut short: the JSON object is not closed|3/6 gave_talk"},
		{"line not UTF-8", "{\"kind\": \"\xff\"}\n", true, "0/1/:is not valid UTF-8"},
		{"long line", `{"title": "` + strings.Repeat("a", 70000) + "\"}\n" + item, true, "0/1/:line is longer than 65536 bytes|1/2 gave_talk"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for d := range participation.Decode(strings.NewReader(tt.body), tt.lines) {
				if d.Err != nil {
					got = append(got, fmt.Sprintf("%d/%d/%s:%s", d.Err.Index, d.Err.Line, d.Err.Field, d.Err.Message))
					continue
				}
				got = append(got, fmt.Sprintf("%d/%d %s", d.Index, d.Line, d.Item.Kind))
			}
			if s := strings.Join(got, "|"); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

// FuzzDecode: whatever the body, decoding never panics, indexes count up
// from 0 without gaps, JSON Lines line numbers rise, and a body-level
// problem is the last thing yielded.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"member_id": 1, "kind": "k", "occurred_at": "2026-01-01T00:00:00Z"}`, `[{}, {}]`, "{}\n{}\n", `[`, `]`, "\xff", `{"a":1}{`, `[{"title": "\ud800"}]`, ""} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, body string, lines bool) {
		next, line := 0, 0
		ended := false
		for d := range participation.Decode(strings.NewReader(body), lines) {
			if ended {
				t.Fatalf("yielded after a body-level error")
			}
			idx, ln := d.Index, d.Line
			if d.Err != nil {
				idx, ln = d.Err.Index, d.Err.Line
				if d.Err.Message == "" {
					t.Fatalf("error without a message: %+v", d.Err)
				}
				if !json.Valid([]byte(fmt.Sprintf("%q", d.Err.Message))) {
					t.Fatalf("message not encodable")
				}
			}
			if idx < 0 {
				ended = true
				continue
			}
			if idx != next && !(d.Err != nil && idx == next-1) {
				t.Fatalf("index %d, want %d", idx, next)
			}
			next = idx + 1
			if lines {
				if ln <= line {
					t.Fatalf("line %d after %d", ln, line)
				}
				line = ln
			}
		}
	})
}
