package members

import (
	"context"
	"database/sql"
	"strconv"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// List returns one page of the members matching f, in f's sort order (by
// name when unset) with ties broken by id. Pages are keyset-paginated: pass
// the result's Next as the following Page.Cursor. A page costs five queries
// whatever its size (the members, then their emails, tags, identities and
// custom fields). It fails with Invalid for a bad filter or cursor.
func (s *Service) List(ctx context.Context, f Filter, p Page) (ListResult, error) {
	f, err := f.Normalise()
	if err != nil {
		return ListResult{}, err
	}
	sk := parseSort(f.Sort)
	merge, err := s.planSubstrMerge(ctx, f, sk)
	if err != nil {
		return ListResult{}, store.Wrap(err, "Could not list the members.")
	}
	f.substrMerge = merge
	if merge == nil {
		if err := s.markCommonSubstrings(ctx, &f); err != nil {
			return ListResult{}, store.Wrap(err, "Could not list the members.")
		}
	}
	few, err := s.fewSearchMatches(ctx, f)
	if err != nil {
		return ListResult{}, store.Wrap(err, "Could not list the members.")
	}
	f.commonSearch = !few
	c := filterConds(s.DB.Dialect, f)
	cur, ok, err := store.ParseCursor(p.Cursor, sk.cursorList())
	if err != nil {
		return ListResult{}, err
	}
	if ok {
		sk.after(c, cur)
	}
	limit := p.limit()
	if merge != nil && len(merge.keys) == 0 {
		// No member holds a text the filter matches.
		return ListResult{Members: []Member{}}, nil
	}
	query := "SELECT " + memberColumns + ", " + sk.expr + " FROM members m" + c.SQL() + sk.orderBy() + " LIMIT ?"
	args := c.Args(limit + 1)
	if few && s.DB.Dialect == store.Postgres {
		// Gather the matches from the search index first, then sort them:
		// the CTE is planned on its own, without the ORDER BY ... LIMIT
		// that tempts PostgreSQL into walking the sort index.
		query = "WITH hits AS MATERIALIZED (SELECT " + memberColumns + ", m.sort_name FROM members m" + c.SQL() +
			") SELECT " + memberColumns + ", " + sk.expr + " FROM hits m" + sk.orderBy() + " LIMIT ?"
	}
	if merge != nil {
		query, args = merge.pageQuery(s.DB.Dialect, c, sk, limit+1)
	}
	var ms []Member
	var keys []string
	// One row more than the page shows whether another page follows.
	err = store.EachRow(ctx, s.DB, query, args, func(rows *sql.Rows) error {
		var str string
		var num int64
		key := any(&str)
		if sk.numeric {
			key = &num
		}
		m, err := scanMember(rows, key)
		if err != nil {
			return err
		}
		if sk.numeric {
			str = strconv.FormatInt(num, 10)
		}
		ms, keys = append(ms, m), append(keys, str)
		return nil
	})
	if err != nil {
		return ListResult{}, store.Wrap(err, "Could not list the members.")
	}
	var res ListResult
	if len(ms) > limit {
		ms = ms[:limit]
		last := ms[limit-1]
		res.Next = store.Cursor{List: sk.cursorList().Name, Key: keys[limit-1], ID: last.ID}.String()
	}
	if err := attach(ctx, s.DB, ms); err != nil {
		return ListResult{}, store.Wrap(err, "Could not list the members.")
	}
	if ms == nil {
		ms = []Member{}
	}
	res.Members = ms
	return res, nil
}

// Count returns how many members match f (pagination and sort aside). It
// fails with Invalid for a bad filter.
func (s *Service) Count(ctx context.Context, f Filter) (int, error) {
	f, err := f.Normalise()
	if err != nil {
		return 0, err
	}
	c := filterConds(s.DB.Dialect, f)
	var n int
	err = s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM members m"+c.SQL(), c.Args()...).Scan(&n)
	return n, store.Wrap(err, "Could not count the members.")
}

// CountJoinedSince counts the members, archived ones aside, who joined on
// or after date (YYYY-MM-DD): the dashboard's "new members this month".
// A bad date is an Invalid error naming "date".
func (s *Service) CountJoinedSince(ctx context.Context, date string) (int, error) {
	if !validDate(date) {
		return 0, badSince()
	}
	return s.Count(ctx, Filter{JoinedFrom: date})
}

// ListJoinedSince returns up to limit members (DefaultLimit when limit <= 0,
// at most MaxLimit), archived ones aside, who joined on or after date, the
// most recent first.
func (s *Service) ListJoinedSince(ctx context.Context, date string, limit int) ([]Member, error) {
	if !validDate(date) {
		return nil, badSince()
	}
	res, err := s.List(ctx, Filter{JoinedFrom: date, Sort: "-joined"}, Page{Limit: limit})
	return res.Members, err
}

func badSince() error {
	var fe apperr.FieldErrors
	fe.Add("date", "must be a date written YYYY-MM-DD")
	return fe.Err()
}

// commonSearchRows is how many members a full-text search may match for
// gathering all of them to be the faster way to a page.
var commonSearchRows = 2000

// fewSearchMatches reports whether f's full-text search matches at most
// commonSearchRows members, counting the search index's matches and
// stopping beyond that; false when f has no search.
//
// SQLite always gathered every match and sorted them, for every page:
// a given name such as "Lê" searches "le*", which 39,000 of 100,000
// members match (every word beginning with "le"), so each of its 777
// pages read and sorted 39,000 members, 100-140 ms of CPU a page. Beyond
// commonSearchRows it now reads the members in the page's order and keeps
// the matches (commonSearch), which finds a page within a few hundred.
//
// PostgreSQL's estimate for a prefix
// search such as 'maria:*' (1,140 of 100,000 members) is far too high, so
// it walked the name index testing each member's search vector until it
// had a page: 56,000 rows and 384 ms, against 4 ms gathering the matches
// from the GIN index and sorting them. For a search matching thousands,
// walking the name index is the faster way and is left to the planner.
//
// The answer is remembered for a minute (searchPlans), so that reading a
// search page after page counts once: counting costs about as much as the
// page. It only chooses the plan, never what a page holds, so an answer a
// minute old is good enough.
func (s *Service) fewSearchMatches(ctx context.Context, f Filter) (bool, error) {
	q := store.FullTextQuery(s.DB.Dialect, searchTerms(f.Q))
	if q == "" {
		return false, nil
	}
	key := searchPlanKey{s.DB, q, commonSearchRows}
	if few, ok := searchPlans.get(key); ok {
		return few, nil
	}
	count := "SELECT COUNT(*) FROM (SELECT 1 FROM members m WHERE m.search_vector @@ to_tsquery('simple', ?) LIMIT ?) x"
	if s.DB.Dialect == store.SQLite {
		count = "SELECT COUNT(*) FROM (SELECT 1 FROM members_fts WHERE members_fts MATCH ? LIMIT ?)"
	}
	var n int
	err := s.DB.QueryRow(ctx, count, q, commonSearchRows+1).Scan(&n)
	if err != nil {
		return false, err
	}
	few := n <= commonSearchRows
	searchPlans.put(key, few)
	return few, nil
}

// searchPlans remembers fewSearchMatches' answers for searchPlanTTL, at
// most searchPlanMax of them (all are forgotten when it is full).
var searchPlans = &searchPlanCache{m: map[searchPlanKey]searchPlan{}}

const (
	searchPlanTTL = time.Minute
	searchPlanMax = 1000
)

type searchPlanKey struct {
	db   *store.DB
	q    string
	rows int // commonSearchRows when counted
}

type searchPlan struct {
	few bool
	at  time.Time
}

type searchPlanCache struct {
	mu sync.Mutex
	m  map[searchPlanKey]searchPlan
}

func (c *searchPlanCache) get(k searchPlanKey) (few, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[k]
	if !ok || time.Since(p.at) > searchPlanTTL {
		return false, false
	}
	return p.few, true
}

func (c *searchPlanCache) put(k searchPlanKey, few bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= searchPlanMax {
		clear(c.m)
	}
	c.m[k] = searchPlan{few: few, at: time.Now()}
}
