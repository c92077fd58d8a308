package participation

import (
	"testing"
	"time"
)

// daysFromCivil numbers days as civilDay does, across leap years, century
// years, the epoch and dates before it.
func TestDaysFromCivilMatchesCivilDay(t *testing.T) {
	for d := time.Date(1899, 12, 25, 0, 0, 0, 0, time.UTC); d.Year() < 2101; d = d.AddDate(0, 0, 3) {
		y, m, dd := d.Date()
		if got, want := daysFromCivil(y, m, dd), civilDay(d, time.UTC); got != want {
			t.Fatalf("%s: daysFromCivil %d, civilDay %d", d.Format(time.DateOnly), got, want)
		}
	}
}
