package members

import (
	_ "embed"
	"strings"
	"sync"
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

// Countries lists every country a member may record, ordered by code, for
// select boxes. The caller may keep the slice; it is a copy.
func Countries() []Country {
	list, _ := countryList()
	return append([]Country(nil), list...)
}

// CountryName returns the English name for an upper-case ISO 3166-1
// alpha-2 code, or "" when the code is unknown.
func CountryName(code string) string {
	_, byCode := countryList()
	return byCode[code]
}
