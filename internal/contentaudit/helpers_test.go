package contentaudit

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/trellis-community/trellis/internal/goals"
)

// q3 is an audit of Q3 2026 run on 30 November 2026 with nothing in it.
func q3() Input {
	return Input{From: "2026-07-01", To: "2026-09-30", Today: "2026-11-30"}
}

// gapsOf runs in and returns the gaps rule found.
func gapsOf(t *testing.T, in Input, rule string) []Gap {
	t.Helper()
	res, err := Run(in)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var out []Gap
	for _, g := range res.Gaps {
		if g.Rule == rule {
			out = append(out, g)
		}
	}
	return out
}

// wantGaps compares gaps with want field by field, saying which differs.
func wantGaps(t *testing.T, got, want []Gap) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d gaps, want %d:\n%s", len(got), len(want), show(got))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Key != w.Key {
			t.Errorf("gap %d key = %q, want %q", i, g.Key, w.Key)
		}
		if g.Message != w.Message {
			t.Errorf("gap %d message =\n  %q\nwant\n  %q", i, g.Message, w.Message)
		}
		if !reflect.DeepEqual(g.Figures, w.Figures) {
			t.Errorf("gap %d figures = %v, want %v", i, g.Figures, w.Figures)
		}
		if w.Links != nil && !reflect.DeepEqual(g.Links, w.Links) {
			t.Errorf("gap %d links = %v, want %v", i, g.Links, w.Links)
		}
		if w.Details != nil && !reflect.DeepEqual(g.Details, w.Details) {
			t.Errorf("gap %d details = %v, want %v", i, g.Details, w.Details)
		}
	}
}

func show(gs []Gap) string {
	b, _ := json.MarshalIndent(gs, "", "  ")
	return string(b)
}

func serves(ids ...int64) []goals.Link {
	var out []goals.Link
	for _, id := range ids {
		out = append(out, goals.Link{GoalID: id})
	}
	return out
}

func prog(id int64, title, on string) Item {
	return Item{Kind: KindProgramme, ID: id, Title: title, Path: "/programmes/" + itoa(id), On: on}
}

func post(id int64, title, on string) Item {
	return Item{Kind: KindContent, ID: id, Title: title, Path: "/content/" + itoa(id), On: on}
}

func itoa(n int64) string { return count(int(n)) }

func link(it Item) Link { return itemLink(it) }

func linksOf(items ...Item) []Link {
	out := []Link{}
	for _, it := range items {
		out = append(out, itemLink(it))
	}
	return out
}
