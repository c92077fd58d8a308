package backup_test

import (
	"context"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
)

// fillEmptyTables writes a row or two in the tables the demo leaves empty,
// so the round trip covers every table.
func fillEmptyTables(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	// Awkward values on purpose: quotes, a newline, a tab, emoji, non-Latin
	// script, a backslash, U+2028, the largest integer, a float that has
	// no short decimal form, NULLs.
	odd := `'Line one\nline "two"` + "\t" + `tab 🌱 日本語 ` + "\u2028" + `'`
	stmts := []string{
		`INSERT INTO segments (name, query, created_by, created_at) VALUES ('Early career', 'stage=early_career', (SELECT MIN(id) FROM users), 1767225600)`,
		`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, user_agent, ip) VALUES ('aa11', (SELECT MIN(id) FROM users), 1, 2, 3, 'Firefox', '127.0.0.1')`,
		`INSERT INTO api_tokens (user_id, name, token_hash, created_at, last_used_at) VALUES ((SELECT MIN(id) FROM users), 'script', 'bb22', 1, NULL)`,
		`INSERT INTO feed_tokens (user_id, name, token_hash, created_at) VALUES ((SELECT MIN(id) FROM users), 'phone', 'cc33', 1)`,
		`INSERT INTO login_attempts (email, ip, at, ok, refused_by) VALUES ('a@b.example', '127.0.0.1', 5, 1=1, '')`,
		`INSERT INTO jobs (kind, payload, run_at, created_at, updated_at, dedupe_key) VALUES ('cleanup', '{"x": 1}', 9223372036854775807, 1, 1, NULL)`,
		`INSERT INTO member_fields (member_id, name, value, name_key, value_key) VALUES ((SELECT MIN(id) FROM members), 'Lab', ` + odd + `, 'lab', 'x')`,
		`INSERT INTO member_versions (member_id, version, fields, replaced_at) VALUES ((SELECT MIN(id) FROM members), 1, '{"name":"Old"}', 7)`,
		`INSERT INTO interaction_versions (interaction_id, version, fields, replaced_at) VALUES ((SELECT MIN(id) FROM interactions), 1, '{}', 7)`,
		`INSERT INTO followup_versions (followup_id, version, fields, replaced_at) VALUES ((SELECT MIN(id) FROM followups), 1, '{}', 7)`,
		`INSERT INTO key_member_versions (member_id, version, fields, replaced_at) VALUES ((SELECT MIN(member_id) FROM key_members), 1, '{}', 7)`,
		`INSERT INTO programme_versions (programme_id, version, fields, replaced_at) VALUES ((SELECT MIN(id) FROM programmes), 1, '{}', 7)`,
		`INSERT INTO session_versions (session_id, version, fields, replaced_at) VALUES ((SELECT MIN(id) FROM programme_sessions), 1, '{}', 7)`,
		`INSERT INTO content_versions (content_id, version, fields, replaced_at) VALUES ((SELECT MIN(id) FROM content_items), 1, '{}', 7)`,
		`INSERT INTO session_exceptions (session_id, original_start, action, starts_at, ends_at, updated_at) VALUES ((SELECT MIN(id) FROM programme_sessions), 100, 'skip', 0, 0, 1)`,
		`INSERT INTO session_attendance (session_id, occurrence_start, member_id, role, attended, note, registered_at, updated_at) VALUES ((SELECT MIN(id) FROM programme_sessions), 100, (SELECT MIN(id) FROM members), 'attendee', 'yes', '', 1, 1)`,
		`INSERT INTO activities (member_id, kind, source, occurred_at, title, url, external_id, created_at) VALUES ((SELECT MIN(id) FROM members), 'posted_forum', 'discourse', 1767225600, ` + odd + `, 'https://forum.example/t/1', 'p-1', 1)`,
		`INSERT INTO activities (member_id, kind, source, occurred_at, created_at) VALUES ((SELECT MAX(id) FROM members), 'attended_call', 'manual', 1767225601, 1)`,
		`INSERT INTO member_distinct_pairs (member_low, member_high, actor, decided_at) VALUES ((SELECT MIN(id) FROM members), (SELECT MAX(id) FROM members), 'cli', 1)`,
		`INSERT INTO member_merges (kept_id, dropped_id, kept_name, dropped_name, merged_at, actor, before_rows, after_rows) VALUES (1, 999999, 'Kept', 'Dropped', 1, 'cli', '{"members":[]}', '{}')`,
		`INSERT INTO content_audits (period_from, period_to, period_name, notes, findings, gap_count, item_count, created_at) VALUES ('2026-01-01', '2026-03-31', 'Q1 2026', '', '[]', 0, 0, 1)`,
		`INSERT INTO content_audit_notes (audit_id, finding_key, decision, note, updated_at) VALUES ((SELECT MIN(id) FROM content_audits), 'modes:convey', 'act', ` + odd + `, 1)`,
		`INSERT INTO erased_identifiers (hash, kind, erased_at) VALUES ('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'email', 1767225600)`,
		`INSERT INTO erasure_scrubs (member_id, table_name, columns, emails, action, created_at) VALUES (999999, 'members', '["notes"]', '["gone@example.org"]', 'scrub', 1767225600)`,
		`INSERT INTO import_reviews (run_id, member_id, other_id, file_name, line, created_at, settled, settled_at, settled_by) VALUES ((SELECT MIN(id) FROM import_runs), (SELECT MIN(id) FROM members), (SELECT MAX(id) FROM members), ` + odd + `, 7, 1767225600, 'distinct', 1767225601, (SELECT MIN(id) FROM users))`,
		`INSERT INTO member_field_sources (member_id, field, source, run_id, at) VALUES ((SELECT MIN(id) FROM members), 'affiliation', 'manual', NULL, 1767225600)`,
		`INSERT INTO member_field_sources (member_id, field, source, run_id, at) VALUES ((SELECT MIN(id) FROM members), 'job_title', 'import', (SELECT MIN(id) FROM import_runs), 1767225601)`,
		`INSERT INTO import_sessions (run_id, session_id, occurrence) VALUES ((SELECT MIN(id) FROM import_runs), (SELECT MIN(id) FROM programme_sessions), '2026-03-03T16:00')`,
		`INSERT INTO import_attendance (run_id, session_id, occurrence_start, member_id, existed, role_before, attended_before, note_before, registered_before, updated_before, role_after, attended_after, note_after) VALUES ((SELECT MIN(id) FROM import_runs), (SELECT MIN(id) FROM programme_sessions), 100, (SELECT MIN(id) FROM members), 1=1, 'attendee', 'unknown', ` + odd + `, 1, 2, 'host', 'yes', 'Zoom; 45 min')`,
		`UPDATE goal_indicators SET current_value = 0.1 + 0.2, target_value = 1e-7 WHERE id = (SELECT MIN(id) FROM goal_indicators)`,
		`INSERT INTO participation_rollup_pending (member_id, marks) VALUES ((SELECT MIN(id) FROM members), 2)`,
		`INSERT INTO participation_rollup_touched (generation, month) VALUES (99, 202601)`,
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				t.Errorf("%s: %v", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
