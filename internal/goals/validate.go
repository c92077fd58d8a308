package goals

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// Bounds on what a goal holds: a title fits a list row, the texts a page,
// and a handful of indicators a glance.
const (
	MaxTitle         = 200
	MaxText          = 20000
	MaxIndicators    = 10
	MaxIndicatorName = 200
	MaxUnit          = 40
	// MaxFigure bounds targets and figures: beyond any community's count,
	// small enough to print without an exponent.
	MaxFigure = 1e12
)

// Check tidies g (trims the texts, drops retired_on from an active goal)
// and adds a problem to fe for each field that is wrong, named as the API
// names it ("title", "indicators[1].target"). today is the community's
// date, after which nothing can have been measured or retired. It needs
// no database: whether the title is taken and the owner exists are
// checked when the goal is stored.
func Check(g *Goal, today string, fe *apperr.FieldErrors) {
	g.Title = strings.TrimSpace(g.Title)
	g.Description = strings.TrimSpace(strings.ReplaceAll(g.Description, "\r\n", "\n"))
	g.Why = strings.TrimSpace(strings.ReplaceAll(g.Why, "\r\n", "\n"))
	text.Check(fe, "title", g.Title)
	text.Check(fe, "description", g.Description)
	text.Check(fe, "why", g.Why)
	switch n := utf8.RuneCountInString(g.Title); {
	case n == 0:
		fe.Add("title", "is required")
	case n > MaxTitle:
		fe.Add("title", "must be at most %d characters", MaxTitle)
	}
	for name, v := range map[string]string{"description": g.Description, "why": g.Why} {
		if utf8.RuneCountInString(v) > MaxText {
			fe.Add(name, "must be at most %d characters", MaxText)
		}
	}
	if g.OwnerUserID < 0 {
		fe.Add("owner_user_id", "choose a team member, or nobody")
	}
	switch g.Status {
	case "":
		g.Status = Active
	case Active, Retired:
	default:
		fe.Add("status", "must be active or retired")
	}
	g.RetiredOn = strings.TrimSpace(g.RetiredOn)
	if g.Status == Active {
		g.RetiredOn = ""
	} else if g.Status == Retired {
		if g.RetiredOn == "" {
			g.RetiredOn = today
		}
		checkDate(fe, "retired_on", g.RetiredOn, today)
	}
	if len(g.Indicators) > MaxIndicators {
		fe.Add("indicators", "at most %d indicators", MaxIndicators)
	}
	for i := range g.Indicators {
		checkIndicator(&g.Indicators[i], fmt.Sprintf("indicators[%d]", i), today, fe)
	}
}

func checkIndicator(in *Indicator, prefix, today string, fe *apperr.FieldErrors) {
	in.Name = strings.TrimSpace(in.Name)
	in.Unit = strings.TrimSpace(in.Unit)
	in.MeasuredOn = strings.TrimSpace(in.MeasuredOn)
	text.Check(fe, prefix+".name", in.Name)
	text.Check(fe, prefix+".unit", in.Unit)
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fe.Add(prefix+".name", "is required: say what is counted")
	case n > MaxIndicatorName:
		fe.Add(prefix+".name", "must be at most %d characters", MaxIndicatorName)
	}
	if utf8.RuneCountInString(in.Unit) > MaxUnit {
		fe.Add(prefix+".unit", "must be at most %d characters", MaxUnit)
	}
	for name, v := range map[string]*float64{"target": in.Target, "current": in.Current} {
		if v == nil {
			continue
		}
		if math.IsNaN(*v) || math.IsInf(*v, 0) || math.Abs(*v) > MaxFigure {
			fe.Add(prefix+"."+name, "must be a number between -%s and %s", Figure(MaxFigure), Figure(MaxFigure))
		}
	}
	if in.MeasuredOn != "" {
		if in.Current == nil {
			fe.Add(prefix+".measured_on", "give the figure measured on that day, or leave the date empty")
		} else {
			checkDate(fe, prefix+".measured_on", in.MeasuredOn, today)
		}
	}
}

// checkDate adds a problem unless v is a real date, YYYY-MM-DD, no later
// than today.
func checkDate(fe *apperr.FieldErrors, field, v, today string) {
	d, err := time.Parse(time.DateOnly, v)
	switch {
	case err != nil || d.Format(time.DateOnly) != v:
		fe.Add(field, "must be a date such as 2026-03-31")
	case today != "" && v > today:
		fe.Add(field, "cannot be after today (%s)", today)
	}
}
