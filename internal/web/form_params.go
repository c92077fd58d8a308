package web

import (
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/clock"
)

// Request reading shared by every page: ids from forms and queries, the
// community's "today", date arithmetic and list links.

// formIDs reads repeated id values (checkboxes, ?member=1&member=2) in the
// order given, dropping blanks, repeats and anything that is not a positive
// whole number: a picker only ever sends ids it was offered.
func formIDs(values []string) []int64 {
	seen := make(map[int64]bool, len(values))
	var out []int64
	for _, v := range values {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// formID reads one optional id value; 0 when it is blank or not an id.
func formID(v string) int64 {
	ids := formIDs([]string{v})
	if len(ids) == 0 {
		return 0
	}
	return ids[0]
}

// today is the community's calendar date now, the same "today" the
// relationships service judges due dates and cadences against.
func (s *Server) today() string { return clock.Today(s.now(), s.app.Location) }

// addDays returns the YYYY-MM-DD date n days after date.
func addDays(date string, n int) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// withQuery returns q encoded with each key of the key, value pairs set to
// its value, or removed when the value is "": the link to another page or
// tab of the same list, keeping its other filters.
func withQuery(q url.Values, pairs ...string) string {
	c := maps.Clone(q)
	if c == nil {
		c = url.Values{}
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			c.Del(pairs[i])
		} else {
			c.Set(pairs[i], pairs[i+1])
		}
	}
	return c.Encode()
}
