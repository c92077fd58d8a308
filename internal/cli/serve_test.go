package cli_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/cli"
	"github.com/trellis-community/trellis/internal/store"
)

// TestServeDemo is what a newcomer does first: `trellis serve --demo` on a
// fresh SQLite file prints the address and the demo login; logging in
// works; the dashboard shows overdue follow-ups and key members past their
// cadence; and the server stops cleanly.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	dbPath := filepath.Join(t.TempDir(), "trellis.db")
	go func() {
		done <- cli.Run(ctx, []string{"serve", "--demo", "--db", dbPath, "--addr", "127.0.0.1:0", "--insecure-cookies"},
			strings.NewReader(""), outW, io.Discard)
		outW.Close()
	}()

	var base, email, password string
	lines := bufio.NewScanner(outR)
	// Loading the demo takes about 4 s, and ten times that under the race
	// detector on a busy machine: the deadline only stops a hung server.
	deadline := time.AfterFunc(3*time.Minute, func() { outW.CloseWithError(io.ErrUnexpectedEOF) })
	for base == "" && lines.Scan() {
		line := lines.Text()
		if m := regexp.MustCompile(`Demo login: (\S+) / (\S+)`).FindStringSubmatch(line); m != nil {
			email, password = m[1], m[2]
		}
		if m := regexp.MustCompile(`running at (http://\S+)`).FindStringSubmatch(line); m != nil {
			base = m[1]
		}
	}
	deadline.Stop()
	go io.Copy(io.Discard, outR)
	if base == "" || email == "" {
		t.Fatalf("serve --demo did not print its address and demo login (address %q, login %q)", base, email)
	}

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	// The login page gives the demo login too, for whoever did not see
	// the terminal.
	resp, err := client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), email) || !strings.Contains(string(body), password) {
		t.Errorf("the login page under serve --demo does not show the demo login %s / %s", email, password)
	}
	resp, err = client.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Who to reach out to this week") {
		t.Fatalf("after logging in: status %d, not the dashboard:\n%.500s", resp.StatusCode, body)
	}
	page := string(body)
	for _, want := range []string{"days overdue", "past cadence", "Recent interactions", "New members this month"} {
		if !strings.Contains(page, want) {
			t.Errorf("the demo dashboard does not show %q", want)
		}
	}

	// The hourly clean-up runs as a background job: scheduled at start-up,
	// claimed and done by this instance.
	db, err := store.Open(context.Background(), dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	purged := false
	for end := time.Now().Add(20 * time.Second); !purged && time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		_ = db.QueryRow(context.Background(), "SELECT COUNT(*) = 1 FROM jobs WHERE kind = 'accounts.purge_expired' AND status = 'done'").Scan(&purged)
	}
	if !purged {
		t.Error("the clean-up of expired sessions did not run as a job")
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited with %d after the signal", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
