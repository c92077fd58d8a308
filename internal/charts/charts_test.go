package charts_test

import (
	"encoding/xml"
	"html/template"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/charts"
)

// node is an SVG element read back as XML.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls fn on n and every element inside it.
func (n node) walk(fn func(node)) {
	fn(n)
	for _, c := range n.Nodes {
		c.walk(fn)
	}
}

// parse reads the chart and checks what every chart must have: one svg
// element with role img, labelled by its title and description, and no
// style attribute anywhere.
func parse(t *testing.T, h template.HTML, id string) node {
	t.Helper()
	var root node
	if err := xml.Unmarshal([]byte(h), &root); err != nil {
		t.Fatalf("not XML: %v\n%s", err, h)
	}
	if root.XMLName.Local != "svg" || root.attr("role") != "img" || root.attr("id") != id ||
		root.attr("aria-labelledby") != id+"-title "+id+"-desc" {
		t.Errorf("svg element: %+v", root.Attrs)
	}
	if len(root.Nodes) < 2 || root.Nodes[0].XMLName.Local != "title" || root.Nodes[0].attr("id") != id+"-title" ||
		root.Nodes[1].XMLName.Local != "desc" || root.Nodes[1].attr("id") != id+"-desc" {
		t.Errorf("no title and desc first")
	}
	root.walk(func(n node) {
		if n.attr("style") != "" {
			t.Errorf("style attribute on %s", n.XMLName.Local)
		}
	})
	return root
}

// valued lists the data-value of every element named el with class cls.
func valued(root node, el, cls string) []string {
	var out []string
	root.walk(func(n node) {
		if n.XMLName.Local == el && slices.Contains(strings.Fields(n.attr("class")), cls) {
			out = append(out, n.attr("data-value"))
		}
	})
	return out
}

func texts(root node) []string {
	var out []string
	root.walk(func(n node) {
		if n.XMLName.Local == "text" {
			out = append(out, n.Text)
		}
	})
	return out
}

func TestBars(t *testing.T) {
	h := charts.Bars(charts.Meta{ID: "b", Title: "Members <by> stage", Desc: "d"}, []string{"Student", "Senior & retired"},
		[]float64{3, 12}, []string{"chart-s1"}, charts.Count)
	root := parse(t, h, "b")
	if got := valued(root, "rect", "chart-bar"); !slices.Equal(got, []string{"3", "12"}) {
		t.Errorf("bars %v", got)
	}
	if root.Nodes[0].Text != "Members <by> stage" {
		t.Errorf("title %q", root.Nodes[0].Text)
	}
	tx := texts(root)
	for _, want := range []string{"Student", "Senior & retired", "3", "12"} {
		if !slices.Contains(tx, want) {
			t.Errorf("no label %q in %v", want, tx)
		}
	}
	// The longest bar spans the plot; the other is in proportion.
	var widths []string
	root.walk(func(n node) {
		if n.XMLName.Local == "rect" {
			widths = append(widths, n.attr("width"))
		}
	})
	if !slices.Equal(widths, []string{"100", "400"}) {
		t.Errorf("widths %v", widths)
	}
}

func TestFunnelAndColumns(t *testing.T) {
	f := parse(t, charts.Funnel(charts.Meta{ID: "f", Title: "t", Desc: "d"}, []string{"Convey", "Contribute", "Collaborate", "Co-create"},
		[]float64{40, 20, 0, 5}, []string{"m1", "m2", "m3", "m4"}, charts.Count), "f")
	if got := valued(f, "rect", "chart-bar"); !slices.Equal(got, []string{"40", "20", "0", "5"}) {
		t.Errorf("funnel %v", got)
	}
	if !slices.Contains(texts(f), "Contribute: 20") {
		t.Errorf("funnel labels %v", texts(f))
	}
	c := parse(t, charts.Columns(charts.Meta{ID: "c", Title: "t", Desc: "d"}, []string{"Oct 2026", "Nov 2026"},
		[]charts.Series{{"Convey", "m1", []float64{1, 2}}, {"Contribute", "m2", []float64{3, 0}}}, charts.Count), "c")
	if got := valued(c, "rect", "m1"); !slices.Equal(got, []string{"1", "2", "0"}) { // two bars and the legend swatch
		t.Errorf("convey bands %v", got)
	}
	tx := texts(c)
	for _, want := range []string{"Oct 2026", "Nov 2026", "4", "2", "Convey", "Contribute"} {
		if !slices.Contains(tx, want) {
			t.Errorf("columns: no %q in %v", want, tx)
		}
	}
}

func TestLinesLeaveGaps(t *testing.T) {
	root := parse(t, charts.Lines(charts.Meta{ID: "l", Title: "t", Desc: "d"}, []string{"a", "b", "c"},
		[]charts.Series{{"Retention", "s1", []float64{0.5, math.NaN(), 0.25}}}, charts.Percent, true), "l")
	if got := valued(root, "circle", "chart-dot"); !slices.Equal(got, []string{"0.5", "0.25"}) {
		t.Errorf("dots %v", got)
	}
	var d string
	root.walk(func(n node) {
		if n.XMLName.Local == "path" {
			d = n.attr("d")
		}
	})
	if strings.Count(d, "M") != 2 || strings.Contains(d, "L") {
		t.Errorf("a missing value must break the line: %q", d)
	}
	if !slices.Contains(texts(root), "100 %") {
		t.Errorf("share axis: %v", texts(root))
	}
}

func TestFlow(t *testing.T) {
	counts := [][]int{{0, 3, 0}, {1, 2, 4}, {0, 0, 0}}
	root := parse(t, charts.Flow(charts.Meta{ID: "w", Title: "t", Desc: "d"}, "October", "November",
		[]string{"not active", "convey", "contribute"}, []string{"m0", "m1", "m2"}, counts), "w")
	if got := valued(root, "path", "chart-flow"); !slices.Equal(got, []string{"3", "1", "2", "4"}) {
		t.Errorf("bands %v", got)
	}
	tx := texts(root)
	for _, want := range []string{"not active 3", "convey 7", "not active 1", "convey 5", "contribute 4", "October", "November"} {
		if !slices.Contains(tx, want) {
			t.Errorf("flow: no %q in %v", want, tx)
		}
	}
	empty := parse(t, charts.Flow(charts.Meta{ID: "e", Title: "t", Desc: "d"}, "a", "b", []string{"x"}, []string{"m"}, [][]int{{0}}), "e")
	if !slices.Contains(texts(empty), "No members in either month") {
		t.Errorf("empty flow: %v", texts(empty))
	}
}

func TestGroupedBars(t *testing.T) {
	root := parse(t, charts.GroupedBars(charts.Meta{ID: "g", Title: "t", Desc: "d"}, []string{"Convey", "Contribute"},
		[]charts.Series{{"November", "now", []float64{10, 4}}, {"October", "before", []float64{8, 5}}}, charts.Count), "g")
	if got := valued(root, "rect", "now"); !slices.Equal(got, []string{"10", "4", "0"}) {
		t.Errorf("this month %v", got)
	}
	if got := valued(root, "rect", "before"); !slices.Equal(got, []string{"8", "5", "0"}) {
		t.Errorf("last month %v", got)
	}
}
