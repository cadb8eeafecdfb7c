CREATE TABLE `announcement_reads` (
	`user_id` integer NOT NULL,
	`announcement_id` integer NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `announcement_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`announcement_id`) REFERENCES `announcements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `announcements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`employer` text,
	`positions` integer,
	`pay_min` integer,
	`pay_max` integer,
	`requirements` text,
	`contact` text,
	`deadline` integer,
	`course_id` integer,
	`audience` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`publish_at` integer,
	`published_at` integer,
	`expires_at` integer,
	`author_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "announcements_kind_valid" CHECK("announcements"."kind" IN ('job', 'training', 'policy', 'activity')),
	CONSTRAINT "announcements_status_valid" CHECK("announcements"."status" IN ('draft', 'scheduled', 'published'))
);
--> statement-breakpoint
CREATE INDEX `announcements_feed_idx` ON `announcements` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `announcements_kind_feed_idx` ON `announcements` (`status`,`kind`,`published_at`);--> statement-breakpoint
CREATE INDEX `announcements_due_idx` ON `announcements` (`status`,`publish_at`);