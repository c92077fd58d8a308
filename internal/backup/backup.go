package backup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// sqliteMagic opens every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Kind says what a backup file holds.
type Kind string

const (
	KindSQLite  Kind = "sqlite"  // a SQLite database file
	KindArchive Kind = "archive" // an archive, gzipped or not
)

// Backup writes a consistent copy of db to path while Trellis serves: on
// SQLite a database file (VACUUM INTO: compact, indexes included, openable
// as it is), on PostgreSQL an archive (gzipped when path ends in .gz),
// which is its logical dump. path must not exist yet. Restore takes either.
func Backup(ctx context.Context, db *store.DB, path, appVersion string, now time.Time) (Kind, Stats, error) {
	if _, err := os.Stat(path); err == nil {
		return "", Stats{}, apperr.New(apperr.Conflict, "%s already exists: a backup never overwrites a file.", path)
	}
	if db.Dialect == store.SQLite {
		if err := db.VacuumInto(ctx, path); err != nil {
			os.Remove(path)
			return "", Stats{}, err
		}
		fi, err := os.Stat(path)
		if err != nil {
			return "", Stats{}, err
		}
		return KindSQLite, Stats{Bytes: fi.Size()}, nil
	}
	st, err := WriteArchiveFile(ctx, db, path, appVersion, now)
	return KindArchive, st, err
}

// WriteArchiveFile writes db's archive to path, gzipped when it ends in
// .gz. A file that could not be finished is removed: a half archive would
// look like a backup and restore as a failure.
func WriteArchiveFile(ctx context.Context, db *store.DB, path, appVersion string, now time.Time) (Stats, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Stats{}, apperr.Wrap(err, apperr.Invalid, "Could not create %s: %v", path, err)
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(f)
		w = zw
	}
	st, err := WriteArchive(ctx, db, w, appVersion, now)
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return Stats{}, err
	}
	if zw != nil {
		if fi, err := os.Stat(path); err == nil {
			st.Bytes = fi.Size()
		}
	}
	return st, nil
}

// RestoreFile restores a backup file into db, which must be empty: an
// archive (gzipped or not) or a SQLite database file, into either engine.
// A SQLite file is read without being changed and streamed through the
// archive format, so it is checked the same way.
func RestoreFile(ctx context.Context, db *store.DB, path, appVersion string) (Kind, Stats, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", Stats{}, apperr.Wrap(err, apperr.Invalid, "Could not open %s: %v", path, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	head, _ := br.Peek(len(sqliteMagic))
	switch {
	case bytes.Equal(head, sqliteMagic):
		f.Close()
		st, err := restoreSQLiteFile(ctx, db, path, appVersion)
		return KindSQLite, st, err
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return "", Stats{}, apperr.Wrap(err, apperr.Invalid, "%s: not a readable gzip file: %v", filepath.Base(path), err)
		}
		defer zr.Close()
		st, err := Restore(ctx, db, zr)
		return KindArchive, st, named(path, err)
	}
	st, err := Restore(ctx, db, br)
	return KindArchive, st, named(path, err)
}

// restoreSQLiteFile pipes the archive of a SQLite file into Restore.
func restoreSQLiteFile(ctx context.Context, db *store.DB, path, appVersion string) (Stats, error) {
	src, err := store.OpenSQLiteReadOnly(ctx, path)
	if err != nil {
		return Stats{}, apperr.Wrap(err, apperr.Invalid, "Could not read %s as a Trellis database: %v", path, err)
	}
	defer src.Close()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := WriteArchive(ctx, src, pw, appVersion, time.Now())
		pw.CloseWithError(err)
		done <- err
	}()
	st, err := Restore(ctx, db, pr)
	pr.CloseWithError(errors.New("restore stopped"))
	cancel()
	if werr := <-done; err == nil && werr != nil {
		err = fmt.Errorf("read %s: %w", path, werr)
	}
	return st, named(path, err)
}

// named puts the file's name in front of a restore's message.
func named(path string, err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Invalid {
		return apperr.Wrap(err, apperr.Invalid, "%s: %s", filepath.Base(path), ae.Message)
	}
	return err
}
