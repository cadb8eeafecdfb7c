// The organizer's cockpit keeps its figures here (decision 038): one row per compound and figure, written by
// the refresh in app/modules/cockpit/kept.server.ts from the fresh count, so a page read is a primary-key read.
// Compound 0 holds the community's total (and what belongs to no compound: the fund, courses held elsewhere).
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const cockpitFigures = sqliteTable(
  "cockpit_figures",
  {
    compoundId: integer("compound_id").notNull(),
    /** A figure's name (`covered`, `creditsIssuedFen`) or a trend's month (`trend.visitsDone.2026-11`). */
    key: text("key").notNull(),
    /** Counts, minutes, milliseconds and fen are integers; null when there is nothing to measure. */
    value: integer("value"),
    computedAt: integer("computed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.compoundId, t.key] })],
);
