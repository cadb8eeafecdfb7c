CREATE TABLE `household_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`requested_by_id` integer NOT NULL,
	`field` text,
	`text` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`handled_by_id` integer,
	`handled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `household_corrections_status_idx` ON `household_corrections` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `household_corrections_household_idx` ON `household_corrections` (`household_id`);--> statement-breakpoint
CREATE TABLE `household_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`source` text NOT NULL,
	`field` text NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "household_history_source_valid" CHECK("household_history"."source" IN ('form', 'import', 'verification'))
);
--> statement-breakpoint
CREATE INDEX `household_history_household_idx` ON `household_history` (`household_id`,`at`);--> statement-breakpoint
CREATE TABLE `household_verifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`verified_at` integer NOT NULL,
	`verified_by_id` integer,
	`verifier_name` text NOT NULL,
	`findings` text NOT NULL,
	`level_before` text NOT NULL,
	`level_after` text NOT NULL,
	`next_due` integer,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`verified_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `household_verifications_household_idx` ON `household_verifications` (`household_id`,`verified_at`);--> statement-breakpoint
DROP INDEX `household_members_name_idx`;--> statement-breakpoint
DROP INDEX `household_members_phone_idx`;--> statement-breakpoint
CREATE INDEX `household_members_name_idx` ON `household_members` (`name`,`household_id`);--> statement-breakpoint
CREATE INDEX `household_members_phone_idx` ON `household_members` (`phone`,`household_id`);--> statement-breakpoint
ALTER TABLE `settings` ADD `verify_extreme_months` integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `verify_hardship_months` integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE `households` ADD `health_note` text;--> statement-breakpoint
CREATE INDEX `households_compound_due_idx` ON `households` (`compound_id`,`next_verification_due`);--> statement-breakpoint
CREATE INDEX `households_address_order_idx` ON `households` (`compound_id`,length("building"),`building`,`unit`,`room`);