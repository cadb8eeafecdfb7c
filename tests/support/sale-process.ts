// A second app process for the card race: sells `count` times on one card through its own database client
// and write queue, all at once. `tsx tests/support/sale-process.ts <db url> <admin id> <card> <fen> <from> <count>`
import { Database, setDatabase } from "#db/client.server";
import { sellOnCard } from "#app/modules/material/till.server";

const [url, adminId, card, fen, from, count] = process.argv.slice(2);
if (!url || !adminId || !card || !fen || !from || !count)
  throw new Error("usage: sale-process <db url> <admin id> <card> <fen> <from> <count>");
const database = new Database({ url, busyTimeoutMs: 60_000 });
setDatabase(database);
const actor = {
  id: Number(adminId),
  role: "admin",
  volunteerTier: null,
  compoundId: null,
  supervisorId: null,
  duties: [],
} as const;
const outcomes = await Promise.allSettled(
  Array.from({ length: Number(count) }, (_, i) =>
    sellOnCard(actor, card, {
      lines: [],
      amountFen: Number(fen),
      idempotencyKey: `proc-${Number(from) + i}`,
      ip: null,
    }),
  ),
);
const failed = outcomes.filter((o) => o.status === "rejected");
for (const f of failed) console.log(String(f.reason));
const values = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
console.log(
  JSON.stringify({
    sold: values.filter((v) => v.ok).length,
    refused: values.filter((v) => !v.ok && v.error === "insufficientBalance").length,
    failed: failed.length + values.filter((v) => !v.ok && v.error !== "insufficientBalance").length,
  }),
);
database.close();
