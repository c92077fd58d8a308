package members

import (
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	textrule "github.com/trellis-community/trellis/internal/text"
)

func TestPageLimit(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want int }{{0, DefaultLimit}, {-3, DefaultLimit}, {7, 7}, {MaxLimit, MaxLimit}, {MaxLimit + 1, MaxLimit}}
	for _, tt := range tests {
		if got := (Page{Limit: tt.in}).limit(); got != tt.want {
			t.Errorf("Page{Limit: %d}.limit() = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range Sorts() {
		k := parseSort(s)
		c := store.Cursor{List: k.cursorList().Name, Key: "ada lovelace, née byron | ada", ID: 42}
		if k.numeric {
			c.Key = "1773480600"
		}
		got, _, err := store.ParseCursor(c.String(), k.cursorList())
		if err != nil || got != c {
			t.Errorf("%s: decode(encode(%+v)) = %+v, %v", s, c, got, err)
		}
	}
}

// A cursor from a list sorted another way is refused, never read as a
// key of the wrong kind.
func TestCursorOfAnotherSort(t *testing.T) {
	t.Parallel()
	byName := store.Cursor{List: parseSort("name").cursorList().Name, Key: "ada", ID: 1}.String()
	for _, s := range []string{"-name", "created", "joined"} {
		if _, _, err := store.ParseCursor(byName, parseSort(s).cursorList()); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("sort %s accepted a name cursor: %v", s, err)
		}
	}
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add(store.Cursor{List: "mname", Key: "ada", ID: 1}.String(), "name")
	f.Add(store.Cursor{List: "m-created", Key: "12", ID: 9}.String(), "-created")
	f.Add("!!", "joined")
	f.Add("bW5hbWV8AHwx", "name") // "mname|\x00|1"
	f.Fuzz(func(t *testing.T, raw, sort string) {
		k := parseSort(sort)
		c, _, err := store.ParseCursor(raw, k.cursorList())
		if err == nil && raw != "" && (c.ID <= 0 || c.List != k.cursorList().Name || !textrule.Valid(c.Key)) {
			t.Fatalf("accepted %q as %+v for sort %q", raw, c, k.sort)
		}
	})
}
