-- A page of members reads each member's emails, tags and identities by
-- member_id (members.attach): through each table's primary key, then a
-- heap page a member a table for the columns the key lacks. At 100,000
-- members the pages' members are scattered over those tables, so most of
-- those heap pages are read from outside shared buffers: the children of
-- a page of 50 touched 582 buffers. Each primary key now carries the
-- columns the page reads (INCLUDE), so the read is an index-only scan
-- that never visits the heap of a table the visibility map shows
-- all-visible. Keys and uniqueness are unchanged.
ALTER TABLE member_emails DROP CONSTRAINT member_emails_pkey,
    ADD CONSTRAINT member_emails_pkey PRIMARY KEY (member_id, email) INCLUDE (is_primary, position);
ALTER TABLE member_tags DROP CONSTRAINT member_tags_pkey,
    ADD CONSTRAINT member_tags_pkey PRIMARY KEY (member_id, kind, tag_key) INCLUDE (tag);
ALTER TABLE member_identities DROP CONSTRAINT member_identities_pkey,
    ADD CONSTRAINT member_identities_pkey PRIMARY KEY (member_id, platform, handle_key) INCLUDE (handle);
