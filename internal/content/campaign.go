package content

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
)

// CampaignInput applies a template to a pillar launching on LaunchOn.
type CampaignInput struct {
	TemplateID int64  `json:"template_id"`
	LaunchOn   string `json:"launch_on"` // YYYY-MM-DD
}

// ApplyTemplate plans a pillar's campaign: in ONE transaction it marks
// item pillarID as a pillar launching on in.LaunchOn and creates, for each
// entry of the template, an idea planned at its offset from the launch,
// in the entry's channel, titled by its pattern, pointing at the pillar
// and serving the pillar's goals. All the items are created or none:
// an entry that does not make a valid item refuses the whole template,
// naming the entry and its field ("entries[2].title_pattern"). Errors:
// NotFound (no such item), Invalid naming template_id, launch_on,
// pillar_id (the item belongs to another pillar) or entries[i].<field>.
// It returns the campaign as it then stands.
func (s *Service) ApplyTemplate(ctx context.Context, pillarID int64, in CampaignInput) (Campaign, error) {
	var fe apperr.FieldErrors
	in.LaunchOn = strings.TrimSpace(in.LaunchOn)
	if in.TemplateID <= 0 {
		fe.Add("template_id", "choose a campaign template")
	}
	if !validDate(in.LaunchOn) {
		fe.Add("launch_on", "must be a date written YYYY-MM-DD")
	}
	if err := fe.Err(); err != nil {
		return Campaign{}, err
	}
	today := s.Today()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		pillar, err := getItem(ctx, tx, s.DB.Dialect, pillarID, tx.ForUpdate())
		if err != nil {
			return err
		}
		if pillar.PillarID != nil {
			return (apperr.FieldErrors{"pillar_id": fmt.Sprintf("this item belongs to the campaign of “%s”, so it cannot lead one", pillar.PillarTitle)}).Err()
		}
		t, err := getTemplate(ctx, tx, in.TemplateID)
		if apperr.Is(err, apperr.NotFound) {
			return (apperr.FieldErrors{"template_id": fmt.Sprintf("there is no campaign template #%d", in.TemplateID)}).Err()
		}
		if err != nil {
			return err
		}
		if len(t.Entries) == 0 {
			return (apperr.FieldErrors{"template_id": "the template plans no items"}).Err()
		}
		// Mark the pillar first, so each planned item's check finds it.
		if !pillar.IsPillar || pillar.LaunchOn != in.LaunchOn {
			if err := s.markPillar(ctx, tx, pillar, in.LaunchOn); err != nil {
				return err
			}
		}
		// Entries are checked one by one as they are written; a bad entry
		// stops the writing but the rest are still checked, so the answer
		// names every bad entry, and the transaction takes back what was
		// written.
		var bad apperr.FieldErrors
		for i, e := range t.Entries {
			prefix := fmt.Sprintf("entries[%d].", i)
			item := e.plan(pillar, in.LaunchOn)
			item.normalize()
			var efe apperr.FieldErrors
			e.check(prefix, &efe)
			if len(efe) == 0 {
				var ife apperr.FieldErrors
				item.check(0, today, &ife)
				for field, msg := range ife {
					efe.Add(prefix+entryField(field), "%s", msg)
				}
			}
			for field, msg := range efe {
				bad.Add(field, "%s", msg)
			}
			if len(bad) > 0 {
				continue
			}
			id, err := s.insertItem(ctx, tx, item)
			if err != nil {
				return err
			}
			if err := s.record(ctx, tx, "content", id, item.Title, "create", fmt.Sprintf("Planned the %s “%s” for %s in the campaign of “%s”",
				item.Kind.Label(), item.Title, item.PlannedOn, pillar.Title)); err != nil {
				return err
			}
		}
		if err := bad.Err(); err != nil {
			return &apperr.Error{Code: apperr.Invalid, Fields: bad,
				Message: fmt.Sprintf("The template “%s” has entries that do not make valid items; nothing was planned.", t.Name)}
		}
		return s.record(ctx, tx, "content", pillar.ID, pillar.Title, "update", fmt.Sprintf("Applied the campaign template “%s” launching on %s: planned %d items",
			t.Name, in.LaunchOn, len(t.Entries)))
	})
	if err != nil {
		return Campaign{}, store.Wrap(err, "Could not plan the campaign.")
	}
	return s.Campaign(ctx, pillarID)
}

