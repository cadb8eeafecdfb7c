CREATE TABLE `attendance` (
	`session_id` integer NOT NULL,
	`enrollment_id` integer NOT NULL,
	`present` integer NOT NULL,
	`method` text NOT NULL,
	`marked_by_id` integer,
	`marked_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `enrollment_id`),
	FOREIGN KEY (`session_id`) REFERENCES `course_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`marked_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "attendance_method_valid" CHECK("attendance"."method" IN ('sheet', 'qr'))
);
--> statement-breakpoint
CREATE INDEX `attendance_enrollment_idx` ON `attendance` (`enrollment_id`,`present`);--> statement-breakpoint
CREATE TABLE `course_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "course_sessions_order" CHECK("course_sessions"."ends_at" > "course_sessions"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `course_sessions_course_idx` ON `course_sessions` (`course_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`provider` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`location` text NOT NULL,
	`compound_id` integer,
	`capacity` integer NOT NULL,
	`seats_taken` integer DEFAULT 0 NOT NULL,
	`enroll_opens_at` integer NOT NULL,
	`enroll_closes_at` integer NOT NULL,
	`eligibility` text DEFAULT 'everyone' NOT NULL,
	`eligible_categories` text NOT NULL,
	`priority_groups` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`completion_threshold` integer DEFAULT 80 NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`sequence` integer DEFAULT 0 NOT NULL,
	`checkin_secret` text NOT NULL,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "courses_kind_valid" CHECK("courses"."kind" IN ('reemployment', 'disability', 'prejob')),
	CONSTRAINT "courses_status_valid" CHECK("courses"."status" IN ('draft', 'published', 'closed', 'finished', 'cancelled')),
	CONSTRAINT "courses_eligibility_valid" CHECK("courses"."eligibility" IN ('everyone', 'hardship', 'categories')),
	CONSTRAINT "courses_capacity_positive" CHECK("courses"."capacity" > 0),
	CONSTRAINT "courses_seats_within_capacity" CHECK("courses"."seats_taken" >= 0 AND "courses"."seats_taken" <= "courses"."capacity"),
	CONSTRAINT "courses_threshold_range" CHECK("courses"."completion_threshold" BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE INDEX `courses_status_starts_idx` ON `courses` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `courses_kind_status_starts_idx` ON `courses` (`kind`,`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `courses_compound_status_starts_idx` ON `courses` (`compound_id`,`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `courses_starts_idx` ON `courses` (`starts_at`);--> statement-breakpoint
CREATE TABLE `enrollments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`user_id` integer,
	`status` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`requested_at` integer NOT NULL,
	`enrolled_by_id` integer,
	`promoted_at` integer,
	`cancelled_at` integer,
	`completed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `household_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`enrolled_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "enrollments_status_valid" CHECK("enrollments"."status" IN ('enrolled', 'waitlisted', 'cancelled', 'completed', 'no_show'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollments_one_place_unique` ON `enrollments` (`course_id`,`member_id`) WHERE "enrollments"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX `enrollments_queue_idx` ON `enrollments` (`course_id`,`status`,`priority`,`requested_at`);--> statement-breakpoint
CREATE INDEX `enrollments_user_idx` ON `enrollments` (`user_id`,`status`);--> statement-breakpoint
CREATE INDEX `enrollments_member_idx` ON `enrollments` (`member_id`);