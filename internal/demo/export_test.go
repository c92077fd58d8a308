package demo

// WithAfterStep returns opt with a hook that runs after each step of the
// load, for tests that fail or stop a load part way.
func WithAfterStep(opt Options, f func(step int) error) Options {
	opt.afterStep = f
	return opt
}
