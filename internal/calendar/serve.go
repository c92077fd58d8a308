package calendar

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Load asks src for the events of the community's calendar (programmeID
// 0) or of one programme, and names the feed. With no source (programming
// not wired in) the community's calendar is empty and no programme exists.
func Load(ctx context.Context, src Source, programmeID int64, now time.Time) (Feed, error) {
	f := Feed{Name: "Trellis community calendar", Now: now}
	if programmeID != 0 {
		f.Name = fmt.Sprintf("Trellis programme %d", programmeID)
	}
	if src == nil {
		if programmeID != 0 {
			return Feed{}, apperr.NotFoundf("There is no programme with id %d.", programmeID)
		}
		return f, nil
	}
	l, err := src(ctx, programmeID)
	if err != nil {
		return Feed{}, err
	}
	if l.Name != "" {
		f.Name = l.Name
	}
	f.Events = l.Events
	return f, nil
}

// Serve answers r with f as text/calendar. The ETag is a hash of the
// bytes, so a client polling with If-None-Match gets 304 Not Modified
// until something in the feed changes (a deleted session included);
// Last-Modified is the newest event's change, for display. Clients may
// keep the feed but must ask again each time (private, no-cache). It
// returns Write's error, having written nothing, when f cannot be written.
func Serve(w http.ResponseWriter, r *http.Request, f Feed) error {
	var body bytes.Buffer
	if err := Write(&body, f); err != nil {
		return err
	}
	sum := sha256.Sum256(body.Bytes())
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+base64.RawURLEncoding.EncodeToString(sum[:18])+`"`)
	var last time.Time
	for _, e := range f.Events {
		if e.Updated.After(last) {
			last = e.Updated
		}
	}
	if !last.IsZero() {
		h.Set("Last-Modified", last.UTC().Format(http.TimeFormat))
	}
	// ServeContent answers If-None-Match (and HEAD and ranges) as RFC 9110
	// says. It is given no modification time: If-Modified-Since cannot
	// see a session that was deleted, so only the ETag decides.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body.Bytes()))
	return nil
}
