-- Activities an import brought in from a community platform (Slack,
-- Discourse, GitHub) remember the run that added them, so undoing the run
-- takes them away again. An activity a later run or a script sent again
-- (the same source and external id) keeps the first run's mark: it was
-- that run that added it. Removing a run's record forgets the mark only.
ALTER TABLE activities ADD COLUMN import_run_id BIGINT REFERENCES import_runs(id) ON DELETE SET NULL;
-- Only imported activities carry a run: the index skips all the others.
CREATE INDEX activities_import_run ON activities (import_run_id) WHERE import_run_id IS NOT NULL;

-- The platforms do things no kind named yet: chat messages and code-host
-- issues and comments. Added after any kinds a manager has added, and
-- left alone when a manager already chose one of these keys.
INSERT INTO activity_kinds (key, label, mode, weight, why, builtin, position)
SELECT k.key, k.label, k.mode, k.weight, k.why, TRUE, (SELECT COALESCE(MAX(position), 0) FROM activity_kinds) + k.pos
FROM (
    SELECT 'posted_chat' AS key, 'Posted in the community chat' AS label, 'contribute' AS mode, 1 AS weight,
        'A message in a shared channel offers something of the member''s own to everyone there; a chat line takes less than a forum post, so it weighs less.' AS why, 1 AS pos
    UNION ALL SELECT 'replied_chat', 'Replied in a chat thread', 'contribute', 1,
        'A reply in a thread adds the member''s own knowledge to someone else''s conversation.', 2
    UNION ALL SELECT 'opened_issue', 'Opened an issue', 'contribute', 2,
        'Reporting a problem or proposing a change gives the project something of the member''s own: what they found, what they need.', 3
    UNION ALL SELECT 'commented_code', 'Commented on an issue or pull request', 'contribute', 2,
        'A comment adds the member''s view to someone else''s issue or change; reviews of the change itself count as reviewing.', 4
) k
WHERE NOT EXISTS (SELECT 1 FROM activity_kinds a WHERE a.key = k.key);
