package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	mathbits "math/bits"
	"slices"
	"strings"
)

// A load into an empty SQLite database (DB.InLoadTx) writes with foreign
// keys off and checks them once before its commit. PRAGMA
// foreign_key_check looks up every row's parents one at a time: after the
// benchmark community it took 9 s, most of it the 1.6 million links from
// interactions to members, each a seek into the wide members table. But
// the rows CopyRows writes pass through Go first, so it notes each
// foreign key's values on their way in (loadCheck), and the check before
// the commit then proves a table whose every row it saw with a few
// aggregates and the parents' keys, leaving the pragma the tables it
// cannot vouch for.
//
// A table is proved when:
//   - it was empty when the load first copied into it, every value of its
//     foreign-key columns was an integer or NULL, and no key spans several
//     columns;
//   - it now holds exactly the rows copied into it, and each foreign-key
//     column holds the count and the sum of non-null values that were
//     copied (so rows added, removed or re-pointed outside CopyRows send
//     it back to the pragma);
//   - every distinct value copied into each foreign-key column is a key of
//     the parent as the parent stands at the check. A parent column whose
//     values are n distinct integers from min to min+n-1 (parent keys are
//     unique: SQLite refuses a foreign key to anything else) is read with
//     one query; any other is read in full.
//
// Any table not proved, or in which the proof finds a missing parent, is
// checked by PRAGMA foreign_key_check, whose answer stands and names the
// rows.

// foreignKey is one single-column foreign key of child.
type foreignKey struct {
	child, from, parent, to string
}

// loadCheck is what a load has copied, for checkForeignKeys.
type loadCheck struct {
	fks    map[string][]foreignKey // by child table; nil until first read
	copied map[string]*copiedTable
	multi  map[string]bool // tables with a key over several columns
}

// copiedTable is what CopyRows wrote into one table during the load.
type copiedTable struct {
	rows      int64
	untracked bool // not empty before, a composite key, or a value that is not an integer
	keys      []*copiedKey
}

// copiedKey is the values copied into one foreign-key column.
type copiedKey struct {
	fk       foreignKey
	n, sum   int64
	distinct keySet
}

// track returns rows, noting the foreign-key values of each row as it
// passes. table's foreign keys are read from the schema on the load's
// first copy.
func (lc *loadCheck) track(ctx context.Context, tx *Tx, table string, cols []string, rows iter.Seq[[]any]) (iter.Seq[[]any], error) {
	if lc.fks == nil {
		if err := lc.readForeignKeys(ctx, tx); err != nil {
			return nil, err
		}
	}
	ct := lc.copied[table]
	if ct == nil {
		ct = &copiedTable{untracked: lc.multi[table]}
		var full bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+")").Scan(&full); err != nil {
			return nil, fmt.Errorf("copy rows into %s: %w", table, err)
		}
		ct.untracked = ct.untracked || full
		for _, fk := range lc.fks[table] {
			ct.keys = append(ct.keys, &copiedKey{fk: fk})
		}
		lc.copied[table] = ct
	}
	if ct.untracked {
		return rows, nil
	}
	// Each copy names its own columns: a key column it leaves out is
	// NULL (or its default, which the pragma then checks).
	at := make([]int, len(ct.keys))
	for i, k := range ct.keys {
		at[i] = slices.Index(cols, k.fk.from)
		if at[i] < 0 {
			ct.untracked = true
			return rows, nil
		}
	}
	return func(yield func([]any) bool) {
		for row := range rows {
			ct.rows++
			for i, k := range ct.keys {
				if len(row) <= at[i] {
					continue // InsertMany refuses the row
				}
				v, null, ok := intValue(row[at[i]])
				switch {
				case !ok:
					ct.untracked = true
				case !null:
					k.n++
					k.sum += v
					k.distinct.add(v)
				}
			}
			if !yield(row) {
				return
			}
		}
	}, nil
}

// intValue reads a foreign-key value as CopyRows is given it.
func intValue(v any) (n int64, null, ok bool) {
	switch v := v.(type) {
	case nil:
		return 0, true, true
	case int64:
		return v, false, true
	case int:
		return int64(v), false, true
	case int32:
		return int64(v), false, true
	}
	return 0, false, false
}

