package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Platform accounts recognise people too: a Meetup list gives no emails,
// only each person's Meetup member id, and the same list imported again
// must find the members it made rather than make them twice.

// identityKeys are the keys of m's platform accounts, after its emails
// and ORCID iD and before its name.
func identityKeys(m members.Member) []string {
	var keys []string
	for _, x := range m.Identities {
		if k := identityKey(x); k != "" {
			keys = append(keys, "i:"+k)
		}
	}
	return keys
}

// identityKey is "platform|handle" as member_identities keys it (the
// handle lower-cased, without a leading @), "" for an incomplete one.
func identityKey(x members.Identity) string {
	p := strings.ToLower(strings.TrimSpace(x.Platform))
	h := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(x.Handle), "@"))
	if p == "" || h == "" {
		return ""
	}
	return p + "|" + h
}

// lookupIdentities adds to owners the members holding the rows' platform
// accounts: one query per platform.
func (l *loader) lookupIdentities(ctx context.Context, rows []staged, owners map[string]int64) error {
	byPlatform := map[string][]string{}
	for i := range rows {
		for _, x := range rows[i].m.Identities {
			if k := identityKey(x); k != "" {
				p, h, _ := strings.Cut(k, "|")
				byPlatform[p] = append(byPlatform[p], h)
			}
		}
	}
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for p := range byPlatform {
			if !yield(p) {
				return
			}
		}
	}) {
		handles := byPlatform[p]
		slices.Sort(handles)
		handles = slices.Compact(handles)
		query := "SELECT handle_key, member_id FROM member_identities WHERE platform = ? AND handle_key"
		var res *sql.Rows
		var err error
		if l.tx.Dialect == store.Postgres {
			res, err = l.tx.Query(ctx, query+" = ANY(CAST(? AS TEXT[]))", p, handles)
		} else {
			list, jerr := json.Marshal(handles)
			if jerr != nil {
				return jerr
			}
			res, err = l.tx.Query(ctx, query+" IN (SELECT value FROM json_each(?))", p, string(list))
		}
		if err != nil {
			return err
		}
		for res.Next() {
			var h string
			var id int64
			if err := res.Scan(&h, &id); err != nil {
				res.Close()
				return err
			}
			// The lowest id wins when a key is shared, so a re-run picks
			// the same member.
			k := "i:" + p + "|" + h
			if cur, ok := owners[k]; !ok || id < cur {
				owners[k] = id
			}
		}
		res.Close()
		if err := res.Err(); err != nil {
			return err
		}
	}
	return nil
}
