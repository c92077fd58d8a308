package demo

import "time"

// WithAfterStep returns opt with a hook that runs after each step of the
// load, for tests that fail or stop a load part way.
func WithAfterStep(opt Options, f func(step int) error) Options {
	opt.afterStep = f
	return opt
}

// SetHeartbeat makes a running load refresh its marker every d until
// restore is called. Only for tests that do not run in parallel.
func SetHeartbeat(d time.Duration) (restore func()) {
	old := heartbeatEvery
	heartbeatEvery = d
	return func() { heartbeatEvery = old }
}

// UnlinkedContent are the titles of the content items the demo leaves
// serving no goal.
var UnlinkedContent = demoUnlinkedContent
