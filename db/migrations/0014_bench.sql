DROP INDEX `help_requests_compound_idx`;--> statement-breakpoint
CREATE INDEX `help_requests_compound_list_idx` ON `help_requests` (`compound_id`,("status" = 'resolved'),"created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `help_requests_list_idx` ON `help_requests` (("status" = 'resolved'),"created_at" desc,"id" desc);