CREATE TABLE `pending_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	`document_slug` text NOT NULL,
	`title` text,
	`file_name` text NOT NULL,
	`bytes` blob NOT NULL,
	`base_version_id` integer,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `projects` ADD `srx` text;--> statement-breakpoint
ALTER TABLE `source_versions` ADD `original` blob;