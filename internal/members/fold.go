package members

import (
	"slices"
	"strings"
	"unicode"
)

// latinFolds maps lower-case Latin letters with diacritics, and a few
// ligatures, to the plain letters a person would type on any keyboard.
// It covers Latin-1 and Latin Extended-A: the names of most European and
// many African and Latin American members. Other scripts pass through.
var latinFolds = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "ā", "a", "ă", "a", "ą", "a",
	"æ", "ae", "ç", "c", "ć", "c", "ĉ", "c", "ċ", "c", "č", "c", "ď", "d", "đ", "d", "ð", "d",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ē", "e", "ĕ", "e", "ė", "e", "ę", "e", "ě", "e",
	"ĝ", "g", "ğ", "g", "ġ", "g", "ģ", "g", "ĥ", "h", "ħ", "h",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ĩ", "i", "ī", "i", "ĭ", "i", "į", "i", "ı", "i",
	"ĵ", "j", "ķ", "k", "ĺ", "l", "ļ", "l", "ľ", "l", "ŀ", "l", "ł", "l",
	"ñ", "n", "ń", "n", "ņ", "n", "ň", "n", "ŉ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o", "ō", "o", "ŏ", "o", "ő", "o", "œ", "oe",
	"ŕ", "r", "ŗ", "r", "ř", "r", "ś", "s", "ŝ", "s", "ş", "s", "š", "s", "ș", "s", "ß", "ss",
	"ţ", "t", "ť", "t", "ŧ", "t", "ț", "t", "þ", "th",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ũ", "u", "ū", "u", "ŭ", "u", "ů", "u", "ű", "u", "ų", "u",
	"ŵ", "w", "ý", "y", "ÿ", "y", "ŷ", "y", "ź", "z", "ż", "z", "ž", "z",
)

// foldKey lower-cases s and folds Latin diacritics, giving the key names
// are sorted by and affiliations and searches are matched on. Doing this
// in Go rather than in SQL means SQLite and PostgreSQL (whatever its
// collation) order and match exactly alike: "Émilie" sorts with "Emily"
// and "emilie" finds her on both.
func foldKey(s string) string { return latinFolds.Replace(strings.ToLower(s)) }

// nameKey is the key likely duplicates by name are found with: the name
// folded like foldKey, cut into words at anything but a letter or digit,
// and the words sorted. "Marguerite Lindqvist", "LINDQVIST, Marguerite"
// and "Lindqvist Marguérite" all give "lindqvist marguerite", because a
// form, an import or a badge scanner may each write a name its own way.
func nameKey(name string) string {
	words := strings.FieldsFunc(foldKey(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	slices.Sort(words)
	return strings.Join(words, " ")
}
