package store

import (
	"slices"
	"testing"
)

// TestSplitBySize: the tables a bulk load filled are vacuumed on two
// connections at once, each table by one of them, the work shared about
// evenly: the two largest go to different connections.
func TestSplitBySize(t *testing.T) {
	sizes := map[string]int64{"interactions": 180, "interaction_members": 100, "members": 90, "followups": 40,
		"member_tags": 60, "key_members": 1, "activities": 0}
	tables := []string{"members", "member_tags", "key_members", "interactions", "interaction_members", "followups", "activities"}
	halves := splitBySize(tables, sizes)
	got := slices.Concat(halves[0], halves[1])
	slices.Sort(got)
	want := slices.Sorted(slices.Values(tables))
	if !slices.Equal(got, want) {
		t.Fatalf("split %v into %v, want each table once", tables, halves)
	}
	var total [2]int64
	for i, h := range halves {
		for _, tb := range h {
			total[i] += sizes[tb]
		}
	}
	if total[0] != 240 || total[1] != 231 {
		t.Errorf("halves %v weigh %v, want 240 and 231", halves, total)
	}
	if one := splitBySize([]string{"members"}, map[string]int64{"members": 5}); len(one[0]) != 1 || len(one[1]) != 0 {
		t.Errorf("one table split into %v", one)
	}
}
