package backup_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestBackupWhileServing archives (and on SQLite copies) a database while
// members are being added, each with an email, in their own transactions.
// A snapshot that saw a member's email but not the member, or the other
// way round, would not restore: restore checks every foreign key.
func TestBackupWhileServing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := &members.Service{DB: db}
		var stop atomic.Bool
		var wg sync.WaitGroup
		ready := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				select {
				case <-ready:
				default:
					close(ready)
				}
			}()
			for i := 0; !stop.Load(); i++ {
				_, err := svc.Create(ctx, members.Member{Name: fmt.Sprintf("Writer %d", i),
					Emails: []members.Email{{Address: fmt.Sprintf("w%d@example.org", i), Primary: true}}, Tags: []string{"busy"}})
				if err != nil {
					t.Errorf("create while backing up: %v", err)
					return
				}
				if i == 20 {
					close(ready)
				}
			}
		}()
		<-ready
		var buf bytes.Buffer
		st, err := backup.WriteArchive(ctx, db, &buf, "test", fixedNow)
		var copyPath string
		if err == nil && db.Dialect == store.SQLite {
			copyPath = filepath.Join(t.TempDir(), "copy.db")
			_, _, err = backup.Backup(ctx, db, copyPath, "test", fixedNow)
		}
		stop.Store(true)
		wg.Wait()
		if err != nil {
			t.Fatalf("backup while serving: %v", err)
		}
		if st.PerTable["members"] == 0 || st.PerTable["members"] != st.PerTable["member_emails"] {
			t.Errorf("the archive holds %d members and %d emails: not one moment", st.PerTable["members"], st.PerTable["member_emails"])
		}
		target := storetest.Open(t, db.Dialect)
		if _, err := backup.Restore(ctx, target, &buf); err != nil {
			t.Fatalf("restore the archive taken while serving: %v", err)
		}
		if copyPath != "" {
			again := storetest.Open(t, store.SQLite)
			if _, _, err := backup.RestoreFile(ctx, again, copyPath, "test"); err != nil {
				t.Fatalf("restore the copy taken while serving: %v", err)
			}
			var ok string
			if err := again.QueryRow(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
				t.Errorf("integrity of the restored copy: %q %v", ok, err)
			}
		}
	})
}
