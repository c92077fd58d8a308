package members

import "testing"

func TestFoldKey(t *testing.T) {
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
