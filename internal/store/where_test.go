package store_test

import (
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestWhere(t *testing.T) {
	t.Parallel()
	var w store.Where
	if w.SQL() != "" || len(w.Args()) != 0 {
		t.Fatalf("empty Where gives %q, %v", w.SQL(), w.Args())
	}
	w.Add("a = ?", 1)
	store.In(&w, "b", []string{"x", "y"})
	store.In(&w, "c", []int{}) // nothing for an empty list
	clone := w.Clone()
	clone.Add("d IS NULL")
	if got, want := w.SQL(), " WHERE a = ? AND b IN (?, ?)"; got != want {
		t.Fatalf("SQL = %q, want %q", got, want)
	}
	if got := w.Args(10); len(got) != 4 || got[0] != 1 || got[1] != "x" || got[2] != "y" || got[3] != 10 {
		t.Fatalf("Args = %v", got)
	}
	if len(w.Args()) != 3 {
		t.Fatalf("Args(more) changed the Where: %v", w.Args())
	}
	if got, want := clone.SQL(), " WHERE a = ? AND b IN (?, ?) AND d IS NULL"; got != want {
		t.Fatalf("clone SQL = %q, want %q", got, want)
	}
	for n, want := range map[int]string{0: "", 1: "?", 3: "?, ?, ?"} {
		if got := store.Placeholders(n); got != want {
			t.Errorf("Placeholders(%d) = %q, want %q", n, got, want)
		}
	}
}

// AnyOf passes a list as one parameter, so a list far beyond SQLite's
// 32,766 and PostgreSQL's 65,535 parameters per statement still runs.
func TestAnyOfLongLists(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ids := make([]int64, 70_000)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		var w store.Where
		store.AnyOf(&w, db.Dialect, "n", ids)
		var count int
		err := db.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 AS n UNION ALL SELECT 70000 UNION ALL SELECT 70001) x"+
			w.SQL(), w.Args()...).Scan(&count)
		if err != nil {
			t.Fatalf("70,000 ids: %v", err)
		}
		if count != 2 {
			t.Fatalf("matched %d rows, want 2", count)
		}
		words := []string{"o'brien", `back\slash`, "ünïcode", `"quoted"`}
		var tw store.Where
		store.AnyOf(&tw, db.Dialect, "s", words)
		err = db.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 'o''brien' AS s UNION ALL SELECT 'ünïcode' UNION ALL SELECT 'other') x"+
			tw.SQL(), tw.Args()...).Scan(&count)
		if err != nil || count != 2 {
			t.Fatalf("strings: matched %d, %v; want 2", count, err)
		}
	})
}
