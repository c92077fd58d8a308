package export

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/calendar"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Sources are what the downloads read; app wires them.
type Sources struct {
	DB         *store.DB
	Members    *members.Service
	Calendar   calendar.Source
	Now        func() time.Time
	AppVersion string
}

// Download is one export ready to stream to a browser or an API client.
type Download struct {
	Filename    string
	ContentType string
	Write       func(ctx context.Context, w io.Writer) error
}

// MaxDownload bounds how long one download may stream. A download is not
// held to the request's query deadline (QueryTimeout): it reads a page or
// a row at a time and stops as soon as the client goes away, because its
// next write fails.
const MaxDownload = 30 * time.Minute

// Serve streams d as an attachment. Once the first byte is out an error
// can only be logged: the download then ends short, which clients see as
// a failed transfer, never as a whole file.
func (d Download) Serve(w http.ResponseWriter, r *http.Request, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), MaxDownload)
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename=%q`, d.Filename))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if err := d.Write(ctx, w); err != nil {
		log.Error("export download stopped", slog.String("file", d.Filename), slog.String("path", r.URL.Path), slog.Any("err", err))
		panic(http.ErrAbortHandler) // end the response so it cannot pass for a whole file
	}
}

// MembersDownload reads format ("csv" or "vcard"), segment (a saved
// segment's id) and archived ("include") from q. Bad values are Invalid,
// naming the parameter; an unknown segment is NotFound.
func (s Sources) MembersDownload(ctx context.Context, q url.Values) (Download, error) {
	f, ok := ParseFormat(q.Get("format"))
	if !ok {
		return Download{}, &apperr.Error{Code: apperr.Invalid, Message: "format: must be csv or vcard.",
			Fields: map[string]string{"format": "must be csv or vcard"}}
	}
	filter := members.Filter{}
	base := "members"
	if v := strings.TrimSpace(q.Get("segment")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return Download{}, &apperr.Error{Code: apperr.Invalid, Message: "segment: must be a segment id.",
				Fields: map[string]string{"segment": "must be a segment id"}}
		}
		seg, err := s.Members.GetSegment(ctx, id)
		if err != nil {
			return Download{}, err
		}
		if seg.Problem != "" {
			return Download{}, apperr.New(apperr.Invalid, "%s", seg.Problem)
		}
		filter, base = seg.Filter, fmt.Sprintf("members-segment-%d", id)
	}
	switch q.Get("archived") {
	case "", "exclude":
	case "include":
		filter.Archived = members.ArchivedInclude
	default:
		return Download{}, &apperr.Error{Code: apperr.Invalid, Message: "archived: must be include or exclude.",
			Fields: map[string]string{"archived": "must be include or exclude"}}
	}
	return Download{Filename: f.Filename(base + "-" + s.day()), ContentType: f.ContentType(),
		Write: func(ctx context.Context, w io.Writer) error {
			_, err := Members(ctx, s.Members, filter, f, w)
			return err
		}}, nil
}

// ActivitiesDownload is every activity as CSV.
func (s Sources) ActivitiesDownload() Download {
	return Download{Filename: "activities-" + s.day() + ".csv", ContentType: CSV.ContentType(),
		Write: func(ctx context.Context, w io.Writer) error { _, err := Activities(ctx, s.DB, w); return err }}
}

// InteractionsDownload is every interaction as CSV.
func (s Sources) InteractionsDownload() Download {
	return Download{Filename: "interactions-" + s.day() + ".csv", ContentType: CSV.ContentType(),
		Write: func(ctx context.Context, w io.Writer) error { _, err := Interactions(ctx, s.DB, w); return err }}
}

// CalendarDownload is the community's calendar as one .ics file.
func (s Sources) CalendarDownload() Download {
	return Download{Filename: "calendar-" + s.day() + ".ics", ContentType: calendar.ContentType,
		Write: func(ctx context.Context, w io.Writer) error { return Calendar(ctx, s.Calendar, 0, s.Now(), w) }}
}

// ArchiveDownload is the whole database as a gzipped archive. It holds
// the team's password and token hashes: owners only.
func (s Sources) ArchiveDownload() Download {
	return Download{Filename: "trellis-archive-" + s.day() + ".jsonl.gz", ContentType: "application/gzip",
		Write: func(ctx context.Context, w io.Writer) error {
			zw := gzip.NewWriter(w)
			if _, err := backup.WriteArchive(ctx, s.DB, zw, s.AppVersion, s.Now()); err != nil {
				return err
			}
			return zw.Close()
		}}
}

func (s Sources) day() string { return s.Now().UTC().Format("2006-01-02") }
