// Package contentaudit is the content and programming audit a community
// manager runs once a quarter: for a chosen period it lists every
// programme and content item with its facts and the goals it serves,
// then names, in plain words and with the numbers behind them, what is
// missing. Goals nothing serves, participation modes nothing offers,
// programming members cannot join because it is all live and spoken or
// all at night where they live, audiences nothing is made for, items that
// serve no goal, items overdue for review and items whose reach is small
// for the effort they take. A manager can save an audit with notes and a
// decision on each finding, and compare one quarter with the last.
//
// The engine (Run) reads an Input and nothing else, so each rule is a
// small pure function tested on hand-built cases; loaders fill the Input
// from the database.
package contentaudit
