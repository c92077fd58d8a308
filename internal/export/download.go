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
	// Size is the file's length in bytes when known ahead (a finished
	// export job's), 0 otherwise.
	Size  int64
	Write func(ctx context.Context, w io.Writer) error
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
	if d.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	}
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
	req, err := ParseMembersRequest(q)
	if err != nil {
		return Download{}, err
	}
	return s.Download(ctx, req)
}

// ParseMembersRequest reads a members export's format, segment and
// archived from q. Bad values are Invalid, naming the parameter.
func ParseMembersRequest(q url.Values) (Request, error) {
	f, ok := ParseFormat(q.Get("format"))
	if !ok {
		return Request{}, &apperr.Error{Code: apperr.Invalid, Message: "format: must be csv or vcard.",
			Fields: map[string]string{"format": "must be csv or vcard"}}
	}
	req := Request{Kind: KindMembers, Format: f}
	if v := strings.TrimSpace(q.Get("segment")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return Request{}, &apperr.Error{Code: apperr.Invalid, Message: "segment: must be a segment id.",
				Fields: map[string]string{"segment": "must be a segment id"}}
		}
		req.SegmentID = id
	}
	switch q.Get("archived") {
	case "", "exclude":
	case "include":
		req.Archived = true
	default:
		return Request{}, &apperr.Error{Code: apperr.Invalid, Message: "archived: must be include or exclude.",
			Fields: map[string]string{"archived": "must be include or exclude"}}
	}
	return req, nil
}

// membersFilter is the filter and the file's base name a members request
// names. An unknown segment is NotFound, a broken one Invalid.
func (s Sources) membersFilter(ctx context.Context, req Request) (members.Filter, string, error) {
	filter := members.Filter{}
	base := "members"
	if req.SegmentID != 0 {
		seg, err := s.Members.GetSegment(ctx, req.SegmentID)
		if err != nil {
			return filter, "", err
		}
		if seg.Problem != "" {
			return filter, "", apperr.New(apperr.Invalid, "%s", seg.Problem)
		}
		filter, base = seg.Filter, fmt.Sprintf("members-segment-%d", req.SegmentID)
	}
	if req.Archived {
		filter.Archived = members.ArchivedInclude
	}
	return filter, base, nil
}

// Download is the file req names, ready to write.
func (s Sources) Download(ctx context.Context, req Request) (Download, error) {
	switch req.Kind {
	case KindMembers:
		filter, base, err := s.membersFilter(ctx, req)
		if err != nil {
			return Download{}, err
		}
		f := req.Format
		return Download{Filename: f.Filename(base + "-" + s.day()), ContentType: f.ContentType(),
			Write: func(ctx context.Context, w io.Writer) error {
				_, err := Members(ctx, s.Members, filter, f, w)
				return err
			}}, nil
	case KindActivities:
		return s.ActivitiesDownload(), nil
	case KindInteractions:
		return s.InteractionsDownload(), nil
	case KindArchive:
		return s.ArchiveDownload(), nil
	}
	return Download{}, &apperr.Error{Code: apperr.Invalid, Message: "kind: must be members, activities, interactions or archive.",
		Fields: map[string]string{"kind": "must be members, activities, interactions or archive"}}
}

// Rows is how many rows req's file will hold (for the archive, every
// table's rows), so a caller can choose between streaming it and a job.
func (s Sources) Rows(ctx context.Context, req Request) (int64, error) {
	var n int64
	var err error
	switch req.Kind {
	case KindMembers:
		filter, _, ferr := s.membersFilter(ctx, req)
		if ferr != nil {
			return 0, ferr
		}
		var c int
		c, err = s.Members.Count(ctx, filter)
		n = int64(c)
	case KindActivities:
		err = s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM activities").Scan(&n)
	case KindInteractions:
		err = s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM interactions").Scan(&n)
	case KindArchive:
		n, err = archiveRows(ctx, s.DB)
	default:
		_, err = s.Download(ctx, req)
	}
	return n, store.Wrap(err, "Could not count the rows to export.")
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
			if _, err := backup.WriteArchive(ctx, s.DB, lineCounter{w: zw, ctx: ctx}, s.AppVersion, s.Now()); err != nil {
				return err
			}
			return zw.Close()
		}}
}

func (s Sources) day() string { return s.Now().UTC().Format("2006-01-02") }
