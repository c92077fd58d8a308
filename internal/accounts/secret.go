package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// newSecret returns 32 random bytes as unpadded base64url (43 characters,
// safe in cookies and headers), for session cookies and API tokens.
func newSecret() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("read random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// hashSecret is how a session cookie or API token is stored: its SHA-256 in
// hex. The secrets are random and long, so a fast hash is enough; keeping
// only the hash means a leaked database cannot be used to sign in.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
