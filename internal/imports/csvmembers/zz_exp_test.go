package csvmembers_test

import (
	"bytes"
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZExp(t *testing.T) {
	var file bytes.Buffer
	csvmembers.WriteSample(&file, 100000)
	for _, v := range []string{"base"} {
		db := storetest.Open(t, store.SQLite)
		ctx := context.Background()
		if v == "notrig" || v == "noall" {
			for _, tr := range []string{"members_fts_insert", "members_substr_insert"} {
				db.Exec(ctx, "DROP TRIGGER "+tr)
			}
		}
		if v == "noidx" || v == "noall" {
			for _, ix := range []string{"members_sort_name", "members_joined", "members_created", "members_updated", "members_orcid", "members_status", "members_timezone", "members_name_key", "members_affiliation_name", "member_emails_email", "member_tags_tag"} {
				db.Exec(ctx, "DROP INDEX "+ix)
			}
		}
		s, _ := services(db)
		c0, w0 := cpu(), time.Now()
		run, err := s.Import(ctx, "csv", "s.csv", bytes.NewReader(file.Bytes()), imports.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: created %d cpu %v wall %v", v, run.Created, cpu()-c0, time.Since(w0))
	}
}
