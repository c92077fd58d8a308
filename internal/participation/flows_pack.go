package participation

import (
	"encoding/binary"
	"errors"
	"slices"
)

// A month's active members and their deepest modes, packed into one
// value of participation_months.member_modes, so the flows between two
// months read two rows instead of every member row of both months
// (measured: 230 ms for two months of 44,000 members each on SQLite,
// against a few milliseconds packed). Members go in ascending id order,
// each as one unsigned varint: the gap from the previous id shifted left
// two bits, or'ed with the deepest mode's depth minus one.

// packMembers packs list, sorting it by id first.
func packMembers(list []memberDepth) []byte {
	slices.SortFunc(list, func(a, b memberDepth) int {
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	})
	out := make([]byte, 0, len(list)*3)
	var prev int64
	for _, m := range list {
		out = binary.AppendUvarint(out, uint64(m.id-prev)<<2|uint64(m.depth-1)&3)
		prev = m.id
	}
	return out
}

var errPacked = errors.New("participation: a month's packed members are damaged")

// unpackMembers reads what packMembers wrote: members in ascending id
// order. Damaged data (a cut-off varint, ids that do not ascend) is an
// error, never a panic.
func unpackMembers(b []byte) ([]memberDepth, error) {
	out := make([]memberDepth, 0, len(b)/2)
	var prev int64
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errPacked
		}
		b = b[n:]
		gap := int64(v >> 2)
		if gap <= 0 && len(out) > 0 || gap < 0 || prev+gap < prev {
			return nil, errPacked
		}
		prev += gap
		out = append(out, memberDepth{id: prev, depth: int(v&3) + 1})
	}
	return out, nil
}
