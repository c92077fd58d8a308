package members

import (
	"testing"

	textrule "github.com/trellis-community/trellis/internal/text"
)

func TestPageLimit(t *testing.T) {
	tests := []struct{ in, want int }{{0, DefaultLimit}, {-3, DefaultLimit}, {7, 7}, {MaxLimit, MaxLimit}, {MaxLimit + 1, MaxLimit}}
	for _, tt := range tests {
		if got := (Page{Limit: tt.in}).limit(); got != tt.want {
			t.Errorf("Page{Limit: %d}.limit() = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	for _, s := range Sorts() {
		k := parseSort(s)
		c := cursor{Sort: s, Key: "ada lovelace, née byron", ID: 42}
		if k.numeric {
			c.Key = "1773480600"
		}
		got, err := decodeCursor(c.encode(), k)
		if err != nil || got != c {
			t.Errorf("%s: decode(encode(%+v)) = %+v, %v", s, c, got, err)
		}
	}
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add(cursor{Sort: "name", Key: "ada", ID: 1}.encode(), "name")
	f.Add(cursor{Sort: "-created", Key: "12", ID: 9}.encode(), "-created")
	f.Add("!!", "joined")
	f.Add("eyJzIjoibmFtZSIsImsiOiJcdTAwMDAiLCJpIjoxfQ", "name") // {"s":"name","k":"\u0000","i":1}
	f.Fuzz(func(t *testing.T, raw, sort string) {
		k := parseSort(sort)
		c, err := decodeCursor(raw, k)
		if err == nil && (c.ID <= 0 || c.Sort != k.sort || !textrule.Valid(c.Key)) {
			t.Fatalf("accepted %q as %+v for sort %q", raw, c, k.sort)
		}
	})
}
