package privacy

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// keySetting names the settings row holding the block list's HMAC key: 32
// random bytes, hex, made at the first erasure. It travels with an
// archive, so a restored database still recognises everyone it blocked.
const keySetting = "privacy_hash_key"

// Kinds of identifier on the block list.
const (
	KindEmail    = "email"
	KindIdentity = "identity"
	KindORCID    = "orcid"
)

// identifier is one thing a person can be recognised by, normalised the
// way Trellis stores it.
type identifier struct{ kind, value string }

func identifiers(emails []string, ids []members.Identity, orcid string) []identifier {
	var out []identifier
	for _, e := range emails {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			out = append(out, identifier{KindEmail, e})
		}
	}
	for _, id := range ids {
		// A handle is one whatever its case and a leading @, as members
		// matches them: "@Zofia" on GitHub is "zofia".
		p, h := strings.ToLower(strings.TrimSpace(id.Platform)), strings.TrimPrefix(strings.ToLower(strings.TrimSpace(id.Handle)), "@")
		if p != "" && h != "" {
			out = append(out, identifier{KindIdentity, p + ":" + h})
		}
	}
	if o := strings.ToUpper(strings.TrimSpace(orcid)); o != "" {
		out = append(out, identifier{KindORCID, o})
	}
	return out
}

// hash is the block list's one-way form of an identifier: HMAC-SHA256
// under the instance's key, so the list cannot be checked against a
// guessed address without the key.
func hash(key []byte, id identifier) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id.kind + ":" + id.value))
	return hex.EncodeToString(m.Sum(nil))
}

// readKey returns the HMAC key, or nil when no one was ever erased.
func (s *Service) readKey(ctx context.Context, q store.Querier) ([]byte, error) {
	s.mu.Lock()
	k := s.key
	s.mu.Unlock()
	if k != nil {
		return k, nil
	}
	var v string
	err := q.QueryRow(ctx, "SELECT value FROM settings WHERE key = ?", keySetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	k, err = hex.DecodeString(v)
	if err != nil || len(k) < 16 {
		return nil, errorf("the setting %s is not a hex key", keySetting)
	}
	s.mu.Lock()
	s.key = k
	s.mu.Unlock()
	return k, nil
}

// ensureKey returns the HMAC key, making it inside tx when there is none.
func (s *Service) ensureKey(ctx context.Context, tx *store.Tx) ([]byte, error) {
	if k, err := s.readKey(ctx, tx); k != nil || err != nil {
		return k, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", keySetting, hex.EncodeToString(b)); err != nil {
		return nil, err
	}
	var v string
	if err := tx.QueryRow(ctx, "SELECT value FROM settings WHERE key = ?", keySetting).Scan(&v); err != nil {
		return nil, err
	}
	// Not cached here: the transaction may yet roll back.
	return hex.DecodeString(v)
}

// Blocked is members.BlockCheck: it refuses every member with an email
// address, identity or ORCID iD on the block list. Create then fails
// rather than skipping the person: a manager typing them in is told why,
// and an import reports the row as refused, never dropped in silence.
// Imports that write members their own way call it too.
func (s *Service) Blocked(ctx context.Context, q store.Querier, ms []members.Member) ([]members.Refusal, error) {
	key, err := s.readKey(ctx, q)
	if err != nil || key == nil {
		return nil, err
	}
	type place struct {
		index int
		field string
	}
	at := map[string][]place{}
	for i, m := range ms {
		var emails []string
		for _, e := range m.Emails {
			emails = append(emails, e.Address)
		}
		for _, id := range identifiers(emails, m.Identities, m.ORCID) {
			field := map[string]string{KindEmail: "emails", KindIdentity: "identities", KindORCID: "orcid"}[id.kind]
			forms := []identifier{id}
			if id.kind == KindIdentity {
				// Erasures before handles lost their @ hashed it as written.
				p, h, _ := strings.Cut(id.value, ":")
				forms = append(forms, identifier{KindIdentity, p + ":@" + h})
			}
			for _, f := range forms {
				h := hash(key, f)
				at[h] = append(at[h], place{i, field})
			}
		}
	}
	hashes := make([]any, 0, len(at))
	for h := range at {
		hashes = append(hashes, h)
	}
	var out []members.Refusal
	for start := 0; start < len(hashes); start += 500 {
		chunk := hashes[start:min(start+500, len(hashes))]
		rows, err := q.Query(ctx, "SELECT hash FROM erased_identifiers WHERE hash IN ("+store.Placeholders(len(chunk))+")", chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				rows.Close()
				return nil, err
			}
			for _, p := range at[h] {
				out = append(out, members.Refusal{Index: p.index, Field: p.field,
					Message: "belongs to a person erased from Trellis at their request; they cannot be added again"})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
