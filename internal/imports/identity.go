package imports

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
)

// identityKeys are the match keys of a record's platform identities
// ("github" and a login, "slack" and a user id): a handle names one person
// on its platform, so it is as good a match as an email, and ranks after
// email and ORCID iD and before name. Handles compare as members keeps
// them in member_identities.handle_key: case and a leading @ do not
// matter, so "@Ada" on GitHub is "ada".
func identityKeys(ids []members.Identity) []string {
	keys := make([]string, 0, len(ids))
	for _, x := range ids {
		if x.Platform == "" || x.Handle == "" {
			continue
		}
		keys = append(keys, "i:"+x.Platform+":"+handleKey(x.Handle))
	}
	return keys
}

// handleKey is members' key for a handle (member_identities.handle_key).
func handleKey(h string) string { return strings.ToLower(strings.TrimPrefix(h, "@")) }

// lookupIdentities adds to owners the members that already have the
// rows' identities: one query per platform, on the (platform, handle_key)
// index. The lowest id wins when members share a handle, as for emails.
func (l *loader) lookupIdentities(ctx context.Context, rows []staged, owners map[string]int64) error {
	byPlatform := map[string][]string{}
	for i := range rows {
		for _, x := range rows[i].m.Identities {
			if x.Platform != "" && x.Handle != "" {
				byPlatform[x.Platform] = append(byPlatform[x.Platform], handleKey(x.Handle))
			}
		}
	}
	for _, p := range slices.Sorted(maps.Keys(byPlatform)) {
		if strings.Trim(p, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			continue
		}
		// The platform is written into the statement: rows are normalised,
		// and members.Normalise lets a platform be only lower-case letters,
		// digits, - and _ (a few platforms, so a few statements).
		err := l.each(ctx, "SELECT handle_key, member_id FROM member_identities WHERE platform = '"+p+"' AND handle_key", byPlatform[p], "", func(r *sql.Rows) error {
			var k string
			var id int64
			if err := r.Scan(&k, &id); err != nil {
				return err
			}
			key := "i:" + p + ":" + k
			if cur, ok := owners[key]; !ok || id < cur {
				owners[key] = id
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
