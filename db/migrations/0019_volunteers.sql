CREATE TABLE `service_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer,
	`title` text NOT NULL,
	`description` text,
	`starts_at` integer NOT NULL,
	`minutes` integer NOT NULL,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "service_activities_minutes_range" CHECK("service_activities"."minutes" BETWEEN 1 AND 1440)
);
--> statement-breakpoint
CREATE INDEX `service_activities_compound_start_idx` ON `service_activities` (`compound_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `service_certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`volunteer_id` integer NOT NULL,
	`code` text NOT NULL,
	`token` text NOT NULL,
	`period_from` integer NOT NULL,
	`period_to` integer NOT NULL,
	`minutes` integer NOT NULL,
	`breakdown` text NOT NULL,
	`issued_by_id` integer,
	`issued_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`volunteer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_certificates_code_unique` ON `service_certificates` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `service_certificates_token_unique` ON `service_certificates` (`token`);--> statement-breakpoint
CREATE INDEX `service_certificates_volunteer_idx` ON `service_certificates` (`volunteer_id`,`issued_at`);--> statement-breakpoint
CREATE TABLE `service_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`volunteer_id` integer NOT NULL,
	`source` text NOT NULL,
	`source_id` integer NOT NULL,
	`compound_id` integer,
	`served_at` integer NOT NULL,
	`minutes` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by_id` integer,
	`decided_at` integer,
	`dispute_reason` text,
	`disputed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`volunteer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "service_hours_source_valid" CHECK("service_hours"."source" IN ('visit', 'course_session', 'activity')),
	CONSTRAINT "service_hours_status_valid" CHECK("service_hours"."status" IN ('pending', 'confirmed', 'disputed', 'rejected')),
	CONSTRAINT "service_hours_minutes_range" CHECK("service_hours"."minutes" BETWEEN 1 AND 1440)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_hours_source_unique` ON `service_hours` (`source`,`source_id`,`volunteer_id`);--> statement-breakpoint
CREATE INDEX `service_hours_volunteer_served_idx` ON `service_hours` (`volunteer_id`,`served_at`);--> statement-breakpoint
CREATE INDEX `service_hours_status_idx` ON `service_hours` (`status`,`served_at`);--> statement-breakpoint
CREATE INDEX `service_hours_compound_served_idx` ON `service_hours` (`compound_id`,`served_at`);--> statement-breakpoint
CREATE TABLE `volunteer_stars` (
	`user_id` integer NOT NULL,
	`level` integer NOT NULL,
	`reached_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `level`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "volunteer_stars_level_range" CHECK("volunteer_stars"."level" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE `volunteer_status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`event` text NOT NULL,
	`at` integer NOT NULL,
	`by_id` integer,
	`reason` text,
	`successor_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`successor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "volunteer_status_history_event_valid" CHECK("volunteer_status_history"."event" IN ('left', 'returned'))
);
--> statement-breakpoint
CREATE INDEX `volunteer_status_history_user_idx` ON `volunteer_status_history` (`user_id`,`at`);--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_quiet_start` integer DEFAULT 1260 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `sms_quiet_end` integer DEFAULT 480 NOT NULL;--> statement-breakpoint
ALTER TABLE `volunteer_profiles` ADD `availability_slots` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `volunteer_profiles` ADD `languages` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `visits` ADD `arrived_at` integer;--> statement-breakpoint
ALTER TABLE `visits` ADD `left_at` integer;--> statement-breakpoint
ALTER TABLE `visits` ADD `duration_minutes` integer;--> statement-breakpoint
ALTER TABLE `visits` ADD `duration_reason` text;