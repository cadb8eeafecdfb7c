CREATE TABLE `material_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`card_id` integer,
	`balance_fen` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`card_id`) REFERENCES `material_cards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_accounts_kind_valid" CHECK("material_accounts"."kind" IN ('cash', 'bank', 'stock', 'donations_cash', 'donations_goods', 'operating_income', 'card_credits', 'relief_grants', 'goods_given', 'goods_sold', 'stock_adjustments', 'card')),
	CONSTRAINT "material_accounts_card_link" CHECK(("material_accounts"."kind" = 'card') = ("material_accounts"."card_id" IS NOT NULL)),
	CONSTRAINT "material_accounts_card_not_overdrawn" CHECK("material_accounts"."kind" <> 'card' OR "material_accounts"."balance_fen" <= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_accounts_fund_kind_unique` ON `material_accounts` (`kind`) WHERE "material_accounts"."kind" <> 'card';--> statement-breakpoint
CREATE UNIQUE INDEX `material_accounts_card_unique` ON `material_accounts` (`card_id`);--> statement-breakpoint
CREATE TABLE `material_cards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`household_id` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by_id` integer,
	`blocked_at` integer,
	`blocked_by_id` integer,
	`block_reason` text,
	`replaces_id` integer,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`blocked_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replaces_id`) REFERENCES `material_cards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_cards_status_valid" CHECK("material_cards"."status" IN ('active', 'blocked'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_cards_number_unique` ON `material_cards` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `material_cards_one_active` ON `material_cards` (`household_id`) WHERE "material_cards"."status" = 'active';--> statement-breakpoint
CREATE INDEX `material_cards_household_idx` ON `material_cards` (`household_id`);--> statement-breakpoint
CREATE TABLE `material_donations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`movement_id` integer NOT NULL,
	`donor_kind` text NOT NULL,
	`donor_name` text,
	`donor_email` text,
	`donor_phone` text,
	`purpose` text,
	`thank_you_locale` text,
	FOREIGN KEY (`movement_id`) REFERENCES `material_movements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_donations_donor_valid" CHECK("material_donations"."donor_kind" IN ('person', 'company', 'anonymous')),
	CONSTRAINT "material_donations_anonymous_has_no_name" CHECK("material_donations"."donor_kind" <> 'anonymous' OR "material_donations"."donor_name" IS NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_donations_movement_unique` ON `material_donations` (`movement_id`);--> statement-breakpoint
CREATE TABLE `material_duties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`duty` text NOT NULL,
	`compound_id` integer,
	`granted_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_duties_duty_valid" CHECK("material_duties"."duty" IN ('cashier', 'treasurer', 'approver'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_duties_compound_unique` ON `material_duties` (`user_id`,`duty`,`compound_id`) WHERE "material_duties"."compound_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `material_duties_community_unique` ON `material_duties` (`user_id`,`duty`) WHERE "material_duties"."compound_id" IS NULL;--> statement-breakpoint
CREATE TABLE `material_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`movement_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	FOREIGN KEY (`movement_id`) REFERENCES `material_movements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `material_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_entries_not_zero" CHECK("material_entries"."amount_fen" <> 0)
);
--> statement-breakpoint
CREATE INDEX `material_entries_account_idx` ON `material_entries` (`account_id`,`movement_id`);--> statement-breakpoint
CREATE INDEX `material_entries_movement_idx` ON `material_entries` (`movement_id`);--> statement-breakpoint
CREATE TABLE `material_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`compound_id` integer NOT NULL,
	`reason` text NOT NULL,
	`description` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`method` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`help_request_id` integer,
	`proposed_by_id` integer NOT NULL,
	`proposed_at` integer NOT NULL,
	`decided_by_id` integer,
	`decided_at` integer,
	`decision_note` text,
	`paid_by_id` integer,
	`movement_id` integer,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`help_request_id`) REFERENCES `help_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`paid_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`movement_id`) REFERENCES `material_movements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_grants_amount_positive" CHECK("material_grants"."amount_fen" > 0),
	CONSTRAINT "material_grants_reason_valid" CHECK("material_grants"."reason" IN ('disaster', 'illness', 'death', 'other')),
	CONSTRAINT "material_grants_status_valid" CHECK("material_grants"."status" IN ('proposed', 'approved', 'rejected', 'paid')),
	CONSTRAINT "material_grants_method_valid" CHECK("material_grants"."method" IN ('cash', 'transfer', 'card')),
	CONSTRAINT "material_grants_two_people" CHECK("material_grants"."decided_by_id" IS NULL OR "material_grants"."decided_by_id" <> "material_grants"."proposed_by_id")
);
--> statement-breakpoint
CREATE INDEX `material_grants_status_idx` ON `material_grants` (`status`,`proposed_at`);--> statement-breakpoint
CREATE INDEX `material_grants_household_idx` ON `material_grants` (`household_id`,`proposed_at`);--> statement-breakpoint
CREATE INDEX `material_grants_compound_idx` ON `material_grants` (`compound_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `material_grants_help_request_unique` ON `material_grants` (`help_request_id`);--> statement-breakpoint
CREATE TABLE `material_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`category` text NOT NULL,
	`price_fen` integer NOT NULL,
	`free_with_card` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`stock` integer DEFAULT 0 NOT NULL,
	`low_stock_at` integer DEFAULT 5 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "material_items_stock_non_negative" CHECK("material_items"."stock" >= 0),
	CONSTRAINT "material_items_price_non_negative" CHECK("material_items"."price_fen" >= 0),
	CONSTRAINT "material_items_category_valid" CHECK("material_items"."category" IN ('grain_oil', 'food', 'daily', 'clothing', 'school', 'other')),
	CONSTRAINT "material_items_source_valid" CHECK("material_items"."source" IN ('donated', 'bought'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_items_name_unique` ON `material_items` (`name`);--> statement-breakpoint
CREATE INDEX `material_items_category_idx` ON `material_items` (`category`,`name`);--> statement-breakpoint
CREATE TABLE `material_movements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`document_no` text NOT NULL,
	`idempotency_key` text,
	`reverses_id` integer,
	`memo` text,
	`actor_id` integer,
	`at` integer NOT NULL,
	`day` text NOT NULL,
	`household_id` integer,
	`compound_id` integer,
	`card_id` integer,
	`method` text,
	`total_fen` integer NOT NULL,
	FOREIGN KEY (`reverses_id`) REFERENCES `material_movements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`card_id`) REFERENCES `material_cards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_movements_kind_valid" CHECK("material_movements"."kind" IN ('donation_cash', 'donation_goods', 'operating_income', 'card_credit', 'card_sale', 'public_sale', 'grant', 'stock_purchase', 'stocktake', 'card_reissue', 'reversal')),
	CONSTRAINT "material_movements_total_non_negative" CHECK("material_movements"."total_fen" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_movements_document_unique` ON `material_movements` (`document_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `material_movements_idempotency_unique` ON `material_movements` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `material_movements_reverses_unique` ON `material_movements` (`reverses_id`);--> statement-breakpoint
CREATE INDEX `material_movements_kind_day_idx` ON `material_movements` (`kind`,`day`);--> statement-breakpoint
CREATE INDEX `material_movements_day_idx` ON `material_movements` (`day`);--> statement-breakpoint
CREATE INDEX `material_movements_card_idx` ON `material_movements` (`card_id`,`at`);--> statement-breakpoint
CREATE INDEX `material_movements_household_idx` ON `material_movements` (`household_id`,`at`);--> statement-breakpoint
CREATE INDEX `material_movements_actor_day_idx` ON `material_movements` (`actor_id`,`day`);--> statement-breakpoint
CREATE TABLE `material_sale_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`movement_id` integer NOT NULL,
	`item_id` integer,
	`description` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_fen` integer NOT NULL,
	`charged_fen` integer NOT NULL,
	FOREIGN KEY (`movement_id`) REFERENCES `material_movements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `material_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `material_sale_lines_movement_idx` ON `material_sale_lines` (`movement_id`);--> statement-breakpoint
CREATE INDEX `material_sale_lines_item_idx` ON `material_sale_lines` (`item_id`);--> statement-breakpoint
CREATE TABLE `material_sequences` (
	`series` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`series`, `year`)
);
--> statement-breakpoint
CREATE TABLE `material_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`credit_hardship_fen` integer DEFAULT 5000 NOT NULL,
	`credit_extreme_fen` integer DEFAULT 10000 NOT NULL,
	`credit_priority_extra_fen` integer DEFAULT 2000 NOT NULL,
	`credit_ceiling_fen` integer DEFAULT 15000 NOT NULL,
	`grant_ceiling_volunteer_fen` integer DEFAULT 50000 NOT NULL,
	`grant_ceiling_organizer_fen` integer DEFAULT 300000 NOT NULL,
	`grant_ceiling_admin_fen` integer DEFAULT 1000000 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "material_settings_single_row" CHECK("material_settings"."id" = 1),
	CONSTRAINT "material_settings_non_negative" CHECK("material_settings"."credit_hardship_fen" >= 0 AND "material_settings"."credit_extreme_fen" >= 0 AND "material_settings"."credit_priority_extra_fen" >= 0 AND "material_settings"."credit_ceiling_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE `material_stock_moves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`movement_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`unit_fen` integer NOT NULL,
	`reason` text,
	FOREIGN KEY (`item_id`) REFERENCES `material_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`movement_id`) REFERENCES `material_movements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "material_stock_moves_not_zero" CHECK("material_stock_moves"."quantity" <> 0)
);
--> statement-breakpoint
CREATE INDEX `material_stock_moves_item_idx` ON `material_stock_moves` (`item_id`,`movement_id`);--> statement-breakpoint
CREATE INDEX `material_stock_moves_movement_idx` ON `material_stock_moves` (`movement_id`);