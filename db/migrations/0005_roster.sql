CREATE TABLE `agreement_goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agreement_id` integer NOT NULL,
	`domain` text NOT NULL,
	`target` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agreement_goals_domain_valid" CHECK("agreement_goals"."domain" IN ('employment', 'medical', 'schooling', 'other')),
	CONSTRAINT "agreement_goals_status_valid" CHECK("agreement_goals"."status" IN ('open', 'in_progress', 'achieved', 'dropped'))
);
--> statement-breakpoint
CREATE INDEX `agreement_goals_agreement_idx` ON `agreement_goals` (`agreement_id`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pairing_id` integer NOT NULL,
	`signed_at` integer,
	`signed_how` text,
	`signed_recorded_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`pairing_id`) REFERENCES `pairings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "agreements_signing_complete" CHECK(("agreements"."signed_at" IS NULL) = ("agreements"."signed_how" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agreements_pairing_unique` ON `agreements` (`pairing_id`);--> statement-breakpoint
CREATE TABLE `goal_progress_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`goal_id` integer NOT NULL,
	`noted_at` integer NOT NULL,
	`note` text NOT NULL,
	`author_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`goal_id`) REFERENCES `agreement_goals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `goal_progress_notes_goal_idx` ON `goal_progress_notes` (`goal_id`,`noted_at`);--> statement-breakpoint
CREATE TABLE `pairings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`volunteer_id` integer NOT NULL,
	`household_id` integer NOT NULL,
	`role` text DEFAULT 'primary' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`override_reason` text,
	`end_reason` text,
	`created_by_id` integer,
	`ended_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`volunteer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pairings_role_valid" CHECK("pairings"."role" IN ('primary', 'secondary')),
	CONSTRAINT "pairings_status_valid" CHECK("pairings"."status" IN ('active', 'ended', 'needs_reassignment'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pairings_one_active_primary` ON `pairings` (`household_id`) WHERE "pairings"."role" = 'primary' AND "pairings"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX `pairings_one_active_secondary` ON `pairings` (`household_id`) WHERE "pairings"."role" = 'secondary' AND "pairings"."status" = 'active';--> statement-breakpoint
CREATE INDEX `pairings_volunteer_status_idx` ON `pairings` (`volunteer_id`,`status`);--> statement-breakpoint
CREATE INDEX `pairings_household_status_idx` ON `pairings` (`household_id`,`status`);--> statement-breakpoint
CREATE INDEX `pairings_status_idx` ON `pairings` (`status`,`household_id`);--> statement-breakpoint
CREATE TABLE `volunteer_compounds` (
	`user_id` integer NOT NULL,
	`compound_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `compound_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `volunteer_compounds_compound_idx` ON `volunteer_compounds` (`compound_id`);--> statement-breakpoint
CREATE TABLE `volunteer_profiles` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`skills` text DEFAULT '[]' NOT NULL,
	`availability` text,
	`capacity` integer DEFAULT 5 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "volunteer_profiles_capacity" CHECK("volunteer_profiles"."capacity" BETWEEN 0 AND 50)
);
