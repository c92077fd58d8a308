package backup_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

const head = `{"format":"trellis-archive","format_version":1,"schema_version":19,"engine":"sqlite","created_at":"2026-03-10T14:30:00Z",` +
	`"tables":[{"name":"settings","columns":[{"name":"key","type":"text"},{"name":"value","type":"text"}],"key":["key"]},` +
	`{"name":"goal_indicators","columns":[{"name":"id","type":"integer"},{"name":"target_value","type":"real"},{"name":"ok","type":"bool"}]}]}`

// readAll reads an archive to its end and returns the first error.
func readAll(s string) (int, error) {
	rd, err := backup.NewReader(strings.NewReader(s))
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		_, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

func TestReaderChecksEveryLine(t *testing.T) {
	t.Parallel()
	end := `{"end":{"rows":{"settings":1,"goal_indicators":1}}}`
	row1 := `{"t":"settings","r":["name","Open Research"]}`
	row2 := `{"t":"goal_indicators","r":[1,0.5,true]}`
	cases := []struct {
		name, in, want string
		rows           int
	}{
		{"whole", head + "\n" + row1 + "\n" + row2 + "\n" + end + "\n", "", 2},
		{"crlf and no final newline", head + "\r\n" + row1 + "\r\n" + row2 + "\r\n" + end, "", 2},
		{"empty", "", "line 1: the archive is empty", 0},
		{"not json", "PK\x03\x04", "line 1: not a Trellis archive header", 0},
		{"other format", `{"format":"x"}`, `line 1: not a Trellis archive (format "x")`, 0},
		{"newer version", `{"format":"trellis-archive","format_version":2}`, "line 1: archive format version 2", 0},
		{"truncated", head + "\n" + row1 + "\n", "line 2: the archive ends without its end line", 1},
		{"truncated mid line", head + "\n" + row1 + "\n" + `{"t":"goal_ind`, "line 3: unexpected end of JSON input", 1},
		{"unknown table", head + "\n" + `{"t":"members","r":[1]}` + "\n", `line 2: table "members" is not in the header`, 0},
		{"wrong width", head + "\n" + `{"t":"settings","r":["a"]}` + "\n", "line 2: a row of settings has 1 values; the header lists 2 columns", 0},
		{"text for integer", head + "\n" + `{"t":"goal_indicators","r":["1",0.5,true]}` + "\n", `line 2: goal_indicators.id: "1" is not a whole number`, 0},
		{"fraction for integer", head + "\n" + `{"t":"goal_indicators","r":[1.5,0.5,true]}` + "\n", `line 2: goal_indicators.id: 1.5 is not a whole number`, 0},
		{"number for text", head + "\n" + `{"t":"settings","r":[1,"x"]}` + "\n", `line 2: settings.key: 1 is not a string`, 0},
		{"string for real", head + "\n" + `{"t":"goal_indicators","r":[1,"0.5",true]}` + "\n", `line 2: goal_indicators.target_value: "0.5" is not a number`, 0},
		{"number for bool", head + "\n" + `{"t":"goal_indicators","r":[1,0.5,1]}` + "\n", `line 2: goal_indicators.ok: 1 is not true or false`, 0},
		{"table again", head + "\n" + row1 + "\n" + row2 + "\n" + row1 + "\n", "line 4: more rows of settings after other tables' rows", 2},
		{"wrong count", head + "\n" + row1 + "\n" + row2 + "\n" + `{"end":{"rows":{"settings":2,"goal_indicators":1}}}`, "line 4: the end line counts 2 rows of settings; the archive holds 1", 2},
		{"after the end", head + "\n" + row1 + "\n" + row2 + "\n" + end + "\n" + row1, "line 5: something follows the end line", 2},
		{"neither", head + "\n" + `{"x":1}`, "line 2: neither a row", 0},
		{"bad table name", strings.Replace(head, `"settings"`, `"settings; DROP TABLE users"`, 1), "line 1: table 0 has a bad name", 0},
		{"bad column name", strings.Replace(head, `"value"`, `"value) --"`, 1), "line 1: table settings has a bad or repeated column", 0},
		{"unknown type", strings.Replace(head, `"type":"real"`, `"type":"money"`, 1), `unknown type "money"`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			n, err := readAll(c.in)
			if c.want == "" {
				if err != nil {
					t.Fatalf("read: %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("read: %v, want an error containing %q", err, c.want)
			}
			if n != c.rows {
				t.Errorf("read %d rows before stopping, want %d", n, c.rows)
			}
		})
	}
}

// TestRestoreRefusesBadArchivesWhole restores archives that go wrong part
// way: the database is left as it was, and the error names the line.
func TestRestoreRefusesBadArchivesWhole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		good := archive(t, db) // a fresh database: seeded groups, kinds, templates
		lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
		before := body(good)
		cases := []struct{ name, in, want string }{
			{"truncated", strings.Join(lines[:len(lines)-2], "\n"), "the archive ends without its end line"},
			{"bad value late", strings.Join(lines[:len(lines)-1], "\n") + "\n" + strings.Replace(lines[len(lines)-1], "rows", "rowz", 1), "the end line does not count"},
			{"dangling reference", strings.Replace(string(good), `{"t":"content_template_entries","r":[1,`, `{"t":"content_template_entries","r":[424242,`, 1), "refers to"},
			{"other schema", strings.Replace(string(good), `"schema_version":`, `"schema_version":1`, 1), "schema version"},
		}
		for _, c := range cases {
			_, err := backup.Restore(ctx, db, strings.NewReader(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: restore: %v, want an error containing %q", c.name, err, c.want)
			}
			if after := body(archive(t, db)); after != before {
				t.Errorf("%s: a refused restore changed the database", c.name)
			}
		}
	})
}

func FuzzReader(f *testing.F) {
	f.Add([]byte(head + "\n" + `{"t":"settings","r":["a","b"]}` + "\n" + `{"end":{"rows":{"settings":1}}}` + "\n"))
	f.Add([]byte(head + "\n" + `{"t":"goal_indicators","r":[1,1e308,false]}` + "\n"))
	f.Add([]byte(`{"format":"trellis-archive","format_version":1,"schema_version":3,"tables":[{"name":"a","columns":[{"name":"b","type":"blob"}]}]}` + "\n" + `{"t":"a","r":["AAEC"]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rd, err := backup.NewReader(bytes.NewReader(b))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line 1:") {
				t.Fatalf("header error without its line: %v", err)
			}
			return
		}
		for i := 0; ; i++ {
			row, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				if !strings.HasPrefix(err.Error(), "line ") {
					t.Fatalf("error without its line: %v", err)
				}
				return
			}
			if len(row.Values) != len(row.Table.Columns) {
				t.Fatalf("row of %d values for %d columns", len(row.Values), len(row.Table.Columns))
			}
			if i > len(b) {
				t.Fatal("more rows than bytes")
			}
		}
	})
}
