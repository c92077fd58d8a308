package members

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/store"
)

// minIndexedSubstring is the shortest text the substring indexes can
// look up: they hold every three-character run of the folded column.
const minIndexedSubstring = 3

// addContains adds "column contains s" to c, ignoring case and accents,
// for one of the folded columns with a substring index (migration 0008):
// affiliation_key or job_title_key. On PostgreSQL the LIKE itself uses the
// trigram index when the planner finds it worth it. On SQLite the FTS5
// trigram table finds the candidate rows and the LIKE, kept for its exact
// meaning, checks only those; unless common is set (see
// markCommonSubstrings) or the text is shorter than the index can look
// up, when the LIKE reads the members in the page's order instead.
func addContains(c *store.Where, d store.Dialect, column, s string, common bool) {
	key, like := foldKey(s), containsPattern(s)
	if d == store.SQLite && !common && utf8.RuneCountInString(key) >= minIndexedSubstring {
		c.Add(`m.id IN (SELECT rowid FROM members_substr WHERE members_substr MATCH ?) AND m.`+column+` LIKE ? ESCAPE '\'`,
			substrMatch(column, key), like)
		return
	}
	c.Add(`m.`+column+` LIKE ? ESCAPE '\'`, like)
}

// commonSubstrRows is how many members may hold a substring for the index
// to be the faster way to a page. Beyond it, SQLite would gather every
// match (say "univers", in half the affiliations) before sorting them,
// while reading the members in the page's order finds a page of matches
// within the first few hundred.
var commonSubstrRows = 2000

// markCommonSubstrings notes on f, for SQLite, which substring filters
// match too many members for the index to help a page: it counts the
// index's matches, stopping at commonSubstrRows + 1, which costs little
// either way. PostgreSQL weighs this itself from its statistics.
func (s *Service) markCommonSubstrings(ctx context.Context, f *Filter) error {
	if s.DB.Dialect != store.SQLite {
		return nil
	}
	for _, col := range []struct{ name, text string }{
		{"affiliation_key", f.Affiliation},
		{"job_title_key", f.JobTitle},
	} {
		key := foldKey(col.text)
		if utf8.RuneCountInString(key) < minIndexedSubstring {
			continue
		}
		var n int
		err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT rowid FROM members_substr WHERE members_substr MATCH ? LIMIT ?)",
			substrMatch(col.name, key), commonSubstrRows+1).Scan(&n)
		if err != nil {
			return err
		}
		if n > commonSubstrRows {
			if f.commonSubstr == nil {
				f.commonSubstr = map[string]bool{}
			}
			f.commonSubstr[col.name] = true
		}
	}
	return nil
}

// substrMatch is the FTS5 query for "column contains key": a phrase,
// so that nothing typed is read as query syntax.
func substrMatch(column, key string) string {
	return column + ` : "` + strings.ReplaceAll(key, `"`, `""`) + `"`
}
