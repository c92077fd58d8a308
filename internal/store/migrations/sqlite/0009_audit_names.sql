-- The audit log names each record as it was called when the change was
-- made ("Ada Lovelace", not "member 301"), so it still reads after a
-- rename, a merge or a delete.
ALTER TABLE audit_log ADD COLUMN entity_name TEXT NOT NULL DEFAULT '';

-- Entries written before this column existed get the name the record has
-- now, where it still exists: the best there is.
UPDATE audit_log SET entity_name = COALESCE((SELECT m.name FROM members m WHERE m.id = audit_log.entity_id), '')
    WHERE entity IN ('member', 'key_member');
UPDATE audit_log SET entity_name = COALESCE((SELECT i.summary FROM interactions i WHERE i.id = audit_log.entity_id), '')
    WHERE entity = 'interaction';
UPDATE audit_log SET entity_name = COALESCE((SELECT f.what FROM followups f WHERE f.id = audit_log.entity_id), '')
    WHERE entity = 'followup';
UPDATE audit_log SET entity_name = COALESCE((SELECT s.name FROM segments s WHERE s.id = audit_log.entity_id), '')
    WHERE entity = 'segment';
UPDATE audit_log SET entity_name = COALESCE((SELECT g.name FROM stakeholder_groups g WHERE g.id = audit_log.entity_id), '')
    WHERE entity = 'stakeholder_group';
UPDATE audit_log SET entity_name = COALESCE((SELECT u.name FROM users u WHERE u.id = audit_log.entity_id), '')
    WHERE entity = 'user';
UPDATE audit_log SET entity_name = COALESCE((SELECT t.name FROM api_tokens t WHERE t.id = audit_log.entity_id), '')
    WHERE entity = 'api_token';
