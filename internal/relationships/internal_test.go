package relationships

import (
	"encoding/base64"
	"errors"
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

func TestParseCursor(t *testing.T) {
	t.Parallel()
	type cursor = store.Cursor
	good := cursor{List: "i", Key: "2026-03-01", ID: 42}
	interaction := []store.CursorList{cursorInteraction}
	tests := []struct {
		name  string
		in    string
		kinds []store.CursorList
		want  cursor
		ok    bool
		bad   bool
	}{
		{"empty is the first page", "", interaction, cursor{}, false, false},
		{"round trip", good.String(), interaction, good, true, false},
		{"done cursor", cursor{List: "d", Key: "1773133200", ID: 7}.String(),
			[]store.CursorList{cursorFollowUpOpen, cursorFollowUpDone}, cursor{List: "d", Key: "1773133200", ID: 7}, true, false},
		{"wrong list", good.String(), []store.CursorList{cursorFollowUpOpen}, cursor{}, false, true},
		{"not base64", "!!", interaction, cursor{}, false, true},
		{"padded base64", "aXwyMDI2LTAzLTAxfDQy==", interaction, cursor{}, false, true},
		{"too few parts", enc("i|2026-03-01"), interaction, cursor{}, false, true},
		{"too many parts", enc("i|2026-03-01|4|5"), interaction, cursor{}, false, true},
		{"zero id", enc("i|2026-03-01|0"), interaction, cursor{}, false, true},
		{"negative id", enc("i|2026-03-01|-3"), interaction, cursor{}, false, true},
		{"bad date", enc("i|2026-02-30|3"), interaction, cursor{}, false, true},
		{"injection in key", enc("i|2026-03-01' OR 1=1 --|3"), interaction, cursor{}, false, true},
		{"bad done_at", enc("d|yesterday|3"), []store.CursorList{cursorFollowUpDone}, cursor{}, false, true},
		{"long kind", enc("ii|2026-03-01|3"), interaction, cursor{}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := store.ParseCursor(tt.in, tt.kinds...)
			if tt.bad {
				var ae *apperr.Error
				if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
					t.Fatalf("err %v, want Invalid", err)
				}
				if _, named := ae.Fields["cursor"]; !named {
					t.Fatalf("error %v does not name cursor", err)
				}
				return
			}
			if err != nil || ok != tt.ok || got != tt.want {
				t.Fatalf("got %+v, %v, %v; want %+v, %v", got, ok, err, tt.want, tt.ok)
			}
		})
	}
}

func enc(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// FuzzParseCursor: whatever a client sends, parsing never panics, and a
// cursor it accepts encodes back to an equal cursor.
func FuzzParseCursor(f *testing.F) {
	f.Add(store.Cursor{List: "i", Key: "2026-03-01", ID: 42}.String())
	f.Add(store.Cursor{List: "d", Key: "1773133200", ID: 7}.String())
	f.Add("")
	f.Add("!!")
	f.Fuzz(func(t *testing.T, s string) {
		lists := []store.CursorList{cursorInteraction, cursorFollowUpOpen, cursorFollowUpDone}
		c, ok, err := store.ParseCursor(s, lists...)
		if err != nil || !ok {
			return
		}
		again, ok2, err2 := store.ParseCursor(c.String(), lists...)
		if err2 != nil || !ok2 || again != c {
			t.Fatalf("%q parsed to %+v, which re-parses to %+v, %v", s, c, again, err2)
		}
	})
}

func TestDates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		date string
		add  int
		want string
	}{
		{"2026-03-10", -365, "2025-03-10"},
		{"2024-03-01", -1, "2024-02-29"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2026-03-29", 1, "2026-03-30"}, // European DST change: still one day
		{"not a date", 5, "not a date"},
	}
	for _, tt := range tests {
		if got := addDays(tt.date, tt.add); got != tt.want {
			t.Errorf("addDays(%s, %d) = %s, want %s", tt.date, tt.add, got, tt.want)
		}
	}
	for _, s := range []string{"2026-02-29", "2026-13-01", "2026-3-1", "26-03-01", "2026-03-01T00:00:00Z", ""} {
		if validDate(s) {
			t.Errorf("validDate(%q) = true", s)
		}
	}
}

func TestNamesPhrase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []string
		want string
	}{
		{nil, "nobody"},
		{[]string{"Ada"}, "Ada"},
		{[]string{"Ada", "Grace"}, "Ada and Grace"},
		{[]string{"Ada", "Grace", "Mary"}, "Ada, Grace and Mary"},
		{[]string{"Ada", "Grace", "Mary", "Emmy"}, "Ada, Grace, Mary and 1 other"},
		{[]string{"Ada", "Grace", "Mary", "Emmy", "Rosalind"}, "Ada, Grace, Mary and 2 others"},
	}
	for _, tt := range tests {
		if got := namesPhrase(tt.in); got != tt.want {
			t.Errorf("namesPhrase(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBatchSummary(t *testing.T) {
	t.Parallel()
	day := func(dates ...string) []InteractionInput {
		out := make([]InteractionInput, len(dates))
		for i, d := range dates {
			out[i].OccurredOn = d
		}
		return out
	}
	tests := []struct {
		batch     []InteractionInput
		followUps int
		want      string
	}{
		{day("2026-03-09"), 0, "Logged 1 interaction dated 2026-03-09"},
		{day("2026-03-09", "2026-03-09"), 1, "Logged 2 interactions dated 2026-03-09, with 1 follow-up"},
		{day("2026-03-09", "2025-03-10", "2025-12-01"), 2, "Logged 3 interactions dated 2025-03-10 to 2026-03-09, with 2 follow-ups"},
		{append(day("2025-03-10"), slices.Repeat(day("2026-03-09"), 4999)...), 1096,
			"Logged 5,000 interactions dated 2025-03-10 to 2026-03-09, with 1,096 follow-ups"},
	}
	for _, tt := range tests {
		if got := batchSummary(tt.batch, tt.followUps); got != tt.want {
			t.Errorf("batchSummary = %q, want %q", got, tt.want)
		}
	}
	for n, want := range map[int]string{0: "0 rows", 1: "1 row", 999: "999 rows", 1000: "1,000 rows", 1234567: "1,234,567 rows"} {
		if got := howMany(n, "row"); got != want {
			t.Errorf("howMany(%d) = %q, want %q", n, got, want)
		}
	}
}
