package accounts

import "testing"

// UseCheapHashing makes HashPassword use argon2id's smallest costs for the
// rest of the process. It is for test binaries, and panics anywhere else.
//
// Tests create and sign in users by the hundred, and every test of the web
// and API packages starts with three users: at OWASP's cost (about 60 ms a
// hash under the race detector) that was a third of those packages' time
// and proved nothing more. Stored hashes carry their parameters, so every
// code path runs as in production; a hash made cheaply is upgraded at the
// next sign-in, as an old release's would be.
func UseCheapHashing() {
	if !testing.Testing() {
		panic("accounts.UseCheapHashing called outside a test binary")
	}
	cheapHashing.Store(true)
}
