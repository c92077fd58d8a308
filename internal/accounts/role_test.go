package accounts_test

import (
	"testing"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
)

func TestParseRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want accounts.Role
		code apperr.Code
	}{
		{"owner", accounts.RoleOwner, ""},
		{"manager", accounts.RoleManager, ""},
		{"viewer", accounts.RoleViewer, ""},
		{" Manager ", accounts.RoleManager, ""},
		{"VIEWER", accounts.RoleViewer, ""},
		{"", "", apperr.Invalid},
		{"admin", "", apperr.Invalid},
		{"owners", "", apperr.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := accounts.ParseRole(tt.in)
			wantCode(t, err, tt.code)
			if got != tt.want {
				t.Errorf("ParseRole(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.code != "" && fieldOf(err, "role") == "" {
				t.Errorf("error %v does not name field role", err)
			}
		})
	}
}

func TestRolePermissions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role            accounts.Role
		canWrite, admin bool
	}{
		{accounts.RoleOwner, true, true},
		{accounts.RoleManager, true, false},
		{accounts.RoleViewer, false, false},
		{accounts.Role(""), false, false},
		{accounts.Role("admin"), false, false},
	}
	for _, tt := range tests {
		if got := tt.role.CanWrite(); got != tt.canWrite {
			t.Errorf("%q.CanWrite() = %v, want %v", tt.role, got, tt.canWrite)
		}
		if got := tt.role.CanAdmin(); got != tt.admin {
			t.Errorf("%q.CanAdmin() = %v, want %v", tt.role, got, tt.admin)
		}
	}
	for _, r := range accounts.Roles() {
		if _, err := accounts.ParseRole(string(r)); err != nil {
			t.Errorf("Roles() lists %q, which ParseRole refuses", r)
		}
	}
}
