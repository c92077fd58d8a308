package cli

// BarLine is barLine, for the tests of package cli_test.
var BarLine = barLine
