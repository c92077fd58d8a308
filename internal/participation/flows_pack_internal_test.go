package participation

import (
	"slices"
	"testing"
)

func TestPackMembersRoundTrip(t *testing.T) {
	t.Parallel()
	list := []memberDepth{{900_000_000_001, 4}, {3, 1}, {4, 2}, {70_000, 3}, {1, 4}}
	got, err := unpackMembers(packMembers(slices.Clone(list)))
	want := []memberDepth{{1, 4}, {3, 1}, {4, 2}, {70_000, 3}, {900_000_000_001, 4}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("round trip: %v %v, want %v", got, err, want)
	}
	if got, err := unpackMembers(nil); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range [][]byte{{0x80}, {0x04, 0x00}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}} {
		if _, err := unpackMembers(bad); err == nil {
			t.Errorf("%x: no error", bad)
		}
	}
}

func FuzzUnpackMembers(f *testing.F) {
	f.Add(packMembers([]memberDepth{{1, 1}, {2, 4}, {1000, 2}}))
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		list, err := unpackMembers(b)
		if err != nil {
			return
		}
		for i, m := range list {
			if m.depth < 1 || m.depth > 4 || (i > 0 && m.id <= list[i-1].id) {
				t.Fatalf("unpacked %v", list)
			}
		}
		again, err := unpackMembers(packMembers(slices.Clone(list)))
		if err != nil || !slices.Equal(again, list) {
			t.Fatalf("repack: %v %v", again, err)
		}
	})
}
