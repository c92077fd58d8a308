//go:build race

package members_test

// raceEnabled: the race detector slows the engines several times over, so
// timing claims are only checked without it.
const raceEnabled = true
