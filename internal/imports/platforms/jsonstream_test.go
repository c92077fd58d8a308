package platforms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/imports"
)

// items runs jsonItems over data and returns each item's line and the
// value of its "n" key, or the refusal.
func items(data []byte, into func(string) bool) ([]string, error) {
	var out []string
	w := &jsonItems{file: "f.json", into: into, item: func(raw json.RawMessage, line int, in string) error {
		var v struct {
			N json.RawMessage `json:"n"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("item on line %d is not an object: %w", line, err)
		}
		out = append(out, fmt.Sprintf("%d:%s%s", line, in, v.N))
		return nil
	}}
	err := w.run(bytes.NewReader(data))
	return out, err
}

func TestJSONItems(t *testing.T) {
	posts := func(path string) bool {
		return path == "latest_posts" || path == "post_stream" || path == "post_stream.posts"
	}
	cases := []struct {
		name string
		data string
		into func(string) bool
		want []string
		line int // of the refusal; 0 when none
	}{
		{"pages back to back", "[\n{\"n\": 1},\n{\"n\": 2}\n]\n[\n  {\"n\": 3}\n]\n", nil, []string{"2:1", "3:2", "6:3"}, 0},
		{"slurped pages, empty and null pages", "[[{\"n\": 1}], [], null,\n [{\"n\": 2}]] null []", nil, []string{"1:1", "2:2"}, 0},
		{"a single object, a BOM", "\xef\xbb\xbf\n{\"n\": 1}", nil, []string{"2:1"}, 0},
		{"strings holding brackets and newlines", "[{\"n\": \"[{\\n}]\"},\n{\"n\": 2}]", nil, []string{"1:\"[{\\n}]\"", "2:2"}, 0},
		{"wrapped, streamed", "{\"title\": \"x\", \"latest_posts\": [\n{\"n\": 1},\n{\"n\": 2}]}", posts, []string{"2:latest_posts1", "3:latest_posts2"}, 0},
		{"wrapped two deep", "{\"post_stream\": {\"stream\": [1, 2], \"posts\": [\n\n{\"n\": 1}]}, \"title\": \"t\"}", posts, []string{"3:post_stream.posts1"}, 0},
		{"an object that wraps nothing is an item", "[\n{\"n\": 7, \"x\": [1]}]", posts, []string{"2:7"}, 0},
		{"nested too deep", "[[[{\"n\": 1}]]]", nil, nil, 1},
		{"a scalar", "\n\n42", nil, nil, 3},
		{"a scalar in an array", "[{\"n\": 1},\n 42]", nil, []string{"1:1"}, 2},
		{"broken in the middle of an item", "[{\"n\": 1},\n{\"n\": 2},\n{\"n\": \n]", nil, []string{"1:1", "2:2"}, 4},
		{"a missing comma", "[{\"n\": 1}\n\n{\"n\": 2}]", nil, []string{"1:1"}, 3},
		{"cut short", "[{\"n\": 1},\n{\"n\": 2,\n", nil, []string{"1:1"}, 3},
		{"a stray bracket", "[{\"n\": 1}]\n]", nil, []string{"1:1"}, 2},
		{"broken in a wrapped array", "{\"latest_posts\": [\n{\"n\": 1},\n{\"n\" 2}]}", posts, []string{"2:latest_posts1"}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := items([]byte(c.data), c.into)
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("items %q, want %q", got, c.want)
			}
			var fe *imports.FileError
			switch {
			case c.line == 0 && err != nil:
				t.Errorf("refused: %v", err)
			case c.line != 0 && (!errors.As(err, &fe) || fe.Line != c.line || fe.File != "f.json"):
				t.Errorf("refusal %v, want one on line %d", err, c.line)
			}
		})
	}
}

// TestJSONItemsLinesFarIn finds the line of a fault far into a large
// stream, past many of the decoder's buffer refills.
func TestJSONItemsLinesFarIn(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i := range 50_000 {
		fmt.Fprintf(&b, "  {\n    \"n\": %d,\n    \"pad\": \"%s\"\n  },\n", i, strings.Repeat("x", i%300))
	}
	b.WriteString("  {\"n\": oops}\n]\n")
	got, err := items(b.Bytes(), nil)
	var fe *imports.FileError
	if !errors.As(err, &fe) || fe.Line != 2+50_000*4 {
		t.Fatalf("refusal %v, want one on line %d", err, 2+50_000*4)
	}
	if len(got) != 50_000 || got[0] != "2:0" || got[49_999] != fmt.Sprintf("%d:49999", 2+49_999*4) {
		t.Errorf("%d items, first %q, last %q", len(got), got[0], got[len(got)-1])
	}
}

// FuzzJSONItems: no panic or hang; a refusal names the file and a line
// within the data; an array of objects that encoding/json reads whole
// gives as many items, each on a line within the data.
func FuzzJSONItems(f *testing.F) {
	for _, s := range []string{"[{\"n\": 1},\n{\"n\": 2}]", "[[{}], null] {}", "{\"latest_posts\": [{}]}", "[{\"n\": \n]", "\xef\xbb\xbf[]",
		"{\"post_stream\": {\"posts\": [{\"n\": 1}]}, \"title\": 1}", "[[[[{}]]]]", "]", "[1, {}]"} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, wrapped bool) {
		var into func(string) bool
		if wrapped {
			into = func(p string) bool { return p == "latest_posts" || p == "post_stream" || p == "post_stream.posts" }
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		n := 0
		w := &jsonItems{file: "f.json", into: into, item: func(raw json.RawMessage, line int, in string) error {
			if line < 1 || line > lines || !json.Valid(raw) || raw[0] != '{' {
				t.Fatalf("item %q on line %d of %d", raw, line, lines)
			}
			n++
			return nil
		}}
		err := w.run(bytes.NewReader(data))
		if err != nil {
			var fe *imports.FileError
			if !errors.As(err, &fe) || fe.File != "f.json" || fe.Reason == "" || fe.Line < 1 || fe.Line > lines {
				t.Fatalf("refusal %v (lines %d) is not a FileError naming the file and a line", err, lines)
			}
			return
		}
		var objs []map[string]json.RawMessage
		if !wrapped && json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &objs) == nil {
			want := 0
			for _, o := range objs {
				if o != nil { // null: an empty page
					want++
				}
			}
			if n != want {
				t.Fatalf("%d items, encoding/json reads %d objects", n, want)
			}
		}
	})
}
