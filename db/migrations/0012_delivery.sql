CREATE TABLE `outbox_request` (
	`key` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`endpoint` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_request_created_idx` ON `outbox_request` (`created_at`);--> statement-breakpoint
DROP INDEX `email_outbox_due_idx`;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `channel` text DEFAULT 'email' NOT NULL;--> statement-breakpoint
CREATE INDEX `email_outbox_status_list_idx` ON `email_outbox` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `email_outbox_due_idx` ON `email_outbox` (`channel`,`status`,`next_attempt_at`);