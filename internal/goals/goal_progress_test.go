package goals_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/goals"
)

func TestProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   goals.Indicator
		want string
	}{
		{goals.Indicator{Target: num(50), Current: num(34)}, "34 of 50 (68 %)"},
		{goals.Indicator{Unit: "members", Target: num(50), Current: num(34)}, "34 of 50 members (68 %)"},
		{goals.Indicator{Unit: "%", Target: num(60), Current: num(48)}, "48 of 60 % (80 %)"},
		{goals.Indicator{Target: num(3), Current: num(1)}, "1 of 3 (33 %)"},
		{goals.Indicator{Target: num(100), Current: num(112)}, "112 of 100 (112 %)"},
		{goals.Indicator{Target: num(0), Current: num(4)}, "4 of 0"},
		{goals.Indicator{Target: num(2.5), Current: num(1.25)}, "1.25 of 2.5 (50 %)"},
		{goals.Indicator{Current: num(34), Unit: "members"}, "34 members, no target set"},
		{goals.Indicator{Target: num(1200)}, "target 1200, not measured yet"},
		{goals.Indicator{}, "no target or figure yet"},
	}
	for _, tt := range tests {
		if got := tt.in.Progress(); got != tt.want {
			t.Errorf("Progress() = %q, want %q", got, tt.want)
		}
	}
	if m := (goals.Indicator{Target: num(50), Current: num(-3)}).Meter(); m == nil || m.Value != 0 || m.Max != 50 {
		t.Errorf("meter %+v", m)
	}
	if m := (goals.Indicator{Target: num(0), Current: num(3)}).Meter(); m != nil {
		t.Errorf("meter for a zero target %+v", m)
	}
}
