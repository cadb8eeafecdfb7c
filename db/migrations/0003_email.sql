CREATE TABLE `email_mailbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_key` text NOT NULL,
	`from` text NOT NULL,
	`to` text NOT NULL,
	`reply_to` text,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`headers` text NOT NULL,
	`attachments` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_mailbox_outbox_key_unique` ON `email_mailbox` (`outbox_key`);--> statement-breakpoint
CREATE INDEX `email_mailbox_to_idx` ON `email_mailbox` (`to`,`received_at`);--> statement-breakpoint
CREATE INDEX `email_mailbox_received_idx` ON `email_mailbox` (`received_at`);--> statement-breakpoint
CREATE TABLE `email_preferences` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`disabled_kinds` text DEFAULT '[]' NOT NULL,
	`reminder_lead_minutes` text DEFAULT '[1440,60]' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `email_signing_key` (
	`id` integer PRIMARY KEY NOT NULL,
	`secret` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `attachments` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `request_key` text;--> statement-breakpoint
CREATE INDEX `email_outbox_request_idx` ON `email_outbox` (`request_key`);