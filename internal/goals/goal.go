package goals

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Status says whether a goal is still pursued.
type Status string

// A goal is active until the community retires it: it stays on record,
// with what served it, but is no longer offered for new plans.
const (
	Active  Status = "active"
	Retired Status = "retired"
)

// Label is the status as the UI shows it.
func (s Status) Label() string {
	if s == Retired {
		return "Retired"
	}
	return "Active"
}

// Goal is one of the community's shared goals.
type Goal struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"` // Markdown
	Why         string `json:"why"`         // why it matters, Markdown
	// OwnerUserID is the team user who looks after the goal; 0 for none.
	OwnerUserID int64  `json:"owner_user_id,omitempty"`
	OwnerName   string `json:"owner_name,omitempty"`
	Status      Status `json:"status"`
	// RetiredOn is the date (YYYY-MM-DD) the goal was retired; "" while
	// it is active.
	RetiredOn string `json:"retired_on"`
	// Indicators are how success shows, in the order the team put them.
	Indicators []Indicator `json:"indicators"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
	// Version goes up by one with every change; an edit made against an
	// older version is refused with what changed (see package versions).
	Version int64 `json:"version"`
}

// Indicator is one way success shows: a figure with a target, and the
// figure now as the team last measured it, entered by hand.
type Indicator struct {
	Name string `json:"name"`
	Unit string `json:"unit"` // "members", "%", "" for a plain count
	// Target and Current are nil when not set.
	Target     *float64 `json:"target"`
	Current    *float64 `json:"current"`
	MeasuredOn string   `json:"measured_on"` // YYYY-MM-DD of Current; "" when never measured
}

// Percent is how far Current has come towards Target, rounded to a whole
// percent; ok is false when either is missing or the target is zero.
func (in Indicator) Percent() (p int, ok bool) {
	if in.Target == nil || in.Current == nil || *in.Target == 0 {
		return 0, false
	}
	return int(math.Round(*in.Current / *in.Target * 100)), true
}

// Progress is the indicator as a person reads it: "34 of 50 (68 %)",
// "34 of 50 members (68 %)", "48 of 60 % (80 %)", "34 members, no target set" or "target 50,
// not measured yet".
func (in Indicator) Progress() string {
	unit := ""
	if in.Unit != "" {
		unit = " " + in.Unit
	}
	switch {
	case in.Current != nil && in.Target != nil:
		s := Figure(*in.Current) + " of " + Figure(*in.Target) + unit
		if p, ok := in.Percent(); ok {
			s += fmt.Sprintf(" (%d %%)", p)
		}
		return s
	case in.Current != nil:
		return Figure(*in.Current) + unit + ", no target set"
	case in.Target != nil:
		return "target " + Figure(*in.Target) + unit + ", not measured yet"
	}
	return "no target or figure yet"
}

// Figure writes a number as briefly as it reads: 50, 12.5, 1200.
func Figure(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Meter is an indicator's figure against its target, for drawing how far
// it has come.
type Meter struct{ Max, Value float64 }

// Meter returns the indicator's meter, or nil when there is nothing to
// draw: no figure, or no positive target.
func (in Indicator) Meter() *Meter {
	if in.Target == nil || in.Current == nil || *in.Target <= 0 {
		return nil
	}
	return &Meter{Max: *in.Target, Value: max(0, *in.Current)}
}
