CREATE TABLE `visit_co_visitors` (
	`visit_id` integer NOT NULL,
	`volunteer_id` integer NOT NULL,
	PRIMARY KEY(`visit_id`, `volunteer_id`),
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`volunteer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visit_co_visitors_volunteer_idx` ON `visit_co_visitors` (`volunteer_id`,`visit_id`);--> statement-breakpoint
CREATE TABLE `visit_digest_runs` (
	`week` text PRIMARY KEY NOT NULL,
	`ran_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`compound_id` integer NOT NULL,
	`lead_volunteer_id` integer NOT NULL,
	`scheduled_by_id` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`place` text NOT NULL,
	`purpose` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`cancel_reason` text,
	`cancelled_at` integer,
	`notes` text,
	`needs_found` text DEFAULT '[]' NOT NULL,
	`follow_up_visit_id` integer,
	`recorded_by_id` integer,
	`recorded_at` integer,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_volunteer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scheduled_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`follow_up_visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "visits_status_valid" CHECK("visits"."status" IN ('scheduled', 'done', 'missed', 'cancelled')),
	CONSTRAINT "visits_time_order" CHECK("visits"."ends_at" > "visits"."starts_at"),
	CONSTRAINT "visits_escalation_range" CHECK("visits"."escalation_level" BETWEEN 0 AND 2)
);
--> statement-breakpoint
CREATE INDEX `visits_lead_start_idx` ON `visits` (`lead_volunteer_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `visits_household_status_start_idx` ON `visits` (`household_id`,`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `visits_compound_start_idx` ON `visits` (`compound_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `visits_scheduled_start_idx` ON `visits` (`starts_at`) WHERE "visits"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX `visits_unrecorded_idx` ON `visits` (`ends_at`) WHERE "visits"."status" = 'scheduled' AND "visits"."escalation_level" < 2;--> statement-breakpoint
ALTER TABLE `settings` ADD `visit_extreme_months` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `visit_hardship_months` integer DEFAULT 3 NOT NULL;