// readForeignKeys reads every table's foreign keys from the schema.
func (lc *loadCheck) readForeignKeys(ctx context.Context, tx *Tx) error {
	lc.fks, lc.multi = map[string][]foreignKey{}, map[string]bool{}
	type key struct {
		child string
		id    int
	}
	seen := map[key]int{}
	err := EachRow(ctx, tx, `SELECT m.name, p.id, p."table", p."from", COALESCE(p."to", '')
FROM sqlite_master m, pragma_foreign_key_list(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.id, p.seq`, nil,
		func(rows *sql.Rows) error {
			var fk foreignKey
			var id int
			if err := rows.Scan(&fk.child, &id, &fk.parent, &fk.from, &fk.to); err != nil {
				return err
			}
			seen[key{fk.child, id}]++
			if seen[key{fk.child, id}] > 1 {
				lc.multi[fk.child] = true
				return nil
			}
			lc.fks[fk.child] = append(lc.fks[fk.child], fk)
			return nil
		})
	if err != nil {
		return fmt.Errorf("read foreign keys: %w", err)
	}
	return nil
}

// checkForeignKeys fails when any row of the database names a parent row
// that does not exist, naming the first few: the tables the load copied
// and can prove (see above) are checked from what it copied, every other
// table with a foreign key by PRAGMA foreign_key_check.
func checkForeignKeys(ctx context.Context, tx *Tx, lc *loadCheck) error {
	if lc.fks == nil {
		if err := lc.readForeignKeys(ctx, tx); err != nil {
			return err
		}
	}
	tables := make([]string, 0, len(lc.fks)+len(lc.multi))
	for t := range lc.fks {
		tables = append(tables, t)
	}
	for t := range lc.multi {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	tables = slices.Compact(tables)
	parents := map[foreignKey]*parentKeys{}
	var pragma []string
	for _, t := range tables {
		ok, err := lc.proved(ctx, tx, t, parents)
		if err != nil {
			return fmt.Errorf("check foreign keys of %s: %w", t, err)
		}
		if !ok {
			pragma = append(pragma, t)
		}
	}
	return foreignKeyCheck(ctx, tx, pragma)
}

// proved reports whether every row of table t is one the load copied,
// with every parent it names present.
func (lc *loadCheck) proved(ctx context.Context, tx *Tx, t string, parents map[foreignKey]*parentKeys) (bool, error) {
	ct := lc.copied[t]
	if ct == nil || ct.untracked {
		return false, nil
	}
	// One pass over the table: its rows, and each key's count and sum.
	q := "SELECT COUNT(*)"
	for _, k := range ct.keys {
		q += fmt.Sprintf(", COUNT(%[1]s), COALESCE(SUM(%[1]s), 0)", quoteIdent(k.fk.from))
	}
	dest := make([]any, 1+2*len(ct.keys))
	var rows int64
	got := make([]int64, 2*len(ct.keys))
	dest[0] = &rows
	for i := range got {
		dest[1+i] = &got[i]
	}
	if err := tx.QueryRow(ctx, q+" FROM "+t).Scan(dest...); err != nil {
		// SUM overflows past 64 bits: leave the table to the pragma.
		return false, nil
	}
	if rows != ct.rows {
		return false, nil
	}
	for i, k := range ct.keys {
		if got[2*i] != k.n || got[2*i+1] != k.sum {
			return false, nil
		}
	}
	for _, k := range ct.keys {
		pk := foreignKey{parent: k.fk.parent, to: k.fk.to}
		p := parents[pk]
		if p == nil {
			var err error
			if p, err = readParentKeys(ctx, tx, pk.parent, pk.to); err != nil {
				return false, err
			}
			parents[pk] = p
		}
		if !p.holdAll(&k.distinct) {
			return false, nil
		}
	}
	return true, nil
}

// parentKeys are the values of a parent's key column: a range when they
// run without a gap, else each of them.
type parentKeys struct {
	ok       bool // false: not all integers, leave the children to the pragma
	lo, hi   int64
	contig   bool
	distinct keySet
}

func (p *parentKeys) holdAll(vs *keySet) bool {
	if !p.ok {
		return false
	}
	if p.contig {
		lo, hi, any := vs.bounds()
		return !any || (lo >= p.lo && hi <= p.hi)
	}
	return vs.subsetOf(&p.distinct)
}

// readParentKeys reads the values of table's column col (its primary key
// when col is empty).
func readParentKeys(ctx context.Context, tx *Tx, table, col string) (*parentKeys, error) {
	if col == "" {
		err := EachRow(ctx, tx, "SELECT name FROM pragma_table_info(?) WHERE pk > 0", []any{table}, func(rows *sql.Rows) error {
			if col != "" {
				col = "\x00" // a key over several columns
				return nil
			}
			return rows.Scan(&col)
		})
		if err != nil || col == "" || col == "\x00" {
			return &parentKeys{}, err
		}
	}
	c := quoteIdent(col)
	var n int64
	var lo, hi sql.NullInt64
	if err := tx.QueryRow(ctx, "SELECT COUNT("+c+"), MIN("+c+"), MAX("+c+") FROM "+quoteIdent(table)).Scan(&n, &lo, &hi); err != nil {
		return &parentKeys{}, nil // not integers
	}
	if n == 0 {
		return &parentKeys{ok: true}, nil
	}
	if lo.Valid && hi.Valid && hi.Int64-lo.Int64 == n-1 {
		return &parentKeys{ok: true, contig: true, lo: lo.Int64, hi: hi.Int64}, nil
	}
	p := &parentKeys{ok: true}
	err := EachRow(ctx, tx, "SELECT "+c+" FROM "+quoteIdent(table)+" WHERE "+c+" IS NOT NULL", nil, func(rows *sql.Rows) error {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return err
		}
		p.distinct.add(v)
		return nil
	})
	if err != nil {
		return &parentKeys{}, nil // not integers
	}
	return p, nil
}

