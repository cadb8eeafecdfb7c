DROP INDEX `households_compound_level_idx`;--> statement-breakpoint
CREATE INDEX `households_compound_level_due_idx` ON `households` (`compound_id`,`hardship_level`,`next_verification_due`);