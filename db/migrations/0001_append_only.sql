-- Revisions and source versions are history: nothing updates or deletes them (DESIGN.md "Revision").
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
--> statement-breakpoint
CREATE TRIGGER source_versions_no_update BEFORE UPDATE ON source_versions
BEGIN SELECT RAISE(ABORT, 'source versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER source_versions_no_delete BEFORE DELETE ON source_versions
BEGIN SELECT RAISE(ABORT, 'source versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER source_segments_no_update BEFORE UPDATE ON source_segments
BEGIN SELECT RAISE(ABORT, 'source segments are immutable'); END;
