package versions

import (
	"slices"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	now := Fields{{"name", "Ada"}, {"notes", ""}, {"custom_fields.lab", "B"}, {"custom_fields.new", "x"}}
	tests := []struct {
		name string
		old  map[string]string
		want []apperr.Change
	}{
		{"nothing changed", map[string]string{"name": "Ada", "custom_fields.lab": "B", "custom_fields.new": "x"}, []apperr.Change{}},
		{"in now's order, then removed keys by name",
			map[string]string{"name": "Ada K", "notes": "n", "custom_fields.lab": "A", "custom_fields.zz": "z", "custom_fields.gone": "g"},
			[]apperr.Change{{Field: "name", Old: "Ada K", New: "Ada"}, {Field: "notes", Old: "n", New: ""}, {Field: "custom_fields.lab", Old: "A", New: "B"},
				{Field: "custom_fields.new", Old: "", New: "x"}, {Field: "custom_fields.gone", Old: "g", New: ""}, {Field: "custom_fields.zz", Old: "z", New: ""}}},
		{"an empty removed value is no change", map[string]string{"name": "Ada", "custom_fields.lab": "B",
			"custom_fields.new": "x", "custom_fields.blank": ""}, []apperr.Change{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff(tt.old, now); !slices.Equal(got, tt.want) {
				t.Errorf("Diff = %+v\nwant   %+v", got, tt.want)
			}
		})
	}
}
