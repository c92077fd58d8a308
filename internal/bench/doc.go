// Package bench measures how fast Trellis answers the pages a community
// team reads all day (the member list walked page by page, a search for a
// name, a filter on affiliation or career stage, the relationship
// dashboard, a member's profile) when a community is as large as the ones
// Trellis promises to serve. It drives a running server over real HTTP
// with a few concurrent clients and reports, per route, how many requests
// it answered, how many a second, and the median and 99th-percentile
// times, with the server's peak memory. `trellis bench` runs it, and
// docs/benchmarks.md keeps its figures.
//
// Every capability that adds a path people read often adds its route to
// Routes, so the command keeps covering what matters.
package bench
