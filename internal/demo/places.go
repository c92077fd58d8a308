package demo

import (
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
)

// A country is where members work: its ISO code, its share of the
// community, the languages spoken there besides English, the naming
// cultures of the people who work there, and the fictional towns its
// fictional institutions are named after.
type country struct {
	code      string
	weight    float64
	zone      string   // IANA zone of towns that name none
	languages []string // besides English
	cultures  string   // "key:weight ..."
	towns     []string // "Name" or "Name|IANA zone"
	patterns  []pattern
}

// A pattern names an institution after a town: "Universität %s" and
// "uni-%s.example".
type pattern struct {
	name, domain string
	kind         orgKind
}

type orgKind int

const (
	university orgKind = iota
	institute
	funder
	company
	nonprofit
)

// academic reports whether people there are researchers rather than
// staff of a funder, company or non-profit.
func (k orgKind) academic() bool { return k == university || k == institute }

func uni(name, domain string) pattern  { return pattern{name, domain, university} }
func inst(name, domain string) pattern { return pattern{name, domain, institute} }

// countries are the 27 countries the community's members work in. Towns
// and institutions are made up, so no real organisation appears to take
// part; every domain is under .example (RFC 2606), so no address the demo
// generates can reach a real mailbox.
var countries = []country{
	{"US", 12, "America/New_York", nil, "anglo:5 spanish:1.5 chinese:1 south_asian:1 korean:.4 west_african:.4 hebrew:.3 persian:.3 vietnamese:.3 arabic:.2",
		[]string{"Millbrook", "Lakeview|America/Chicago", "Red Mesa|America/Denver", "Bayview|America/Los_Angeles"},
		[]pattern{uni("University of %s", "%s.edu.example"), uni("%s State University", "%s-state.edu.example"), inst("%s National Laboratory", "%s-lab.example")}},
	{"GB", 9, "Europe/London", nil, "anglo:7 south_asian:1.5 west_african:.5 chinese:.5 polish:.3",
		[]string{"Ashbury", "Elmstead", "Northwick", "Kingsmere"},
		[]pattern{uni("University of %s", "%s.ac.example"), uni("%s Metropolitan University", "%s-met.ac.example"), inst("%s Centre for Data Science", "%s-cds.example")}},
	{"DE", 9, "Europe/Berlin", []string{"German"}, "german:8 turkish:1 polish:.5 arabic:.3 ukrainian:.3",
		[]string{"Rheinau", "Eichenfeld", "Weidenburg", "Kaltenbach"},
		[]pattern{uni("Universität %s", "uni-%s.example"), uni("Technische Universität %s", "tu-%s.example"), inst("Forschungszentrum %s", "fz-%s.example")}},
	{"IN", 6, "Asia/Kolkata", []string{"Hindi"}, "south_asian:10",
		[]string{"Nandanpur", "Sitapuram", "Chandragiri"},
		[]pattern{uni("%s University", "%s-uni.example"), uni("National Institute of Technology %s", "nit-%s.example"), inst("%s Institute of Advanced Studies", "%s-ias.example")}},
	{"NL", 5, "Europe/Amsterdam", []string{"Dutch"}, "dutch:8 turkish:.5 arabic:.5 indonesian:.5",
		[]string{"Zandvoorde", "Waterdijk", "Hollandsmeer"},
		[]pattern{uni("Universiteit %s", "uni%s.example"), uni("Technische Universiteit %s", "tu%s.example"), inst("Universitair Medisch Centrum %s", "umc%s.example")}},
	{"FR", 5, "Europe/Paris", []string{"French"}, "french:8 arabic:1 west_african:.5",
		[]string{"Valmont", "Montclair-sur-Loire", "Saint-Aubin-des-Bois"},
		[]pattern{uni("Université de %s", "univ-%s.example"), inst("Institut de recherche de %s", "ir-%s.example")}},
	{"ES", 4, "Europe/Madrid", []string{"Spanish"}, "spanish:9",
		[]string{"Valdeoliva", "Sierra Alta", "Puerto Claro"},
		[]pattern{uni("Universidad de %s", "u%s.example"), uni("Universidad Politécnica de %s", "upolitecnica-%s.example"), inst("Centro de Investigación de %s", "ci-%s.example")}},
	{"IT", 4, "Europe/Rome", []string{"Italian"}, "italian:9",
		[]string{"Valfiorita", "Lagoverde", "Castelnuovo Alto"},
		[]pattern{uni("Università degli Studi di %s", "uni%s.example"), uni("Politecnico di %s", "poli%s.example"), inst("Istituto di Ricerca di %s", "ir%s.example")}},
	{"CA", 4, "America/Toronto", []string{"French"}, "anglo:4 french:1.5 chinese:1 south_asian:1 persian:.3",
		[]string{"Northvale", "Cedarview|America/Vancouver", "Saint-Laurent-des-Pins", "Prairie Rose|America/Winnipeg"},
		[]pattern{uni("University of %s", "%s.ca.example"), uni("%s Polytechnic", "%s-poly.ca.example")}},
	{"BR", 4, "America/Sao_Paulo", []string{"Portuguese"}, "portuguese:9 japanese:.3",
		[]string{"Vale do Sol", "Porto das Águas", "Bela Vista do Norte|America/Manaus"},
		[]pattern{uni("Universidade Federal de %s", "uf%s.example"), inst("Instituto de Pesquisas de %s", "ip%s.example")}},
	{"CN", 4, "Asia/Shanghai", []string{"Mandarin"}, "chinese:10",
		[]string{"Qinghe", "Donghai", "Nanshan"},
		[]pattern{uni("%s University", "%s-u.example"), uni("%s University of Science and Technology", "%s-ust.example")}},
	{"AU", 4, "Australia/Sydney", nil, "anglo:6 chinese:1 south_asian:1 vietnamese:.5 indonesian:.5 greek:.3 italian:.3",
		[]string{"Wattle Creek", "Banksia Bay|Australia/Perth", "Kookaburra Downs|Australia/Brisbane"},
		[]pattern{uni("University of %s", "%s.edu.au.example"), uni("%s University", "%s-uni.edu.au.example")}},
	{"MX", 3, "America/Mexico_City", []string{"Spanish"}, "spanish:10",
		[]string{"San Isidro del Valle", "Villa Esperanza", "Puerto Añil"},
		[]pattern{uni("Universidad Autónoma de %s", "ua-%s.example"), inst("Instituto Tecnológico de %s", "it-%s.example")}},
	{"SE", 3, "Europe/Stockholm", []string{"Swedish"}, "nordic:8 persian:.5 arabic:.3",
		[]string{"Björkvik", "Sjöholm", "Granlunda"},
		[]pattern{uni("University of %s", "%s-uni.se.example"), uni("%s Institute of Technology", "%s-tech.se.example")}},
	{"PL", 3, "Europe/Warsaw", []string{"Polish"}, "polish:9 ukrainian:1",
		[]string{"Jeziorna", "Zielonogród", "Brzezinowo"},
		[]pattern{uni("University of %s", "u%s.pl.example"), uni("%s University of Technology", "p%s.pl.example")}},
	{"NG", 3, "Africa/Lagos", []string{"Yoruba"}, "west_african:10",
		[]string{"Ilemona", "Ogbaru", "Kanfani"},
		[]pattern{uni("University of %s", "uni%s.edu.ng.example"), uni("Federal University of Technology %s", "fut%s.edu.ng.example")}},
	{"KE", 3, "Africa/Nairobi", []string{"Swahili"}, "east_african:10",
		[]string{"Mawingu", "Kilima", "Ziwani"},
		[]pattern{uni("%s University", "%s-uni.ac.ke.example"), inst("%s Institute for Data Science", "%s-ids.ac.ke.example")}},
	{"ZA", 3, "Africa/Johannesburg", []string{"Zulu"}, "east_african:7 anglo:2 south_asian:1",
		[]string{"Umgeni Heights", "Karoo Springs", "Blouberg"},
		[]pattern{uni("University of %s", "u%s.ac.za.example"), uni("%s University of Technology", "%s-tech.ac.za.example")}},
	{"JP", 3, "Asia/Tokyo", []string{"Japanese"}, "japanese:10",
		[]string{"Minamiura", "Kitayama", "Higashino"},
		[]pattern{uni("%s University", "%s-u.ac.jp.example"), inst("%s Institute of Science", "%s-is.ac.jp.example")}},
	{"GR", 2, "Europe/Athens", []string{"Greek"}, "greek:10",
		[]string{"Kalamaki", "Nea Elaia"},
		[]pattern{uni("University of %s", "u%s.gr.example"), uni("%s Technical University", "%s-tech.gr.example")}},
	{"TR", 2, "Europe/Istanbul", []string{"Turkish"}, "turkish:10",
		[]string{"Yeşilova", "Karaağaç", "Çamlıtepe"},
		[]pattern{uni("%s Üniversitesi", "%s.edu.tr.example"), uni("%s Teknik Üniversitesi", "%s-teknik.edu.tr.example")}},
	{"EG", 2, "Africa/Cairo", []string{"Arabic"}, "arabic:10",
		[]string{"El-Nour", "Wadi Salam"},
		[]pattern{uni("%s University", "%s-u.edu.eg.example"), inst("%s Institute for Applied Research", "%s-iar.edu.eg.example")}},
	{"CO", 2, "America/Bogota", []string{"Spanish"}, "spanish:10",
		[]string{"San Andrés de los Andes", "Puerto Esmeralda"},
		[]pattern{uni("Universidad de %s", "u%s.edu.co.example"), inst("Instituto de Investigación de %s", "ii%s.edu.co.example")}},
	{"GH", 2, "Africa/Accra", []string{"Twi"}, "west_african:10",
		[]string{"Adenta Hills", "Kwahu Ridge"},
		[]pattern{uni("University of %s", "u%s.edu.gh.example"), uni("%s Technical University", "%s-tu.edu.gh.example")}},
	{"KR", 2, "Asia/Seoul", []string{"Korean"}, "korean:10",
		[]string{"Hanbit", "Cheongna"},
		[]pattern{uni("%s National University", "%s-nu.ac.kr.example"), inst("%s Institute of Science and Technology", "%s-ist.ac.kr.example")}},
	{"VN", 2, "Asia/Ho_Chi_Minh", []string{"Vietnamese"}, "vietnamese:10",
		[]string{"Sông Xanh", "Hòa Bình"},
		[]pattern{uni("%s University", "%s-u.edu.vn.example"), uni("University of Science %s", "us-%s.edu.vn.example")}},
	{"NZ", 2, "Pacific/Auckland", []string{"Māori"}, "anglo:6 maori:2 chinese:.5 south_asian:.5",
		[]string{"Kōwhai Bay", "Tōtara Heights"},
		[]pattern{uni("University of %s", "%s.ac.nz.example"), uni("%s Institute of Technology", "%s-tech.ac.nz.example")}},
}

