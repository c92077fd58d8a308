package demo

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// A load goes through the domain services, a few thousand transactions
// for the standard demo and far more for a generated 100,000, so it cannot
// be one transaction. Instead it leaves a marker in the settings while it
// runs, with the largest ids the database held before it began. A load
// that fails or is interrupted (Ctrl-C) removes what it stored and its
// marker before returning; one that was killed outright leaves both, and
// the next Load finds the marker, removes the half-loaded community and
// starts again. The marker's heartbeat tells a killed load from one still
// running elsewhere (two `serve --demo` instances starting together).
const (
	loadingKey = "demo_loading"
	// StaleAfter without a heartbeat, a load is taken to be dead.
	StaleAfter = time.Minute
	// discardTimeout bounds the clean-up after a failed load, which runs
	// even when the load's own context was cancelled.
	discardTimeout = 5 * time.Minute
)

// heartbeatEvery is how often a running load says it is alive: well
// within StaleAfter. A variable only so a test can make it short.
var heartbeatEvery = 10 * time.Second

// loading is the marker: when the load started, when it last said it was
// alive, and the largest ids before it, above which every row is its own.
type loading struct {
	Started           int64 `json:"started"`
	Beat              int64 `json:"beat"`
	MembersAfter      int64 `json:"members_after"`
	InteractionsAfter int64 `json:"interactions_after"`
	FollowUpsAfter    int64 `json:"followups_after"`
	GroupsAfter       int64 `json:"groups_after"`
	ProgrammesAfter   int64 `json:"programmes_after"`
}

// Unfinished reports whether a demo load was started and never finished
// nor cleaned up: Load would remove what it left and load the community
// again. `serve --demo` asks, as members alone would make it skip loading.
func Unfinished(ctx context.Context, a *app.App) (bool, error) {
	_, ok, err := readMarker(ctx, a.DB)
	return ok, err
}

func readMarker(ctx context.Context, q store.Querier) (loading, bool, error) {
	var raw string
	err := q.QueryRow(ctx, "SELECT value FROM settings WHERE key = ?", loadingKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return loading{}, false, nil
	}
	if err != nil {
		return loading{}, false, apperr.Internalf(err, "Could not read the demo loader's marker.")
	}
	var l loading
	if err := json.Unmarshal([]byte(raw), &l); err != nil {
		// A marker nobody can read still means a load never finished;
		// zero ids make its clean-up remove every member, interaction,
		// follow-up and group of our own, which a load only starts
		// without members anyway.
		return loading{}, true, nil
	}
	return l, true, nil
}

// claim makes this process the one loading the demo: it clears away a
// dead load's remains first, refuses (Conflict) while another load is
// alive or when the database has members, and records the marker.
func claim(ctx context.Context, a *app.App) (loading, error) {
	now := a.Now()
	old, found, err := readMarker(ctx, a.DB)
	if err != nil {
		return loading{}, err
	}
	if found {
		if idle := now.Sub(time.Unix(old.Beat, 0)); old.Beat != 0 && idle < StaleAfter {
			return loading{}, apperr.New(apperr.Conflict,
				"Another demo load is running (started %s, last progress %s ago). If it was stopped, try again in %s.",
				time.Unix(old.Started, 0).UTC().Format(time.DateTime+" UTC"), idle.Round(time.Second), (StaleAfter - idle).Round(time.Second))
		}
		a.Log.Warn("a demo load was interrupted part way; removing what it stored and loading again")
		if err := discard(ctx, a, old, "it was interrupted"); err != nil {
			return loading{}, err
		}
	}
	var l loading
	err = a.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, m := range []struct {
			table string
			into  *int64
		}{{"members", &l.MembersAfter}, {"interactions", &l.InteractionsAfter}, {"followups", &l.FollowUpsAfter}, {"stakeholder_groups", &l.GroupsAfter},
			{"programmes", &l.ProgrammesAfter}} {
			if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+m.table).Scan(m.into); err != nil {
				return fmt.Errorf("largest id in %s: %w", m.table, err)
			}
		}
		var members int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&members); err != nil {
			return fmt.Errorf("count members: %w", err)
		}
		if members > 0 {
			return apperr.New(apperr.Conflict,
				"The database already holds %d %s; the demo loads only into an empty one.", members, plural(members, "member"))
		}
		l.Started, l.Beat = now.Unix(), now.Unix()
		raw, _ := json.Marshal(l)
		// Two loads starting together both find no marker; the insert lets
		// only one of them through.
		res, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", loadingKey, string(raw))
		if err != nil {
			return fmt.Errorf("write the demo marker: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.New(apperr.Conflict, "Another demo load has just started.")
		}
		return nil
	})
	if err != nil && !apperr.Is(err, apperr.Conflict) {
		return loading{}, apperr.Internalf(err, "Could not start loading the demo community.")
	}
	return l, err
}

