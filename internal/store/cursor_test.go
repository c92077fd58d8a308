package store_test

import (
	"encoding/base64"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

func TestParseCursor(t *testing.T) {
	t.Parallel()
	text := store.CursorList{Name: "mname", Key: store.TextKey}
	num := store.CursorList{Name: "m-created", Key: store.IntKey}
	date := store.CursorList{Name: "i", Key: store.DateKey}
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name  string
		raw   string
		lists []store.CursorList
		want  store.Cursor // zero when refused
	}{
		{"text key with a bar", store.Cursor{List: "mname", Key: "a|b, née c", ID: 3}.String(), []store.CursorList{text},
			store.Cursor{List: "mname", Key: "a|b, née c", ID: 3}},
		{"empty text key", enc("mname||3"), []store.CursorList{text}, store.Cursor{List: "mname", ID: 3}},
		{"int key", enc("m-created|1773480600|9"), []store.CursorList{text, num}, store.Cursor{List: "m-created", Key: "1773480600", ID: 9}},
		{"date key", enc("i|2026-03-01|4"), []store.CursorList{date}, store.Cursor{List: "i", Key: "2026-03-01", ID: 4}},
		{"another list", enc("mname|ada|3"), []store.CursorList{num, date}, store.Cursor{}},
		{"bad int", enc("m-created|soon|9"), []store.CursorList{num}, store.Cursor{}},
		{"bad date", enc("i|2026-02-30|4"), []store.CursorList{date}, store.Cursor{}},
		{"no id", enc("mname|ada"), []store.CursorList{text}, store.Cursor{}},
		{"zero id", enc("mname|ada|0"), []store.CursorList{text}, store.Cursor{}},
		{"not base64", "!!", []store.CursorList{text}, store.Cursor{}},
		{"too long", enc("mname|" + string(make([]byte, 2000)) + "|1"), []store.CursorList{text}, store.Cursor{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := store.ParseCursor(tt.raw, tt.lists...)
			if tt.want == (store.Cursor{}) {
				var ae *apperr.Error
				if ok || !apperr.Is(err, apperr.Invalid) || !asField(err, &ae, "cursor") {
					t.Fatalf("got %+v, %v, %v; want Invalid naming cursor", got, ok, err)
				}
				return
			}
			if err != nil || !ok || got != tt.want {
				t.Fatalf("got %+v, %v, %v; want %+v", got, ok, err, tt.want)
			}
		})
	}
	if c, ok, err := store.ParseCursor("", text); ok || err != nil || c != (store.Cursor{}) {
		t.Fatalf("empty cursor: %+v, %v, %v; want the first page", c, ok, err)
	}
}

func asField(err error, ae **apperr.Error, field string) bool {
	e, ok := err.(*apperr.Error)
	if !ok {
		return false
	}
	*ae = e
	_, named := e.Fields[field]
	return named
}

func TestKeyset(t *testing.T) {
	t.Parallel()
	k := store.Keyset{Key: "f.due_on", ID: "f.id"}
	var w store.Where
	k.After(&w, "2026-03-01", 7)
	if got, want := w.SQL(), " WHERE (f.due_on, f.id) > (?, ?) AND f.due_on >= ?"; got != want {
		t.Fatalf("After = %q, want %q", got, want)
	}
	if got, want := k.OrderBy(), " ORDER BY f.due_on ASC, f.id ASC"; got != want {
		t.Fatalf("OrderBy = %q, want %q", got, want)
	}
	k.Desc = true
	if got, want := k.OrderBy(), " ORDER BY f.due_on DESC, f.id DESC"; got != want {
		t.Fatalf("OrderBy = %q, want %q", got, want)
	}
}

func TestPageLimit(t *testing.T) {
	t.Parallel()
	for in, want := range map[int]int{-1: 50, 0: 50, 1: 1, 500: 500, 501: 500} {
		if got := store.PageLimit(in); got != want {
			t.Errorf("PageLimit(%d) = %d, want %d", in, got, want)
		}
	}
}
