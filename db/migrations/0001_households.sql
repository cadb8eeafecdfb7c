CREATE TABLE `household_categories` (
	`household_id` integer NOT NULL,
	`category` text NOT NULL,
	PRIMARY KEY(`household_id`, `category`),
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "household_categories_valid" CHECK("household_categories"."category" IN ('non_permanent_worker_family', 'many_children', 'disabled_employee', 'serious_illness', 'both_terminated_children_in_school', 'terminated_unemployed_children_in_school', 'widow', 'orphan', 'both_unemployed', 'welfare_job_high_tuition', 'elderly_alone', 'disabled', 'temporary_disaster'))
);
--> statement-breakpoint
CREATE INDEX `household_categories_category_idx` ON `household_categories` (`category`,`household_id`);--> statement-breakpoint
CREATE TABLE `household_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`name` text NOT NULL,
	`relation` text NOT NULL,
	`birth_year` integer NOT NULL,
	`phone` text,
	`employed` integer DEFAULT false NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`in_school` integer DEFAULT false NOT NULL,
	`user_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "household_members_relation_valid" CHECK("household_members"."relation" IN ('head', 'spouse', 'child', 'child_in_law', 'grandchild', 'parent', 'grandparent', 'sibling', 'other'))
);
--> statement-breakpoint
CREATE INDEX `household_members_household_idx` ON `household_members` (`household_id`);--> statement-breakpoint
CREATE INDEX `household_members_name_idx` ON `household_members` (`name`);--> statement-breakpoint
CREATE INDEX `household_members_phone_idx` ON `household_members` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `household_members_user_unique` ON `household_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `household_needs` (
	`household_id` integer NOT NULL,
	`need` text NOT NULL,
	`note` text,
	PRIMARY KEY(`household_id`, `need`),
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "household_needs_valid" CHECK("household_needs"."need" IN ('employment', 'medical', 'schooling', 'material', 'care', 'other'))
);
--> statement-breakpoint
CREATE INDEX `household_needs_need_idx` ON `household_needs` (`need`,`household_id`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`building` text NOT NULL,
	`unit` text NOT NULL,
	`room` text NOT NULL,
	`hardship_level` text DEFAULT 'none' NOT NULL,
	`zero_employment` integer DEFAULT false NOT NULL,
	`note` text,
	`consent_given_by` text,
	`consent_given_at` integer,
	`consent_scopes` text,
	`consent_recorded_by_id` integer,
	`last_verified_at` integer,
	`next_verification_due` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "households_level_valid" CHECK("households"."hardship_level" IN ('none', 'hardship', 'extreme')),
	CONSTRAINT "households_consent_complete" CHECK(("households"."consent_given_at" IS NULL) = ("households"."consent_given_by" IS NULL) AND ("households"."consent_given_at" IS NULL) = ("households"."consent_scopes" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `households_address_unique` ON `households` (`compound_id`,`building`,`unit`,`room`);--> statement-breakpoint
CREATE INDEX `households_compound_level_idx` ON `households` (`compound_id`,`hardship_level`);--> statement-breakpoint
CREATE INDEX `households_level_due_idx` ON `households` (`hardship_level`,`next_verification_due`);--> statement-breakpoint
CREATE INDEX `households_zero_employment_idx` ON `households` (`compound_id`) WHERE "households"."zero_employment" = 1;