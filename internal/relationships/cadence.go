package relationships

import "strconv"

// Cadence is how often, in days, a key member should hear from the team.
// These are the choices a form offers; any whole number of days from
// MinCadence to MaxCadence is allowed.
const (
	Fortnightly = 14
	Monthly     = 30
	Quarterly   = 91

	MinCadence = 1
	MaxCadence = 366 // once a year, leap years included
)

// CadenceLabel names a cadence the way a person would say it: "every 2
// weeks", "monthly", "quarterly", otherwise "every N days".
func CadenceLabel(days int) string {
	switch days {
	case 1:
		return "every day"
	case 7:
		return "weekly"
	case Fortnightly:
		return "every 2 weeks"
	case Monthly:
		return "monthly"
	case Quarterly:
		return "quarterly"
	}
	return "every " + strconv.Itoa(days) + " days"
}

func validCadence(days int) bool { return days >= MinCadence && days <= MaxCadence }
