CREATE TABLE `publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`lang` text NOT NULL,
	`number` integer NOT NULL,
	`source_version_id` integer NOT NULL,
	`snapshot` text NOT NULL,
	`sha256` text NOT NULL,
	`approved` integer NOT NULL,
	`fallback` integer NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`hidden_at` integer,
	`hidden_by` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_version_id`) REFERENCES `source_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hidden_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `publications_document_lang_number` ON `publications` (`document_id`,`lang`,`number`);--> statement-breakpoint
ALTER TABLE `projects` ADD `publish_fallback` text DEFAULT 'refuse' NOT NULL;
--> statement-breakpoint
-- A publication never changes once made; unpublishing sets hidden_at/hidden_by and nothing else (DESIGN.md).
CREATE TRIGGER publications_immutable BEFORE UPDATE OF document_id, lang, number, source_version_id, snapshot, sha256, approved, fallback, created_by, created_at ON publications
BEGIN SELECT RAISE(ABORT, 'publications are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications are never deleted: hide them'); END;
