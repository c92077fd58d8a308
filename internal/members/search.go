package members

import (
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// conds is the one place member queries are put together: it collects
// WHERE conditions with their arguments in order, so placeholders and
// values can never drift apart. Only fixed SQL fragments go in cond;
// everything a person typed goes in args.
type conds struct {
	sql  []string
	args []any
}

func (c *conds) add(cond string, args ...any) {
	c.sql = append(c.sql, cond)
	c.args = append(c.args, args...)
}

// in adds "expr IN (?, ...)" for a non-empty list.
func in[T any](c *conds, expr string, values []T) {
	if len(values) == 0 {
		return
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	c.add(expr+" IN ("+placeholders(len(args))+")", args...)
}

func (c *conds) where() string {
	if len(c.sql) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.sql, " AND ")
}

// filterConds translates a normalised filter into conditions on members m.
func filterConds(d store.Dialect, f Filter) *conds {
	c := &conds{}
	switch f.Archived {
	case "":
		c.add("m.archived_at IS NULL")
	case ArchivedOnly:
		c.add("m.archived_at IS NOT NULL")
	}
	if q := store.FullTextQuery(d, searchTerms(f.Q)); q != "" {
		if d == store.Postgres {
			c.add("m.search_vector @@ to_tsquery('simple', ?)", q)
		} else {
			c.add("m.id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)", q)
		}
	}
	in(c, "m.status", f.Status)
	in(c, "m.career_stage", f.CareerStage)
	in(c, "m.country", f.Country)
	in(c, "m.id", f.IDs)
	for _, l := range []struct {
		kind string
		tags []string
	}{{kindTag, f.Tags}, {kindInterest, f.Interests}, {kindExpertise, f.Expertise}, {kindLanguage, f.Languages}} {
		for _, t := range l.tags {
			c.add("EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.kind = ? AND t.tag_key = ?)", l.kind, tagKey(t))
		}
	}
	if f.Affiliation != "" {
		c.add(`m.affiliation_key LIKE ? ESCAPE '\'`, "%"+escapeLike(foldKey(f.Affiliation))+"%")
	}
	if f.Source != "" {
		c.add("m.source = ?", f.Source)
	}
	if f.JoinedFrom != "" {
		c.add("m.joined_on >= ?", f.JoinedFrom)
	}
	if f.JoinedTo != "" {
		c.add("m.joined_on <= ?", f.JoinedTo)
	}
	if f.HasEmail != nil {
		c.add(not(!*f.HasEmail) + "EXISTS (SELECT 1 FROM member_emails e WHERE e.member_id = m.id)")
	}
	if f.HasORCID != nil {
		c.add("m.orcid IS " + not(*f.HasORCID) + "NULL")
	}
	if f.ConsentContact != nil {
		c.add("m.consent_contact = ?", *f.ConsentContact)
	}
	if f.Platform != "" {
		c.add("EXISTS (SELECT 1 FROM member_identities i WHERE i.member_id = m.id AND i.platform = ?)", f.Platform)
	}
	if f.KeyOnly {
		c.add("EXISTS (SELECT 1 FROM key_members k WHERE k.member_id = m.id)")
	}
	return c
}

func not(b bool) string {
	if b {
		return "NOT "
	}
	return ""
}

// escapeLike makes % and _ in what a person typed match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// sortKey is one way of ordering the list: the SQL expression it orders by
// (always followed by m.id, so the order is total) and its direction.
type sortKey struct {
	sort    string // as in Filter.Sort, with "-" when descending
	expr    string
	numeric bool
	desc    bool
}

// sortKeys' expressions match the indexes in the members migration
// exactly, so each sort reads an index instead of sorting the table.
var sortKeys = map[string]sortKey{
	"name":    {expr: "m.sort_name"},
	"joined":  {expr: "COALESCE(m.joined_on, '')"},
	"created": {expr: "m.created_at", numeric: true},
	"updated": {expr: "m.updated_at", numeric: true},
}

// parseSort returns the sort for a normalised Filter.Sort.
func parseSort(s string) sortKey {
	k, ok := sortKeys[strings.TrimPrefix(s, "-")]
	if !ok {
		k, s = sortKeys["name"], "name"
	}
	k.sort, k.desc = s, strings.HasPrefix(s, "-")
	return k
}

// after adds the keyset condition for rows that come after cursor cur.
// The row-value comparison alone is exact; the redundant bound on the sort
// key lets SQLite seek into an index on an expression (joined) rather than
// scan it from the start.
func (k sortKey) after(c *conds, cur cursor) {
	op := ">"
	if k.desc {
		op = "<"
	}
	key := cur.keyArg(k)
	c.add("("+k.expr+", m.id) "+op+" (?, ?) AND "+k.expr+" "+op+"= ?", key, cur.ID, key)
}

func (k sortKey) orderBy() string {
	dir := " ASC"
	if k.desc {
		dir = " DESC"
	}
	return " ORDER BY " + k.expr + dir + ", m.id" + dir
}
