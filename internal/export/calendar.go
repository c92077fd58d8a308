package export

import (
	"context"
	"io"
	"time"

	"github.com/trellis-community/trellis/internal/calendar"
)

// Calendar writes the programming calendar as one iCalendar file: the
// whole community's (programmeID 0) or one programme's, the same feed
// calendar clients subscribe to.
func Calendar(ctx context.Context, src calendar.Source, programmeID int64, now time.Time, w io.Writer) error {
	feed, err := calendar.Load(ctx, src, programmeID, now)
	if err != nil {
		return err
	}
	return calendar.Write(w, feed)
}
