CREATE TABLE `programme_case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`type` text NOT NULL,
	`step_index` integer NOT NULL,
	`actor_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `programme_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "programme_case_events_type_valid" CHECK("programme_case_events"."type" IN ('opened', 'advanced', 'completed', 'refused', 'closed', 'escalated'))
);
--> statement-breakpoint
CREATE INDEX `programme_case_events_case_idx` ON `programme_case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `programme_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`compound_id` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`step_index` integer DEFAULT 0 NOT NULL,
	`step_started_at` integer NOT NULL,
	`step_due_at` integer NOT NULL,
	`escalated_at` integer,
	`escalated_to_id` integer,
	`opened_by_id` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalated_to_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "programme_cases_status_valid" CHECK("programme_cases"."status" IN ('open', 'done', 'refused', 'closed'))
);
--> statement-breakpoint
CREATE INDEX `programme_cases_programme_idx` ON `programme_cases` (`programme_id`,`compound_id`,`status`);--> statement-breakpoint
CREATE INDEX `programme_cases_household_idx` ON `programme_cases` (`household_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `programme_cases_open_unique` ON `programme_cases` (`programme_id`,`household_id`) WHERE "programme_cases"."status" = 'open';--> statement-breakpoint
CREATE INDEX `programme_cases_due_idx` ON `programme_cases` (`step_due_at`) WHERE "programme_cases"."status" = 'open' AND "programme_cases"."escalated_at" IS NULL;--> statement-breakpoint
CREATE TABLE `programme_conditions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`condition` text NOT NULL,
	`evidence` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `programme_conditions_programme_idx` ON `programme_conditions` (`programme_id`,`position`);--> statement-breakpoint
CREATE TABLE `programme_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`duty` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `programme_members_programme_idx` ON `programme_members` (`programme_id`,`position`);--> statement-breakpoint
CREATE TABLE `programme_responsibles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`compound_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programme_responsibles_unique` ON `programme_responsibles` (`programme_id`,`compound_id`);--> statement-breakpoint
CREATE TABLE `programme_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`limit_days` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "programme_steps_role_valid" CHECK("programme_steps"."role" IN ('household', 'compound', 'group', 'helper')),
	CONSTRAINT "programme_steps_limit_range" CHECK("programme_steps"."limit_days" BETWEEN 1 AND 365)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programme_steps_position_unique` ON `programme_steps` (`programme_id`,`position`);--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`plan` text DEFAULT '' NOT NULL,
	`scope` text NOT NULL,
	`leader_id` integer NOT NULL,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`leader_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "programmes_kind_valid" CHECK("programmes"."kind" IN ('training', 'pairing', 'loveCard', 'relief', 'other'))
);
