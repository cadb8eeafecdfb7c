CREATE TABLE `cockpit_figures` (
	`compound_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` integer,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`compound_id`, `key`)
);
