package demo_test

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/demo"
	"github.com/trellis-community/trellis/internal/members"
)

// TestReadmeAgrees holds the README's first steps to the code: the Go
// version it names is go.mod's, and its counts of the demo community (all
// members, archived ones, what the Members list shows) are the demo's.
func TestReadmeAgrees(t *testing.T) {
	readme := read(t, "../../README.md")
	gomod := read(t, "../../go.mod")
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(gomod)
	named := regexp.MustCompile(`Go (\d+\.\d+(?:\.\d+)?) or newer`).FindStringSubmatch(readme)
	if goLine == nil || named == nil || named[1] != goLine[1] {
		t.Errorf("README names Go %v, go.mod %v", named, goLine)
	}

	counts := regexp.MustCompile(`Of the (\d+), (\d+) are alumni whose records are archived.*\n.*so it counts (\d+) members`).FindStringSubmatch(readme)
	if counts == nil {
		t.Fatal("README does not say how many demo members there are, how many are archived and what the list counts")
	}
	total, archived, listed := atoi(t, counts[1]), atoi(t, counts[2]), atoi(t, counts[3])
	if !strings.Contains(readme, strconv.Itoa(total)+" members from") {
		t.Errorf("README's demo description does not open with %d members", total)
	}
	a := loadedCopy(t, demo.Options{})
	all, err := a.Members.Count(context.Background(), demo.AllMembers)
	if err != nil {
		t.Fatal(err)
	}
	shown, err := a.Members.Count(context.Background(), members.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if all != total || shown != listed || total-shown != archived {
		t.Errorf("the demo has %d members, %d of them listed; README says %d, %d archived, %d listed",
			all, shown, total, archived, listed)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