// foreignKeyCheck runs PRAGMA foreign_key_check over tables and fails
// when any row names a parent row that does not exist, naming the first
// few.
func foreignKeyCheck(ctx context.Context, tx *Tx, tables []string) error {
	var orphans []string
	n := 0
	for _, t := range tables {
		err := EachRow(ctx, tx, "PRAGMA foreign_key_check("+quoteIdent(t)+")", nil, func(rows *sql.Rows) error {
			var table, parent string
			var rowid sql.NullInt64
			var fkid int64
			if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
				return err
			}
			n++
			if len(orphans) < 3 {
				row := "a row"
				if rowid.Valid {
					row = fmt.Sprintf("row %d", rowid.Int64)
				}
				orphans = append(orphans, fmt.Sprintf("%s of %s names a missing row of %s", row, table, parent))
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("check foreign keys of %s: %w", t, err)
		}
	}
	if n > 0 {
		return fmt.Errorf("check foreign keys: %d rows name a parent that does not exist: %s", n, strings.Join(orphans, "; "))
	}
	return nil
}

// keySet is a set of integer keys: a bitmap for the small positive ids
// SQLite hands out, a map for any other.
type keySet struct {
	bits  []uint64
	other map[int64]struct{}
}

// bitsMax bounds the bitmap (16 MB).
const bitsMax = 1 << 27

func (s *keySet) add(v int64) {
	if v >= 0 && v < bitsMax {
		w := int(v >> 6)
		if w >= len(s.bits) {
			s.bits = append(s.bits, make([]uint64, max(w+1, 2*len(s.bits))-len(s.bits))...)
		}
		s.bits[w] |= 1 << (v & 63)
		return
	}
	if s.other == nil {
		s.other = map[int64]struct{}{}
	}
	s.other[v] = struct{}{}
}

func (s *keySet) has(v int64) bool {
	if v >= 0 && v < bitsMax {
		w := int(v >> 6)
		return w < len(s.bits) && s.bits[w]&(1<<(v&63)) != 0
	}
	_, ok := s.other[v]
	return ok
}

// bounds are the smallest and largest keys; any is false for an empty set.
func (s *keySet) bounds() (lo, hi int64, any bool) {
	first := true
	s.each(func(v int64) bool {
		if first || v < lo {
			lo = v
		}
		if first || v > hi {
			hi = v
		}
		first = false
		return true
	})
	return lo, hi, !first
}

// subsetOf reports whether every key of s is in t.
func (s *keySet) subsetOf(t *keySet) bool {
	ok := true
	s.each(func(v int64) bool {
		ok = t.has(v)
		return ok
	})
	return ok
}

func (s *keySet) each(fn func(int64) bool) {
	for w, bits := range s.bits {
		for ; bits != 0; bits &= bits - 1 {
			if !fn(int64(w)<<6 | int64(mathbits.TrailingZeros64(bits))) {
				return
			}
		}
	}
	for v := range s.other {
		if !fn(v) {
			return
		}
	}
}
