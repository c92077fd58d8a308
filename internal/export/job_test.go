package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/jobs"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestExportJobChunks makes files of several chunks, and of none, as
// jobs and reads them back byte for byte as the direct export writes
// them; a stranger is refused.
func TestExportJobChunks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, msvc, q := jobService(db)
		for _, c := range []struct {
			name   string
			add    int
			chunks int
		}{
			{"no members", 0, 1},
			{"three chunks", 1200, 3},
		} {
			ms := make([]members.Member, c.add)
			for i := range ms {
				ms[i] = members.Member{Name: fmt.Sprintf("Member %d", i), Notes: strings.Repeat("n", 2000)}
			}
			if len(ms) > 0 {
				if _, err := msvc.CreateBatch(ctx, ms); err != nil {
					t.Fatal(err)
				}
			}
			var direct bytes.Buffer
			d, err := s.Download(ctx, export.Request{Kind: export.KindMembers, Format: export.CSV})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Write(ctx, &direct); err != nil {
				t.Fatal(err)
			}
			e, err := s.Start(ctx, export.Request{Kind: export.KindMembers, Format: export.CSV})
			if err != nil {
				t.Fatal(err)
			}
			if ran, err := q.RunNext(ctx); !ran || err != nil {
				t.Fatalf("%s: ran %v, %v", c.name, ran, err)
			}
			if e, err = s.Get(ctx, e.ID); err != nil || e.Status != export.Done || e.Size != int64(direct.Len()) || e.RowsDone != int64(c.add) {
				t.Fatalf("%s: %+v %v (direct %d bytes)", c.name, e, err, direct.Len())
			}
			var chunks int
			if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM export_chunks WHERE export_id = ?", e.ID).Scan(&chunks); err != nil || chunks != c.chunks {
				t.Fatalf("%s: %d chunks, want %d (%v)", c.name, chunks, c.chunks, err)
			}
			if _, err := s.Open(ctx, e.ID, 12345, false); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("%s: a stranger opened it: %v", c.name, err)
			}
			dl, err := s.Open(ctx, e.ID, 0, true)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := dl.Write(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), direct.Bytes()) {
				t.Fatalf("%s: the job's file (%d bytes) differs from the direct export (%d bytes)", c.name, got.Len(), direct.Len())
			}
		}
	})
}

// TestWithdrawStopsARunningExport: an erasure withdraws every export
// file; one being made when it commits keeps nothing of what it made
// before or after, and stays failed with the withdrawal's reason rather
// than finishing as done with the file's start missing.
func TestWithdrawStopsARunningExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, msvc, q := jobService(db)
		ms := make([]members.Member, 1200) // three chunks
		for i := range ms {
			ms[i] = members.Member{Name: fmt.Sprintf("Member %d", i), Notes: strings.Repeat("n", 2000)}
		}
		if _, err := msvc.CreateBatch(ctx, ms); err != nil {
			t.Fatal(err)
		}
		const reason = "Removed: a member it held was erased."
		export.OnChunkWritten(s, func(seq int64) {
			if seq != 1 {
				return
			}
			if err := db.InTx(ctx, func(tx *store.Tx) error { return export.Withdraw(ctx, tx, reason) }); err != nil {
				t.Errorf("withdraw: %v", err)
			}
		})
		e, err := s.Start(ctx, export.Request{Kind: export.KindMembers, Format: export.CSV})
		if err != nil {
			t.Fatal(err)
		}
		if ran, err := q.RunNext(ctx); !ran || err != nil {
			t.Fatalf("ran %v, %v", ran, err)
		}
		if e, err = s.Get(ctx, e.ID); err != nil || e.Status != export.Failed || e.Error != reason {
			t.Fatalf("after a withdrawal during the run: %+v %v; want failed with %q", e, err, reason)
		}
		var chunks int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM export_chunks").Scan(&chunks); err != nil || chunks != 0 {
			t.Fatalf("%d chunks kept after the withdrawal (%v), want none", chunks, err)
		}
		if _, err := s.Open(ctx, e.ID, e.RequestedBy, true); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("opening a withdrawn export: %v, want Conflict", err)
		}
	})
}

// jobService is an export service on db with its job queue, the run
// handler registered, at a fixed time.
func jobService(db *store.DB) (*export.Service, *members.Service, *jobs.Queue) {
	now := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	msvc := &members.Service{DB: db, Now: clock}
	q := jobs.New(db, clock, nil, jobs.Options{})
	s := &export.Service{Sources: export.Sources{DB: db, Members: msvc, Now: clock}, Jobs: q}
	q.Register(export.JobRun, func(ctx context.Context, p json.RawMessage) error {
		var v struct {
			ExportID int64 `json:"export_id"`
		}
		if err := json.Unmarshal(p, &v); err != nil {
			return err
		}
		return s.Run(ctx, v.ExportID)
	})
	return s, msvc, q
}
