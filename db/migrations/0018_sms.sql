CREATE TABLE `sms_box` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_key` text NOT NULL,
	`to` text NOT NULL,
	`user_id` integer,
	`template` text NOT NULL,
	`text` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sms_box_outbox_key_unique` ON `sms_box` (`outbox_key`);--> statement-breakpoint
CREATE INDEX `sms_box_to_idx` ON `sms_box` (`to`,`received_at`);--> statement-breakpoint
CREATE TABLE `sms_opt_outs` (
	`phone` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_daily_per_number` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_monthly_cap` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_price_li` integer DEFAULT 45 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_paused_at` integer;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_paused_reason` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `compound_id` integer;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `urgent` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `email_outbox_channel_sent_idx` ON `email_outbox` (`channel`,`sent_at`);--> statement-breakpoint
ALTER TABLE `email_preferences` ADD `channels` text DEFAULT '{}' NOT NULL;