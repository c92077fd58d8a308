package members

// FoldKey exposes foldKey to the external tests, which must predict the
// list's order.
var FoldKey = foldKey
