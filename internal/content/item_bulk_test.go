package content_test

import (
	"errors"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestWriteBulk: a bulk write stores items with their channels, authors,
// goals, figures and campaigns as Get reads them back; a bad item or
// figure anywhere refuses the whole write, naming it, and stores nothing.
func TestWriteBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		user, member, goal := f.addUser("Ana"), f.addMember("Bo"), f.addGoal("Share practice")
		today := base.Format("2006-01-02")
		views := 120.0
		item := func(title string) content.BulkItem {
			return content.BulkItem{Input: content.Input{Kind: content.BlogPost, Title: title, Status: content.Published,
				PublishedOn: "2026-03-01", Channels: []content.Channel{{Kind: content.Website}, {Kind: content.Mastodon}},
				AuthorMemberIDs: []int64{member}, AuthorUserIDs: []int64{user},
				Goals: []goals.Link{{GoalID: goal, How: "Practice written up"}}},
				Figures:   []content.MetricInput{{Name: content.Views, Value: &views, ReadOn: "2026-03-08"}},
				CreatedBy: user, CreatedAt: base}
		}
		pillar := item("The playbook")
		pillar.Kind, pillar.IsPillar, pillar.LaunchOn = content.Playbook, true, "2026-03-01"
		derived := item("Introducing the playbook")
		derived.Pillar = 1
		late := item("From the future")
		late.Figures = []content.MetricInput{{Name: content.Views, Value: &views, ReadOn: "2027-01-01"}}
		var ae *apperr.Error
		err := db.InBulkTx(f.ctx, func(tx *store.Tx) error {
			_, err := content.WriteBulk(f.ctx, tx, today, []content.BulkItem{pillar, late})
			return err
		})
		if !errors.As(err, &ae) || ae.Fields["items[1].figures[0].read_on"] == "" {
			t.Fatalf("a figure read after today: %v, want Invalid naming items[1].figures[0].read_on", err)
		}
		orphan := item("No pillar yet")
		orphan.Pillar = 2
		err = db.InBulkTx(f.ctx, func(tx *store.Tx) error {
			_, err := content.WriteBulk(f.ctx, tx, today, []content.BulkItem{orphan, pillar})
			return err
		})
		if !errors.As(err, &ae) || ae.Fields["items[0].pillar"] == "" {
			t.Fatalf("a pillar later in the load: %v, want Invalid naming items[0].pillar", err)
		}
		if n := f.count("content_items"); n != 0 {
			t.Fatalf("%d items stored by refused writes", n)
		}
		var ids []int64
		if err := db.InBulkTx(f.ctx, func(tx *store.Tx) error {
			ids, err = content.WriteBulk(f.ctx, tx, today, []content.BulkItem{pillar, derived})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Get(f.ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Introducing the playbook" || len(got.Channels) != 2 || len(got.Authors) != 2 || len(got.Goals) != 1 ||
			len(got.Figures) != 1 || got.Figures[0].Value != views || got.PillarID == nil || *got.PillarID != ids[0] {
			t.Errorf("read back %+v", got)
		}
		c, err := f.svc.Campaign(f.ctx, ids[0])
		if err != nil || len(c.Items) != 1 {
			t.Errorf("the pillar's campaign: %+v, %v; want its one derived item", c, err)
		}
	})
}
