package members

import (
	"context"
	"database/sql"
	"fmt"
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
// meaning, checks only those; unless plain is set (the text is common,
// see markCommonSubstrings, or the page is read by substrMerge) or the
// text is shorter than the index can look up, when the LIKE is tested on
// each member (on each index entry) the page's read passes.
func addContains(c *store.Where, d store.Dialect, column, s string, plain bool) {
	key, like := foldKey(s), containsPattern(s)
	if d == store.SQLite && !plain && utf8.RuneCountInString(key) >= minIndexedSubstring {
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

// mergeMaxKeys is how many distinct texts a substring filter may match
// for the list to read each one's members in the page's order and merge
// them (substrMerge), by engine. Each costs a look-up and up to a page of
// index entries; beyond it the matches are common enough for reading
// members_sort_name in order to find a page sooner. On SQLite that index
// holds the texts, so reading it costs little; on PostgreSQL it does not,
// and each member it passes is read from the table, while a text's range
// is read from its index alone.
var mergeMaxKeys = map[store.Dialect]int{store.SQLite: 16, store.Postgres: 64}

// distinctMaxKeys is how many distinct texts of a column the list reads
// to find those a substring filter matches. A community whose texts are
// mostly unique (more of them than this) is filtered as before, through
// the trigram index.
var distinctMaxKeys = 1000

// substrMerge is a page read as the merge of one ordered index range per
// distinct text that a substring filter matches: the members whose
// column (affiliation_key or job_title_key) is one of keys.
type substrMerge struct {
	column string
	keys   []string
}

// planSubstrMerge returns the merge that reads f's page, or nil when f
// is read as before: it has no substring filter, its sort is not by name
// (the indexes of migration 0045 hold members by name within a text), it
// searches (fewSearchMatches plans that), on SQLite it asks for tags,
// fields, an address or ids, or its texts match more than mergeMaxKeys
// distinct texts. Of two filters the one matching fewer texts is merged
// and the other tested on each index entry. The keys are exactly the
// column's distinct values that the filter's LIKE matches, read from the
// database as it is, so a page holds what it always held.
func (s *Service) planSubstrMerge(ctx context.Context, f Filter, sk sortKey) (*substrMerge, error) {
	if sk.expr != sortKeys["name"].expr || f.Q != "" {
		return nil, nil
	}
	// SQLite would build the sets these conditions read (members with
	// these tags, this address, these fields, these ids) once for each
	// text's subquery.
	if s.DB.Dialect == store.SQLite && (len(f.Tags)+len(f.Interests)+len(f.Expertise)+len(f.Languages)+
		len(f.CustomFields)+len(f.IDs) > 0 || f.Email != "") {
		return nil, nil
	}
	var best *substrMerge
	for _, col := range []struct{ name, text string }{
		{"affiliation_key", f.Affiliation},
		{"job_title_key", f.JobTitle},
	} {
		if col.text == "" {
			continue
		}
		keys, ok, err := s.matchingKeys(ctx, col.name, containsPattern(col.text))
		if err != nil {
			return nil, err
		}
		if ok && len(keys) <= mergeMaxKeys[s.DB.Dialect] && (best == nil || len(keys) < len(best.keys)) {
			best = &substrMerge{column: col.name, keys: keys}
		}
	}
	return best, nil
}

// matchingKeys returns the distinct values of column (affiliation_key or
// job_title_key) that like matches, in the column's order; ok is false,
// and keys nil, when the column holds more than distinctMaxKeys distinct
// values. SQLite reads one entry of the column's index per value (its
// skip-ahead DISTINCT, once statistics show values repeat); PostgreSQL,
// which has no such scan before version 18, descends the index once per
// value.
func (s *Service) matchingKeys(ctx context.Context, column, like string) (keys []string, ok bool, err error) {
	q, args := matchingKeysQuery(s.DB.Dialect, column, like)
	n := 0
	err = store.EachRow(ctx, s.DB, q, args, func(rows *sql.Rows) error {
		var v string
		var match bool
		if err := rows.Scan(&v, &match); err != nil {
			return err
		}
		n++
		if match {
			keys = append(keys, v)
		}
		return nil
	})
	if err != nil || n > distinctMaxKeys {
		return nil, false, err
	}
	return keys, true, nil
}

// matchingKeysQuery reads up to distinctMaxKeys + 1 distinct values of
// column, each with whether like matches it.
func matchingKeysQuery(d store.Dialect, column, like string) (string, []any) {
	args := []any{like, distinctMaxKeys + 1}
	if d == store.Postgres {
		return `WITH RECURSIVE d(v) AS (
	(SELECT m.` + column + ` FROM members m ORDER BY m.` + column + ` LIMIT 1)
	UNION ALL
	SELECT (SELECT m.` + column + ` FROM members m WHERE m.` + column + ` > d.v ORDER BY m.` + column + ` LIMIT 1) FROM d WHERE d.v IS NOT NULL)
SELECT v, v LIKE ? ESCAPE '\' FROM d WHERE v IS NOT NULL LIMIT ?`, args
	}
	return `SELECT v, v LIKE ? ESCAPE '\' FROM (SELECT DISTINCT m.` + column + ` AS v FROM members m LIMIT ?) d`, args
}

// pageQuery is the query for a page of at most n members matching c
// (every condition of the filter, the cursor's too), in sk's order: for
// each key, the first n of its members in that order, from the key's
// index range; of those, the first n; then their rows. Each key's members
// are in exactly one range, so the first n of the ranges' first n are the
// first n of all. SQLite merges one subquery per key; PostgreSQL reads
// the ranges through one LATERAL subquery, whose plan does not grow with
// the number of keys, and sorts what they return.
func (mg *substrMerge) pageQuery(d store.Dialect, c *store.Where, sk sortKey, n int) (string, []any) {
	dir := " ASC"
	if sk.desc {
		dir = " DESC"
	}
	var b strings.Builder
	var args []any
	b.WriteString("SELECT " + memberColumns + ", " + sk.expr + " FROM (")
	if d == store.Postgres {
		kc := c.Clone()
		kc.Add("m." + mg.column + " = k.v")
		b.WriteString("SELECT r.id, r.sort_name FROM unnest(?::text[]) AS k(v) CROSS JOIN LATERAL (SELECT m.id, m.sort_name FROM members m" +
			kc.SQL() + sk.orderBy() + " LIMIT ?) r ORDER BY r.sort_name" + dir + ", r.id" + dir + " LIMIT ?")
		args = append(append([]any{mg.keys}, kc.Args(n)...), n)
	} else {
		for i, key := range mg.keys {
			kc := c.Clone()
			kc.Add("m."+mg.column+" = ?", key)
			if i > 0 {
				b.WriteString(" UNION ALL ")
			}
			fmt.Fprintf(&b, "SELECT id, sort_name FROM (SELECT m.id, m.sort_name FROM members m%s%s LIMIT ?) k%d",
				kc.SQL(), sk.orderBy(), i)
			args = append(args, kc.Args(n)...)
		}
		b.WriteString(" ORDER BY sort_name" + dir + ", id" + dir + " LIMIT ?")
		args = append(args, n)
	}
	b.WriteString(") p JOIN members m ON m.id = p.id" + sk.orderBy() + " LIMIT ?")
	return b.String(), append(args, n)
}
