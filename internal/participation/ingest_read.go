package participation

import (
	"context"
	"iter"
)

// chunk is up to chunkSize checked rows read from a batch, with the
// problems of the items among them that failed their checks; fatal is
// set, alone, when the body as a whole cannot be read on.
type chunk struct {
	rows  []row
	errs  []ItemError
	fatal *ItemError
}

// readChunks reads items in a goroutine of its own, checking each with
// check, and hands them over a chunk at a time. stop ends the reading
// early and waits for the goroutine, so the request body is never read
// after the caller returns; it must be called (deferred) in every case.
func readChunks(ctx context.Context, items iter.Seq[Decoded], check func(Decoded, *row, func(ItemError)) bool) (<-chan chunk, func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan chunk, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		c := chunk{rows: make([]row, 0, chunkSize)}
		send := func() bool {
			select {
			case out <- c:
				c = chunk{rows: make([]row, 0, chunkSize)}
				return true
			case <-ctx.Done():
				return false
			}
		}
		bad := func(e ItemError) {
			if len(c.errs) < maxItemErrors {
				c.errs = append(c.errs, e)
			} else {
				c.errs = append(c.errs, ItemError{Index: e.Index}) // counted, not listed
			}
		}
		for d := range items {
			if d.Err != nil {
				if d.Err.Index < 0 {
					send()
					c.fatal = d.Err
					send()
					return
				}
				bad(*d.Err)
				continue
			}
			r := row{pos: d.Index, line: d.Line}
			if check(d, &r, bad) {
				c.rows = append(c.rows, r)
			}
			if len(c.rows) == chunkSize {
				if !send() {
					return
				}
			}
		}
		send()
	}()
	return out, func() {
		cancel()
		for range out {
		}
		<-done
	}
}
