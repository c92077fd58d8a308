package members_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func TestBulkTag(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ada := mustCreate(t, svc, named("Ada", func(m *members.Member) { m.Tags = []string{"Mentor"} }))
		grace := mustCreate(t, svc, named("Grace", func(m *members.Member) { m.Interests = []string{"mentor"} }))
		katherine := mustCreate(t, svc, named("Katherine", func(m *members.Member) { m.Tags = []string{"speaker"} }))
		everyone := []int64{ada.ID, grace.ID, katherine.ID, 404}

		steps := []struct {
			name     string
			ids      []int64
			tag      string
			remove   bool
			changed  int
			wantTags map[int64][]string
		}{
			{"add skips who has it in any case", everyone, " mentor ", false, 2, map[int64][]string{
				ada.ID: {"Mentor"}, grace.ID: {"mentor"}, katherine.ID: {"mentor", "speaker"}}},
			{"add again changes nothing", everyone, "MENTOR", false, 0, nil},
			{"remove from some", []int64{ada.ID, katherine.ID}, "mentor", true, 2, map[int64][]string{
				ada.ID: {}, grace.ID: {"mentor"}, katherine.ID: {"speaker"}}},
			{"remove from whoever has it", everyone, "speaker", true, 1, map[int64][]string{
				katherine.ID: {}}},
			{"no ids", nil, "x", false, 0, nil},
		}
		for _, st := range steps {
			n, err := svc.BulkTag(ctx, st.ids, st.tag, st.remove)
			if err != nil || n != st.changed {
				t.Fatalf("%s: BulkTag = %d, %v; want %d", st.name, n, err, st.changed)
			}
			got, err := svc.GetMany(ctx, everyone)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range st.wantTags {
				if !slices.Equal(got[id].Tags, want) {
					t.Errorf("%s: member %d tags %v, want %v", st.name, id, got[id].Tags, want)
				}
			}
		}
		// Grace's interest "mentor" is not a plain tag: untouched throughout.
		if g, _ := svc.Get(ctx, grace.ID); !slices.Equal(g.Interests, []string{"mentor"}) {
			t.Errorf("grace's interests = %v", g.Interests)
		}
		// Search and filters see the change.
		if n, _ := svc.Count(ctx, members.Filter{Tags: []string{"mentor"}}); n != 1 {
			t.Errorf("tag filter finds %d, want 1 (grace)", n)
		}
		if got := auditActions(t, db, katherine.ID); !slices.Equal(got, []string{"create", "tag", "untag", "untag"}) {
			t.Errorf("audit = %v", got)
		}
		for _, bad := range []string{"", "  ", "a,b", strings.Repeat("x", members.MaxTag+1)} {
			_, err := svc.BulkTag(ctx, everyone, bad, false)
			if fields := fieldsOf(t, err); fields["tag"] == "" {
				t.Errorf("BulkTag(%q): fields %v, want tag", bad, fields)
			}
		}
	})
}

func TestBulkTagFindsBySearch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		ada := mustCreate(t, svc, named("Ada", nil))
		if _, err := svc.BulkTag(ctx, []int64{ada.ID}, "hackathon-2026", false); err != nil {
			t.Fatal(err)
		}
		if n, _ := svc.Count(ctx, members.Filter{Q: "hackathon"}); n != 1 {
			t.Fatalf("full-text search after bulk tag found %d, want 1", n)
		}
		if _, err := svc.BulkTag(ctx, []int64{ada.ID}, "hackathon-2026", true); err != nil {
			t.Fatal(err)
		}
		if n, _ := svc.Count(ctx, members.Filter{Q: "hackathon"}); n != 0 {
			t.Fatalf("full-text search after removing the tag found %d, want 0", n)
		}
	})
}
