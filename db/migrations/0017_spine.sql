CREATE TABLE `household_card_credentials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`token` text NOT NULL,
	`claim_code` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by_id` integer,
	`revoked_at` integer,
	`revoked_by_id` integer,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`issued_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `household_card_credentials_token_unique` ON `household_card_credentials` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `household_card_credentials_code_unique` ON `household_card_credentials` (`claim_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `household_card_credentials_one_current` ON `household_card_credentials` (`household_id`) WHERE "household_card_credentials"."revoked_at" IS NULL;--> statement-breakpoint
CREATE TABLE `household_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`method` text NOT NULL,
	`household_id` integer,
	`member_id` integer,
	`compound_id` integer NOT NULL,
	`building` text,
	`unit` text,
	`room` text,
	`member_name` text NOT NULL,
	`phone` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text,
	`decided_by_id` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `household_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "household_claims_method_valid" CHECK("household_claims"."method" IN ('card_code', 'address')),
	CONSTRAINT "household_claims_status_valid" CHECK("household_claims"."status" IN ('pending', 'approved', 'confirmed', 'refused', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX `household_claims_queue_idx` ON `household_claims` (`compound_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `household_claims_status_idx` ON `household_claims` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `household_claims_user_idx` ON `household_claims` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `household_claims_household_idx` ON `household_claims` (`household_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `household_claims_one_pending` ON `household_claims` (`user_id`) WHERE "household_claims"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `announcement_recipients` (
	`announcement_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`delivered_at` integer NOT NULL,
	PRIMARY KEY(`announcement_id`, `user_id`),
	FOREIGN KEY (`announcement_id`) REFERENCES `announcements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `announcement_recipients_user_idx` ON `announcement_recipients` (`user_id`,`delivered_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_household_history` (
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
	CONSTRAINT "household_history_source_valid" CHECK("__new_household_history"."source" IN ('form', 'import', 'verification', 'link', 'claim', 'correction'))
);
--> statement-breakpoint
INSERT INTO `__new_household_history`("id", "household_id", "at", "actor_id", "source", "field", "before", "after") SELECT "id", "household_id", "at", "actor_id", "source", "field", "before", "after" FROM `household_history`;--> statement-breakpoint
DROP TABLE `household_history`;--> statement-breakpoint
ALTER TABLE `__new_household_history` RENAME TO `household_history`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `household_history_household_idx` ON `household_history` (`household_id`,`at`);--> statement-breakpoint
CREATE TABLE `__new_help_request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`author_id` integer,
	`note` text,
	`visible_to_resident` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `help_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "help_request_events_type_valid" CHECK("__new_help_request_events"."type" IN ('created', 'acknowledged', 'in_progress', 'resolved', 'note', 'escalated', 'rated', 'reassigned'))
);
--> statement-breakpoint
INSERT INTO `__new_help_request_events`("id", "request_id", "type", "at", "author_id", "note", "visible_to_resident") SELECT "id", "request_id", "type", "at", "author_id", "note", "visible_to_resident" FROM `help_request_events`;--> statement-breakpoint
DROP TABLE `help_request_events`;--> statement-breakpoint
ALTER TABLE `__new_help_request_events` RENAME TO `help_request_events`;--> statement-breakpoint
CREATE INDEX `help_request_events_request_idx` ON `help_request_events` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `__new_help_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`compound_id` integer NOT NULL,
	`requester_id` integer,
	`recorded_by_id` integer,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`description` text NOT NULL,
	`contact_method` text NOT NULL,
	`contact_phone` text,
	`status` text DEFAULT 'new' NOT NULL,
	`helper_id` integer,
	`assigned_to_id` integer,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`acknowledge_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`acknowledged_at` integer,
	`resolved_at` integer,
	`rating` integer,
	`rating_comment` text,
	`rated_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`helper_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_to_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "help_requests_kind_valid" CHECK("__new_help_requests"."kind" IN ('urgent', 'medical', 'employment', 'schooling', 'daily', 'other')),
	CONSTRAINT "help_requests_urgency_valid" CHECK("__new_help_requests"."urgency" IN ('urgent', 'soon', 'normal')),
	CONSTRAINT "help_requests_status_valid" CHECK("__new_help_requests"."status" IN ('new', 'acknowledged', 'in_progress', 'resolved')),
	CONSTRAINT "help_requests_channel_valid" CHECK("__new_help_requests"."channel" IN ('app', 'phone', 'card')),
	CONSTRAINT "help_requests_contact_valid" CHECK("__new_help_requests"."contact_method" IN ('phone', 'app')),
	CONSTRAINT "help_requests_level_range" CHECK("__new_help_requests"."escalation_level" BETWEEN 0 AND 2),
	CONSTRAINT "help_requests_rating_range" CHECK("__new_help_requests"."rating" IS NULL OR "__new_help_requests"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
INSERT INTO `__new_help_requests`("id", "household_id", "compound_id", "requester_id", "recorded_by_id", "channel", "kind", "urgency", "description", "contact_method", "contact_phone", "status", "helper_id", "assigned_to_id", "escalation_level", "acknowledge_by", "created_at", "acknowledged_at", "resolved_at", "rating", "rating_comment", "rated_at", "updated_at") SELECT "id", "household_id", "compound_id", "requester_id", "recorded_by_id", "channel", "kind", 'normal', "description", "contact_method", "contact_phone", "status", "helper_id", "assigned_to_id", "escalation_level", "acknowledge_by", "created_at", "acknowledged_at", "resolved_at", "rating", "rating_comment", "rated_at", "updated_at" FROM `help_requests`;--> statement-breakpoint
DROP TABLE `help_requests`;--> statement-breakpoint
ALTER TABLE `__new_help_requests` RENAME TO `help_requests`;--> statement-breakpoint
CREATE INDEX `help_requests_compound_list_idx` ON `help_requests` (`compound_id`,("status" = 'resolved'),"created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `help_requests_list_idx` ON `help_requests` (("status" = 'resolved'),"created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `help_requests_household_idx` ON `help_requests` (`household_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_requests_helper_idx` ON `help_requests` (`helper_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_requests_assignee_idx` ON `help_requests` (`assigned_to_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_requests_due_idx` ON `help_requests` (`acknowledge_by`) WHERE "help_requests"."status" = 'new';--> statement-breakpoint
CREATE TABLE `__new_households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`compound_id` integer NOT NULL,
	`building` text NOT NULL,
	`unit` text NOT NULL,
	`room` text NOT NULL,
	`hardship_level` text DEFAULT 'none' NOT NULL,
	`zero_employment` integer DEFAULT false NOT NULL,
	`note` text,
	`health_note` text,
	`consent_given_by` text,
	`consent_given_at` integer,
	`consent_scopes` text,
	`consent_recorded_by_id` integer,
	`last_verified_at` integer,
	`next_verification_due` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`closed_at` integer,
	`closed_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "households_level_valid" CHECK("__new_households"."hardship_level" IN ('none', 'hardship', 'extreme')),
	CONSTRAINT "households_status_valid" CHECK("__new_households"."status" IN ('active', 'moved_out', 'dissolved')),
	CONSTRAINT "households_closed_complete" CHECK(("__new_households"."status" = 'active') = ("__new_households"."closed_at" IS NULL)),
	CONSTRAINT "households_consent_complete" CHECK(("__new_households"."consent_given_at" IS NULL) = ("__new_households"."consent_given_by" IS NULL) AND ("__new_households"."consent_given_at" IS NULL) = ("__new_households"."consent_scopes" IS NULL))
);
--> statement-breakpoint
INSERT INTO `__new_households`("id", "compound_id", "building", "unit", "room", "hardship_level", "zero_employment", "note", "health_note", "consent_given_by", "consent_given_at", "consent_scopes", "consent_recorded_by_id", "last_verified_at", "next_verification_due", "status", "closed_at", "closed_reason", "created_at", "updated_at") SELECT "id", "compound_id", "building", "unit", "room", "hardship_level", "zero_employment", "note", "health_note", "consent_given_by", "consent_given_at", "consent_scopes", "consent_recorded_by_id", "last_verified_at", "next_verification_due", 'active', NULL, NULL, "created_at", "updated_at" FROM `households`;--> statement-breakpoint
DROP TABLE `households`;--> statement-breakpoint
ALTER TABLE `__new_households` RENAME TO `households`;--> statement-breakpoint
CREATE UNIQUE INDEX `households_address_unique` ON `households` (`compound_id`,`building`,`unit`,`room`) WHERE "households"."status" = 'active';--> statement-breakpoint
CREATE INDEX `households_compound_level_due_idx` ON `households` (`compound_id`,`hardship_level`,`next_verification_due`);--> statement-breakpoint
CREATE INDEX `households_level_due_idx` ON `households` (`hardship_level`,`next_verification_due`);--> statement-breakpoint
CREATE INDEX `households_compound_due_idx` ON `households` (`compound_id`,`next_verification_due`);--> statement-breakpoint
CREATE INDEX `households_address_order_idx` ON `households` (`compound_id`,length("building"),`building`,`unit`,`room`);--> statement-breakpoint
CREATE INDEX `households_zero_employment_idx` ON `households` (`compound_id`) WHERE "households"."zero_employment" = 1;--> statement-breakpoint
ALTER TABLE `household_corrections` ADD `decision_reason` text;--> statement-breakpoint
ALTER TABLE `household_members` ADD `removed_at` integer;--> statement-breakpoint
ALTER TABLE `announcements` ADD `is_public` integer DEFAULT false NOT NULL;