package members

import (
	_ "embed"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

//go:embed countries.txt
var countriesTxt string

// Country is an ISO 3166-1 alpha-2 code with its short English name.
type Country struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

var countryList = sync.OnceValues(func() ([]Country, map[string]string) {
	var list []Country
	byCode := map[string]string{}
	for line := range strings.Lines(countriesTxt) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, name, _ := strings.Cut(line, " ")
		list = append(list, Country{Code: code, Name: name})
		byCode[code] = name
	}
	return list, byCode
})

// Countries lists every country a member may record, ordered by English
// name as people look for it in a select box (Åland Islands with the A's,
// Côte d'Ivoire after Costa Rica). The caller may keep the slice; it is a
// copy.
func Countries() []Country {
	return slices.Clone(countriesByName())
}

var countriesByName = sync.OnceValue(func() []Country {
	list, _ := countryList()
	list = slices.Clone(list)
	c := collate.New(language.English, collate.Loose)
	slices.SortStableFunc(list, func(a, b Country) int { return c.CompareString(a.Name, b.Name) })
	return list
})

// CountryName returns the English name for an upper-case ISO 3166-1
// alpha-2 code, or "" when the code is unknown.
func CountryName(code string) string {
	_, byCode := countryList()
	return byCode[code]
}
