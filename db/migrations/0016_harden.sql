CREATE TABLE `sign_in_devices` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`ip` text,
	`failures` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sign_in_devices_user_ip_idx` ON `sign_in_devices` (`user_id`,`ip`);--> statement-breakpoint
CREATE INDEX `sign_in_devices_last_used_idx` ON `sign_in_devices` (`last_used_at`);