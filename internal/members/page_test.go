package members_test

import (
	"cmp"
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// seedTies stores 23 members whose every sort key has ties: names repeat
// (in different cases), join dates repeat or are missing, and the clock
// moves only every other member.
func seedTies(t *testing.T, svc *members.Service, clock *clock) []members.Member {
	t.Helper()
	first := []string{"Ada", "bea", "Cai", "Dov", "eli", "Fay", "Gus", "Hal", "ivy", "Jon", "Kim", "Lea"}
	joined := []string{"", "2024-01-01", "2024-06-15", "2025-02-01", "2024-01-01"}
	var all []members.Member
	for i := range 23 {
		name := first[i%len(first)]
		if i >= len(first) {
			name = strings.ToUpper(name[:1]) + strings.ToLower(name[1:]) // same sort key, other spelling
		}
		all = append(all, mustCreate(t, svc, named(name, func(m *members.Member) { m.JoinedOn = joined[i%len(joined)] })))
		if i%2 == 1 {
			clock.Advance(time.Minute)
		}
	}
	// Touch every third member so updated_at differs from created_at, in
	// pairs that share a second.
	for i := 0; i < len(all); i += 3 {
		all[i].Source = "touched"
		var err error
		if all[i], err = svc.Update(ctx, all[i]); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			clock.Advance(time.Second)
		}
	}
	return all
}

func TestListPaginatesEverySort(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clock := newService(db)
		all := seedTies(t, svc, clock)
		for _, sort := range members.Sorts() {
			t.Run(sort, func(t *testing.T) {
				field, desc := strings.TrimPrefix(sort, "-"), strings.HasPrefix(sort, "-")
				want := slices.Clone(all)
				slices.SortFunc(want, func(a, b members.Member) int {
					var c int
					switch field {
					case "name":
						c = compareFold(a.Name, b.Name)
					case "joined":
						c = strings.Compare(a.JoinedOn, b.JoinedOn) // "" first
					case "created":
						c = a.CreatedAt.Compare(b.CreatedAt)
					case "updated":
						c = a.UpdatedAt.Compare(b.UpdatedAt)
					}
					c = cmp.Or(c, cmp.Compare(a.ID, b.ID))
					if desc {
						return -c
					}
					return c
				})
				var got []members.Member
				cursor, pages := "", 0
				for {
					res, err := svc.List(ctx, members.Filter{Sort: sort}, members.Page{Limit: 5, Cursor: cursor})
					if err != nil {
						t.Fatal(err)
					}
					pages++
					got = append(got, res.Members...)
					if cursor = res.Next; cursor == "" {
						break
					}
					if pages > 10 {
						t.Fatal("pagination does not end")
					}
				}
				if pages != 5 {
					t.Errorf("%d pages, want 5", pages)
				}
				if !slices.Equal(ids(got), ids(want)) {
					t.Fatalf("order %v, want %v", ids(got), ids(want))
				}
			})
		}
	})
}

// A member added before the cursor while someone pages does not shift the
// following pages, as it would with OFFSET.
func TestListCursorIsStable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clock := newService(db)
		all := seedTies(t, svc, clock)
		first, err := svc.List(ctx, members.Filter{}, members.Page{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		mustCreate(t, svc, named("Aaron", nil))
		rest, err := svc.List(ctx, members.Filter{}, members.Page{Limit: 100, Cursor: first.Next})
		if err != nil {
			t.Fatal(err)
		}
		seen := ids(append(first.Members, rest.Members...))
		slices.Sort(seen)
		if want := ids(all); len(seen) != len(want) || len(slices.Compact(seen)) != len(want) {
			t.Fatalf("saw %d distinct members across pages, want %d", len(slices.Compact(seen)), len(want))
		}
	})
}

func TestListRejectsBadCursor(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, clock := newService(db)
		seedTies(t, svc, clock)
		enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
		res, err := svc.List(ctx, members.Filter{}, members.Page{Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, sort, cursor string
		}{
			{"not base64", "", "!!!"},
			{"not json", "", enc("not json")},
			{"no id", "", enc(`{"s":"name","k":"ada"}`)},
			{"other sort", "", enc(`{"s":"-name","k":"ada","i":3}`)},
			{"sorted differently now", "-name", res.Next},
			{"numeric key not a number", "created", enc(`{"s":"created","k":"soon","i":3}`)},
			{"far too long", "", strings.Repeat("A", 5000)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.List(ctx, members.Filter{Sort: tt.sort}, members.Page{Cursor: tt.cursor})
				if fields := fieldsOf(t, err); fields["cursor"] == "" {
					t.Fatalf("fields = %v, want cursor", fields)
				}
			})
		}
	})
}

func TestJoinedSince(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		for _, m := range []members.Member{
			named("Old", func(m *members.Member) { m.JoinedOn = "2026-02-28" }),
			named("First of month", func(m *members.Member) { m.JoinedOn = "2026-03-01" }),
			named("Latest", func(m *members.Member) { m.JoinedOn = "2026-03-12" }),
			named("Unknown", nil),
			named("Archived", func(m *members.Member) { m.JoinedOn = "2026-03-05" }),
		} {
			created := mustCreate(t, svc, m)
			if m.Name == "Archived" {
				if err := svc.Archive(ctx, created.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		n, err := svc.CountJoinedSince(ctx, "2026-03-01")
		if err != nil || n != 2 {
			t.Fatalf("CountJoinedSince = %d, %v; want 2", n, err)
		}
		got, err := svc.ListJoinedSince(ctx, "2026-03-01", 10)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Latest", "First of month"}; !slices.Equal(names(got), want) {
			t.Fatalf("ListJoinedSince = %v, want %v", names(got), want)
		}
		if got, _ := svc.ListJoinedSince(ctx, "2026-03-01", 1); len(got) != 1 {
			t.Fatalf("limit 1 returned %d members", len(got))
		}
		_, err = svc.CountJoinedSince(ctx, "March")
		if fields := fieldsOf(t, err); fields["date"] == "" {
			t.Fatalf("fields = %v, want date", fields)
		}
		_, err = svc.ListJoinedSince(ctx, "", 10)
		fieldsOf(t, err)
	})
}

func ids(ms []members.Member) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
