package accounts

import "fmt"

// Hooks for the external tests (package accounts_test).

// productionParams is hashParams as the package sets it, captured before
// TestMain makes hashing cheap.
var productionParams = hashParams

// UseCheapHashing makes HashPassword use the smallest argon2id costs for
// the rest of the test binary. Accounts tests create and sign in users by
// the hundred; at OWASP cost (about 60 ms each under -race) that would take
// minutes and prove nothing more. Stored hashes carry their parameters, so
// every code path runs exactly as in production.
func UseCheapHashing() {
	hashParams = argonParams{memory: 8, time: 1, threads: 1, saltLen: 16, keyLen: 32}
}

// CurrentHashParams returns the "m=..,t=..,p=.." part HashPassword writes.
func CurrentHashParams() string {
	return fmt.Sprintf("m=%d,t=%d,p=%d", hashParams.memory, hashParams.time, hashParams.threads)
}

// HashWithOldParams hashes pw as an earlier release with other costs would
// have.
func HashWithOldParams(pw string) string {
	p := hashParams
	p.time++
	h, err := hashWith(p, pw)
	if err != nil {
		panic(err)
	}
	return h
}
