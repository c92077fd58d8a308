package relationships

import "time"

// dateLayout is how calendar dates are written everywhere: in the database,
// in forms and in JSON.
const dateLayout = "2006-01-02"

// validDate reports whether s is a real calendar date written YYYY-MM-DD.
// time.Parse already rejects 2026-02-30 and one-digit months.
func validDate(s string) bool {
	_, err := time.Parse(dateLayout, s)
	return err == nil
}

// dayNumber turns a date into a count of days since 1970-01-01, so date
// arithmetic is integer arithmetic and never meets a DST change. ok is false
// for anything that is not a valid date.
func dayNumber(s string) (n int, ok bool) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return 0, false
	}
	return int(t.Unix() / 86400), true
}

// dateOfDay is the inverse of dayNumber.
func dateOfDay(n int) string {
	return time.Unix(int64(n)*86400, 0).UTC().Format(dateLayout)
}

// addDays returns the date n days after date (before, for negative n). It
// returns date unchanged when date is not a valid date.
func addDays(date string, n int) string {
	d, ok := dayNumber(date)
	if !ok {
		return date
	}
	return dateOfDay(d + n)
}

// dateIn is the calendar date of the instant unix in loc.
func dateIn(unix int64, loc *time.Location) string {
	return time.Unix(unix, 0).In(loc).Format(dateLayout)
}
