package demo_test

import (
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/demo"
)

// TestDemoContent: the demo has a year of content, a pillar whose
// campaign came from a template and is behind, items past their review
// date and figures on what went out.
func TestDemoContent(t *testing.T) {
	t.Parallel()
	a := loadedCopy(t, demo.Options{Members: 60})
	ctx := context.Background()
	svc := a.Content
	all, _, err := svc.List(ctx, content.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	today := svc.Today()
	kinds := map[content.Kind]int{}
	var pastReview, withFigures int
	var pillar *content.Item
	for i, it := range all {
		kinds[it.Kind]++
		if it.PastReview(today) {
			pastReview++
		}
		if len(it.Figures) > 0 {
			withFigures++
		}
		if it.IsPillar {
			pillar = &all[i]
		}
	}
	if len(all) < 70 || kinds[content.NewsletterIssue] < 12 || kinds[content.Video] < 12 || kinds[content.Report] != 1 || kinds[content.SocialPost] < 20 {
		t.Errorf("%d items by kind %v", len(all), kinds)
	}
	if pastReview < 3 || withFigures < 50 {
		t.Errorf("%d past review, %d with figures", pastReview, withFigures)
	}
	if pillar == nil {
		t.Fatal("no pillar")
	}
	c, err := svc.Campaign(ctx, pillar.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Two items out and the community call about it held.
	if pillar.Status != content.Published || len(c.Items) != 7 || c.Done != 3 || len(c.Overdue) != 3 {
		t.Errorf("pillar %s with %d items, %d done, %d overdue", pillar.Status, len(c.Items), c.Done, len(c.Overdue))
	}
	if len(c.Sessions) != 1 || c.Sessions[0].Title != "Community call about "+pillar.Title || c.Sessions[0].Programme != "Monthly community call" ||
		!c.Sessions[0].Held || c.Sessions[0].Start.Format("15:04 MST") != "16:00 CET" && c.Sessions[0].Start.Format("15:04 MST") != "16:00 CEST" {
		t.Errorf("campaign sessions %+v", c.Sessions)
	}
}
