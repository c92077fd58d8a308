package clock

import (
	"testing"
	"time"
)

func TestToday(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database")
	}
	// 23:30 UTC on 31 March is already 1 April in Berlin.
	at := time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		loc  *time.Location
		want string
	}{
		{"nil is UTC", nil, "2026-03-31"},
		{"utc", time.UTC, "2026-03-31"},
		{"east of UTC", berlin, "2026-04-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Today(at, tt.loc); got != tt.want {
				t.Fatalf("Today = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNow(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2026, 3, 31, 23, 30, 5, 999, time.FixedZone("x", 3600))
	got := Now(func() time.Time { return fixed })
	if want := time.Date(2026, 3, 31, 22, 30, 5, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Fatalf("Now = %v, want %v in UTC", got, want)
	}
	if Now(nil).IsZero() {
		t.Fatal("Now(nil) is zero")
	}
}
