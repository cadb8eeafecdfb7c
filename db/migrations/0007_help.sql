CREATE TABLE `help_request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`author_id` integer,
	`note` text,
	`visible_to_resident` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `help_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "help_request_events_type_valid" CHECK("help_request_events"."type" IN ('created', 'acknowledged', 'in_progress', 'resolved', 'note', 'escalated', 'rated'))
);
--> statement-breakpoint
CREATE INDEX `help_request_events_request_idx` ON `help_request_events` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `help_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`compound_id` integer NOT NULL,
	`requester_id` integer,
	`recorded_by_id` integer,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
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
	CONSTRAINT "help_requests_kind_valid" CHECK("help_requests"."kind" IN ('urgent', 'medical', 'employment', 'schooling', 'daily', 'other')),
	CONSTRAINT "help_requests_status_valid" CHECK("help_requests"."status" IN ('new', 'acknowledged', 'in_progress', 'resolved')),
	CONSTRAINT "help_requests_channel_valid" CHECK("help_requests"."channel" IN ('app', 'phone')),
	CONSTRAINT "help_requests_contact_valid" CHECK("help_requests"."contact_method" IN ('phone', 'app')),
	CONSTRAINT "help_requests_level_range" CHECK("help_requests"."escalation_level" BETWEEN 0 AND 2),
	CONSTRAINT "help_requests_rating_range" CHECK("help_requests"."rating" IS NULL OR "help_requests"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE INDEX `help_requests_compound_idx` ON `help_requests` (`compound_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_requests_household_idx` ON `help_requests` (`household_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_requests_helper_idx` ON `help_requests` (`helper_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_requests_assignee_idx` ON `help_requests` (`assigned_to_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_requests_due_idx` ON `help_requests` (`acknowledge_by`) WHERE "help_requests"."status" = 'new';