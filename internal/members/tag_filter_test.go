package members_test

import (
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// A filter asking for as many tags as allowed, of every kind at once, is
// answered at once on both engines. Written as one EXISTS per tag, 50 tags
// cost PostgreSQL over 3 s of planning (200 tags 24 s, 300 about 120 s);
// as one grouped subquery per kind it takes milliseconds.
func TestManyTagFilterIsQuick(t *testing.T) {
	storetest.EachInTurn(t, func(t *testing.T, db *store.DB) {
		svc, _ := newService(db)
		tags := manyTags(members.MaxFilterTags)
		mustCreate(t, svc, named("Ada Lovelace", func(m *members.Member) {
			m.Tags, m.Interests, m.Expertise, m.Languages = tags, tags, tags, tags
		}))
		mustCreate(t, svc, named("Grace Hopper", func(m *members.Member) { m.Tags = tags }))
		f := members.Filter{Tags: tags, Interests: tags, Expertise: tags, Languages: tags}
		began := time.Now()
		res, err := svc.List(ctx, f, members.Page{})
		took := time.Since(began)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(res.Members); len(got) != 1 || got[0] != "Ada Lovelace" {
			t.Fatalf("matched %v, want Ada Lovelace", got)
		}
		if n, err := svc.Count(ctx, f); err != nil || n != 1 {
			t.Fatalf("Count = %d, %v", n, err)
		}
		if took > time.Second && !raceEnabled {
			t.Fatalf("a %d-tag filter took %v", 4*members.MaxFilterTags, took)
		}
	})
}
