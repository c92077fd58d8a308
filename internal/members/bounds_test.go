package members_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func manyTags(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("tag-%04d", i)
	}
	return out
}

func manyIDs(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

// Every list a filter carries is bounded, with a message naming the list,
// on both engines: 932 tags once overflowed SQLite's expression tree,
// 32,766 ids its parameters and 70,000 ids PostgreSQL's, each a 500.
func TestFilterListsAreBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		tests := []struct {
			name   string
			filter members.Filter
			field  string
		}{
			{"1,000 tags", members.Filter{Tags: manyTags(1000)}, "tag"},
			{"932 tags", members.Filter{Tags: manyTags(932)}, "tag"},
			{"1,000 interests", members.Filter{Interests: manyTags(1000)}, "interest"},
			{"51 expertise", members.Filter{Expertise: manyTags(members.MaxFilterTags + 1)}, "expertise"},
			{"1,000 languages", members.Filter{Languages: manyTags(1000)}, "language"},
			{"32,766 ids", members.Filter{IDs: manyIDs(32_766)}, "id"},
			{"70,000 ids", members.Filter{IDs: manyIDs(70_000)}, "id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.List(ctx, tt.filter, members.Page{})
				if msg := fieldsOf(t, err)[tt.field]; !strings.Contains(msg, "at most") {
					t.Fatalf("List: %s = %q, want a bound", tt.field, msg)
				}
				_, err = svc.Count(ctx, tt.filter)
				fieldsOf(t, err)
				_, err = svc.CreateSegment(ctx, "Too big", tt.filter)
				if _, named := fieldsOf(t, err)[tt.field]; !named {
					t.Fatalf("CreateSegment: %v does not name %s", err, tt.field)
				}
			})
		}
	})
}

// At the bounds, filters run and match exactly: a member matches a tag
// filter when they hold every tag asked for.
func TestFilterAtTheBounds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		tags := manyTags(members.MaxFilterTags)
		all := mustCreate(t, svc, named("Ada Lovelace", func(m *members.Member) { m.Tags = tags }))
		mustCreate(t, svc, named("Grace Hopper", func(m *members.Member) { m.Tags = tags[1:] }))
		mustCreate(t, svc, named("Mary Somerville", func(m *members.Member) { m.Tags = tags[:1] }))
		for _, tt := range []struct {
			name   string
			filter members.Filter
			want   []string
		}{
			{"every tag", members.Filter{Tags: tags}, []string{"Ada Lovelace"}},
			{"upper case", members.Filter{Tags: []string{"TAG-0000", "Tag-0049"}}, []string{"Ada Lovelace"}},
			{"one tag", members.Filter{Tags: tags[:1]}, []string{"Ada Lovelace", "Mary Somerville"}},
			{"two of the rest", members.Filter{Tags: tags[1:3]}, []string{"Ada Lovelace", "Grace Hopper"}},
			{"tag nobody has", members.Filter{Tags: []string{"tag-0001", "absent"}}, nil},
			{"1,000 ids", members.Filter{IDs: append(manyIDs(members.MaxFilterIDs-1), all.ID)}, []string{"Ada Lovelace", "Grace Hopper", "Mary Somerville"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res, err := svc.List(ctx, tt.filter, members.Page{})
				if err != nil {
					t.Fatal(err)
				}
				if got := names(res.Members); strings.Join(got, ",") != strings.Join(tt.want, ",") {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}

// A segment saved before the bounds existed is still listed and read,
// saying why it cannot be opened, rather than failing every list of
// segments with a 500.
func TestOversizedSavedSegment(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ok, err := svc.CreateSegment(ctx, "Mentors", members.Filter{Tags: []string{"mentor"}})
		if err != nil {
			t.Fatal(err)
		}
		v := url.Values{}
		for _, tag := range manyTags(1000) {
			v.Add("tag", tag)
		}
		var id int64
		err = db.InTx(ctx, func(tx *store.Tx) error {
			id, err = tx.Insert(ctx, "INSERT INTO segments (name, query, created_at) VALUES (?, ?, ?)",
				"Everything", v.Encode(), time.Now().Unix())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		list, err := svc.ListSegments(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("ListSegments = %d segments, %v", len(list), err)
		}
		if list[1].ID != ok.ID || list[1].Problem != "" {
			t.Fatalf("the good segment came back as %+v", list[1])
		}
		old, err := svc.GetSegment(ctx, id)
		if err != nil {
			t.Fatalf("GetSegment: %v", err)
		}
		for _, want := range []string{"Everything", "at most " + strconv.Itoa(members.MaxFilterTags), "Delete it"} {
			if !strings.Contains(old.Problem, want) {
				t.Fatalf("Problem %q does not say %q", old.Problem, want)
			}
		}
		if old.Query != v.Encode() || len(old.Filter.Tags) != 0 || list[0].Problem != old.Problem {
			t.Fatalf("old segment = %+v", old)
		}
		if err := svc.DeleteSegment(ctx, id); err != nil {
			t.Fatal(err)
		}
	})
}

func TestBulkTagIsBounded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		_, err := svc.BulkTag(ctx, manyIDs(members.MaxBulkIDs+1), "mentor", false)
		if _, named := fieldsOf(t, err)["ids"]; !named {
			t.Fatalf("%v does not name ids", err)
		}
	})
}

// The largest bulk action allowed tags and untags every member, with an
// audit entry each, on both engines. How long it takes is
// BenchmarkBulkTag's to say (one statement per member took over 5 s on
// PostgreSQL for 10,000 members, the default QueryTimeout); the deadline
// here only stops a hang.
func TestBulkTagAtTheBound(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 10,000 members")
	}
	storetest.EachInTurn(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ids := createNumbered(t, svc, members.MaxBulkIDs)
		limit := 2 * time.Minute
		for _, remove := range []bool{false, true} {
			deadline, cancel := context.WithTimeout(ctx, limit)
			n, err := svc.BulkTag(deadline, ids, "Mentor", remove)
			cancel()
			if err != nil || n != len(ids) {
				t.Fatalf("BulkTag(remove %v) = %d, %v; want %d", remove, n, err, len(ids))
			}
			want := len(ids)
			if remove {
				want = 0
			}
			for _, f := range []members.Filter{{Tags: []string{"mentor"}}, {Q: "mentor"}} {
				if got, err := svc.Count(ctx, f); err != nil || got != want {
					t.Fatalf("remove %v: Count(%+v) = %d, %v; want %d", remove, f, got, err, want)
				}
			}
		}
		var entries int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action IN ('tag', 'untag')").Scan(&entries); err != nil || entries != 2*len(ids) {
			t.Fatalf("%d audit entries, %v; want %d", entries, err, 2*len(ids))
		}
	})
}

// createNumbered creates n members named "Member 00000" onwards.
func createNumbered(tb testing.TB, svc *members.Service, n int) []int64 {
	tb.Helper()
	ms := make([]members.Member, n)
	for i := range ms {
		ms[i] = members.Member{Name: fmt.Sprintf("Member %05d", i)}
	}
	ids, err := svc.CreateBatch(ctx, ms)
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}
