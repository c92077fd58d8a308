package app

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
)

// importActivities is participation's side of imports.ActivitySink: the
// activities a platform's export carries (Slack messages, Discourse
// posts, GitHub reviews) are written in the import run's transaction,
// taken away by its undo, and the members they touch re-derived after.
func importActivities(part *participation.Service) *imports.ActivitySink {
	conv := func(a imports.MemberActivity) participation.Imported {
		return participation.Imported{MemberID: a.MemberID, Kind: a.Kind, Source: a.Source, OccurredAt: a.OccurredAt,
			Title: a.Title, URL: a.URL, ExternalID: a.ExternalID}
	}
	return &imports.ActivitySink{
		Check: func(a imports.MemberActivity, now time.Time) string { return participation.CheckImported(conv(a), now) },
		Put: func(ctx context.Context, tx *store.Tx, runID int64, acts []imports.MemberActivity) (int, error) {
			list := make([]participation.Imported, len(acts))
			for i, a := range acts {
				list[i] = conv(a)
			}
			return part.PutImported(ctx, tx, runID, list)
		},
		Remove:  part.RemoveImported,
		Changed: part.ImportedChanged,
	}
}