// entryField names an item's field as the template entry's field that
// made it.
func entryField(field string) string {
	switch {
	case field == "title":
		return "title_pattern"
	case field == "planned_on":
		return "offset_days"
	case strings.HasPrefix(field, "channels[0].label"):
		return "channel_label"
	case strings.HasPrefix(field, "channels"):
		return "channel"
	}
	return field
}

// plan is the item the entry plans for pillar launching on launch.
func (e TemplateEntry) plan(pillar Item, launch string) Input {
	on := ""
	if validDate(launch) {
		on = addDays(launch, e.OffsetDays)
	}
	id := pillar.ID
	links := make([]goals.Link, len(pillar.Goals))
	for i, l := range pillar.Goals {
		links[i] = goals.Link{GoalID: l.GoalID, How: l.How}
	}
	return Input{
		Kind: e.Kind, Title: e.Title(pillar.Title, on), Status: Idea, PlannedOn: on,
		Channels: []Channel{{Kind: e.Channel, Label: e.ChannelLabel}}, Audience: pillar.Audience,
		Goals: links, PillarID: &id,
	}
}

// markPillar makes it a pillar launching on launch, keeping the replaced
// version so an open form learns what changed.
func (s *Service) markPillar(ctx context.Context, tx *store.Tx, it Item, launch string) error {
	now := s.now()
	if err := itemHistory.Keep(ctx, tx, it.ID, it.Version, it.fields(), now); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "UPDATE content_items SET is_pillar = ?, launch_on = ?, updated_at = ?, version = version + 1 WHERE id = ?",
		true, launch, now.Unix(), it.ID)
	return err
}

// Campaign is a pillar with the items that carry it and the sessions
// around it.
type Campaign struct {
	Pillar   Item              `json:"pillar"`
	Items    []Item            `json:"items"` // by date, undated last
	Sessions []CampaignSession `json:"sessions"`
	Done     int               `json:"done"`    // items published or archived
	Planned  int               `json:"planned"` // items not out yet
	Overdue  []Item            `json:"overdue"` // planned date passed, not out
}

// CampaignSession is a programming session around a pillar (a community
// call about the playbook), as SessionSource tells it.
type CampaignSession struct {
	Title  string `json:"title"`
	Path   string `json:"path"`
	On     string `json:"on"` // YYYY-MM-DD
	Status string `json:"status"`
}

// SessionSource lists the sessions around pillar id. The programming
// capability provides one; this package never imports it.
type SessionSource func(ctx context.Context, pillarID int64) ([]CampaignSession, error)

// Campaign returns pillar id with its campaign's items, how many are done
// and planned, and which are overdue (planned date passed, not out).
// NotFound when there is no such item; an item that is not a pillar has
// an empty campaign.
func (s *Service) Campaign(ctx context.Context, id int64) (Campaign, error) {
	pillar, err := s.Get(ctx, id)
	if err != nil {
		return Campaign{}, err
	}
	items, err := loadItems(ctx, s.DB, s.DB.Dialect, "WHERE c.pillar_id = ? ORDER BY c.dated_on, c.id", []any{id})
	if err != nil {
		return Campaign{}, store.Wrap(err, "Could not load the campaign.")
	}
	// Undated items go last, not first.
	slices.SortStableFunc(items, func(a, b Item) int {
		return boolInt(a.On() == "") - boolInt(b.On() == "")
	})
	c := Campaign{Pillar: pillar, Items: items, Sessions: []CampaignSession{}, Overdue: []Item{}}
	today := s.Today()
	for _, it := range items {
		if it.Status.Done() {
			c.Done++
		} else {
			c.Planned++
		}
		if it.Overdue(today) {
			c.Overdue = append(c.Overdue, it)
		}
	}
	if s.Sessions != nil {
		sessions, err := s.Sessions(ctx, id)
		if err != nil {
			return Campaign{}, err
		}
		c.Sessions = append(c.Sessions, sessions...)
	}
	return c, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