// An org is one place members work, with the zone its town keeps.
type org struct {
	name, domain string
	country      *country
	town, zone   string
	kind         orgKind
	weight       float64 // share of the members who work at this kind of place
}

// fixedOrgs are the funders, companies and non-profits every demo has: the
// places key funders and partners come from.
var fixedOrgs = []struct {
	name, domain, country, zone string
	kind                        orgKind
}{
	{"Open Science Trust", "openscience-trust.example", "GB", "", funder},
	{"Stiftung Forschungssoftware", "stiftung-fs.example", "DE", "", funder},
	{"Fundación Ciencia Abierta", "cienciaabierta.example", "MX", "", funder},
	{"Nordic Research Infrastructure Fund", "nrif.example", "SE", "", funder},
	{"Brightwave Analytics", "brightwave.example", "US", "America/Los_Angeles", company},
	{"Datapunkt GmbH", "datapunkt.example", "DE", "", company},
	{"Kijani Data Labs", "kijani.example", "KE", "", company},
	{"Lumen Genomics", "lumen-genomics.example", "GB", "", company},
	{"Sora Compute", "soracompute.example", "JP", "", company},
	{"Software Sustainability Collective", "ssc.example", "GB", "", nonprofit},
	{"Red Latinoamericana de Computación Científica", "relacc.example", "CO", "", nonprofit},
	{"Pan-African Data Science Network", "padsn.example", "NG", "", nonprofit},
}

