// Package charts draws the figures a community manager reads (the
// participation funnel, lines over months, bars, the flows between
// modes) as SVG the server puts straight into the page: no JavaScript,
// nothing fetched from elsewhere, and no style attributes, so the strict
// Content-Security-Policy holds. Colours and sizes come from classes in
// the page's stylesheet (chart-*). Every chart has a title and a
// description for screen readers, and its numbers are written on it as
// text; the page puts the same numbers in a table beside it.
package charts

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Meta names a chart: ID must be unique on the page (its title and
// description take ID-title and ID-desc).
type Meta struct {
	ID, Title, Desc string
}

// Series is one named run of values, drawn with Class (chart-s1 ...).
type Series struct {
	Name   string
	Class  string
	Values []float64
}

// Format writes a value as the chart labels it.
type Format func(float64) string

// Count writes a whole number; Percent a share (0-1) as "42 %".
func Count(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', -1, 64) }
func Percent(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + " %"
}

const width = 640

type svg struct {
	b strings.Builder
}

func open(m Meta, height int) *svg {
	s := &svg{}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc">`,
		esc(m.ID), width, height, esc(m.ID), esc(m.ID))
	fmt.Fprintf(&s.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(m.ID), esc(m.Title), esc(m.ID), esc(m.Desc))
	return s
}

func (s *svg) rect(class string, x, y, w, h float64, value float64, label string) {
	fmt.Fprintf(&s.b, `<rect class="%s" x="%s" y="%s" width="%s" height="%s" data-value="%s"><title>%s</title></rect>`,
		esc(class), n(x), n(y), n(max(w, 0)), n(max(h, 0)), n(value), esc(label))
}

func (s *svg) text(class string, x, y float64, anchor, t string) {
	fmt.Fprintf(&s.b, `<text class="%s" x="%s" y="%s" text-anchor="%s">%s</text>`, esc(class), n(x), n(y), anchor, esc(t))
}

func (s *svg) line(class string, x1, y1, x2, y2 float64) {
	fmt.Fprintf(&s.b, `<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s"/>`, esc(class), n(x1), n(y1), n(x2), n(y2))
}

func (s *svg) done() template.HTML {
	s.b.WriteString(`</svg>`)
	return template.HTML(s.b.String()) // every text and attribute above is escaped
}

func esc(s string) string { return html.EscapeString(s) }

// n writes a coordinate with at most two decimals.
func n(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

func maxOf(vs ...[]float64) float64 {
	m := 0.0
	for _, v := range vs {
		for _, x := range v {
			m = max(m, x)
		}
	}
	return m
}

// Bars draws one horizontal bar per label, its value written after it.
// classes[i] styles bar i (the last class repeats when there are fewer).
func Bars(m Meta, labels []string, values []float64, classes []string, f Format) template.HTML {
	const row, top, left = 28, 8, 170
	s := open(m, top*2+row*max(len(labels), 1))
	top1 := maxOf(values)
	span := float64(width - left - 70)
	for i, l := range labels {
		y := float64(top + i*row)
		w := 0.0
		if top1 > 0 {
			w = values[i] / top1 * span
		}
		class := "chart-bar"
		if len(classes) > 0 {
			class += " " + classes[min(i, len(classes)-1)]
		}
		s.text("chart-label", left-8, y+row/2+4, "end", clip(l, 26))
		s.rect(class, left, y+4, w, row-8, values[i], l+": "+f(values[i]))
		s.text("chart-value", left+w+6, y+row/2+4, "start", f(values[i]))
	}
	return s.done()
}

// Funnel draws stages as centred bars, widest for the largest value, each
// labelled with its name and value: the participation funnel.
func Funnel(m Meta, stages []string, values []float64, classes []string, f Format) template.HTML {
	const row, top = 34, 8
	s := open(m, top*2+row*max(len(stages), 1))
	top1 := maxOf(values)
	span := float64(width - 40)
	for i, st := range stages {
		y := float64(top + i*row)
		w := 0.0
		if top1 > 0 {
			w = values[i] / top1 * span
		}
		class := "chart-bar"
		if len(classes) > 0 {
			class += " " + classes[min(i, len(classes)-1)]
		}
		s.rect(class, (width-w)/2, y+2, w, row-4, values[i], st+": "+f(values[i]))
		s.text("chart-funnel-label", width/2, y+row/2+5, "middle", st+": "+f(values[i]))
	}
	return s.done()
}

// axis draws the horizontal grid with value labels, from 0 to top.
func (s *svg) axis(x0, x1, y0, h, top float64, f Format) {
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		y := y0 + h - h*float64(i)/4
		s.line("chart-grid", x0, y, x1, y)
		s.text("chart-tick", x0-6, y+4, "end", f(v))
	}
}

// niceTop rounds v up to a round number for the axis.
func niceTop(v float64, share bool) float64 {
	if share {
		return 1
	}
	if v <= 0 {
		return 4
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, k := range []float64{1, 2, 2.5, 5, 10} {
		if k*p >= v {
			return k * p
		}
	}
	return 10 * p
}

// Columns draws, for each category (a month), the series stacked into one
// column: the funnel by month, each mode a band.
func Columns(m Meta, categories []string, series []Series, f Format) template.HTML {
	const top, left, plotH, bottom = 12, 56, 200, 58
	s := open(m, top+plotH+bottom)
	totals := make([]float64, len(categories))
	for _, sr := range series {
		for i, v := range sr.Values {
			totals[i] += v
		}
	}
	ymax := niceTop(maxOf(totals), false)
	s.axis(left, width-8, top, plotH, ymax, f)
	step := float64(width-left-8) / float64(max(len(categories), 1))
	for i, c := range categories {
		x := left + float64(i)*step
		y := float64(top + plotH)
		for _, sr := range series {
			h := sr.Values[i] / ymax * plotH
			y -= h
			s.rect("chart-bar "+sr.Class, x+step*0.15, y, step*0.7, h, sr.Values[i], c+", "+sr.Name+": "+f(sr.Values[i]))
		}
		s.text("chart-value", x+step/2, y-3, "middle", f(totals[i]))
		s.text("chart-tick", x+step/2, top+plotH+16, "middle", c)
	}
	s.legend(series, top+plotH+34)
	return s.done()
}

// Lines draws each series as a line over the categories, with a dot and
// its value at every point; nil values (NaN) leave a gap. share scales the
// axis from 0 to 100 %.
func Lines(m Meta, categories []string, series []Series, f Format, share bool) template.HTML {
	const top, left, plotH, bottom = 12, 56, 180, 58
	s := open(m, top+plotH+bottom)
	ymax := niceTop(maxOf(finite(series)...), share)
	s.axis(left, width-8, top, plotH, ymax, f)
	step := float64(width-left-8) / float64(max(len(categories), 1))
	for i, c := range categories {
		s.text("chart-tick", left+step*(float64(i)+0.5), top+plotH+16, "middle", c)
	}
	for _, sr := range series {
		var d strings.Builder
		pen := "M"
		for i, v := range sr.Values {
			if math.IsNaN(v) {
				pen = "M"
				continue
			}
			x, y := left+step*(float64(i)+0.5), top+plotH-v/ymax*plotH
			fmt.Fprintf(&d, "%s%s %s ", pen, n(x), n(y))
			pen = "L"
		}
		fmt.Fprintf(&s.b, `<path class="chart-line %s" d="%s"/>`, esc(sr.Class), strings.TrimSpace(d.String()))
		for i, v := range sr.Values {
			if math.IsNaN(v) {
				continue
			}
			x, y := left+step*(float64(i)+0.5), top+plotH-v/ymax*plotH
			fmt.Fprintf(&s.b, `<circle class="chart-dot %s" cx="%s" cy="%s" r="3.5" data-value="%s"><title>%s</title></circle>`,
				esc(sr.Class), n(x), n(y), n(v), esc(categories[i]+", "+sr.Name+": "+f(v)))
		}
	}
	s.legend(series, top+plotH+34)
	return s.done()
}

func finite(series []Series) [][]float64 {
	var out [][]float64
	for _, sr := range series {
		var vs []float64
		for _, v := range sr.Values {
			if !math.IsNaN(v) {
				vs = append(vs, v)
			}
		}
		out = append(out, vs)
	}
	return out
}

// legend writes each series' swatch and name in a row.
func (s *svg) legend(series []Series, y float64) {
	x := 56.0
	for _, sr := range series {
		s.rect("chart-swatch "+sr.Class, x, y-10, 12, 12, 0, sr.Name)
		s.text("chart-legend", x+16, y, "start", sr.Name)
		x += 24 + float64(len(sr.Name))*7.5
	}
}

// Flow draws how many went from each place on the left (a mode in the
// first month, or not active) to each place on the right: a band per
// pair, as wide as its count. places are the names, classes their
// colours, counts[i][j] from place i to place j.
func Flow(m Meta, leftTitle, rightTitle string, places, classes []string, counts [][]int) template.HTML {
	const top, plotH, gap, colW = 30, 260, 8, 14
	total := 0
	for _, r := range counts {
		for _, c := range r {
			total += c
		}
	}
	s := open(m, top+plotH+20+gap*len(places))
	s.text("chart-legend", 8, 18, "start", leftTitle)
	s.text("chart-legend", width-8, 18, "end", rightTitle)
	if total == 0 {
		s.text("chart-label", width/2, top+plotH/2, "middle", "No members in either month")
		return s.done()
	}
	scale := float64(plotH) / float64(total)
	out, in := make([]int, len(places)), make([]int, len(places))
	for i := range places {
		for j := range places {
			out[i] += counts[i][j]
			in[j] += counts[i][j]
		}
	}
	const lx, rx = 150.0, float64(width) - 150 - colW
	ly, ry := make([]float64, len(places)), make([]float64, len(places))
	yl, yr := float64(top), float64(top)
	for i, p := range places {
		ly[i], ry[i] = yl, yr
		if out[i] > 0 {
			s.rect("chart-bar "+classes[i], lx, yl, colW, float64(out[i])*scale, float64(out[i]), leftTitle+", "+p+": "+strconv.Itoa(out[i]))
			s.text("chart-label", lx-6, yl+float64(out[i])*scale/2+4, "end", p+" "+strconv.Itoa(out[i]))
			yl += float64(out[i])*scale + gap
		}
		if in[i] > 0 {
			s.rect("chart-bar "+classes[i], rx, yr, colW, float64(in[i])*scale, float64(in[i]), rightTitle+", "+p+": "+strconv.Itoa(in[i]))
			s.text("chart-label", rx+colW+6, yr+float64(in[i])*scale/2+4, "start", p+" "+strconv.Itoa(in[i]))
			yr += float64(in[i])*scale + gap
		}
	}
	// Bands leave each left block in the order of the right blocks, and
	// enter each right block in the order of the left ones.
	inOff := make([]float64, len(places))
	for i := range places {
		off := 0.0
		for j := range places {
			c := counts[i][j]
			if c == 0 {
				continue
			}
			h := float64(c) * scale
			y0, y1 := ly[i]+off, ry[j]+inOff[j]
			x0, x1 := lx+colW, rx
			mid := (x0 + x1) / 2
			fmt.Fprintf(&s.b, `<path class="chart-flow %s" d="M%s %s C%s %s %s %s %s %s L%s %s C%s %s %s %s %s %s Z" data-value="%d"><title>%s</title></path>`,
				esc(classes[i]), n(x0), n(y0), n(mid), n(y0), n(mid), n(y1), n(x1), n(y1),
				n(x1), n(y1+h), n(mid), n(y1+h), n(mid), n(y0+h), n(x0), n(y0+h), c,
				esc(fmt.Sprintf("%s to %s: %d", places[i], places[j], c)))
			off += h
			inOff[j] += h
		}
	}
	return s.done()
}

// clip shortens a label to at most r characters.
func clip(s string, r int) string {
	rs := []rune(s)
	if len(rs) <= r {
		return s
	}
	return string(rs[:r-1]) + "…"
}

// GroupedBars draws, for each label, one horizontal bar per series (this
// month against last month), each with its value written after it.
func GroupedBars(m Meta, labels []string, series []Series, f Format) template.HTML {
	const bar, gapRow, left = 16, 12, 110
	rowH := bar*len(series) + gapRow
	s := open(m, 8+rowH*max(len(labels), 1)+30)
	top := maxOf(valuesOf(series)...)
	span := float64(width - left - 70)
	for i, l := range labels {
		y0 := float64(8 + i*rowH)
		s.text("chart-label", left-8, y0+float64(bar*len(series))/2+4, "end", clip(l, 14))
		for k, sr := range series {
			y := y0 + float64(k*bar)
			w := 0.0
			if top > 0 {
				w = sr.Values[i] / top * span
			}
			s.rect("chart-bar "+sr.Class, left, y+1, w, bar-2, sr.Values[i], l+", "+sr.Name+": "+f(sr.Values[i]))
			s.text("chart-value", left+w+6, y+bar-4, "start", f(sr.Values[i]))
		}
	}
	s.legend(series, float64(8+rowH*max(len(labels), 1)+18))
	return s.done()
}

func valuesOf(series []Series) [][]float64 {
	out := make([][]float64, len(series))
	for i, sr := range series {
		out[i] = sr.Values
	}
	return out
}
