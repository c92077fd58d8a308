-- What row of a file made or last changed a member, as a digest of the
-- row's fields and values once normalised, kept with the change. When
-- the same file is imported again, a row whose digest is that of the
-- change still standing (the member's version and last update are the
-- change's) cannot change the member nor conflict with it: the import
-- counts it unchanged without loading the member. NULL when the change
-- was made of several rows (a person twice in a file) or reported a
-- conflict, and for changes made before this column.
ALTER TABLE import_changes ADD COLUMN row_digest TEXT;