// keepAlive refreshes the marker every heartbeatEvery, from the moment
// the load is claimed (planning a large community takes a while too)
// until the returned stop is called; stop waits for the last refresh.
func keepAlive(ctx context.Context, a *app.App, l loading) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		heartbeat(ctx, a, l)
	}()
	return func() {
		cancel()
		<-done
	}
}

// heartbeat refreshes the marker every heartbeatEvery until ctx ends. A
// failed refresh is only logged: at worst another loader takes this one
// for dead.
func heartbeat(ctx context.Context, a *app.App, l loading) {
	t := time.NewTicker(heartbeatEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		l.Beat = a.Now().Unix()
		raw, _ := json.Marshal(l)
		if _, err := a.DB.Exec(ctx, "UPDATE settings SET value = ? WHERE key = ?", string(raw), loadingKey); err != nil && ctx.Err() == nil {
			a.Log.Warn("demo load heartbeat", slog.Any("err", err))
		}
	}
}

// finish stores the community name and removes the marker, together.
func finish(ctx context.Context, a *app.App) error {
	err := a.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, "community_name", CommunityName); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "DELETE FROM settings WHERE key = ?", loadingKey)
		return err
	})
	if err != nil {
		return apperr.Internalf(err, "Could not save the community name.")
	}
	return nil
}

// discard removes what a load stored (every row above its marker's ids;
// the team's accounts stay, and the next load reuses them) and the marker,
// in one transaction, with an audit entry saying why. The audit entries
// of the records it removes stay: they did happen. It runs on a context
// of its own, so a load stopped by Ctrl-C still cleans up after itself.
func discard(ctx context.Context, a *app.App, l loading, why string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), discardTimeout)
	defer cancel()
	ctx = audit.WithActor(ctx, audit.Actor{Name: "demo"})
	var removed int64
	err := a.DB.InTx(ctx, func(tx *store.Tx) error {
		// Children first where no foreign key cascades: follow-ups may
		// belong to no member, interactions to any.
		for _, d := range []struct {
			table, where string
			after        int64
		}{
			{"followups", "", l.FollowUpsAfter},
			{"interactions", "", l.InteractionsAfter},
			// Programmes take their sessions and hosts with them.
			{"programmes", "", l.ProgrammesAfter},
			{"members", "", l.MembersAfter},
			// The built-in groups come with the schema, never from a load,
			// whatever an unreadable marker's ids say.
			{"stakeholder_groups", " AND builtin = ?", l.GroupsAfter},
		} {
			args := []any{d.after}
			if d.where != "" {
				args = append(args, false)
			}
			res, err := tx.Exec(ctx, "DELETE FROM "+d.table+" WHERE id > ?"+d.where, args...)
			if err != nil {
				return fmt.Errorf("remove the half-loaded %s: %w", d.table, err)
			}
			if d.table == "members" {
				removed, _ = res.RowsAffected()
			}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM settings WHERE key = ?", loadingKey); err != nil {
			return fmt.Errorf("remove the demo marker: %w", err)
		}
		return audit.Record(ctx, tx, a.Now(), audit.Change{Entity: "demo", Action: "discard",
			Summary: fmt.Sprintf("Removed a demo community loaded part way (%s): %d %s and their records", why, removed, plural(int(removed), "member"))})
	})
	if err != nil {
		return apperr.Internalf(err, "Could not remove the half-loaded demo community.")
	}
	return nil
}
