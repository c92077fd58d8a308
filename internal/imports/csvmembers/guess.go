package csvmembers

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fields are what a column can fill, with the words the mapping form shows.
var Fields = []struct{ Name, Label string }{
	{"name", "Full name"},
	{"first_name", "First (given) name"},
	{"last_name", "Last name (surname)"},
	{"preferred_name", "Preferred name"},
	{"pronouns", "Pronouns"},
	{"email", "Email (several columns or a list: the first is primary)"},
	{"affiliation", "Affiliation"},
	{"job_title", "Job title"},
	{"orcid", "ORCID iD"},
	{"country", "Country (code or English name)"},
	{"time_zone", "Time zone or city"},
	{"career_stage", "Career stage"},
	{"joined_on", "Joined on (YYYY-MM-DD)"},
	{"status", "Status"},
	{"expertise", "Expertise (list)"},
	{"interests", "Interests (list)"},
	{"languages", "Languages (list)"},
	{"tags", "Tags (list)"},
	{"notes", "Notes"},
	{"consent", "Consent to contact (yes/no)"},
	{"identity:github", "GitHub handle"},
	{"identity:gitlab", "GitLab handle"},
	{"identity:mastodon", "Mastodon handle"},
	{"identity:bluesky", "Bluesky handle"},
	{"identity:linkedin", "LinkedIn"},
	{"identity:slack", "Slack handle"},
	{"identity:discourse", "Discourse handle"},
	{"identity:website", "Website"},
}

// ValidField reports whether f is a mapping target: a field above, a
// custom field ("custom:Lab") or "" (left out).
func ValidField(f string) bool {
	if f == "" {
		return true
	}
	if name, ok := strings.CutPrefix(f, "custom:"); ok {
		return strings.TrimSpace(name) != ""
	}
	for _, x := range Fields {
		if x.Name == f {
			return true
		}
	}
	return false
}

// synonyms are headers as spreadsheets write them, folded by headerKey
// (lower case, accents and everything but letters and digits removed), in
// English and the common variants of the languages communities work in.
var synonyms = map[string]string{}

func init() {
	for field, words := range map[string][]string{
		"name":               {"name", "full name", "fullname", "display name", "member", "person", "participant", "attendee", "contact", "contact name", "member name", "nom complet", "nombre completo", "vollstandiger name"},
		"first_name":         {"first name", "firstname", "first", "given name", "givenname", "given names", "forename", "forenames", "christian name", "prenom", "vorname", "nombre", "nome"},
		"last_name":          {"last name", "lastname", "last", "surname", "family name", "familyname", "second name", "nom", "nom de famille", "nachname", "familienname", "apellido", "apellidos", "cognome", "sobrenome"},
		"preferred_name":     {"preferred name", "nickname", "known as", "goes by", "display as"},
		"pronouns":           {"pronouns", "pronoun", "preferred pronouns"},
		"email":              {"email", "e-mail", "e mail", "email address", "e-mail address", "mail", "emailaddress", "email 1", "email 2", "email1", "email2", "primary email", "secondary email", "work email", "other email", "personal email", "courriel", "adresse email", "adresse e-mail", "correo", "correo electronico", "e-mail-adresse"},
		"affiliation":        {"affiliation", "affiliations", "institution", "institute", "organisation", "organization", "org", "company", "employer", "university", "lab", "organisation name", "organization name", "institution name", "home institution", "einrichtung", "institucion", "organisme"},
		"job_title":          {"job title", "jobtitle", "position", "role", "job", "occupation", "poste", "funcion", "cargo", "stellenbezeichnung", "berufsbezeichnung", "beruf", "titre du poste", "puesto"},
		"orcid":              {"orcid", "orcid id", "orcid id", "orcid identifier", "orcid number"},
		"country":            {"country", "country code", "country/region", "country or region", "nation", "land", "pays", "pais"},
		"time_zone":          {"time zone", "timezone", "tz", "city", "location"},
		"career_stage":       {"career stage", "career level", "stage", "seniority"},
		"joined_on":          {"joined", "joined on", "join date", "date joined", "member since", "signup date", "sign up date", "registration date", "registered"},
		"status":             {"status", "membership status", "member status"},
		"expertise":          {"expertise", "skills", "areas of expertise", "research area", "research areas", "field", "fields", "discipline"},
		"interests":          {"interests", "interest", "topics", "topics of interest", "research interests"},
		"languages":          {"languages", "language", "spoken languages"},
		"tags":               {"tags", "tag", "labels", "label", "groups", "segments", "keywords"},
		"notes":              {"notes", "note", "comments", "comment", "remarks", "bio", "biography", "about"},
		"consent":            {"consent", "consent to contact", "opt in", "optin", "opted in", "gdpr consent", "may contact"},
		"identity:github":    {"github", "github handle", "github username", "github user", "github login"},
		"identity:gitlab":    {"gitlab", "gitlab handle", "gitlab username"},
		"identity:mastodon":  {"mastodon", "mastodon handle", "fediverse"},
		"identity:bluesky":   {"bluesky", "bluesky handle", "bsky"},
		"identity:linkedin":  {"linkedin", "linkedin url", "linkedin profile"},
		"identity:slack":     {"slack", "slack handle", "slack username"},
		"identity:discourse": {"discourse", "forum username", "discourse username"},
		"identity:website":   {"website", "web site", "homepage", "home page", "url", "personal website", "web"},
	} {
		for _, w := range words {
			synonyms[headerKey(w)] = field
		}
	}
}

// stripMarks makes a fresh chain each time: a transform.Chain keeps state
// between calls, so one shared by concurrent imports races.
func stripMarks() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// headerKey folds a header for matching: "E-mail Address" and
// "email_address" are both "emailaddress", "Prénom" is "prenom".
func headerKey(h string) string {
	h, _, _ = transform.String(stripMarks(), strings.ToLower(h))
	var b strings.Builder
	for _, c := range h {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Guess is the field a header most likely means, or "" for none.
func Guess(header string) string {
	return synonyms[headerKey(header)]
}
