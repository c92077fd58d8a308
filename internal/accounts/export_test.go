package accounts

import "fmt"

// Hooks for the external tests (package accounts_test).

// productionParams is hashParams as the package sets it, captured before
// TestMain makes hashing cheap.
var productionParams = hashParams()

// CurrentHashParams returns the "m=..,t=..,p=.." part HashPassword writes.
func CurrentHashParams() string {
	return fmt.Sprintf("m=%d,t=%d,p=%d", hashParams().memory, hashParams().time, hashParams().threads)
}

// HashWithOldParams hashes pw as an earlier release with other costs would
// have.
func HashWithOldParams(pw string) string {
	p := hashParams()
	p.time++
	h, err := hashWith(p, pw)
	if err != nil {
		panic(err)
	}
	return h
}
