package imports

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// TestSearchFillDoesWhatTheTriggersDo holds each statement a run fills
// the search tables with (searchTriggers) to the trigger it stands in
// for, as the migrated schema defines it: the same table, the same
// columns, from the same member columns. A migration that changes a
// trigger and not its fill would otherwise leave imported members
// indexed the old way, with only search results to show it.
func TestSearchFillDoesWhatTheTriggersDo(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	trigger := regexp.MustCompile(`(?is)BEGIN\s+INSERT INTO (\w+) \(([^)]*)\) VALUES \(([^)]*)\);\s*END$`)
	fill := regexp.MustCompile(`(?is)^INSERT INTO (\w+) \(([^)]*)\) SELECT (.*) FROM members WHERE id BETWEEN \? AND \?$`)
	for _, st := range searchTriggers {
		var def string
		if err := db.QueryRow(context.Background(), "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", st.name).Scan(&def); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		tm := trigger.FindStringSubmatch(strings.TrimSpace(def))
		fm := fill.FindStringSubmatch(st.fill)
		if tm == nil || fm == nil {
			t.Fatalf("%s: not one INSERT ... VALUES (the trigger) and one INSERT ... SELECT (the fill):\n%s\n%s", st.name, def, st.fill)
		}
		if tm[1] != fm[1] || list(tm[2]) != list(fm[2]) {
			t.Errorf("%s: the trigger writes %s (%s), the fill %s (%s)", st.name, tm[1], list(tm[2]), fm[1], list(fm[2]))
		}
		// new.X in the trigger is column X of the member the fill reads.
		values := strings.ReplaceAll(list(tm[3]), "new.", "")
		if values != list(fm[3]) {
			t.Errorf("%s: the trigger writes the member's %s, the fill %s", st.name, values, list(fm[3]))
		}
	}
}

// list normalises a comma-separated list of names: spaces out, lower case.
func list(s string) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.TrimSpace(p))
	}
	return strings.Join(parts, ",")
}
