package members

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

//go:embed timezones.txt
var timeZonesTxt string

// TimeZone is an IANA time zone a member may live in, with the country it
// serves and its place in words: "Europe/Stockholm", "SE", "Stockholm,
// Sweden".
type TimeZone struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Label   string `json:"label"`
}

// zoneIndex finds zones by what people type: the city ("stockholm", "new
// york"), a region inside the name ("indiana"), or the country ("sweden").
type zoneIndex struct {
	list   []TimeZone
	byName map[string]string   // folded full name → canonical name
	byWord map[string][]string // folded city, region or country → zone names
}

var timeZoneIndex = sync.OnceValue(func() zoneIndex {
	ix := zoneIndex{byName: map[string]string{}, byWord: map[string][]string{}}
	add := func(key, zone string) {
		if key != "" && !slices.Contains(ix.byWord[key], zone) {
			ix.byWord[key] = append(ix.byWord[key], zone)
		}
	}
	for line := range strings.Lines(timeZonesTxt) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cc, name, _ := strings.Cut(line, " ")
		parts := strings.Split(name, "/")
		city := strings.ReplaceAll(parts[len(parts)-1], "_", " ")
		label := city
		if country := CountryName(cc); country != "" {
			label += ", " + country
			add(foldPlace(country), name)
		}
		ix.list = append(ix.list, TimeZone{Name: name, Country: cc, Label: label})
		ix.byName[foldPlace(name)] = name
		for _, p := range parts[1:] {
			add(foldPlace(strings.ReplaceAll(p, "_", " ")), name)
		}
	}
	ix.list = append(ix.list, TimeZone{Name: "UTC", Label: "Coordinated Universal Time"})
	ix.byName["utc"] = "UTC"
	return ix
})

// TimeZones lists the IANA zones a member may live in, ordered by name,
// with their city and country, for a type-ahead list. The caller may keep
// the slice; it is a copy.
func TimeZones() []TimeZone {
	return slices.Clone(timeZoneIndex().list)
}

// ResolveTimeZone turns what a person typed into an IANA zone name: a
// zone name in any case ("europe/stockholm"), a city ("Stockholm", "New
// York", "são paulo"), a region ("Tasmania") or a country with one zone
// ("Sweden"). When the words fit several zones, it fails and names them;
// when they fit none, it fails with an example. The message reads after
// the field's name: "could be America/Indiana/Indianapolis, ...".
func ResolveTimeZone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	ix := timeZoneIndex()
	key := foldPlace(s)
	if z, ok := ix.byName[key]; ok {
		return z, nil
	}
	if validTimeZone(s) {
		// A name the zone list leaves out but the database knows, such
		// as a link kept for old data (Asia/Calcutta) or Etc/GMT+5.
		return s, nil
	}
	switch zones := ix.byWord[strings.ReplaceAll(key, "_", " ")]; {
	case len(zones) == 1:
		return zones[0], nil
	case len(zones) > 1:
		const shown = 8
		more := ""
		if len(zones) > shown {
			more = fmt.Sprintf(" and %d more", len(zones)-shown)
			zones = zones[:shown]
		}
		return "", fmt.Errorf("%q fits several time zones: %s%s; choose one", s, strings.Join(zones, ", "), more)
	}
	return "", fmt.Errorf("%q is not a time zone we know; type a city such as Stockholm or a zone name such as Europe/Stockholm", s)
}

// foldPlace makes place names compare as people mean them: case, accents
// and spacing do not matter ("São Paulo" = "sao paulo").
func foldPlace(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(cases.Fold().String(out)), " ")
}
