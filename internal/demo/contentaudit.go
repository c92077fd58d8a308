package demo

import (
	"fmt"
	"time"

	"github.com/trellis-community/trellis/internal/contentaudit"
)

// loadAudits saves the content and programming audits of the two quarters
// before load day, each on the first day of the quarter after it as a
// manager would, with notes and a decision on the gaps the demo plants,
// so the saved audits, their decisions and the comparison of one quarter
// with the last have something to show. It runs after the programming and
// content are in.
func (r *runner) loadAudits() error {
	this, _ := contentaudit.QuarterOf(r.p.cal.date(0))
	quarters := this.Before(2)
	notes := []string{
		"Our calls all fall at 16:00 Berlin time: night for members in Asia and Oceania. Nothing invites members to co-create.",
		"Still no co-creation, and the curriculum goal has nothing behind it. Try a second call time next quarter.",
	}
	decisions := []map[string]contentaudit.Decision{
		{"mode_without_programming:co_create": contentaudit.Act, "sessions_at_night": contentaudit.Act},
		{"mode_without_programming:co_create": contentaudit.Revisit, "sessions_at_night": contentaudit.Act,
			"item_without_goal": contentaudit.Accept},
	}
	for i := range quarters {
		q := quarters[len(quarters)-1-i] // the older first
		end, _ := time.Parse(time.DateOnly, q.To)
		at := r.p.cal.at(int(end.AddDate(0, 0, 1).Sub(r.p.cal.today).Hours()/24), 9*60)
		svc := &contentaudit.Service{DB: r.a.DB, Members: r.a.Members, Programming: r.a.Programming,
			Content: r.a.Content, Location: r.a.Location, Now: func() time.Time { return at }}
		ctx := r.actor(owner)
		res, err := svc.Audit(ctx, q.From, q.To)
		if err != nil {
			return fmt.Errorf("audit of %s: %w", q.Name, err)
		}
		sv, err := svc.Save(ctx, res, notes[i])
		if err != nil {
			return fmt.Errorf("save the audit of %s: %w", q.Name, err)
		}
		for _, f := range sv.Findings {
			if d, ok := decisions[i][f.Key]; ok {
				if err := svc.Decide(ctx, sv.ID, f.Key, d, ""); err != nil {
					return fmt.Errorf("decide on %s: %w", f.Key, err)
				}
			}
		}
	}
	return nil
}
