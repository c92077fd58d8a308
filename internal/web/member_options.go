package web

import (
	"strings"
	"sync"

	"github.com/trellis-community/trellis/internal/members"
)

// option is one choice of a select box.
type option struct {
	Value, Label string
}

// memberOptions are the choices the member form and the list's filters
// offer, each with the words people read for its stored value.
type memberOptions struct {
	Statuses   []option
	Stages     []option
	Countries  []option
	Bases      []option
	Modalities []option
	Timings    []option
	TimeZones  []option // IANA names, labelled with city and country
}

// memberFormOptions is built once: the lists never change while Trellis
// runs, and the time zones alone are some 400 options.
var memberFormOptions = sync.OnceValue(func() memberOptions {
	var o memberOptions
	for _, s := range members.Statuses() {
		o.Statuses = append(o.Statuses, option{string(s), s.Label()})
	}
	for _, c := range members.CareerStages() {
		o.Stages = append(o.Stages, option{string(c), c.Label()})
	}
	for _, c := range members.Countries() {
		o.Countries = append(o.Countries, option{c.Code, c.Name})
	}
	for _, b := range members.ConsentBases() {
		o.Bases = append(o.Bases, option{b, basisLabel(b)})
	}
	for _, m := range members.Modalities() {
		o.Modalities = append(o.Modalities, option{m, modalityLabels[m]})
	}
	for _, z := range members.TimeZones() {
		o.TimeZones = append(o.TimeZones, option{z.Name, z.Label})
	}
	for _, t := range members.Timings() {
		o.Timings = append(o.Timings, option{t, timingLabels[t]})
	}
	return o
})

var (
	modalityLabels = map[string]string{"written": "Written", "spoken": "Spoken", "both": "Written or spoken"}
	timingLabels   = map[string]string{
		"synchronous":  "Live, at set times",
		"asynchronous": "In their own time",
		"both":         "Live or in their own time",
	}
)

// basisLabel writes a lawful basis the way a person says it:
// "legitimate_interest" is "Legitimate interest".
func basisLabel(b string) string {
	if b == "" {
		return ""
	}
	b = strings.ReplaceAll(b, "_", " ")
	return strings.ToUpper(b[:1]) + b[1:]
}

// CountryName is a country code's English name, or the code itself when
// it is not known.
func (memberOptions) CountryName(code string) string {
	if n := members.CountryName(code); n != "" {
		return n
	}
	return code
}

// BasisLabel, ModalityLabel and TimingLabel name stored values for people.
func (memberOptions) BasisLabel(b string) string { return basisLabel(b) }

func (memberOptions) ModalityLabel(m string) string {
	if l, ok := modalityLabels[m]; ok {
		return l
	}
	return m
}

func (memberOptions) TimingLabel(t string) string {
	if l, ok := timingLabels[t]; ok {
		return l
	}
	return t
}
