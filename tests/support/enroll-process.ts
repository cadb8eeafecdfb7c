// A second app process for the race test: enrolls the given members through its own database client and
// write queue, all at once. `tsx tests/support/enroll-process.ts <database url> <course id> <actor id> <member ids…>`
import { Database, setDatabase } from "#db/client.server";
import { enroll } from "#app/modules/courses/enrollment.server";

const [url, courseId, actorId, ...memberIds] = process.argv.slice(2);
if (!url || !courseId || !actorId)
  throw new Error("usage: enroll-process <db url> <course id> <actor id> <member ids…>");
const database = new Database({ url, busyTimeoutMs: 60_000 });
setDatabase(database);
const outcomes = await Promise.allSettled(
  memberIds.map((id) =>
    enroll({ courseId: Number(courseId), memberId: Number(id), actorId: Number(actorId) }),
  ),
);
const failed = outcomes.filter((o) => o.status === "rejected");
for (const f of failed) console.log(String(f.reason));
console.log(JSON.stringify({ done: outcomes.length, failed: failed.length }));
database.close();
