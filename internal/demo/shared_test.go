package demo_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/store"
)

// A load of the demo takes seconds, and tens of them under the race
// detector, whatever the community's size: the tests that only read a
// community (its audit, its goals, its attendance) share one load per
// set of options on SQLite at fixedNow, each getting its own copy of the
// loaded file, so none can disturb another.
var loadedDemos sync.Map // "members/seed" -> *loadedDemo

type loadedDemo struct {
	once sync.Once
	data []byte
	err  error
}

// loadedCopy is a copy of the community opt loads on SQLite at fixedNow.
func loadedCopy(t *testing.T, opt demo.Options) *app.App {
	t.Helper()
	v, _ := loadedDemos.LoadOrStore(fmt.Sprintf("%d/%d", opt.Members, opt.Seed), &loadedDemo{})
	l := v.(*loadedDemo)
	l.once.Do(func() { l.data, l.err = loadOnce(opt) })
	if l.err != nil {
		t.Fatalf("load the shared demo: %v", l.err)
	}
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := os.WriteFile(path, l.data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newApp(db, fixedNow)
}

func loadOnce(opt demo.Options) ([]byte, error) {
	dir, err := os.MkdirTemp("", "trellis-demo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "demo.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if _, err := demo.Load(ctx, newApp(db, fixedNow), opt); err != nil {
		return nil, err
	}
	// Everything into the main file, so a copy needs no WAL beside it.
	if _, err := db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}