func countryByCode(code string) *country {
	for i := range countries {
		if countries[i].code == code {
			return &countries[i]
		}
	}
	panic("demo: unknown country " + code)
}

// town splits a town entry into its name and zone.
func (c *country) town(entry string) (name, zone string) {
	name, zone, ok := strings.Cut(entry, "|")
	if !ok {
		zone = c.zone
	}
	return name, zone
}

// weightedKeys parses "key:weight key:weight" tables.
func weightedKeys(s string) (keys []string, weights []float64) {
	for _, f := range strings.Fields(s) {
		k, w, _ := strings.Cut(f, ":")
		v, err := strconv.ParseFloat(w, 64)
		if err != nil {
			panic("demo: bad weight in " + s)
		}
		keys, weights = append(keys, k), append(weights, v)
	}
	return keys, weights
}

// organisations returns the places members of a community of this size
// work at: the fixed funders, companies and non-profits, and academic
// institutions taken in turn from each country so even a small community
// spans all 27. Bigger communities get more of them, up to every town and
// pattern (180).
func organisations(r *rng, academic int) []org {
	type candidate struct {
		c    *country
		town string
		p    pattern
	}
	perCountry := make([][]candidate, len(countries))
	total := 0
	for i := range countries {
		c := &countries[i]
		for _, t := range c.towns {
			for _, p := range c.patterns {
				perCountry[i] = append(perCountry[i], candidate{c, t, p})
			}
		}
		shuffle(r, perCountry[i])
		total += len(perCountry[i])
	}
	academic = min(academic, total)
	var out []org
	for round := 0; len(out) < academic; round++ {
		for i := range countries {
			if round < len(perCountry[i]) && len(out) < academic {
				cd := perCountry[i][round]
				name, zone := cd.c.town(cd.town)
				out = append(out, org{
					name:    strings.ReplaceAll(cd.p.name, "%s", name),
					domain:  strings.ReplaceAll(cd.p.domain, "%s", slug(name)),
					country: cd.c, town: name, zone: zone, kind: cd.p.kind,
				})
			}
		}
	}
	// A place's share of its country's members varies, so some
	// institutions are big and some have a single member.
	counts := map[*country]int{}
	for _, o := range out {
		counts[o.country]++
	}
	for i := range out {
		out[i].weight = out[i].country.weight / float64(counts[out[i].country]) * (0.3 + 1.4*r.Float64())
	}
	for _, f := range fixedOrgs {
		c := countryByCode(f.country)
		zone := f.zone
		if zone == "" {
			zone = c.zone
		}
		out = append(out, org{name: f.name, domain: f.domain, country: c, town: members.CountryName(c.code),
			zone: zone, kind: f.kind, weight: 1})
	}
	return out
}
