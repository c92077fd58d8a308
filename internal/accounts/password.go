package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// argonParams are the cost settings of one argon2id hash. They are written
// into every stored hash, so raising them later only affects new hashes and
// old ones still verify (and are upgraded at the next sign-in).
type argonParams struct {
	memory  uint32 // KiB
	time    uint32 // passes over memory
	threads uint8
	saltLen uint32 // bytes
	keyLen  uint32 // bytes
}

// owaspParams follow the OWASP Password Storage Cheat Sheet's argon2id
// recommendation: 19 MiB of memory, two passes, one lane.
var owaspParams = argonParams{memory: 19456, time: 2, threads: 1, saltLen: 16, keyLen: 32}

// cheapParams are argon2id's smallest costs, which UseCheapHashing gives
// test binaries.
var cheapParams = argonParams{memory: 8, time: 1, threads: 1, saltLen: 16, keyLen: 32}

// cheapHashing is set by UseCheapHashing, in test binaries only.
var cheapHashing atomic.Bool

// hashParams is what HashPassword uses: OWASP's costs, or in a test binary
// that asked for it the cheapest.
func hashParams() argonParams {
	if cheapHashing.Load() {
		return cheapParams
	}
	return owaspParams
}

// Bounds on what a stored hash may ask for. They reject nonsense (and the
// parameter values the argon2 package panics on) and stop a tampered row
// from making one verification allocate gigabytes.
const (
	maxMemoryKiB = 1 << 18 // 256 MiB, over ten times today's cost
	maxTime      = 10
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

var errMalformedHash = errors.New("malformed argon2id hash")

// HashPassword hashes pw with argon2id and a fresh random salt, and returns
// a PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, salt and hash
// in unpadded standard base64. It fails only if the system's random source
// does.
func HashPassword(pw string) (string, error) {
	return hashWith(hashParams(), pw)
}

func hashWith(p argonParams, pw string) (string, error) {
	salt := make([]byte, p.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, p.keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads,
		base64.RawStdEncoding.EncodeToString(salt),
		base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches hash, a PHC string written by
// HashPassword (with whatever parameters were current then). A wrong
// password is (false, nil); a hash that cannot be parsed is (false, err).
// It never panics, whatever hash holds.
func VerifyPassword(hash, pw string) (bool, error) {
	p, salt, want, err := parsePHC(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, p.keyLen)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// needsRehash reports whether hash was made with other parameters than
// HashPassword uses today, so a sign-in can replace it.
func needsRehash(hash string) bool {
	p, _, _, err := parsePHC(hash)
	return err != nil || p != hashParams()
}

// parsePHC splits a stored argon2id PHC string into its parameters, salt
// and key.
func parsePHC(hash string) (p argonParams, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errMalformedHash
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("%w: unsupported version %q", errMalformedHash, parts[2])
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return p, nil, nil, fmt.Errorf("%w: want m, t and p", errMalformedHash)
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return p, nil, nil, fmt.Errorf("%w: want %s= in position %d", errMalformedHash, name, i+1)
		}
		vals[i], err = strconv.ParseUint(v, 10, 32)
		if err != nil {
			return p, nil, nil, fmt.Errorf("%w: %s: %v", errMalformedHash, name, err)
		}
	}
	m, t, threads := vals[0], vals[1], vals[2]
	switch {
	case threads < 1 || threads > 255:
		return p, nil, nil, fmt.Errorf("%w: parallelism %d out of range", errMalformedHash, threads)
	case t < 1 || t > maxTime:
		return p, nil, nil, fmt.Errorf("%w: time %d out of range", errMalformedHash, t)
	// RFC 9106 asks for at least 8 KiB per lane; argon2 would silently
	// round smaller values up, so the string would lie about the cost.
	case m < 8*threads || m > maxMemoryKiB:
		return p, nil, nil, fmt.Errorf("%w: memory %d out of range", errMalformedHash, m)
	}
	salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return p, nil, nil, fmt.Errorf("%w: bad salt", errMalformedHash)
	}
	key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return p, nil, nil, fmt.Errorf("%w: bad key", errMalformedHash)
	}
	p = argonParams{
		memory:  uint32(m),
		time:    uint32(t),
		threads: uint8(threads),
		saltLen: uint32(len(salt)),
		keyLen:  uint32(len(key)),
	}
	return p, salt, key, nil
}
