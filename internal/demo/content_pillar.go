package demo

import (
	"context"
	"fmt"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/participation"
)

// loadPillar drafts the playbook, plans its campaign from the "Pillar
// launch" template ten days before the launch, launches it three weeks
// ago and publishes only the first two items on the day: the Bluesky and
// LinkedIn posts and the newsletter are overdue, the video and the
// follow-up post still ahead. The campaign's items serve the pillar's
// goals, as the template gives them, and so does the template's community
// call about it a week after the launch: it goes to the monthly community
// call at its usual 16:00 in Berlin, so it has been held.
func (r *runner) loadPillar(ctx context.Context, contentOn func(day int) *content.Service, authors []int64) error {
	p := r.p
	// Sessions the campaign plans are stamped with the demo's clock too.
	svc := func(day int) *content.Service {
		s := contentOn(day)
		prog := *r.a.Programming
		prog.Now = s.Now
		s.Sessions, s.PlanSessions = prog.CampaignSessions, prog.PlanCampaignSessions
		return s
	}
	const launch = -21
	pillar, err := svc(launch-40).Create(ctx, content.Input{Kind: content.Playbook, Title: demoPillarTitle,
		Summary: "How to start, run and close a working group: charters, meetings that work across time zones, sharing the work and handing it on.",
		Status:  content.Drafting, PlannedOn: p.cal.date(launch), IsPillar: true, LaunchOn: p.cal.date(launch),
		Channels: []content.Channel{{Kind: content.Website}}, AuthorMemberIDs: authors, AuthorUserIDs: []int64{r.users[1]},
		Mode: participation.Collaborate, Modality: participation.Written, Timing: participation.Asynchronous,
		ReviewBy: p.cal.date(launch + 365),
		Goals: r.goalLinks([]demoLink{serves(goalMemberLed, "Everything we learned running working groups, so members can start and run their own."),
			serves(goalConnect, "Its chapter on meetings across time zones came from members on four continents.")})})
	if err != nil {
		return fmt.Errorf("pillar: %w", err)
	}
	templates, err := svc(launch - 10).Templates(ctx)
	if err != nil {
		return err
	}
	var tpl int64
	for _, t := range templates {
		if t.Name == "Pillar launch" {
			tpl = t.ID
		}
	}
	if tpl == 0 {
		return fmt.Errorf("pillar: the Pillar launch template is missing")
	}
	c, err := svc(launch-10).ApplyTemplate(ctx, pillar.ID, content.CampaignInput{TemplateID: tpl, LaunchOn: p.cal.date(launch)})
	if err != nil {
		return fmt.Errorf("pillar campaign: %w", err)
	}
	if len(c.Sessions) == 0 {
		return fmt.Errorf("pillar campaign: no community call was planned: %v", c.Notes)
	}
	on := svc(launch)
	if _, err := on.SetStatus(ctx, pillar.ID, 0, content.Published); err != nil {
		return fmt.Errorf("pillar launch: %w", err)
	}
	for _, it := range c.Items[:min(2, len(c.Items))] {
		if _, err := on.SetStatus(ctx, it.ID, 0, content.Published); err != nil {
			return fmt.Errorf("pillar campaign item %q: %w", it.Title, err)
		}
	}
	v := 380.0
	_, err = svc(launch+7).AddMetric(ctx, pillar.ID, content.MetricInput{Name: content.Downloads, Value: &v, ReadOn: p.cal.date(launch + 7)})
	return err
}
