// Column helpers every domain's tables share.
import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

/** Creation and update times, stored as UTC milliseconds. */
export const timestamps = {
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date()),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date()),
};

/** The SQL list `'a', 'b'` of a code list, for CHECK constraints (codes are our own constants, never input). */
export const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));
