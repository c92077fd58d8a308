package members_test

import (
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestFindDuplicatesByName(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		uu := func(m *members.Member) { m.Affiliation = "Uppsala University" }
		marguerite := mustCreate(t, svc, named("Marguerite Lindqvist", func(m *members.Member) {
			m.Emails = []members.Email{{Address: "marguerite@uu.example"}}
			uu(m)
		}))
		annika := mustCreate(t, svc, named("Annika Berg", uu))
		mustCreate(t, svc, named("Dimitris Georgiou", uu))
		mustCreate(t, svc, named("Marguerite Lindqvist-Holm", nil)) // another person
		mustCreate(t, svc, named("Margaret Lindgren", uu))          // another person, same place
		tests := []struct {
			name  string
			probe members.Member
			want  map[int64][]string
		}{
			{"same name, another email", named("Marguerite Lindqvist", func(m *members.Member) {
				m.Emails = []members.Email{{Address: "m.lindqvist@home.example"}}
			}), map[int64][]string{marguerite.ID: {"same name"}}},
			{"case and spaces", named("  MARGUERITE   lindqvist ", nil),
				map[int64][]string{marguerite.ID: {"same name, written “Marguerite Lindqvist”"}}},
			{"accents", named("Marguérite Lindqvist", nil),
				map[int64][]string{marguerite.ID: {"same name, written “Marguerite Lindqvist”"}}},
			{"family name first", named("Lindqvist, Marguerite", nil),
				map[int64][]string{marguerite.ID: {"same name, written “Marguerite Lindqvist”"}}},
			{"close name, same affiliation", named("Marguerite Lindquist", func(m *members.Member) {
				m.Affiliation = "uppsala  UNIVERSITY"
			}), map[int64][]string{marguerite.ID: {"similar name “Marguerite Lindqvist” at the same affiliation, uppsala UNIVERSITY"}}},
			{"close name, another affiliation", named("Marguerite Lindquist", func(m *members.Member) {
				m.Affiliation = "Lund University"
			}), map[int64][]string{}},
			{"close name, no affiliation", named("Marguerite Lindquist", nil), map[int64][]string{}},
			{"one letter off", named("Anika Berg", uu), map[int64][]string{annika.ID: {
				"similar name “Annika Berg” at the same affiliation, Uppsala University"}}},
			{"another given name, same place", named("Dimitra Georgiou", uu), map[int64][]string{}},
			{"different person, same place", named("Margit Lund", uu), map[int64][]string{}},
			{"itself excluded", marguerite, map[int64][]string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := svc.FindDuplicates(ctx, tt.probe)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(tt.want) {
					t.Fatalf("found %d duplicates (%+v), want %d", len(got), got, len(tt.want))
				}
				for _, d := range got {
					if !slices.Equal(d.Reasons, tt.want[d.Member.ID]) {
						t.Errorf("member %d: reasons %q, want %q", d.Member.ID, d.Reasons, tt.want[d.Member.ID])
					}
				}
			})
		}
	})
}

// Names stored by every write path carry the key the check looks up.
func TestNameKeyOnEveryWrite(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		probe := named("Lindqvist Marguerite", nil)
		ids, err := svc.CreateBatch(ctx, []members.Member{named("Marguerite Lindqvist", nil)})
		if err != nil {
			t.Fatal(err)
		}
		renamed := mustCreate(t, svc, named("Someone Else", nil))
		renamed.Name = "MARGUERITE LINDQVIST"
		if _, err := svc.Update(ctx, renamed); err != nil {
			t.Fatal(err)
		}
		// A row written before migration 0005 has no key until the backfill.
		if _, err := db.Exec(ctx, "UPDATE members SET name_key = '' WHERE id = ?", ids[0]); err != nil {
			t.Fatal(err)
		}
		got, err := svc.FindDuplicates(ctx, probe)
		if err != nil || len(got) != 1 || got[0].Member.ID != renamed.ID {
			t.Fatalf("before backfill: %+v, %v", got, err)
		}
		if n, err := svc.BackfillNameKeys(ctx); err != nil || n != 1 {
			t.Fatalf("backfill filled %d: %v", n, err)
		}
		got, err = svc.FindDuplicates(ctx, probe)
		if err != nil || len(got) != 2 {
			t.Fatalf("after backfill: %+v, %v", got, err)
		}
	})
}

func TestNotTheSamePerson(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		a := mustCreate(t, svc, named("Marguerite Lindqvist", nil))
		b := mustCreate(t, svc, named("Marguerite Lindqvist", nil))
		c := mustCreate(t, svc, named("Lindqvist Marguerite", nil))
		dupsOf := func(m members.Member) []int64 {
			t.Helper()
			got, err := svc.FindDuplicates(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, d := range got {
				ids = append(ids, d.Member.ID)
			}
			return ids
		}
		if got := dupsOf(b); !slices.Equal(got, []int64{a.ID, c.ID}) {
			t.Fatalf("before: %v", got)
		}
		// Asked from either side, the pair is one decision.
		if err := svc.MarkDistinct(ctx, b.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.MarkDistinct(ctx, a.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if got := dupsOf(b); !slices.Equal(got, []int64{c.ID}) {
			t.Errorf("b after the decision: %v", got)
		}
		if got := dupsOf(a); !slices.Equal(got, []int64{c.ID}) {
			t.Errorf("a after the decision: %v", got)
		}
		distinct, err := svc.DistinctFrom(ctx, a.ID)
		if err != nil || len(distinct) != 1 || distinct[0].ID != b.ID {
			t.Errorf("DistinctFrom = %v, %v", distinct, err)
		}
		if got := auditActions(t, db, a.ID); !slices.Equal(got, []string{"create", "not_duplicate"}) {
			t.Errorf("audit of a: %v", got)
		}
		wantCode(t, svc.MarkDistinct(ctx, a.ID, a.ID), "invalid")
		wantCode(t, svc.MarkDistinct(ctx, a.ID, 9999), "not_found")
		// "They may be the same after all."
		if err := svc.UnmarkDistinct(ctx, a.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if got := dupsOf(b); !slices.Equal(got, []int64{a.ID, c.ID}) {
			t.Errorf("after taking it back: %v", got)
		}
		wantCode(t, svc.UnmarkDistinct(ctx, a.ID, b.ID), "not_found")
	})
}

// SQLite gives a new row the largest id plus one: after the newest member
// is merged away, the next one added must not take its id.
func TestMergedAwayIDIsNotReused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		keep := mustCreate(t, svc, named("Ada Lovelace", nil))
		drop := mustCreate(t, svc, named("Ada Lovelace", nil))
		if _, err := svc.Merge(ctx, keep.ID, drop.ID); err != nil {
			t.Fatal(err)
		}
		added := mustCreate(t, svc, named("Grace Hopper", nil))
		batch, err := svc.CreateBatch(ctx, []members.Member{named("Mary Somerville", nil), named("Emmy Noether", nil)})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range append([]int64{added.ID}, batch...) {
			if id == drop.ID || id == keep.ID {
				t.Errorf("new member took id %d", id)
			}
		}
		into, err := svc.MergedInto(ctx, drop.ID)
		if err != nil || into.KeptID != keep.ID {
			t.Errorf("MergedInto(%d) = %+v, %v", drop.ID, into, err)
		}
		history, err := svc.Merges(ctx, keep.ID)
		if err != nil || len(history) != 1 {
			t.Fatalf("merges: %v, %v", history, err)
		}
		if _, _, err := svc.UndoMerge(ctx, history[0].ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, func() error { _, err := svc.MergedInto(ctx, drop.ID); return err }(), "not_found")
	})
}
