CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`source_key` text NOT NULL,
	`channel` text DEFAULT 'email' NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_source_key_unique` ON `messages` (`source_key`);--> statement-breakpoint
CREATE INDEX `messages_user_idx` ON `messages` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `messages_unread_idx` ON `messages` (`user_id`) WHERE "messages"."read_at" IS NULL;--> statement-breakpoint
ALTER TABLE `email_mailbox` ADD `user_id` integer;--> statement-breakpoint
ALTER TABLE `email_mailbox` ADD `masked` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `user_id` integer;--> statement-breakpoint
CREATE INDEX `audit_action_idx` ON `audit_log` (`action`);