CREATE TABLE `import_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`status` text NOT NULL,
	`code` text,
	`details` text NOT NULL,
	`user_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `memory_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`source_lang` text NOT NULL,
	`target_lang` text NOT NULL,
	`source` text NOT NULL,
	`target` text NOT NULL,
	`origin` text NOT NULL,
	`import_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `import_log`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memory_units_pair` ON `memory_units` (`project_id`,`source_lang`,`target_lang`,`source`,`target`);--> statement-breakpoint
CREATE INDEX `memory_units_lookup` ON `memory_units` (`project_id`,`target_lang`,`source`);--> statement-breakpoint
ALTER TABLE `pending_imports` ADD `kind` text DEFAULT 'source' NOT NULL;--> statement-breakpoint
ALTER TABLE `pending_imports` ADD `lang` text;