package members

import (
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
// trigram index. On SQLite the FTS5 trigram table finds the candidate
// rows and the LIKE, kept for its exact meaning, checks only those.
// Shorter text than the index can look up reads the table, as before.
func addContains(c *conds, d store.Dialect, column, s string) {
	key, like := foldKey(s), containsPattern(s)
	if d == store.SQLite && utf8.RuneCountInString(key) >= minIndexedSubstring {
		c.add(`m.id IN (SELECT rowid FROM members_substr WHERE members_substr MATCH ?) AND m.`+column+` LIKE ? ESCAPE '\'`,
			column+` : "`+strings.ReplaceAll(key, `"`, `""`)+`"`, like)
		return
	}
	c.add(`m.`+column+` LIKE ? ESCAPE '\'`, like)
}
