package members

import (
	"slices"
)

// chunkSize caps the ids in one IN (...) list: far below both engines'
// parameter limits, and a page is never larger.
const chunkSize = MaxLimit

// chunks splits ids, de-duplicated, into slices of at most chunkSize.
func chunks(ids []int64) [][]int64 {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return slices.Collect(slices.Chunk(ids, chunkSize))
}
