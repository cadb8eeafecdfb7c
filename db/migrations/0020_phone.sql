-- Phone-only accounts (decision 027): users.email becomes nullable, users.phone_verified_at is added, and a
-- verified phone number belongs to one account. Written by hand: drizzle-kit 0.31 emitted libSQL's ALTER COLUMN
-- and dropped and re-created every index of the database (breaking the expression indexes). The users table is
-- rebuilt as SQLite's documented twelve steps; libSQL's migrate runs with foreign keys off, and the new table
-- keeps the name `users`, so every foreign key that names users (sessions, auth_tokens, …) still points to it.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text,
	`name` text NOT NULL,
	`phone` text,
	`role` text DEFAULT 'resident' NOT NULL,
	`volunteer_tier` integer,
	`supervisor_id` integer,
	`compound_id` integer,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`password_hash` text,
	`email_verified_at` integer,
	`phone_verified_at` integer,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`supervisor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_tier_range" CHECK("__new_users"."volunteer_tier" IS NULL OR "__new_users"."volunteer_tier" BETWEEN 1 AND 4)
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "name", "phone", "role", "volunteer_tier", "supervisor_id", "compound_id", "locale", "password_hash", "email_verified_at", "phone_verified_at", "disabled_at", "created_at", "updated_at") SELECT "id", "email", "name", "phone", "role", "volunteer_tier", "supervisor_id", "compound_id", "locale", "password_hash", "email_verified_at", NULL, "disabled_at", "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_verified_phone_unique` ON `users` (`phone`) WHERE "users"."phone_verified_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `users_role_tier_idx` ON `users` (`role`,`volunteer_tier`);--> statement-breakpoint
CREATE INDEX `users_supervisor_idx` ON `users` (`supervisor_id`);--> statement-breakpoint
CREATE INDEX `users_compound_idx` ON `users` (`compound_id`);
