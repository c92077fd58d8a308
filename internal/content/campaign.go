package content

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

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
// and serving the pillar's goals; session entries become sessions in the
// pillar's campaign through PlanSessions, in the same transaction. All
// the items and sessions are created or none: an entry that does not make
// a valid item or session refuses the whole template, naming the entry
// and its field ("entries[2].title_pattern", "entries[3].programme_id").
// A session entry naming a kind of programme the community has none of
// is left out, and the campaign's Notes say so. Errors: NotFound (no such
// item), Invalid naming template_id, launch_on, pillar_id (the item
// belongs to another pillar) or entries[i].<field>. It returns the
// campaign as it then stands.
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
	var notes []string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		planned := 0
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
		var plans []SessionPlan
		for i, e := range t.Entries {
			prefix := fmt.Sprintf("entries[%d].", i)
			if e.IsSession() {
				var efe apperr.FieldErrors
				e.check(prefix, &efe)
				for field, msg := range efe {
					bad.Add(field, "%s", msg)
				}
				plans = append(plans, e.sessionPlan(i, pillar, in.LaunchOn))
				continue
			}
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
			planned++
			if err := s.record(ctx, tx, "content", id, item.Title, "create", fmt.Sprintf("Planned the %s “%s” for %s in the campaign of “%s”",
				item.Kind.Label(), item.Title, item.PlannedOn, pillar.Title)); err != nil {
				return err
			}
		}
		// The sessions are checked even when an item was bad, so the
		// answer names every bad entry; the transaction takes them back.
		sessions, err := s.planSessions(ctx, tx, pillar.ID, plans)
		var invalid *apperr.Error
		if errors.As(err, &invalid) && invalid.Code == apperr.Invalid {
			for field, msg := range invalid.Fields {
				bad.Add(field, "%s", msg)
			}
		} else if err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return &apperr.Error{Code: apperr.Invalid, Fields: bad,
				Message: fmt.Sprintf("The template “%s” has entries that do not make valid items or sessions; nothing was planned.", t.Name)}
		}
		notes = sessions.Notes
		return s.record(ctx, tx, "content", pillar.ID, pillar.Title, "update", fmt.Sprintf("Applied the campaign template “%s” launching on %s: planned %d items and %d sessions",
			t.Name, in.LaunchOn, planned, sessions.Created))
	})
	if err != nil {
		return Campaign{}, store.Wrap(err, "Could not plan the campaign.")
	}
	c, err := s.Campaign(ctx, pillarID)
	c.Notes = notes
	return c, err
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
	// Done counts items published or archived and sessions held (past,
	// not cancelled); Planned counts items not out yet and sessions to
	// come. Cancelled sessions count in neither.
	Done    int    `json:"done"`
	Planned int    `json:"planned"`
	Overdue []Item `json:"overdue"` // planned date passed, not out
	// Notes say what applying a template left out ("no community call
	// programme yet"); only ApplyTemplate fills them.
	Notes []string `json:"notes,omitempty"`
}

// CampaignSession is a programming session around a pillar (a community
// call about the playbook), as SessionSource tells it.
type CampaignSession struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Programme string    `json:"programme_title"`
	Path      string    `json:"path"`
	On        string    `json:"on"` // YYYY-MM-DD, in the session's zone
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	TimeZone  string    `json:"time_zone"`
	Recurring bool      `json:"recurring"`
	// Status is "scheduled" or "cancelled", as programming keeps it.
	Status string `json:"status"`
	// Held: it took place (its start has passed and it is not cancelled).
	// A recurring series counts by its first meeting.
	Held bool `json:"held"`
}

// Cancelled reports whether the session was called off.
func (c CampaignSession) Cancelled() bool { return c.Status == "cancelled" }

// State is the session's standing in words: held, scheduled, cancelled.
func (c CampaignSession) State() string {
	switch {
	case c.Cancelled():
		return "Cancelled"
	case c.Held:
		return "Held"
	}
	return "Scheduled"
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
		now := s.now()
		for _, x := range sessions {
			x.Held = !x.Cancelled() && !x.Start.After(now)
			switch {
			case x.Cancelled():
			case x.Held:
				c.Done++
			default:
				c.Planned++
			}
			c.Sessions = append(c.Sessions, x)
		}
	}
	return c, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
