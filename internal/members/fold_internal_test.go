package members

import "testing"

func TestFoldKey(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Ada Lovelace", "ada lovelace"},
		{"Émilie du Châtelet", "emilie du chatelet"},
		{"Łukasz Żółć", "lukasz zolc"},
		{"Søren Ærø", "soren aero"},
		{"Straße", "strasse"},
		{"Đorđe Şahin", "dorde sahin"},
		{"屠呦呦", "屠呦呦"}, // other scripts pass through
	}
	for _, tt := range tests {
		if got := foldKey(tt.in); got != tt.want {
			t.Errorf("foldKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNearName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"Marguerite Lindqvist", "Marguerite Lindquist", true},
		{"Marguerite Lindqvist", "Margurite Lindquist", true}, // one typo in each word
		{"Marguerite Lindqvist", "Lindqvist Margerite", true},
		{"Anne Marie Dupont", "Annemarie Dupont", true}, // words run together
		{"Annemarie Dupont", "Anne-marie Dupond", true},
		{"Annemarie Dupont", "Anne-marie Dupontel", false},
		{"Marie Dupont", "Marie Anne Dupont", false}, // a word more is not a typo
		{"Dimitris Georgiou", "Dimitra Georgiou", false},
		{"Jan Berg", "Jana Berg", false},
		{"Annika Berg", "Anika Berg", true},
		{"Marguerite Lindqvist", "Margaret Lindgren", false},
		{"Marguerite Lindqvist", "Marguerite Lindqvist", false}, // the same key is "same name", not near
	} {
		if got := nearName(nameKey(tt.a), nameKey(tt.b)); got != tt.want {
			t.Errorf("nearName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
