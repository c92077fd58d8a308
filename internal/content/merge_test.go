package content_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestMergeMembersMovesAuthorship: the kept member becomes the author of
// what the dropped one wrote, once per item.
func TestMergeMembersMovesAuthorship(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		keep, drop := f.addMember("Ada"), f.addMember("Ada L.")
		both := f.create(content.Input{Kind: content.BlogPost, Title: "Both", AuthorMemberIDs: []int64{keep, drop}})
		only := f.create(content.Input{Kind: content.BlogPost, Title: "Only", AuthorMemberIDs: []int64{drop}})
		if err := db.InTx(f.ctx, func(tx *store.Tx) error { return f.svc.MergeMembers(f.ctx, tx, keep, drop) }); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{both.ID, only.ID} {
			it, err := f.svc.Get(f.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if ids := it.MemberIDs(); len(ids) != 1 || ids[0] != keep {
				t.Errorf("%q authors %v, want only %d", it.Title, ids, keep)
			}
		}
	})
}
