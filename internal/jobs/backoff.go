package jobs

import (
	"math/rand/v2"
	"time"
)

// Pauses between attempts: BaseDelay after the first failure, doubling
// each time up to MaxDelay, plus up to half again at random so jobs that
// failed together (a mail server down) do not all come back together.
const (
	BaseDelay = 15 * time.Second
	MaxDelay  = time.Hour
)

// backoff is the pause before the next attempt after attempt number n
// (counting from 1) failed.
func backoff(n int) time.Duration {
	d := MaxDelay
	if n < 1 {
		n = 1
	}
	if n <= 20 {
		d = min(BaseDelay<<(n-1), MaxDelay)
	}
	return d + rand.N(d/2+1)
}
