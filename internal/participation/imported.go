package participation

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Imported is an activity an import run brings in from a community
// platform's own export (a Slack message, a Discourse reply, a GitHub
// review), for a member the run matched or created.
type Imported struct {
	MemberID   int64
	Kind       string // a kind's key: built-in kinds are never deleted
	Source     string // the platform: "slack", "discourse", "github"
	OccurredAt time.Time
	Title      string
	URL        string
	ExternalID string // the platform's own id, unique within Source
}

// CheckImported says what is wrong with an imported activity, "" when
// nothing: the run leaves such an activity out and reports it on its line.
func CheckImported(a Imported, now time.Time) string {
	switch {
	case !ValidSource(a.Source):
		return "source " + a.Source + " is not a source name"
	case a.ExternalID == "" || len(a.ExternalID) > maxExternalID:
		return "external id must be 1 to 200 bytes"
	case a.OccurredAt.Year() < 1970:
		return "its date is before 1970"
	case a.OccurredAt.After(now.Add(FutureSkew)):
		return "its date is in the future"
	case a.URL != "" && !webURL(a.URL):
		return "its address is not a web address"
	}
	return ""
}

// PutImported writes acts inside the import run's transaction tx, marked
// with runID so the run's undo finds them (RemoveImported). An activity
// whose source and external id are already stored, by an earlier run, a
// script or earlier in acts, is left as it is: the same file twice
// changes nothing. The caller vouches for the members and checked each
// with CheckImported; a kind that is not a known key refuses the whole
// call. It returns how many activities it created. The members'
// standing is brought up to date after the commit, by ImportedChanged.
func (s *Service) PutImported(ctx context.Context, tx *store.Tx, runID int64, acts []Imported) (int, error) {
	if len(acts) == 0 {
		return 0, nil
	}
	kinds, err := listKinds(ctx, tx)
	if err != nil {
		return 0, err
	}
	known := make(map[string]bool, len(kinds))
	for _, k := range kinds {
		known[k.Key] = true
	}
	for _, a := range acts {
		if !known[a.Kind] {
			return 0, fmt.Errorf("imported activity %s/%s: unknown kind %q", a.Source, a.ExternalID, a.Kind)
		}
	}
	by, at := actorUserID(ctx), s.now().Unix()
	// Written a chunk of rows per statement, skipping conflicts: each
	// engine reports as affected only the rows it inserted, so their sum
	// is what the call created (a count of the run's rows before and
	// after would read the whole run's activities for every batch).
	const cols, per = 10, 1000
	into := "INSERT INTO activities (member_id, kind, source, occurred_at, title, url, external_id, created_by, created_at, import_run_id) VALUES "
	one := "(" + store.Placeholders(cols) + ")"
	statement := func(n int) string {
		return into + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ") + " ON CONFLICT (source, external_id) DO NOTHING"
	}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	var created int64
	args := make([]any, 0, per*cols)
	for chunk := range slices.Chunk(acts, per) {
		args = args[:0]
		for _, a := range chunk {
			args = append(args, a.MemberID, a.Kind, a.Source, a.OccurredAt.Unix(), truncateRunes(a.Title, maxTitle), a.URL, a.ExternalID, by, at, runID)
		}
		var res sql.Result
		var err error
		if len(chunk) == per {
			if full == nil {
				if full, err = tx.Prepare(ctx, statement(per)); err != nil {
					return 0, fmt.Errorf("write imported activities: %w", err)
				}
			}
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.Exec(ctx, statement(len(chunk)), args...)
		}
		if err != nil {
			return 0, fmt.Errorf("write imported activities: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		created += n
	}
	return int(created), nil
}

// RemoveImported deletes the activities run runID added, inside the
// undo's transaction tx, and re-derives the standing of the members they
// belonged to there too (a member left with no activities has none), so
// nothing derived from them is left to hold the undo back. It returns
// those members, for ImportedChanged after the commit.
func (s *Service) RemoveImported(ctx context.Context, tx *store.Tx, runID int64) ([]int64, error) {
	rows, err := tx.Query(ctx, "DELETE FROM activities WHERE import_run_id = ? RETURNING member_id", runID)
	if err != nil {
		return nil, fmt.Errorf("remove imported activities: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return ids, s.rederiveTx(ctx, tx, ids)
}

// ImportedChanged brings the standing and the figures over time of the
// members an import run's activities touched up to date, after the run
// (or its undo) committed, as Ingest does after a batch.
func (s *Service) ImportedChanged(ctx context.Context, memberIDs []int64) error {
	ids := slices.Clone(memberIDs)
	slices.Sort(ids)
	return s.afterActivities(ctx, slices.Compact(ids))
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
