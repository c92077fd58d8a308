package accounts

import (
	"strings"
	"testing"
)

func TestProductionParamsAreOWASP(t *testing.T) {
	t.Parallel()
	want := argonParams{memory: 19456, time: 2, threads: 1, saltLen: 16, keyLen: 32}
	if productionParams != want {
		t.Fatalf("HashPassword uses %+v, want OWASP's %+v", productionParams, want)
	}
}

func TestHashPasswordAtProductionCost(t *testing.T) {
	t.Parallel()
	hash, err := hashWith(owaspParams, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not start with the OWASP parameters", hash)
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"correct horse battery ", false},
		{"Correct horse battery", false},
		{"", false},
	} {
		ok, err := VerifyPassword(hash, tt.pw)
		if err != nil || ok != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v, nil", tt.pw, ok, err, tt.want)
		}
	}
}

func TestHashPasswordSaltsEveryHash(t *testing.T) {
	t.Parallel()
	a, err := HashPassword("same password")
	if err != nil {
		t.Fatal(err)
	}
	b, err := HashPassword("same password")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two hashes of one password are identical: %s", a)
	}
	if needsRehash(a) {
		t.Errorf("a fresh hash needs rehashing: %s", a)
	}
}

// Known answers from the argon2 reference implementation (password
// "password", salt "somesalt"), written as PHC strings: they pin down that
// m, t and p are read from the string and passed to argon2 in the right
// places, so hashes written with other parameters keep verifying.
func TestVerifyPasswordKnownAnswers(t *testing.T) {
	t.Parallel()
	tests := []string{
		"$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$ZVrRXqxlLcWfcXCnMyv0m4Rpvh/bnCi7",
		"$argon2id$v=19$m=64,t=2,p=2$c29tZXNhbHQ$NQrDciL0Nsy1wJcvHr079rlYvyBxhBNi",
		"$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHQ$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8L",
	}
	for _, hash := range tests {
		t.Run(hash[:30], func(t *testing.T) {
			ok, err := VerifyPassword(hash, "password")
			if err != nil || !ok {
				t.Fatalf("VerifyPassword(right password) = %v, %v", ok, err)
			}
			ok, err = VerifyPassword(hash, "passwore")
			if err != nil || ok {
				t.Fatalf("VerifyPassword(wrong password) = %v, %v", ok, err)
			}
			if !needsRehash(hash) {
				t.Error("a hash with old parameters does not need rehashing")
			}
		})
	}
}

func TestVerifyPasswordRejectsMalformedHashes(t *testing.T) {
	t.Parallel()
	const salt, key = "c29tZXNhbHQ", "ZVrRXqxlLcWfcXCnMyv0m4Rpvh/bnCi7"
	tests := []struct {
		name, hash string
	}{
		{"empty", ""},
		{"plain text", "hunter2hunter2"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"no version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + key},
		{"missing p", "$argon2id$v=19$m=64,t=1$" + salt + "$" + key},
		{"reordered", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key},
		{"extra parameter", "$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt + "$" + key},
		{"negative", "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key},
		{"not a number", "$argon2id$v=19$m=6x,t=1,p=1$" + salt + "$" + key},
		{"overflow", "$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + key},
		{"no lanes", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key},
		{"too many lanes", "$argon2id$v=19$m=4096,t=1,p=256$" + salt + "$" + key},
		{"no passes", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{"too many passes", "$argon2id$v=19$m=64,t=11,p=1$" + salt + "$" + key},
		{"too little memory", "$argon2id$v=19$m=7,t=1,p=1$" + salt + "$" + key},
		{"too much memory", "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key},
		{"padded salt", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "=$" + key},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$c29tZQ$" + key},
		{"short key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$ZVrRXqxlLcWfcXCn"},
		{"bad base64", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key[:20] + "!!!!"},
		{"trailing field", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key + "$"},
		{"no leading dollar", "argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword(tt.hash, "password")
			if err == nil || ok {
				t.Fatalf("VerifyPassword(%q) = %v, %v; want false and an error", tt.hash, ok, err)
			}
			if !needsRehash(tt.hash) {
				t.Errorf("a malformed hash does not need rehashing")
			}
		})
	}
}

// FuzzVerifyPassword holds VerifyPassword to its promise of never
// panicking, whatever a database row holds.
func FuzzVerifyPassword(f *testing.F) {
	valid, err := hashWith(argonParams{memory: 8, time: 1, threads: 1, saltLen: 16, keyLen: 32}, "password")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		valid,
		"$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$ZVrRXqxlLcWfcXCnMyv0m4Rpvh/bnCi7",
		"$argon2id$v=19$m=64,t=0,p=0$c29tZXNhbHQ$ZVrRXqxlLcWfcXCnMyv0m4Rpvh/bnCi7",
		"$argon2id$v=19$m=,t=,p=$$",
		"$argon2id$$$$$",
		"",
	} {
		f.Add(seed, "password")
	}
	f.Fuzz(func(t *testing.T, hash, pw string) {
		p, _, _, err := parsePHC(hash)
		// Parameters within bounds are honoured, however slow; skip the
		// costly ones so the fuzzer spends its time on the parser.
		if err == nil && uint64(p.memory)*uint64(p.time) > 4096 {
			return
		}
		ok, verr := VerifyPassword(hash, pw)
		if (err == nil) != (verr == nil) {
			t.Fatalf("parsePHC error %v but VerifyPassword error %v", err, verr)
		}
		if ok && verr != nil {
			t.Fatalf("VerifyPassword = true with error %v", verr)
		}
	})
}

// BenchmarkVerifyPassword measures one sign-in's hashing at production
// cost. Target: 20-100 ms on one server core. Faster means the parameters
// should be raised; slower makes sign-in sluggish and a burst of attempts a
// way to exhaust the CPU.
func BenchmarkVerifyPassword(b *testing.B) {
	hash, err := hashWith(owaspParams, "correct horse battery")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := VerifyPassword(hash, "correct horse battery"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
